"""The States and their standing under a treaty: the States list (``data/parties/states.json``),
each State's signature, deposit and entry into force, the reservations and declarations made,
the Committee of the Parties and the accessions deposited (files of the treaty's folder). Read
and checked first, written by ``core.refdata``'s load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanzarote.lib.datafile import DataFile, DataFolder, Upsert
from lanzarote.lib.dates import PartialDate, Precision
from lanzarote.treaties.models import Treaty
from lanzarote.treaties.refdata import TreatyData, TreatyWritten, citation_uid

from .models import (
    AccessionRequest,
    CommitteeMembership,
    Confidence,
    Reservation,
    State,
    TreatyStatus,
)
from .rules import entry_into_force

STATES_FILE = Path("parties/states.json")
STATES_KEYS = {"iso2", "iso3", "iso_numeric", "name_en", "name_fr", "coe_member", "aliases"}
RECORDS_FILE_KEYS = {"title", "gathered", "status", "fields", "summary", "records"}
RECORD_KEYS = {
    "state",
    "signature",
    "ratification_or_accession",
    "kind",
    "entry_into_force",
    "source_url",
    "confidence",
    "other_sources",
    "notes",
    "rule_check",
    "levels",
    "reservations_note",
}
# A record's confidence levels: the record's key for each value -> the TreatyStatus field prefix.
LEVEL_KEYS = {
    "status": "status",
    "signature": "signature",
    "ratification_or_accession": "deposit",
    "entry_into_force": "entry_into_force",
}
PARTIES_FILE_KEYS = {
    "title",
    "gathered",
    "count",
    "method",
    "signature_dates",
    "parties",
    "fact_checks",
}
EVENTS_FILE_KEYS = {"title", "gathered", "important", "treaty", "events"}
EVENT_KEYS = {
    "state",
    "event",
    "deposit_date",
    "deposit_date_basis",
    "deposit_date_note",
    "entry_into_force",
    "ordinal",
    "source_url",
    "also",
    "confidence",
    "declarations",
    "declarations_note",
    "note",
    "year",
    "level",
}
COMPOSITION_KEYS = {
    "title",
    "gathered",
    "completeness",
    "legal_basis",
    "members",
    "participants",
    "observers",
    "earlier_description",
    "office_holders_seen_in_sources",
    "rapporteurs_2nd_round_seen",
    "rapporteurs_sources",
}


# The keys of a value's item in a record's ``levels``: its confidence and the source's words
# on it; for a date, also its source (``source`` as cited, ``source_url``) and a ``note`` (why a
# date a source mentions stays unknown, or another source that disagrees).
LEVEL_ITEM_KEYS = {"level", "basis", "source", "source_url", "note"}
DATE_KEYS = {k: p for k, p in LEVEL_KEYS.items() if k != "status"}


@dataclass(frozen=True)
class Conflict:
    """A State whose recorded deposit and entry into force disagree with the treaty's rule:
    both dates are kept as their sources give them, and the load reports it."""

    file: str
    state: str
    deposit: PartialDate
    entry_into_force: PartialDate
    expected: dt.date

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.state}: entry into force {self.entry_into_force} does not "
            f"follow the treaty's rule: a deposit on {self.deposit} enters into force on "
            f"{self.expected} (both dates kept, flagged as a conflict)"
        )


@dataclass
class PartiesData:
    """The States and their standing under one treaty, read and checked, ready to write."""

    states: list[dict[str, Any]]
    names: dict[str, str]  # every name and alias of the States list -> ISO alpha-2 code
    statuses: list[dict[str, Any]] = field(default_factory=list)
    reservations: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    accessions: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def state_code(self, data_file: DataFile, name: Any, entry: str) -> str:
        """The ISO code of the State a data file names; an unknown name stops the reader."""
        if name not in self.names:
            raise data_file.error(entry, f"unknown State {name!r}: add it to {STATES_FILE}")
        return self.names[name]

    @property
    def state_codes(self) -> set[str]:
        return {s["iso2"] for s in self.states}


# --- reading ----------------------------------------------------------------------------------


def parties_data_read(folder: DataFolder, *, treaty: TreatyData) -> PartiesData:
    """Read and check the States list and the treaty's status files. Raises DataFileError."""
    records_file = folder.required("signatures_ratifications.json")
    parties_file = folder.required("parties_status.json")
    # a treaty whose reservations made or Committee seats are not recorded has no such file
    events_file = _required_if_present(folder, "ratification_events.json")
    composition_file = _required_if_present(folder, "committee_composition.json")
    data = _read_states(folder.shared(STATES_FILE))
    party_codes = _read_parties(parties_file, data)
    _read_statuses(records_file, data, treaty=treaty, party_codes=party_codes)
    if events_file:
        data.reservations = _read_reservations(events_file, data, treaty=treaty)
    if composition_file:
        data.memberships = _read_memberships(composition_file, party_codes)
    return data


