import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from lanzarote.core import backup, operations


class Command(BaseCommand):
    help = (
        "Restore a backup made by `lanzarote backup` into this data folder's database (SQLite or "
        "PostgreSQL, whichever the backup came from) and its storage. Stop the server and the "
        "worker first. Every table and file is checked against the backup's manifest before "
        "anything is kept; the database is written in one transaction. Refuses a database that "
        "holds data unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace everything the database holds with the backup",
        )

    def handle(self, *args, path, replace=False, **options):
        from django.conf import settings

        try:
            lock = operations.worker_lock(Path(settings.DATA_DIR))
        except operations.WorkerAlreadyRunning as running:
            self.stderr.write(
                f"A worker is running for this data folder (pid {running.pid}): stop the "
                "server and its worker before restoring."
            )
            sys.exit(3)
        try:
            report = backup.restore(
                path=path,
                replace=replace,
                progress=self.stdout.write if options["verbosity"] > 1 else None,
            )
        except backup.BackupError as exc:
            self.stderr.write(f"Nothing was restored: {exc}.")
            sys.exit(1)
        finally:
            os.close(lock)
        self.stdout.write(
            f"Restored {report.rows} rows and {report.files} stored files from {path} (taken "
            f"{report.created_at} on {report.engine}) in {report.seconds:.1f} s."
        )
