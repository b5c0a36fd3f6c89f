"""Hybrid search (full text + embeddings) next to full-text-only search, same index, same run,
at 100,000 and 1,000,000 passages.

Run (about 10 minutes in all; SQLite; 4 GB of memory for the vectors at 1M):
    LANZAROTE_DATA_DIR=/tmp/bench-hybrid .venv/bin/lanzarote up --no-serve
    LANZAROTE_DATA_DIR=/tmp/bench-hybrid .venv/bin/python benchmarks/search_hybrid.py
Passages: 600 distinct synthetic policy paragraphs in English and French, embedded by the real
model; each of the N passages takes one of them, with a copy of its vector moved by a little
noise, so that similarities spread as real ones do. Half the passages are in a reply the
anonymous reader may not see. Both ways run search() as that reader; hybrid = the query embedded
by the model, exact nearest neighbours among the visible passages, fused with full text.
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

import numpy as np  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from lanzarote.lib import embed  # noqa: E402
from lanzarote.lib.bulk import insert_rows  # noqa: E402
from lanzarote.lib.text import fold_words  # noqa: E402
from lanzarote.replies.models import Document, Passage  # noqa: E402
from lanzarote.search.models import SearchEntry  # noqa: E402
from lanzarote.search.selectors import search  # noqa: E402
from lanzarote.search.vectors import INDEX  # noqa: E402

SIZES = [100_000, 1_000_000]
QUERIES = [
    "helpline for children",
    "formation des juges",
    "specialised police units",
    "child sexual abuse material",
    "coercion OR coercition",
    "victim support",
    "compétence extraterritoriale",
    "training",
]
SUBJECTS_EN = [
    "The national helpline",
    "Specialised police units",
    "Judges and prosecutors",
    "The criminal code",
    "Support services for child victims",
    "Schools",
    "The ombudsperson for children",
    "Social services",
    "The ministry of justice",
    "Non-governmental organisations",
]
SUBJECTS_FR = [
    "La ligne d'écoute nationale",
    "Des unités de police spécialisées",
    "Les juges et les procureurs",
    "Le code pénal",
    "Les services d'aide aux enfants victimes",
    "Les écoles",
    "Le défenseur des enfants",
    "Les services sociaux",
    "Le ministère de la justice",
    "Les organisations non gouvernementales",
]
ACTIONS_EN = [
    "receive training on the hearing of children",
    "investigate offences committed online",
    "provide psychological support to victims",
    "define child sexual abuse material",
    "cooperate with other States on extraterritorial cases",
    "raise awareness of the risks of sharing images",
    "report suspicions of abuse",
]
ACTIONS_FR = [
    "suivent une formation sur l'audition des enfants",
    "enquêtent sur les infractions commises en ligne",
    "apportent un soutien psychologique aux victimes",
    "définissent le matériel d'abus sexuels sur enfants",
    "coopèrent avec d'autres États dans les affaires extraterritoriales",
    "sensibilisent aux risques du partage d'images",
    "signalent les soupçons d'abus",
]


def paragraphs(n: int) -> list[tuple[str, str]]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        fr = i % 3 == 0
        subjects, actions = (SUBJECTS_FR, ACTIONS_FR) if fr else (SUBJECTS_EN, ACTIONS_EN)
        sentences = [f"{rng.choice(subjects)} {rng.choice(actions)}." for _ in range(3)]
        out.append(("fr" if fr else "en", " ".join(sentences)))
    return out


def build(total: int) -> None:
    have = SearchEntry.objects.filter(kind="passage").count()
    if have >= total:
        return
    from lanzarote.core.demo import demo_load
    from lanzarote.replies.models import Attachment, Reply

    if not Reply.objects.exists():
        demo_load(password="benchmark")
    public = Reply.objects.get(questionnaire__uid="demo-published-questionnaire", party__iso2="FR")
    hidden = Reply.objects.filter(questionnaire__uid="demo-open-questionnaire").first()
    assert hidden is not None
    documents = []
    for reply in (public, hidden):
        document, _ = Document.objects.get_or_create(
            sha256=f"bench-{reply.pk}".ljust(64, "0"),
            defaults={
                "file": "bench.txt",
                "kind": "text",
                "content_type": "text/plain",
                "size": 1,
                "status": "ready",
            },
        )
        attachment, _ = Attachment.objects.get_or_create(
            reply=reply, document=document, defaults={"original_name": "bench.txt"}
        )
        documents.append((reply, document, attachment))
    base = paragraphs(600)
    vectors = embed.embedder().passages([text for _lang, text in base])
    rng = np.random.default_rng(3)
    started = time.perf_counter()
    for start in range(have, total, 20_000):
        count = min(20_000, total - start)
        picks = rng.integers(0, len(base), count)
        noisy = vectors[picks] + rng.normal(0, 0.01, (count, embed.DIM)).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        with transaction.atomic():
            passage_rows, entry_rows = [], []
            for j in range(count):
                i = start + j
                reply, document, attachment = documents[i % 2]
                lang, text = base[picks[j]]
                passage_rows.append(
                    (document.pk, i, 1, 0, len(text), text, False, lang, embed.encode(noisy[j]))
                )
            insert_rows(
                Passage,
                [
                    "document",
                    "index",
                    "page",
                    "start",
                    "end",
                    "text",
                    "heading",
                    "language",
                    "embedding",
                ],
                passage_rows,
            )
            ids = dict(
                Passage.objects.filter(index__gte=start, index__lt=start + count).values_list(
                    "index", "pk"
                )
            )
            for j in range(count):
                i = start + j
                reply, document, attachment = documents[i % 2]
                lang, text = base[picks[j]]
                entry_rows.append(
                    (
                        "passage",
                        f"attachment:{attachment.pk}:{i}",
                        "bench",
                        lang,
                        "bench",
                        text,
                        fold_words(text),
                        reply.pk,
                        document.pk,
                        1,
                        ids[i],
                    )
                )
            insert_rows(
                SearchEntry,
                [
                    "kind",
                    "ref",
                    "scope",
                    "lang",
                    "title",
                    "text",
                    "norm",
                    "reply_id",
                    "document_id",
                    "page",
                    "passage_id",
                ],
                entry_rows,
            )
        print(f"\r{start + count:,} passages ({time.perf_counter() - started:.0f} s)", end="")
    for _reply, document, _attachment in documents:
        Document.objects.filter(pk=document.pk).update(
            embedded=Passage.objects.filter(document=document).count()
        )
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
    print()


def timed(semantic: bool, rounds: int = 5) -> tuple[float, float]:
    samples = []
    for text in QUERIES:
        for _ in range(rounds):
            start = time.perf_counter()
            search(text=text, viewer=None, semantic=semantic)
            samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1000, samples[int(len(samples) * 0.95)] * 1000


def main() -> None:
    assert connection.vendor == "sqlite"
    model = embed.embedder()
    start = time.perf_counter()
    for text in QUERIES * 5:
        model.query(text)
    per_query = (time.perf_counter() - start) / (len(QUERIES) * 5) * 1000
    print(f"embedding one query: {per_query:.1f} ms")
    for size in SIZES:
        build(size)
        start = time.perf_counter()
        INDEX.refresh(force=True)
        print(f"{len(INDEX):,} vectors loaded in {time.perf_counter() - start:.1f} s")
        search(text=QUERIES[0], viewer=None)  # warm
        f50, f95 = timed(False)
        h50, h95 = timed(True)
        semantic_hits = sum(
            1 for t in QUERIES for h in search(text=t, viewer=None).hits if h.similarity is not None
        )
        print(
            f"{size:>9,} passages  full text p50 {f50:7.1f} ms p95 {f95:7.1f} ms | hybrid "
            f"p50 {h50:7.1f} ms p95 {h95:7.1f} ms | ratio p50 {h50 / f50:.1f}x p95 "
            f"{h95 / f95:.1f}x | {semantic_hits} hits by meaning on the first pages"
        )


if __name__ == "__main__":
    main()
