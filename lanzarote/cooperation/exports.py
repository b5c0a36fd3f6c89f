"""The rows of the open-data downloads (CSV, JSON): what the reader may read, as plain values;
an unknown date is empty (null in JSON), a partial one as the sources give it (2012-05)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lanzarote.treaties.models import Treaty

from . import selectors

ACTIVITY_FIELDS = [
    "id",
    "kind",
    "title_en",
    "title_fr",
    "start",
    "end",
    "place_en",
    "place_fr",
    "organisers",
    "participant_states",
    "participant_organisations",
    "themes_en",
    "themes_fr",
    "provisions",
    "documents",
    "notes",
    "sources",
]
PRACTICE_FIELDS = [
    "id",
    "status",
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "states",
    "provisions",
    "indicators",
    "activity",
    "publication",
    "publication_url",
    "finding",
    "quote",
    "published_at",
    "sources",
]
DAY_FIELDS = ["year", "theme_en", "theme_fr", "materials", "notes", "sources"]


def activity_rows(*, treaty: Treaty, viewer: Any) -> Iterator[dict[str, Any]]:
    for a in selectors.activity_list(treaty=treaty, viewer=viewer):
        participants = list(a.participants.all())
        yield {
            "id": a.uid,
            "kind": a.kind,
            "title_en": a.title_en,
            "title_fr": a.title_fr,
            "start": a.start_date.iso() if a.start_date else None,
            "end": a.end_date.iso() if a.end_date else None,
            "place_en": a.place_en,
            "place_fr": a.place_fr,
            "organisers": list(a.organisers),
            "participant_states": [p.state.iso2 for p in participants if p.state],
            "participant_organisations": [p.organisation for p in participants if p.organisation],
            "themes_en": list(a.themes_en),
            "themes_fr": list(a.themes_fr),
            "provisions": [p.uid for p in a.provisions.all()],
            "documents": [d["url"] for d in a.documents],
            "notes": a.notes,
            "sources": list(a.sources),
        }


def practice_rows(*, treaty: Treaty, viewer: Any) -> Iterator[dict[str, Any]]:
    for p in selectors.practice_list(treaty=treaty, viewer=viewer):
        yield {
            "id": p.uid,
            "status": p.status,
            "title_en": p.title_en,
            "title_fr": p.title_fr,
            "summary_en": p.summary_en,
            "summary_fr": p.summary_fr,
            "states": [s.iso2 for s in p.states.all()],
            "provisions": [x.uid for x in p.provisions.all()],
            "indicators": [f"{i.scheme.round.uid}:{i.code}" for i in p.indicators.all()],
            "activity": p.activity.uid if p.activity else None,
            "publication": p.publication,
            "publication_url": p.publication_url,
            "finding": p.finding_id,
            "quote": p.quote,
            "published_at": p.published_at.isoformat() if p.published_at else None,
            "sources": list(p.sources),
        }


def day_rows(*, treaty: Treaty) -> Iterator[dict[str, Any]]:
    for d in selectors.european_days(treaty=treaty):
        yield {
            "year": d.year,
            "theme_en": d.theme_en or None,
            "theme_fr": d.theme_fr or None,
            "materials": [m["url"] for m in d.materials],
            "notes": d.notes,
            "sources": list(d.sources),
        }