def _required_if_present(folder: DataFolder, name: str) -> DataFile | None:
    return folder.required(name) if folder.has(name) else None


def _read_states(sf: DataFile) -> PartiesData:
    sf.keys(sf.data, "(top level)", {"source", "states"}, {"states"})
    states: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for item in sf.data["states"]:
        entry = str(item.get("iso2") or item.get("name_en"))
        sf.keys(item, entry, STATES_KEYS, STATES_KEYS - {"aliases"})
        for key in ("iso2", "iso3", "iso_numeric"):
            if any(s[key] == item[key] for s in states):
                raise sf.error(entry, f"duplicate {key} {item[key]!r}")
        for name in [item["name_en"], *item.get("aliases", [])]:
            if name in names:
                raise sf.error(entry, f"duplicate name {name!r} (also {names[name]})")
            names[name] = item["iso2"]
        states.append({k: item[k] for k in STATES_KEYS - {"aliases"}})
    return PartiesData(states=states, names=names)


def _read_parties(pf: DataFile, data: PartiesData) -> set[str]:
    pf.keys(pf.data, "(top level)", PARTIES_FILE_KEYS, {"parties"})
    party_codes: set[str] = set()
    for item in pf.data["parties"]:
        entry = str(item.get("state"))
        pf.keys(item, entry, {"state", "coe_member", "basis", "note"}, {"state"})
        pf.unique(party_codes, data.state_code(pf, item["state"], entry), entry, "listed twice")
    return party_codes


def _read_statuses(
    rf: DataFile, data: PartiesData, *, treaty: TreatyData, party_codes: set[str]
) -> None:
    """Each State's status (and the accessions deposited) from the signatures and
    ratifications, checked against the treaty's rule of entry into force."""
    rf.keys(rf.data, "(top level)", RECORDS_FILE_KEYS, {"records"})
    status_codes: set[str] = set()
    delay = int(treaty.treaty["entry_into_force_delay_months"])
    in_force = treaty.treaty["entry_into_force"]
    for record in rf.data["records"]:
        entry = str(record.get("state"))
        rf.keys(record, entry, RECORD_KEYS, {"state", "kind"})
        iso2 = data.state_code(rf, record["state"], entry)
        rf.unique(status_codes, iso2, entry, "duplicate record for this State")
        signature = rf.date(record.get("signature"), entry, "signature")
        deposit = rf.date(record.get("ratification_or_accession"), entry, "deposit")
        eif = rf.date(record.get("entry_into_force"), entry, "entry_into_force")
        if record["kind"] not in TreatyStatus.DepositKind.values:
            raise rf.error(
                entry,
                f"kind {record['kind']!r} is not one of "
                f"{', '.join(TreatyStatus.DepositKind.values)}",
            )
        if deposit and eif and deposit.precision == Precision.DAY:
            expected = entry_into_force(
                deposited=deposit.date, delay_months=delay, treaty_in_force_from=in_force
            )
            # an entry into force known to the month or year is checked on what it gives
            if PartialDate(expected).key()[: len(eif.key())] != eif.key():
                data.conflicts.append(
                    Conflict(
                        file=str(rf.relative),
                        state=record["state"],
                        deposit=deposit,
                        entry_into_force=eif,
                        expected=expected,
                    )
                )
        if record["kind"] == "accession" and deposit and deposit.precision == "day":
            data.accessions.append(
                {
                    "state": iso2,
                    "deposited_on": deposit.date,
                    "entry_into_force": entry_into_force(
                        deposited=deposit.date, delay_months=delay, treaty_in_force_from=in_force
                    ),
                }
            )
        data.statuses.append(
            _status(
                rf,
                record,
                entry,
                state=iso2,
                signature=signature,
                deposit=deposit,
                eif=eif,
                party=iso2 in party_codes,
            )
        )
    for iso2 in sorted(party_codes - status_codes):
        data.statuses.append(
            {
                "state": iso2,
                "status": TreatyStatus.Status.PARTY,
                "signature": None,
                "deposit": None,
                "entry_into_force": None,
                "deposit_kind": "",
                "source_url": "",
                "confidence": "",
                "notes": "",
                "levels": _read_levels(rf, {}, iso2, dates={}),
                "reservations_note": "",
            }
        )


