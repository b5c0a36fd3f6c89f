from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lanzarote.lib.errors import NotAllowed
from lanzarote.parties.services import treaty_status_import
from lanzarote.treaties.models import Treaty


class Command(BaseCommand):
    help = (
        "Import a CSV of treaty status (columns: iso2, status, and optionally signature, deposit, "
        "deposit_kind, entry_into_force, source_url). Every row is checked first; with --dry-run, "
        "or when any row is invalid, nothing changes. Each change is audited under --as."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, help="the CSV file (UTF-8, header line first)")
        parser.add_argument(
            "--treaty",
            default=settings.LANZAROTE_TREATY,
            help=f"treaty code (default {settings.LANZAROTE_TREATY}, LANZAROTE_TREATY)",
        )
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="the Secretariat user the changes are recorded under",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, change nothing"
        )

    def handle(self, *args, csv, treaty, username, dry_run, **options):
        try:
            content = csv.read_bytes()
            treaty_obj = Treaty.objects.get(code=treaty)
            actor = get_user_model().objects.get(username=username)
            report = treaty_status_import(
                treaty=treaty_obj, content=content, actor=actor, dry_run=dry_run
            )
        except OSError as exc:
            raise CommandError(f"cannot read {csv}: {exc.strerror}") from None
        except Treaty.DoesNotExist:
            raise CommandError(f"no treaty with code {treaty!r}") from None
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
        except NotAllowed as exc:
            raise CommandError(str(exc)) from None
        for line, problem in report.errors:
            self.stderr.write(f"{csv}:{line}: {problem}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} problem(s); nothing was changed")
        for row in report.changed_rows:
            changes = ", ".join(
                f"{k}: {a or '—'} → {b or '—'}" for k, (a, b) in row.changes.items()
            )
            self.stdout.write(f"line {row.line} {row.state.iso2}: {changes}")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{len(report.changed_rows)} row(s) {verb}; {len(report.rows)} checked.")
