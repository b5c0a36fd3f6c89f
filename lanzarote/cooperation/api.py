"""Open data of the co-operation record: capacity-building activities, the good practices you
may read (the public: published ones), and the European Days — with the same permissions as the
pages."""

from django.conf import settings
from django.db.models import QuerySet
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from lanzarote.treaties.models import Pillar, Treaty

from . import selectors
from .models import CapacityBuildingActivity, EuropeanDay, GoodPractice

router = Router(tags=["cooperation"])


class LinkOut(Schema):
    title_en: str
    title_fr: str | None
    url: str


class ParticipantOut(Schema):
    state: str | None  # ISO code
    organisation: str | None


class ActivityOut(Schema):
    id: str
    treaty: str
    kind: str
    title_en: str
    title_fr: str | None
    start: str | None  # YYYY-MM-DD, YYYY-MM or YYYY, as known
    end: str | None
    place_en: str | None
    place_fr: str | None
    organisers: list[str]
    participants: list[ParticipantOut]
    themes_en: list[str]
    themes_fr: list[str]
    provisions: list[str]
    documents: list[LinkOut]
    notes: str | None
    sources: list[str]

    @staticmethod
    def resolve_id(obj: CapacityBuildingActivity) -> str:
        return obj.uid

    @staticmethod
    def resolve_treaty(obj: CapacityBuildingActivity) -> str:
        return obj.treaty.code

    @staticmethod
    def resolve_start(obj: CapacityBuildingActivity) -> str | None:
        return obj.start_date.iso() if obj.start_date else None

    @staticmethod
    def resolve_end(obj: CapacityBuildingActivity) -> str | None:
        return obj.end_date.iso() if obj.end_date else None

    @staticmethod
    def resolve_participants(obj: CapacityBuildingActivity) -> list[dict]:
        return [
            {"state": p.state.iso2 if p.state else None, "organisation": p.organisation or None}
            for p in obj.participants.all()
        ]

    @staticmethod
    def resolve_provisions(obj: CapacityBuildingActivity) -> list[str]:
        return [p.uid for p in obj.provisions.all()]


class PracticeOut(Schema):
    id: int
    uid: str
    treaty: str
    status: str
    title_en: str
    title_fr: str | None
    summary_en: str | None
    summary_fr: str | None
    states: list[str]
    provisions: list[str]
    indicators: list[str]  # <round uid>:<code>
    activity: str | None
    publication: str | None
    publication_url: str | None
    quote: str | None
    published_at: str | None
    sources: list[str]

    @staticmethod
    def resolve_treaty(obj: GoodPractice) -> str:
        return obj.treaty.code

    @staticmethod
    def resolve_states(obj: GoodPractice) -> list[str]:
        return [s.iso2 for s in obj.states.all()]

    @staticmethod
    def resolve_provisions(obj: GoodPractice) -> list[str]:
        return [p.uid for p in obj.provisions.all()]

    @staticmethod
    def resolve_indicators(obj: GoodPractice) -> list[str]:
        return [f"{i.scheme.round.uid}:{i.code}" for i in obj.indicators.all()]

    @staticmethod
    def resolve_activity(obj: GoodPractice) -> str | None:
        return obj.activity.uid if obj.activity else None

    @staticmethod
    def resolve_published_at(obj: GoodPractice) -> str | None:
        return obj.published_at.isoformat() if obj.published_at else None


class EuropeanDayOut(Schema):
    year: int
    theme_en: str | None
    theme_fr: str | None
    materials: list[LinkOut]
    notes: str | None
    sources: list[str]

    @staticmethod
    def resolve_theme_en(obj: EuropeanDay) -> str | None:
        return obj.theme_en or None

    @staticmethod
    def resolve_theme_fr(obj: EuropeanDay) -> str | None:
        return obj.theme_fr or None


def _treaty(code: str) -> Treaty | None:
    """The treaty a filter names; a filter naming none lists nothing, as any other filter."""
    return Treaty.objects.filter(code=code).first()


@router.get(
    "/activities",
    response=list[ActivityOut],
    summary="List the capacity-building activities, latest first",
    description="Study visits, conferences and events, with dates to the precision the sources "
    "give (YYYY-MM-DD, YYYY-MM or YYYY); unknown values are null or empty lists.",
)
@paginate
def activities(
    request,
    treaty: str = settings.LANZAROTE_TREATY,
    # A pattern rather than the Kind enum: treaties' Obligation.Kind is also "Kind", and one
    # name in the document's components would stand for both (obligations took these values).
    kind: str = Query("", pattern=f"^({'|'.join(CapacityBuildingActivity.Kind.values)})?$"),
    year: int | None = Query(None, ge=1, le=9999),  # a year a date can hold: 0 was a 500
) -> QuerySet[CapacityBuildingActivity]:
    found = _treaty(treaty)
    if found is None:
        return CapacityBuildingActivity.objects.none()
    return selectors.activity_list(treaty=found, viewer=request.user, kind=kind, year=year)


@router.get(
    "/good-practices",
    response=list[PracticeOut],
    summary="List the good practices you may read, filtered by provision, pillar or State",
    description="The public reads the published practices; the Secretariat also its drafts. "
    "provision takes a provision's stable id or an article's (cets201:35 takes in its "
    "paragraphs).",
)
@paginate
def good_practices(
    request,
    treaty: str = settings.LANZAROTE_TREATY,
    provision: str = "",
    pillar: Pillar | None = None,
    state: str = "",
) -> QuerySet[GoodPractice]:
    found = _treaty(treaty)
    if found is None:
        return GoodPractice.objects.none()
    return selectors.practice_list(
        treaty=found,
        viewer=request.user,
        provision=provision[:64],
        pillar=pillar or "",
        state=state[:2],
    )


@router.get(
    "/european-days",
    response=list[EuropeanDayOut],
    summary="List the European Days (18 November) recorded, latest first",
)
@paginate
def european_days(request, treaty: str = settings.LANZAROTE_TREATY) -> QuerySet[EuropeanDay]:
    found = _treaty(treaty)
    if found is None:
        return EuropeanDay.objects.none()
    return selectors.european_days(treaty=found)
