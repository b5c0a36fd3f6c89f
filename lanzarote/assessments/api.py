"""Read-only API of coding schemes (public) and findings (Secretariat and Committee, as on the
pages: a Committee member reads reviewed and adopted findings)."""

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from lanzarote.monitoring.models import CodingScheme, Indicator
from lanzarote.monitoring.selectors import round_get

from . import selectors
from .models import Evidence, Finding

router = Router(tags=["assessment"])


class IndicatorOut(Schema):
    code: str
    group: str
    label_en: str
    label_fr: str | None
    description_en: str | None
    description_fr: str | None
    values: list[str]
    provisions: list[str]
    questions: list[str]

    @staticmethod
    def resolve_label_fr(obj: Indicator) -> str | None:
        return obj.label_fr or None

    @staticmethod
    def resolve_description_en(obj: Indicator) -> str | None:
        return obj.description_en or None

    @staticmethod
    def resolve_description_fr(obj: Indicator) -> str | None:
        return obj.description_fr or None

    @staticmethod
    def resolve_values(obj: Indicator) -> list[str]:
        return obj.value_codes()

    @staticmethod
    def resolve_provisions(obj: Indicator) -> list[str]:
        return [p.uid for p in obj.provisions.all()]

    @staticmethod
    def resolve_questions(obj: Indicator) -> list[str]:
        return [q.number for q in obj.questions.all()]


class SchemeOut(Schema):
    round: str
    version: int
    title_en: str
    title_fr: str | None
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_round(obj: CodingScheme) -> str:
        return obj.round.uid

    @staticmethod
    def resolve_title_fr(obj: CodingScheme) -> str | None:
        return obj.title_fr or None

    @staticmethod
    def resolve_indicators(obj: CodingScheme) -> list[Indicator]:
        return list(obj.indicators.prefetch_related("provisions", "questions"))


class EvidenceOut(Schema):
    quote: str
    source: str
    page: int | None
    passage: int | None

    @staticmethod
    def resolve_passage(obj: Evidence) -> int | None:
        return obj.passage_id


class FindingOut(Schema):
    id: int
    indicator: str
    party: str
    value: str
    rationale: str
    status: str
    scheme_version: int
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_indicator(obj: Finding) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_party(obj: Finding) -> str:
        return obj.party.iso2

    @staticmethod
    def resolve_evidence(obj: Finding) -> list[Evidence]:
        return list(obj.evidence.all())


@router.get("/rounds/{uid}/scheme", response=SchemeOut, summary="A round's coding scheme")
def scheme_api(request, uid: str):
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = CodingScheme.objects.filter(round=round_).select_related("round").first()
    if scheme is None:
        raise Http404("this round has no coding scheme")
    return scheme


@router.get(
    "/rounds/{uid}/findings",
    response=list[FindingOut],
    summary="The findings of a round you may read (Secretariat, Committee)",
)
@paginate
def findings_api(request, uid: str, party: str = "", status: str = ""):
    round_ = round_get(uid=uid, viewer=request.user)
    findings = selectors.findings_for_api(
        round_=round_, viewer=request.user, party=party, status=status
    )
    return findings
