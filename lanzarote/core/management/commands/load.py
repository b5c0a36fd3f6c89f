from django.core.management.base import BaseCommand, CommandError

from lanzarote.core.refdata import load_reference_data
from lanzarote.lib.datafile import DataFileError


class Command(BaseCommand):
    help = (
        "Load the reference data (treaty texts, obligations, States, treaty status) from the "
        "data files shipped with Lanzarote Monitor. Idempotent: an unchanged data set is skipped. "
        "An invalid file stops the load and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="reload even if the data files have not changed"
        )

    def handle(self, *args, force=False, **options):
        try:
            reports = load_reference_data(force=force)
        except DataFileError as exc:
            raise CommandError(f"reference data not loaded, nothing was changed: {exc}") from None
        for report in reports:
            self.stdout.write(report.summary())
