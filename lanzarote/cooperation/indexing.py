"""Published good practices, capacity-building activities and the European Days in the search
index: one row per text and language (kind ``practice``, ``activity`` or ``european_day``), found
by their words, stems and their text in the other language; a practice also by meaning (its
embeddings, see ``panels``). Only what the public reads is indexed: a practice once published,
an activity once published, a European Day (all public)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.search.index import Row, bilingual_fields, index_remove, index_replace
from lanzarote.treaties.models import Treaty

from .models import CapacityBuildingActivity, EuropeanDay, GoodPractice

PRACTICE = "practice"
ACTIVITY = "activity"
EUROPEAN_DAY = "european_day"
LANGS = ("en", "fr")


def practice_ref(practice: GoodPractice) -> str:
    """cets201:practice.12 — by id, which never changes (a uid may be renamed)."""
    return f"{practice.treaty.code}:practice.{practice.pk}"


def activity_ref(activity: CapacityBuildingActivity) -> str:
    return f"{activity.treaty.code}:activity.{activity.pk}"


def european_day_ref(day: EuropeanDay) -> str:
    """cets201:european-day.2019 — one a year."""
    return f"{day.treaty.code}:european-day.{day.year}"


def _rows(*, kind: str, ref: str, scope: str, titles: dict, texts: dict) -> list[Row]:
    # a language with no title of its own is still found by the other's words (``other``)
    return [
        Row(
            kind=kind,
            ref=ref,
            scope=scope,
            lang=lang,
            title=titles[lang] or titles["en"],
            text=texts[lang],
            **bilingual_fields(texts=texts, titles=titles, lang=lang),
        )
        for lang in LANGS
        if texts[lang]
    ]


def practice_texts(practice: GoodPractice) -> dict[str, str]:
    texts = {}
    for lang in LANGS:
        title = getattr(practice, f"title_{lang}")
        summary = getattr(practice, f"summary_{lang}")
        texts[lang] = " ".join(t for t in (title, summary) if t)
    if practice.quote:  # the passage promoted, in the language it was written in
        texts["en"] = f"{texts['en']} {practice.quote}".strip()
    return texts


def practice_rows(practice: GoodPractice) -> list[Row]:
    if not practice.is_published:
        return []
    titles = {lang: getattr(practice, f"title_{lang}") for lang in LANGS}
    return _rows(
        kind=PRACTICE,
        ref=practice_ref(practice),
        scope=practice.treaty.code,
        titles=titles,
        texts=practice_texts(practice),
    )


def activity_rows(activity: CapacityBuildingActivity) -> list[Row]:
    if not activity.published:
        return []
    titles = {lang: getattr(activity, f"title_{lang}") for lang in LANGS}
    texts = {
        lang: " ".join(
            [titles[lang], getattr(activity, f"place_{lang}"), *getattr(activity, f"themes_{lang}")]
        ).strip()
        if titles[lang]
        else ""
        for lang in LANGS
    }
    return _rows(
        kind=ACTIVITY,
        ref=activity_ref(activity),
        scope=activity.treaty.code,
        titles=titles,
        texts=texts,
    )


def european_day_rows(day: EuropeanDay) -> list[Row]:
    """A year's theme and its materials' titles, in each language; a year with neither is not
    indexed (nothing to find it by but its year)."""
    titles, texts = {}, {}
    for lang in LANGS:
        with translation.override(lang):
            titles[lang] = _("European Day %(year)s") % {"year": day.year}
        words = [getattr(day, f"theme_{lang}")]
        words += [m.get(f"title_{lang}") or "" for m in day.materials]
        texts[lang] = " ".join(w for w in words if w)
    if not texts["en"] and not texts["fr"]:
        return []
    return _rows(
        kind=EUROPEAN_DAY,
        ref=european_day_ref(day),
        scope=day.treaty.code,
        titles=titles,
        texts=texts,
    )


def practice_embed(practice: GoodPractice) -> None:
    """Store the practice's meaning (one vector per language written), when embeddings are on:
    what search compares a query with. Off, the practice is found by its words only."""
    if not settings.LANZAROTE_EMBEDDINGS:
        return
    from lanzarote.lib.embed import embedder, encode

    texts = practice_texts(practice)
    langs = [lang for lang in LANGS if texts[lang]]
    vectors = embedder().passages([texts[lang] for lang in langs])
    for lang, vector in zip(langs, vectors, strict=True):
        setattr(practice, f"embedding_{lang}", encode(vector))
    GoodPractice.objects.filter(pk=practice.pk).update(
        embedding_en=practice.embedding_en, embedding_fr=practice.embedding_fr
    )


def practice_index(*, practice: GoodPractice) -> int:
    """Index a practice again after it changed, was published or withdrawn; returns the rows."""
    if practice.is_published:
        practice_embed(practice)
    return index_replace(kind=PRACTICE, ref=practice_ref(practice), rows=practice_rows(practice))


def activity_index(*, activity: CapacityBuildingActivity) -> int:
    return index_replace(kind=ACTIVITY, ref=activity_ref(activity), rows=activity_rows(activity))


def european_day_index(*, day: EuropeanDay) -> int:
    return index_replace(kind=EUROPEAN_DAY, ref=european_day_ref(day), rows=european_day_rows(day))


def cooperation_index(*, treaty: Treaty) -> int:
    """Rebuild the rows of a treaty's practices, activities and European Days (the
    reference-data load)."""
    practices = list(GoodPractice.objects.filter(treaty=treaty).select_related("treaty"))
    for practice in practices:
        if practice.is_published and practice.embedding_en is None:
            practice_embed(practice)
    rows = [row for p in practices for row in practice_rows(p)]
    count = index_replace(kind=PRACTICE, scope=treaty.code, rows=rows)
    activities = CapacityBuildingActivity.objects.filter(treaty=treaty).select_related("treaty")
    rows = [row for a in activities for row in activity_rows(a)]
    count += index_replace(kind=ACTIVITY, scope=treaty.code, rows=rows)
    days = EuropeanDay.objects.filter(treaty=treaty).select_related("treaty")
    rows = [row for d in days for row in european_day_rows(d)]
    return count + index_replace(kind=EUROPEAN_DAY, scope=treaty.code, rows=rows)


def practice_unindex(*, practice: GoodPractice) -> int:
    return index_remove(kind=PRACTICE, ref=practice_ref(practice))
