"""Rendering publications: the same built data to HTML, PDF (WeasyPrint, from that HTML), DOCX
(python-docx) and XLSX (openpyxl), in the publication's language."""

from __future__ import annotations

import io
import threading
import zipfile
from functools import cache
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lanzarote.lib.dates import date_text
from lanzarote.lib.spreadsheet import xlsx_append

from .overview import ROW_FIELDS, TREND_FIELDS, OverviewData, TrendOut, overview_rows, trend_rows


def _groups(data: OverviewData) -> list[tuple[str, list, list]]:
    """Indicators by group, each with its rows (Party name, cells): one table per group keeps
    the tables narrow enough for a page."""
    out = []
    for label, items in groupby(data.indicators, key=lambda i: i.group_label):
        indicators = list(items)
        rows = [(p.name, [data.cells[(p.iso2, i.code)] for i in indicators]) for p in data.parties]
        out.append((label, indicators, rows))
    return out


def overview_title(data: OverviewData) -> str:
    with translation.override(data.lang):
        return _("Comparative overview: %(round)s") % {"round": data.round_name}


def overview_html(data: OverviewData, *, version: int, demo: bool) -> str:
    with translation.override(data.lang):
        return render_to_string(
            "reports/publications/overview.html",
            {
                "data": data,
                "lang": data.lang,
                "title": overview_title(data),
                "version": version,
                "demo": demo,
                "groups": _groups(data),
                "date": date_text(timezone.localdate()),
            },
        )


_FETCHERS = threading.local()


def _fetcher():
    """One URL fetcher per thread, allowed data: URLs only. A publication's figures are data:
    URLs and its style is inline, so nothing is fetched from the network or the disk; and
    WeasyPrint's default fetcher builds an SSL context, certificates loaded, for every document
    (about 19 ms of a 150 ms factsheet)."""
    from weasyprint.urls import URLFetcher

    fetcher = getattr(_FETCHERS, "fetcher", None)
    if fetcher is None:
        fetcher = _FETCHERS.fetcher = URLFetcher(allowed_protocols=("data",))
    return fetcher


def pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fetcher()).write_pdf()


def overview_docx(data: OverviewData, *, version: int, demo: bool) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    with translation.override(data.lang):
        document = Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        _page_numbers(section)
        style = document.styles["Normal"]
        style.font.size = Pt(9)
        if demo:
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
        for label, indicators, rows in _groups(data):
            document.add_heading(label or _("Indicators"), level=2)
            table = document.add_table(rows=1, cols=len(indicators) + 1)
            table.style = "Table Grid"
            header = table.rows[0].cells
            header[0].text = _("Party")
            for n, indicator in enumerate(indicators, start=1):
                header[n].text = indicator.label
            _repeat_header(table.rows[0])
            for name, cells in rows:
                row = table.add_row().cells
                row[0].text = name
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
    _repeat_header(table.rows[0])
    for name, counts, assessed in trend.rows():
        row = table.add_row().cells
        row[0].text, row[-1].text = name, str(assessed)
        for n, count in enumerate(counts, start=1):
            row[n].text = "–" if count is None else str(count)
    if trend.off_scale():
        document.add_paragraph(_("–: not a value of that round's scale."))


