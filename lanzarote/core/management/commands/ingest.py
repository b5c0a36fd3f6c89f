import sys

from django.core.management.base import BaseCommand, CommandError

from lanzarote.core.operations import documents_requeue
from lanzarote.replies import embedding, ingestion
from lanzarote.replies.models import Document


class Command(BaseCommand):
    help = (
        "Read reply documents now, in this process, with a progress bar: --document N reads one, "
        "--resume reads every document a crash or a restart left queued or half-read, --queue "
        "hands those to the background worker instead. Passages still without their embedding "
        "(cross-language search) are embedded after reading, or queued with --queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--document", type=int, help="id of the document to read")
        parser.add_argument("--resume", action="store_true", help="read every unfinished document")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="with --resume: enqueue them for the worker, do not read here",
        )

    def handle(self, *args, document=None, resume=False, queue=False, **options):
        if document is None and not resume:
            raise CommandError("say which documents: --document N or --resume")
        if queue and resume:
            to_read, to_embed, _ = documents_requeue(at_start=True)  # none queued twice
            self.stdout.write(
                f"{to_read} document(s) queued for reading, {to_embed} for embedding."
            )
            return
        if queue:
            ingestion.ingest_document.enqueue(document)  # embedded by the worker once read
            self.stdout.write(f"document {document} queued for reading.")
            return
        ids = [document] if document is not None else ingestion.documents_to_resume()
        if resume:
            ids += [pk for pk in embedding.documents_to_embed() if pk not in ids]
        for pk in ids:
            if not Document.objects.filter(pk=pk).exists():
                raise CommandError(f"no document {pk}")
            result = ingestion.document_ingest(
                document_id=pk, on_page=self._bar(pk), again=document is not None
            )
            sys.stderr.write("\n")
            outcome = result.status if result.status != "failed" else f"failed: {result.error}"
            embedded = embedding.document_embed(document_id=pk)
            self.stdout.write(
                f"document {pk}: {outcome}"
                + (f", {embedded} passage(s) embedded" if embedded else "")
            )

    def _bar(self, pk):
        def show(page: int, total: int) -> None:
            width = 30
            done = int(width * page / total) if total else width
            sys.stderr.write(
                f"\rdocument {pk} [{'#' * done}{'.' * (width - done)}] page {page}/{total}"
            )
            sys.stderr.flush()

        return show
