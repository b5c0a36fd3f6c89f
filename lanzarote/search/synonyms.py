"""The synonym table of search: reference data files ``data/<treaty>/search_synonyms.json``."""

import functools

from django.conf import settings

from lanzarote.lib.datafile import DataFile
from lanzarote.lib.text import fold_words


@functools.cache
def synonyms() -> dict[tuple[str, ...], list[str]]:
    """Each term's folded words -> the other terms of its sets, as written."""
    table: dict[tuple[str, ...], list[str]] = {}
    for path in sorted((settings.BASE_DIR / "data").glob("*/search_synonyms.json")):
        f = DataFile(path.parent, path)
        f.keys(f.data, "(top level)", {"about", "sources", "sets"}, {"sets"})
        for number, entry in enumerate(f.data["sets"], start=1):
            f.keys(entry, f"set {number}", {"terms", "why"}, {"terms", "why"})
            terms = entry["terms"]
            if not entry["why"] or len(terms) < 2:
                raise f.error(f"set {number}", "needs two terms or more and a 'why'")
            for term in terms:
                key = tuple(fold_words(term).split())
                others = table.setdefault(key, [])
                others += [t for t in terms if t != term and t not in others]
    return table
