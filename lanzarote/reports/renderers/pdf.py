"""A publication as PDF: its web page printed by WeasyPrint (lib/pdf.py: nothing fetched but
data: URLs)."""

from __future__ import annotations

from lanzarote.lib.pdf import html_to_pdf

from . import html
from .base import Format

renderer = Format(
    "pdf", "PDF", "application/pdf", lambda data, language: html_to_pdf(html.text(data, language))
)
