"""``search()``: one entry point over everything searchable, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.safestring import SafeString

from lanzarote.lib.highlight import highlight
from lanzarote.lib.query import Query, QueryError, expand, parse
from lanzarote.monitoring.models import Question

from .models import SearchEntry
from .synonyms import synonyms

__all__ = ["QueryError", "SearchHit", "SearchResults", "search"]


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref: str
    lang: str
    title: str
    text: str
    snippet: SafeString
    reply_id: int | None = None
    question_id: int | None = None
    document_id: int | None = None
    page: int | None = None
    similarity: float | None = None  # found by meaning (embeddings), not by its words


@dataclass(frozen=True)
class SearchSource:
    """Rows of the index written by an app above search (docs/architecture.md, "Panels"),
    registered from its ``AppConfig.ready``: their kinds, the option of the search page that
    picks them (``group``, ``label``), the tag of a hit, where a hit is read (``links``: hits ->
    {ref: address}) and, optionally, its entries nearest a query in meaning (``near``: (text,
    lang, show_lang) -> {entry id: similarity}, one entry per object: in ``lang`` if given,
    else in ``show_lang`` where it has one). Each kind has one row per language: a hit is given once,
    in the reader's language where it has one."""

    group: str
    label: Any
    kinds: dict[str, Any]  # kind -> the tag of its hits
    links: Callable[[list[SearchHit]], dict[str, str]]
    near: Callable[[str, str, str], dict[int, float]] | None = None


SOURCES: dict[str, SearchSource] = {}


def source_register(source: SearchSource) -> SearchSource:
    SOURCES[source.group] = source
    return source


def registered_kinds() -> dict[str, Any]:
    """Every registered kind and the tag of its hits."""
    return {kind: tag for source in SOURCES.values() for kind, tag in source.kinds.items()}


@dataclass(frozen=True)
class SearchResults:
    query: Query
    total: int
    hits: list[SearchHit]


# Weights of the indexed columns in ranking: an article's title most, then the text, its stems,
# and last the other language's text (SQLite bm25 per column; PostgreSQL weights A-D).
BM25 = "bm25(search_entry_fts, 1.0, 0.5, 4.0, 0.3)"  # norm, stems, heading, other
TSVECTOR = (
    "(setweight(to_tsvector('simple', e.heading), 'A') || setweight(to_tsvector('simple', e.norm), "
    "'B') || setweight(to_tsvector('simple', e.stems), 'C') || setweight(to_tsvector('simple', "
    "e.other), 'D'))"
)  # the expression of the GIN index (migration 0004)
TS_WEIGHTS = "'{0.03, 0.05, 0.1, 0.4}'"  # D, C, B, A; ranks divided by length (2)


