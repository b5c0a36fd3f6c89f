from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lanzarote.lib.evaluation import DEFAULT_DIR, evaluate, load_set, load_sets, report


class Command(BaseCommand):
    help = (
        "Measure machine assistance against a labelled set. `lanzarote evaluate linking [PATH]` "
        "prints the precision and recall of passage-to-question links on the labelled replies "
        "shipped in lanzarote/data/evaluation/linking (or on PATH: a set in the same format, a "
        "file or a folder; see its README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["linking"], help="what to evaluate")
        parser.add_argument(
            "path", nargs="?", type=Path, help=f"labelled set (default {DEFAULT_DIR})"
        )

    def handle(self, *args, what, path=None, **options):
        try:
            if path is None:
                sets = load_sets(DEFAULT_DIR)
            elif path.is_dir():
                sets = load_sets(path)
            else:
                sets = [load_set(path)]
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the labelled set: {exc}") from None
        self.stdout.write(report(evaluate(sets)))
