"""Reads of the Committee's meetings, with visibility applied: decisions before their list is
published, and restricted documents, only for those who may read them (committee.permissions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from lanzarote.lib.dates import date_text
from lanzarote.treaties.models import Treaty

from .models import AgendaItem, Decision, Meeting, MeetingDocument, meeting_title, ordinal
from .permissions import can_read_restricted


def site_treaty() -> Treaty:
    """The treaty whose Committee the meeting pages show (settings.LANZAROTE_TREATY)."""
    return get_object_or_404(Treaty, code=settings.LANZAROTE_TREATY)


def visible_decisions_q(viewer: Any, prefix: str = "") -> Q:
    """The decisions a reader may read, as a filter (``prefix`` leads to the decision)."""
    if can_read_restricted(viewer):
        return Q()
    return Q(**{f"{prefix}meeting__decisions_published_at__isnull": False})


def visible_documents_q(viewer: Any) -> Q:
    return Q() if can_read_restricted(viewer) else Q(restricted=False)


@dataclass(frozen=True)
class Gap:
    """Meetings with no record in the product: ``first`` to ``last`` (numbers)."""

    first: int
    last: int

    @property
    def text(self) -> str:
        from django.utils.translation import gettext as _

        if self.first == self.last:
            return _("No record of the %(ordinal)s meeting.") % {"ordinal": ordinal(self.first)}
        if self.last == self.first + 1:
            return _("No record of the %(first)s and %(last)s meetings.") % {
                "first": ordinal(self.first),
                "last": ordinal(self.last),
            }
        return _("No record of the %(first)s to %(last)s meetings.") % {
            "first": ordinal(self.first),
            "last": ordinal(self.last),
        }


def meeting_list(*, treaty: Treaty, viewer: Any = None) -> QuerySet[Meeting]:
    """The meetings, latest first, with their counts: agenda items, decisions the reader may
    read, documents the reader may read."""
    decisions = Q(decisions__isnull=False) & (
        Q() if can_read_restricted(viewer) else Q(decisions_published_at__isnull=False)
    )
    documents = Q(documents__isnull=False) & (
        Q() if can_read_restricted(viewer) else Q(documents__restricted=False)
    )
    return (
        Meeting.objects.filter(treaty=treaty)
        .annotate(
            agenda_count=Count("agenda", distinct=True),
            decision_count=Count("decisions", filter=decisions, distinct=True),
            document_count=Count("documents", filter=documents, distinct=True),
        )
        .order_by("-number")
    )


def meeting_rows(*, meetings: list[Meeting]) -> list[Meeting | Gap]:
    """The meetings latest first, with the gaps between them (and before the first) as Gap
    rows: the numbers the product has no record of."""
    rows: list[Meeting | Gap] = []
    following: int | None = None
    for meeting in sorted(meetings, key=lambda m: -m.number):
        if following is not None and following - meeting.number > 1:
            rows.append(Gap(meeting.number + 1, following - 1))
        rows.append(meeting)
        following = meeting.number
    if following is not None and following > 1:
        rows.append(Gap(1, following - 1))
    return rows


def gap_numbers(*, meetings: Iterable[Meeting]) -> list[int]:
    """The numbers below the latest meeting that the product has no record of."""
    known = {m.number for m in meetings}
    return [n for n in range(1, max(known, default=0) + 1) if n not in known]


def meeting_get(*, treaty: Treaty, number: int, viewer: Any = None) -> Meeting:
    """One meeting with its agenda, the decisions and documents the reader may read (as
    ``visible_decisions`` and ``visible_documents``); 404 when there is none."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("treaty").prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("position"))
        ),
        treaty=treaty,
        number=number,
    )
    meeting.visible_decisions = list(
        Decision.objects.filter(meeting=meeting)
        .filter(visible_decisions_q(viewer))
        .select_related("interpretive_text")
        .order_by("number")
    )
    meeting.visible_documents = list(
        MeetingDocument.objects.filter(meeting=meeting)
        .filter(visible_documents_q(viewer))
        .order_by("kind", "id")
    )
    return meeting


def meeting_by_number(*, treaty: Treaty, number: int) -> Meeting:
    return get_object_or_404(Meeting, treaty=treaty, number=number)


def meeting_choices(*, treaty: Treaty) -> QuerySet[Meeting]:
    """The meetings an adoption may name, latest first."""
    return Meeting.objects.filter(treaty=treaty).order_by("-number")


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting_title(meeting.number)} ({meeting.dates_text})"


def adoption_problem(
    *, meeting: Meeting | None, treaty_id: int, day: dt.date | None = None, demo: bool = False
) -> str:
    """Why this meeting cannot be named as the one that adopted something of this treaty (on
    that day, if given), in words; "" when it can (or when no meeting is named). A
    demonstration object (``demo``) names none: the meetings are real."""
    from django.utils.translation import gettext as _

    if meeting is None:
        return ""
    if demo:
        return _("demonstration data names no meeting: the Committee's meetings are real")
    if meeting.treaty_id != treaty_id:
        return _("the %(meeting)s is not a meeting of this treaty's Committee") % {
            "meeting": meeting.title
        }
    if meeting.status != Meeting.Status.HELD:
        return _("the %(meeting)s has not been held") % {"meeting": meeting.title}
    if day is not None and not meeting.covers(day):
        return _("%(day)s is not a day of the %(meeting)s (%(dates)s)") % {
            "day": date_text(day),
            "meeting": meeting.title,
            "dates": meeting.dates_text,
        }
    return ""


# --- the year's record (the annual activity report reads these) -----------------------------


def meetings_in_year(*, treaty: Treaty, year: int) -> QuerySet[Meeting]:
    """The meetings held, or planned, in a year (by their first day), in order, with their
    agenda."""
    return (
        Meeting.objects.filter(treaty=treaty, start__year=year)
        .prefetch_related(Prefetch("agenda", queryset=AgendaItem.objects.order_by("position")))
        .order_by("start", "number")
    )


def decisions_in_year(*, treaty: Treaty, year: int, viewer: Any = None) -> QuerySet[Decision]:
    """The decisions of the meetings held in a year that the reader may read (the public: those
    of published lists), in meeting and number order."""
    return (
        Decision.objects.filter(meeting__treaty=treaty, meeting__start__year=year)
        .filter(visible_decisions_q(viewer))
        .select_related("meeting", "interpretive_text")
        .order_by("meeting__start", "meeting__number", "number")
    )


def meetings_readable(*, treaty: Treaty, viewer: Any = None) -> QuerySet[Meeting]:
    """Every meeting in number order with its agenda and, as ``export_decisions`` and
    ``export_documents``, what the reader may read: four queries, whatever their number (a
    slice of it too: the API's pages)."""
    return (
        Meeting.objects.filter(treaty=treaty)
        .order_by("number")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("position")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(visible_decisions_q(viewer))
                .select_related("interpretive_text")
                .order_by("number"),
                to_attr="export_decisions",
            ),
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.filter(visible_documents_q(viewer)).order_by(
                    "kind", "id"
                ),
                to_attr="export_documents",
            ),
        )
    )


def meetings_for_export(*, treaty: Treaty, viewer: Any = None) -> list[Meeting]:
    return list(meetings_readable(treaty=treaty, viewer=viewer))
