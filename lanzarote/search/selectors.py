"""``search()``: one entry point over everything searchable, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from lanzarote.lib.highlight import highlight
from lanzarote.lib.query import Query, QueryError, parse
from lanzarote.monitoring.models import Question

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
    reply_id: int | None = None
    question_id: int | None = None
    document_id: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class SearchResults:
    query: Query
    total: int
    hits: list[SearchHit]


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
            f"WITH hits AS MATERIALIZED (SELECT e.id AS id, bm25(search_entry_fts) AS score {base}) "
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
            "FROM search_searchentry e, to_tsquery('simple', %s) q "
            f"WHERE to_tsvector('simple', e.norm) @@ q {filters}"
        )
        cursor.execute(
            f"SELECT e.id, count(*) OVER () {base} "
            "ORDER BY ts_rank(to_tsvector('simple', e.norm), q) DESC, e.id LIMIT %s OFFSET %s",
            [tsquery, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows or not offset:
            return (rows[0][1] if rows else 0), [row[0] for row in rows]
        cursor.execute(f"SELECT count(*) {base}", [tsquery, *params])  # a page past the end
        return cursor.fetchone()[0], []


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
) -> SearchResults:
    """Search treaty text, typed answers and document passages, best match first.

    Visibility is part of the query itself, applied before anything is ranked or counted: an
    answer or a passage whose reply the viewer may not read never contributes a hit, a count or
    a snippet. Raises QueryError with a message for the person searching.
    """
    from lanzarote.replies.models import Reply
    from lanzarote.replies.permissions import reply_visibility_q

    query = parse(text)
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
            reply_id=e.reply_id,
            question_id=e.question_id,
            document_id=e.document_id,
            page=e.page,
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
        Question.objects.filter(pk__in={h.question_id for h in hits if h.question_id})
        .values_list("pk", "number")
    )  # fmt: skip
    links = {}
    for hit in hits:
        reply = replies.get(hit.reply_id) if hit.reply_id else None
        if hit.kind == "answer" and reply is not None:
            uid = reply.questionnaire.uid
            url = (reverse("replies:by_state", args=[uid, reply.party.iso2]) if reply.party
                   else reverse("replies:by_organisation", args=[uid, reply.organisation_id]))  # fmt: skip
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
