"""Open data of what is published: every publication with its files (format, size, SHA-256
checksum and download address), and the latest published comparative overview of a round, as
rows and statements (the same data as its files)."""

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from . import selectors
from .models import Publication, Rendering
from .overview import overview_from_json, overview_rows, trend_rows
from .services import CONTENT_TYPES

router = Router(tags=["publications"])


class FileOut(Schema):
    format: str
    content_type: str
    size: int
    sha256: str = Field(description="SHA-256 of the file's bytes, in hexadecimal")
    download: str = Field(description="Its address: the bytes served there have this checksum")

    @staticmethod
    def resolve_content_type(obj: Rendering) -> str:
        return CONTENT_TYPES[obj.format]

    @staticmethod
    def resolve_download(obj: Rendering) -> str:
        return reverse("reports:publication_file", args=[obj.publication_id, obj.format])


class PublicationOut(Schema):
    id: int
    kind: str = Field(description="overview, country, thematic, report or annual")
    round: str | None
    year: int | None = Field(description="The year an annual activity report covers")
    party: str | None
    subject: str | None = Field(description="A thematic factsheet's group; an annual's treaty")
    lang: str
    version: int
    series: str = Field(description="Versions of one publication share it (newest first)")
    published: dt.datetime
    adopted_at: int | None = Field(description="The number of the meeting that adopted it")
    files: list[FileOut]

    @staticmethod
    def resolve_round(obj: Publication) -> str | None:
        return obj.round.uid if obj.round is not None else None

    @staticmethod
    def resolve_party(obj: Publication) -> str | None:
        return obj.party.iso2 if obj.party is not None else None

    @staticmethod
    def resolve_subject(obj: Publication) -> str | None:
        return obj.subject or None

    @staticmethod
    def resolve_series(obj: Publication) -> str:
        return obj.key

    @staticmethod
    def resolve_published(obj: Publication) -> dt.datetime:
        return obj.created_at

    @staticmethod
    def resolve_adopted_at(obj: Publication) -> int | None:
        return obj.adopted_at.number if obj.adopted_at is not None else None

    @staticmethod
    def resolve_files(obj: Publication) -> list[Rendering]:
        return list(obj.renderings.all())


@router.get(
    "/publications",
    response=list[PublicationOut],
    summary="List what is published, with each file's checksum and download address",
    description="Every version of every publication, for everyone: by round, kind and series, "
    "newest version first. Filters: round (uid), kind, party (ISO code), lang (en or fr).",
)
@paginate
def publications_api(
    request, round: str = "", kind: str = "", party: str = "", lang: str = ""
) -> QuerySet[Publication]:
    rows = selectors.publications_published()
    if round:
        rows = rows.filter(round__uid=round[:50])
    if kind:
        rows = rows.filter(kind=kind[:12])
    if party:
        rows = rows.filter(party__iso2=party[:2].upper())
    if lang:
        rows = rows.filter(lang=lang[:2])
    return rows


@router.get(
    "/publications/{pk}",
    response=PublicationOut,
    summary="Get one published publication with its files",
)
def publication_api(request, pk: int):
    found = selectors.publications_published().filter(pk=pk).first()
    if found is None:  # a draft, one being rendered or a failed one is not published
        raise Http404("no such publication")
    return found


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
