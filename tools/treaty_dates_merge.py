"""Merge the treaty-dates evidence into a treaty's signatures and ratifications file.

The evidence file (``<treaty>/evidence/treaty_dates_evidence_*.json``, copied unchanged from
the shared data) quotes each Party's dates as its sources give them, in their languages. The
readings file beside it (``treaty_dates_readings.json``) says how each quote is read: a date with
its confidence level, source and basis; ``ambiguous`` (the date stays unknown, with a note); or
``other_step`` (a domestic act or an earlier step, kept as a note beside the date). This tool
checks the readings against the evidence and writes them into ``signatures_ratifications.json``
(``levels.<date>``: ``level``, ``basis``, ``source``, ``source_url``, ``note``). Run from the
repository root:

    .venv/bin/python -m tools.treaty_dates_merge               # write, and print the report
    .venv/bin/python -m tools.treaty_dates_merge --check       # exit 1 if the file would change

The checks, each naming the reading: every quote is in the evidence (the value it reads, or the
record's sources); every date is written in its quote (day, month in one of the languages of the
evidence, year); every value the evidence quotes has a reading; every ``source_url`` is a
known address (the key source's, or one the record already cites): none is made up.

How a reading meets the date already recorded:

- nothing recorded: the reading's date, level, source and basis are taken;
- the same date (or one that the reading makes more precise): the record keeps its own source
  unless the reading is more precise or more reliable, in which case the reading's source is
  taken and the earlier one is kept in the basis;
- another date: the recorded date is kept, the reading goes into the date's ``note`` and the
  report lists it as a disagreement (never resolved here);
- ``ambiguous`` and ``other_step``: the note is added; the date is left as it is.

A date recorded before this merge without a source of its own gets one (``package_sources`` of
the readings file, else the record's ``source_url``), so every date names its source. Each
record's ``rule_check`` and the file's ``summary`` are recomputed with the treaty's rule of entry
into force (``lanzarote.parties.rules``): the rule checks the dates, it never fills them in.
Running the merge a second time changes nothing (tests/test_treaty_dates.py checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanzarote.lib.dates import PartialDate, Precision
from lanzarote.parties.rules import entry_into_force

DATA = Path(__file__).resolve().parent.parent / "lanzarote" / "data"
READINGS = DATA / "cets201" / "evidence" / "treaty_dates_readings.json"

# the readings' field -> (the evidence's key, the records' key)
FIELDS = {
    "signature": ("signature_quoted", "signature"),
    "deposit": ("ratification_or_accession_quoted", "ratification_or_accession"),
    "entry_into_force": ("entry_into_force_quoted", "entry_into_force"),
}
READING_KINDS = ("date", "ambiguous", "other_step")
READING_KEYS = {"state", "field", "reading", "quote", "date", "level", "source", "source_url"}
READING_KEYS |= {"basis", "note"}
LEVELS = ("unknown", "uncertain", "probable", "confirmed")
FIELD_NOTES = {
    "levels": "per value (status, signature, ratification_or_accession, entry_into_force): "
    "'level' (confirmed | probable | uncertain | unknown) with its 'basis' quoted from the "
    "source note (docs/data.md); for a date also its 'source' (as cited) and/or 'source_url' — "
    "every date has one — and a 'note' (why a date a source mentions stays unknown, a domestic "
    "step that is not the deposit, another source that disagrees)",
    "rule_check": "Art. 45(4)/46(2): EIF = first day of the month following the expiry of "
    "three months after the deposit; for deposits before the 5th ratification, EIF = 2010-07-01 "
    "(Art. 45(3)). Computed by tools/treaty_dates_merge.py only to CHECK the sourced EIF "
    "(ok | conflict | not_checkable); never used to fill it. The loader checks again and "
    "reports every conflict.",
}

# Month names in the languages of the evidence (English, Polish, Italian, German, French,
# Norwegian, Portuguese, Russian), as they are written in dates.
_MONTH_NAMES = (
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "january february march april may june july august september october november december",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
    "grudnia",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
)
MONTHS = {name: i for names in _MONTH_NAMES for i, name in enumerate(names.split(), 1)}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NAMED = re.compile(rf"(?<!\d)(\d{{1,2}})(?:°|\.|er)?\s+({_MONTH})\b\.?(?:\s+(\d{{4}}))?", re.I)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b", re.I)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")


def dates_in(text: str) -> set[str]:
    """The dates written in a quote, as ISO text: to the day where day, month and year are
    written (a day and month without a year take the one year the quote names, if only one),
    to the month for "March 2010", to the year for a year alone."""
    found: set[str] = set()
    years = set(_YEAR.findall(text))
    for day, month, year in _NAMED.findall(text):
        year = year or (next(iter(years)) if len(years) == 1 else "")
        if year:
            found.add(f"{int(year):04d}-{MONTHS[month.lower()]:02d}-{int(day):02d}")
    for day, month, year in _NUMERIC.findall(text):
        found.add(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")
    for month, year in _MONTH_YEAR.findall(text):
        found.add(f"{int(year):04d}-{MONTHS[month.lower()]:02d}")
    found |= years
    return found


class ReadingError(ValueError):
    pass


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)
    refined: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources_given: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        for title, items in (
            ("dates added", self.added),
            ("dates made more precise or more reliable", self.refined),
            ("dates the evidence confirms (unchanged)", self.corroborated),
            ("disagreements (recorded date kept, the other in the note)", self.disagreements),
            ("notes added (ambiguous, or another step)", self.notes),
            ("sources given to dates recorded before", self.sources_given),
            ("conflicts with the entry-into-force rule", self.conflicts),
        ):
            out.append(f"{title}: {len(items)}")
            out += [f"  {item}" for item in items]
        out.append("known dates: " + ", ".join(f"{k} {v}" for k, v in self.counts.items()))
        return out


def _names(states_file: Path) -> dict[str, str]:
    names = {}
    for state in json.loads(states_file.read_text())["states"]:
        for name in [state["name_en"], *state.get("aliases", [])]:
            names[name] = state["iso2"]
    return names


def _iso2(names: dict[str, str], name: str, where: str) -> str:
    plain = re.sub(r"\s*\(.*\)$", "", name)  # "Tunisia (non-member, accession)"
    if plain not in names:
        raise ReadingError(f"{where}: unknown State {name!r}")
    return names[plain]


def _rank(level: str | None) -> int:
    return LEVELS.index(level or "unknown")


def _append(text: str, addition: str, sep: str = " ") -> str:
    if addition in (text or ""):
        return text
    return f"{text}{sep}{addition}".strip() if text else addition


def _known_urls(evidence: dict[str, Any], records: dict[str, dict]) -> set[str]:
    """The addresses a reading may give: the key source's, and those the records cite."""
    known = {evidence["key_source"]["url"]}
    for record in records.values():
        known |= {record.get("source_url") or "", *record.get("other_sources", [])}
    return known - {""}


