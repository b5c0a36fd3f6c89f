"""search() over the treaty text, next to the bare FTS5 query on the same index, same run.

Run: LANZAROTE_DATA_DIR=/tmp/bench .venv/bin/lanzarote up --no-serve
     LANZAROTE_DATA_DIR=/tmp/bench .venv/bin/python benchmarks/search_treaty.py
Prints p50/p95 per side and their ratio (search() includes parsing, the count, loading the
entries and highlighting; the bare query is the MATCH with ORDER BY rank alone).
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

from django.db import connection  # noqa: E402

from lanzarote.lib.query import parse  # noqa: E402
from lanzarote.search.selectors import search  # noqa: E402

QUERIES = [
    "child",
    "enfant",
    '"child pornography"',
    "pornograph*",
    "victim OR witness",
    "jurisdiction -nationals",
    "État",
    "sexual abuse",
    '"sans droit"',
    "prosecution",
]
ROUNDS = 200


def bare(text):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s "
            "ORDER BY rank LIMIT 50",
            [parse(text).fts5()],
        )
        return cursor.fetchall()


def timed(fn):
    samples = []
    for _ in range(ROUNDS):
        for text in QUERIES:
            start = time.perf_counter()
            fn(text)
            samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95)] * 1000


if __name__ == "__main__":
    assert connection.vendor == "sqlite", "this benchmark compares against bare FTS5"
    timed(bare), timed(lambda t: search(text=t))  # warm up
    b50, b95 = timed(bare)
    s50, s95 = timed(lambda t: search(text=t))
    print(f"bare FTS5   p50 {b50:.3f} ms  p95 {b95:.3f} ms")
    print(f"search()    p50 {s50:.3f} ms  p95 {s95:.3f} ms")
    print(f"ratio       p50 {s50 / b50:.1f}x  p95 {s95 / b95:.1f}x")