def _ids_sqlite(
    match: str, filters: str, params: list, limit: int, offset: int
) -> tuple[int, list[int]]:
    """Count and rank in one pass over the matches (docs/performance.md: counting in a second
    query scanned them twice). MATERIALIZED keeps SQLite from folding bm25() into the window
    query, where FTS5 refuses it."""
    with connection.cursor() as cursor:
        base = (
            "FROM search_entry_fts JOIN search_searchentry e ON e.id = search_entry_fts.rowid "
            f"WHERE search_entry_fts MATCH %s {filters}"
        )
        cursor.execute(
            f"WITH hits AS MATERIALIZED (SELECT e.id AS id, {BM25} AS score {base}) "
            "SELECT id, count(*) OVER () FROM hits ORDER BY score, id LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows or not offset:
            return (rows[0][1] if rows else 0), [row[0] for row in rows]
        cursor.execute(f"SELECT count(*) {base}", [match, *params])  # a page past the end
        return cursor.fetchone()[0], []


def _ids_postgres(
    tsquery: str, filters: str, params: list, limit: int, offset: int
) -> tuple[int, list[int]]:
    with connection.cursor() as cursor:
        base = (
            f"FROM search_searchentry e, to_tsquery('simple', %s) q WHERE {TSVECTOR} @@ q {filters}"
        )
        cursor.execute(
            f"SELECT e.id, count(*) OVER () {base} "
            f"ORDER BY ts_rank({TS_WEIGHTS}, {TSVECTOR}, q, 2) DESC, e.id LIMIT %s OFFSET %s",
            [tsquery, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows or not offset:
            return (rows[0][1] if rows else 0), [row[0] for row in rows]
        cursor.execute(f"SELECT count(*) {base}", [tsquery, *params])  # a page past the end
        return cursor.fetchone()[0], []


HYBRID_DEPTH = 200  # results of each ranking fused; later pages follow the full text
SEMANTIC_MIN = 0.82  # multilingual-e5 similarity from which a passage is related in meaning
RRF_K = 60  # reciprocal rank fusion's usual constant


def _ids(query: Query, filters: str, params: list, limit: int, offset: int):
    if connection.vendor == "postgresql":
        return _ids_postgres(query.tsquery(), filters, params, limit, offset)
    return _ids_sqlite(query.fts5(), filters, params, limit, offset)


def _semantic(text, replies, question_id, document_id, lang) -> dict[int, float]:
    """Entries near the query in meaning, among the given replies: {entry id: similarity}."""
    import numpy as np

    from lanzarote.lib.embed import embedder

    from .vectors import INDEX

    INDEX.refresh()
    if not len(INDEX):
        return {}
    allowed = np.fromiter(replies.values_list("id", flat=True), dtype=np.int64)
    if not allowed.size:
        return {}
    plain = " ".join(w for w in re.split(r"[\s\"*()]+", text) if w and w not in ("OR", "AND"))
    found = INDEX.nearest(
        embedder().query(plain),
        replies=allowed,
        k=HYBRID_DEPTH,
        minimum=SEMANTIC_MIN,
        question=question_id,
        document=document_id,
        lang=lang,
    )
    # an entry re-indexed or removed since the index last looked is not counted
    existing = set(
        SearchEntry.objects.filter(pk__in=[e for e, _s in found]).values_list("pk", flat=True)
    )
    return {entry: similarity for entry, similarity in found if entry in existing}


def _matching(query: Query, ids: list[int]) -> set[int]:
    """Which of these entries the full-text query matches."""
    if not ids:
        return set()
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT e.id FROM search_searchentry e WHERE {TSVECTOR} "
                f"@@ to_tsquery('simple', %s) AND e.id IN ({marks})",
                [query.tsquery(), *ids],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s "
                f"AND rowid IN ({marks})",
                [query.fts5(), *ids],
            )
        return {row[0] for row in cursor.fetchall()}


def _hybrid(query, filters, params, limit, offset, near: dict[int, float]):
    """Full-text and nearest-in-meaning, fused by reciprocal rank (see search())."""
    fts_total, fts_ids = _ids(query, filters, params, HYBRID_DEPTH, 0)
    matching = _matching(query, [i for i in near if i not in set(fts_ids)])
    meaning_only = [i for i in near if i not in matching and i not in set(fts_ids)]
    score: dict[int, float] = {}
    for rank, entry in enumerate(fts_ids):
        score[entry] = score.get(entry, 0.0) + 1 / (RRF_K + rank + 1)
    for rank, entry in enumerate(near):  # best first
        if entry in score or entry in meaning_only:
            score[entry] = score.get(entry, 0.0) + 1 / (RRF_K + rank + 1)
    fused = sorted(score, key=lambda e: (-score[e], e))
    page = fused[offset : offset + limit]
    if len(page) < limit and fts_total > len(fts_ids):  # past the fused head: full-text order
        start = max(offset, len(fused)) - len(fused) + len(fts_ids)
        page += _ids(query, filters, params, limit - len(page), start)[1]
    return fts_total + len(meaning_only), page


def _subquery(queryset) -> tuple[str, list]:
    sql, params = queryset.values("id").query.sql_with_params()
    return sql, list(params)


def search(
    *,
    text: str,
    viewer: Any = None,
    kinds: tuple[str, ...] = (),
    scope: str = "",
    lang: str = "",
    round_uid: str = "",
    party: str = "",
    respondent_kind: str = "",
    question_id: int | None = None,
    document_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    semantic: bool = True,
    show_lang: str = "",
) -> SearchResults:
    """Search treaty text, typed answers and document passages, best match first.

    Visibility is part of the query itself, applied before anything is ranked or counted: an
    answer or a passage whose reply the viewer may not read never contributes a hit, a count or
    a snippet. Raises QueryError with a message for the person searching.

    With embeddings on (settings.LANZAROTE_EMBEDDINGS) and `semantic`, passages are also found
    by meaning, across English and French: the nearest passages to the query's embedding (at
    least SEMANTIC_MIN similar, among the same visible, filtered replies) are fused with the
    full-text ranking by reciprocal rank over the first HYBRID_DEPTH results of each; further
    pages follow the full-text order. A query with NOT stays full text only.

    Words match their stems too, and the Convention's terms their synonyms (search_synonyms.json);
    a provision's article title counts most. With `show_lang` (the reader's language) a provision
    is found by its text in either language and given once, in that language.
    """
    from lanzarote.replies.models import Reply
    from lanzarote.replies.permissions import reply_visibility_q

    query = expand(parse(text), synonyms())
    visible_sql, visible_params = _subquery(Reply.objects.filter(reply_visibility_q(viewer)))
    filters = f" AND (e.reply_id IS NULL OR e.reply_id IN ({visible_sql}))"
    params: list = list(visible_params)
    replies = Reply.objects.all()
    if round_uid:
        replies = replies.filter(questionnaire__round__uid=round_uid)
    if party:
        replies = replies.filter(party__iso2=party.upper())
    if respondent_kind == "party":
        replies = replies.filter(party__isnull=False)
    elif respondent_kind:
        replies = replies.filter(organisation__kind=respondent_kind)
    if round_uid or party or respondent_kind:
        sql, sub_params = _subquery(replies)
        filters += f" AND e.reply_id IN ({sql})"
        params += sub_params
    if question_id is not None:
        filters += " AND e.question_id = %s"
        params.append(question_id)
    if document_id is not None:
        filters += " AND e.document_id = %s"
        params.append(document_id)
    if kinds:
        filters += " AND e.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"
        params += list(kinds)
    if scope:
        filters += " AND e.scope = %s"
        params.append(scope)
    if lang:
        filters += " AND e.lang = %s"
        params.append(lang)
    elif show_lang in ("en", "fr"):
        # one entry per provision, meeting item or concordance pair: the reader's language if
        # it has one
        single = ["provision", "meeting", "concordance", *registered_kinds()]
        filters += (
            f" AND (e.kind NOT IN ({', '.join(['%s'] * len(single))}) OR e.lang = %s OR NOT "
            "EXISTS (SELECT 1 FROM search_searchentry o WHERE o.kind = e.kind AND o.ref = e.ref "
            "AND o.lang = %s))"
        )
        params += [*single, show_lang, show_lang]
    if scope:
        replies = replies.filter(questionnaire__uid=scope)
    near: dict[int, float] = {}
    if (
        semantic
        and settings.LANZAROTE_EMBEDDINGS
        and not query.excluded
        and (not kinds or SearchEntry.Kind.PASSAGE in kinds)
    ):
        near = _semantic(
            text, replies.filter(reply_visibility_q(viewer)), question_id, document_id, lang
        )
    if semantic and settings.LANZAROTE_EMBEDDINGS and not query.excluded:
        for source in SOURCES.values():
            if source.near is not None and (not kinds or set(kinds) & set(source.kinds)):
                near.update(source.near(text, lang, show_lang))
        near = dict(sorted(near.items(), key=lambda item: -item[1]))  # best first
    if near:
        total, ids = _hybrid(query, filters, params, limit, offset, near)
    else:
        total, ids = _ids(query, filters, params, limit, offset)
    entries = SearchEntry.objects.defer("norm", "stems", "heading", "other").in_bulk(ids)
    hits = [
        SearchHit(
            kind=e.kind,
            ref=e.ref,
            lang=e.lang,
            title=e.title,
            text=e.text,
            snippet=highlight(e.text, query),
            reply_id=e.reply_id,
            question_id=e.question_id,
            document_id=e.document_id,
            page=e.page,
            similarity=near.get(e.pk),
        )
        for e in (entries[i] for i in ids if i in entries)
    ]
    return SearchResults(query=query, total=total, hits=hits)


def provisions_for_hits(hits: list[SearchHit]) -> dict:
    """The provisions behind provision hits, by stable id, with what their links need."""
    from lanzarote.treaties.models import Provision

    refs = [hit.ref for hit in hits if hit.kind == SearchEntry.Kind.PROVISION]
    rows = Provision.objects.filter(uid__in=refs).select_related("article", "treaty")
    return {p.uid: p for p in rows}


def links_for_hits(hits: list[SearchHit]) -> dict[str, str]:
    """Where each answer or passage hit is read: the reply page at the question, or the document
    at the page (a PDF opens there)."""
    from django.urls import reverse

    from lanzarote.replies.models import Attachment, Reply

    reply_ids = {hit.reply_id for hit in hits if hit.reply_id}
    replies = Reply.objects.select_related("questionnaire", "party").in_bulk(reply_ids)
    attachment_ids = {int(hit.ref.split(":")[1]) for hit in hits if hit.kind == "passage"}
    attachments = Attachment.objects.select_related("document").in_bulk(attachment_ids)
    questions = dict(
        Question.objects.filter(pk__in={h.question_id for h in hits if h.question_id}).values_list(
            "pk", "number"
        )
    )
    links = meeting_links(hits) | concordance_links(hits)
    for source in SOURCES.values():
        if any(hit.kind in source.kinds for hit in hits):
            links.update(source.links(hits))
    for hit in hits:
        reply = replies.get(hit.reply_id) if hit.reply_id else None
        if hit.kind == "answer" and reply is not None:
            uid = reply.questionnaire.uid
            url = (
                reverse("replies:by_state", args=[uid, reply.party.iso2])
                if reply.party
                else reverse("replies:by_organisation", args=[uid, reply.organisation_id])
            )
            number = questions.get(hit.question_id) if hit.question_id else None
            links[hit.ref] = f"{url}#q-{number or ''}"
        elif hit.kind == "passage":
            attachment = attachments.get(int(hit.ref.split(":")[1]))
            if attachment is not None:
                url = reverse("replies:attachment", args=[attachment.pk])
                if attachment.document.kind == "pdf":
                    url += f"?inline=1#page={hit.page}"
                links[hit.ref] = url
    return links


def concordance_links(hits: list[SearchHit]) -> dict[str, str]:
    """Where a concordance pair is read: its provision's page, at the counterparts side by side
    (a pair's id begins with its provision's: ``<provision>><counterpart>``)."""
    from django.urls import reverse

    return {
        hit.ref: reverse("treaties:provision", args=[hit.ref.split(">", 1)[0]]) + "#counterparts"
        for hit in hits
        if hit.kind == SearchEntry.Kind.CONCORDANCE
    }


MEETING_REF = re.compile(
    r"^(?P<code>[a-z0-9-]+):meeting\.(?P<number>\d+)\.(?P<part>agenda|decision)\.(?P<n>\d+)$"
)


def meeting_links(hits: list[SearchHit]) -> dict[str, str]:
    """Where a meeting's agenda item or decision is read: the meeting's page, at the item (the
    meeting pages show the site's treaty's Committee)."""
    from django.urls import reverse

    links = {}
    for hit in hits:
        match = MEETING_REF.match(hit.ref) if hit.kind == SearchEntry.Kind.MEETING else None
        if match and match["code"] == settings.LANZAROTE_TREATY:
            url = reverse("committee:meeting", args=[int(match["number"])])
            links[hit.ref] = f"{url}#{match['part']}-{match['n']}"
    return links
