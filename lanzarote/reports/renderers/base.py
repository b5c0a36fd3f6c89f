"""What every renderer is given and answers, and what several formats share (titles, the
notices, the overview's tables by group)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Protocol

from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.parties.models import State

from .. import charts
from ..overview import OverviewData


@dataclass(frozen=True)
class Edition:
    """A publication as its renderers see it: its built data (OverviewData, FactsheetData or
    ReportData, in its language), its kind, its version, and the stem of its files' names."""

    kind: str
    data: Any
    version: int
    demo: bool
    stem: str
    group_label: str = ""  # a thematic factsheet's theme
    draft: bool = False  # a country factsheet's draft, marked as such
    # what one format made and another reuses (the HTML, the PDF's source): made once
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


class Renderer(Protocol):
    """One output format (pretix's exporters): ``render`` returns (file name, content type,
    bytes)."""

    @property
    def name(self) -> str: ...  # the file's extension, and the format asked for in a URL

    @property
    def label(self) -> str: ...

    @property
    def mimetype(self) -> str: ...

    def render(self, data: Edition, language: str) -> tuple[str, str, bytes]: ...


@dataclass(frozen=True)
class Format:
    """A renderer from the function that makes its bytes in a language; the file is named
    after the edition's stem and the format."""

    name: str
    label: str
    mimetype: str
    make: Callable[[Edition, str], bytes]

    def render(self, data: Edition, language: str) -> tuple[str, str, bytes]:
        return f"{data.stem}.{self.name}", self.mimetype, self.make(data, language)


def draft_notice(version: int) -> str:
    return _("Draft of version %(v)s, not published: for the Party's right of reply.") % {
        "v": version
    }


def overview_title(data: OverviewData) -> str:
    with translation.override(data.lang):
        return _("Comparative overview: %(round)s") % {"round": data.round_name}


def country_title(data) -> str:
    with translation.override(data.lang):
        return _("Country factsheet: %(party)s") % {"party": data.party_name}


def thematic_title(data: OverviewData, group_label: str) -> str:
    with translation.override(data.lang):
        return _("Thematic factsheet: %(theme)s") % {"theme": group_label}


def groups(data: OverviewData) -> list[tuple[str, list, list]]:
    """Indicators by group, each with its rows (Party name, cells): one table per group keeps
    the tables narrow enough for a page."""
    out = []
    for label, items in groupby(data.indicators, key=lambda i: i.group_label):
        indicators = list(items)
        rows = [(p.name, [data.cells[(p.iso2, i.code)] for i in indicators]) for p in data.parties]
        out.append((label, indicators, rows))
    return out


def figures(data: OverviewData, *, png: bool = False) -> list[tuple]:
    """Each indicator with its counts, chart and map: data URIs of SVG (HTML, PDF) or PNG bytes
    (DOCX)."""
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
