"""Reads about States: the Parties table, a State's page, accessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from lanzarote.lib.text import fold
from lanzarote.treaties.models import Treaty

from .models import (
    AccessionConsultation,
    AccessionRequest,
    CommitteeMembership,
    Confidence,
    Reservation,
    State,
    TreatyStatus,
)

SORTS = ("name", "status", "signature", "deposit", "entry_into_force")


def status_list(
    *,
    treaty: Treaty,
    status: str = "",
    query: str = "",
    sort: str = "name",
    descending: bool = False,
    lang: str = "en",
) -> list[TreatyStatus]:
    """The Parties table: one row per State, filtered and sorted; unknown dates sort last."""
    queryset = TreatyStatus.objects.filter(treaty=treaty).select_related("state", "treaty")
    if status:
        queryset = queryset.filter(status=status)
    rows = [r for r in queryset if not query or _matches(r.state, query)]

    def name(row: TreatyStatus) -> str:
        return fold(row.state.name_fr if lang == "fr" and row.state.name_fr else row.state.name_en)

    if sort not in SORTS or sort == "name":
        return sorted(rows, key=name, reverse=descending)
    if sort == "status":
        return sorted(rows, key=lambda r: (r.status, name(r)), reverse=descending)

    def value(row: TreatyStatus):
        if sort == "entry_into_force":  # the date shown, derived by the rule where it can be
            shown = row.entry_into_force_shown.date
            return shown.date if shown else None
        return getattr(row, sort)

    known = sorted(
        (r for r in rows if value(r)),
        key=lambda r: (value(r), name(r)),
        reverse=descending,
    )
    unknown = sorted((r for r in rows if not value(r)), key=name)
    return known + unknown  # unknown dates last, whichever way the column is sorted


def status_doubted(*, treaty: Treaty) -> QuerySet[TreatyStatus]:
    """The States whose status itself is not confirmed by its source (the map's caption)."""
    return (
        TreatyStatus.objects.filter(treaty=treaty)
        .exclude(status_confidence=Confidence.CONFIRMED)
        .exclude(status=TreatyStatus.Status.OTHER)
        .select_related("state")
    )


def treaty_statuses(*, treaty: Treaty) -> list[TreatyStatus]:
    """Every State's status under a treaty, unfiltered (for the counts of the Parties page)."""
    return list(TreatyStatus.objects.filter(treaty=treaty).select_related("state", "treaty"))


def status_counts(*, rows: Iterable[TreatyStatus]) -> dict[str, int]:
    counts = dict.fromkeys(TreatyStatus.Status.values, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


@dataclass(frozen=True)
class DatesKnown:
    """How many of a treaty's Parties have each date from a source (to any precision), how
    many more have an entry into force derived by the treaty's rule from a deposit known to the
    day, and the Parties whose deposit and entry into force disagree with that rule."""

    parties: int
    signature: int
    deposit: int
    entry_into_force: int
    entry_into_force_derived: int
    conflicts: tuple[TreatyStatus, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "parties": self.parties,
            "signature": self.signature,
            "deposit": self.deposit,
            "entry_into_force": self.entry_into_force,
            "entry_into_force_derived": self.entry_into_force_derived,
            "conflicts": [row.state.iso2 for row in self.conflicts],
        }


def dates_known(*, rows: Iterable[TreatyStatus]) -> DatesKnown:
    """The dates known for a treaty's Parties, of ``rows`` (every State's status under the
    treaty, as ``treaty_statuses`` reads them)."""
    parties = [r for r in rows if r.status == TreatyStatus.Status.PARTY]
    shown = [(r, r.entry_into_force_shown) for r in parties]
    return DatesKnown(
        parties=len(parties),
        signature=sum(1 for r in parties if r.signature),
        deposit=sum(1 for r in parties if r.deposit),
        entry_into_force=sum(1 for r in parties if r.entry_into_force),
        entry_into_force_derived=sum(1 for r, e in shown if e.derived and e.source is None),
        conflicts=tuple(r for r, e in shown if e.conflict),
    )


def _matches(state: State, query: str) -> bool:
    needle = fold(query)
    return any(needle in fold(v) for v in (state.name_en, state.name_fr, state.iso2, state.iso3))


def state_get(*, iso2: str) -> State:
    return get_object_or_404(State, iso2=iso2.upper())


def state_statuses(*, state: State) -> QuerySet[TreatyStatus]:
    return state.treaty_statuses.select_related("treaty")


def state_reservations(*, state: State) -> QuerySet[Reservation]:
    return state.reservations.select_related(
        "treaty", "clause__provision__article"
    ).prefetch_related("provisions__article")


def state_memberships(*, state: State) -> QuerySet[CommitteeMembership]:
    return state.memberships.select_related("treaty")


def committee_member_count(*, treaty: Treaty) -> int:
    return treaty.memberships.filter(kind=CommitteeMembership.Kind.MEMBER).count()


def committee_bodies(*, treaty: Treaty) -> QuerySet[CommitteeMembership]:
    return treaty.memberships.filter(state__isnull=True)


def state_list() -> QuerySet[State]:
    return State.objects.all()


def reservation_list(*, treaty: Treaty, state: str = "") -> QuerySet[Reservation]:
    """A treaty's reservations and declarations, optionally of one State (ISO code)."""
    rows = treaty.reservations.select_related(
        "state", "clause__provision__article"
    ).prefetch_related("provisions")
    if state:
        rows = rows.filter(state__iso2=state.upper())
    return rows


def accession_list() -> QuerySet[AccessionRequest]:
    return AccessionRequest.objects.select_related("state", "treaty").order_by("-id")


def accession_get(*, pk: int) -> AccessionRequest:
    return get_object_or_404(
        AccessionRequest.objects.select_related("state", "treaty").prefetch_related(
            Prefetch(
                "consultations", queryset=AccessionConsultation.objects.select_related("party")
            )
        ),
        pk=pk,
    )


def treaties_not_recorded(*, statuses: Iterable[TreatyStatus]) -> QuerySet[Treaty]:
    """The treaties under which a State's status is not recorded (``statuses`` are its records):
    its status under them is unknown, never assumed."""
    return Treaty.objects.exclude(pk__in=[s.treaty_id for s in statuses]).order_by("code")
