"""The co-operation reference data of a treaty's folder, read and checked first, written by
``core.refdata``'s load: ``capacity_building.json`` (activities), ``good_practices.json`` and
``european_day.json``, each optional.

Every entry must name its sources: an activity, a practice or a European Day without one is
refused, naming the file and the entry. Dates are kept to the precision the sources give
(``2012-05`` is May 2012, day unknown); what the files leave empty stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from lanzarote.lib.datafile import DataFile, DataFolder, Upsert
from lanzarote.lib.dates import certainly_after
from lanzarote.monitoring.models import Indicator
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision, Treaty

from .models import ActivityParticipant, CapacityBuildingActivity, EuropeanDay, GoodPractice

ACTIVITIES_FILE = "capacity_building.json"
PRACTICES_FILE = "good_practices.json"
DAYS_FILE = "european_day.json"
FILE_KEYS = {"title", "gathered", "source_notes"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ACTIVITY_KEYS = {
    "id",
    "kind",
    "title_en",
    "title_fr",
    "start",
    "end",
    "place_en",
    "place_fr",
    "organisers",
    "participants",
    "themes_en",
    "themes_fr",
    "provisions",
    "documents",
    "notes",
    "sources",
}
PRACTICE_KEYS = {
    "id",
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "states",
    "provisions",
    "indicators",
    "identified_in",
    "notes",
    "sources",
}
IDENTIFIED_KEYS = {"publication", "publication_url", "activity"}
DAY_KEYS = {"year", "theme_en", "theme_fr", "materials", "notes", "sources"}
LINK_KEYS = {"title_en", "title_fr", "url"}


@dataclass
class CooperationData:
    """A treaty's co-operation files, read and checked."""

    activities: list[dict[str, Any]] = field(default_factory=list)
    practices: list[dict[str, Any]] = field(default_factory=list)
    days: list[dict[str, Any]] = field(default_factory=list)


def cooperation_data_read(
    folder: DataFolder,
    *,
    provision_uids: set[str],
    state_codes: set[str],
    indicator_refs: set[str] = frozenset(),  # type: ignore[assignment]
) -> CooperationData:
    """Read and check the co-operation files the treaty has. Raises DataFileError naming the
    file and the entry; writes nothing. ``indicator_refs`` are ``<round uid>:<code>``."""
    data = CooperationData()
    f = folder.optional(ACTIVITIES_FILE)
    if f is not None:
        items = _entries(f, "activities")
        seen: set[str] = set()
        for index, item in enumerate(items, start=1):
            entry = _entry(item, "activity", index)
            f.keys(item, entry, ACTIVITY_KEYS, {"id", "kind", "title_en"})
            _slug(f, item["id"], entry, seen)
            data.activities.append(
                _activity(f, item, entry, provision_uids=provision_uids, state_codes=state_codes)
            )
    activity_ids = {a["uid"] for a in data.activities}
    f = folder.optional(PRACTICES_FILE)
    if f is not None:
        gathered = f.date(
            f.data.get("gathered") if isinstance(f.data, dict) else None, "(top level)", "gathered"
        )
        if gathered is None or gathered.precision != "day":
            raise f.error("(top level)", "gathered must be the day the practices were read")
        seen = set()
        for index, item in enumerate(_entries(f, "practices"), start=1):
            entry = _entry(item, "practice", index)
            f.keys(item, entry, PRACTICE_KEYS, {"id", "title_en", "title_fr"})
            _slug(f, item["id"], entry, seen)
            data.practices.append(
                _practice(
                    f,
                    item,
                    entry,
                    provision_uids=provision_uids,
                    state_codes=state_codes,
                    indicator_refs=indicator_refs,
                    activity_ids=activity_ids,
                )
                | {"published_at": dt.datetime.combine(gathered.date, dt.time(), dt.UTC)}
            )
    f = folder.optional(DAYS_FILE)
    if f is not None:
        years: set[int] = set()
        for index, item in enumerate(_entries(f, "days"), start=1):
            year = item.get("year") if isinstance(item, dict) else None
            entry = f"year {year}" if isinstance(year, int) else f"day no. {index} in the list"
            f.keys(item, entry, DAY_KEYS, {"year"})
            data.days.append(_day(f, item, entry, years))
    return data


def _entries(f: DataFile, key: str) -> list:
    f.keys(f.data, "(top level)", FILE_KEYS | {key}, {key})
    if not isinstance(f.data[key], list):
        raise f.error(key, "must be a list")
    return f.data[key]


def _entry(item: Any, what: str, index: int) -> str:
    uid = item.get("id") if isinstance(item, dict) else None
    return f"{what} {uid}" if isinstance(uid, str) and uid else f"{what} no. {index} in the list"


def _slug(f: DataFile, value: Any, entry: str, seen: set[str]) -> None:
    if not isinstance(value, str) or not SLUG.match(value):
        raise f.error(entry, "the id must be a slug (lower case, digits, -)")
    f.unique(seen, value, entry, f"a second entry with the id {value}")


