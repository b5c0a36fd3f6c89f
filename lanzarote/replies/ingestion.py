"""Reading reply documents: extract the text, split it into passages, link each passage to the
question it answers, index it. Run by the background task in replies/tasks.py.

Nothing half-done is ever shown: the passages, the links and the search entries of a document are
written in one transaction, the same one that marks the document ready. A crash before that
leaves the document "queued" or "reading" with no passage; `lanzarote ingest --resume` (run by
`lanzarote up`) picks it up again.
"""

import logging
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import acts_on, is_secretariat
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.bulk import insert_rows
from lanzarote.lib.extract import ExtractionError, extract_pages, split_passages
from lanzarote.lib.linking import PassageIn, QuestionRef, link_passages
from lanzarote.monitoring.models import Question

from .models import Attachment, Document, Passage, PassageLink

SYSTEM = "lanzarote ingest"
logger = logging.getLogger(__name__)


class PermissionDenied(DjangoPermissionDenied):
    """Refused by a permission predicate; a view that does not catch it answers 403."""


def _reporter(document_id: int, on_page: Any):
    """Progress for the page and the API, written at most twice a second (a write per page
    would cost as much as reading the page)."""
    last = [0.0]

    def report(page: int, total: int) -> None:
        now = time.monotonic()
        if page in (1, total) or now - last[0] >= 0.5:
            _progress(document_id, page, total)
            last[0] = now
        if on_page is not None:
            on_page(page, total)

    return report


def _progress(document_id: int, page: int, total: int) -> None:
    # Outside the ingestion's transaction on purpose: the page shows "reading page 37 of 212".
    Document.objects.filter(pk=document_id).update(progress_page=page, pages=total)


def document_ingest(*, document_id: int, on_page: Any = None) -> Document:
    """Read one document (idempotent: a ready document is only linked again)."""
    document = Document.objects.get(pk=document_id)
    if document.status == Document.Status.READY:
        for attachment in document.attachments.all():
            attachment_link(attachment=attachment)
        return document
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.READING, progress_page=0, attempts=document.attempts + 1
    )
    try:
        with default_storage.open(str(document.file.name), "rb") as stored:
            data = stored.read()
        pages = extract_pages(
            data,
            kind=document.kind,
            max_pages=settings.LANZAROTE_MAX_PAGES,
            on_page=_reporter(document.pk, on_page),
        )
        passages = split_passages(pages)
    except ExtractionError as exc:
        return _fail(document, getattr(exc, "reason", "unreadable"), str(exc))
    except Exception as exc:  # a library crash on a hostile file must not leave it "reading"
        return _fail(document, "internal", _("the document could not be read (%(error)s)")
                     % {"error": type(exc).__name__})  # fmt: skip
    try:
        return _store(document, pages=len(pages), passages=passages)
    except Exception as exc:  # the transaction rolled back: no passage, no link, no entry
        logger.exception("storing the passages of document %s failed", document.pk)
        return _fail(document, "internal", _("the document could not be stored (%(error)s)")
                     % {"error": type(exc).__name__})  # fmt: skip


@transaction.atomic
def _fail(document: Document, reason: str, message: str) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    before = snapshot(document)
    document.passages.all().delete()
    document.status, document.error_reason, document.error = Document.Status.FAILED, reason, message
    document.save()
    audit_record(actor=None, actor_label=SYSTEM, action="document.failed", obj=document,
                 before=before, after=snapshot(document), reason=reason)  # fmt: skip
    return document


@transaction.atomic
def _store(document: Document, *, pages: int, passages: list) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    before = snapshot(document)
    document.passages.all().delete()  # a retried ingestion starts from nothing
    insert_rows(
        Passage, ["document", "index", "page", "start", "end", "text", "heading", "language"],
        [(document.pk, p.index, p.page, p.start, p.end, p.text, p.heading, p.language)
         for p in passages],
    )  # fmt: skip
    languages = [p.language for p in passages if p.language in ("en", "fr")]
    document.language = max(set(languages), key=languages.count) if languages else ""
    document.status, document.pages, document.progress_page = Document.Status.READY, pages, pages
    document.error_reason, document.error, document.ready_at = "", "", timezone.now()
    document.save()
    audit_record(actor=None, actor_label=SYSTEM, action="document.ready", obj=document,
                 before=before, after=snapshot(document))  # fmt: skip
    for attachment in document.attachments.select_related("reply__questionnaire"):
        attachment_link(attachment=attachment)
    return document


def _question_text(question: Question) -> str:
    return " ".join(t for t in (question.title_en, question.text_en, question.title_fr,
                                question.text_fr) if t)  # fmt: skip


@transaction.atomic
def attachment_link(*, attachment: Attachment) -> int:
    """Link the document's passages to the reply's questions; returns the number of links made.
    A link the Secretariat corrected is kept as it is; every other link is recomputed."""
    from lanzarote.search.services import search_index_attachment

    reply = attachment.reply
    audience = (
        Question.addressed_to_parties if reply.party_id else Question.addressed_to_stakeholders
    )
    questions = {q.number: q for q in reply.questionnaire.questions.all() if audience(q)}
    # Tuples, not models: a document has thousands of passages (docs/performance.md).
    passages = list(
        attachment.document.passages.order_by("index").values_list("pk", "index", "text", "heading")
    )
    computed = link_passages(
        [PassageIn(index, text, heading) for _pk, index, text, heading in passages],
        [QuestionRef(number, _question_text(q)) for number, q in questions.items()],
    )
    pk_of = {index: pk for pk, index, _text, _heading in passages}
    corrected = set(
        attachment.links.filter(corrected_by__isnull=False).values_list("passage_id", flat=True)
    )
    attachment.links.filter(corrected_by__isnull=True).delete()
    rows = [(attachment.pk, pk_of[link.passage],
             questions[link.question].pk if link.question in questions else None,
             link.method, link.confidence)
            for link in computed if pk_of[link.passage] not in corrected]  # fmt: skip
    insert_rows(PassageLink, ["attachment", "passage", "question", "method", "confidence"], rows)
    search_index_attachment(attachment=attachment)
    return len(rows)


@transaction.atomic
def link_correct(*, link: PassageLink, question: Question | None, actor: Any) -> PassageLink:
    """The Secretariat sets the question a passage answers; a later run never overwrites it."""
    from lanzarote.search.services import search_index_attachment

    reply = link.attachment.reply
    if not is_secretariat(actor) or not acts_on(actor, reply.questionnaire):
        raise PermissionDenied(_("only the Secretariat corrects the link of a passage"))
    if question is not None and question.questionnaire_id != reply.questionnaire_id:
        raise PermissionDenied(_("this question is not in the reply's questionnaire"))
    before = snapshot(link)
    link.question, link.method, link.confidence = question, PassageLink.Method.SECRETARIAT, 1.0
    link.corrected_by, link.corrected_at = actor, timezone.now()
    link.save()
    audit_record(actor=actor, action="passage.link", obj=link, before=before, after=snapshot(link))
    search_index_attachment(attachment=link.attachment)
    return link


def documents_to_resume() -> list[int]:
    """Documents a crash or a restart left queued or half-read."""
    return list(
        Document.objects.filter(
            Q(status=Document.Status.QUEUED) | Q(status=Document.Status.READING)
        ).values_list("pk", flat=True)
    )
