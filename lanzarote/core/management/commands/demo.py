from django.core.management.base import BaseCommand, CommandError

from lanzarote.core.demo import DemoRefused, demo_load, demo_remove


class Command(BaseCommand):
    help = (
        "Load fictional demonstration data: two rounds with synthetic replies from Parties and "
        "stakeholders, and demonstration logins to try the workflow. Never loaded by default; "
        "labelled as demonstration data on every page that shows it. --remove takes it out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="password for the demonstration logins (default: a random one, printed)",
        )
        parser.add_argument("--remove", action="store_true", help="remove the demonstration data")
        parser.add_argument(
            "--alongside-real-data",
            action="store_true",
            help="load it even though the site holds real replies: the demonstration logins "
            "then exist next to real work (they read and change demonstration data only)",
        )

    def handle(self, *args, password=None, remove=False, alongside_real_data=False, **options):
        if remove:
            count = demo_remove()
            self.stdout.write(f"Demonstration data removed ({count} rounds).")
            return
        try:
            report = demo_load(password=password, alongside_real_data=alongside_real_data)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        if not report.created:
            self.stdout.write(
                "Demonstration data is already loaded (lanzarote demo --remove takes it out)."
            )
            return
        self.stdout.write("Demonstration data loaded. Logins (all fictional):")
        for username, name in report.logins.items():
            self.stdout.write(f"  {username:<18} {name}")
        self.stdout.write(f"Password for all of them: {report.password}")
