"""Reads of recommendations and of where their follow-up stands, Party by Party."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import acts_on, is_demo_user, party_of
from lanzarote.assessments.models import Finding
from lanzarote.assessments.permissions import finding_visibility_q
from lanzarote.audit.models import AuditEvent
from lanzarote.audit.selectors import audit_events_for
from lanzarote.lib.dates import date_text
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State, TreatyStatus
from lanzarote.treaties.models import Provision, Treaty

from .models import ComplianceEvaluation, FollowUpReport, FollowUpRequest, Recommendation
from .permissions import can_track_followup, followup_report_q, recommendation_visibility_q


def recommendation_list(*, viewer: Any, round_: Round | None = None) -> QuerySet[Recommendation]:
    recommendations = Recommendation.objects.filter(recommendation_visibility_q(viewer))
    if round_ is not None:
        recommendations = recommendations.filter(round=round_)
    return recommendations.select_related("round", "adopted_at").prefetch_related(
        "addressees", "provisions"
    )


def recommendation_get(*, pk: int, viewer: Any) -> Recommendation:
    try:
        return recommendation_list(viewer=viewer).get(pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404("no such recommendation") from None


def round_findings(*, round_: Round, viewer: Any) -> QuerySet[Finding]:
    """The round's findings the viewer may see, which a recommendation may rest on, by Party
    then indicator."""
    return (
        Finding.objects.filter(finding_visibility_q(viewer), indicator__scheme__round=round_)
        .select_related("party", "indicator")
        .order_by("party__name_en", "indicator__position")
    )


def treaty_provisions(*, treaty: Treaty, uids: Iterable[str]) -> QuerySet[Provision]:
    """The treaty's provisions of these uids (those that exist)."""
    return Provision.objects.filter(treaty=treaty, uid__in=uids)


def recommendation_provisions(*, recommendation: Recommendation) -> QuerySet[Provision]:
    return recommendation.provisions.select_related("article")


def recommendation_findings(*, recommendation: Recommendation, viewer: Any) -> QuerySet[Finding]:
    """The findings a recommendation rests on that the viewer may see."""
    return recommendation.findings.filter(finding_visibility_q(viewer)).select_related(
        "party", "indicator"
    )


def recommendation_evaluations(*, recommendation: Recommendation) -> QuerySet[ComplianceEvaluation]:
    """The compliance evaluations recorded on a recommendation, with who recorded them."""
    return ComplianceEvaluation.objects.filter(recommendation=recommendation).select_related(
        "recorded_by", "adopted_at"
    )


def recommendation_followup_reports(
    *, recommendation: Recommendation, viewer: Any
) -> QuerySet[FollowUpReport]:
    """The follow-up reports on a recommendation that the viewer may read."""
    return FollowUpReport.objects.filter(
        followup_report_q(viewer), request__recommendation=recommendation
    ).select_related("party", "organisation", "submitted_by")


def recommendation_followup_requests(
    *, recommendation: Recommendation
) -> QuerySet[FollowUpRequest]:
    return recommendation.followup_requests.all()


def recommendation_comments(*, recommendation: Recommendation):
    return recommendation.comments.select_related("author")


def recommendation_events(*, recommendation: Recommendation) -> list[AuditEvent]:
    """A recommendation's audit trail, oldest first."""
    return list(audit_events_for(obj=recommendation).order_by("created_at", "pk"))


def _round_party_ids(round_: Round) -> set[int]:
    """The Parties monitored in the round; where the round's list is not recorded, every State
    with a status under the treaty (the report addressed "all Parties")."""
    ids = set(round_.parties.values_list("pk", flat=True))
    if not ids:
        ids = set(
            TreatyStatus.objects.filter(treaty_id=round_.treaty_id).values_list(
                "state_id", flat=True
            )
        )
    return ids


def addressee_map(recommendations: Iterable[Recommendation]) -> dict[int, set[int]]:
    """Each recommendation's addressees (State ids), the Parties of a round read once per round
    (addressees prefetched by the caller)."""
    rounds: dict[int, set[int]] = {}
    out = {}
    for rec in recommendations:
        if rec.addressed_to_all:
            if rec.round_id not in rounds:
                rounds[rec.round_id] = _round_party_ids(rec.round)
            out[rec.pk] = rounds[rec.round_id]
        else:
            out[rec.pk] = {s.pk for s in rec.addressees.all()}
    return out


def addressee_ids(
    recommendation: Recommendation, candidates: Iterable[int] | None = None
) -> set[int]:
    """The ids of the States the recommendation is addressed to (within ``candidates``)."""
    ids = addressee_map([recommendation])[recommendation.pk]
    return ids if candidates is None else ids & set(candidates)


@dataclass(frozen=True)
class FollowUpStatus:
    code: str  # evaluated, reported, requested, none
    label: str  # in the current language
    grade: str = ""
    evaluated_on: datetime.date | None = None
    deadline: datetime.date | None = None
    overdue: bool = False
    closed: bool = False


def _status(evaluation, reported: bool, request) -> FollowUpStatus:
    if evaluation is not None:
        label = _("%(grade)s (evaluated on %(date)s)") % {
            "grade": evaluation.get_grade_display(),
            "date": date_text(evaluation.evaluated_on),
        }
        if evaluation.closes:
            label += _("; follow-up closed")
        return FollowUpStatus(
            "evaluated", label, evaluation.grade, evaluation.evaluated_on, closed=evaluation.closes
        )
    if reported:
        return FollowUpStatus("reported", _("report received, not yet evaluated"))
    if request is not None:
        overdue = request.deadline < timezone.localdate()
        label = (
            _("no report; due on %(date)s")
            if overdue
            else _("follow-up requested, due on %(date)s")
        )
        return FollowUpStatus(
            "requested",
            label % {"date": date_text(request.deadline)},
            deadline=request.deadline,
            overdue=overdue,
        )
    return FollowUpStatus("none", _("no follow-up requested yet"))


