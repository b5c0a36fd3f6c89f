"""A publication as a Word document (python-docx), for the Secretariat's editing: the country
factsheet on the shared base document (lib/word.py), the others on python-docx's own."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.lib.word import docx_base, page_numbers, paragraph, repeat_header

from ..annual import annual_title
from ..gap import gap_title
from ..overview import TrendOut
from ..report import report_title
from .base import (
    Edition,
    Format,
    country_title,
    draft_notice,
    figures,
    groups,
    overview_title,
    thematic_title,
)


def _overview(edition: Edition) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    data, version = edition.data, edition.version
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    page_numbers(section)
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    if edition.demo:
        document.add_paragraph(
            _("Demonstration data: fictional, not a publication of the Committee.")
        )
    document.add_heading(overview_title(data), level=1)
    document.add_paragraph(
        f"{data.round_name} · "
        + _("coding scheme version %(v)s") % {"v": data.scheme_version}
        + " · "
        + _("publication version %(n)s") % {"n": version}
    )
    document.add_heading(_("Findings"), level=2)
    for statement in data.statements:
        document.add_paragraph(statement.text, style="List Bullet")
    if data.trends:
        document.add_heading(_("Across rounds"), level=2)
    for trend in data.trends:
        document.add_heading(trend.label, level=3)
        _trend_table(document, trend)
    for label, indicators, rows in groups(data):
        document.add_heading(label or _("Indicators"), level=2)
        table = document.add_table(rows=1, cols=len(indicators) + 1)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = _("Party")
        for n, indicator in enumerate(indicators, start=1):
            header[n].text = indicator.label
        repeat_header(table.rows[0])
        for party, cells in rows:
            row = table.add_row().cells
            row[0].text = party
            for n, cell in enumerate(cells, start=1):
                row[n].text = cell.label
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _trend_table(document, trend: TrendOut) -> None:
    """Round, Parties per value, Parties assessed; "–" where a value was not on a round's scale."""
    table = document.add_table(rows=1, cols=len(trend.values) + 2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[-1].text = _("Round"), _("Parties assessed")
    for n, value in enumerate(trend.values, start=1):
        header[n].text = value.label
    repeat_header(table.rows[0])
    for round_name, counts, assessed in trend.rows():
        row = table.add_row().cells
        row[0].text, row[-1].text = round_name, str(assessed)
        for n, count in enumerate(counts, start=1):
            row[n].text = "–" if count is None else str(count)
    if trend.off_scale():
        document.add_paragraph(_("–: not a value of that round's scale."))


def _country(edition: Edition) -> bytes:
    from docx.enum.style import WD_STYLE_TYPE

    data, version = edition.data, edition.version
    base = docx_base(10)
    document = base.new()
    title, h2, h3, quote = (
        base.get_style_id(n, WD_STYLE_TYPE.PARAGRAPH)
        for n in ("Heading 1", "Heading 2", "Heading 3", "Quote")
    )

    def add(text: str, style: str | None = None) -> None:
        paragraph(document, text, style)

    if edition.demo:
        add(_("Demonstration data: fictional, not a publication of the Committee."))
    if edition.draft:
        add(draft_notice(version))
    add(country_title(data), style=title)
    add(
        f"{data.round_name} · "
        + _("coding scheme version %(v)s") % {"v": data.scheme_version}
        + " · "
        + _("publication version %(n)s") % {"n": version}
    )
    add(_("The Convention and the Party"), style=h2)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for fact in data.status:
        row = table.add_row().cells
        row[0].text, row[1].text = fact.label, fact.value
    add(_("Reservations and declarations"), style=h2)
    for r in data.reservations:
        add(f"{r.kind} ({r.provisions}), {r.made_on}")
        add(r.text, style=quote)
    if data.reservations_note:
        add(_("Not recorded here; the notes on the sources say") + f": {data.reservations_note}")
    elif not data.reservations:
        add(
            _(
                "None recorded. The official list of reservations and declarations could not "
                "be retrieved, so this may be incomplete."
            )
        )
    add(_("Findings of the Committee"), style=h2)
    for f in data.findings:
        add(f"{f.label} – {f.value_label}", style=h3)
        if f.rationale:
            add(f.rationale + (f" ({_('in English')})" if f.rationale_in_english else ""))
        for c in f.citations:
            add(f"{c.quote} ({c.source})", style=quote)
    if not data.findings:
        add(_("No finding on this Party is adopted yet."))
    add(_("Recommendations and follow-up"), style=h2)
    add(data.recommendations_note)
    if data.recommendations:
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        head = table.rows[0]
        head.cells[0].text, head.cells[1].text = _("Recommendation"), _("Follow-up")
        repeat_header(head)
        for r in data.recommendations:
            row = table.add_row().cells
            where = " · ".join(filter(None, (r.round_name, r.number, r.grade)))
            row[0].text = (
                f"{where}: {r.text}"
                + ("" if r.text_complete else " […]")
                + (f" ({_('in English')})" if r.in_english else "")
            )
            row[1].text = r.followup
    return base.bytes(document)


def _thematic(edition: Edition) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    data = edition.data
    document = Document()
    page_numbers(document.sections[0])
    styles = document.styles
    styles["Normal"].font.size = Pt(10)
    h1, h2, h3 = (styles[n].style_id for n in ("Heading 1", "Heading 2", "Heading 3"))
    trends = data.trend_of()
    if edition.demo:
        paragraph(document, _("Demonstration data: fictional, not a publication of the Committee."))
    paragraph(document, thematic_title(data, edition.group_label), h1)
    paragraph(
        document,
        f"{data.round_name} · " + _("publication version %(n)s") % {"n": edition.version},
    )
    paragraph(document, _("Findings"), h2)
    for statement in data.statements:
        paragraph(document, statement.text)
    for indicator, counts, chart, world in figures(data, png=True):
        paragraph(document, indicator.label, h2)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Value"), _("Parties")
        repeat_header(table.rows[0])
        for value, n in counts:
            row = table.add_row().cells
            row[0].text, row[1].text = value, str(n)
        document.add_picture(io.BytesIO(chart), width=Cm(9))
        document.add_picture(io.BytesIO(world), width=Cm(15))
        if indicator.code in trends:
            paragraph(document, _("Across rounds"), h3)
            _trend_table(document, trends[indicator.code])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report(edition: Edition) -> bytes:
    """The report as a Word document, for the Secretariat's final editing."""
    from docx import Document
    from docx.shared import Pt

    data = edition.data
    document = Document()
    page_numbers(document.sections[0])
    styles = document.styles
    styles["Normal"].font.size = Pt(10.5)
    h1, h2, h3, quote, bullet = (
        styles[n].style_id for n in ("Heading 1", "Heading 2", "Heading 3", "Quote", "List Bullet")
    )
    if edition.demo:
        paragraph(document, _("Demonstration data: fictional, not a publication of the Committee."))
    paragraph(document, report_title(data), h1)
    for section in data.sections:
        if section.title:
            paragraph(document, section.title, h2)
        if section.kind == "text":
            for block in [b.strip() for b in section.text.split("\n\n") if b.strip()]:
                paragraph(document, block)
            continue
        if section.kind == "recommendations":
            for r in section.recommendations:
                head = f"{r.number} · {r.grade}" if r.number else r.grade
                paragraph(document, f"{head} – {r.addressees}", h3)
                paragraph(document, r.text + ("" if r.text_complete else " […]"), quote)
            if not section.recommendations:
                paragraph(document, _("No recommendation of this kind is adopted yet."))
            continue
        for statement in section.statements:
            paragraph(document, statement, bullet)
        for f in section.findings:
            paragraph(document, f"{f.party} – {f.indicator}: {f.value}", h3)
            if f.rationale:
                paragraph(
                    document,
                    f.rationale + (f" ({_('in English')})" if f.rationale_in_english else ""),
                )
            for text, source in f.citations:
                paragraph(document, f"{text} ({source})", quote)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _gap(edition: Edition) -> bytes:
    """A legal self-assessment's gap report, obligation by obligation."""
    from docx import Document

    data = edition.data
    document = Document()
    page_numbers(document.sections[0])
    styles = document.styles
    h1, h2, quote = (styles[n].style_id for n in ("Heading 1", "Heading 2", "Quote"))
    paragraph(document, gap_title(data), h1)
    paragraph(
        document,
        _("The legislation of %(state)s read against the %(treaty)s.")
        % {"state": data.state, "treaty": data.treaty},
    )
    for row in data.rows:
        paragraph(document, f"{row.ref} – {row.title}: {row.status_label}", h2)
        for text in row.reservations:
            paragraph(document, f"{_('Reservation:')} {text}")
        for s in row.supports:
            paragraph(document, f"{s.citation} ({s.decided}, {s.coverage}): {s.reason}", quote)
        if row.missing:
            paragraph(document, f"{_('Missing elements:')} {'; '.join(row.missing)}")
        for position in row.positions:
            paragraph(document, position)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _annual(edition: Edition) -> bytes:
    """The annual activity report as a Word document: the generated sections as tables, the
    Secretariat's text between them."""
    from docx import Document

    data = edition.data
    document = Document()
    page_numbers(document.sections[0])
    styles = document.styles
    h1, h2 = (styles[n].style_id for n in ("Heading 1", "Heading 2"))
    paragraph(document, annual_title(data), h1)
    paragraph(document, data.treaty_title)
    for section in data.sections:
        if section.title:
            paragraph(document, section.title, h2)
        if section.key == "text":
            for block in [b.strip() for b in section.text.split("\n\n") if b.strip()]:
                paragraph(document, block)
            continue
        paragraph(document, section.summary)
        if section.entries:
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, head in zip(
                table.rows[0].cells, (_("Date"), _("What"), _("Details")), strict=True
            ):
                cell.text = head
            for entry in section.entries:
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = (
                    entry.when or "—",
                    entry.text,
                    entry.detail,
                )
        if section.undated:
            paragraph(document, section.undated)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_DOCUMENTS = {
    "overview": _overview,
    "country": _country,
    "thematic": _thematic,
    "report": _report,
    "gap": _gap,
    "annual": _annual,
}


def _make(data: Edition, language: str) -> bytes:
    with translation.override(language):
        return _DOCUMENTS[data.kind](data)


renderer = Format(
    "docx",
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _make,
)
