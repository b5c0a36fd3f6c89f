"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task

from . import ingestion


@task()
def ingest_document(document_id: int) -> None:
    ingestion.document_ingest(document_id=document_id)


@task()
def link_attachment(attachment_id: int) -> None:
    from .models import Attachment

    attachment = Attachment.objects.select_related("reply__questionnaire", "document").get(
        pk=attachment_id
    )
    ingestion.attachment_link(attachment=attachment)
