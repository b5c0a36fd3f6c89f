"""Charts and maps of one indicator, rendered offline to SVG (Vega-Lite via vl-convert, world
atlas vendored): the number of Parties per value, and a map coloured by value. Each value keeps
its colour on both, and every chart is shown beside its data table."""

from __future__ import annotations

import altair as alt

from lanzarote.parties.maps import choropleth_spec, spec_svg

from .overview import NOT_ASSESSED, IndicatorOut, OverviewData, TrendOut

# Okabe–Ito, colour-blind safe, in the order of a yes / partly / no / not reported scale; grey
# for "not assessed" and for countries outside the overview.
PALETTE = ["#009E73", "#E69F00", "#D55E00", "#56B4E9", "#CC79A7", "#0072B2", "#F0E442"]
GREY, OUTSIDE = "#bdbdbd", "#eeeeee"


def _domain(indicator: IndicatorOut, not_assessed: str) -> tuple[list[str], list[str]]:
    labels = [v.label for v in indicator.values] + [not_assessed]
    colours = [PALETTE[n % len(PALETTE)] for n in range(len(indicator.values))] + [GREY]
    return labels, colours


def counts_table(data: OverviewData, indicator: IndicatorOut) -> list[tuple[str, int]]:
    """(value label, Parties), in the scale's order, not assessed last: the chart's data."""
    counts = data.counts.get(indicator.code, {})
    rows = [(v.label, counts.get(v.code, 0)) for v in indicator.values]
    missing = counts.get(NOT_ASSESSED, 0)
    return [*rows, (_not_assessed(data, indicator), missing)] if missing else rows


def _not_assessed(data: OverviewData, indicator: IndicatorOut) -> str:
    return next(
        (
            c.label
            for (iso2, code), c in data.cells.items()
            if code == indicator.code and c.value == NOT_ASSESSED
        ),
        "",
    )


def bar_svg(data: OverviewData, indicator: IndicatorOut, *, axis_title: str) -> str:
    return spec_svg(bar_spec(data, indicator, axis_title=axis_title))


def bar_spec(data: OverviewData, indicator: IndicatorOut, *, axis_title: str) -> dict:
    rows = counts_table(data, indicator)
    labels, colours = _domain(indicator, _not_assessed(data, indicator) or "–")
    chart = (
        alt.Chart(alt.InlineData(values=[{"value": v, "parties": n} for v, n in rows]))
        .mark_bar()
        .encode(
            y=alt.Y("value:N", sort=labels, title=None),
            x=alt.X("parties:Q", title=axis_title, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("value:N", scale=alt.Scale(domain=labels, range=colours), legend=None),
        )
        .properties(width=360, height=24 * len(rows), title=indicator.label)
    )
    return chart.to_dict()


def map_svg(
    data: OverviewData, indicator: IndicatorOut, *, numeric: dict[str, str], outside: str
) -> str:
    return spec_svg(map_spec(data, indicator, numeric=numeric, outside=outside))


def map_spec(
    data: OverviewData, indicator: IndicatorOut, *, numeric: dict[str, str], outside: str
) -> dict:
    """``numeric``: ISO 3166 numeric code of each Party's ISO alpha-2."""
    not_assessed = _not_assessed(data, indicator) or "–"
    labels, colours = _domain(indicator, not_assessed)
    values = {
        numeric[p.iso2]: data.cells[(p.iso2, indicator.code)].label
        for p in data.parties
        if p.iso2 in numeric
    }
    return choropleth_spec(
        values=values,
        domain=[*labels, outside],
        colours=[*colours, OUTSIDE],
        default=outside,
        title=indicator.label,
    )


def trend_svg(trend: TrendOut, *, title: str, axis_title: str) -> str:
    return spec_svg(trend_spec(trend, title=title, axis_title=axis_title))


def trend_spec(trend: TrendOut, *, title: str, axis_title: str) -> dict:
    """Parties per value in each round, bars grouped by round; a value keeps its colour of the
    round's bar chart (this round's scale comes first). Values off a round's scale are left out."""
    labels = [v.label for v in trend.values]
    colours = [PALETTE[n % len(PALETTE)] for n in range(len(labels))]
    rounds = [name for name, _counts, _assessed in trend.rows()]
    values = [
        {"round": name, "value": v.label, "parties": n}
        for name, counts, _assessed in trend.rows()
        for v, n in zip(trend.values, counts, strict=True)
        if n is not None
    ]
    chart = (
        alt.Chart(alt.InlineData(values=values))
        .mark_bar()
        .encode(
            x=alt.X("round:N", sort=rounds, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("value:N", sort=labels),
            y=alt.Y("parties:Q", title=axis_title, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "value:N",
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
        .properties(width=120 * len(rounds), height=180, title=title)
    )
    return chart.to_dict()


def spec_png(spec: dict) -> bytes:
    """A figure as PNG, for Word documents (offline, like the SVGs)."""
    import json

    import vl_convert

    return vl_convert.vegalite_to_png(json.dumps(spec, sort_keys=True), scale=1.5)
