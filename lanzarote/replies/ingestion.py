"""Reading reply documents: store the file, extract the text, split it into passages, link each
passage to the question it answers, index it. Run by the background tasks defined here beside their services (``ingest_document``,
``link_attachment``; ``embedding.embed_document`` follows a document once it is read).

Nothing half-done is ever shown: the passages, the links and the search entries of a document are
written in one transaction, the same one that marks the document ready. A crash before that
leaves the document "queued" or "reading" with no passage; `document_requeue_unfinished` (called
when a worker starts, and by `lanzarote ingest --resume`) picks it up again.

The stored file is written under a temporary name in its folder, flushed to the disk, checked
(size and SHA-256) and only then renamed to its content-addressed name, so a write cut off by a
full disk or a crash never leaves a partial file where a later upload would reuse it; the stored
bytes are checked again before they are reused and before they are read.

One worker per document: reading starts with a conditional UPDATE that claims the document
(queued → reading, with a token), so a second worker given the same document skips it; the
stored result is written only by the claim's holder. The work of one document is bounded (pages,
characters, passages, seconds: settings LANZAROTE_MAX_*), and a document longer than that is
read up to the limit and says so.
"""

import logging
import time
import uuid
from collections.abc import Collection
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import acts_on
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.bulk import insert_rows
from lanzarote.lib.errors import NotAllowed
from lanzarote.lib.extract import ExtractionError, Limits, read_pages, split_passages
from lanzarote.lib.storage import disk_full, stored_copy_intact
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import Question

from . import embedding
from .indexing import attachment_index, document_passages_unindex
from .linking import PassageIn, QuestionRef, link_passages
from .models import Attachment, Document, Passage, PassageLink
from .permissions import can_correct_links, can_retry_reading

SYSTEM = "lanzarote ingest"
logger = logging.getLogger(__name__)
# A reading worker writes its heartbeat with its progress; a claim older than this is a dead
# worker's, and another may take the document over.
STALE_CLAIM = timedelta(minutes=10)
# Failures for lack of disk space are tried again when a worker starts, this many times at most.
MAX_ATTEMPTS = 5
# Reading a document comes before anything else (django-tasks-db runs the highest priority
# first), so a 20-page reply is not kept waiting behind another's embeddings
# (embedding.EMBEDDING_PRIORITY) or a publication (the default, 0).
READING_PRIORITY = 50


# --------------------------------------------------------------------------------------------
# The stored file


def disk_full_message() -> str:
    return _("the server's disk was full; the Secretariat can try again once space is freed")


# --------------------------------------------------------------------------------------------
# Reading


def limits() -> Limits:
    return Limits(
        pages=settings.LANZAROTE_MAX_PAGES,
        characters=settings.LANZAROTE_MAX_CHARACTERS,
        seconds=settings.LANZAROTE_READ_SECONDS,
    )


def _reporter(document_id: int, token: str, on_page: Any):
    """Progress for the page and the API, written at most twice a second (a write per page
    would cost as much as reading the page)."""
    last = [0.0]

    def report(page: int, total: int) -> None:
        now = time.monotonic()
        if page in (1, total) or now - last[0] >= 0.5:
            _progress(document_id, token, page=page, total=total)
            last[0] = now
        if on_page is not None:
            on_page(page, total)

    return report


def _progress(document_id: int, token: str, **fields: Any) -> None:
    # Outside the ingestion's transaction on purpose: the page shows "reading page 37 of 212".
    # The heartbeat tells that the worker is alive.
    changes = {"heartbeat_at": timezone.now()}
    if "page" in fields:
        changes.update(progress_page=fields["page"], pages=fields["total"])
    if "stage" in fields:
        changes["stage"] = fields["stage"]
    Document.objects.filter(pk=document_id, claim=token).update(**changes)


