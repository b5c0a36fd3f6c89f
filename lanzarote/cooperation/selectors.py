"""Reads of the co-operation record, with visibility applied: drafts only for the Secretariat
(cooperation.permissions). The lead's annual activity report reads ``activities_in_year`` and
``practices_added_in_year``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from lanzarote.treaties.models import Treaty

from .models import ActivityParticipant, CapacityBuildingActivity, EuropeanDay, GoodPractice
from .permissions import can_manage_cooperation


def site_treaty() -> Treaty:
    return get_object_or_404(Treaty, code=settings.LANZAROTE_TREATY)


def practice_visibility_q(viewer: Any, prefix: str = "") -> Q:
    if can_manage_cooperation(viewer):
        return Q()
    return Q(**{f"{prefix}status": GoodPractice.Status.PUBLISHED})


def activity_visibility_q(viewer: Any) -> Q:
    return Q() if can_manage_cooperation(viewer) else Q(published=True)


def _participants() -> Prefetch:
    return Prefetch(
        "participants", queryset=ActivityParticipant.objects.select_related("state").order_by("pk")
    )


def activity_list(
    *, treaty: Treaty, viewer: Any = None, kind: str = "", year: int | None = None
) -> QuerySet[CapacityBuildingActivity]:
    """The activities the reader may read, latest first (undated last), with their participants
    and provisions: three queries whatever their number."""
    rows = CapacityBuildingActivity.objects.filter(treaty=treaty).filter(
        activity_visibility_q(viewer)
    )
    if kind:
        rows = rows.filter(kind=kind)
    if year is not None:
        rows = rows.filter(start__year=year)
    return (
        rows.select_related("treaty")
        .prefetch_related(_participants(), "provisions__article")
        .order_by("-start", "uid")
    )


def activity_get(*, uid: str, viewer: Any = None) -> CapacityBuildingActivity:
    return get_object_or_404(
        CapacityBuildingActivity.objects.filter(activity_visibility_q(viewer))
        .select_related("treaty")
        .prefetch_related(_participants(), "provisions__article"),
        uid=uid,
    )


def practice_list(
    *,
    treaty: Treaty,
    viewer: Any = None,
    provision: str = "",
    pillar: str = "",
    state: str = "",
    indicator: int | None = None,
    ids: list[int] | None = None,
) -> QuerySet[GoodPractice]:
    """The practices the reader may read, filtered by a provision (its id, or an article's:
    ``cets201:35`` takes in 35.1, 35.2 …), a pillar (of the provisions' chapters), a State
    (ISO code) or an indicator; with their States, provisions and indicators prefetched."""
    rows = GoodPractice.objects.filter(treaty=treaty).filter(practice_visibility_q(viewer))
    if provision:
        rows = rows.filter(
            Q(provisions__uid=provision) | Q(provisions__uid__startswith=provision + ".")
        )
    if pillar:
        rows = rows.filter(provisions__article__chapter__pillar=pillar)
    if state:
        rows = rows.filter(states__iso2=state.upper())
    if indicator is not None:
        rows = rows.filter(indicators__pk=indicator)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return (
        rows.distinct()
        .select_related("treaty", "activity")
        .prefetch_related("states", "provisions__article", "indicators__scheme__round")
        .order_by("title_en", "pk")
    )


def practice_get(*, pk: int, viewer: Any = None) -> GoodPractice:
    return get_object_or_404(
        GoodPractice.objects.filter(practice_visibility_q(viewer))
        .select_related("treaty", "activity", "finding__indicator", "finding__party")
        .prefetch_related("states", "provisions__article", "indicators__scheme__round"),
        pk=pk,
    )


def european_days(*, treaty: Treaty) -> QuerySet[EuropeanDay]:
    return EuropeanDay.objects.filter(treaty=treaty).order_by("-year")


# --- "what others do": the published practices beside a provision, a State, an indicator -----


def practices_for_provision(*, provision_id: int) -> list[GoodPractice]:
    """Published practices serving this provision or one of its lettered items."""
    return list(
        GoodPractice.objects.filter(
            Q(provisions__pk=provision_id) | Q(provisions__parent_id=provision_id),
            status=GoodPractice.Status.PUBLISHED,
        )
        .distinct()
        .prefetch_related("states")
        .order_by("title_en", "pk")
    )


def practices_for_state(*, state_id: int) -> list[GoodPractice]:
    return list(
        GoodPractice.objects.filter(states__pk=state_id, status=GoodPractice.Status.PUBLISHED)
        .distinct()
        .prefetch_related("states")
        .order_by("title_en", "pk")
    )


def activities_with_state(*, state_id: int) -> list[CapacityBuildingActivity]:
    """Published activities a State took part in (or hosted), latest first."""
    return list(
        CapacityBuildingActivity.objects.filter(participants__state_id=state_id, published=True)
        .distinct()
        .order_by("-start", "uid")
    )


def practices_by_indicator() -> dict[int, list[GoodPractice]]:
    """Every published practice linked to an indicator, by indicator id: one query for a page
    of indicators (a round's coding scheme)."""
    through = GoodPractice.indicators.through.objects.filter(
        goodpractice__status=GoodPractice.Status.PUBLISHED
    ).select_related("goodpractice")
    found: dict[int, list[GoodPractice]] = {}
    for link in through.order_by("goodpractice__title_en"):
        found.setdefault(link.indicator_id, []).append(link.goodpractice)
    return found


# --- the year's record (the annual activity report reads these) -----------------------------


def activities_in_year(
    *, year: int, treaty: Treaty | None = None
) -> QuerySet[CapacityBuildingActivity]:
    """The published activities that started in a year (a date known at least to the year), in
    date order, with their participants and provisions."""
    rows = CapacityBuildingActivity.objects.filter(start__year=year, published=True)
    if treaty is not None:
        rows = rows.filter(treaty=treaty)
    return rows.prefetch_related(_participants(), "provisions__article").order_by("start", "uid")


def practices_added_in_year(*, year: int, treaty: Treaty | None = None) -> QuerySet[GoodPractice]:
    """The good practices published in a year (by their publication date), in that order."""
    rows = GoodPractice.objects.filter(
        status=GoodPractice.Status.PUBLISHED, published_at__year=year
    )
    if treaty is not None:
        rows = rows.filter(treaty=treaty)
    return rows.prefetch_related("states", "provisions__article").order_by("published_at", "pk")
