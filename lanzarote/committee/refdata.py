"""The plenary meetings of a treaty's Committee (the optional file ``committee_meetings.json``
of the treaty's folder), read and checked first, written by ``core.refdata``'s load.

The file lists the meetings seen in the sources, not every meeting: a number missing from it is
a gap, shown as such ("no record of the 12th meeting"), never filled in. The sources give each
meeting's dates, venue and main agenda items; a meeting's status is "held" once its last day is
past, "planned" before, unless the file says (and a meeting cannot be "held" before it starts).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lanzarote.lib.datafile import DataFile, DataFolder, Upsert
from lanzarote.treaties.models import Treaty

from .models import AgendaItem, Meeting, MeetingDocument

MEETINGS_FILE = "committee_meetings.json"
FILE_KEYS = {"title", "gathered", "meetings"}
MEETING_KEYS = {
    "number",
    "dates",
    "venue",
    "venue_fr",
    "status",
    "items",
    "items_fr",
    "document",
    "source_url",
}
DATES = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:/(\d{4}-\d{2}-\d{2}))?$")
# "T-ES(2020)25 list of decisions": the Committee's document symbol, then what it is
DOCUMENT = re.compile(r"^(T-[A-Z]+\(\d{4}\)\d+\S*)\s*(.*)$")
DOCUMENT_KINDS = {"list of decisions": MeetingDocument.Kind.DECISIONS}


@dataclass
class CommitteeData:
    """A treaty's Committee meetings, read and checked."""

    meetings: list[dict[str, Any]]


def committee_data_read(folder: DataFolder, *, today: dt.date | None = None) -> CommitteeData:
    """Read and check the meetings file, if the treaty has one. Raises DataFileError naming the
    file and the meeting; writes nothing."""
    f = folder.optional(MEETINGS_FILE)
    if f is None:
        return CommitteeData(meetings=[])
    today = today or timezone.localdate()
    f.keys(f.data, "(top level)", FILE_KEYS, {"meetings"})
    if not isinstance(f.data["meetings"], list):
        raise f.error("meetings", "must be a list of meetings")
    meetings: list[dict[str, Any]] = []
    numbers: set[int] = set()
    for index, item in enumerate(f.data["meetings"], start=1):
        number = item.get("number") if isinstance(item, dict) else None
        entry = (
            f"meeting {number}" if isinstance(number, int) else f"meeting no. {index} in the list"
        )
        f.keys(item, entry, MEETING_KEYS, {"number", "dates", "items", "source_url"})
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise f.error(entry, "the number must be a whole number from 1")
        f.unique(numbers, number, entry, f"a second meeting numbered {number}")
        meetings.append(_meeting(f, item, entry, number=number, today=today))
    _check_order(f, meetings)
    return CommitteeData(meetings=sorted(meetings, key=lambda m: m["number"]))


def _dates(f: DataFile, value: Any, entry: str) -> tuple[dt.date, dt.date]:
    match = DATES.match(value) if isinstance(value, str) else None
    if not match:
        raise f.error(entry, f"dates must be YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD, not {value!r}")
    first = f.date(match.group(1), entry, "the first day")
    last = f.date(match.group(2), entry, "the last day") if match.group(2) else first
    assert first is not None and last is not None
    if last.date < first.date:
        raise f.error(entry, f"it ends ({last.date}) before it starts ({first.date})")
    return first.date, last.date


def _meeting(f: DataFile, item: dict, entry: str, *, number: int, today: dt.date) -> dict:
    start, end = _dates(f, item["dates"], entry)
    status = item.get("status") or (Meeting.Status.HELD if end < today else Meeting.Status.PLANNED)
    if status not in Meeting.Status.values:
        raise f.error(entry, f"unknown status {status!r} ({', '.join(Meeting.Status.values)})")
    if status == Meeting.Status.HELD and start > today:
        raise f.error(entry, f"marked held, but it starts on {start}, in the future")
    source = f.text(item["source_url"], entry, "source_url")
    if not source.startswith(("https://", "http://")):
        raise f.error(entry, "source_url must be a web address")
    venue = f.text(item.get("venue"), entry, "venue", required=False)
    venue_fr = f.text(item.get("venue_fr"), entry, "venue_fr", required=False)
    if venue_fr and not venue:
        raise f.error(entry, "venue_fr without venue")
    agenda, notes = _agenda(f, item, entry)
    return {
        "number": number,
        "start": start,
        "end": end,
        "venue_en": venue,
        "venue_fr": venue_fr,
        "status": status,
        "notes": notes,
        "sources": [source],
        "agenda": agenda,
        "documents": _documents(f, item, entry, source),
    }


