"""Reading a 500-page criminal code end to end for a legal self-assessment, next to bare text
extraction plus embedding of the same units in the same run.

Run: LANZAROTE_DATA_DIR=/tmp/bench-legislation .venv/bin/lanzarote up --no-serve
     LANZAROTE_DATA_DIR=/tmp/bench-legislation LANZAROTE_EMBEDDINGS=1 \
         .venv/bin/python benchmarks/legislation.py

The code is generated: real statute extracts (tests/statutes.py, Canada's Criminal Code ss. 163.1
and 172.1, copied from their sources) repeated with their sections renumbered 1, 2, 3…, six
sections a page, 500 pages. "End to end" is legislation.reading.act_read: check the stored file,
extract every page, detect the language, cut into units, link every section to the obligations
element by element (the shipped embedding model on), store units, links and element checks.
"Baseline" is what any reader of the same file must do at least: pypdfium2 text extraction of
every page plus embedding every section's text with the same model. Peak memory is the process's
maximum resident set size (it only grows: the end-to-end run is measured first, in a fresh
process per round would be better; see docs/performance.md).
"""

import hashlib
import os
import re
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

import pypdfium2 as pdfium  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from lanzarote.legislation.models import Act, SelfAssessment  # noqa: E402
from lanzarote.legislation.reading import act_read  # noqa: E402
from lanzarote.lib.embed import embedder  # noqa: E402
from lanzarote.lib.storage import store_file  # noqa: E402
from lanzarote.parties.models import State  # noqa: E402
from lanzarote.treaties.models import Treaty  # noqa: E402
from tests.pdfgen import make_pdf  # noqa: E402
from tests.statutes import CANADA_163_1, CANADA_172_1  # noqa: E402

PAGES, PER_PAGE = 500, 6
NUMBER = re.compile(r"^(163\.1|172\.1) ")


def code() -> bytes:
    extracts = [CANADA_163_1, CANADA_172_1]
    pages, n = [], 0
    for _ in range(PAGES):
        lines = []
        for _ in range(PER_PAGE):
            n += 1
            extract = extracts[n % 2]
            lines += [extract[0]] + [NUMBER.sub(f"{n} ", line) for line in extract[1:]]
        pages.append(lines)
    return make_pdf(pages, title="Generated criminal code")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def end_to_end(data: bytes) -> tuple[float, int]:
    user, _ = get_user_model().objects.get_or_create(username="benchmark-legislation")
    assessment = SelfAssessment.objects.create(
        treaty=Treaty.objects.get(code="cets201"),
        state=State.objects.get(iso2="CA"),
        title="Benchmark",
        owner=user,
    )
    digest = hashlib.sha256(data).hexdigest()
    name = f"legislation/{digest[:2]}/{digest}.pdf"
    store_file(name=name, data=data, sha256=digest)
    act = Act.objects.create(
        assessment=assessment,
        title="Generated criminal code",
        original_name="code.pdf",
        sha256=digest,
        file=name,
        kind="pdf",
        size=len(data),
    )
    started = time.perf_counter()
    act = act_read(act_id=act.pk)
    elapsed = time.perf_counter() - started
    assert act.status == "ready", act.error
    units = act.units_total
    assessment.delete()
    return elapsed, units


def baseline(data: bytes, sections: int) -> float:
    started = time.perf_counter()
    document = pdfium.PdfDocument(data)
    texts = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    text = "\n".join(texts)
    # the same number of units, of the same sizes: the text cut into `sections` equal parts
    size = max(1, len(text) // sections)
    units = [text[i : i + size] for i in range(0, len(text), size)][:sections]
    model = embedder()
    for start in range(0, len(units), 64):
        model.passages(units[start : start + 64])
    return time.perf_counter() - started


def main() -> None:
    data = code()
    print(f"generated: {PAGES} pages, {PAGES * PER_PAGE} sections, {len(data) / 2**20:.1f} MB")
    elapsed, units = end_to_end(data)
    peak = rss_mb()
    print(f"end to end: {elapsed:.1f} s for {units} provisions, peak RSS {peak:.0f} MB")
    bare = baseline(data, units)
    print(f"baseline (extraction + embedding of the same units): {bare:.1f} s")
    print(f"ratio: {elapsed / bare:.2f}x the baseline; peak RSS after both {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
