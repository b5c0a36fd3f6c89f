"""Writes about replies. Each runs in one transaction, checks permission and state, and writes its
audit event; a reply's history is its audit trail."""

import hashlib
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lanzarote.accounts.models import Organisation
from lanzarote.accounts.permissions import acts_on, is_secretariat, organisation_of, party_of
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.errors import Conflict, NotAllowed, ServiceError
from lanzarote.lib.sanitise import answer_html
from lanzarote.lib.sniff import FileRefused, sniff
from lanzarote.lib.storage import disk_full, files_orphaned, store_file
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import Question, Questionnaire
from lanzarote.parties.models import State

from . import notifications
from .indexing import answer_index, attachment_unindex
from .models import Answer, Attachment, Document, Reply
from .permissions import (
    can_edit_reply,
    can_enter_on_behalf,
    can_reopen_reply,
    can_write_for,
    is_own_reply,
)

MAX_ANSWER_CHARACTERS = 100_000  # about 40 pages; longer texts belong in an attached document


class ReplyError(ServiceError):
    """The reply cannot change this way; the message says why."""


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


@durable
def reply_start(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    party: State | None = None,
    organisation: Organisation | None = None,
) -> Reply:
    """The respondent's draft reply, created on first use. A focal point replies for its Party,
    a stakeholder for its organisation; the Secretariat may start one for either."""
    questionnaire = Questionnaire.objects.select_related("round").get(pk=questionnaire.pk)
    if not can_enter_on_behalf(actor):
        party_id, organisation_id = party_of(actor), organisation_of(actor)
        party = State.objects.filter(pk=party_id).first() if party_id else None
        organisation = (
            Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
        )
        _require(bool(party or organisation), _("only a focal point or a stakeholder replies"))
        if not questionnaire.accepts_replies():
            raise ReplyError(_("this questionnaire is not open for replies"))
    if (party is None) == (organisation is None):
        raise ReplyError(_("a reply is given by one Party or one organisation"))
    _require(
        acts_on(actor, questionnaire), _("a demonstration login acts on demonstration data only")
    )
    if organisation and questionnaire.kind == Questionnaire.Kind.GENERAL_OVERVIEW:
        raise ReplyError(_("the General Overview questionnaire is answered by Parties"))
    questions = questionnaire.questions.all()
    if party and not any(q.addressed_to_parties() for q in questions):
        raise ReplyError(_("this questionnaire has no question for Parties"))
    if organisation and not any(q.addressed_to_stakeholders() for q in questions):
        raise ReplyError(_("this questionnaire has no question for stakeholders"))
    reply, created = Reply.objects.get_or_create(
        questionnaire=questionnaire,
        party=party,
        organisation=organisation,
        defaults={"publication_agreed": party is not None},
    )
    if created:
        audit_record(actor=actor, action=Action.REPLY_START, obj=reply, after=snapshot(reply))
    return reply


def _on_behalf(reply: Reply, actor: Any) -> bool:
    return can_enter_on_behalf(actor) and not is_own_reply(actor, reply)


class ReplyLocked(ReplyError, Conflict):
    """The reply was submitted meanwhile (a second click, another tab, another focal point)."""


class AnswerConflict(ReplyError, Conflict):
    """Someone saved the answer after the version its author saw: the last write does not win
    silently; the person who saves second sees both texts and chooses."""

    def __init__(self, *, answer: Answer, typed: str) -> None:
        super().__init__(_("someone else saved this answer while you were typing"))
        self.answer, self.typed = answer, typed


class AnswersRefused(ReplyError):
    """Some answers of a "Save all" cannot be saved; none was. By question id: the reason, or
    the answer saved meanwhile by someone else."""

    def __init__(self, *, errors: dict[int, str], conflicts: dict[int, Answer]) -> None:
        super().__init__(_("nothing was saved: correct the answers marked below"))
        self.errors, self.conflicts = errors, conflicts


def locked_message(reply: Reply) -> str:
    """What a person who tries to change a submitted reply is told: who submitted it, when."""
    if reply.submitted_at is None:
        return _("This reply is already submitted; it is locked.")
    who = reply.submitted_by
    name = (who.get_full_name() or who.get_username()) if who is not None else _("someone")
    when = date_format(timezone.localtime(reply.submitted_at), "j F Y, H:i")
    return _("This reply was already submitted by %(who)s on %(when)s; it is locked.") % {
        "who": name,
        "when": when,
    }