def _status(
    rf: DataFile,
    record: dict[str, Any],
    entry: str,
    *,
    state: str,
    signature: PartialDate | None,
    deposit: PartialDate | None,
    eif: PartialDate | None,
    party: bool,
) -> dict[str, Any]:
    confidence = record.get("confidence", "")
    if isinstance(confidence, dict):
        confidence = "; ".join(f"{k}: {v}" for k, v in confidence.items())
    dates = {"signature": signature, "ratification_or_accession": deposit, "entry_into_force": eif}
    levels = _read_levels(rf, record, entry, dates=dates)
    notes = record.get("notes", "")
    if record.get("other_sources"):
        notes = (notes + "\nOther sources: " + " ".join(record["other_sources"])).strip()
    return {
        "state": state,
        "status": TreatyStatus.Status.PARTY
        if party
        else (TreatyStatus.Status.SIGNATORY if signature else TreatyStatus.Status.OTHER),
        "signature": signature,
        "deposit": deposit,
        "entry_into_force": eif,
        "deposit_kind": record["kind"] if deposit or party else "",
        "source_url": record.get("source_url") or "",
        "confidence": confidence,
        "notes": notes,
        "levels": levels,
        "reservations_note": rf.text(
            record.get("reservations_note"), entry, "reservations_note", required=False
        ),
    }


def _read_levels(
    f: DataFile, record: dict[str, Any], entry: str, *, dates: dict[str, PartialDate | None]
) -> dict[str, str]:
    """A record's confidence levels, and each date's source and note, as TreatyStatus fields;
    a value without a level is 'unknown'. A date must have a source: its own (``source`` or
    ``source_url``) or the record's ``source_url``; a date with neither stops the reader."""
    raw = record.get("levels") or {}
    f.keys(raw, f"{entry} levels", LEVEL_KEYS)
    values = {}
    for key, prefix in LEVEL_KEYS.items():
        where = f"{entry} levels.{key}"
        allowed = LEVEL_ITEM_KEYS if key in DATE_KEYS else {"level", "basis"}
        item = f.keys(raw.get(key, {}), where, allowed)
        level = item.get("level", Confidence.UNKNOWN)
        if level not in Confidence.values:
            raise f.error(where, f"level {level!r} is not one of {', '.join(Confidence.values)}")
        values[f"{prefix}_confidence"] = level
        values[f"{prefix}_basis"] = f.text(
            item.get("basis"), where, "basis", required=level != "unknown"
        )
        if key not in DATE_KEYS:
            continue
        url = f.text(item.get("source_url"), where, "source_url", required=False)
        citation = f.text(item.get("source"), where, "source", required=False)
        if url and not url.startswith(("http://", "https://")):
            raise f.error(where, f"source_url {url!r} must start with http:// or https://")
        if dates.get(key) is not None and not (citation or url):
            url = record.get("source_url") or ""
            if not url:
                raise f.error(
                    where,
                    f"{key} {dates[key]} has no source: give levels.{key}.source "
                    "(or source_url), or the record's source_url",
                )
        values[f"{prefix}_citation"] = citation
        values[f"{prefix}_citation_url"] = url
        values[f"{prefix}_note"] = f.text(item.get("note"), where, "note", required=False)
    return values


def _event_level(f: DataFile, event: dict[str, Any], entry: str) -> str:
    """The confidence level of the declarations an event records ('unknown' when not given)."""
    level = event.get("level", Confidence.UNKNOWN)
    if level not in Confidence.values:
        raise f.error(f"{entry} level", f"{level!r} is not one of {', '.join(Confidence.values)}")
    return level