def _agenda(f: DataFile, item: dict, entry: str) -> tuple[list[dict[str, str]], str]:
    """The agenda items in English (and French where the file gives them), and the notes: an
    item wholly in brackets ("(announced as next meeting)") says something about the meeting
    and is not an agenda item."""
    items, french = item["items"], item.get("items_fr")
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise f.error(entry, "items must be a list of non-empty texts")
    if french is not None and (
        not isinstance(french, list)
        or len(french) != len(items)
        or not all(isinstance(i, str) for i in french)
    ):
        raise f.error(entry, "items_fr must be a list of texts, one for each item")
    agenda, notes = [], []
    for position, text in enumerate(items):
        text = " ".join(text.split())
        if text.startswith("(") and text.endswith(")"):
            notes.append(text[1:-1])
            continue
        title_fr = " ".join(french[position].split()) if french else ""
        agenda.append({"title_en": text, "title_fr": title_fr})
    return agenda, "; ".join(notes)


def _documents(f: DataFile, item: dict, entry: str, source: str) -> list[dict[str, Any]]:
    """A document the sources name ("T-ES(2020)25 list of decisions"): public, known by its
    reference, read at the meeting's source."""
    value = item.get("document")
    if value is None:
        return []
    text = f.text(value, entry, "document")
    match = DOCUMENT.match(text)
    if not match:
        raise f.error(entry, f"document must start with its reference, e.g. T-ES(2020)25: {text!r}")
    reference, what = match.group(1), match.group(2).strip()
    kind = DOCUMENT_KINDS.get(what.lower(), MeetingDocument.Kind.OTHER)
    title = what[:1].upper() + what[1:] if what else reference
    return [{"reference": reference, "kind": kind, "title_en": title, "url": source}]


def _check_order(f: DataFile, meetings: list[dict[str, Any]]) -> None:
    """Meetings are numbered in the order they are held: a later number cannot start before an
    earlier one ends."""
    ordered = sorted(meetings, key=lambda m: m["number"])
    for earlier, later in itertools.pairwise(ordered):
        if later["start"] < earlier["end"]:
            raise f.error(
                f"meeting {later['number']}",
                f"starts on {later['start']}, before meeting {earlier['number']} ends "
                f"({earlier['end']})",
            )


# --- writing ----------------------------------------------------------------------------------


def committee_data_write(
    data: CommitteeData, *, treaty: Treaty, upsert: Upsert
) -> dict[int, Meeting]:
    """Upsert the meetings, their agenda and the documents the sources name; the meetings by
    number."""
    meetings = {}
    for m in data.meetings:
        values = {k: v for k, v in m.items() if k not in ("number", "agenda", "documents")}
        meeting = upsert(Meeting, {"treaty": treaty, "number": m["number"]}, values)
        meetings[m["number"]] = meeting
        for position, item in enumerate(m["agenda"], start=1):
            upsert(AgendaItem, {"meeting": meeting, "position": position}, item)
        for document in m["documents"]:
            upsert(
                MeetingDocument,
                {"meeting": meeting, "reference": document["reference"]},
                {
                    "kind": document["kind"],
                    "title_en": document["title_en"],
                    "url": document["url"],
                    "restricted": False,
                },
            )
    return meetings


def meeting_covering(
    meetings: list[Meeting] | dict[int, Meeting], day: dt.date | None
) -> Meeting | None:
    """The meeting held on that day, if one of these was: what links an adoption dated in the
    reference data to the meeting that adopted it (a day only, never a month or a year)."""
    if day is None:
        return None
    values = meetings.values() if isinstance(meetings, dict) else meetings
    found = [m for m in values if m.covers(day) and m.status == Meeting.Status.HELD]
    return found[0] if len(found) == 1 else None
