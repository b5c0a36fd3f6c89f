"""Embedding the passages of ready documents, in the background, in chunks.

A document is "ready" once its passages are stored, linked and full-text indexed; its embeddings
follow (DESIGN.md §8: the model reads 10–25 passages a second, so a 200-page reply takes minutes
where reading it took a second). The work goes in chunks (``CHUNK`` passages, a task each, the
next one enqueued behind whatever else waits, by the task ``embed_document`` below): at a lower
priority than reading (``ingestion.READING_PRIORITY``), so a document uploaded later is read before the rest of a long one is
embedded, and chunks of several documents take turns. Each batch is its own transaction and only
fills passages that have none, so a crash loses at most one batch and a re-run goes on where it
stopped. One worker at a time embeds a document: it holds a lease (``embedding_until``), taken
with a conditional UPDATE; a second worker given the same document skips it. The counter on
the document is the count of its passages that have a vector, never a running sum. Until a
passage has its vector, full-text search finds it and cross-language search does not.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from lanzarote.lib import embed

from .models import Document, Passage

logger = logging.getLogger(__name__)
BATCH = 32
CHUNK = 256  # about ten seconds of the model's time on these machines
# Embedding comes last (django-tasks-db runs the highest priority first): one chunk per task,
# each chunk enqueuing the next behind whatever waits, so documents take turns and yield to
# reading (50, ingestion.py); publications and other tasks keep the default (0).
EMBEDDING_PRIORITY = -50
LEASE = timedelta(minutes=10)


def _lease(document_id: int) -> bool:
    now = timezone.now()
    return bool(
        Document.objects.filter(pk=document_id, status=Document.Status.READY)
        .filter(Q(embedding_until__isnull=True) | Q(embedding_until__lt=now))
        .update(embedding_until=now + LEASE)
    )


def _count(document_id: int) -> None:
    embedded = Passage.objects.filter(document_id=document_id, embedding__isnull=False).count()
    Document.objects.filter(pk=document_id).update(embedded=embedded)


def document_embed(*, document_id: int, batch: int = BATCH, limit: int | None = None) -> int:
    """Embed the passages of a ready document that have no vector yet (at most ``limit``);
    returns how many this call embedded (0 when another worker holds the document)."""
    if not settings.LANZAROTE_EMBEDDINGS or not _lease(document_id):
        return 0
    done = 0
    try:
        model = embed.embedder()
        pending = list(
            Passage.objects.filter(document_id=document_id, embedding__isnull=True)
            .order_by("index")
            .values_list("pk", "text")[:limit]
        )
        for start in range(0, len(pending), batch):
            rows = pending[start : start + batch]
            vectors = model.passages([text for _pk, text in rows])
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {Passage._meta.db_table} SET embedding = %s "
                        "WHERE id = %s AND embedding IS NULL",
                        [
                            (embed.encode(v), pk)
                            for (pk, _text), v in zip(rows, vectors, strict=True)
                        ],
                    )
                _count(document_id)
            done += len(rows)
        if not pending:
            _count(document_id)  # a counter an older version got wrong is put right
    finally:
        Document.objects.filter(pk=document_id).update(embedding_until=None)
    return done


def document_embed_chunk(*, document_id: int, size: int = CHUNK) -> bool:
    """Embed the next chunk of a document; True when passages are left for another chunk
    (False too when another worker holds the document: that worker goes on with it)."""
    if not settings.LANZAROTE_EMBEDDINGS:
        return False
    if not document_embed(document_id=document_id, limit=size):
        return False
    return Passage.objects.filter(document_id=document_id, embedding__isnull=True).exists()


@task(priority=EMBEDDING_PRIORITY)
def embed_document(document_id: int) -> None:
    """Thin: the id in, the service above (tests run it immediately)."""
    if document_embed_chunk(document_id=document_id):
        embed_document.enqueue(document_id)


def documents_to_embed() -> list[int]:
    """Ready documents with passages still waiting for their vectors."""
    return list(
        Document.objects.filter(status=Document.Status.READY, passages__embedding__isnull=True)
        .distinct()
        .values_list("pk", flat=True)
    )


def document_needs_embedding(document_id: int) -> bool:
    """Whether this document has passages waiting for their vectors (and embedding is on)."""
    return (
        bool(settings.LANZAROTE_EMBEDDINGS)
        and Passage.objects.filter(document_id=document_id, embedding__isnull=True).exists()
    )
