"""A publication as a web page (its PDF is printed from the same HTML)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lanzarote.lib.dates import date_text

from ..annual import annual_title
from ..gap import gap_title
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


def text(edition: Edition, language: str) -> str:
    """The page, rendered once per edition and language (the PDF prints the same)."""
    key = f"html:{language}"
    if key not in edition.memo:
        with translation.override(language):
            edition.memo[key] = _PAGES[edition.kind](edition)
    return edition.memo[key]


def _page(template: str, edition: Edition, **context) -> str:
    return render_to_string(
        template,
        {
            "data": edition.data,
            "lang": edition.data.lang,
            "version": edition.version,
            "demo": edition.demo,
            "date": date_text(timezone.localdate()),
            **context,
        },
    )


def _overview(edition: Edition) -> str:
    data = edition.data
    return _page(
        "reports/publications/overview.html",
        edition,
        title=overview_title(data),
        groups=groups(data),
    )


def _country(edition: Edition) -> str:
    return _page(
        "reports/publications/country.html",
        edition,
        title=country_title(edition.data),
        draft=draft_notice(edition.version) if edition.draft else "",
    )


def _thematic(edition: Edition) -> str:
    data = edition.data
    rows = [(p.name, [data.cells[(p.iso2, i.code)] for i in data.indicators]) for p in data.parties]
    return _page(
        "reports/publications/thematic.html",
        edition,
        title=thematic_title(data, edition.group_label),
        figures=figures(data),
        rows=rows,
    )


def _report(edition: Edition) -> str:
    return _page("reports/publications/report.html", edition, title=report_title(edition.data))


def _gap(edition: Edition) -> str:
    return _page("reports/publications/gap.html", edition, title=gap_title(edition.data))


def _annual(edition: Edition) -> str:
    return _page("reports/publications/annual.html", edition, title=annual_title(edition.data))


_PAGES = {
    "overview": _overview,
    "country": _country,
    "thematic": _thematic,
    "report": _report,
    "gap": _gap,
    "annual": _annual,
}

renderer = Format(
    "html", "HTML", "text/html; charset=utf-8", lambda data, language: text(data, language).encode()
)
