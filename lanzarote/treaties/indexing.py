"""The treaty's text in the search index: one row per provision and language, found by its
words, its stems, its article's title in both languages and its text in the other language."""

from django.db import transaction

from lanzarote.search.index import Kind, Row, bilingual_fields, index_remove, index_replace

from .models import Provision, Treaty


def _provision_texts(provision: Provision) -> dict[str, str]:
    texts = {}
    for lang in ("en", "fr"):
        text = getattr(provision, f"text_{lang}") or ""
        indents = getattr(provision, f"indents_{lang}") or []
        texts[lang] = " ".join([text, *indents]) if text else ""
    return texts


def _provision_rows(provision: Provision) -> list[Row]:
    texts = _provision_texts(provision)
    article = provision.article
    titles = {
        lang: (getattr(article, f"title_{lang}", "") if article else "") or ""
        for lang in ("en", "fr")
    }
    rows = []
    for lang in ("en", "fr"):
        if texts[lang]:
            fields = bilingual_fields(texts=texts, titles=titles, lang=lang)
            rows.append(
                Row(
                    kind=Kind.PROVISION,
                    ref=provision.uid,
                    scope=provision.treaty.code,
                    lang=lang,
                    title=provision.label,
                    text=texts[lang],
                    **fields,
                )
            )
    return rows


@transaction.atomic
def treaty_index(*, treaty: Treaty) -> int:
    """Rebuild the index of a treaty's text; returns the number of entries."""
    provisions = treaty.provisions.select_related("article", "treaty")
    rows = [row for p in provisions for row in _provision_rows(p)]
    return index_replace(kind=Kind.PROVISION, scope=treaty.code, rows=rows)


def provision_index(*, provision: Provision) -> None:
    """Index a provision again after its text changed."""
    index_replace(kind=Kind.PROVISION, ref=provision.uid, rows=_provision_rows(provision))


def provision_unindex(*, uid: str) -> int:
    """Remove a deleted provision's rows and those of the items under it (``uid`` + ".")."""
    return index_remove(kind=Kind.PROVISION, ref=uid) + index_remove(
        kind=Kind.PROVISION, prefix=f"{uid}."
    )
