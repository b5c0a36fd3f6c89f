"""search() at 1,000,000 passages, next to the bare FTS5 query on the same index, same run.

Run (about 3 minutes to build the index; SQLite):
    LANZAROTE_DATA_DIR=/tmp/bench-million .venv/bin/lanzarote migrate
    LANZAROTE_DATA_DIR=/tmp/bench-million .venv/bin/python benchmarks/search_million.py [N]
The passages are synthetic sentences from a small policy vocabulary, so common words ("child")
occur in most of them, as in real replies. Half belong to a reply the anonymous reader may not
see: search() must leave them out before ranking; the bare query does not filter at all.
"""

import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from lanzarote.lib.query import parse  # noqa: E402
from lanzarote.lib.text import fold_words  # noqa: E402
from lanzarote.search.models import SearchEntry  # noqa: E402
from lanzarote.search.selectors import search  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
VOCABULARY = ["child", "children", "protection", "abuse", "exploitation", "training", "police", "prosecutor", "judge", "helpline", "reporting", "victim", "support", "school", "teacher", "online", "images", "coercion", "jurisdiction", "cooperation", "data", "collection", "awareness", "prevention", "offender", "enfant", "enfants", "protection", "abus", "formation", "police", "signalement", "victime", "école", "enseignant", "images", "coercition", "compétence", "coopération", "données", "sensibilisation", "prévention", "auteur"]  # fmt: skip
QUERIES = ["child", "helpline", '"online images"', "coercion OR coercition", "training -police",
           "signalement", "victim*", "judge prosecutor", "sensibilisation", "offender"]  # fmt: skip


def build() -> None:
    if SearchEntry.objects.filter(kind="passage").count() >= N:
        return
    from lanzarote.core.demo import demo_load
    from lanzarote.replies.models import Reply

    if not Reply.objects.exists():
        from lanzarote.core.refdata import load_reference_data

        load_reference_data()
        demo_load(password="benchmark")
    public = Reply.objects.filter(questionnaire__uid="demo-published-questionnaire",
                                  party__iso2="FR").get()  # fmt: skip
    hidden = Reply.objects.filter(questionnaire__uid="demo-open-questionnaire").first()
    rng = random.Random(11)
    batch = []
    started = time.perf_counter()
    for i in range(N):
        text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(20, 60)))
        batch.append(SearchEntry(kind="passage", ref=f"bench:{i}", scope="bench", lang="en",
                                 title="bench", text=text, norm=fold_words(text),
                                 reply=public if i % 2 else hidden))  # fmt: skip
        if len(batch) == 20_000:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch)
            batch = []
            print(f"\r{i + 1:,} passages ({time.perf_counter() - started:.0f} s)", end="")
    if batch:
        with transaction.atomic():
            SearchEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
    print()


def bare(text: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s "
                       "ORDER BY rank LIMIT 50", [parse(text).fts5()])  # fmt: skip
        cursor.fetchall()


def timed(fn, rounds: int = 5) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        for text in QUERIES:
            start = time.perf_counter()
            fn(text)
            samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95)] * 1000


if __name__ == "__main__":
    assert connection.vendor == "sqlite", "this benchmark compares against bare FTS5"
    build()
    for fn in (bare, lambda t: search(text=t, viewer=None)):
        fn(QUERIES[0])  # warm the page cache
    b50, b95 = timed(bare)
    s50, s95 = timed(lambda t: search(text=t, viewer=None))
    print(f"{SearchEntry.objects.count():,} entries")
    print(f"bare FTS5   p50 {b50:8.2f} ms  p95 {b95:8.2f} ms")
    print(f"search()    p50 {s50:8.2f} ms  p95 {s95:8.2f} ms")
    print(f"ratio       p50 {s50 / b50:.1f}x  p95 {s95 / b95:.1f}x")
