"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task

from . import embedding, ingestion


@task()
def ingest_document(document_id: int) -> None:
    document = ingestion.document_ingest(document_id=document_id)
    if document.status == document.Status.READY:
        embed_document.enqueue(document_id)


@task()
def embed_document(document_id: int) -> None:
    embedding.document_embed(document_id=document_id)


@task()
def link_attachment(attachment_id: int) -> None:
    from .models import Attachment

    attachment = Attachment.objects.select_related("reply__questionnaire", "document").get(
        pk=attachment_id
    )
    ingestion.attachment_link(attachment=attachment)
