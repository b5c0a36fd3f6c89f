"""A legal self-assessment's gap report as publication data: built in one language from
legislation's gap report, then written by the publication renderers (HTML, PDF, DOCX, XLSX)."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.legislation.models import SelfAssessment
from lanzarote.legislation.selectors import gap_counts, gap_report


@dataclass(frozen=True)
class SupportOut:
    citation: str
    decided: str  # "confirmed" | "proposed by the machine", in the report's language
    coverage: str
    confidence: float | None
    reason: str


@dataclass(frozen=True)
class GapRowOut:
    ref: str
    title: str
    status: str
    status_label: str
    supports: list[SupportOut]
    missing: list[str]
    reservations: list[str]
    positions: list[str]  # what the Committee has said about such a gap, with its source


@dataclass(frozen=True)
class GapData:
    lang: str
    title: str
    state: str
    treaty: str
    published: bool
    counts: dict[str, int]
    rows: list[GapRowOut]


def gap_title(data: GapData) -> str:
    with translation.override(data.lang):
        return _("Legal self-assessment: %(title)s") % {"title": data.title}


def gap_build(*, assessment: SelfAssessment, lang: str) -> GapData:
    with translation.override(lang):
        rows = gap_report(assessment, language=lang)
        return GapData(
            lang=lang,
            title=assessment.title,
            state=str(assessment.state.name),
            treaty=str(assessment.treaty.short_title),
            published=assessment.visibility == SelfAssessment.Visibility.PUBLISHED,
            counts=gap_counts(rows),
            rows=[
                GapRowOut(
                    ref=row.ref,
                    title=row.title,
                    status=row.status,
                    status_label=row.status_label,
                    supports=[
                        SupportOut(
                            citation=f"{s.unit.act.title}, {s.unit}",
                            decided=_("confirmed")
                            if s.link.status == "confirmed"
                            else _("proposed by the machine"),
                            coverage=s.link.get_coverage_display(),
                            confidence=s.link.confidence,
                            reason=s.link.reason,
                        )
                        for s in row.supports
                    ],
                    missing=row.missing,
                    positions=[
                        f"{p.title}{f' ({p.date})' if p.date else ''}: {p.quote} <{p.url}>"
                        for p in row.positions
                    ],
                    reservations=[
                        r.text_fr if lang == "fr" and r.text_fr else r.text_en
                        for r in row.reservations
                    ],
                )
                for row in rows
            ],
        )
