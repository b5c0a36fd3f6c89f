"""The ``lanzarote`` command: Django's management commands with Lanzarote Monitor's settings."""

import errno
import os
import sys
import tempfile
from pathlib import Path

COMMANDS = {
    "up": "migrate, load reference data, collect static files and serve (--host, --port)",
    "serve": "serve with gunicorn and the background worker (--host, --port, --workers)",
    "worker": "run the background worker (documents, publications); one per data folder",
    "status": "the background worker's state and its queue",
    "ingest": "read reply documents now, with a progress bar (--document N, --resume)",
    "evaluate": "measure machine assistance on a labelled set (evaluate linking|assistance|legislation [PATH])",
    "load": "load or refresh the reference data (--force, --folder PATH)",
    "createadmin": "create a Secretariat administrator for /admin/",
    "demo": "load (or --remove) fictional demonstration rounds, replies and logins",
    "import_status": "import a CSV of treaty status (--dry-run reports every bad row)",
    "remind": "e-mail the deadline and follow-up reminders due today, once each (--dry-run)",
    "backup": "back up the database and stored files while the site runs (PATH)",
    "export-round": "a round's replies, documents, findings and publications in one ZIP (UID PATH)",
    "restore": "restore a backup into an empty database (--replace for one holding data)",
    "migrate": "bring the database schema up to date",
}


# Commands named with a hyphen on the command line; Django's are module names.
ALIASES = {"export-round": "export_round"}

# Commands that need a data folder they can write to; checked before Django starts (the settings
# write the secret key there), so that a bad folder gives one line, not a traceback.
STARTS = ("up", "serve", "worker")


def data_folder_problem(command: str) -> str | None:
    """What is wrong with the data folder, in one sentence an operator can act on, or None."""
    folder = Path(os.getenv("LANZAROTE_DATA_DIR", "var")).resolve()
    where = "set LANZAROTE_DATA_DIR to the folder that holds the database"
    if not folder.exists():
        if command != "up":
            return (
                f"the data folder {folder} does not exist: run `lanzarote up` to create it, "
                f"or {where}"
            )
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            return f"cannot create the data folder {folder}: {exc.strerror}; create it, or {where}"
    if not folder.is_dir():
        return f"the data folder {folder} is not a folder; {where}"
    for place in (folder, folder / "files"):
        if not place.is_dir():
            continue
        try:
            with tempfile.TemporaryFile(dir=place) as probe:
                probe.write(b"lanzarote")
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                return (
                    f"the disk of the data folder {place} is full: free some space "
                    "(`df -h` shows it), then start again"
                )
            return (
                f"cannot write in the data folder {place} ({exc.strerror}): make it writable "
                f"by this user (uid {os.getuid()}), or {where}"
            )
    return None


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
    checked = argv[1] in STARTS and not {"-h", "--help"} & set(argv[2:])
    if checked and (problem := data_folder_problem(argv[1])):
        sys.stderr.write(f"lanzarote: {problem}\n")
        sys.exit(1)
    argv[1] = ALIASES.get(argv[1], argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
