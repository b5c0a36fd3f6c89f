"""``search()``: one entry point over everything searchable, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString

from lanzarote.lib.highlight import highlight
from lanzarote.lib.query import Query, QueryError, parse

from .models import SearchEntry

__all__ = ["QueryError", "SearchHit", "SearchResults", "search"]


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref: str
    lang: str
    title: str
    text: str
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    query: Query
    total: int
    hits: list[SearchHit]


def _ids_sqlite(
    match: str, filters: str, params: list, limit: int, offset: int
) -> tuple[int, list[int]]:
    with connection.cursor() as cursor:
        base = (
            "FROM search_entry_fts JOIN search_searchentry e ON e.id = search_entry_fts.rowid "
            f"WHERE search_entry_fts MATCH %s {filters}"
        )
        cursor.execute(f"SELECT count(*) {base}", [match, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT e.id {base} ORDER BY bm25(search_entry_fts), e.id LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        return total, [row[0] for row in cursor.fetchall()]


def _ids_postgres(
    tsquery: str, filters: str, params: list, limit: int, offset: int
) -> tuple[int, list[int]]:
    with connection.cursor() as cursor:
        base = (
            "FROM search_searchentry e, to_tsquery('simple', %s) q "
            f"WHERE to_tsvector('simple', e.norm) @@ q {filters}"
        )
        cursor.execute(f"SELECT count(*) {base}", [tsquery, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT e.id {base} ORDER BY ts_rank(to_tsvector('simple', e.norm), q) DESC, e.id "
            "LIMIT %s OFFSET %s",
            [tsquery, *params, limit, offset],
        )
        return total, [row[0] for row in cursor.fetchall()]


def search(
    *,
    text: str,
    kinds: tuple[str, ...] = (),
    scope: str = "",
    lang: str = "",
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Search, best match first. Raises QueryError with a message for the person searching."""
    query = parse(text)
    filters, params = "", []
    if kinds:
        filters += " AND e.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"
        params += list(kinds)
    if scope:
        filters += " AND e.scope = %s"
        params.append(scope)
    if lang:
        filters += " AND e.lang = %s"
        params.append(lang)
    if connection.vendor == "postgresql":
        total, ids = _ids_postgres(query.tsquery(), filters, params, limit, offset)
    else:
        total, ids = _ids_sqlite(query.fts5(), filters, params, limit, offset)
    entries = SearchEntry.objects.in_bulk(ids)
    hits = [
        SearchHit(
            kind=e.kind,
            ref=e.ref,
            lang=e.lang,
            title=e.title,
            text=e.text,
            snippet=highlight(e.text, query),
        )
        for e in (entries[i] for i in ids)
    ]
    return SearchResults(query=query, total=total, hits=hits)


def provisions_for_hits(hits: list[SearchHit]) -> dict:
    """The provisions behind provision hits, by stable id, with what their links need."""
    from lanzarote.treaties.models import Provision

    refs = [hit.ref for hit in hits if hit.kind == SearchEntry.Kind.PROVISION]
    rows = Provision.objects.filter(uid__in=refs).select_related("article", "treaty")
    return {p.uid: p for p in rows}
