"""The choropleth map of treaty status, rendered offline to SVG with Vega-Lite (vl-convert).

Country shapes come from the world-atlas package (Natural Earth 1:50m, ISO 3166 numeric ids),
vendored in the app's static files: no CDN, no tile server.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import altair as alt
import vl_convert

from .models import TreatyStatus

ATLAS = Path(__file__).resolve().parent / "static" / "parties" / "countries-50m.json"
# Colour-blind-safe palette (Okabe–Ito); each status also has its text label in the legend.
COLOURS = {
    TreatyStatus.Status.PARTY: "#0072B2",
    TreatyStatus.Status.SIGNATORY: "#E69F00",
    TreatyStatus.Status.NEGOTIATING: "#CC79A7",
    TreatyStatus.Status.OTHER: "#d9d9d9",
}


@functools.cache
def _atlas() -> dict:
    return json.loads(ATLAS.read_text())


def status_map_spec(*, statuses: dict[str, str], labels: dict[str, str], title: str) -> dict:
    """A Vega-Lite spec: ``statuses`` maps ISO numeric codes to status values."""
    return choropleth_spec(
        values={code: labels[status] for code, status in statuses.items()},
        domain=[labels[s] for s in COLOURS],
        colours=list(COLOURS.values()),
        default=labels[TreatyStatus.Status.OTHER],
        title=title,
    )


def choropleth_spec(
    *, values: dict[str, str], domain: list[str], colours: list[str], default: str, title: str
) -> dict:
    """Europe and its neighbours, each country coloured by its value (a label of ``domain``);
    ``values`` maps ISO numeric codes to labels, others take ``default``."""
    rows = [{"id": code, "status": label} for code, label in values.items()]
    order = domain
    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(title=title, orient="bottom-left", direction="vertical"),
            ),
        )
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(alt.InlineData(values=rows), "id", ["status"]),
            default=default,
        )
        .properties(width=760, height=600)
        .project(
            type="azimuthalEqualArea",
            rotate=[-15, -50, 0],
            scale=880,
            translate=[380, 290],
            clipExtent=[[0, 0], [760, 600]],
        )
    )
    spec = chart.to_dict()
    spec["data"] = {"values": _atlas(), "format": {"type": "topojson", "feature": "countries"}}
    return spec


@functools.lru_cache(maxsize=16)
def _render(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(spec_json)


def status_map_svg(*, statuses: dict[str, str], labels: dict[str, str], title: str) -> str:
    spec = status_map_spec(statuses=statuses, labels=labels, title=title)
    return _render(json.dumps(spec, sort_keys=True))


def spec_svg(spec: dict) -> str:
    """Any Vega-Lite spec to SVG, offline (cached per spec)."""
    return _render(json.dumps(spec, sort_keys=True))


def status_map_etag(*, statuses: dict[str, str], labels: dict[str, str]) -> str:
    payload = json.dumps([sorted(statuses.items()), sorted(labels.items())]).encode()
    return hashlib.sha256(payload).hexdigest()[:20]
