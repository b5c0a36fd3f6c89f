"""Background tasks: thin, they take ids and call a service (tests run them immediately).

Priorities (django-tasks-db runs the highest first): reading a document comes before anything
else, so a 20-page reply is not kept waiting behind another's embeddings; publications and other
tasks keep the default (0); embedding comes last, one chunk per task, each chunk enqueuing the
next behind whatever waits, so documents take turns and yield to reading.
"""

from django.tasks import task

from . import embedding, ingestion
from .models import Attachment

READING_PRIORITY = 50
EMBEDDING_PRIORITY = -50


@task(priority=READING_PRIORITY)
def ingest_document(document_id: int) -> None:
    document = ingestion.document_ingest(document_id=document_id)
    if document.status == document.Status.READY and embedding.document_needs_embedding(document_id):
        embed_document.enqueue(document_id)


@task(priority=EMBEDDING_PRIORITY)
def embed_document(document_id: int) -> None:
    if embedding.document_embed_chunk(document_id=document_id):
        embed_document.enqueue(document_id)


@task(priority=READING_PRIORITY)
def link_attachment(attachment_id: int) -> None:
    attachment = Attachment.objects.select_related("reply__questionnaire", "document").get(
        pk=attachment_id
    )
    ingestion.attachment_link(attachment=attachment)
