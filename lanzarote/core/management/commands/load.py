from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lanzarote.core.refdata import load_reference_data
from lanzarote.lib.datafile import DataFileError


class Command(BaseCommand):
    help = (
        "Load the reference data (treaty texts, obligations, States, treaty status) from the "
        "data files shipped with Lanzarote Monitor, and from each --folder given. Idempotent: an "
        "unchanged data set is skipped. An invalid file stops the load and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="reload even if the data files have not changed"
        )
        parser.add_argument(
            "--folder",
            dest="folders",
            action="append",
            type=Path,
            default=[],
            metavar="PATH",
            help="also load the treaty folder PATH (named by its treaty's code, with the files "
            "of lanzarote/data/<code>/); may be given more than once",
        )

    def handle(self, *args, force=False, folders=(), **options):
        try:
            reports = load_reference_data(force=force, folders=folders)
        except DataFileError as exc:
            raise CommandError(f"reference data not loaded, nothing was changed: {exc}") from None
        for report in reports:
            self.stdout.write(report.summary())
