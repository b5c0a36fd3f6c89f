"""Reads of replies, always through the viewer's visibility (replies/permissions.py), applied in
the query before anything is counted or shown."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lanzarote.accounts.models import Organisation
from lanzarote.accounts.permissions import is_demo_user, organisation_of, party_of
from lanzarote.audit.actions import Action
from lanzarote.audit.models import AuditEvent
from lanzarote.lib.heartbeat import WORKER_SILENT_AFTER, WORKER_STATE_FILE, heartbeat_age
from lanzarote.lib.sanitise import html_for_editing
from lanzarote.monitoring.models import Question, Questionnaire, Round
from lanzarote.parties.models import State, TreatyStatus

from .models import Answer, Attachment, Document, PassageLink, Reply
from .permissions import can_view_reply, reply_visibility_q


def reply_list(*, questionnaire: Questionnaire, viewer: Any) -> QuerySet[Reply]:
    return (
        questionnaire.replies.filter(reply_visibility_q(viewer))
        .select_related("party", "organisation", "questionnaire")
        .annotate(
            answered=Count("answers", filter=~Q(answers__text=""), distinct=True),
            attachment_count=Count("attachments", distinct=True),
        )
    )


def reply_get(*, pk: int, viewer: Any) -> Reply:
    reply = (
        Reply.objects.select_related("party", "organisation", "questionnaire__round")
        .filter(pk=pk)
        .first()
    )
    if reply is None or not can_view_reply(viewer, reply):
        raise Http404("no such reply")  # the same answer whether it is hidden or absent
    return reply


def reply_of_respondent(
    *,
    questionnaire: Questionnaire,
    viewer: Any,
    party: State | None = None,
    organisation: Organisation | None = None,
) -> Reply | None:
    replies = reply_list(questionnaire=questionnaire, viewer=viewer)
    if party is not None:
        return replies.filter(party=party).first()
    return replies.filter(organisation=organisation).first()


def text_digest(text: str) -> str:
    """A short fingerprint of a text as the reply form shows it, so that "Save all" can tell a
    field its author changed from one left as it was shown."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()[:32]


@dataclass
class QuestionAnswer:
    question: Question
    answer: Answer | None
    # After a refused "Save all": what its author typed (kept in the field), why it was not
    # saved, or the answer someone else saved meanwhile.
    typed: str | None = None
    error: str = ""
    conflict: Answer | None = None
    seen_version: int | None = None

    @property
    def stored_text(self) -> str:
        return html_for_editing(self.answer.text) if self.answer else ""

    @property
    def field_text(self) -> str:
        return self.typed if self.typed is not None else self.stored_text

    @property
    def shown_digest(self) -> str:
        return text_digest(self.stored_text)

    @property
    def version(self) -> int:
        """The version the form carries: the one its author saw, or the stored one."""
        if self.seen_version is not None and self.conflict is None:
            return self.seen_version
        return self.answer.version if self.answer else 0


def reply_answers(*, reply: Reply) -> list[QuestionAnswer]:
    """Every question addressed to the respondent, in questionnaire order, with its answer."""
    answers = {a.question_id: a for a in reply.answers.all()}
    questions = reply.questionnaire.questions.all()
    audience = (
        Question.addressed_to_parties if reply.party_id else Question.addressed_to_stakeholders
    )
    return [QuestionAnswer(q, answers.get(q.pk)) for q in questions if audience(q)]


def reply_attachments(*, reply: Reply) -> QuerySet[Attachment]:
    return reply.attachments.select_related("document")


