"""The synonym table of search: reference data files ``data/<treaty>/search_synonyms.json``."""

import functools
import json

from django.conf import settings

from lanzarote.lib.text import fold_words


@functools.cache
def synonyms() -> dict[tuple[str, ...], list[str]]:
    """Each term's folded words -> the other terms of its sets, as written."""
    table: dict[tuple[str, ...], list[str]] = {}
    for path in sorted((settings.BASE_DIR / "data").glob("*/search_synonyms.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(data) - {"about", "sources", "sets"}
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
        for number, entry in enumerate(data["sets"], start=1):
            terms = entry["terms"]
            if not entry.get("why") or len(terms) < 2:
                raise ValueError(f"{path}: set {number} needs two terms or more and a 'why'")
            for term in terms:
                key = tuple(fold_words(term).split())
                others = table.setdefault(key, [])
                others += [t for t in terms if t != term and t not in others]
    return table
