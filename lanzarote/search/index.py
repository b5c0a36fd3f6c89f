"""The search index: generic rows that the apps owning the texts write.

This is the low half of the search app (docs/architecture.md): it knows no other app. The app
that owns a text builds its rows and hands them here — treaties/indexing.py for provisions,
replies/indexing.py for typed answers and document passages — and whatever removes a reply, a
document, a passage or a question removes or unlinks their rows through this module in the same
transaction (the rows name them by id, without foreign keys, so no cascade does it). The query
side (selectors.py, vectors.py) reads the rows and joins visibility on ``reply_id``.

Each row is indexed on its folded words (``norm``) and stems, computed here from its text and
language, and on ``heading`` and ``other``, which its writer gives ready (see ``both_ways``).
"""

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import transaction

from lanzarote.lib.bulk import insert_rows
from lanzarote.lib.text import fold_words, stem_words

from .models import SearchEntry

Kind = SearchEntry.Kind


def stems_of(text: str, lang: str) -> str:
    """The stems an entry in this language is also found by; both languages' when unknown."""
    if lang in ("en", "fr"):
        return stem_words(text, lang)
    return stem_words(text, "en") + " " + stem_words(text, "fr")


def both_ways(text: str, lang: str) -> str:
    """Folded words, then their stems: what a heading and the other language are matched on."""
    return f"{fold_words(text)} {stems_of(text, lang)}" if text else ""


def bilingual_fields(*, texts: dict[str, str], titles: dict[str, str], lang: str) -> dict:
    """What the entry in one language of a text written in English and French indexes beside
    its words and stems: the heading in both languages and the text in the other language."""
    other = "fr" if lang == "en" else "en"
    return {
        "heading": " ".join(both_ways(titles[code], code) for code in (lang, other)).strip(),
        "other": both_ways(texts[other], other),
    }


def entry_lang(language: str) -> str:
    """The language of an entry: en, fr, or und when undetermined."""
    return language if language in ("en", "fr") else "und"


class Row(NamedTuple):
    """One searchable text in one language, as its writer gives it. ``ref`` is the stable id of
    the object (e.g. cets201:20.1.a), unique with ``kind`` and ``lang``; ``scope`` is what it is
    filtered by (a treaty's code, a questionnaire's uid). For answers and passages: the reply
    whose visibility is the row's, the question it answers, the document, page and passage."""

    kind: str
    ref: str
    scope: str
    lang: str
    title: str
    text: str
    heading: str = ""
    other: str = ""
    reply_id: int | None = None
    question_id: int | None = None
    document_id: int | None = None
    page: int | None = None
    passage_id: int | None = None


COLUMNS = [
    "kind",
    "ref",
    "scope",
    "lang",
    "title",
    "text",
    "norm",
    "stems",
    "heading",
    "other",
    "reply_id",
    "question_id",
    "document_id",
    "page",
    "passage_id",
]


def index_add(*, rows: Iterable[Row]) -> int:
    """Add rows to the index; returns their number. Rows, not models: a document has thousands
    (lib/bulk.py, docs/performance.md)."""
    values = [
        (
            row.kind,
            row.ref,
            row.scope,
            row.lang,
            row.title[:200],
            row.text,
            fold_words(row.text),
            stems_of(row.text, row.lang),
            *row[6:],
        )
        for row in rows
    ]
    insert_rows(SearchEntry, COLUMNS, values)
    return len(values)


def index_remove(*, kind: str, ref: str = "", prefix: str = "", scope: str = "") -> int:
    """Remove the rows of one kind with this ref, refs beginning with this prefix, or this scope;
    returns their number."""
    if not (ref or prefix or scope):
        raise ValueError("index_remove needs a ref, a prefix or a scope")
    entries = SearchEntry.objects.filter(kind=kind)
    if ref:
        entries = entries.filter(ref=ref)
    if prefix:
        entries = entries.filter(ref__startswith=prefix)
    if scope:
        entries = entries.filter(scope=scope)
    deleted, _ = entries.delete()
    return deleted


@transaction.atomic
def index_replace(
    *, kind: str, ref: str = "", prefix: str = "", scope: str = "", rows: Iterable[Row]
) -> int:
    """Remove the rows index_remove() names and add these; returns the number added."""
    index_remove(kind=kind, ref=ref, prefix=prefix, scope=scope)
    return index_add(rows=rows)


# Ids, or a queryset of them (``values("pk")``): one subquery, however many there are.
Ids = Iterable[int] | Any


def index_remove_linked(
    *, reply_ids: Ids = None, document_ids: Ids = None, passage_ids: Ids = None
) -> int:
    """Remove the rows of replies, documents or passages about to be deleted (call it in the
    transaction that deletes them); returns their number."""
    deleted = 0
    for column, ids in (
        ("reply_id", reply_ids),
        ("document_id", document_ids),
        ("passage_id", passage_ids),
    ):
        if ids is not None:
            deleted += SearchEntry.objects.filter(**{f"{column}__in": ids}).delete()[0]
    return deleted


def index_unlink_questions(*, question_ids: Ids) -> int:
    """Questions about to be deleted: their rows stay, answering no question; returns their
    number."""
    return SearchEntry.objects.filter(question_id__in=question_ids).update(question_id=None)
