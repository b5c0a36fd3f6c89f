"""Open data of what is published: the latest published comparative overview of a round, as
rows and statements (the same data as its files)."""

from django.http import Http404
from ninja import Router, Schema

from . import selectors
from .overview import overview_from_json, overview_rows, trend_rows

router = Router(tags=["publications"])


class RowOut(Schema):
    party: str
    party_name: str
    indicator: str
    indicator_label: str
    value: str
    value_label: str


class StatementOut(Schema):
    indicator: str
    text: str


class TrendRowOut(Schema):
    indicator: str
    indicator_label: str
    series: str
    round: str
    round_name: str
    value: str
    value_label: str
    parties: int
    parties_assessed: int


class OverviewOut(Schema):
    round: str
    lang: str
    version: int
    scheme_version: int
    published: str
    rows: list[RowOut]
    findings: list[StatementOut]
    trends: list[TrendRowOut]  # indicators that recur across rounds; empty when none does


@router.get(
    "/rounds/{uid}/overview",
    response=OverviewOut,
    summary="The latest published comparative overview of a round (adopted findings)",
)
def overview_api(request, uid: str, lang: str = "en"):
    publication = selectors.overview_latest(
        round_uid=uid, lang=lang if lang in ("en", "fr") else "en"
    )
    if publication is None:
        raise Http404("no published overview for this round")
    data = overview_from_json(publication.data)
    return {
        "round": data.round,
        "lang": data.lang,
        "version": publication.version,
        "scheme_version": data.scheme_version,
        "published": publication.created_at.isoformat(),
        "rows": overview_rows(data),
        "findings": [{"indicator": s.indicator, "text": s.text} for s in data.statements],
        "trends": trend_rows(data),
    }
