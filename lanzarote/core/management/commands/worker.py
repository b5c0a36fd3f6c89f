from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background worker that reads reply documents (django-tasks-db's db_worker). "
        "`lanzarote up` starts one beside the web server; run more for more throughput."
    )

    def handle(self, *args, **options):
        call_command("ingest", resume=True, queue=True)  # what a crash left unfinished
        call_command("db_worker")
