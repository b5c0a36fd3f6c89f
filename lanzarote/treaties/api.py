"""Read-only API of treaties, their provisions, obligations and reservation clauses."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from . import selectors
from .models import Concordance, Obligation, Pillar, Provision, ReservationClause, Treaty

router = Router(tags=["treaties"])


class TreatyOut(Schema):
    code: str
    series_en: str
    series_fr: str | None
    title_en: str
    title_fr: str | None
    short_title_en: str
    short_title_fr: str | None
    opened_for_signature: str | None
    entry_into_force: str | None
    entry_into_force_delay_months: int

    @staticmethod
    def resolve_opened_for_signature(obj: Treaty) -> str | None:
        return obj.opened_for_signature.isoformat() if obj.opened_for_signature else None

    @staticmethod
    def resolve_entry_into_force(obj: Treaty) -> str | None:
        return obj.entry_into_force.isoformat() if obj.entry_into_force else None

    @staticmethod
    def resolve_series_fr(obj: Treaty) -> str | None:
        return obj.series_fr or None

    @staticmethod
    def resolve_title_fr(obj: Treaty) -> str | None:
        return obj.title_fr or None

    @staticmethod
    def resolve_short_title_fr(obj: Treaty) -> str | None:
        return obj.short_title_fr or None


class ProvisionOut(Schema):
    uid: str
    label: str
    kind: str
    article: int | None
    paragraph: str | None
    item: str | None
    pillar: str | None
    text_en: str
    text_fr: str | None
    indents_en: list[str]
    indents_fr: list[str]

    @staticmethod
    def resolve_article(obj: Provision) -> int | None:
        return obj.article.number if obj.article is not None else None

    @staticmethod
    def resolve_pillar(obj: Provision) -> str | None:
        return obj.article.chapter.pillar if obj.article is not None else None

    @staticmethod
    def resolve_paragraph(obj: Provision) -> str | None:
        return obj.paragraph or None

    @staticmethod
    def resolve_item(obj: Provision) -> str | None:
        return obj.item or None

    @staticmethod
    def resolve_text_fr(obj: Provision) -> str | None:
        return obj.text_fr or None


class ObligationOut(Schema):
    uid: str
    provision: str
    kind: str
    text_en: str
    text_fr: str | None
    reservable_under: str | None

    @staticmethod
    def resolve_provision(obj: Obligation) -> str:
        return obj.provision.uid

    @staticmethod
    def resolve_reservable_under(obj: Obligation) -> str | None:
        return obj.reservable_under.provision.uid if obj.reservable_under is not None else None


class ReservationClauseOut(Schema):
    provision: str
    kind: str
    optional: bool
    summary_en: str
    summary_fr: str | None
    concerns: list[str]

    @staticmethod
    def resolve_provision(obj: ReservationClause) -> str:
        return obj.provision.uid

    @staticmethod
    def resolve_summary_fr(obj: ReservationClause) -> str | None:
        return obj.summary_fr or None

    @staticmethod
    def resolve_concerns(obj: ReservationClause) -> list[str]:
        return [p.uid for p in obj.concerns.all()]


@router.get("/treaties", response=list[TreatyOut], summary="List treaties")
@paginate
def treaties(request):
    return selectors.treaty_list()


@router.get("/treaties/{code}", response=TreatyOut, summary="Get one treaty")
def treaty(request, code: str):
    return selectors.treaty_get(code=code)


@router.get(
    "/treaties/{code}/provisions",
    response=list[ProvisionOut],
    summary="List a treaty's provisions in text order",
)
@paginate
def provisions(request, code: str, article: int | None = None, pillar: Pillar | None = None):
    return selectors.provisions_for_export(
        treaty=selectors.treaty_get(code=code), article=article, pillar=pillar
    )


@router.get("/provisions/{uid}", response=ProvisionOut, summary="Get one provision by stable id")
def provision(request, uid: str):
    return get_object_or_404(Provision.objects.select_related("article__chapter"), uid=uid)


@router.get(
    "/treaties/{code}/obligations",
    response=list[ObligationOut],
    summary="List what a treaty obliges its Parties to do",
)
@paginate
def obligations(request, code: str, kind: Obligation.Kind | None = None):
    return selectors.obligation_list(treaty=selectors.treaty_get(code=code), kind=kind)


@router.get(
    "/treaties/{code}/reservation-clauses",
    response=list[ReservationClauseOut],
    summary="List the provisions that allow reservations or declarations",
)
@paginate
def reservation_clauses(request, code: str):
    return selectors.reservation_clause_list(treaty=selectors.treaty_get(code=code))


class ConcordanceOut(Schema):
    uid: str
    provision: str
    counterpart: str | None
    counterpart_treaty: str
    relation: str
    adds_en: str | None
    adds_fr: str | None
    lacks_en: str | None
    lacks_fr: str | None
    note_en: str
    note_fr: str | None
    source: str

    @staticmethod
    def resolve_provision(obj: Concordance) -> str:
        return obj.provision.uid

    @staticmethod
    def resolve_counterpart(obj: Concordance) -> str | None:
        return obj.counterpart.uid if obj.counterpart is not None else None

    @staticmethod
    def resolve_counterpart_treaty(obj: Concordance) -> str:
        return obj.counterpart_treaty.code

    @staticmethod
    def resolve_adds_en(obj: Concordance) -> str | None:
        return obj.adds_en or None

    @staticmethod
    def resolve_adds_fr(obj: Concordance) -> str | None:
        return obj.adds_fr or None

    @staticmethod
    def resolve_lacks_en(obj: Concordance) -> str | None:
        return obj.lacks_en or None

    @staticmethod
    def resolve_lacks_fr(obj: Concordance) -> str | None:
        return obj.lacks_fr or None

    @staticmethod
    def resolve_note_fr(obj: Concordance) -> str | None:
        return obj.note_fr or None


@router.get(
    "/concordance",
    response=list[ConcordanceOut],
    summary="List the concordance of provisions with other treaties (an editorial reading)",
)
@paginate
def concordance(request, treaty: str | None = None):
    return selectors.concordance_list(treaty=treaty)
