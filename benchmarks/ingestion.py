"""Reading a generated 200-page reply end to end, next to bare pypdfium2 text extraction of the
same file in the same run.

Run: LANZAROTE_DATA_DIR=/tmp/bench-ingest .venv/bin/lanzarote up --no-serve
     LANZAROTE_DATA_DIR=/tmp/bench-ingest .venv/bin/python benchmarks/ingestion.py
"End to end" is replies.ingestion.document_ingest: read the stored file, extract every page,
split into passages, detect languages, store passages, link them to the questions, index them.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

import pypdfium2 as pdfium  # noqa: E402
from django.db import transaction  # noqa: E402

from tests.pdfgen import make_pdf  # noqa: E402

PAGES, ROUNDS = 200, 5
WORDS = [
    "the",
    "national",
    "authorities",
    "ensure",
    "that",
    "professionals",
    "working",
    "with",
    "children",
    "receive",
    "training",
    "on",
    "the",
    "protection",
    "of",
    "children",
    "against",
    "sexual",
    "exploitation",
    "and",
    "abuse",
    "and",
    "on",
    "the",
    "reporting",
    "of",
    "suspicions",
    "to",
    "the",
    "competent",
    "services",
]


def synthetic_reply(pages: int) -> bytes:
    """Pages of about 40 lines: paragraphs of a few sentences, a question heading every third
    page, lines wrapped at about 12 words as a word processor would."""
    rng = random.Random(7)
    content = []
    for number in range(pages):
        lines = [f"Question {number % 15 + 1}"] if number % 3 == 0 else []
        while len(lines) < 40:
            words = []
            for _ in range(rng.randint(2, 5)):  # sentences in the paragraph
                sentence = [rng.choice(WORDS) for _ in range(rng.randint(10, 25))]
                words += [*sentence[:-1], sentence[-1] + "."]
            words[0] = words[0].capitalize()
            lines += [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        content.append(lines[:40])
    return make_pdf(content)


def bare(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        chars = 0
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return chars
    finally:
        document.close()


STORE_TIMES: list[float] = []


def pipeline(data: bytes, reply) -> None:
    import hashlib

    from lanzarote.replies import ingestion
    from lanzarote.replies.models import Attachment, Document

    digest = hashlib.sha256(data).hexdigest()
    path = f"bench/{digest}.pdf"
    # Stored as an upload stores it: written atomically (flushed to the disk), checked by size
    # and hash; timed apart too, since a loaded disk makes the flush vary.
    start = time.perf_counter()
    ingestion.document_file_store(name=path, data=data, sha256=digest)
    STORE_TIMES.append(time.perf_counter() - start)
    with transaction.atomic():
        document = Document.objects.create(
            sha256=digest,
            file=path,
            kind="pdf",
            content_type="application/pdf",
            size=len(data),
        )
        Attachment.objects.create(reply=reply, document=document, original_name="reply.pdf")
    result = ingestion.document_ingest(document_id=document.pk)
    assert result.status == "ready", result.error


def forget(data: bytes) -> None:
    """The previous round's document (stored once by hash), removed outside the clock."""
    import hashlib

    from lanzarote.replies.models import Attachment, Document

    digest = hashlib.sha256(data).hexdigest()
    Attachment.objects.filter(document__sha256=digest).delete()
    Document.objects.filter(sha256=digest).delete()


def main() -> None:
    from lanzarote.core.demo import demo_load
    from lanzarote.replies.models import Reply

    demo_load(password="benchmark")
    reply = Reply.objects.filter(questionnaire__is_demo=True).first()
    data = synthetic_reply(PAGES)
    bare(data)  # warm up
    bare_times, pipe_times = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        bare(data)
        bare_times.append(time.perf_counter() - start)
        forget(data)
        start = time.perf_counter()
        pipeline(data, reply)
        pipe_times.append(time.perf_counter() - start)
    b, p = statistics.median(bare_times), statistics.median(pipe_times)
    print(f"{PAGES} pages, {len(data) / 1e6:.1f} MB, median of {ROUNDS} runs")
    print(f"bare pypdfium2 text   {b:.3f} s  {PAGES / b:7.0f} pages/s")
    print(f"ingestion end to end  {p:.3f} s  {PAGES / p:7.0f} pages/s")
    print(f"ratio                 {p / b:.2f}x")
    store = statistics.median(STORE_TIMES)
    print(f"of which storing      {store:.3f} s; without it {(p - store) / b:.2f}x")


if __name__ == "__main__":
    main()
