"""A publication's tables, built once and written by the tabular formats: the XLSX workbook
(its sheets) and, for the live overview's open data, CSV (the overview's data sheet) and JSON."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.lib.spreadsheet import Sheet, csv_bytes, xlsx_bytes

from ..overview import ROW_FIELDS, TREND_FIELDS, overview_rows, trend_rows
from .base import Edition, Format


def sheets(edition: Edition, language: str) -> list[Sheet]:
    """The edition's tables in ``language``, built once per edition and language."""
    key = f"sheets:{language}"
    if key not in edition.memo:
        with translation.override(language):
            edition.memo[key] = _SHEETS[edition.kind](edition.data)
    return edition.memo[key]


def _overview(data) -> list[Sheet]:
    """The matrix (Party by indicator), the data (a row per Party and indicator), the findings
    and, when an indicator recurs in other rounds, the trends."""
    out = [
        Sheet(
            _("Matrix"),
            [
                [_("Party"), *[i.label for i in data.indicators]],
                *[[p.name, *[c.label for c in data.row(p.iso2)]] for p in data.parties],
            ],
            styled=True,
            freeze="B2",
        ),
        Sheet(_("Data"), [ROW_FIELDS, *[[r[f] for f in ROW_FIELDS] for r in overview_rows(data)]]),
        Sheet(_("Findings"), [[s.indicator, s.text] for s in data.statements]),
    ]
    if data.trends:  # one row per indicator, round and value of that round's scale
        out.append(
            Sheet(
                _("Trends"),
                [TREND_FIELDS, *[[r[f] for f in TREND_FIELDS] for r in trend_rows(data)]],
            )
        )
    return out


def _country(data) -> list[Sheet]:
    findings = [[_("Indicator"), _("Value"), _("Rationale"), _("Evidence"), _("Source")]]
    for f in data.findings:
        for c in f.citations or (None,):
            findings.append(
                [f.label, f.value_label, f.rationale, c.quote if c else "", c.source if c else ""]
            )
    out = [
        Sheet(_("Findings"), findings),
        Sheet(_("Status"), [[fact.label, fact.value] for fact in data.status]),
    ]
    if data.recommendations:
        header = [
            _("Round"),
            _("Number"),
            _("Grade"),
            _("Recommendation"),
            _("Adopted on"),
            _("Follow-up"),
        ]
        rows = [
            [r.round_name, r.number, r.grade, r.text, r.adopted_on, r.followup]
            for r in data.recommendations
        ]
        out.append(Sheet(_("Recommendations"), [header, *rows]))
    return out


def _report(data) -> list[Sheet]:
    findings = [
        [
            _("Section"),
            _("Party"),
            _("Indicator"),
            _("Value"),
            _("Rationale"),
            _("Evidence"),
            _("Source"),
        ]
    ]
    for section in data.sections:
        for f in section.findings:
            for text, source in f.citations or (("", ""),):
                findings.append(
                    [section.title, f.party, f.indicator, f.value, f.rationale, text, source]
                )
    out = [Sheet(_("Findings"), findings)]
    recommended = [(s.title, r) for s in data.sections for r in s.recommendations]
    if recommended:
        header = [_("Section"), _("Number"), _("Grade"), _("Recommendation"), _("Addressed to")]
        rows = [[title, r.number, r.grade, r.text, r.addressees] for title, r in recommended]
        out.append(Sheet(_("Recommendations"), [header, *rows]))
    return out


def _gap(data) -> list[Sheet]:
    """A row per obligation and supporting unit (an obligation with none has one row)."""
    rows = [
        [
            _("Obligation"),
            _("Title"),
            _("Status"),
            _("Unit"),
            _("Decided"),
            _("Coverage"),
            _("Confidence"),
            _("Reason"),
            _("Missing elements"),
        ]
    ]
    for row in data.rows:
        for s in row.supports or [None]:
            rows.append(
                [
                    row.ref,
                    row.title,
                    row.status_label,
                    s.citation if s else "",
                    s.decided if s else "",
                    s.coverage if s else "",
                    s.confidence if s and s.confidence is not None else "",
                    s.reason if s else "",
                    "; ".join(row.missing),
                ]
            )
    return [Sheet(_("Gap report"), rows)]


def _annual(data) -> list[Sheet]:
    """One row per entry of each generated section (the Secretariat's texts are in the other
    formats)."""
    rows = [[_("Section"), _("Date"), _("What"), _("Details")]]
    for section in data.sections:
        if section.key == "text":
            continue
        rows.append([section.title, "", section.summary, ""])
        for e in section.entries:
            rows.append([section.title, e.when, e.text, e.detail])
        if section.undated:
            rows.append([section.title, "", section.undated, ""])
    return [Sheet(_("Annual report"), rows)]


# a thematic factsheet's tables are those of the overview of its group
_SHEETS = {
    "overview": _overview,
    "thematic": _overview,
    "country": _country,
    "report": _report,
    "gap": _gap,
    "annual": _annual,
}


def _overview_json(data: Edition, language: str) -> bytes:
    """The live overview's open data: its rows, findings and trends; unknown values are null."""
    overview = data.data
    payload = {
        "round": overview.round,
        "scheme_version": overview.scheme_version,
        "lang": overview.lang,
        "source": "adopted findings only",
        "rows": overview_rows(overview),
        "findings": [{"indicator": s.indicator, "text": s.text} for s in overview.statements],
        "trends": trend_rows(overview),
    }
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


xlsx = Format(
    "xlsx",
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    lambda data, language: xlsx_bytes(sheets(data, language)),
)
# The overview's data sheet alone (a row per Party and indicator), in the sheet's language.
csv = Format(
    "csv",
    "CSV",
    "text/csv; charset=utf-8",
    lambda data, language: csv_bytes(sheets(data, language)[1]),
)
json_data = Format("json", "JSON", "application/json", _overview_json)
