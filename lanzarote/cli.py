"""The ``lanzarote`` command: Django's management commands with Lanzarote Monitor's settings."""

import os
import sys

COMMANDS = {
    "up": "migrate, load reference data, collect static files and serve (--host, --port)",
    "serve": "serve with gunicorn and the background worker (--host, --port, --workers)",
    "worker": "run the background worker that reads reply documents",
    "ingest": "read reply documents now, with a progress bar (--document N, --resume)",
    "evaluate": "measure machine assistance on a labelled set (evaluate linking|assistance [PATH])",
    "load": "load or refresh the reference data (--force)",
    "createadmin": "create a Secretariat administrator for /admin/",
    "demo": "load (or --remove) fictional demonstration rounds, replies and logins",
    "import_status": "import a CSV of treaty status (--dry-run reports every bad row)",
    "remind": "e-mail the deadline and follow-up reminders due today, once each (--dry-run)",
    "migrate": "bring the database schema up to date",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
    if len(argv) < 2 or (argv[1] in ("-h", "--help", "help") and len(argv) == 2):
        print("usage: lanzarote <command> [options]   (lanzarote <command> --help for details)\n")
        print("Commands:")
        for name, text in COMMANDS.items():
            print(f"  {name:<14} {text}")
        print("\nEvery Django management command is available too (lanzarote help --commands).")
        print("Data folder: LANZAROTE_DATA_DIR (default ./var); DATABASE_URL for PostgreSQL.")
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