def _sources(f: DataFile, item: dict, entry: str) -> list[str]:
    sources = item.get("sources")
    if not isinstance(sources, list) or not sources:
        raise f.error(entry, "no source: every entry names at least one source (a web address)")
    for source in sources:
        if not isinstance(source, str) or not source.startswith(("https://", "http://")):
            raise f.error(entry, f"a source must be a web address, not {source!r}")
    return list(sources)


def _texts(f: DataFile, item: dict, entry: str, name: str) -> list[str]:
    value = item.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise f.error(entry, f"{name} must be a list of non-empty texts")
    return [" ".join(v.split()) for v in value]


def _links(f: DataFile, item: dict, entry: str, name: str) -> list[dict[str, str]]:
    value = item.get(name, [])
    if not isinstance(value, list):
        raise f.error(entry, f"{name} must be a list")
    links = []
    for link in value:
        f.keys(link, f"{entry}, {name}", LINK_KEYS, {"title_en", "url"})
        url = f.text(link["url"], entry, f"{name}: url")
        if not url.startswith(("https://", "http://")):
            raise f.error(entry, f"{name}: the url must be a web address")
        links.append(
            {
                "title_en": f.text(link["title_en"], entry, f"{name}: title_en"),
                "title_fr": f.text(
                    link.get("title_fr"), entry, f"{name}: title_fr", required=False
                ),
                "url": url,
            }
        )
    return links


def _provisions(f: DataFile, item: dict, entry: str, provision_uids: set[str]) -> list[str]:
    """Provision ids; an article's id (``cets201:38``) stands for its provisions."""
    found: list[str] = []
    for ref in item.get("provisions", []) or []:
        if not isinstance(ref, str):
            raise f.error(entry, f"a provision must be a stable id, not {ref!r}")
        matches = sorted(u for u in provision_uids if u == ref or u.startswith(ref + "."))
        if not matches:
            raise f.error(entry, f"no provision {ref}")
        found += [m for m in matches if m not in found]
    return found


def _states(f: DataFile, codes: Any, entry: str, state_codes: set[str]) -> list[str]:
    if not isinstance(codes, list):
        raise f.error(entry, "states must be a list of ISO codes")
    for code in codes:
        if code not in state_codes:
            raise f.error(entry, f"unknown State {code!r}")
    return list(codes)


def _activity(
    f: DataFile, item: dict, entry: str, *, provision_uids: set[str], state_codes: set[str]
) -> dict[str, Any]:
    if item["kind"] not in CapacityBuildingActivity.Kind.values:
        kinds = ", ".join(CapacityBuildingActivity.Kind.values)
        raise f.error(entry, f"unknown kind {item['kind']!r} ({kinds})")
    sources = _sources(f, item, entry)
    start = f.date(item.get("start"), entry, "start")
    end = f.date(item.get("end"), entry, "end")
    if end is not None and start is None:
        raise f.error(entry, "an end without a start")
    if start is not None and end is not None and certainly_after(start, end):
        raise f.error(entry, f"it ends ({end}) before it starts ({start})")
    if start is not None and start.date > timezone.localdate():
        raise f.error(entry, f"it starts on {start}, in the future: record only what was held")
    participants = []
    for p in item.get("participants", []) or []:
        f.keys(p, f"{entry}, participants", {"state", "organisation"})
        code = p.get("state") or ""
        organisation = " ".join(str(p.get("organisation") or "").split())
        if code and code not in state_codes:
            raise f.error(entry, f"unknown State {code!r}")
        if not code and not organisation:
            raise f.error(entry, "a participant names a State or an organisation")
        participants.append({"state": code, "organisation": organisation})
    themes_en, themes_fr = _texts(f, item, entry, "themes_en"), _texts(f, item, entry, "themes_fr")
    if themes_fr and len(themes_fr) != len(themes_en):
        raise f.error(entry, "themes_fr must translate each of themes_en")
    return {
        "uid": item["id"],
        "kind": item["kind"],
        "title_en": f.text(item["title_en"], entry, "title_en"),
        "title_fr": f.text(item.get("title_fr"), entry, "title_fr", required=False),
        "start": start.date if start else None,
        "start_precision": start.precision.value if start else "",
        "end": end.date if end else None,
        "end_precision": end.precision.value if end else "",
        "place_en": f.text(item.get("place_en"), entry, "place_en", required=False),
        "place_fr": f.text(item.get("place_fr"), entry, "place_fr", required=False),
        "organisers": _texts(f, item, entry, "organisers"),
        "themes_en": themes_en,
        "themes_fr": themes_fr,
        "documents": _links(f, item, entry, "documents"),
        "notes": f.text(item.get("notes"), entry, "notes", required=False),
        "sources": sources,
        "provisions": _provisions(f, item, entry, provision_uids),
        "participants": participants,
    }


