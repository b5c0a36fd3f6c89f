import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lanzarote.core.operations import reminders_due
from lanzarote.monitoring.notifications import reminders_deliver


class Command(BaseCommand):
    help = (
        "E-mail the reminders due today: questionnaire deadlines (14 and 3 days before, and "
        "once passed, to respondents that have not submitted) and follow-up deadlines (the "
        "same, to Parties whose report is awaited). Each reminder is recorded in the audit "
        "trail and never sent twice, so the command can run as often as you like (daily is "
        "enough). --dry-run lists them and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")
        parser.add_argument("--date", help="act as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, dry_run, date, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
        due = reminders_due(today=today)
        if dry_run:
            for reminder in due:
                people = ", ".join(p.email for p in reminder.to)
                self.stdout.write(f"would remind {reminder.label} → {people}")
            self.stdout.write(f"{len(due)} reminder(s) due on {today}; none sent (--dry-run)")
            return
        sent = failed = 0
        for reminder, addresses in reminders_deliver(due):
            if addresses:
                sent += 1
                self.stdout.write(f"reminded {reminder.label} → {', '.join(addresses)}")
            else:
                failed += 1
                self.stderr.write(f"not sent (tried again next run): {reminder.label}")
        self.stdout.write(
            f"{sent} reminder(s) sent on {today}" + (f", {failed} failed" if failed else "")
        )