def _claim(document_id: int, *, again: bool = False) -> str | None:
    """Take the document for reading; None when it is not waiting (another worker reads it,
    or it is read, or failed unless ``again``). One conditional UPDATE: two workers cannot both
    succeed."""
    token = uuid.uuid4().hex
    now = timezone.now()
    waiting = (
        Q(status=Document.Status.QUEUED)
        | Q(status=Document.Status.READING, heartbeat_at__lt=now - STALE_CLAIM)
        | Q(status=Document.Status.READING, heartbeat_at__isnull=True)
    )
    if again:
        waiting |= Q(status=Document.Status.FAILED)
    claimed = Document.objects.filter(waiting, pk=document_id).update(
        status=Document.Status.READING,
        stage=Document.Stage.READING,
        claim=token,
        heartbeat_at=now,
        progress_page=0,
        attempts=F("attempts") + 1,
    )
    return token if claimed else None


def document_ingest(*, document_id: int, on_page: Any = None, again: bool = False) -> Document:
    """Read one document, if it is waiting to be read (idempotent: a ready document is only
    linked again; a document another worker is reading is left to it). ``again``: a failed
    document is read again too (an operator's explicit `lanzarote ingest --document N`)."""
    document = Document.objects.get(pk=document_id)
    if document.status == Document.Status.READY:
        for attachment in document.attachments.all():
            attachment_link(attachment=attachment)
        return document
    token = _claim(document_id, again=again)
    if token is None:
        return document
    document.refresh_from_db()
    cut, total_pages = "", 0
    try:
        if not stored_copy_intact(
            name=str(document.file.name), size=document.size, sha256=document.sha256
        ):
            return _fail(
                document, token, "stored_damaged", _("the stored copy is damaged; upload it again")
            )
        reading = read_pages(
            _source(document),
            kind=document.kind,
            limits=limits(),
            on_page=_reporter(document.pk, token, on_page),
        )
        cut, total_pages = reading.cut, reading.total_pages
        _progress(document.pk, token, stage=Document.Stage.PASSAGES)
        passages = split_passages(reading.pages)
        if len(passages) > settings.LANZAROTE_MAX_PASSAGES:
            passages, cut = passages[: settings.LANZAROTE_MAX_PASSAGES], Document.Cut.PASSAGES
        read_pages_count = passages[-1].page if cut and passages else len(reading.pages)
    except ExtractionError as exc:
        return _fail(document, token, getattr(exc, "reason", "unreadable"), str(exc))
    except Exception as exc:  # a library crash on a hostile file must not leave it "reading"
        if disk_full(exc):
            return _fail(document, token, "disk_full", disk_full_message())
        return _fail(
            document,
            token,
            "internal",
            _("the document could not be read (%(error)s)") % {"error": type(exc).__name__},
        )
    _progress(document.pk, token, stage=Document.Stage.LINKING)
    try:
        return _store(
            document,
            token,
            pages=total_pages,
            passages=passages,
            cut=cut,
            read_pages_count=read_pages_count,
        )
    except Exception as exc:  # the transaction rolled back: no passage, no link, no entry
        logger.exception("storing the passages of document %s failed", document.pk)
        if disk_full(exc):
            return _fail(document, token, "disk_full", disk_full_message())
        return _fail(
            document,
            token,
            "internal",
            _("the document could not be stored (%(error)s)") % {"error": type(exc).__name__},
        )


# Up to this size a file is read into memory at once (PDFium is about a tenth faster on bytes);
# a larger one is given by its path, and PDFium reads a PDF from the disk as it needs it.
IN_MEMORY = 16 * 1024 * 1024


def _source(document: Document) -> bytes | str:
    """The stored file's bytes, or its path when it is large and the storage has one."""
    name = str(document.file.name)
    if document.size > IN_MEMORY:
        try:
            return default_storage.path(name)
        except NotImplementedError:
            pass
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def _fail(document: Document, token: str | None, reason: str, message: str) -> Document:
    try:
        return _record_failure(document, token, reason, message)
    except Exception:
        # The disk may be too full even for this: the document stays "reading" and is taken
        # up again when a worker starts (document_requeue_unfinished).
        logger.exception("recording the failure of document %s failed", document.pk)
        return Document.objects.get(pk=document.pk)


