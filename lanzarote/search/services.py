"""Keeping the search index in step with the texts it covers."""

from django.db import transaction

from lanzarote.lib.text import fold_words
from lanzarote.treaties.models import Provision, Treaty

from .models import SearchEntry


def _provision_entries(provision: Provision) -> list[SearchEntry]:
    entries = []
    for lang in ("en", "fr"):
        text = getattr(provision, f"text_{lang}")
        if not text:
            continue
        indents = getattr(provision, f"indents_{lang}") or []
        full = " ".join([text, *indents])
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.PROVISION,
                ref=provision.uid,
                scope=provision.treaty.code,
                lang=lang,
                title=provision.label,
                text=full,
                norm=fold_words(full),
            )
        )
    return entries


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