def _practice(
    f: DataFile,
    item: dict,
    entry: str,
    *,
    provision_uids: set[str],
    state_codes: set[str],
    indicator_refs: set[str],
    activity_ids: set[str],
) -> dict[str, Any]:
    sources = _sources(f, item, entry)
    identified = item.get("identified_in") or {}
    f.keys(identified, f"{entry}, identified_in", IDENTIFIED_KEYS)
    activity = identified.get("activity") or ""
    if activity and activity not in activity_ids:
        raise f.error(entry, f"no activity {activity} in {ACTIVITIES_FILE}")
    indicators = item.get("indicators", []) or []
    for ref in indicators:
        if ref not in indicator_refs:
            raise f.error(entry, f"no indicator {ref!r} (write <round uid>:<code>)")
    url = f.text(identified.get("publication_url"), entry, "publication_url", required=False)
    if url and not url.startswith(("https://", "http://")):
        raise f.error(entry, "publication_url must be a web address")
    return {
        "uid": item["id"],
        "title_en": f.text(item["title_en"], entry, "title_en"),
        "title_fr": f.text(item["title_fr"], entry, "title_fr"),
        "summary_en": f.text(item.get("summary_en"), entry, "summary_en", required=False),
        "summary_fr": f.text(item.get("summary_fr"), entry, "summary_fr", required=False),
        "publication": f.text(identified.get("publication"), entry, "publication", required=False),
        "publication_url": url,
        "notes": f.text(item.get("notes"), entry, "notes", required=False),
        "sources": sources,
        "activity": activity,
        "states": _states(f, item.get("states", []), entry, state_codes),
        "provisions": _provisions(f, item, entry, provision_uids),
        "indicators": list(indicators),
    }


def _day(f: DataFile, item: dict, entry: str, years: set[int]) -> dict[str, Any]:
    year = item["year"]
    if not isinstance(year, int) or isinstance(year, bool) or year < 2015:
        raise f.error(entry, "the year must be a whole number from 2015 (the first European Day)")
    if year > timezone.localdate().year:
        raise f.error(entry, f"{year} is in the future")
    f.unique(years, year, entry, f"a second entry for {year}")
    return {
        "year": year,
        "theme_en": f.text(item.get("theme_en"), entry, "theme_en", required=False),
        "theme_fr": f.text(item.get("theme_fr"), entry, "theme_fr", required=False),
        "materials": _links(f, item, entry, "materials"),
        "notes": f.text(item.get("notes"), entry, "notes", required=False),
        "sources": _sources(f, item, entry),
    }


# --- writing ----------------------------------------------------------------------------------


def cooperation_data_write(data: CooperationData, *, treaty: Treaty, upsert: Upsert) -> None:
    """Upsert the activities (with their participants), the practices and the European Days.
    A practice from the files is published; the Secretariat's own practices are untouched."""
    provisions = {
        p.uid: p
        for p in Provision.objects.filter(
            uid__in={u for e in data.activities + data.practices for u in e["provisions"]}
        )
    }
    states = {s.iso2: s for s in State.objects.all()}
    activities: dict[str, CapacityBuildingActivity] = {}
    for a in data.activities:
        values = {k: v for k, v in a.items() if k not in ("uid", "provisions", "participants")}
        activity = upsert(CapacityBuildingActivity, {"uid": a["uid"]}, {"treaty": treaty, **values})
        activity.provisions.set([provisions[u] for u in a["provisions"]])
        activity.participants.all().delete()
        ActivityParticipant.objects.bulk_create(
            ActivityParticipant(
                activity=activity, state=states.get(p["state"]), organisation=p["organisation"]
            )
            for p in a["participants"]
        )
        activities[a["uid"]] = activity
    for p in data.practices:
        values = {
            k: v
            for k, v in p.items()
            if k not in ("uid", "provisions", "states", "indicators", "activity")
        }
        practice = upsert(
            GoodPractice,
            {"uid": p["uid"]},
            {
                "treaty": treaty,
                "activity": activities.get(p["activity"]),
                "status": GoodPractice.Status.PUBLISHED,
                **values,
            },
        )
        practice.provisions.set([provisions[u] for u in p["provisions"]])
        practice.states.set([states[c] for c in p["states"]])
        practice.indicators.set(_indicators(treaty, p["indicators"]))
    for d in data.days:
        upsert(
            EuropeanDay,
            {"treaty": treaty, "year": d["year"]},
            {k: v for k, v in d.items() if k != "year"},
        )


def _indicators(treaty: Treaty, refs: list[str]) -> list[Indicator]:
    found = []
    for ref in refs:
        round_uid, code = ref.split(":", 1)
        found.append(
            Indicator.objects.get(
                scheme__round__treaty=treaty, scheme__round__uid=round_uid, code=code
            )
        )
    return found


def indicator_refs_of(schemes: list[dict[str, Any]]) -> set[str]:
    """``<round uid>:<code>`` of the indicators in a treaty's monitoring data."""
    return {f"{s['round']}:{i['code']}" for s in schemes for i in s["indicators"]}