def _check_readings(
    readings: dict[str, Any], evidence: dict[str, Any], records: dict[str, dict], names
) -> list[tuple[str, dict[str, Any]]]:
    """The readings, each with its State's ISO code, once checked against the evidence."""
    known_urls = _known_urls(evidence, records)
    for source in readings.get("sources", {}).values():
        if source.get("source_url") not in known_urls:
            raise ReadingError(f"sources: {source.get('source_url')!r} is not a known address")
    by_state = {_iso2(names, r["state"], "evidence"): r for r in evidence["records"]}
    checked = []
    covered: set[tuple[str, str]] = set()
    for number, reading in enumerate(readings["readings"], 1):
        where = f"reading {number} ({reading.get('state')}, {reading.get('field')})"
        unknown = set(reading) - READING_KEYS
        if unknown:
            raise ReadingError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if reading.get("field") not in FIELDS or reading.get("reading") not in READING_KINDS:
            raise ReadingError(f"{where}: field or reading not one of the allowed values")
        iso2 = _iso2(names, reading["state"], where)
        record = by_state.get(iso2)
        if record is None:
            raise ReadingError(f"{where}: the evidence has no record for this State")
        quoted = record[FIELDS[reading["field"]][0]] or ""
        if reading["quote"] not in quoted and reading["quote"] not in record["sources"]:
            raise ReadingError(f"{where}: {reading['quote']!r} is not in the evidence")
        url = reading.get("source_url")
        if url and url not in known_urls:
            raise ReadingError(f"{where}: source_url {url!r} is not a known address")
        if not reading.get("source"):
            raise ReadingError(f"{where}: no source")
        if reading["reading"] == "date":
            date = reading.get("date")
            PartialDate.parse(date or "")  # well formed
            if date not in dates_in(reading["quote"]):
                raise ReadingError(f"{where}: {date} is not written in {reading['quote']!r}")
            if reading.get("level") not in LEVELS[1:] or not reading.get("basis"):
                raise ReadingError(f"{where}: a date needs a level (not unknown) and a basis")
        elif reading.get("date") or not reading.get("note"):
            raise ReadingError(f"{where}: an {reading['reading']} reading has a note, no date")
        covered.add((iso2, reading["field"]))
        checked.append((iso2, reading))
    for iso2, record in by_state.items():
        for name, (key, _) in FIELDS.items():
            if record[key] and (iso2, name) not in covered:
                raise ReadingError(f"{record['state']}: the evidence quotes {name}, no reading")
    return checked