def followup_statuses(
    recommendations: Iterable[Recommendation],
    *,
    party_ids: Iterable[int] | None = None,
    addressees: dict[int, set[int]] | None = None,
) -> dict[tuple[int, int], FollowUpStatus]:
    """Where the follow-up stands for each (recommendation, addressee), in a number of queries
    that does not grow with the recommendations. An evaluation dated before a later request is
    history: the follow-up is open again, unless that evaluation closed it."""
    recommendations = list(recommendations)
    wanted = set(party_ids) if party_ids is not None else None
    ids = addressees if addressees is not None else addressee_map(recommendations)
    pairs = [
        (rec.pk, pid)
        for rec in recommendations
        for pid in ids[rec.pk]
        if wanted is None or pid in wanted
    ]
    rec_ids = [r.pk for r in recommendations]
    latest: dict[tuple[int, int], ComplianceEvaluation] = {}
    evaluations = ComplianceEvaluation.objects.filter(recommendation_id__in=rec_ids)
    if wanted is not None:
        evaluations = evaluations.filter(party_id__in=wanted)
    for done in evaluations:
        latest[(done.recommendation_id, done.party_id)] = done  # ordered: the latest wins
    requests: dict[int, FollowUpRequest] = {}
    for asked in FollowUpRequest.objects.filter(recommendation_id__in=rec_ids):
        requests[asked.recommendation_id] = asked  # ordered: the latest wins
    reported = set(
        FollowUpReport.objects.filter(
            request__in=[r.pk for r in requests.values()], organisation__isnull=True
        ).values_list("request__recommendation_id", "party_id")
    )
    out = {}
    for key in pairs:
        evaluation: ComplianceEvaluation | None = latest.get(key)
        request: FollowUpRequest | None = requests.get(key[0])
        if (
            evaluation is not None
            and request is not None
            and request.requested_on > (evaluation.evaluated_on)
        ):
            evaluation = None if not evaluation.closes else evaluation  # asked again
        out[key] = _status(evaluation, key in reported, request)
    return out


def addressees_of(recommendations: Iterable[Recommendation]) -> dict[int, list[State]]:
    """Each recommendation's addressees as States, sorted by name."""
    recommendations = list(recommendations)
    ids = addressee_map(recommendations)
    states = State.objects.in_bulk(set().union(*ids.values()) if ids else [])
    return {
        rec.pk: sorted((states[i] for i in ids[rec.pk]), key=lambda s: s.name_en)
        for rec in recommendations
    }


def addressed_to(*, party: State, viewer: Any) -> list[tuple[Recommendation, FollowUpStatus]]:
    """The adopted recommendations of every round addressed to the Party, with where its
    follow-up stands."""
    adopted = list(recommendation_list(viewer=viewer).filter(status=Recommendation.Status.ADOPTED))
    addressees = addressee_map(adopted)
    mine = [r for r in adopted if party.pk in addressees[r.pk]]
    statuses = followup_statuses(mine, party_ids=[party.pk], addressees=addressees)
    return [(r, statuses[(r.pk, party.pk)]) for r in mine]


def followup_work(*, viewer: Any) -> list[tuple[Recommendation, State, FollowUpStatus]]:
    """What a person has to do on follow-up: a focal point, the reports awaited from its Party;
    the Secretariat, the Parties' reports received and not yet evaluated."""
    party = party_of(viewer)
    if party is None and not can_track_followup(viewer):
        return []
    wanted = "requested" if party is not None else "reported"
    asked = [
        r
        for r in Recommendation.objects.filter(
            status=Recommendation.Status.ADOPTED, followup_requests__isnull=False
        )
        .distinct()
        .select_related("round")
        .prefetch_related("addressees")
        if acts_on(viewer, r)
    ]
    statuses = followup_statuses(asked, party_ids=[party] if party is not None else None)
    states = State.objects.in_bulk({p for (_r, p), s in statuses.items() if s.code == wanted})
    by_pk = {r.pk: r for r in asked}
    work = [(by_pk[r], states[p], s) for (r, p), s in statuses.items() if s.code == wanted]
    return sorted(work, key=lambda w: (w[2].deadline or datetime.date.max, w[0].pk, w[1].name_en))


def drafts_by_round(*, viewer: Any) -> dict[int, int]:
    """Draft recommendations the viewer may read (awaiting comment and adoption), per round."""
    from django.db.models import Count

    drafts = Recommendation.objects.filter(
        recommendation_visibility_q(viewer), status=Recommendation.Status.DRAFT
    )
    if is_demo_user(viewer):
        drafts = drafts.filter(is_demo=True)
    return dict(drafts.values_list("round_id").annotate(n=Count("id")))


def followup_overdue_count(*, viewer: Any) -> int:
    """For the Secretariat: addressees whose follow-up report is past its deadline."""
    if not can_track_followup(viewer):
        return 0
    asked = [
        r
        for r in Recommendation.objects.filter(
            status=Recommendation.Status.ADOPTED, followup_requests__isnull=False
        )
        .distinct()
        .select_related("round")
        .prefetch_related("addressees")
        if acts_on(viewer, r)
    ]
    return sum(status.overdue for status in followup_statuses(asked).values())
