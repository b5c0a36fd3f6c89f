"""A meeting's agenda and published decisions in the search index: one row per item and
language, found by its words, its stems and its text in the other language. Only what the public
reads is indexed: the agenda, and the decisions once their list is published."""

from django.utils import translation

from lanzarote.search.index import Kind, Row, bilingual_fields, index_remove, index_replace
from lanzarote.treaties.models import Treaty

from .models import Meeting, meeting_title


def meeting_ref(meeting: Meeting) -> str:
    """The stable id of a meeting: cets201:meeting.23 (its rows add .agenda.N or .decision.N)."""
    return f"{meeting.treaty.code}:meeting.{meeting.number}"


def _titles(meeting: Meeting, what: str) -> dict[str, str]:
    titles = {}
    for lang in ("en", "fr"):
        with translation.override(lang):
            label = translation.gettext(what)
            titles[lang] = f"{meeting_title(meeting.number)} – {label}"
    return titles


def _rows(meeting: Meeting, *, ref: str, texts: dict[str, str], what: str) -> list[Row]:
    titles = _titles(meeting, what)
    return [
        Row(
            kind=Kind.MEETING,
            ref=ref,
            scope=meeting.treaty.code,
            lang=lang,
            title=titles[lang],
            text=texts[lang],
            **bilingual_fields(texts=texts, titles=titles, lang=lang),
        )
        for lang in ("en", "fr")
        if texts[lang]
    ]


def meeting_rows(meeting: Meeting) -> list[Row]:
    base = meeting_ref(meeting)
    rows = []
    for item in meeting.agenda.all():
        texts = {"en": item.title_en, "fr": item.title_fr}
        rows += _rows(meeting, ref=f"{base}.agenda.{item.position}", texts=texts, what="Agenda")
    if meeting.decisions_published:
        for decision in meeting.decisions.all():
            texts = {"en": decision.text_en, "fr": decision.text_fr}
            ref = f"{base}.decision.{decision.number}"
            rows += _rows(meeting, ref=ref, texts=texts, what="List of decisions")
    return rows


def meeting_index(*, meeting: Meeting) -> int:
    """Index a meeting again after its agenda or its decisions changed; returns the rows."""
    return index_replace(
        kind=Kind.MEETING, prefix=f"{meeting_ref(meeting)}.", rows=meeting_rows(meeting)
    )


def committee_index(*, treaty: Treaty) -> int:
    """Rebuild the index of a treaty's meetings (the reference-data load); returns the rows."""
    meetings = Meeting.objects.filter(treaty=treaty).select_related("treaty")
    meetings = meetings.prefetch_related("agenda", "decisions")
    rows = [row for meeting in meetings for row in meeting_rows(meeting)]
    return index_replace(kind=Kind.MEETING, scope=treaty.code, rows=rows)


def meeting_unindex(*, meeting: Meeting) -> int:
    return index_remove(kind=Kind.MEETING, prefix=f"{meeting_ref(meeting)}.")