def _read_reservations(ef: DataFile, data: PartiesData, *, treaty: TreatyData) -> list[dict]:
    """Reservations and declarations actually made."""
    ef.keys(ef.data, "(top level)", EVENTS_FILE_KEYS, {"events"})
    reservations = []
    clause_kinds = {c["provision"]: c["kind"] for c in treaty.clauses}
    for event in ef.data["events"]:
        entry = f"{event.get('state')} {event.get('event')}"
        ef.keys(event, entry, EVENT_KEYS, {"state", "event"})
        iso2 = data.state_code(ef, event["state"], entry)
        for declaration in event.get("declarations", []):
            dentry = f"{entry} declaration {declaration.get('provision')}"
            ef.keys(declaration, dentry, {"provision", "content"}, {"provision", "content"})
            clause_uid = citation_uid(treaty.code, declaration["provision"], ef, dentry)
            if clause_uid not in clause_kinds:
                raise ef.error(dentry, f"{clause_uid} allows no reservation or declaration")
            concerned = next(c["concerns"] for c in treaty.clauses if c["provision"] == clause_uid)
            reservations.append(
                {
                    "state": iso2,
                    "clause": clause_uid,
                    "kind": clause_kinds[clause_uid],
                    "text_en": ef.text(declaration["content"], dentry, "content"),
                    "source_url": event.get("source_url", ""),
                    "confidence": event.get("confidence", ""),
                    "level": _event_level(ef, event, entry),
                    "provisions": concerned,
                }
            )
    return reservations


def _read_memberships(mf: DataFile, party_codes: set[str]) -> list[dict[str, Any]]:
    """The Committee of the Parties: every Party, and the bodies the treaty names."""
    mf.keys(mf.data, "(top level)", COMPOSITION_KEYS, {"members", "participants"})
    memberships = [
        {
            "state": iso2,
            "body_en": "",
            "kind": CommitteeMembership.Kind.MEMBER,
            "basis": mf.data["members"].get("description", ""),
        }
        for iso2 in sorted(party_codes)
    ]
    named_bodies = [
        b
        for b in mf.data["participants"].get("by_convention", [])
        if not b.lower().startswith("other ")
    ]
    basis = "; ".join(
        f"{k}: {v}" for k, v in mf.data.get("legal_basis", {}).items() if k.startswith("Art. 40(1)")
    )
    memberships += [
        {
            "state": None,
            "body_en": body,
            "kind": CommitteeMembership.Kind.PARTICIPANT,
            "basis": basis,
        }
        for body in named_bodies
    ]
    return memberships


# --- writing ----------------------------------------------------------------------------------


def _dates(prefix: str, value: PartialDate | None) -> dict[str, Any]:
    return {
        prefix: value.date if value else None,
        f"{prefix}_precision": value.precision.value if value else "",
    }


def parties_data_write(
    data: PartiesData, *, written: TreatyWritten, upsert: Upsert
) -> dict[str, State]:
    """Upsert the States, their status, reservations, Committee seats and accessions; the
    States by ISO code."""
    treaty = written.treaty
    states = {}
    for s in data.states:
        states[s["iso2"]] = upsert(
            State, {"iso2": s["iso2"]}, {k: v for k, v in s.items() if k != "iso2"}
        )
    for s in data.statuses:
        upsert(
            TreatyStatus,
            {"treaty": treaty, "state": states[s["state"]]},
            {
                "status": s["status"],
                "deposit_kind": s["deposit_kind"],
                **_dates("signature", s["signature"]),
                **_dates("deposit", s["deposit"]),
                **_dates("entry_into_force", s["entry_into_force"]),
                "source_url": s["source_url"],
                "confidence": s["confidence"],
                "notes": s["notes"],
                **s["levels"],
                "reservations_note": s["reservations_note"],
            },
        )
    for r in data.reservations:
        made = upsert(
            Reservation,
            {"treaty": treaty, "state": states[r["state"]], "clause": written.clauses[r["clause"]]},
            {
                "kind": r["kind"],
                "text_en": r["text_en"],
                "source_url": r["source_url"],
                "confidence": r["confidence"],
                "reservation_confidence": r["level"],
            },
        )
        made.provisions.set([written.provisions[u] for u in r["provisions"]])
    _write_committee_and_accessions(data, treaty=treaty, states=states, upsert=upsert)
    return states


def _write_committee_and_accessions(
    data: PartiesData, *, treaty: Treaty, states: dict[str, State], upsert: Upsert
) -> None:
    for m in data.memberships:
        lookup = (
            {"treaty": treaty, "state": states[m["state"]]}
            if m["state"]
            else {"treaty": treaty, "body_en": m["body_en"]}
        )
        upsert(CommitteeMembership, lookup, {"kind": m["kind"], "basis": m["basis"]})
    for a in data.accessions:
        upsert(
            AccessionRequest,
            {"treaty": treaty, "state": states[a["state"]]},
            {
                "step": AccessionRequest.Step.DEPOSITED,
                "deposited_on": a["deposited_on"],
                "entry_into_force": a["entry_into_force"],
            },
        )
