"""The Committee's recommendations read in its adopted reports (the optional file
``recommendations.json`` of the treaty's folder). Read and checked first, written by
``core.refdata``'s load.
"""

from __future__ import annotations

import re
from typing import Any

from lanzarote.committee.models import Meeting
from lanzarote.committee.refdata import meeting_covering
from lanzarote.lib.datafile import DataFile, DataFolder, Upsert
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision

from .models import Recommendation

RECOMMENDATIONS_FILE_KEYS = {"source_notes", "recommendations"}
RECOMMENDATION_KEYS = {
    "uid",
    "round",
    "number",
    "grade",
    "report_en",
    "report_fr",
    "adopted_on",
    "section",
    "addressees",
    "addressees_note",
    "text_en",
    "text_fr",
    "text_complete",
    "provisions",
    "sources",
}


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEXT_KEYS = ("report_en", "report_fr", "section", "addressees_note", "text_en", "text_fr")


def recommendations_data_read(
    folder: DataFolder,
    *,
    provision_uids: set[str],
    round_uids: set[str],
    state_codes: set[str],
) -> list[dict[str, Any]]:
    """The Committee's recommendations recorded so far (optional file recommendations.json).
    Every one listed here is adopted: it was read in an adopted report."""
    f = folder.optional("recommendations.json")
    if f is None:
        return []
    f.keys(f.data, "(top level)", RECOMMENDATIONS_FILE_KEYS, {"recommendations"})
    out: list[dict[str, Any]] = []
    uids: set[str] = set()
    numbers: set[tuple[str, str]] = set()
    for item in f.data["recommendations"]:
        uid = str(item.get("uid"))
        entry = f"recommendations {uid}"
        f.keys(item, entry, RECOMMENDATION_KEYS, {"uid", "round", "grade", "text_en", "addressees"})
        if not SLUG.match(uid):
            raise f.error(entry, "the uid must be a unique slug (lower case, digits, -)")
        f.unique(uids, uid, entry, "the uid must be a unique slug (lower case, digits, -)")
        if item["round"] not in round_uids:
            raise f.error(entry, f"unknown round {item['round']!r}")
        if item["grade"] not in Recommendation.Grade.values:
            raise f.error(
                entry, f"unknown grade {item['grade']!r} ({', '.join(Recommendation.Grade.values)})"
            )
        number = str(item.get("number") or "")
        if number and (item["round"], number) in numbers:
            raise f.error(entry, f"number {number} is used twice in {item['round']}")
        numbers.add((item["round"], number))
        _check_addressees(f, item["addressees"], entry, state_codes)
        for provision in item.get("provisions", []):
            if provision not in provision_uids:
                raise f.error(entry, f"no provision {provision}")
        out.append(_recommendation(f, item, entry, uid=uid, number=number))
    return out


def _check_addressees(f: DataFile, addressees: Any, entry: str, state_codes: set[str]) -> None:
    if addressees != "all":
        if not isinstance(addressees, list) or not addressees:
            raise f.error(entry, 'addressees must be "all" or a list of ISO codes')
        for code in addressees:
            if code not in state_codes:
                raise f.error(entry, f"unknown State {code!r}")


def _recommendation(f: DataFile, item: dict, entry: str, *, uid: str, number: str) -> dict:
    adopted = f.date(item.get("adopted_on"), entry, "adopted_on")
    addressees = item["addressees"]
    return {
        "uid": uid,
        "round": item["round"],
        "number": number,
        "grade": item["grade"],
        **{k: f.text(item.get(k) or "", entry, k, required=k == "text_en") for k in TEXT_KEYS},
        "adopted_on": adopted.date if adopted else None,
        "text_complete": bool(item.get("text_complete", True)),
        "addressed_to_all": addressees == "all",
        "addressees": [] if addressees == "all" else list(addressees),
        "provisions": list(item.get("provisions", [])),
        "sources": [str(s) for s in item.get("sources", [])],
    }


def recommendations_data_write(
    recommendations: list[dict[str, Any]],
    *,
    rounds: dict[str, Round],
    states: dict[str, State],
    upsert: Upsert,
    meetings: dict[int, Meeting] | None = None,
    linked: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Upsert the recommendations; one adopted on a day of one of the ``meetings`` names that
    meeting (``linked`` counts (linked, dated))."""
    count, dated = 0, 0
    for position, r in enumerate(recommendations, start=1):
        values = {
            k: v for k, v in r.items() if k not in ("uid", "round", "addressees", "provisions")
        }
        values["adopted_at"] = meeting_covering(meetings or {}, r["adopted_on"])
        count += values["adopted_at"] is not None
        dated += r["adopted_on"] is not None
        recommendation = upsert(
            Recommendation,
            {"uid": r["uid"]},
            {
                "round": rounds[r["round"]],
                "position": position,
                "status": Recommendation.Status.ADOPTED,
                **values,
            },
        )
        recommendation.addressees.set([states[code] for code in r["addressees"]])
        recommendation.provisions.set(Provision.objects.filter(uid__in=r["provisions"]))
    if linked is not None:
        linked["recommendations adopted"] = (count, dated)
