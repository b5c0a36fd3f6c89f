"""Who is told what about replies: a receipt when a reply is submitted, the reason when it is
reopened, reminders before and after a deadline. Each person in their own language."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import acts_on
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.mail import mail_send
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import Question, Questionnaire, Round
from lanzarote.monitoring.notifications import (
    Reminder,
    focal_points_q,
    members_q,
    people,
    reminder_record,
    reminders_sent,
    stage_of,
)
from lanzarote.monitoring.selectors import round_party_ids
from lanzarote.parties.models import State

from .models import Reply
from .permissions import can_follow_replies


class ReminderError(ServiceError):
    """No reminder can be sent now; the message says why."""


def _respondent_q(reply: Reply) -> Q:
    if reply.party_id:
        return focal_points_q([reply.party_id])
    return members_q([reply.organisation_id])


def _reply(reply_id: int) -> Reply:
    return Reply.objects.select_related(
        "questionnaire__round", "party", "organisation", "submitted_by"
    ).get(pk=reply_id)


def reply_submitted(*, reply_id: int) -> list[str]:
    """A receipt to the person who submitted the reply and to the others who speak for the
    same Party or organisation."""
    reply = _reply(reply_id)
    if reply.status != Reply.Status.SUBMITTED:
        return []
    submitter = reply.submitted_by
    to = people(
        who=_respondent_q(reply) | Q(pk=getattr(submitter, "pk", None)),
        is_demo=reply.questionnaire.is_demo,
    )
    name = (submitter.get_full_name() or submitter.get_username()) if submitter else "—"
    return mail_send(
        to=to,
        template="reply_submitted",
        context={
            "reply": reply,
            "respondent": reply.party or reply.organisation,
            "submitter": name,
        },
    )


def reply_reopened(*, reply_id: int, reason: str) -> list[str]:
    """Those who speak for the respondent are told the reply is open again, and why."""
    reply = _reply(reply_id)
    to = people(who=_respondent_q(reply), is_demo=reply.questionnaire.is_demo)
    return mail_send(
        to=to,
        template="reply_reopened",
        context={
            "reply": reply,
            "respondent": reply.party or reply.organisation,
            "reason": reason,
        },
    )


def _unsubmitted(questionnaire: Questionnaire) -> Iterator[tuple[str, Any, Reply | None, Q]]:
    """(respondent key, Party or organisation, its reply, who speaks for it) of every
    respondent that has not submitted: each Party the round monitors when a question is for
    Parties; each stakeholder that started a reply when a question is for stakeholders
    (replying is voluntary for them, so those who did not start are not chased)."""
    audiences = set(questionnaire.questions.values_list("audience", flat=True))
    replies = list(questionnaire.replies.select_related("party", "organisation"))
    if audiences & {Question.Audience.PARTIES, Question.Audience.BOTH}:
        by_party = {r.party_id: r for r in replies if r.party_id}
        round_ = questionnaire.round
        party_ids = round_party_ids(round_) if round_ is not None else set()
        for party in State.objects.filter(pk__in=party_ids).order_by("name_en"):
            reply = by_party.get(party.pk)
            if reply is None or reply.status != Reply.Status.SUBMITTED:
                yield f"party-{party.pk}", party, reply, focal_points_q([party.pk])
    if audiences & {Question.Audience.STAKEHOLDERS, Question.Audience.BOTH}:
        for reply in replies:
            if reply.organisation_id and reply.status != Reply.Status.SUBMITTED:
                yield (
                    f"organisation-{reply.organisation_id}",
                    reply.organisation,
                    reply,
                    members_q([reply.organisation_id]),
                )


def deadline_reminders_due(*, today: dt.date) -> list[Reminder]:
    """The reminders of questionnaire deadlines due today and not sent yet, in the rounds open
    for replies: the most urgent of 14 and 3 days before, then once after the deadline."""
    questionnaires = list(
        Questionnaire.objects.filter(round__status=Round.Status.OPEN, deadline__isnull=False)
        .select_related("round")
        .order_by("deadline", "uid")
    )
    sent = reminders_sent(questionnaires)
    due = []
    for questionnaire in questionnaires:
        assert questionnaire.deadline is not None
        stage = stage_of(questionnaire.deadline, today)
        if not stage:
            continue
        for respondent_key, respondent, reply, who in _unsubmitted(questionnaire):
            key = f"deadline-{stage}:{questionnaire.deadline.isoformat()}:{respondent_key}"
            if (str(questionnaire.pk), key) in sent:
                continue
            to = people(who=who, is_demo=questionnaire.is_demo)
            if to:
                due.append(
                    Reminder(
                        questionnaire,
                        key,
                        "deadline_reminder",
                        to,
                        {
                            "questionnaire": questionnaire,
                            "respondent": respondent,
                            "reply": reply,
                            "stage": stage,
                        },
                        f"{questionnaire.uid} · {respondent.name_en} · {stage}",
                    )
                )
    return due


@durable
def reminder_send(*, questionnaire: Questionnaire, actor: Any) -> list[str]:
    """The Secretariat reminds every respondent that has not submitted (from the state of
    play); audited with the addresses; the e-mails leave once that is recorded."""
    if not can_follow_replies(actor) or not acts_on(actor, questionnaire):
        raise NotAllowed(_("only the Secretariat sends reminders"))
    if questionnaire.round is None or questionnaire.round.status != Round.Status.OPEN:
        raise ReminderError(_("reminders are sent while the round is open for replies"))
    passed = bool(questionnaire.deadline and questionnaire.deadline < timezone.localdate())
    reminders = []
    for respondent_key, respondent, reply, who in _unsubmitted(questionnaire):
        to = people(who=who, is_demo=questionnaire.is_demo)
        if to:
            reminders.append(
                Reminder(
                    questionnaire,
                    f"manual:{respondent_key}",
                    "deadline_reminder",
                    to,
                    {
                        "questionnaire": questionnaire,
                        "respondent": respondent,
                        "reply": reply,
                        "stage": "passed" if passed else "manual",
                    },
                )
            )
    addresses = sorted({person.email for r in reminders for person in r.to})
    reminder_record.nested(
        obj=questionnaire,
        key=f"manual:{timezone.now().isoformat()}",
        to=addresses,
        actor=actor,
        reason="sent from the state of play",
    )
    transaction.on_commit(
        lambda: [mail_send(to=r.to, template=r.template, context=r.context) for r in reminders]
    )
    return addresses
