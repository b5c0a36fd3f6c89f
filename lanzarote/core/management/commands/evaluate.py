import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lanzarote.assessments.assist import evaluation as assist_eval
from lanzarote.core.refdata import DATA_DIR
from lanzarote.legislation import evaluation as legislation_eval
from lanzarote.replies import linking_eval as evaluation


class Command(BaseCommand):
    help = (
        "Measure machine assistance against a labelled set. `lanzarote evaluate linking [PATH]` "
        "prints the precision and recall of passage-to-question links on the labelled replies "
        "shipped in lanzarote/data/evaluation/linking; `lanzarote evaluate assistance [PATH]` "
        "prints evidence recall@5, value accuracy and calibration of the indicator proposals "
        "(hybrid and keyword baseline, English and French) on the labelled set shipped in "
        "lanzarote/data/evaluation/assistance; `lanzarote evaluate legislation [PATH]` prints "
        "article and item recall, precision, negatives left unlinked and calibration of the "
        "statute-to-obligation links (engine, keyword and embedding baselines, English and "
        "French) on the JSON Lines sets in lanzarote/data/evaluation/legislation. PATH: a set "
        "in the same format, a file or a folder (see its README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "what", choices=["linking", "assistance", "legislation"], help="what to evaluate"
        )
        parser.add_argument(
            "--shipped-scheme",
            action="store_true",
            help="assistance: use the labels, descriptions and key phrases of the indicators "
            "shipped in the treaty's data (indicators.json) instead of the set's own",
        )
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help=(
                f"labelled set (default {evaluation.DEFAULT_DIR} for linking, "
                f"{assist_eval.DEFAULT_DIR} for assistance, "
                f"{legislation_eval.DEFAULT_DIR} for legislation)"
            ),
        )

        parser.add_argument(
            "--misses",
            type=int,
            default=0,
            help="legislation: list this many of the engine's misses per set",
        )

    def handle(self, *args, what, path=None, shipped_scheme=False, misses=0, **options):
        if what == "legislation":
            self._legislation(path, misses)
            return
        module = assist_eval if what == "assistance" else evaluation
        try:
            if path is None or path.is_dir():
                sets = module.load_sets(path or module.DEFAULT_DIR)
            else:
                sets = [module.load_set(path)]
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the labelled set: {exc}") from None
        if what == "linking":
            self.stdout.write(evaluation.report(evaluation.evaluate(sets)))
            return
        if shipped_scheme:
            sets = [_with_shipped_scheme(s) for s in sets]
        started = time.perf_counter()
        scores = assist_eval.evaluate(
            sets, cache_dir=assist_eval.DEFAULT_CACHE, progress=self._progress
        )
        self.stdout.write(assist_eval.report(scores))
        self.stdout.write(f"\n{time.perf_counter() - started:.1f} s")

    def _legislation(self, path: Path | None, misses: int) -> None:
        try:
            sets = legislation_eval.load_sets(path or legislation_eval.DEFAULT_DIR)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the labelled set: {exc}") from None
        started = time.perf_counter()
        scores = legislation_eval.evaluate(sets)
        self.stdout.write(legislation_eval.report(scores, misses=misses))
        self.stdout.write(f"\n{time.perf_counter() - started:.1f} s")

    def _progress(self, done: int, total: int) -> None:
        """Embedding the texts not yet in the vector cache takes a while the first time."""
        sys.stderr.write(f"\rembedding passages: {done}/{total}")
        if done == total:
            sys.stderr.write("\n")


def _with_shipped_scheme(labelled):
    """The set with its indicators described as the shipped coding scheme describes them (the
    set's values and questions kept): what the product itself proposes with."""
    import dataclasses
    import json

    shipped = {}
    for path in DATA_DIR.glob("*/indicators.json"):
        for scheme in json.loads(path.read_text())["schemes"]:
            shipped.update({i["code"]: i for i in scheme["indicators"]})
    indicators = []
    for indicator in labelled.indicators:
        entry = shipped.get(indicator.code)
        if entry is None:
            raise CommandError(f"no shipped indicator {indicator.code!r}")
        indicators.append(
            dataclasses.replace(
                indicator,
                labels={"en": entry["label_en"], "fr": entry.get("label_fr", "")},
                descriptions={
                    "en": entry.get("description_en", ""),
                    "fr": entry.get("description_fr", ""),
                },
                keywords={
                    "en": tuple(entry.get("keywords_en", [])),
                    "fr": tuple(entry.get("keywords_fr", [])),
                },
            )
        )
    return dataclasses.replace(
        labelled, indicators=tuple(indicators), name=f"{labelled.name} (shipped scheme)"
    )
