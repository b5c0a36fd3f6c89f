"""Embedding throughput of the pipeline (replies.embedding.document_embed: read the passages,
embed them in batches, write the vectors, count them on the document) next to the bare model
embedding the same passages in the same batches, in the same run. Each measurement runs in a
fresh process, so that its peak memory (ru_maxrss) is its own.

Run: LANZAROTE_DATA_DIR=/tmp/bench-embed .venv/bin/lanzarote up --no-serve
     LANZAROTE_DATA_DIR=/tmp/bench-embed .venv/bin/python benchmarks/embedding.py
The passages are the first 320 of the generated 200-page reply of benchmarks/ingestion.py.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

PASSAGES, ROUNDS = 320, 3


def texts() -> list[str]:
    from benchmarks.ingestion import synthetic_reply
    from lanzarote.lib.extract import extract_pages, split_passages

    pages = extract_pages(synthetic_reply(40), kind="pdf", max_pages=100)
    return [p.text for p in split_passages(pages)][:PASSAGES]


def prepare() -> int:
    """A ready document holding the passages, without vectors."""
    from django.db import transaction

    from lanzarote.replies.models import Document, Passage

    with transaction.atomic():
        document, _ = Document.objects.get_or_create(
            sha256="bench-embedding".ljust(64, "0"),
            defaults={
                "file": "bench.txt",
                "kind": "text",
                "content_type": "text/plain",
                "size": 1,
                "status": "ready",
            },
        )
        document.passages.all().delete()
        Passage.objects.bulk_create(
            Passage(document=document, index=i, page=1, start=0, end=len(t), text=t, language="en")
            for i, t in enumerate(texts())
        )
        Document.objects.filter(pk=document.pk).update(embedded=0)
    return document.pk


def child(what: str) -> None:
    from lanzarote.lib import embed

    model = embed.embedder()
    model.passages(["warm up"])
    if what == "bare":
        items = texts()
        start = time.perf_counter()
        for i in range(0, len(items), 32):
            model.passages(items[i : i + 32])
    else:
        from lanzarote.replies.embedding import document_embed

        document = prepare()
        start = time.perf_counter()
        assert document_embed(document_id=document) == PASSAGES
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def measure(what: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, what],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    runs: dict[str, list[dict]] = {"bare": [], "pipeline": []}
    for _ in range(ROUNDS):
        for what in runs:
            runs[what].append(measure(what))
    print(f"{PASSAGES} passages, batches of 32, median of {ROUNDS} runs, each in a fresh process")
    rates = {}
    for what, results in runs.items():
        seconds = statistics.median(r["seconds"] for r in results)
        rates[what] = PASSAGES / seconds
        peak = max(r["peak_mb"] for r in results)
        print(f"{what:9} {seconds:6.1f} s  {rates[what]:5.1f} passages/s  peak {peak:4.0f} MB")
    print(f"pipeline at {rates['pipeline'] / rates['bare']:.0%} of the bare model")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child(sys.argv[1])
    else:
        main()
