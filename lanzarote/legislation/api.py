"""Self-assessments in the API: the ones you may read (your own, shared ones for the Secretariat,
published ones for everyone), their acts with reading progress, and the gap report."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from . import selectors
from .models import SelfAssessment
from .permissions import can_read_assessment

router = Router(tags=["legislation"])


class AssessmentOut(Schema):
    id: int
    title: str
    state: str
    treaty: str
    visibility: str
    updated: str


class ActOut(Schema):
    id: int
    title: str
    file_name: str
    status: str
    language: str
    pages: int | None
    units_total: int
    units_linked: int
    layout: str
    layout_message: str
    error: str


class SupportOut(Schema):
    unit: int
    act: str
    citation: str
    status: str  # proposed | confirmed
    coverage: str  # covered | partly
    confidence: float | None
    reason: str


class GapOut(Schema):
    ref: str
    title: str
    provision: str
    status: str  # covered | partly | not_found | not_applicable
    confidence: float | None
    supports: list[SupportOut]
    missing: list[str]
    reservations: list[str]


class AssessmentDetailOut(AssessmentOut):
    acts: list[ActOut]
    gaps: list[GapOut]


def _out(a: SelfAssessment) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "state": a.state.iso2,
        "treaty": a.treaty.code,
        "visibility": a.visibility,
        "updated": a.updated_at.isoformat(),
    }


@router.get(
    "/self-assessments",
    response=list[AssessmentOut],
    summary="List the self-assessments you may read",
)
@paginate
def assessments(request):
    return [_out(a) for a in selectors.assessments_for(request.user)]


@router.get("/self-assessments/{pk}", response=AssessmentDetailOut)
def assessment(request, pk: int, lang: str = "en"):
    found = get_object_or_404(SelfAssessment.objects.select_related("state", "treaty"), pk=pk)
    if not can_read_assessment(request.user, found):
        raise Http404("no such self-assessment")
    rows = selectors.gap_report(found, language="fr" if lang == "fr" else "en")
    return {
        **_out(found),
        "acts": [
            {
                "id": act.pk,
                "title": act.title,
                "file_name": act.original_name,
                "status": act.status,
                "language": act.language,
                "pages": act.pages,
                "units_total": act.units_total,
                "units_linked": act.units_linked,
                "layout": act.layout,
                "layout_message": act.UNRECOGNISED if act.layout == "paragraphs" else "",
                "error": act.error,
            }
            for act in selectors.acts_of(found)
        ],
        "gaps": [
            {
                "ref": row.ref,
                "title": row.title,
                "provision": row.provision,
                "status": row.status,
                "confidence": row.confidence,
                "supports": [
                    {
                        "unit": s.unit.pk,
                        "act": s.unit.act.title,
                        "citation": f"{s.unit.act.title}, {s.unit}",
                        "status": s.link.status,
                        "coverage": s.link.coverage,
                        "confidence": s.link.confidence,
                        "reason": s.link.reason,
                    }
                    for s in row.supports
                ],
                "missing": row.missing,
                "reservations": [r.text_en for r in row.reservations],
            }
            for row in rows
        ],
    }