def _draft_for_update(reply: Reply, actor: Any, refusal: str) -> Reply:
    """The reply, its row locked until the transaction ends, checked to be still a draft the
    actor may change: a reply submitted meanwhile says so, and by whom (not "not allowed")."""
    reply = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("questionnaire__round")
        .get(pk=reply.pk)
    )
    if (
        reply.status == Reply.Status.SUBMITTED
        and can_write_for(actor, reply)
        and acts_on(actor, reply.questionnaire)
    ):
        raise ReplyLocked(locked_message(reply))
    _require(can_edit_reply(actor, reply), refusal)
    return reply


def _typed(text: str) -> str:
    """The text as typed: browsers send a textarea's line breaks as CR LF, two characters."""
    return text.replace("\r\n", "\n")


def _grouped(number: int) -> str:
    """A count as the reader's language writes it: 100,000 in English, 100 000 in French."""
    return number_format(number, force_grouping=True)


def answer_problem(*, reply: Reply, question: Question, text: str) -> str:
    """Why this text cannot be saved as the answer to this question ("" when it can)."""
    if question.questionnaire_id != reply.questionnaire_id:
        return _("this question is not in the reply's questionnaire")
    audience_ok = (
        question.addressed_to_parties() if reply.party_id else question.addressed_to_stakeholders()
    )
    if not audience_ok:
        return _("this question is not addressed to this respondent")
    length = len(_typed(text))
    if length > MAX_ANSWER_CHARACTERS:
        return _(
            "the answer is %(length)s characters long, %(over)s over the limit of %(n)s: "
            "shorten it or attach a document"
        ) % {
            "length": _grouped(length),
            "over": _grouped(length - MAX_ANSWER_CHARACTERS),
            "n": _grouped(MAX_ANSWER_CHARACTERS),
        }
    return ""


def _conflicting(answer: Answer | None, clean: str, version: int | None) -> bool:
    """Saved by someone else since ``version`` was read, with a text other than this one."""
    return (
        version is not None
        and answer is not None
        and answer.version != version
        and answer.text != clean
    )


def _answer_write(
    *, reply: Reply, question: Question, answer: Answer | None, clean: str, actor: Any
) -> Answer:
    if answer is None and not clean:
        # An empty field that was never answered: nothing to record.
        return Answer(reply=reply, question=question, text="", version=0)
    if answer is not None and answer.text == clean:
        return answer
    created = answer is None
    if answer is None:
        answer = Answer(reply=reply, question=question)
    before = None if created else snapshot(answer)
    answer.text, answer.updated_by = clean, actor
    answer.version += 1
    answer.save()
    if _on_behalf(reply, actor) and not reply.entered_by_secretariat:
        reply.entered_by_secretariat = True
    reply.save()  # updated_at
    reason = "entered by the Secretariat for the respondent" if _on_behalf(reply, actor) else ""
    answer_index(answer=answer)
    audit_record(
        actor=actor,
        action=Action.ANSWER_SAVE,
        obj=answer,
        before=before,
        after=snapshot(answer),
        reason=reason,
    )
    return answer


@durable
def answer_save(
    *, reply: Reply, question: Question, text: str, actor: Any, version: int | None = None
) -> Answer:
    """Save one answer (autosaved drafts land here). The text is sanitised before it is stored.
    With ``version`` (the one its author saw), a save after someone else's is a conflict."""
    reply = _draft_for_update(reply, actor, _("you cannot change this reply"))
    if problem := answer_problem(reply=reply, question=question, text=text):
        raise ReplyError(problem)
    clean = answer_html(_typed(text))
    answer = Answer.objects.filter(reply=reply, question=question).first()
    if _conflicting(answer, clean, version):
        assert answer is not None
        raise AnswerConflict(answer=answer, typed=text)
    return _answer_write(reply=reply, question=question, answer=answer, clean=clean, actor=actor)


