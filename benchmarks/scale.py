"""The list pages and search on a record at scale (tools/scale_world.py): their queries and times.

Run (the full scale, 1,000,000 passages, takes long to build; SQLite or DATABASE_URL):
    LANZAROTE_DATA_DIR=/tmp/bench-scale .venv/bin/lanzarote up --no-serve
    LANZAROTE_DATA_DIR=/tmp/bench-scale .venv/bin/python benchmarks/scale.py \
        --states 200 --rounds 10 --questions 200 --passages 500
Building is resumable: run again with the same sizes and it adds what is missing. Each page is
read through Django's test client, as the Secretariat (or anonymously), 5 times after a warm-up:
queries and the median time. `search()` is compared with the bare full-text query on the same
index (SQLite FTS5), as benchmarks/search_million.py does.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from tests.test_scale_world import _pages  # noqa: E402
from tools.scale_world import scale_build  # noqa: E402

QUERIES = ["training", "formation", "helpline OR police", '"social services"', "victim*"]


def timed_page(client, url: str) -> tuple[int, float, int]:
    client.get(url)
    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return len(captured), statistics.median(times) * 1000, len(response.content)


def search_ratio() -> None:
    from lanzarote.lib.query import parse
    from lanzarote.search.selectors import search

    def bare(text: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s "
                "ORDER BY rank LIMIT 50",
                [parse(text).fts5()],
            )
            cursor.fetchall()

    def run(fn) -> list[float]:
        samples = []
        for text in QUERIES:
            fn(text)
            for _ in range(5):
                start = time.perf_counter()
                fn(text)
                samples.append(time.perf_counter() - start)
        return sorted(samples)

    b = run(bare)
    s = run(lambda t: search(text=t, viewer=None, semantic=False))
    b50, s50 = statistics.median(b) * 1000, statistics.median(s) * 1000
    b95, s95 = b[int(0.95 * len(b))] * 1000, s[int(0.95 * len(s))] * 1000
    print(f"bare FTS5  p50 {b50:8.2f} ms  p95 {b95:8.2f} ms")
    print(f"search()   p50 {s50:8.2f} ms  p95 {s95:8.2f} ms  (anonymous, words only)")
    print(f"ratio      p50 {s50 / b50:.2f}x  p95 {s95 / b95:.2f}x")


@override_settings(
    ALLOWED_HOSTS=["*"],
    # the apps' static files as they are: no collected manifest needed to draw the pages
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
)
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--passages", type=int, default=500, help="per document (one a reply)")
    args = parser.parse_args()
    from lanzarote.accounts.models import Profile
    from lanzarote.replies.models import Passage, Reply
    from tests.conftest import make_user

    started = time.perf_counter()
    world = scale_build(
        states=args.states,
        rounds=args.rounds,
        questions=args.questions,
        passages=args.passages,
        progress=lambda q, iso2: print(
            f"\r{q} {iso2} ({time.perf_counter() - started:.0f} s)", end="", flush=True
        ),
    )
    print(
        f"\nbuilt in {time.perf_counter() - started:.0f} s: {Passage.objects.count():,} "
        f"passages, {Reply.objects.count():,} replies"
    )
    from django.contrib.auth import get_user_model

    secretariat = get_user_model().objects.filter(username="bench-scale-sofia").first()
    if secretariat is None:
        secretariat = make_user("bench-scale-sofia", Profile.Role.SECRETARIAT, staff=True)
    reply = Reply.objects.filter(questionnaire__uid=world.questionnaires[0]).first()
    client = Client()
    for persona, url in _pages(world, reply.pk):
        if persona == "anonymous":
            client.logout()
        else:
            client.force_login(secretariat)
        queries, ms, size = timed_page(client, url)
        print(f"{persona:<12} {url:<60} {queries:>3} queries {ms:9.1f} ms {size / 1e3:8.0f} kB")
    if connection.vendor == "sqlite":
        search_ratio()


if __name__ == "__main__":
    main()