@transaction.atomic
def _record_failure(document: Document, token: str | None, reason: str, message: str) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if token is not None and document.claim != token:
        return document  # taken over by another worker: its outcome counts, not this one's
    before = snapshot(document)
    document_passages_unindex(document=document)
    document.passages.all().delete()
    document.status, document.error_reason, document.error = Document.Status.FAILED, reason, message
    document.stage, document.claim = "", ""
    document.save()
    audit_record(
        actor=None,
        actor_label=SYSTEM,
        action=Action.DOCUMENT_FAILED,
        obj=document,
        before=before,
        after=snapshot(document),
        reason=reason,
    )
    return document


@transaction.atomic
def _store(
    document: Document,
    token: str,
    *,
    pages: int,
    passages: list,
    cut: str,
    read_pages_count: int,
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.claim != token:
        return document  # taken over by another worker: it writes the result, not this one
    before = snapshot(document)
    document_passages_unindex(document=document)
    document.passages.all().delete()  # a retried ingestion starts from nothing
    insert_rows(
        Passage,
        ["document", "index", "page", "start", "end", "text", "heading", "language"],
        [
            (document.pk, p.index, p.page, p.start, p.end, p.text, p.heading, p.language)
            for p in passages
        ],
    )
    languages = [p.language for p in passages if p.language in ("en", "fr")]
    document.language = max(set(languages), key=languages.count) if languages else ""
    document.status, document.pages, document.progress_page = Document.Status.READY, pages, pages
    document.error_reason, document.error, document.ready_at = "", "", timezone.now()
    document.cut_reason, document.cut_pages = cut, (read_pages_count if cut else None)
    document.stage, document.claim, document.embedded = "", "", 0
    document.save()
    audit_record(
        actor=None,
        actor_label=SYSTEM,
        action=Action.DOCUMENT_READY,
        obj=document,
        before=before,
        after=snapshot(document),
    )
    for attachment in document.attachments.select_related("reply__questionnaire"):
        attachment_link.nested(attachment=attachment)
    return document


def _question_text(question: Question) -> str:
    return " ".join(
        t for t in (question.title_en, question.text_en, question.title_fr, question.text_fr) if t
    )


@durable
def attachment_link(*, attachment: Attachment) -> int:
    """Link the document's passages to the reply's questions; returns the number of links made.
    A link the Secretariat corrected is kept as it is; every other link is recomputed."""
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
    rows = [
        (
            attachment.pk,
            pk_of[link.passage],
            questions[link.question].pk if link.question in questions else None,
            link.method,
            link.confidence,
        )
        for link in computed
        if pk_of[link.passage] not in corrected
    ]
    insert_rows(PassageLink, ["attachment", "passage", "question", "method", "confidence"], rows)
    attachment_index(attachment=attachment)
    return len(rows)


# The background tasks are thin: ids in, the services of this module (tests run them
# immediately). Their dotted paths are stored in queued task rows: replies/tasks.py keeps the
# old ones importable.
@task(priority=READING_PRIORITY)
def ingest_document(document_id: int) -> None:
    document = document_ingest(document_id=document_id)
    if document.status == document.Status.READY and embedding.document_needs_embedding(document_id):
        embedding.embed_document.enqueue(document_id)


@task(priority=READING_PRIORITY)
def link_attachment(attachment_id: int) -> None:
    attachment = Attachment.objects.select_related("reply__questionnaire", "document").get(
        pk=attachment_id
    )
    attachment_link(attachment=attachment)


@durable
def link_correct(*, link: PassageLink, question: Question | None, actor: Any) -> PassageLink:
    """The Secretariat sets the question a passage answers; a later run never overwrites it."""
    reply = link.attachment.reply
    if not can_correct_links(actor) or not acts_on(actor, reply.questionnaire):
        raise NotAllowed(_("only the Secretariat corrects the link of a passage"))
    if question is not None and question.questionnaire_id != reply.questionnaire_id:
        raise NotAllowed(_("this question is not in the reply's questionnaire"))
    before = snapshot(link)
    link.question, link.method, link.confidence = question, PassageLink.Method.SECRETARIAT, 1.0
    link.corrected_by, link.corrected_at = actor, timezone.now()
    link.save()
    audit_record(
        actor=actor, action=Action.PASSAGE_LINK, obj=link, before=before, after=snapshot(link)
    )
    attachment_index(attachment=link.attachment)
    return link


def document_requeue_unfinished(
    *, stale_after: timedelta = timedelta(0), enqueue: bool = True, busy: Collection[int] = ()
) -> list[int]:
    """Put back in the queue what no live worker is doing any more, and hand it to the worker.

    Call it when a worker starts (``stale_after`` 0, the default), or periodically with a
    ``stale_after`` longer than a heartbeat. Documents left "reading" by a dead worker go back
    to "queued"; documents that failed because the disk was full are tried again (at most
    MAX_ATTEMPTS times); embedding leases of dead workers are released. ``busy``: documents
    that a live worker is reading or embedding right now (several workers share a queue: one
    that starts must not take another's work from under it), left as they are. With
    ``enqueue`` the reading of every queued document and the embedding of every ready document
    that still has passages without vectors are enqueued (a duplicate task is harmless: the
    document is claimed once). Returns the ids of the queued documents.
    """
    now = timezone.now()
    with transaction.atomic(durable=True):
        Document.objects.filter(status=Document.Status.READING).filter(
            Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lte=now - stale_after)
        ).exclude(pk__in=list(busy)).update(
            status=Document.Status.QUEUED, stage="", claim="", progress_page=0
        )
        for document in Document.objects.select_for_update().filter(
            status=Document.Status.FAILED, error_reason="disk_full", attempts__lt=MAX_ATTEMPTS
        ):
            _requeue(document, actor=None)
        if not stale_after:
            Document.objects.exclude(embedding_until=None).exclude(pk__in=list(busy)).update(
                embedding_until=None
            )
        queued = list(
            Document.objects.filter(status=Document.Status.QUEUED)
            .order_by("queued_at", "pk")
            .values_list("pk", flat=True)
        )
    if enqueue:
        for pk in queued:
            ingest_document.enqueue(pk)
        for pk in embedding.documents_to_embed():
            embedding.embed_document.enqueue(pk)
    return queued