def _source_of(reading: dict[str, Any], sources: dict[str, Any]) -> tuple[str, str]:
    key = reading["source"]
    if key in sources:
        return sources[key]["source"], sources[key]["source_url"]
    return key, reading.get("source_url", "")


def _give_sources(record: dict[str, Any], backfill: dict, report: MergeReport) -> None:
    """Every date recorded before the merge names its source."""
    levels = record.setdefault("levels", {})
    for _, key in FIELDS.values():
        if not record.get(key):
            continue
        item = levels.setdefault(key, {})
        if item.get("source") or item.get("source_url"):
            continue
        given = backfill.get((record["state"], key)) or {"source_url": record.get("source_url")}
        if not (given.get("source") or given.get("source_url")):
            continue  # the loader refuses it, naming the record
        item.update({k: v for k, v in given.items() if v})
        report.sources_given.append(f"{record['state']} {key}: {given}")


def _expected(deposit: PartialDate, treaty: dict[str, Any]) -> dt.date:
    return entry_into_force(
        deposited=deposit.date,
        delay_months=int(treaty["entry_into_force_delay_months"]),
        treaty_in_force_from=dt.date.fromisoformat(treaty["entry_into_force"]),
    )


def _merge_date(
    record: dict[str, Any],
    key: str,
    reading: dict[str, Any],
    source: tuple[str, str],
    report: MergeReport,
    treaty: dict[str, Any],
) -> None:
    item = record.setdefault("levels", {}).setdefault(key, {})
    label = f"{record['state']} {key}"
    new = PartialDate.parse(reading["date"])
    citation, url = source
    taken = {"level": reading["level"], "basis": reading["basis"], "source": citation}
    if url:
        taken["source_url"] = url
    old_value = record.get(key)
    if not old_value:
        record[key] = reading["date"]
        item.update(taken)
        report.added.append(f"{label} {reading['date']} ({reading['level']}; {citation})")
        return
    old = PartialDate.parse(old_value)
    size = min(len(old.key()), len(new.key()))
    if old.key()[:size] != new.key()[:size]:
        note = (
            f"Another source gives {reading['date']}: {citation}, "
            f"{reading['basis']} ({reading['level']})."
        )
        recorded_eif = PartialDate.parse_optional(record.get("entry_into_force"))
        if key == "ratification_or_accession" and new.precision == Precision.DAY and recorded_eif:
            expected = _expected(new, treaty)
            if PartialDate(expected).key()[: len(recorded_eif.key())] != recorded_eif.key():
                note += (
                    f" By the treaty's rule a deposit on that day would enter into force on "
                    f"{expected.isoformat()}, not on the recorded {recorded_eif}."
                )
        if note not in item.get("note", ""):
            item["note"] = _append(item.get("note", ""), note)
            report.disagreements.append(
                f"{label}: recorded {old_value}, evidence {reading['date']}"
            )
        return
    same_source = citation == item.get("source") or (url and url == item.get("source_url"))
    better = len(new.key()) > len(old.key()) or _rank(reading["level"]) > _rank(item.get("level"))
    if same_source or not better:
        if not same_source:
            report.corroborated.append(f"{label} {old_value} (also {reading['source']})")
        return
    earlier = item.get("source") or item.get("source_url") or ""
    basis = reading["basis"]
    if item.get("basis") or earlier:
        basis += (
            f"; earlier record: {old_value}, {item.get('level', 'unknown')}"
            f"{', ' + item['basis'] if item.get('basis') else ''}"
            f"{' (' + earlier + ')' if earlier else ''}"
        )
    record[key] = reading["date"] if len(new.key()) >= len(old.key()) else old_value
    kept_note = item.get("note")
    item.clear()
    item.update({**taken, "basis": basis})
    if kept_note:
        item["note"] = kept_note
    report.refined.append(f"{label} {old_value} -> {record[key]} ({reading['level']}; {citation})")


