"""Dates as the sources give them: a day, a month or only a year, or unknown.

Treaty records are often known only to the month or the year ("signed in 2010"). A
``PartialDate`` keeps that precision instead of inventing a day, and the entry-into-force
rule of Council of Europe treaties is computed only from a date known to the day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), Precision.DAY),
    (re.compile(r"^(\d{4})-(\d{2})$"), Precision.MONTH),
    (re.compile(r"^(\d{4})$"), Precision.YEAR),
)


# What <input type="date"> reads and sends, whatever the page's language.
ISO_DATE = "%Y-%m-%d"

MIN_YEAR, MAX_YEAR = 1800, 2199  # treaty events; anything else is a typing error


class DateFormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or the year. Unknown dates are ``None``, not this."""

    date: dt.date
    precision: Precision = Precision.DAY

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; anything else is an error."""
        text = (value or "").strip()
        for pattern, precision in _PATTERNS:
            if match := pattern.match(text):
                year = int(match.group(1))
                month = int(match.group(2)) if precision != Precision.YEAR else 1
                day = int(match.group(3)) if precision == Precision.DAY else 1
                if not MIN_YEAR <= year <= MAX_YEAR:
                    raise DateFormatError(f"{value!r} is not a plausible date (year {year})")
                try:
                    return cls(dt.date(year, month, day), precision)
                except ValueError as exc:
                    raise DateFormatError(f"{value!r} is not a real date ({exc})") from None
        raise DateFormatError(
            f"{value!r} is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY when only that is known"
        )

    @classmethod
    def stored(cls, date: dt.date | None, precision: str) -> PartialDate | None:
        """The date a model keeps in two columns (the date, its precision; blank is a day), or
        None when the date is unknown."""
        return cls(date, Precision(precision or Precision.DAY)) if date else None

    @classmethod
    def parse_optional(cls, value: str | None) -> PartialDate | None:
        if value is None or not str(value).strip():
            return None
        return cls.parse(str(value))

    def iso(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def __str__(self) -> str:
        return self.iso()

    def key(self) -> tuple[int, ...]:
        """Year, month, day as far as known: compare two dates on the parts both know."""
        if self.precision == Precision.YEAR:
            return (self.date.year,)
        if self.precision == Precision.MONTH:
            return (self.date.year, self.date.month)
        return (self.date.year, self.date.month, self.date.day)


def certainly_after(first: PartialDate, second: PartialDate) -> bool:
    """True when ``first`` is later than ``second`` on the parts both know.

    "2012-05" is not certainly after "2012"; "2012-05" is certainly after "2011".
    """
    size = min(len(first.key()), len(second.key()))
    return first.key()[:size] > second.key()[:size]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_day_of_month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def date_text(value: PartialDate | dt.date | dt.datetime) -> str:
    """A date as the active language writes it, to the precision known: "2010", "May 2016",
    "4 December 2026" / "4 décembre 2026" (the site's one date format, lanzarote/formats);
    French writes the first of the month "1er juillet 2010"."""
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone
    from django.utils.translation import get_language

    if isinstance(value, dt.datetime):  # a moment: its day where the site is
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, PartialDate):
        if value.precision == Precision.YEAR:
            return str(value.date.year)
        if value.precision == Precision.MONTH:
            return date_filter(value.date, "F Y")
        value = value.date
    if value.day == 1 and (get_language() or "").startswith("fr"):
        return "1er " + date_filter(value, "F Y")
    return date_filter(value, "DATE_FORMAT")
