"""Who is told what about follow-up: the focal points of each addressee Party, before the
deadline of a follow-up request (14 and 3 days) and once after it, while its report is
awaited. Each person in their own language."""

import datetime as dt

from lanzarote.lib.mail import mail_send
from lanzarote.monitoring.notifications import (
    Reminder,
    focal_points_q,
    people,
    reminders_sent,
    stage_of,
)
from lanzarote.parties.models import State

from .models import FollowUpRequest, Recommendation
from .selectors import addressee_ids, followup_statuses


def followup_reminders_due(*, today: dt.date) -> list[Reminder]:
    """The reminders of follow-up deadlines due today and not sent yet: for each addressee of
    the latest request of an adopted recommendation whose report is still awaited."""
    recommendations = list(
        Recommendation.objects.filter(
            status=Recommendation.Status.ADOPTED, followup_requests__isnull=False
        )
        .distinct()
        .select_related("round")
        .prefetch_related("addressees")
    )
    statuses = followup_statuses(recommendations)
    latest: dict[int, FollowUpRequest] = {}
    for asked in FollowUpRequest.objects.filter(recommendation__in=recommendations):
        latest[asked.recommendation_id] = asked  # ordered: the latest wins
    sent = reminders_sent(latest.values())
    by_pk = {r.pk: r for r in recommendations}
    states = State.objects.in_bulk({party for (_rec, party) in statuses})
    due = []
    for (rec_id, party_id), status in sorted(statuses.items()):
        request = latest.get(rec_id)
        if status.code != "requested" or request is None:
            continue
        stage = stage_of(request.deadline, today)
        key = f"followup-{stage}:party-{party_id}"
        if not stage or (str(request.pk), key) in sent:
            continue
        recommendation = by_pk[rec_id]
        to = people(who=focal_points_q([party_id]), is_demo=recommendation.is_demo)
        if to:
            due.append(
                Reminder(
                    request,
                    key,
                    "followup_reminder",
                    to,
                    {
                        "recommendation": recommendation,
                        "request": request,
                        "party": states[party_id],
                        "stage": stage,
                    },
                    f"{recommendation.uid} · {states[party_id].name_en} · {stage}",
                )
            )
    return due


def followup_requested(*, request_id: int) -> list[str]:
    """The focal points of each addressee Party are told follow-up is requested, with the
    recommendation, the deadline and the link, each in their own language."""
    request = FollowUpRequest.objects.select_related("recommendation__round").get(pk=request_id)
    recommendation = request.recommendation
    sent = []
    for party in State.objects.filter(pk__in=addressee_ids(recommendation)).order_by("name_en"):
        to = people(who=focal_points_q([party.pk]), is_demo=recommendation.is_demo)
        sent += mail_send(
            to=to,
            template="followup_reminder",
            context={
                "recommendation": recommendation,
                "request": request,
                "party": party,
                "stage": "requested",
            },
        )
    return sent
