"""search() at 1,000,000 passages, next to the bare FTS5 query on the same index, same run.

Run (a few minutes to build the index; SQLite):
    LANZAROTE_DATA_DIR=/tmp/bench-million .venv/bin/lanzarote up --no-serve
    LANZAROTE_DATA_DIR=/tmp/bench-million .venv/bin/python benchmarks/search_million.py [N]
The passages are synthetic, drawn word by word from a Zipf distribution over a realistic
vocabulary: the words of the Convention's English and French text ranked by how often they occur
there, followed by a long tail of 50,000 rarer word forms (names, numbers, technical terms). So
"child" or "enfant" occur in most passages, as in real replies, and most words are rare. Half the
passages belong to a reply the anonymous reader may not see: search() must leave them out before
ranking; the bare query does not filter at all.
"""

import itertools
import os
import random
import statistics
import sys
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from lanzarote.lib.bulk import insert_rows  # noqa: E402
from lanzarote.lib.query import parse  # noqa: E402
from lanzarote.search.models import SearchEntry  # noqa: E402
from lanzarote.search.selectors import search  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
TAIL, ZIPF = 50_000, 1.07
# Common, middling and rare words; a phrase, OR, NOT, a prefix; English and French.
QUERIES = [
    "child",
    "enfant",
    "helpline",
    '"sexual abuse"',
    "coercion OR coercition",
    "training -police",
    "signalement",
    "victim*",
    "judicial proceedings",
    "sensibilisation",
    "offender",
    "jurisdiction",
]


def vocabulary(lang: str) -> tuple[list[str], list[float]]:
    """The treaty's words by frequency, then the tail; cumulative Zipf weights."""
    counts: Counter[str] = Counter()
    for norm in SearchEntry.objects.filter(kind="provision", lang=lang).values_list(
        "norm", flat=True
    ):
        counts.update(norm.split())
    words = [w for w, _ in counts.most_common()] + [f"{lang}t{n}" for n in range(TAIL)]
    return words, list(itertools.accumulate(1 / (rank + 1) ** ZIPF for rank in range(len(words))))


def build() -> None:
    if SearchEntry.objects.filter(kind="passage").count() >= N:
        return
    from lanzarote.core.demo import demo_load
    from lanzarote.replies.models import Reply

    if not Reply.objects.exists():
        demo_load(password="benchmark")
    public = Reply.objects.filter(
        questionnaire__uid="demo-published-questionnaire", party__iso2="FR"
    ).get()
    hidden = Reply.objects.filter(questionnaire__uid="demo-open-questionnaire").first()
    assert hidden is not None
    vocabularies = {lang: vocabulary(lang) for lang in ("en", "fr")}
    rng = random.Random(11)
    rows = []
    started = time.perf_counter()
    fields = ["kind", "ref", "scope", "lang", "title", "text", "norm", "reply_id"]
    for i in range(N):
        lang = "fr" if i % 8 in (0, 3) else "en"  # a quarter French, public and hidden alike
        words, weights = vocabularies[lang]
        text = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(20, 60)))
        reply = public if i % 2 else hidden
        rows.append(("passage", f"bench:{i}", "bench", lang, "bench", text, text, reply.pk))
        if len(rows) == 20_000:
            with transaction.atomic():
                insert_rows(SearchEntry, fields, rows)
            rows = []
            print(f"\r{i + 1:,} passages ({time.perf_counter() - started:.0f} s)", end="")
    if rows:
        with transaction.atomic():
            insert_rows(SearchEntry, fields, rows)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
    print()


def bare(text: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s "
            "ORDER BY rank LIMIT 50",
            [parse(text).fts5()],
        )
        cursor.fetchall()


def timed(fn, rounds: int = 5) -> tuple[float, float, dict[str, float]]:
    samples, by_query = [], {}
    for text in QUERIES:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - start)
        by_query[text] = statistics.median(times) * 1000
        samples += times
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95)] * 1000, by_query


if __name__ == "__main__":
    assert connection.vendor == "sqlite", "this benchmark compares against bare FTS5"
    build()
    for fn in (bare, lambda t: search(text=t, viewer=None)):
        fn(QUERIES[0])  # warm the page cache
    b50, b95, bare_by_query = timed(bare)
    s50, s95, search_by_query = timed(lambda t: search(text=t, viewer=None))
    print(f"{SearchEntry.objects.count():,} entries")
    for text in QUERIES:
        matches = search(text=text, viewer=None, limit=1).total
        print(
            f"  {text:24} bare {bare_by_query[text]:8.1f} ms  search() "
            f"{search_by_query[text]:8.1f} ms  {matches:>9,} visible matches"
        )
    print(f"bare FTS5   p50 {b50:8.2f} ms  p95 {b95:8.2f} ms")
    print(f"search()    p50 {s50:8.2f} ms  p95 {s95:8.2f} ms")
    print(f"ratio       p50 {s50 / b50:.2f}x  p95 {s95 / b95:.2f}x")
