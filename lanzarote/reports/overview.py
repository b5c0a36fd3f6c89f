"""The comparative overview of a round, built once as data from adopted findings only, then shown
as a page, downloaded as CSV / XLSX / JSON, and rendered into publications.

`overview_build` reads everything in a constant number of queries, whatever the number of
Parties and indicators (pinned by a test), and returns a frozen dataclass: what the renderers
show is exactly what was built, in one language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.assessments.models import Finding
from lanzarote.monitoring.models import CodingScheme, Indicator, Round
from lanzarote.treaties.models import Provision

NOT_ASSESSED = "not_assessed"  # no adopted finding: shown as such, never guessed


@dataclass(frozen=True)
class ValueOut:
    code: str
    label: str


@dataclass(frozen=True)
class IndicatorOut:
    code: str
    label: str
    group: str
    group_label: str
    values: tuple[ValueOut, ...]
    provisions: tuple[str, ...]
    pillars: tuple[str, ...]  # of the chapters its provisions are in


@dataclass(frozen=True)
class PartyOut:
    iso2: str
    name: str


@dataclass(frozen=True)
class CellOut:
    value: str  # a value code, or NOT_ASSESSED
    label: str
    finding: int | None


@dataclass(frozen=True)
class Statement:
    indicator: str
    text: str


@dataclass(frozen=True)
class TrendRound:
    round: str
    round_name: str
    counts: dict[str, int]  # value code -> Parties with an adopted finding of that value
    scale: tuple[str, ...]  # the value codes of that round's scale
    assessed: int  # Parties with an adopted finding


@dataclass(frozen=True)
class TrendOut:
    """One indicator across the rounds of the treaty, up to this one, whose schemes have an
    indicator of its series. Scales may differ between rounds, so values are keyed by code."""

    indicator: str  # its code in this round
    label: str  # its label in this round
    series: str
    values: tuple[ValueOut, ...]  # this round's scale, then values only earlier rounds have
    rounds: tuple[TrendRound, ...]  # oldest first, this round last

    def rows(self) -> list[tuple[str, list[int | None], int]]:
        """(round name, Parties per value, Parties assessed); None where the value is not on
        that round's scale, so that "not a choice then" does not read as nobody."""
        return [
            (
                r.round_name,
                [
                    r.counts.get(v.code, 0) if v.code in r.scale or v.code in r.counts else None
                    for v in self.values
                ],
                r.assessed,
            )
            for r in self.rounds
        ]

    def off_scale(self) -> bool:
        """Whether some value was not a choice in some round."""
        return any(n is None for _name, counts, _assessed in self.rows() for n in counts)


@dataclass(frozen=True)
class OverviewData:
    round: str
    round_name: str
    scheme_version: int
    lang: str
    indicators: tuple[IndicatorOut, ...]
    parties: tuple[PartyOut, ...]
    cells: dict[tuple[str, str], CellOut]  # (iso2, indicator code) -> cell
    counts: dict[str, dict[str, int]]  # indicator code -> value code -> Parties
    statements: tuple[Statement, ...]
    # Indicators that recur in two rounds or more; absent from publications made before trends.
    trends: tuple[TrendOut, ...] = ()

    def row(self, iso2: str) -> list[CellOut]:
        return [self.cells[(iso2, i.code)] for i in self.indicators]

    def trend_of(self) -> dict[str, TrendOut]:
        return {t.indicator: t for t in self.trends}


def _label(entry: dict, lang: str) -> str:
    return entry.get(f"label_{lang}") or entry.get("label_en") or entry.get("value", "")


def overview_build(*, scheme: CodingScheme, lang: str) -> OverviewData:
    """The matrix of Parties × indicators from adopted findings, in one language."""
    with translation.override(lang):
        round_ = scheme.round
        indicators = list(
            scheme.indicators.prefetch_related(
                Prefetch("provisions", Provision.objects.select_related("article__chapter"))
            )
        )
        groups = {g["code"]: _label(g, lang) for g in scheme.groups}
        # Rows, not models: 10,000 findings at 50 Parties x 200 indicators (benchmarks/).
        findings = list(
            Finding.objects.filter(
                indicator__scheme=scheme, status=Finding.Status.ADOPTED
            ).values_list(
                "pk", "value", "indicator_id", "party__iso2", "party__name_en", "party__name_fr"
            )
        )
        names = {
            iso2: (fr if lang == "fr" and fr else en) for _pk, _v, _i, iso2, en, fr in findings
        }
        for state in round_.parties.all():
            names.setdefault(state.iso2, getattr(state, f"name_{lang}") or state.name_en)
        parties = sorted(
            (PartyOut(iso2, name) for iso2, name in names.items()), key=lambda p: p.name
        )
        not_assessed = _("Not assessed")
        out_indicators, cells = [], {}
        by_key = {
            (iso2, indicator): (pk, value) for pk, value, indicator, iso2, _en, _fr in findings
        }
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for indicator in indicators:
            scale = indicator.values()
            labels = {v["value"]: _label(v, lang) for v in scale}
            out_indicators.append(
                IndicatorOut(
                    code=indicator.code,
                    label=getattr(indicator, f"label_{lang}") or indicator.label_en,
                    group=indicator.group,
                    group_label=groups.get(indicator.group, indicator.group),
                    values=tuple(ValueOut(v["value"], labels[v["value"]]) for v in scale),
                    provisions=tuple(p.uid for p in indicator.provisions.all()),
                    pillars=tuple(
                        sorted(
                            {
                                p.article.chapter.pillar
                                for p in indicator.provisions.all()
                                if p.article is not None
                            }
                        )
                    ),
                )
            )
            tally: Counter[str] = Counter()
            for party in parties:
                pk, value = by_key.get((party.iso2, indicator.pk), (None, NOT_ASSESSED))
                tally[value] += 1
                cells[(party.iso2, indicator.code)] = CellOut(
                    value, labels.get(value, not_assessed), pk
                )
            counts[indicator.code] = dict(tally)
        statements = tuple(_statement(i, parties, cells) for i in out_indicators)
        return OverviewData(
            round=round_.uid,
            round_name=getattr(round_, f"name_{lang}") or round_.name_en,
            scheme_version=scheme.version,
            lang=lang,
            indicators=tuple(out_indicators),
            parties=tuple(parties),
            cells=cells,
            counts=dict(counts),
            statements=statements,
            trends=_trends(scheme=scheme, indicators=indicators, lang=lang),
        )


