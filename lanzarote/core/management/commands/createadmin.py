import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lanzarote.accounts.services import AccountError, admin_create


class Command(BaseCommand):
    help = (
        "Create a Secretariat administrator who can log in at /admin/ to correct treaty and "
        "status data. The password is asked for, or read from LANZAROTE_ADMIN_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="login name")
        parser.add_argument("--email", default="", help="e-mail address")

    def handle(self, *args, username, email, **options):
        password = os.getenv("LANZAROTE_ADMIN_PASSWORD")
        if not password:
            if not os.isatty(0):
                raise CommandError("no terminal: set LANZAROTE_ADMIN_PASSWORD to give the password")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ; nothing was created")
        try:
            validate_password(password)
            admin_create(
                username=username, email=email, password=password, actor="lanzarote createadmin"
            )
        except ValidationError as exc:
            raise CommandError("password refused: " + " ".join(exc.messages)) from None
        except AccountError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Administrator {username!r} created; log in at /admin/.")