def attachment_get(*, pk: int, viewer: Any) -> Attachment:
    attachment = (
        Attachment.objects.select_related("reply__questionnaire__round", "document")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not can_view_reply(viewer, attachment.reply):
        raise Http404("no such document")
    return attachment


def answers_to_question(
    *, question: Question, viewer: Any, respondent_kind: str = "", party: State | None = None
) -> QuerySet[Answer]:
    """Every visible answer to one question, side by side: the view compiled by hand today."""
    answers = (
        question.answers.filter(reply_visibility_q(viewer, prefix="reply__"))
        .exclude(text="")
        .select_related("reply__party", "reply__organisation__country")
        .order_by("reply__organisation", "reply__party__name_en", "reply__organisation__name_en")
    )
    if respondent_kind == "party":
        answers = answers.filter(reply__party__isnull=False)
    elif respondent_kind:
        answers = answers.filter(reply__organisation__kind=respondent_kind)
    if party is not None:
        answers = answers.filter(Q(reply__party=party) | Q(reply__organisation__country=party))
    return answers


def my_replies(*, viewer: Any) -> list[tuple[Questionnaire, Reply | None]]:
    """For a focal point or a stakeholder: the questionnaires open to them, with their reply."""
    party, organisation = party_of(viewer), organisation_of(viewer)
    if not party and not organisation:
        return []
    open_questionnaires = Questionnaire.objects.filter(
        Q(kind=Questionnaire.Kind.GENERAL_OVERVIEW) | Q(round__status=Round.Status.OPEN)
    ).select_related("round")
    if is_demo_user(viewer):
        open_questionnaires = open_questionnaires.filter(is_demo=True)
    # through the visibility rule: a reply started on the respondent's behalf in a round still in
    # preparation is the Secretariat's own work, its questionnaire not yet shown to anyone
    mine = Reply.objects.filter(reply_visibility_q(viewer)).filter(
        Q(party_id=party) if party else Q(organisation_id=organisation)
    )
    if is_demo_user(viewer):
        mine = mine.filter(questionnaire__is_demo=True)
    replies = {r.questionnaire_id: r for r in mine}
    rows = []
    for questionnaire in open_questionnaires:
        if questionnaire.kind == Questionnaire.Kind.GENERAL_OVERVIEW and not party:
            continue
        rows.append((questionnaire, replies.get(questionnaire.pk)))
    for reply in mine.exclude(questionnaire__in=open_questionnaires).select_related(
        "questionnaire"
    ):
        rows.append((reply.questionnaire, reply))
    return rows


@dataclass
class PlayRow:
    respondent: str
    party: State | None
    organisation: Organisation | None
    reply: Reply | None
    answered: int
    expected: int

    deadline_passed: bool = False

    @property
    def late(self) -> bool:
        """Submitted after the deadline, or the deadline passed and nothing submitted yet."""
        if self.reply and self.reply.submitted_at:
            return self.reply.is_late
        return self.deadline_passed


def state_of_play(*, questionnaire: Questionnaire) -> list[PlayRow]:
    """Who has replied, who is late, how complete each reply is (for the Secretariat)."""
    questions = list(questionnaire.questions.all())
    for_parties = sum(q.addressed_to_parties() for q in questions)
    for_stakeholders = sum(q.addressed_to_stakeholders() for q in questions)
    replies = list(
        questionnaire.replies.select_related("party", "organisation", "questionnaire").annotate(
            answered=Count("answers", filter=~Q(answers__text=""))
        )
    )
    by_party = {r.party_id: r for r in replies if r.party_id}
    round_ = questionnaire.round
    if round_ is not None and round_.parties.exists():
        expected = list(round_.parties.all())
    else:
        expected = list(
            State.objects.filter(
                treaty_statuses__treaty=questionnaire.treaty,
                treaty_statuses__status=TreatyStatus.Status.PARTY,
            )
        )
    expected_ids = {state.pk for state in expected}
    expected += [r.party for r in replies if r.party is not None and r.party_id not in expected_ids]
    passed = bool(questionnaire.deadline and timezone.localdate() > questionnaire.deadline)
    rows = [
        PlayRow(
            str(state.name),
            state,
            None,
            by_party.get(state.pk),
            getattr(by_party.get(state.pk), "answered", 0),
            for_parties,
            passed,
        )
        for state in sorted(expected, key=lambda s: str(s.name))
    ]
    rows += [
        PlayRow(r.respondent_name, None, r.organisation, r, r.answered, for_stakeholders, passed)
        for r in replies
        if r.organisation is not None
    ]
    return rows


def prefetch_for_reading(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    return replies.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question"))
    )


def reply_reopened(*, reply: Reply) -> AuditEvent | None:
    """While a reply is open again after its submission: the Secretariat's reopening (when,
    who, and the reason it gave), for the respondent to read on the reply's page."""
    if reply.status != Reply.Status.DRAFT or reply.pk is None:
        return None
    return (
        AuditEvent.objects.filter(
            object_type="replies.reply", object_id=str(reply.pk), action=Action.REPLY_REOPEN
        )
        .order_by("-created_at", "-id")
        .first()
    )


def reply_history(*, reply: Reply) -> list[tuple[AuditEvent, str]]:
    """Every audit event of the reply, its answers and its documents (removed ones included),
    newest first, each with the question it concerns."""
    answers = {str(a.pk): a.question.number for a in reply.answers.select_related("question")}
    attachment_ids = {
        e.object_id
        for e in AuditEvent.objects.filter(
            object_type="replies.attachment", after__reply_id=reply.pk
        )
    }
    attachment_ids |= {str(pk) for pk in reply.attachments.values_list("pk", flat=True)}
    events = AuditEvent.objects.filter(
        Q(object_type="replies.reply", object_id=str(reply.pk))
        | Q(object_type="replies.answer", object_id__in=list(answers))
        | Q(object_type="replies.attachment", object_id__in=list(attachment_ids))
    ).order_by("-created_at", "-id")
    return [
        (event, answers.get(event.object_id, "") if event.object_type == "replies.answer" else "")
        for event in events
    ]


def passages_for_question(
    *, question: Question, viewer: Any, respondent_kind: str = "", party: State | None = None
) -> QuerySet[PassageLink]:
    """The document passages linked to one question, from replies the viewer may read, only
    once their document has been read in full."""
    links = (
        PassageLink.objects.filter(
            question=question, attachment__document__status=Document.Status.READY
        )
        .filter(reply_visibility_q(viewer, prefix="attachment__reply__"))
        .select_related(
            "passage",
            "attachment__document",
            "attachment__reply__party",
            "attachment__reply__organisation",
        )
        .order_by("attachment__reply_id", "attachment_id", "passage__index")
    )
    if respondent_kind == "party":
        links = links.filter(attachment__reply__party__isnull=False)
    elif respondent_kind:
        links = links.filter(attachment__reply__organisation__kind=respondent_kind)
    if party is not None:
        links = links.filter(
            Q(attachment__reply__party=party) | Q(attachment__reply__organisation__country=party)
        )
    return links


def confidential_reply_ids(*, reply_ids: set[int | None]) -> set[int]:
    """Which of these replies are stakeholders' replies whose publication is not agreed: the
    marker beside each search hit taken from one, in one query."""
    ids = {pk for pk in reply_ids if pk}
    if not ids:
        return set()
    return set(
        Reply.objects.filter(
            pk__in=ids, organisation__isnull=False, publication_agreed=False
        ).values_list("pk", flat=True)
    )


def replies_received_by_round(*, viewer: Any) -> dict[int, int]:
    """Submitted replies the viewer may read, per round still collecting or analysing them."""
    replies = Reply.objects.filter(
        reply_visibility_q(viewer),
        status=Reply.Status.SUBMITTED,
        questionnaire__round__status__in=[
            Round.Status.OPEN,
            Round.Status.REPLIES_CLOSED,
            Round.Status.ANALYSIS,
        ],
    )
    if is_demo_user(viewer):
        replies = replies.filter(questionnaire__is_demo=True)
    return dict(replies.values_list("questionnaire__round_id").annotate(n=Count("id")))


def worker_silence() -> int | None:
    """Whole minutes since the background worker that reads documents was last seen, when that is
    too long for a waiting document to move (-1: never seen); None while it beats, or where tasks
    run in the web server's own process (no worker to wait for)."""
    from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    # (the backend itself: `default_task_backend` is a proxy, never an instance of it)
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    age = heartbeat_age(settings.DATA_DIR / WORKER_STATE_FILE, now=timezone.now())
    if age is None:
        return -1
    return int(age.total_seconds() // 60) if age > WORKER_SILENT_AFTER else None