class _DocxBase:
    """An empty document with page numbers in its footer and its body text size, built once
    per process; each document is a new body (`new`) added to the base's package (`bytes`).

    python-docx reads, parses, writes, compresses and garbage-collects the whole package for
    every document, and its 800 kB of styles made most of the time of a factsheet's DOCX
    (benchmarks/factsheets.py). Here the other parts are compressed once, and the part of a
    new document is the base, which answers the one thing python-docx asks of it while a body
    is written: a style's id from its name (`style=`, `table.style =`), looked up once.
    Anything that would add or change another part (a picture, a link, the footer, the styles)
    finds no such method and fails rather than change the base: a document that needs that
    starts from `docx.Document()`. The parts are python-docx's, byte for byte; the body is the
    package's last member rather than its fifth."""

    _BODY = "word/document.xml"

    def __init__(self, *, normal_pt: float) -> None:
        from docx import Document
        from docx.shared import Pt

        document = Document()
        _page_numbers(document.sections[0])
        document.styles["Normal"].font.size = Pt(normal_pt)
        saved, others = io.BytesIO(), io.BytesIO()
        document.save(saved)
        with (
            zipfile.ZipFile(saved) as full,
            zipfile.ZipFile(others, "w", zipfile.ZIP_DEFLATED) as rest,
        ):
            for name in full.namelist():
                if name != self._BODY:
                    rest.writestr(name, full.read(name))
            self._body = full.read(self._BODY)
        self._others = others.getvalue()
        self._part = document.part  # read only from here on
        self._style_ids: dict[tuple, str | None] = {}

    def new(self):
        from docx.document import Document
        from docx.oxml.parser import parse_xml

        return Document(parse_xml(self._body), self)  # type: ignore[arg-type]

    def get_style_id(self, style_or_name, style_type) -> str | None:
        key = (style_or_name, style_type)
        if key not in self._style_ids:
            self._style_ids[key] = self._part.get_style_id(style_or_name, style_type)
        return self._style_ids[key]

    def bytes(self, document) -> bytes:
        from docx.opc.oxml import serialize_part_xml

        out = io.BytesIO(self._others)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
            package.writestr(self._BODY, serialize_part_xml(document.element))
        return out.getvalue()


@cache
def _docx_base(normal_pt: float) -> _DocxBase:
    return _DocxBase(normal_pt=normal_pt)


def _paragraph(document, text: str, style_id: str | None = None) -> None:
    """A paragraph with its style set by id: python-docx's `style=` looks the style up by name
    and scans every style on each paragraph, two thirds of the DOCX time for a factsheet
    (benchmarks/factsheets.py). Text without tabs or line breaks goes into its run at once
    (python-docx reads it a character at a time to find them; the XML is the same)."""
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    if not text:
        return
    if "\t" in text or "\n" in text or "\r" in text:
        paragraph.add_run(text)  # tabs and line breaks become <w:tab/> and <w:br/>
    else:
        paragraph._p.add_r().add_t(text)


