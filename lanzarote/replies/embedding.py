"""Embedding the passages of ready documents, in the background, in batches.

A document is "ready" once its passages are stored, linked and full-text indexed; its embeddings
follow (DESIGN.md §8: the model reads 10–25 passages a second, so a 200-page reply takes minutes
where reading it took a second). Each batch is its own transaction and only fills passages that
have none, so a crash loses at most one batch and a re-run goes on where it stopped. Until a
passage has its vector, full-text search finds it and cross-language search does not.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from lanzarote.lib import embed

from .models import Document, Passage

logger = logging.getLogger(__name__)
BATCH = 32


def document_embed(*, document_id: int, batch: int = BATCH) -> int:
    """Embed the passages of a ready document that have no vector yet; returns how many."""
    if not settings.LANZAROTE_EMBEDDINGS:
        return 0
    document = Document.objects.get(pk=document_id)
    if document.status != Document.Status.READY:
        return 0
    model = embed.embedder()
    pending = list(
        Passage.objects.filter(document_id=document_id, embedding__isnull=True)
        .order_by("index")
        .values_list("pk", "text")
    )
    done = 0
    for start in range(0, len(pending), batch):
        rows = pending[start : start + batch]
        vectors = model.passages([text for _pk, text in rows])
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {Passage._meta.db_table} SET embedding = %s "
                    "WHERE id = %s AND embedding IS NULL",
                    [(embed.encode(v), pk) for (pk, _text), v in zip(rows, vectors, strict=True)],
                )
            Document.objects.filter(pk=document_id).update(embedded=F("embedded") + len(rows))
        done += len(rows)
    return done


def documents_to_embed() -> list[int]:
    """Ready documents with passages still waiting for their vectors."""
    return list(
        Document.objects.filter(status=Document.Status.READY, passages__embedding__isnull=True)
        .distinct()
        .values_list("pk", flat=True)
    )
