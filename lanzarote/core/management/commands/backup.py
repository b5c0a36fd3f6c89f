import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from lanzarote.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the stored files into one ZIP file while the site runs: every "
        "table read at one moment (a read transaction), the files the database names, and a "
        "manifest of counts and SHA-256 hashes. Restores on SQLite or PostgreSQL "
        "(`lanzarote restore`). PATH defaults to <data folder>/backups/lanzarote-<time>.zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="the backup file to write")

    def handle(self, *args, path=None, **options):
        verbose = options["verbosity"] > 1
        try:
            report = backup.backup_write(
                path=path or backup.default_backup_path(),
                progress=self.stdout.write if verbose else None,
            )
        except backup.BackupError as exc:
            self.stderr.write(f"No backup was taken: {exc}.")
            sys.exit(1)
        for name in report.missing:
            self.stderr.write(f"missing: {name} is named by the database but not stored")
        self.stdout.write(
            f"Backed up {report.rows} rows and {report.files} stored files to {report.path} "
            f"({report.size / 1e6:.1f} MB, {report.seconds:.1f} s)."
        )
