import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from lanzarote.core import operations

from .serve import static_collect


class Command(BaseCommand):
    help = (
        "Set up and start Lanzarote Monitor: migrate the database, load the reference data "
        "(skipped when unchanged), collect static files, then serve. Refuses a data folder whose "
        "database is missing (stored files, a secret key, no database) unless --start-afresh."
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
        parser.add_argument(
            "--start-afresh",
            action="store_true",
            help="when the data folder's database is missing: set its old files and secret key "
            "aside (in <data folder>/set-aside-<time>/) and start with an empty database",
        )

    def handle(self, *args, host, port, no_serve, demo=False, start_afresh=False, **options):
        verbosity = options["verbosity"]
        if refusal := operations.data_folder_refusal():
            if not start_afresh:
                self.stderr.write(refusal)
                sys.exit(1)
            aside = operations.data_folder_set_aside()
            self.stdout.write(f"Started afresh: the old files and secret key are in {aside}")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        operations.database_marker_write()
        call_command("load", verbosity=verbosity)
        if demo:
            call_command("demo", verbosity=verbosity)
        if no_serve:
            static_collect()
        else:
            call_command("serve", host=host, port=port)
