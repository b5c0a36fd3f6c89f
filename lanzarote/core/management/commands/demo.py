from django.core.management.base import BaseCommand

from lanzarote.core.demo import demo_load, demo_remove


class Command(BaseCommand):
    help = (
        "Load fictional demonstration data: two rounds with synthetic replies from Parties and "
        "stakeholders, and demonstration logins to try the workflow. Never loaded by default; "
        "labelled as demonstration data on every page that shows it. --remove takes it out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="password for the demonstration logins "
                            "(default: a random one, printed)")  # fmt: skip
        parser.add_argument("--remove", action="store_true", help="remove the demonstration data")

    def handle(self, *args, password=None, remove=False, **options):
        if remove:
            count = demo_remove()
            self.stdout.write(f"Demonstration data removed ({count} rounds).")
            return
        report = demo_load(password=password)
        if not report.created:
            self.stdout.write("Demonstration data is already loaded (lanzarote demo --remove "
                              "takes it out).")  # fmt: skip
            return
        self.stdout.write("Demonstration data loaded. Logins (all fictional):")
        for username, name in report.logins.items():
            self.stdout.write(f"  {username:<18} {name}")
        self.stdout.write(f"Password for all of them: {report.password}")