@durable
def answers_save(
    *, reply: Reply, answers: list[tuple[Question, str, int | None]], actor: Any
) -> list[Answer]:
    """The reply form's "Save all": every answer is checked first, then all are saved or
    none (AnswersRefused says which and why). Each item is (question, text, the version its
    author saw or None); an answer whose text did not change is not saved again, nor recorded."""
    reply = _draft_for_update(reply, actor, _("you cannot change this reply"))
    existing = {a.question_id: a for a in reply.answers.all()}
    errors: dict[int, str] = {}
    conflicts: dict[int, Answer] = {}
    checked = []
    for question, text, version in answers:
        if problem := answer_problem(reply=reply, question=question, text=text):
            errors[question.pk] = problem
            continue
        clean = answer_html(_typed(text))
        answer = existing.get(question.pk)
        if _conflicting(answer, clean, version):
            assert answer is not None
            conflicts[question.pk] = answer
        checked.append((question, answer, clean))
    if errors or conflicts:
        raise AnswersRefused(errors=errors, conflicts=conflicts)
    return [
        _answer_write(reply=reply, question=question, answer=answer, clean=clean, actor=actor)
        for question, answer, clean in checked
    ]


@durable
def reply_update_settings(
    *, reply: Reply, actor: Any, language: str | None = None, publication_agreed: bool | None = None
) -> Reply:
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    _require(can_edit_reply(actor, reply), _("you cannot change this reply"))
    before = snapshot(reply)
    if language is not None:
        if language not in Reply.Language.values:
            raise ReplyError(_("unknown language"))
        reply.language = language
    if publication_agreed is not None:
        if reply.party_id:
            raise ReplyError(_("a Party's reply is public once the replies are published"))
        _require(
            is_own_reply(actor, reply),
            _("only the stakeholder decides whether its reply may be published"),
        )
        reply.publication_agreed = publication_agreed
    reply.save()
    audit_record(
        actor=actor, action=Action.REPLY_SETTINGS, obj=reply, before=before, after=snapshot(reply)
    )
    return reply


@durable
def reply_submit(*, reply: Reply, actor: Any) -> Reply:
    """Submit the reply as a whole; it is then locked. After the deadline it is accepted and
    marked late."""
    reply = _draft_for_update(reply, actor, _("you cannot submit this reply"))
    if not reply.answers.exclude(text="").exists() and not reply.attachments.exists():
        raise ReplyError(_("the reply is empty: answer at least one question or attach a document"))
    before = snapshot(reply)
    reply.status = Reply.Status.SUBMITTED
    reply.submitted_at, reply.submitted_by = timezone.now(), actor
    if _on_behalf(reply, actor):
        reply.entered_by_secretariat = True
    reply.save()
    audit_record(
        actor=actor,
        action=Action.REPLY_SUBMIT,
        obj=reply,
        before=before,
        after=snapshot(reply),
        reason="late" if reply.is_late else "",
    )
    transaction.on_commit(partial(notifications.reply_submitted, reply_id=reply.pk), robust=True)
    return reply


@durable
def reply_reopen(*, reply: Reply, actor: Any, reason: str) -> Reply:
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.status == Reply.Status.DRAFT and is_secretariat(actor):
        raise ReplyError(_("the reply is already open for changes"))
    _require(can_reopen_reply(actor, reply), _("only the Secretariat reopens a submitted reply"))
    if not reason.strip():
        raise ReplyError(_("say why the reply is reopened"))
    before = snapshot(reply)
    reply.status, reply.submitted_at, reply.submitted_by = Reply.Status.DRAFT, None, None
    reply.save()
    audit_record(
        actor=actor,
        action=Action.REPLY_REOPEN,
        obj=reply,
        before=before,
        after=snapshot(reply),
        reason=reason.strip(),
    )
    transaction.on_commit(
        partial(notifications.reply_reopened, reply_id=reply.pk, reason=reason.strip()), robust=True
    )
    return reply


