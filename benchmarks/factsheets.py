"""All country factsheets — 48 Parties, English and French, HTML + PDF + DOCX + XLSX — through the
publishing pipeline, next to WeasyPrint rendering the same HTML alone, in the same run. Each side
runs in a fresh process so that its peak memory (ru_maxrss) is its own; each also reports the
CPU time its process spent, which another busy process on the machine inflates less than the
wall-clock time.

Run: LANZAROTE_DATA_DIR=/tmp/bench-factsheets .venv/bin/lanzarote up --no-serve
     LANZAROTE_DATA_DIR=/tmp/bench-factsheets .venv/bin/python benchmarks/factsheets.py [RUNS]
(RUNS pairs, 5 by default, alternating the two sides.)
The findings are synthetic: every Party assessed on most of the 11 indicators of the ICT round,
each finding with a rationale and two quoted passages.
"""

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()


def prepare() -> None:
    from lanzarote.assessments.models import Evidence, Finding
    from lanzarote.monitoring.models import CodingScheme
    from lanzarote.parties.models import State

    scheme = CodingScheme.objects.get(round__uid="round-2")
    if Finding.objects.filter(indicator__scheme=scheme).count() > 300:
        return
    rng = random.Random(2)
    for state in State.objects.all():
        for indicator in scheme.indicators.all():
            if rng.random() < 0.85:
                finding = Finding.objects.create(
                    indicator=indicator,
                    party=state,
                    scheme_version=1,
                    status="adopted",
                    value=rng.choice(["yes", "partly", "no", "not_reported"]),
                    rationale="Synthetic rationale: what the reply says, and where.",
                )
                for page in (3, 17):
                    Evidence.objects.create(
                        finding=finding,
                        source=f"{state.name_en} – synthetic reply, p. {page}",
                        quote="Synthetic quoted passage on the law and practice of the Party, "
                        "long enough to wrap over two lines of the factsheet.",
                    )


def child(what: str) -> None:
    from lanzarote.lib.pdf import html_to_pdf
    from lanzarote.monitoring.models import Round
    from lanzarote.parties.models import State
    from lanzarote.reports.factsheet import factsheet_build
    from lanzarote.reports.models import Publication
    from lanzarote.reports.renderers import Edition, html

    round_ = Round.objects.get(uid="round-2")
    # A worker renders publications for as long as it runs: the libraries are imported once per
    # process (WeasyPrint 0.6 s; python-docx and openpyxl 0.25 s), so both sides import theirs
    # before the clock and the ratio is that of the steady state.
    import weasyprint  # noqa: F401

    if what == "pipeline":
        import docx  # noqa: F401
        import openpyxl  # noqa: F401
    if what == "bare":
        scheme = round_.scheme
        parties = State.objects.filter(findings__indicator__scheme=scheme).distinct()
        htmls = [
            html.text(
                Edition(
                    kind="country",
                    data=factsheet_build(scheme=scheme, party=p, lang=lang),
                    version=1,
                    demo=False,
                    stem="",
                ),
                lang,
            )
            for p in parties
            for lang in ("en", "fr")
        ]
        start, cpu = time.perf_counter(), time.process_time()
        for page in htmls:
            html_to_pdf(page)
        count = len(htmls)
    else:
        from django.contrib.auth import get_user_model
        from django.test.utils import override_settings

        from lanzarote.accounts.models import Profile
        from lanzarote.reports import services

        # through override_settings: the task backends are built when a task is declared (the
        # render task is declared in reports/services.py, imported with the apps), and are
        # rebuilt on the setting_changed signal that a plain assignment does not send
        override_settings(
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
        ).enable()
        actor, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
        Profile.objects.get_or_create(user=actor, defaults={"role": Profile.Role.SECRETARIAT})
        start, cpu = time.perf_counter(), time.process_time()
        services.country_factsheets_draft(round_=round_, actor=actor)
        made = services.drafts_publish(round_=round_, actor=actor)
        count = len(made)
        assert all(
            p.status == "published" for p in Publication.objects.filter(pk__in=[m.pk for m in made])
        )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak, "count": count}))


def measure(what: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, what], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(repeat: int) -> None:
    """Each side ``repeat`` times, alternately (a slow moment of the machine falls on both);
    the medians and the median of the pairs' ratios are what is reported."""
    import statistics

    prepare()
    pairs = [(measure("bare"), measure("pipeline")) for _ in range(repeat)]
    print(f"{pairs[0][0]['count']} factsheets (48 Parties x 2 languages), {repeat} runs a side")
    for i, (bare, pipeline) in enumerate(pairs, start=1):
        print(
            f"  run {i}: WeasyPrint alone {bare['seconds']:5.1f} s, pipeline "
            f"{pipeline['seconds']:5.1f} s, {pipeline['seconds'] / bare['seconds'] - 1:+.0%}"
        )
    for name, index in (("WeasyPrint alone, PDF only  ", 0), ("pipeline, 4 formats, stored", 1)):
        side = [pair[index] for pair in pairs]
        print(
            f"{name} {statistics.median(s['seconds'] for s in side):6.1f} s (CPU "
            f"{statistics.median(s['cpu_seconds'] for s in side):5.1f} s)  peak "
            f"{max(s['peak_mb'] for s in side):5.0f} MB"
        )
    ratios = [p["seconds"] / b["seconds"] - 1 for b, p in pairs]
    cpu = [p["cpu_seconds"] / b["cpu_seconds"] - 1 for b, p in pairs]
    print(
        f"overhead, median of the runs {statistics.median(ratios):+.0%} "
        f"(CPU {statistics.median(cpu):+.0%}; runs from {min(ratios):+.0%} to {max(ratios):+.0%})"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("bare", "pipeline"):
        child(sys.argv[1])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
