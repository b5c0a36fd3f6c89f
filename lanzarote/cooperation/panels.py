"""What this app adds to the pages and the search of lower apps, registered from
``CooperationConfig.ready`` (docs/architecture.md, "Panels"):

- "What others do" (the published good practices) on a provision's page, a State's page and
  beside each indicator of a round's coding scheme (slots ``provision``, ``state``,
  ``indicator``);
- the Secretariat's "Make it a good practice" form under each evidence passage of a finding's
  page (slot ``evidence``);
- search: where a practice or an activity hit is read, and practices found by meaning.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lanzarote.lib.panels import panel_register
from lanzarote.search.models import SearchEntry
from lanzarote.search.selectors import SearchHit, SearchSource, source_register

from . import selectors
from .indexing import ACTIVITY, EUROPEAN_DAY, PRACTICE
from .models import CapacityBuildingActivity, GoodPractice
from .permissions import can_manage_cooperation

# How near in meaning (multilingual-e5 cosine) a practice must be to a query to be offered:
# the threshold search uses for passages (search.selectors.SEMANTIC_MIN).
PRACTICE_NEAR_MIN = 0.82


def _cached(request: Any, key: str, read):
    """Read once per request: a page of many indicators or passages asks once."""
    cache = request.__dict__.setdefault("_cooperation_panels", {})
    if key not in cache:
        cache[key] = read()
    return cache[key]


def provision_panel(request: Any, provision: Any) -> dict[str, Any] | None:
    if getattr(provision, "article_id", None) is None:
        return None
    practices = selectors.practices_for_provision(provision_id=provision.pk)
    return {
        "practices": practices,
        "more": reverse("cooperation:practices") + f"?provision={provision.uid}",
        "heading_id": "what-others-do",
    }


def state_panel(request: Any, state: Any) -> dict[str, Any] | None:
    practices = selectors.practices_for_state(state_id=state.pk)
    activities = selectors.activities_with_state(state_id=state.pk)
    return {
        "practices": practices,
        "activities": activities,
        "more": reverse("cooperation:practices") + f"?state={state.iso2}",
        "heading_id": "good-practices",
    }


def indicator_panel(request: Any, indicator: Any) -> dict[str, Any] | None:
    found = _cached(request, "by_indicator", selectors.practices_by_indicator)
    practices = found.get(indicator.pk, [])
    if not practices:
        return None
    return {"practices": practices, "indicator": indicator}


def evidence_panel(request: Any, evidence: Any) -> dict[str, Any] | None:
    if not can_manage_cooperation(request.user):
        return None
    promoted = _cached(
        request,
        "promoted",
        lambda: dict(
            GoodPractice.objects.filter(evidence__isnull=False).values_list("evidence_id", "pk")
        ),
    )
    return {"evidence": evidence, "practice_id": promoted.get(evidence.pk)}


def _pk(ref: str) -> int | None:
    tail = ref.rsplit(".", 1)[-1]
    return int(tail) if tail.isdigit() else None


def search_links(hits: list[SearchHit]) -> dict[str, str]:
    """Where a practice or an activity hit is read: its page; a European Day: its year's row."""
    links = {}
    for hit in hits:
        if hit.kind == EUROPEAN_DAY:
            links[hit.ref] = reverse("cooperation:european_day") + f"#day-{_pk(hit.ref)}"
    activity_ids = {pk for h in hits if h.kind == ACTIVITY and (pk := _pk(h.ref)) is not None}
    uids = dict(
        CapacityBuildingActivity.objects.filter(pk__in=activity_ids).values_list("pk", "uid")
    )
    for hit in hits:
        pk = _pk(hit.ref)
        if pk is None:
            continue
        if hit.kind == PRACTICE:
            links[hit.ref] = reverse("cooperation:practice", args=[pk])
        elif hit.kind == ACTIVITY and pk in uids:
            links[hit.ref] = reverse("cooperation:activity", args=[uids[pk]])
    return links


def search_near(text: str, lang: str, show_lang: str = "") -> dict[int, float]:
    """The published practices nearest the query in meaning, across English and French, as
    their search entries: exact search over the practices' stored vectors (a library of
    hundreds, not millions)."""
    import numpy as np

    from lanzarote.lib.embed import decode, embedder

    rows = list(
        GoodPractice.objects.filter(status=GoodPractice.Status.PUBLISHED).values_list(
            "pk", "treaty__code", "embedding_en", "embedding_fr"
        )
    )
    vectors, keys = [], []
    for pk, code, *blobs in rows:
        for entry_lang, blob in zip(("en", "fr"), blobs, strict=True):
            if blob is not None and (not lang or lang == entry_lang):
                vectors.append(decode(bytes(blob)))
                keys.append((f"{code}:practice.{pk}", entry_lang))
    if not vectors:
        return {}
    scores = np.vstack(vectors) @ embedder().query(text)
    best: dict[str, float] = {}
    for (ref, _lang), score in zip(keys, scores.tolist(), strict=True):
        if score >= PRACTICE_NEAR_MIN:
            best[ref] = max(best.get(ref, 0.0), score)
    if not best:
        return {}
    entries = SearchEntry.objects.filter(kind=PRACTICE, ref__in=best)
    if lang:
        entries = entries.filter(lang=lang)
    # one entry a practice: the reader's language where it has one
    chosen: dict[str, tuple[int, str]] = {}
    for pk, ref, entry_lang in entries.values_list("pk", "ref", "lang"):
        if ref not in chosen or entry_lang == show_lang:
            chosen[ref] = (pk, entry_lang)
    return {pk: best[ref] for ref, (pk, _lang) in chosen.items()}


def register() -> None:
    source_register(
        SearchSource(
            group="cooperation",
            label=_("Good practices, capacity-building activities and the European Day"),
            kinds={
                PRACTICE: _("good practice"),
                ACTIVITY: _("capacity-building activity"),
                EUROPEAN_DAY: _("European Day"),
            },
            links=search_links,
            near=search_near,
        )
    )
    panel_register(
        slot="provision",
        name="cooperation.practices",
        template="cooperation/panels/provision.html",
        context=provision_panel,
    )
    panel_register(
        slot="state",
        name="cooperation.practices",
        template="cooperation/panels/state.html",
        context=state_panel,
    )
    panel_register(
        slot="indicator",
        name="cooperation.practices",
        template="cooperation/panels/indicator.html",
        context=indicator_panel,
    )
    panel_register(
        slot="evidence",
        name="cooperation.promote",
        template="cooperation/panels/evidence.html",
        context=evidence_panel,
    )
