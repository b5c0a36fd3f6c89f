"""Who is told what about rounds, and the people e-mails go to. The e-mails are sent once the
change that causes them is committed (services call these through transaction.on_commit);
reminders are recorded in the audit trail so that none is sent twice."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from lanzarote.accounts.models import Profile
from lanzarote.audit.actions import Action
from lanzarote.audit.models import AuditEvent
from lanzarote.audit.services import audit_record
from lanzarote.lib.mail import Recipient, mail_send
from lanzarote.lib.transactions import durable

from .models import Question, Round
from .selectors import round_party_ids

# Reminders go this many days before a deadline (the most urgent one due, once), then once
# after it has passed.
REMINDER_DAYS = (14, 3)


def people(*, who: Q, is_demo: bool, exclude: Iterable[int] = ()) -> list[Recipient]:
    """The active people matching ``who`` (a condition on their profile) that have an e-mail
    address, each with their language. Demonstration logins hear of demonstration data only,
    and real people of real data only."""
    users = (
        get_user_model()
        .objects.filter(who, is_active=True, profile__is_demo=is_demo)
        .exclude(email="")
        .exclude(pk__in=list(exclude))
        .order_by("email")
        .values_list("email", "profile__language")
    )
    seen: dict[str, str] = {}
    for email, language in users:
        seen.setdefault(email, language or "en")
    return [Recipient(email, language) for email, language in seen.items()]


def focal_points_q(party_ids: Iterable[int | None]) -> Q:
    return Q(profile__role=Profile.Role.FOCAL_POINT, profile__party_id__in=list(party_ids))


def members_q(organisation_ids: Iterable[int | None]) -> Q:
    return Q(
        profile__role=Profile.Role.STAKEHOLDER, profile__organisation_id__in=list(organisation_ids)
    )


SECRETARIAT_Q = Q(profile__role=Profile.Role.SECRETARIAT)
STAKEHOLDERS_Q = Q(profile__role=Profile.Role.STAKEHOLDER)


def stage_of(deadline: dt.date, today: dt.date) -> str:
    """Which reminder a deadline calls for today: "passed", the number of days of the most
    urgent reminder due ("3", "14"), or "" (none yet)."""
    days_left = (deadline - today).days
    if days_left < 0:
        return "passed"
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return str(min(due)) if due else ""


def reminders_sent(objects: Iterable[models.Model]) -> set[tuple[str, str]]:
    """(object id, key) of every reminder already recorded for these objects."""
    objects = list(objects)
    if not objects:
        return set()
    events = AuditEvent.objects.filter(
        action=Action.NOTIFY_REMINDER,
        object_type=objects[0]._meta.label_lower,
        object_id__in=[str(o.pk) for o in objects],
    ).values_list("object_id", "after")
    return {(object_id, (after or {}).get("key", "")) for object_id, after in events}


@durable
def reminder_record(
    *, obj: models.Model, key: str, to: list[str], actor: Any = None, reason: str = ""
) -> None:
    """Record that a reminder was sent (by the `remind` command when ``actor`` is None)."""
    audit_record(
        actor=actor,
        actor_label="" if actor else "lanzarote remind",
        action=Action.NOTIFY_REMINDER,
        obj=obj,
        after={"key": key, "to": to},
        reason=reason,
    )


@dataclass
class Reminder:
    """One reminder to the people of one respondent about one object; ``key`` makes it once
    only (recorded on ``obj`` when sent)."""

    obj: models.Model
    key: str
    template: str
    to: list[Recipient]
    context: dict[str, Any] = field(default_factory=dict)
    label: str = ""


def reminders_deliver(reminders: Iterable[Reminder]) -> list[tuple[Reminder, list[str]]]:
    """Send each reminder, then record it with the addresses it reached. A reminder the mail
    server refused entirely is not recorded, so the next run tries it again."""
    done = []
    for reminder in reminders:
        sent = mail_send(to=reminder.to, template=reminder.template, context=reminder.context)
        if sent:
            reminder_record(obj=reminder.obj, key=reminder.key, to=sent)
        done.append((reminder, sent))
    return done


def round_opened(*, round_id: int) -> list[str]:
    """The focal points of the Parties the round monitors are told the round is open, its
    questionnaires and deadlines; the stakeholders too when a questionnaire has questions for
    them."""
    round_ = Round.objects.get(pk=round_id)
    questionnaires = list(round_.questionnaires.order_by("deadline", "uid"))
    audiences = set(
        Question.objects.filter(questionnaire__in=questionnaires).values_list("audience", flat=True)
    )
    context = {"round": round_, "questionnaires": questionnaires}
    sent = []
    if audiences & {Question.Audience.PARTIES, Question.Audience.BOTH}:
        to = people(who=focal_points_q(round_party_ids(round_)), is_demo=round_.is_demo)
        sent += mail_send(to=to, template="round_opened", context={**context, "party": True})
    if audiences & {Question.Audience.STAKEHOLDERS, Question.Audience.BOTH}:
        to = people(who=STAKEHOLDERS_Q, is_demo=round_.is_demo)
        sent += mail_send(to=to, template="round_opened", context={**context, "party": False})
    return sent
