from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Set up and start Lanzarote Monitor: migrate the database, load the reference data "
        "(skipped when unchanged), collect static files, then serve."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="also load the fictional demonstration data (see `lanzarote demo`)",
        )

    def handle(self, *args, host, port, no_serve, demo=False, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("load", verbosity=verbosity)
        if demo:
            call_command("demo", verbosity=verbosity)
        if no_serve:
            call_command("collectstatic", interactive=False, verbosity=0)
        else:
            call_command("serve", host=host, port=port)
