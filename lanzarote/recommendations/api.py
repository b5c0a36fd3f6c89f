"""Open data of recommendations: those adopted (drafts for the Secretariat and the Committee,
as on the pages), with their addressees and where each one's follow-up stands. Follow-up
reports are not served here: they are not public."""

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from lanzarote.monitoring.selectors import round_get

from . import selectors

router = Router(tags=["recommendations"])


class FollowUpOut(Schema):
    party: str
    status: str  # evaluated, reported, requested, none
    grade: str | None
    evaluated_on: datetime.date | None
    deadline: datetime.date | None
    closed: bool


class RecommendationOut(Schema):
    uid: str
    number: str | None
    grade: str
    status: str
    report_en: str | None
    adopted_on: datetime.date | None
    text_en: str
    text_fr: str | None
    text_complete: bool
    addressed_to_all: bool
    addressees_note: str | None
    addressees: list[str]
    provisions: list[str]
    followup: list[FollowUpOut]


@router.get(
    "/rounds/{uid}/recommendations",
    response=list[RecommendationOut],
    summary="The recommendations of a round, their addressees and follow-up status",
)
@paginate
def recommendations_api(request, uid: str):
    round_ = round_get(uid=uid, viewer=request.user)
    recommendations = list(selectors.recommendation_list(viewer=request.user, round_=round_))
    addressees = selectors.addressees_of(recommendations)
    statuses = selectors.followup_statuses(
        [r for r in recommendations if r.status == r.Status.ADOPTED]
    )
    out = []
    for r in recommendations:
        states = addressees[r.pk]
        followup = []
        for state in states:
            status = statuses.get((r.pk, state.pk))
            if status is not None:
                followup.append(
                    {
                        "party": state.iso2,
                        "status": status.code,
                        "grade": status.grade or None,
                        "closed": status.closed,
                        "evaluated_on": status.evaluated_on,
                        "deadline": status.deadline,
                    }
                )
        out.append(
            {
                "uid": r.uid,
                "number": r.number or None,
                "grade": r.grade,
                "status": r.status,
                "report_en": r.report_en or None,
                "adopted_on": r.adopted_on,
                "text_en": r.text_en,
                "text_fr": r.text_fr or None,
                "text_complete": r.text_complete,
                "addressed_to_all": r.addressed_to_all,
                "addressees_note": r.addressees_note or None,
                "addressees": [s.iso2 for s in states],
                "provisions": [p.uid for p in r.provisions.all()],
                "followup": followup,
            }
        )
    return out