# What a person reads when a document is refused, by the reason lib.sniff gives; the English
# detail of lib.sniff (the exact format found, the byte at fault) follows in parentheses.
REFUSALS = {
    "empty": gettext_lazy("the file is empty"),
    "too_large": gettext_lazy("the file is larger than the size allowed"),
    "truncated_pdf": gettext_lazy("the PDF file is incomplete; export it again"),
    "damaged_pdf": gettext_lazy("the PDF file is damaged; export it again"),
    "legacy_office": gettext_lazy(
        "Word 97-2003 files (.doc) are not accepted; save as .docx or PDF"
    ),
    "other_office": gettext_lazy(
        "only Word documents (.docx) are accepted among office files; save as .docx or PDF"
    ),
    "encrypted": gettext_lazy("the document is protected by a password; remove it and try again"),
    "macros": gettext_lazy("documents with macros are not accepted; save without macros"),
    "archive": gettext_lazy("archives are not accepted"),
    "damaged_zip": gettext_lazy("the document is damaged"),
    "zip_bomb": gettext_lazy("the document expands to an unreasonable size and is refused"),
    "xml_entities": gettext_lazy("the document contains XML entities and is refused"),
    "xml_encoding": gettext_lazy("the document has parts in an unusual encoding and is refused"),
    "image": gettext_lazy("images are not accepted"),
    "video": gettext_lazy("video and audio files are not accepted"),
    "audio": gettext_lazy("video and audio files are not accepted"),
    "executable": gettext_lazy("programs are not accepted"),
    "binary": gettext_lazy("the file is not a text document"),
    "encoding": gettext_lazy("the text is not in UTF-8; save it as UTF-8"),
}


def refusal_message(exc: FileRefused) -> str:
    accepted = _("only PDF, Word (.docx), plain text and HTML documents are accepted")
    reason = REFUSALS.get(getattr(exc, "reason", ""))
    if reason is None:
        return str(exc)
    return f"{reason}; {accepted} ({exc})"


def max_upload_bytes() -> int:
    return int(settings.LANZAROTE_MAX_UPLOAD_MB) * 1024 * 1024


@durable
def attachment_add(*, reply: Reply, name: str, data: bytes, actor: Any) -> Attachment:
    """Attach a document. Its type is sniffed from the content against the allow-list; the file
    is stored, and read, once by content hash however many replies attach it. Reading happens in
    the background once the transaction has committed."""
    # Reading loads numpy (the linker): imported when a document arrives, not when a page starts.
    from . import ingestion

    _require(can_edit_reply(actor, reply), _("you cannot change this reply"))
    try:
        sniffed = sniff(data, max_bytes=max_upload_bytes())
    except FileRefused as exc:
        raise ReplyError(refusal_message(exc)) from None
    digest = hashlib.sha256(data).hexdigest()
    document = Document.objects.filter(sha256=digest).first()
    if document is not None and reply.attachments.filter(document=document).exists():
        raise ReplyError(_("this document is already attached to the reply"))
    path = (
        f"documents/{digest[:2]}/{digest}{sniffed.extension}"
        if document is None
        else str(document.file.name)
    )
    try:
        # Content-addressed and written atomically (replies/ingestion.py): a copy that is
        # there already is reused only if its size and hash are right, else replaced.
        repaired = store_file(name=path, data=data, sha256=digest)
    except OSError as exc:
        if disk_full(exc):
            raise ReplyError(
                _(
                    "the server's disk is full, so the document was not stored; "
                    "try again later or tell the Secretariat"
                )
            ) from None
        raise
    if document is None:
        created = Document.objects.create(
            sha256=digest,
            file=path,
            kind=sniffed.kind,
            content_type=sniffed.content_type,
            size=len(data),
        )
        transaction.on_commit(lambda: ingestion.ingest_document.enqueue(created.pk))
        document = created
    elif repaired:
        document = ingestion.document_repaired.nested(document=document)
    attachment = Attachment.objects.create(
        reply=reply,
        document=document,
        original_name=name[:255] or f"document{sniffed.extension}",
        uploaded_by=actor,
    )
    if document.status == Document.Status.READY:
        transaction.on_commit(lambda: ingestion.link_attachment.enqueue(attachment.pk))
    audit_record(
        actor=actor, action=Action.ATTACHMENT_ADD, obj=attachment, after=snapshot(attachment)
    )
    return attachment


def document_files_orphaned(*, min_age: timedelta) -> int:
    """Remove stored document files that no document names, older than ``min_age`` (a server
    killed after storing an upload and before its row committed left them; a document's row
    is never deleted)."""
    known = {str(name) for name in Document.objects.values_list("file", flat=True)}
    return files_orphaned(folder="documents", known=known, min_age=min_age)


@durable
def attachment_remove(*, attachment: Attachment, actor: Any) -> None:
    _require(can_edit_reply(actor, attachment.reply), _("you cannot change this reply"))
    audit_record(
        actor=actor, action=Action.ATTACHMENT_REMOVE, obj=attachment, before=snapshot(attachment)
    )
    attachment_unindex(attachment=attachment)
    attachment.delete()  # the stored file stays: other replies may share it, and history cites it
