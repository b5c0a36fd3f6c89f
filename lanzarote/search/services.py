"""Keeping the search index in step with the texts it covers."""

from django.db import transaction

from lanzarote.lib.bulk import insert_rows
from lanzarote.lib.text import fold_words, stem_words
from lanzarote.treaties.models import Provision, Treaty

from .models import SearchEntry


def stems_of(text: str, lang: str) -> str:
    """The stems an entry in this language is also found by; both languages' when unknown."""
    if lang in ("en", "fr"):
        return stem_words(text, lang)
    return stem_words(text, "en") + " " + stem_words(text, "fr")


def both_ways(text: str, lang: str) -> str:
    """Folded words, then their stems: what a heading and the other language are matched on."""
    return f"{fold_words(text)} {stems_of(text, lang)}" if text else ""


def provision_fields(*, texts: dict[str, str], titles: dict[str, str], lang: str) -> dict:
    """What a provision's entry in one language indexes beside its text: its stems, the
    article's title in both languages and the text in the other language."""
    other = "fr" if lang == "en" else "en"
    return {
        "norm": fold_words(texts[lang]),
        "stems": stems_of(texts[lang], lang),
        "heading": " ".join(both_ways(titles[code], code) for code in (lang, other)).strip(),
        "other": both_ways(texts[other], other),
    }


def _provision_texts(provision: Provision) -> dict[str, str]:
    texts = {}
    for lang in ("en", "fr"):
        text = getattr(provision, f"text_{lang}") or ""
        indents = getattr(provision, f"indents_{lang}") or []
        texts[lang] = " ".join([text, *indents]) if text else ""
    return texts


def _provision_entries(provision: Provision) -> list[SearchEntry]:
    texts = _provision_texts(provision)
    article = provision.article
    titles = {
        lang: (getattr(article, f"title_{lang}", "") if article else "") or ""
        for lang in ("en", "fr")
    }
    return [
        SearchEntry(
            kind=SearchEntry.Kind.PROVISION,
            ref=provision.uid,
            scope=provision.treaty.code,
            lang=lang,
            title=provision.label,
            text=texts[lang],
            **provision_fields(texts=texts, titles=titles, lang=lang),
        )
        for lang in ("en", "fr")
        if texts[lang]
    ]


@transaction.atomic
def search_index_treaty(*, treaty: Treaty) -> int:
    """Rebuild the index of a treaty's text; returns the number of entries."""
    SearchEntry.objects.filter(kind=SearchEntry.Kind.PROVISION, scope=treaty.code).delete()
    provisions = treaty.provisions.select_related("article", "treaty")
    entries = [e for p in provisions for e in _provision_entries(p)]
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


@transaction.atomic
def search_index_provision(*, provision: Provision) -> None:
    SearchEntry.objects.filter(kind=SearchEntry.Kind.PROVISION, ref=provision.uid).delete()
    SearchEntry.objects.bulk_create(_provision_entries(provision))


def _entry_lang(language: str) -> str:
    return language if language in ("en", "fr") else "und"


@transaction.atomic
def search_index_answer(*, answer) -> None:
    """The typed answer, searchable with its reply's visibility."""
    from lanzarote.lib.sanitise import html_to_text

    ref = f"answer:{answer.pk}"
    SearchEntry.objects.filter(kind=SearchEntry.Kind.ANSWER, ref=ref).delete()
    text = html_to_text(answer.text)
    if not text:
        return
    reply = answer.reply
    SearchEntry.objects.create(
        kind=SearchEntry.Kind.ANSWER,
        ref=ref,
        scope=reply.questionnaire.uid,
        lang=reply.language,
        title=f"{reply.respondent_name} – Q{answer.question.number}",
        text=text,
        norm=fold_words(text),
        stems=stems_of(text, reply.language),
        reply=reply,
        question=answer.question,
    )


@transaction.atomic
def search_index_attachment(*, attachment) -> int:
    """The passages of an attached document, each with the question it is linked to."""
    reply = attachment.reply
    prefix = f"attachment:{attachment.pk}:"
    SearchEntry.objects.filter(kind=SearchEntry.Kind.PASSAGE, ref__startswith=prefix).delete()
    links = dict(attachment.links.values_list("passage_id", "question_id"))
    passages = attachment.document.passages.values_list("pk", "index", "page", "text", "language")
    scope, respondent = reply.questionnaire.uid, reply.respondent_name
    # Rows, not models: thousands per document (lib/bulk.py, docs/performance.md).
    rows = [
        (
            SearchEntry.Kind.PASSAGE.value,
            f"{prefix}{index}",
            scope,
            _entry_lang(language),
            f"{respondent} – {attachment.original_name}, p. {page}"[:200],
            text,
            fold_words(text),
            stems_of(text, _entry_lang(language)),
            reply.pk,
            links.get(pk),
            attachment.document_id,
            page,
            pk,
        )
        for pk, index, page, text, language in passages
    ]
    insert_rows(
        SearchEntry,
        [
            "kind",
            "ref",
            "scope",
            "lang",
            "title",
            "text",
            "norm",
            "stems",
            "reply",
            "question",
            "document",
            "page",
            "passage",
        ],
        rows,
    )
    return len(rows)


@transaction.atomic
def search_unindex_attachment(*, attachment) -> int:
    """A removed attachment's passages leave the index (the document may stay for others)."""
    prefix = f"attachment:{attachment.pk}:"
    deleted, _ = SearchEntry.objects.filter(
        kind=SearchEntry.Kind.PASSAGE, ref__startswith=prefix
    ).delete()
    return deleted
