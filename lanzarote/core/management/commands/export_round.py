import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from lanzarote.monitoring.models import Round
from lanzarote.reports.bundle import round_bundle_write


class Command(BaseCommand):
    help = (
        "Write a round's record into one ZIP file for offline use and archiving: its "
        "questionnaires and coding scheme, every submitted reply (JSON and a page to read) with "
        "its documents, the findings with their evidence, the published publications' files, and "
        "a manifest of each file's size and SHA-256. It holds confidential replies: keep it as "
        "you keep the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("uid", help="the round's identifier (as in its address)")
        parser.add_argument("path", type=Path, help="the ZIP file to write")

    def handle(self, *args, uid, path, **options):
        round_ = Round.objects.filter(uid=uid).first()
        if round_ is None:
            known = ", ".join(Round.objects.order_by("uid").values_list("uid", flat=True))
            self.stderr.write(f"No round {uid!r}. Rounds: {known or 'none'}.")
            sys.exit(1)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
        try:
            with os.fdopen(handle, "w+b") as out:
                manifest = round_bundle_write(
                    round_=round_, out=out, exported_by="lanzarote export-round"
                )
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        counts = manifest["counts"]
        self.stdout.write(
            f"Wrote {path}: {counts['replies']} replies, {counts['documents']} documents, "
            f"{counts['findings']} findings, {counts['publications']} publications."
        )
        for name in manifest["missing_files"]:
            self.stderr.write(f"missing: {name} is named by the database but not stored")
