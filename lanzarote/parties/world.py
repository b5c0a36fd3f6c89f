"""Every State in the world (ISO 3166-1), so that an accession request can be recorded from any
of them, not only from those the treaty data names.

The list is reference data (`lanzarote/data/parties/iso3166-1.json`, its source in the file):
loading it adds the States that `parties/states.json` does not have, with their ISO codes and ISO
English and French names, never touching a State already there (the Council of Europe names in
states.json win). Idempotent: a second load adds nothing.
"""

import re
from pathlib import Path

from django.db import transaction

from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.lib.datafile import DataFile, DataFileError

from .models import State

WORLD_FILE = Path(__file__).resolve().parent.parent / "data" / "parties" / "iso3166-1.json"
KEYS = {"iso2", "iso3", "iso_numeric", "name_en", "name_fr"}
FORMATS = {
    "iso2": re.compile(r"^[A-Z]{2}$"),
    "iso3": re.compile(r"^[A-Z]{3}$"),
    "iso_numeric": re.compile(r"^[0-9]{3}$"),
}


def world_states_read(path: Path = WORLD_FILE) -> list[dict[str, str]]:
    """The file's States, checked: known keys only, codes well formed and unique, both names.
    A wrong file raises DataFileError naming the file (its full path) and the entry."""
    f = DataFile(path.parent, path)
    data = f.data
    keys = set(data) if isinstance(data, dict) else set()
    if keys != {"source", "version", "states"} or not data["source"].strip():
        raise f.error("(top level)", "expected source, version and states")
    seen: dict[str, set[str]] = {key: set() for key in FORMATS}
    states = []
    for n, item in enumerate(data["states"]):
        entry = f"states[{n}] {item.get('iso2', '?')}"
        if set(item) != KEYS:
            raise f.error(entry, f"expected the keys {', '.join(sorted(KEYS))}")
        for key, pattern in FORMATS.items():
            if not pattern.match(str(item[key])):
                raise f.error(entry, f"{key} {item[key]!r} is not an ISO code")
            f.unique(seen[key], item[key], entry, f"duplicate {key} {item[key]}")
        if not (item["name_en"].strip() and item["name_fr"].strip()):
            raise f.error(entry, "a name in English and in French")
        states.append(item)
    return states


@transaction.atomic
def world_states_load(*, actor: str, path: Path = WORLD_FILE) -> list[State]:
    """Add the States of the ISO list that the database does not have yet (audited one by one);
    a State already there keeps its names. A code of the file that another State already uses
    stops the load, naming the entry."""
    states = world_states_read(path)
    existing = list(State.objects.values_list("iso2", "iso3", "iso_numeric"))
    by_iso2 = {iso2: (iso3, numeric) for iso2, iso3, numeric in existing}
    taken = {"iso3": {e[1]: e[0] for e in existing}, "iso_numeric": {e[2]: e[0] for e in existing}}
    added = []
    for item in states:
        if item["iso2"] in by_iso2:
            continue
        for key in ("iso3", "iso_numeric"):
            other = taken[key].get(item[key])
            if other is not None:
                raise DataFileError(path, item["iso2"], f"{key} {item[key]} is {other}'s here")
        state = State.objects.create(**item, coe_member=False)
        audit_record(
            actor=None,
            actor_label=actor,
            action=Action.STATE_CREATE,
            obj=state,
            after=snapshot(state),
            reason="ISO 3166-1 list",
        )
        added.append(state)
    return added
