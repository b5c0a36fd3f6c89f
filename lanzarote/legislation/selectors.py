"""Reads of self-assessments, visibility applied before anything is shown; the gap report."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from lanzarote.parties.models import Reservation

from . import catalogue as catalogues
from .models import Act, ElementCheck, Link, SelfAssessment, Unit
from .permissions import assessment_visibility_q

COVERED = "covered"
PARTLY = "partly"
NOT_FOUND = "not_found"
NOT_APPLICABLE = "not_applicable"


def assessments_for(user: Any) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.filter(assessment_visibility_q(user))
        .select_related("state", "treaty", "owner")
        .order_by("-updated_at", "id")
    )


def acts_of(assessment: SelfAssessment) -> QuerySet[Act]:
    return assessment.acts.order_by("id")


def unit_with_links(unit: Unit) -> Unit:
    return (
        Unit.objects.select_related("act__assessment__treaty")
        .prefetch_related(
            Prefetch("links", queryset=Link.objects.prefetch_related("elements").order_by("rank"))
        )
        .get(pk=unit.pk)
    )


@dataclass
class Support:
    link: Link
    unit: Unit
    satisfied: list[str] = field(default_factory=list)  # element labels
    missing: list[str] = field(default_factory=list)


@dataclass
class PositionOut:
    title: str
    date: str
    url: str
    quote: str
    quote_in_english: bool  # the position has no French words: shown in English, said so
    editorial: bool  # a summary by others (press release, news), not the Committee's words


@dataclass
class GapRow:
    ref: str
    title: str
    provision: str
    status: str
    supports: list[Support]
    missing: list[str]
    reservations: list[Reservation]
    confidence: float | None
    positions: list[PositionOut] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return {
            COVERED: _("covered"),
            PARTLY: _("partly covered"),
            NOT_FOUND: _("not found"),
            NOT_APPLICABLE: _("not applicable (reservation)"),
        }[self.status]


def _label(spec: Any, language: str) -> str:
    return spec.label_fr if language == "fr" and spec.label_fr else spec.label_en


def gap_report(assessment: SelfAssessment, *, language: str = "en") -> list[GapRow]:
    """Every obligation of the treaty's legal catalogue: covered, partly covered, not found or
    not applicable (a reservation the State made to it), with the units that meet it (links the
    machine proposed or a person confirmed; rejected ones left out), the elements each satisfies
    and the elements no unit shows."""
    catalogue = catalogues.for_treaty(assessment.treaty.code)
    positions = catalogues.positions_for_treaty(assessment.treaty.code)
    links = (
        Link.objects.filter(unit__act__assessment=assessment)
        .exclude(status=Link.Status.REJECTED)
        .select_related("unit__act")
        .prefetch_related(Prefetch("elements", queryset=ElementCheck.objects.order_by("id")))
        .order_by("-status", "-confidence", "unit__act_id", "unit__order")
    )
    by_ref: dict[str, list[Link]] = {}
    for link in links:
        by_ref.setdefault(link.ref, []).append(link)
    reservations = list(
        Reservation.objects.filter(
            treaty=assessment.treaty,
            state=assessment.state,
            kind="reservation",
            withdrawn_on__isnull=True,
        ).prefetch_related("provisions")
    )
    rows = []
    for spec in catalogue.obligations:
        elements = {e.id: e for e in spec.elements}
        supports = []
        shown: set[str] = set()
        for link in by_ref.get(spec.ref, []):
            done = {c.code for c in link.elements.all() if c.satisfied}
            shown |= done
            supports.append(
                Support(
                    link=link,
                    unit=link.unit,
                    satisfied=[_label(elements[c], language) for c in done if c in elements],
                    missing=[_label(e, language) for e in catalogues.missing(spec, done)],
                )
            )
        reserved = [
            r
            for r in reservations
            if any(
                spec.provision == p.uid or spec.provision.startswith(p.uid + ".")
                for p in r.provisions.all()
            )
        ]
        if reserved:
            status = NOT_APPLICABLE
        elif not supports:
            status = NOT_FOUND
        elif any(s.link.coverage == Link.Coverage.COVERED for s in supports):
            status = COVERED
        else:
            status = PARTLY
        missing = (
            []
            if status == COVERED
            else [_label(e, language) for e in catalogues.missing(spec, shown)]
        )
        confidences = [s.link.confidence for s in supports if s.link.confidence is not None]
        rows.append(
            GapRow(
                ref=spec.ref,
                title=spec.title_fr if language == "fr" and spec.title_fr else spec.title_en,
                provision=spec.provision,
                status=status,
                supports=supports,
                missing=missing,
                reservations=reserved,
                confidence=max(confidences) if confidences else None,
                positions=[_position(p, language) for p in positions if p.concerns(spec.ref)],
            )
        )
    return rows


def _position(position: Any, language: str) -> PositionOut:
    quote = position.quotes[0] if position.quotes else None
    french = bool(quote and quote.fr) and language == "fr"
    return PositionOut(
        title=position.title_fr if language == "fr" and position.title_fr else position.title_en,
        date=position.date,
        url=position.url,
        quote=(quote.fr if french else quote.en) if quote else "",
        quote_in_english=language == "fr" and not french,
        editorial=bool(quote and quote.editorial),
    )


def gap_counts(rows: list[GapRow]) -> dict[str, int]:
    counts = {COVERED: 0, PARTLY: 0, NOT_FOUND: 0, NOT_APPLICABLE: 0}
    for row in rows:
        counts[row.status] += 1
    return counts


def labelled_records(assessment: SelfAssessment, *, site: str = "") -> list[dict[str, Any]]:
    """The author's decisions as labelled provisions, in the format ``lanzarote evaluate
    legislation`` reads (docs/quality.md): each provision on which a person confirmed, rejected
    or added a link. Confirmed links give the articles (best first); a provision whose every
    decided link was rejected is a negative ("none")."""
    records = []
    units = (
        Unit.objects.filter(act__assessment=assessment, links__decided_by__isnull=False)
        .distinct()
        .select_related("act")
        .prefetch_related(Prefetch("links", queryset=Link.objects.order_by("rank", "id")))
        .order_by("act_id", "order")
    )
    for unit in units:
        links = list(unit.links.all())
        confirmed = [link for link in links if link.status == Link.Status.CONFIRMED]
        if confirmed:
            complete = any(link.coverage == Link.Coverage.COVERED for link in confirmed)
            relation = "implements" if complete else "implements_partly"
        elif all(link.status == Link.Status.REJECTED for link in links if link.decided_by_id):
            relation = "none"
        else:
            continue
        records.append(
            {
                "id": f"self-assessment-{assessment.pk}-unit-{unit.pk}",
                "jurisdiction": assessment.state.iso2,
                "language": unit.act.language or "en",
                "act": unit.act.title,
                "section": unit.number or unit.label,
                "heading": unit.heading,
                "text": unit.text,
                "source_url": f"{site}/en/self-assessments/{assessment.pk}/units/{unit.pk}/",
                "relation": relation,
                "articles": [link.ref for link in confirmed],
            }
        )
    return records