def documents_to_resume() -> list[int]:
    """Documents a crash or a restart left queued or half-read (or that failed for lack of disk
    space), put back in the queue; for a command that reads them itself, no worker running."""
    return document_requeue_unfinished(enqueue=False)


def _requeue(document: Document, *, actor: Any, reason: str = "") -> Document:
    before = snapshot(document)
    document.status, document.stage, document.claim = Document.Status.QUEUED, "", ""
    document.error_reason, document.error, document.progress_page = "", "", 0
    document.queued_at = timezone.now()
    document.save()
    audit_record(
        actor=actor,
        actor_label="" if actor else SYSTEM,
        action=Action.DOCUMENT_REQUEUED,
        obj=document,
        before=before,
        after=snapshot(document),
        reason=reason,
    )
    return document


@durable
def document_retry(*, document: Document, actor: Any) -> Document:
    """The Secretariat reads again a document whose failure a new attempt may cure (the disk
    was full, an internal error)."""
    if not can_retry_reading(actor):
        raise NotAllowed(_("only the Secretariat retries reading a document"))
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.retryable:
        raise NotAllowed(_("this document is not waiting for a new attempt"))
    document = _requeue(document, actor=actor, reason=document.error_reason)
    transaction.on_commit(lambda: ingest_document.enqueue(document.pk))
    return document


@durable
def document_repaired(*, document: Document) -> Document:
    """A new upload replaced a stored copy that did not match its hash: read it again."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == Document.Status.QUEUED:
        return document
    if document.status == Document.Status.READING:
        document.claim = ""  # the worker reading the damaged copy must not store its result
    document = _requeue(document, actor=None, reason="stored_damaged")
    transaction.on_commit(lambda: ingest_document.enqueue(document.pk))
    return document
