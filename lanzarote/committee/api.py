"""Open data of the Committee's meetings: dates, venue, agenda, and what the reader may read of
their decisions (the public: published lists) and documents (the public: those not restricted),
with the same permissions as the pages."""

import datetime

from django.conf import settings
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from lanzarote.treaties.models import Treaty
from lanzarote.treaties.selectors import treaty_get

from . import selectors
from .models import Meeting, ordinal

router = Router(tags=["committee"])


class AgendaItemOut(Schema):
    position: int
    title_en: str
    title_fr: str | None


class DecisionOut(Schema):
    number: int
    kind: str
    text_en: str
    text_fr: str | None
    adopted_text: str | None  # the stable id of the opinion or declaration it adopted


class DocumentOut(Schema):
    kind: str
    title_en: str
    title_fr: str | None
    reference: str | None
    url: str | None  # where it is published elsewhere
    download: str | None  # its file here, for those who may read it
    restricted: bool


class MeetingOut(Schema):
    treaty: str
    number: int
    start: datetime.date
    end: datetime.date
    venue_en: str | None
    venue_fr: str | None
    status: str
    decisions_published: bool
    decisions_published_at: datetime.datetime | None
    agenda: list[AgendaItemOut]
    decisions: list[DecisionOut]
    documents: list[DocumentOut]
    notes: str | None
    sources: list[str]

    @staticmethod
    def resolve_treaty(obj: Meeting) -> str:
        return obj.treaty.code

    @staticmethod
    def resolve_venue_en(obj: Meeting) -> str | None:
        return obj.venue_en or None

    @staticmethod
    def resolve_venue_fr(obj: Meeting) -> str | None:
        return obj.venue_fr or None

    @staticmethod
    def resolve_notes(obj: Meeting) -> str | None:
        return obj.notes or None

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[dict]:
        return [
            {"position": a.position, "title_en": a.title_en, "title_fr": a.title_fr or None}
            for a in obj.agenda.all()
        ]

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list[dict]:
        return [
            {
                "number": d.number,
                "kind": d.kind,
                "text_en": d.text_en,
                "text_fr": d.text_fr or None,
                "adopted_text": d.interpretive_text.uid if d.interpretive_text else None,
            }
            for d in getattr(obj, "export_decisions", [])
        ]

    @staticmethod
    def resolve_documents(obj: Meeting) -> list[dict]:
        return [
            {
                "kind": d.kind,
                "title_en": d.title_en,
                "title_fr": d.title_fr or None,
                "reference": d.reference or None,
                "url": d.url or None,
                "download": reverse("committee:document", args=[obj.number, d.pk])
                if d.file
                else None,
                "restricted": d.restricted,
            }
            for d in getattr(obj, "export_documents", [])
        ]


@router.get(
    "/meetings",
    response=list[MeetingOut],
    summary="List the Committee's plenary meetings, in number order",
    description=(
        "The meetings recorded (a number missing is not in the record: no meeting is invented "
        "for it), with their agenda, and the decisions and documents you may read."
    ),
)
@paginate
def meetings(
    request,
    treaty: str = settings.LANZAROTE_TREATY,
    year: int | None = Query(None, ge=1, le=9999),  # a year a date can hold: 0 was a 500
):
    found = Treaty.objects.filter(code=treaty).first()
    if found is None:  # a filter naming no treaty lists nothing, as any other filter does
        return Meeting.objects.none()
    rows = selectors.meetings_readable(treaty=found, viewer=request.user)
    if year is not None:
        rows = rows.filter(start__year=year)
    return rows.select_related("treaty")


@router.get(
    "/meetings/{number}",
    response=MeetingOut,
    summary="Get one of the Committee's meetings by its number",
)
def meeting(request, number: int, treaty: str = settings.LANZAROTE_TREATY):
    found = treaty_get(code=treaty)
    rows = list(
        selectors.meetings_readable(treaty=found, viewer=request.user)
        .filter(number=number)
        .select_related("treaty")
    )
    if not rows:
        raise HttpError(404, f"No record of the {ordinal(number, 'en')} meeting.")
    return rows[0]
