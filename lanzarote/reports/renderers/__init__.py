"""One renderer per output format, each with a name, a label and one
``render(data, language) -> (file name, content type, bytes)`` (pretix's exporters): a
publication's built data, given as an Edition, goes to HTML, PDF (printed from that HTML), DOCX
and XLSX; the live overview's open data to CSV, JSON and XLSX. The services pick renderers by
name."""

from . import docx, html, pdf, tables
from .base import Edition, Renderer, country_title

# every publication is stored in these formats, in this order (the PDF prints the HTML)
PUBLICATION: dict[str, Renderer] = {
    r.name: r for r in (html.renderer, pdf.renderer, docx.renderer, tables.xlsx)
}
# a country factsheet's draft, for the Party's right of reply
DRAFT: dict[str, Renderer] = {r.name: r for r in (pdf.renderer, docx.renderer)}
# the live overview's open data
OVERVIEW_DATA: dict[str, Renderer] = {
    r.name: r for r in (tables.csv, tables.xlsx, tables.json_data)
}

__all__ = ["DRAFT", "OVERVIEW_DATA", "PUBLICATION", "Edition", "Renderer", "country_title"]