def _round_order(launched: dt.date | None, status: str, uid: str) -> tuple:
    """Rounds by launch, then uid. A round in preparation is launched when it opens, so without
    a date it comes last; a round past that without a date is one the sources date no better
    (round 1), so it comes first."""
    if launched is not None:
        return (1, launched, uid)
    return (2 if status == Round.Status.PREPARING else 0, dt.date.min, uid)


def _trends(
    *, scheme: CodingScheme, indicators: list[Indicator], lang: str
) -> tuple[TrendOut, ...]:
    """Adopted findings per value of each indicator in the rounds up to this one, for the
    indicators whose series recurs in two rounds or more: two queries, whatever the number of
    rounds, indicators and findings (one when nothing recurs)."""
    round_ = scheme.round
    mine: dict[str, Indicator] = {}
    for indicator in indicators:
        mine.setdefault(indicator.series or indicator.code, indicator)
    rows = (
        Indicator.objects.filter(scheme__round__treaty_id=round_.treaty_id)
        .filter(Q(series__in=mine) | Q(series="", code__in=mine))
        .order_by("position", "code")
        .values_list(
            "pk",
            "code",
            "series",
            "scale",
            "scheme__scales",
            "scheme__round__uid",
            "scheme__round__name_en",
            "scheme__round__name_fr",
            "scheme__round__launched",
            "scheme__round__status",
        )
    )
    until = _round_order(round_.launched, round_.status, round_.uid)
    # series -> round order -> (indicator pk, round uid, round name, scale); the first indicator
    # of a scheme with the series counts (the loader refuses two).
    found: dict[str, dict[tuple, tuple]] = defaultdict(dict)
    for pk, code, series, scale, scales, uid, name_en, name_fr, launched, status in rows:
        order = _round_order(launched, status, uid)
        if order <= until:
            name = name_fr if lang == "fr" and name_fr else name_en
            found[series or code].setdefault(order, (pk, uid, name, scales.get(scale, [])))
    recurring = {series: by_round for series, by_round in found.items() if len(by_round) >= 2}
    if not recurring:
        return ()
    pks = [pk for by_round in recurring.values() for pk, *_rest in by_round.values()]
    counted: dict[int, dict[str, int]] = defaultdict(dict)
    for indicator_id, value, n in (
        Finding.objects.filter(status=Finding.Status.ADOPTED, indicator_id__in=pks)
        .order_by()
        .values_list("indicator_id", "value")
        .annotate(n=Count("pk"))
    ):
        counted[indicator_id][value] = n
    out = []
    for series, indicator in mine.items():
        if series not in recurring:
            continue
        by_round = [recurring[series][order] for order in sorted(recurring[series])]
        values: dict[str, str] = {}
        for _pk, _uid, _name, scale in reversed(by_round):  # this round's labels first
            for v in scale:
                values.setdefault(v["value"], _label(v, lang))
        for pk, *_rest in by_round:
            for code in counted[pk]:
                values.setdefault(code, code)  # a value no scale has any more: its code
        out.append(
            TrendOut(
                indicator=indicator.code,
                series=series,
                label=getattr(indicator, f"label_{lang}") or indicator.label_en,
                values=tuple(ValueOut(code, label) for code, label in values.items()),
                rounds=tuple(
                    TrendRound(
                        round=uid,
                        round_name=name,
                        counts=dict(counted[pk]),
                        scale=tuple(v["value"] for v in scale),
                        assessed=sum(counted[pk].values()),
                    )
                    for pk, uid, name, scale in by_round
                ),
            )
        )
    return tuple(out)