def _rule_check(record: dict[str, Any], treaty: dict[str, Any]) -> dict[str, Any]:
    deposit = PartialDate.parse_optional(record.get("ratification_or_accession"))
    eif = PartialDate.parse_optional(record.get("entry_into_force"))
    if not deposit:
        return {"status": "not_checkable", "reason": "no deposit date"}
    if deposit.precision != Precision.DAY:
        return {"status": "not_checkable", "reason": "deposit not known to the day"}
    expected = _expected(deposit, treaty)
    check: dict[str, Any] = {"expected_entry_into_force_by_rule": expected.isoformat()}
    if not eif:
        return {
            "status": "not_checkable",
            **check,
            "reason": "entry into force not found in a source (expected value shown, NOT filled in)",
        }
    ok = PartialDate(expected).key()[: len(eif.key())] == eif.key()
    return {"status": "ok" if ok else "conflict", **check, "compared_at": eif.precision.value}


def merge(
    document: dict[str, Any],
    *,
    evidence: dict[str, Any],
    readings: dict[str, Any],
    names: dict[str, str],
    treaty: dict[str, Any],
) -> tuple[dict[str, Any], MergeReport]:
    """The records file with the evidence merged in (a new object), and what changed."""
    document = json.loads(json.dumps(document))
    report = MergeReport()
    records = {_iso2(names, r["state"], "records"): r for r in document["records"]}
    checked = _check_readings(readings, evidence, records, names)
    sources = readings.get("sources", {})
    backfill = {}
    for given in readings.get("package_sources", []):
        citation, url = _source_of(given, sources)
        if url and url not in _known_urls(evidence, records):
            raise ReadingError(f"package_sources {given['state']}: {url!r} is not known")
        backfill[(given["state"], FIELDS[given["field"]][1])] = {
            "source": citation,
            "source_url": url,
        }
    for record in document["records"]:
        _give_sources(record, backfill, report)
    for iso2, reading in checked:
        record = records.get(iso2)
        if record is None:
            raise ReadingError(f"{reading['state']}: no record in the records file")
        key = FIELDS[reading["field"]][1]
        if reading["reading"] == "date":
            _merge_date(record, key, reading, _source_of(reading, sources), report, treaty)
            continue
        item = record.setdefault("levels", {}).setdefault(key, {})
        if reading["note"] not in item.get("note", ""):
            item["note"] = _append(item.get("note", ""), reading["note"])
            report.notes.append(f"{record['state']} {key}: {reading['reading']}")
    document.setdefault("fields", {}).update(FIELD_NOTES)
    summary = document.setdefault("summary", {})
    checks = {"ok": 0, "conflict": 0, "not_checkable": 0}
    for record in document["records"]:
        record["rule_check"] = _rule_check(record, treaty)
        checks[record["rule_check"]["status"]] += 1
        if record["rule_check"]["status"] == "conflict":
            report.conflicts.append(record["state"])
    summary.update(
        {
            "states": len(document["records"]),
            "with_signature_date": sum(1 for r in document["records"] if r.get("signature")),
            "with_deposit_date": sum(
                1 for r in document["records"] if r.get("ratification_or_accession")
            ),
            "with_entry_into_force": sum(
                1 for r in document["records"] if r.get("entry_into_force")
            ),
            "rule_check": checks,
            "violations": report.conflicts,
        }
    )
    summary.pop("rule_check_VIOLATION", None)
    report.counts = {
        "signature": summary["with_signature_date"],
        "deposit": summary["with_deposit_date"],
        "entry_into_force": summary["with_entry_into_force"],
    }
    return document, report


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)  # as the file was written


def run(readings_path: Path = READINGS, *, write: bool) -> tuple[bool, MergeReport]:
    """Merge; write the target file if ``write``. Returns whether the file changes."""
    readings = json.loads(readings_path.read_text())
    folder = readings_path.parent
    target = (folder / readings["target"]).resolve()
    evidence = json.loads((folder / readings["evidence"]).read_text())
    treaty = json.loads((target.parent / "treaty.json").read_text())
    names = _names(target.parent.parent / "parties" / "states.json")
    before = target.read_text()
    merged, report = merge(
        json.loads(before), evidence=evidence, readings=readings, names=names, treaty=treaty
    )
    after = dumps(merged)
    if write and after != before:
        target.write_text(after)
    return after != before, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readings", type=Path, default=READINGS)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        changed, report = run(args.readings, write=not args.check)
    except ReadingError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    if args.check and changed:
        print("the records file is not what the merge writes: run without --check")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
