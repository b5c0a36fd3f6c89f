"""The treaty's text in the search index: one row per provision and language, found by its
words, its stems, its article's title in both languages and its text in the other language; and
the concordance, one row per pair and language, found by what the counterpart adds or lacks."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.search.index import Kind, Row, bilingual_fields, index_remove, index_replace

from .models import Concordance, Provision, Treaty


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


def _concordance_rows(row: Concordance) -> list[Row]:
    """What the counterpart adds and lacks, in each language written; titled by the two
    provisions ("Art. 20(1)(e) – Budapest Convention, Art. 9(1)(e)")."""
    texts = {
        lang: " ".join(
            t for t in (getattr(row, f"adds_{lang}"), getattr(row, f"lacks_{lang}")) if t
        )
        for lang in ("en", "fr")
    }
    titles = {}
    for lang in ("en", "fr"):
        other = getattr(row.counterpart_treaty, f"short_title_{lang}") or (
            row.counterpart_treaty.short_title_en
        )
        with translation.override(lang):
            counterpart = row.counterpart.label if row.counterpart else _("No counterpart")
        titles[lang] = f"{row.provision.label} – {other}, {counterpart}"
    return [
        Row(
            kind=Kind.CONCORDANCE,
            ref=row.uid,
            scope=row.provision.treaty.code,
            lang=lang,
            title=titles[lang],
            text=texts[lang],
            **bilingual_fields(texts=texts, titles=titles, lang=lang),
        )
        for lang in ("en", "fr")
        if texts[lang]
    ]


@transaction.atomic
def concordance_index() -> int:
    """Rebuild the concordance's rows, every treaty's (the reference-data load, once every
    concordance is written); returns the number of entries."""
    by_treaty: dict[str, list[Row]] = {
        code: [] for code in Treaty.objects.values_list("code", flat=True)
    }
    for row in Concordance.objects.select_related(
        "provision__treaty", "counterpart", "counterpart_treaty"
    ):
        by_treaty[row.provision.treaty.code] += _concordance_rows(row)
    return sum(
        index_replace(kind=Kind.CONCORDANCE, scope=code, rows=rows)
        for code, rows in by_treaty.items()
    )
