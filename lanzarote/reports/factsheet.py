"""A country factsheet: the Party's treaty status and dates, its reservations and declarations,
its adopted findings in a round with their citations, the recommendations addressed to it and
where their follow-up stands, built once as data in one language."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lanzarote.assessments.models import Finding
from lanzarote.assessments.selectors import evidence_citation
from lanzarote.lib.dates import date_text
from lanzarote.lib.i18n import written
from lanzarote.monitoring.models import CodingScheme
from lanzarote.parties.models import Confidence, Reservation, State, TreatyStatus
from lanzarote.recommendations.models import Recommendation
from lanzarote.recommendations.selectors import addressee_map, followup_statuses


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class ReservationOut:
    kind: str
    provisions: str
    text: str
    made_on: str
    withdrawn_on: str


@dataclass(frozen=True)
class CitationOut:
    quote: str
    source: str


@dataclass(frozen=True)
class FindingOut:
    indicator: str
    label: str
    group: str
    value: str
    value_label: str
    rationale: str
    citations: tuple[CitationOut, ...]
    rationale_in_english: bool = False  # written in English only, shown in a French factsheet


@dataclass(frozen=True)
class RecommendationOut:
    round_name: str
    number: str
    grade: str  # the verb, in the language: "urges"
    text: str
    text_complete: bool
    report: str
    adopted_on: str
    followup: str
    in_english: bool = False  # no text in the factsheet's language: the English one is shown


@dataclass(frozen=True)
class FactsheetData:
    lang: str
    round: str
    round_name: str
    party: str
    party_name: str
    scheme_version: int
    status: tuple[Fact, ...]
    reservations: tuple[ReservationOut, ...]
    findings: tuple[FindingOut, ...]
    not_assessed: tuple[str, ...]  # indicators without an adopted finding
    recommendations_note: str
    recommendations: tuple[RecommendationOut, ...] = ()
    # reservations the sources mention but whose texts are not recorded (not "none")
    reservations_note: str = ""


def _date(value) -> str:
    """A partial date as written in the current language ("2010", "mai 2016", "1er juillet
    2010"), or "unknown"."""
    if value is None:
        return _("unknown")
    return date_text(value)


_COLON = {False: ":", True: "\u202f:"}  # French puts a narrow no-break space before a colon


def _doubt(status: TreatyStatus, name: str) -> str:
    """What the pages show as a marker, in words: the level of a value that is not confirmed and
    its source's own words (in English)."""
    level = status.level(name)
    if level == Confidence.CONFIRMED:
        return ""
    basis = getattr(status, f"{name}_basis")
    if not basis:
        return f" ({Confidence(level).label})"
    french = (translation.get_language() or "en").startswith("fr")
    english = f" ({_('in English')})" if french else ""
    return f" ({Confidence(level).label} – {_('source')}{_COLON[french]} {basis}{english})"


def _dated(status: TreatyStatus, name: str, value) -> str:
    return _date(value) + (_doubt(status, name) if value else "")


def _entry_into_force(status: TreatyStatus) -> str:
    """The date the treaty's rule gives for a deposit known to the day, said to be derived;
    a source date that disagrees is given beside it."""
    shown = status.entry_into_force_shown
    if not shown.derived:
        return _dated(status, "entry_into_force", shown.date)
    months = status.treaty.entry_into_force_delay_months
    rule = ngettext(
        "derived from the deposit date by the treaty's rule: the first day of the month "
        "following %(months)s month after the deposit",
        "derived from the deposit date by the treaty's rule: the first day of the month "
        "following %(months)s months after the deposit",
        months,
    ) % {"months": months}
    text = f"{_date(shown.date)} ({rule})"
    if shown.conflict and shown.source:
        source = _dated(status, "entry_into_force", shown.source)
        text += f"; {_('the source gives another date')}: {source}"
    return text


class Sources:
    """What the factsheets of a round read, read once for all the Parties of a batch (a handful
    of queries, whatever their number) rather than once a factsheet."""

    def __init__(self, scheme: CodingScheme, parties: list[State] | None = None) -> None:
        treaty = scheme.round.treaty
        wanted = {"state__in": parties} if parties is not None else {}
        self.statuses = {
            s.state_id: s
            for s in TreatyStatus.objects.filter(treaty=treaty, **wanted).select_related("treaty")
        }
        self.reservations: dict[int, list[Reservation]] = {}
        for r in Reservation.objects.filter(treaty=treaty, **wanted).prefetch_related(
            "provisions__article"
        ):
            self.reservations.setdefault(r.state_id, []).append(r)
        self.findings: dict[int, dict[int, Finding]] = {}
        adopted = Finding.objects.filter(indicator__scheme=scheme, status=Finding.Status.ADOPTED)
        if parties is not None:
            adopted = adopted.filter(party__in=parties)
        for f in adopted.prefetch_related("evidence"):
            self.findings.setdefault(f.party_id, {})[f.indicator_id] = f
        self.indicators = list(scheme.indicators.all())
        self.recommendations = Recommendations(treaty)


def factsheet_build(
    *, scheme: CodingScheme, party: State, lang: str, sources: Sources | None = None
) -> FactsheetData:
    """``sources``: read once for a batch of factsheets (read here for this Party otherwise)."""
    sources = sources or Sources(scheme, [party])
    with translation.override(lang):
        round_ = scheme.round
        status = sources.statuses.get(party.pk)
        facts = [
            Fact(
                _("Status"),
                status.get_status_display() + _doubt(status, "status") if status else _("unknown"),
            )
        ]
        if status is not None:
            deposit = (
                status.get_deposit_kind_display()
                if status.deposit_kind
                else _("Ratification or accession")
            )
            facts += [
                Fact(_("Signature"), _dated(status, "signature", status.signature_date)),
                Fact(deposit, _dated(status, "deposit", status.deposit_date)),
                Fact(_("Entry into force"), _entry_into_force(status)),
            ]
        reservations = tuple(
            ReservationOut(
                kind=r.get_kind_display(),
                provisions=", ".join(p.label for p in r.provisions.all()),
                text=getattr(r, f"text_{lang}") or r.text_en,
                made_on=_date(r.made_on),
                withdrawn_on=_date(r.withdrawn_on) if r.withdrawn_on else "",
            )
            for r in sources.reservations.get(party.pk, ())
        )
        groups = {g["code"]: g.get(f"label_{lang}") or g.get("label_en", "") for g in scheme.groups}
        findings = sources.findings.get(party.pk, {})
        out, missing = [], []
        for indicator in sources.indicators:
            label = getattr(indicator, f"label_{lang}") or indicator.label_en
            finding = findings.get(indicator.pk)
            if finding is None:
                missing.append(label)
                continue
            values = {
                v["value"]: v.get(f"label_{lang}") or v["label_en"] for v in indicator.values()
            }
            out.append(
                FindingOut(
                    indicator=indicator.code,
                    label=label,
                    group=groups.get(indicator.group, ""),
                    value=finding.value,
                    value_label=values.get(finding.value, finding.value),
                    rationale=finding.rationale,
                    rationale_in_english=written(finding.rationale).fallback,
                    citations=tuple(
                        CitationOut(e.quote, evidence_citation(e)) for e in finding.evidence.all()
                    ),
                )
            )
        recommended = _recommendations(party=party, lang=lang, known=sources.recommendations)
        return FactsheetData(
            lang=lang,
            round=round_.uid,
            round_name=getattr(round_, f"name_{lang}") or round_.name_en,
            party=party.iso2,
            party_name=getattr(party, f"name_{lang}") or party.name_en,
            scheme_version=scheme.version,
            status=tuple(facts),
            reservations=reservations,
            findings=tuple(out),
            not_assessed=tuple(missing),
            recommendations=recommended,
            reservations_note=status.reservations_note if status is not None else "",
            recommendations_note=(
                _(
                    "The recommendations recorded so far in Lanzarote Monitor, from all rounds; "
                    "the Committee's reports are the reference."
                )
                if recommended
                else _(
                    "No recommendation addressed to the Party is recorded in Lanzarote Monitor "
                    "yet; the Committee's reports are the reference."
                )
            ),
        )


class Recommendations:
    """The adopted recommendations of a treaty with their addressees, and their follow-up status
    per language, read once for all the factsheets of a batch rather than once each."""

    def __init__(self, treaty) -> None:
        self.adopted = list(
            Recommendation.objects.filter(
                round__treaty=treaty, status=Recommendation.Status.ADOPTED
            )
            .select_related("round")
            .prefetch_related("addressees")
            .order_by("round__launched", "round__uid", "position", "pk")
        )
        self.addressees = addressee_map(self.adopted)
        self._statuses: dict[str, dict] = {}

    def statuses(self, lang: str) -> dict:
        if lang not in self._statuses:
            with translation.override(lang):
                self._statuses[lang] = followup_statuses(self.adopted, addressees=self.addressees)
        return self._statuses[lang]


def _recommendations(
    *, party: State, lang: str, known: Recommendations
) -> tuple[RecommendationOut, ...]:
    """The adopted recommendations of every round of the treaty addressed to the Party, with
    where the Party's follow-up stands."""
    adopted = [r for r in known.adopted if party.pk in known.addressees[r.pk]]
    statuses = known.statuses(lang)
    return tuple(
        RecommendationOut(
            round_name=getattr(r.round, f"name_{lang}") or r.round.name_en,
            number=r.number,
            grade=r.get_grade_display(),
            text=getattr(r, f"text_{lang}") or r.text_en,
            text_complete=r.text_complete,
            report=getattr(r, f"report_{lang}") or r.report_en,
            adopted_on=_date(r.adopted_on) if r.adopted_on else _("unknown"),
            followup=statuses[(r.pk, party.pk)].label,
            in_english=lang != "en" and not getattr(r, f"text_{lang}"),
        )
        for r in adopted
    )


def factsheet_to_json(data: FactsheetData) -> dict:
    return dataclasses.asdict(data)


def factsheet_from_json(plain: dict) -> FactsheetData:
    return FactsheetData(
        **{
            **plain,
            "status": tuple(Fact(**f) for f in plain["status"]),
            "reservations": tuple(ReservationOut(**r) for r in plain["reservations"]),
            "findings": tuple(
                FindingOut(**{**f, "citations": tuple(CitationOut(**c) for c in f["citations"])})
                for f in plain["findings"]
            ),
            "not_assessed": tuple(plain["not_assessed"]),
            "recommendations": tuple(
                RecommendationOut(**r) for r in plain.get("recommendations", ())
            ),
        }
    )