def _page_numbers(section) -> None:
    """A PAGE field in the footer: Word numbers the pages itself."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row) -> None:
    """The header row repeats on each page a table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def overview_xlsx(data: OverviewData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(data.lang):
        book = Workbook()
        matrix = book.active
        matrix.title = _("Matrix")[:31]
        xlsx_append(matrix, [_("Party"), *[i.label for i in data.indicators]])
        for party in data.parties:
            xlsx_append(matrix, [party.name, *[c.label for c in data.row(party.iso2)]])
        for cell in matrix[1]:
            cell.font = Font(bold=True)
        matrix.freeze_panes = "B2"
        table = book.create_sheet(_("Data")[:31])
        xlsx_append(table, ROW_FIELDS)
        for row in overview_rows(data):
            xlsx_append(table, [row[f] for f in ROW_FIELDS])
        statements = book.create_sheet(_("Findings")[:31])
        for statement in data.statements:
            xlsx_append(statements, [statement.indicator, statement.text])
        if data.trends:  # one row per indicator, round and value of that round's scale
            trends = book.create_sheet(_("Trends")[:31])
            xlsx_append(trends, TREND_FIELDS)
            for row in trend_rows(data):
                xlsx_append(trends, [row[f] for f in TREND_FIELDS])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def country_title(data) -> str:
    with translation.override(data.lang):
        return _("Country factsheet: %(party)s") % {"party": data.party_name}


def country_html(data, *, version: int, demo: bool, draft: bool = False) -> str:
    with translation.override(data.lang):
        return render_to_string(
            "reports/publications/country.html",
            {
                "data": data,
                "lang": data.lang,
                "title": country_title(data),
                "version": version,
                "demo": demo,
                "date": date_text(timezone.localdate()),
                "draft": draft_notice(version) if draft else "",
            },
        )


def draft_notice(version: int) -> str:
    return _("Draft of version %(v)s, not published: for the Party's right of reply.") % {
        "v": version
    }


def country_docx(data, *, version: int, demo: bool, draft: bool = False) -> bytes:
    from docx.enum.style import WD_STYLE_TYPE

    with translation.override(data.lang):
        base = _docx_base(10)
        document = base.new()
        title, h2, h3, quote = (
            base.get_style_id(n, WD_STYLE_TYPE.PARAGRAPH)
            for n in ("Heading 1", "Heading 2", "Heading 3", "Quote")
        )

        def add(text: str, style: str | None = None) -> None:
            _paragraph(document, text, style)

        if demo:
            add(_("Demonstration data: fictional, not a publication of the Committee."))
        if draft:
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
            add(
                _("Not recorded here; the notes on the sources say") + f": {data.reservations_note}"
            )
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
            _repeat_header(head)
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


def country_xlsx(data) -> bytes:
    from openpyxl import Workbook

    with translation.override(data.lang):
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Findings")[:31])
        xlsx_append(sheet, [_("Indicator"), _("Value"), _("Rationale"), _("Evidence"), _("Source")])
        for f in data.findings:
            for c in f.citations or (None,):
                xlsx_append(
                    sheet,
                    [
                        f.label,
                        f.value_label,
                        f.rationale,
                        c.quote if c else "",
                        c.source if c else "",
                    ],
                )
        status = book.create_sheet(_("Status")[:31])
        for fact in data.status:
            xlsx_append(status, [fact.label, fact.value])
        if data.recommendations:
            sheet = book.create_sheet(_("Recommendations")[:31])
            xlsx_append(
                sheet,
                [
                    _("Round"),
                    _("Number"),
                    _("Grade"),
                    _("Recommendation"),
                    _("Adopted on"),
                    _("Follow-up"),
                ],
            )
            for r in data.recommendations:
                xlsx_append(
                    sheet, [r.round_name, r.number, r.grade, r.text, r.adopted_on, r.followup]
                )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _figures(data: OverviewData, *, png: bool = False) -> list[tuple]:
    """Each indicator with its counts, chart and map: data URIs of SVG (HTML, PDF) or PNG bytes
    (DOCX)."""
    import base64

    from lanzarote.parties.models import State

    from . import charts

    numeric = dict(
        State.objects.filter(iso2__in=[p.iso2 for p in data.parties]).values_list(
            "iso2", "iso_numeric"
        )
    )
    out = []
    for indicator in data.indicators:
        specs = (
            charts.bar_spec(data, indicator, axis_title=_("Parties")),
            charts.map_spec(data, indicator, numeric=numeric, outside=_("Not in this overview")),
        )
        images: tuple[bytes | str, ...]
        if png:
            images = tuple(charts.spec_png(spec) for spec in specs)
        else:
            images = tuple(
                "data:image/svg+xml;base64,"
                + base64.b64encode(charts.spec_svg(spec).encode()).decode()
                for spec in specs
            )
        out.append((indicator, charts.counts_table(data, indicator), *images))
    return out


def thematic_title(data: OverviewData, group_label: str) -> str:
    with translation.override(data.lang):
        return _("Thematic factsheet: %(theme)s") % {"theme": group_label}


def thematic_html(data: OverviewData, *, group_label: str, version: int, demo: bool) -> str:
    with translation.override(data.lang):
        rows = [
            (p.name, [data.cells[(p.iso2, i.code)] for i in data.indicators]) for p in data.parties
        ]
        return render_to_string(
            "reports/publications/thematic.html",
            {
                "data": data,
                "lang": data.lang,
                "title": thematic_title(data, group_label),
                "version": version,
                "demo": demo,
                "figures": _figures(data),
                "rows": rows,
                "date": date_text(timezone.localdate()),
            },
        )


def thematic_docx(data: OverviewData, *, group_label: str, version: int, demo: bool) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    with translation.override(data.lang):
        document = Document()
        _page_numbers(document.sections[0])
        styles = document.styles
        styles["Normal"].font.size = Pt(10)
        h1, h2, h3 = (styles[n].style_id for n in ("Heading 1", "Heading 2", "Heading 3"))
        trends = data.trend_of()
        if demo:
            _paragraph(
                document, _("Demonstration data: fictional, not a publication of the Committee.")
            )
        _paragraph(document, thematic_title(data, group_label), h1)
        _paragraph(
            document, f"{data.round_name} · " + _("publication version %(n)s") % {"n": version}
        )
        _paragraph(document, _("Findings"), h2)
        for statement in data.statements:
            _paragraph(document, statement.text)
        for indicator, counts, chart, world in _figures(data, png=True):
            _paragraph(document, indicator.label, h2)
            table = document.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Value"), _("Parties")
            _repeat_header(table.rows[0])
            for label, n in counts:
                row = table.add_row().cells
                row[0].text, row[1].text = label, str(n)
            document.add_picture(io.BytesIO(chart), width=Cm(9))
            document.add_picture(io.BytesIO(world), width=Cm(15))
            if indicator.code in trends:
                _paragraph(document, _("Across rounds"), h3)
                _trend_table(document, trends[indicator.code])
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def report_html(data, *, version: int, demo: bool) -> str:
    from .report import report_title

    with translation.override(data.lang):
        return render_to_string(
            "reports/publications/report.html",
            {
                "data": data,
                "lang": data.lang,
                "title": report_title(data),
                "version": version,
                "demo": demo,
                "date": date_text(timezone.localdate()),
            },
        )


def report_docx(data, *, version: int, demo: bool) -> bytes:
    """The report as a Word document, for the Secretariat's final editing."""
    from docx import Document
    from docx.shared import Pt

    from .report import report_title

    with translation.override(data.lang):
        document = Document()
        _page_numbers(document.sections[0])
        styles = document.styles
        styles["Normal"].font.size = Pt(10.5)
        h1, h2, h3, quote, bullet = (
            styles[n].style_id
            for n in ("Heading 1", "Heading 2", "Heading 3", "Quote", "List Bullet")
        )
        if demo:
            _paragraph(
                document, _("Demonstration data: fictional, not a publication of the Committee.")
            )
        _paragraph(document, report_title(data), h1)
        for section in data.sections:
            if section.title:
                _paragraph(document, section.title, h2)
            if section.kind == "text":
                for block in [b.strip() for b in section.text.split("\n\n") if b.strip()]:
                    _paragraph(document, block)
                continue
            if section.kind == "recommendations":
                for r in section.recommendations:
                    head = f"{r.number} · {r.grade}" if r.number else r.grade
                    _paragraph(document, f"{head} – {r.addressees}", h3)
                    _paragraph(document, r.text + ("" if r.text_complete else " […]"), quote)
                if not section.recommendations:
                    _paragraph(document, _("No recommendation of this kind is adopted yet."))
                continue
            for statement in section.statements:
                _paragraph(document, statement, bullet)
            for f in section.findings:
                _paragraph(document, f"{f.party} – {f.indicator}: {f.value}", h3)
                if f.rationale:
                    _paragraph(
                        document,
                        f.rationale + (f" ({_('in English')})" if f.rationale_in_english else ""),
                    )
                for text, source in f.citations:
                    _paragraph(document, f"{text} ({source})", quote)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def report_xlsx(data) -> bytes:
    from openpyxl import Workbook

    with translation.override(data.lang):
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Findings")[:31])
        xlsx_append(
            sheet,
            [
                _("Section"),
                _("Party"),
                _("Indicator"),
                _("Value"),
                _("Rationale"),
                _("Evidence"),
                _("Source"),
            ],
        )
        for section in data.sections:
            for f in section.findings:
                for text, source in f.citations or (("", ""),):
                    xlsx_append(
                        sheet,
                        [section.title, f.party, f.indicator, f.value, f.rationale, text, source],
                    )
        recommended = [(s.title, r) for s in data.sections for r in s.recommendations]
        if recommended:
            sheet = book.create_sheet(_("Recommendations")[:31])
            xlsx_append(
                sheet,
                [_("Section"), _("Number"), _("Grade"), _("Recommendation"), _("Addressed to")],
            )
            for title, r in recommended:
                xlsx_append(sheet, [title, r.number, r.grade, r.text, r.addressees])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


DRAFT_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def draft_file(publication, fmt: str) -> tuple[str, str, bytes]:
    """A country factsheet's draft as a file, marked as a draft: (file name, type, bytes)."""
    from .factsheet import factsheet_from_json

    data = factsheet_from_json(publication.data)
    options = {"version": publication.version, "demo": publication.round.is_demo, "draft": True}
    content = pdf(country_html(data, **options)) if fmt == "pdf" else country_docx(data, **options)
    iso2 = publication.party.iso2.lower() if publication.party else "all"
    name = (
        f"draft-factsheet-{publication.round.uid}-{iso2}-{publication.lang}-v{publication.version}"
    )
    return f"{name}.{fmt}", DRAFT_FORMATS[fmt], content
