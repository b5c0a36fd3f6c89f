"""Word documents (DOCX) written fast with python-docx: a shared base document, paragraphs by
style id, page numbers, table headers that repeat."""

from __future__ import annotations

import io
import weakref
import zipfile
from functools import cache
from typing import Any


class DocxBase:
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
        page_numbers(document.sections[0])
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
def docx_base(normal_pt: float) -> DocxBase:
    return DocxBase(normal_pt=normal_pt)


def paragraph(document, text: str, style_id: str | None = None) -> None:
    """A paragraph with its style set by id: python-docx's `style=` looks the style up by name
    and scans every style on each paragraph, two thirds of the DOCX time for a factsheet
    (benchmarks/factsheets.py). Text without tabs or line breaks goes into its run at once
    (python-docx reads it a character at a time to find them; the XML is the same)."""
    added = document.add_paragraph()
    if style_id:
        added._p.style = style_id
    if not text:
        return
    if "\t" in text or "\n" in text or "\r" in text:
        added.add_run(text)  # tabs and line breaks become <w:tab/> and <w:br/>
    else:
        added._p.add_r().add_t(text)


def page_numbers(section) -> None:
    """A PAGE field in the footer: Word numbers the pages itself."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = section.footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def repeat_header(row) -> None:
    """The header row repeats on each page a table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


# --- reading --------------------------------------------------------------------------------

_STYLES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None], Any]] = (
    weakref.WeakKeyDictionary()
)


def style_of(item: Any) -> Any:
    """``paragraph.style`` or ``run.style``, looked up once per style id and document.
    python-docx finds a paragraph's default style by reading every style of the document each
    time (about 4 ms a paragraph with Word's 160 styles): a 20,000-paragraph document took
    minutes to read, where with this it takes seconds."""
    element = item._p if hasattr(item, "_p") else item._r
    found = _STYLES.setdefault(item.part, {})
    key = (type(item).__name__, element.style)
    if key not in found:
        found[key] = item.style
    return found[key]
