"""The implementation report of a round: the Secretariat's sections of text, and between them the
adopted findings of groups of indicators (generated statements, then each Party's findings with
their citations) and the adopted recommendations, built once as data in one language."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.assessments.models import Finding
from lanzarote.assessments.selectors import evidence_citation
from lanzarote.lib.i18n import data_wording, written
from lanzarote.monitoring.models import CodingScheme, Round
from lanzarote.recommendations.models import Recommendation
from lanzarote.recommendations.selectors import addressees_of
from lanzarote.treaties.models import Provision

from .models import ReportSection
from .overview import overview_build, overview_group


@dataclass(frozen=True)
class PartyFinding:
    party: str
    indicator: str
    value: str
    rationale: str
    citations: tuple[tuple[str, str], ...]  # (quote, source)
    rationale_in_english: bool = False  # written in English only, in a French report


@dataclass(frozen=True)
class RecommendationOut:
    number: str
    grade: str  # the verb, in the language
    text: str
    text_complete: bool
    addressees: str


@dataclass(frozen=True)
class SectionOut:
    kind: str
    title: str
    text: str  # the Secretariat's text (kind "text")
    statements: tuple[str, ...] = ()  # kind "findings"
    findings: tuple[PartyFinding, ...] = ()
    recommendations: tuple[RecommendationOut, ...] = ()  # kind "recommendations"


@dataclass(frozen=True)
class ReportData:
    lang: str
    round: str
    round_name: str
    scheme_version: int  # 0: the round has no coding scheme
    sections: tuple[SectionOut, ...]


def report_build(*, round_: Round, lang: str) -> ReportData:
    """The report's data. A round without a coding scheme (an earlier round whose findings are
    not recorded) still has its text and its recommendations."""
    scheme = CodingScheme.objects.filter(round=round_).first()
    with translation.override(lang):
        overview = overview_build(scheme=scheme, lang=lang) if scheme is not None else None
        labels = {i.code: i for i in overview.indicators} if overview is not None else {}
        adopted = (
            list(
                Finding.objects.filter(indicator__scheme=scheme, status=Finding.Status.ADOPTED)
                .select_related("indicator", "party")
                .prefetch_related("evidence")
                .order_by("indicator__position", "party__name_en")
            )
            if scheme is not None
            else []
        )
        sections = []
        for section in ReportSection.objects.filter(round=round_):
            title = getattr(section, f"title_{lang}") or section.title_en
            if section.kind == ReportSection.Kind.TEXT:
                text = getattr(section, f"text_{lang}") or section.text_en
                sections.append(SectionOut("text", title, text))
                continue
            if section.kind == ReportSection.Kind.RECOMMENDATIONS:
                sections.append(
                    SectionOut(
                        "recommendations",
                        title or _("Recommendations"),
                        "",
                        recommendations=_recommendations(round_, scheme, section.group, lang),
                    )
                )
                continue
            if overview is None:
                continue
            group = overview_group(overview, section.group)
            if not group.indicators:
                continue
            codes = {i.code for i in group.indicators}
            findings = []
            for f in adopted:
                if f.indicator.code not in codes:
                    continue
                indicator = labels[f.indicator.code]
                value = next((v.label for v in indicator.values if v.code == f.value), f.value)
                findings.append(
                    PartyFinding(
                        party=getattr(f.party, f"name_{lang}") or f.party.name_en,
                        indicator=indicator.label,
                        value=value,
                        rationale=f.rationale,
                        rationale_in_english=written(f.rationale).fallback,
                        citations=tuple((e.quote, evidence_citation(e)) for e in f.evidence.all()),
                    )
                )
            sections.append(
                SectionOut(
                    "findings",
                    title or group.indicators[0].group_label,
                    "",
                    statements=tuple(s.text for s in group.statements),
                    findings=tuple(findings),
                )
            )
        return ReportData(
            lang=lang,
            round=round_.uid,
            scheme_version=scheme.version if scheme is not None else 0,
            round_name=getattr(round_, f"name_{lang}") or round_.name_en,
            sections=tuple(sections),
        )


def _recommendations(round_: Round, scheme: CodingScheme | None, group: str, lang: str) -> tuple:
    """The round's adopted recommendations; with a group, those resting on its findings or
    sharing a provision with its indicators."""
    adopted = (
        Recommendation.objects.filter(round=round_, status=Recommendation.Status.ADOPTED)
        .select_related("round")
        .prefetch_related("addressees")
    )
    if group and scheme is not None:
        indicators = scheme.indicators.filter(group=group)
        adopted = adopted.filter(
            Q(findings__indicator__in=indicators)
            | Q(provisions__in=Provision.objects.filter(indicators__in=indicators))
        ).distinct()
    recommendations = list(adopted.order_by("position", "pk"))
    addressees = addressees_of(recommendations)
    out = []
    for r in recommendations:
        if r.addressed_to_all:
            to = _("all Parties monitored")
        else:
            to = ", ".join(getattr(s, f"name_{lang}") or s.name_en for s in addressees[r.pk])
        if r.addressees_note:
            note = data_wording(r.addressees_note)
            note_text = f"{note} ({_('in English')})" if note.fallback else str(note)
            to = f"{note_text} ({to})" if not r.addressed_to_all else note_text
        out.append(
            RecommendationOut(
                number=r.number,
                grade=r.get_grade_display(),
                text=getattr(r, f"text_{lang}") or r.text_en,
                text_complete=r.text_complete,
                addressees=to,
            )
        )
    return tuple(out)


def report_to_json(data: ReportData) -> dict:
    return dataclasses.asdict(data)


def report_from_json(plain: dict) -> ReportData:
    return ReportData(
        **{
            **plain,
            "sections": tuple(
                SectionOut(
                    **{
                        **s,
                        "statements": tuple(s["statements"]),
                        "findings": tuple(
                            PartyFinding(
                                **{**f, "citations": tuple(tuple(c) for c in f["citations"])}
                            )
                            for f in s["findings"]
                        ),
                        "recommendations": tuple(
                            RecommendationOut(**r) for r in s.get("recommendations", ())
                        ),
                    }
                )
                for s in plain["sections"]
            ),
        }
    )


def report_title(data: ReportData) -> str:
    with translation.override(data.lang):
        return _("Implementation report: %(round)s") % {"round": data.round_name}