def _statement(indicator: IndicatorOut, parties: list[PartyOut], cells) -> Statement:
    """ "Use of the term …: yes for 11 of 43 Parties (Austria, …); no for 20 (…)." Only values
    that some Party has are named; Parties not assessed are counted, not named."""
    total = len(parties)
    parts: list[str] = []
    for value in indicator.values:
        names = [p.name for p in parties if cells[(p.iso2, indicator.code)].value == value.code]
        if not names:
            continue
        if not parts:
            parts.append(
                _("%(value)s for %(n)s of %(total)s Parties (%(names)s)")
                % {
                    "value": value.label.lower(),
                    "n": len(names),
                    "total": total,
                    "names": ", ".join(names),
                }
            )
        else:
            parts.append(
                _("%(value)s for %(n)s (%(names)s)")
                % {"value": value.label.lower(), "n": len(names), "names": ", ".join(names)}
            )
    missing = sum(1 for p in parties if cells[(p.iso2, indicator.code)].value == NOT_ASSESSED)
    if missing:
        parts.append(_("no adopted finding yet for %(n)s") % {"n": missing})
    if not parts:
        return Statement(
            indicator.code,
            _("%(indicator)s: no Party assessed yet.") % {"indicator": indicator.label},
        )
    return Statement(
        indicator.code,
        _("%(indicator)s: %(findings)s.")
        % {"indicator": indicator.label, "findings": "; ".join(parts)},
    )


def overview_rows(data: OverviewData) -> list[dict]:
    """One row per Party and indicator: the open-data form of the matrix."""
    return [
        {
            "round": data.round,
            "party": p.iso2,
            "party_name": p.name,
            "indicator": i.code,
            "indicator_label": i.label,
            "value": data.cells[(p.iso2, i.code)].value,
            "value_label": data.cells[(p.iso2, i.code)].label,
            "scheme_version": data.scheme_version,
        }
        for p in data.parties
        for i in data.indicators
    ]


ROW_FIELDS = [
    "round",
    "party",
    "party_name",
    "indicator",
    "indicator_label",
    "value",
    "value_label",
    "scheme_version",
]


def trend_rows(data: OverviewData) -> list[dict]:
    """One row per recurring indicator, round and value on that round's scale: the open-data
    form of the trends."""
    return [
        {
            "indicator": t.indicator,
            "indicator_label": t.label,
            "series": t.series,
            "round": r.round,
            "round_name": r.round_name,
            "value": value.code,
            "value_label": value.label,
            "parties": n,
            "parties_assessed": r.assessed,
        }
        for t in data.trends
        for r, (_name, counts, _n) in zip(t.rounds, t.rows(), strict=True)
        for value, n in zip(t.values, counts, strict=True)
        if n is not None
    ]


TREND_FIELDS = [
    "indicator",
    "indicator_label",
    "series",
    "round",
    "round_name",
    "value",
    "value_label",
    "parties",
    "parties_assessed",
]


def overview_to_json(data: OverviewData) -> dict:
    """The built data as stored with a publication (JSON: the cells as a list)."""
    plain = dataclasses.asdict(data)
    plain["cells"] = [
        {"party": iso2, "indicator": code, **dataclasses.asdict(cell)}
        for (iso2, code), cell in data.cells.items()
    ]
    return plain


def overview_from_json(plain: dict) -> OverviewData:
    indicators = tuple(
        IndicatorOut(
            **{
                **i,
                "values": tuple(ValueOut(**v) for v in i["values"]),
                "provisions": tuple(i["provisions"]),
                "pillars": tuple(i["pillars"]),
            }
        )
        for i in plain["indicators"]
    )
    return OverviewData(
        round=plain["round"],
        round_name=plain["round_name"],
        scheme_version=plain["scheme_version"],
        lang=plain["lang"],
        indicators=indicators,
        parties=tuple(PartyOut(**p) for p in plain["parties"]),
        cells={
            (c["party"], c["indicator"]): CellOut(c["value"], c["label"], c["finding"])
            for c in plain["cells"]
        },
        counts=plain["counts"],
        statements=tuple(Statement(**s) for s in plain["statements"]),
        trends=tuple(
            TrendOut(
                indicator=t["indicator"],
                label=t["label"],
                series=t["series"],
                values=tuple(ValueOut(**v) for v in t["values"]),
                rounds=tuple(TrendRound(**{**r, "scale": tuple(r["scale"])}) for r in t["rounds"]),
            )
            for t in plain.get("trends", ())  # stored before trends: none
        ),
    )


def overview_group(data: OverviewData, group: str) -> OverviewData:
    """The overview restricted to one indicator group: the data of a thematic factsheet."""
    codes = {i.code for i in data.indicators if i.group == group}
    return dataclasses.replace(
        data,
        indicators=tuple(i for i in data.indicators if i.code in codes),
        cells={key: cell for key, cell in data.cells.items() if key[1] in codes},
        counts={code: n for code, n in data.counts.items() if code in codes},
        statements=tuple(s for s in data.statements if s.indicator in codes),
        trends=tuple(t for t in data.trends if t.indicator in codes),
    )
