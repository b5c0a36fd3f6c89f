"""Reference data: treaties, States and their status, the Committee's meetings, monitoring rounds,
recommendations and the co-operation record (activities, good practices, European Days), loaded
from the files in lanzarote/data. Each app reads and writes its own data (``treaties``,
``parties``, ``committee``, ``monitoring``, ``recommendations`` and ``cooperation``'
``refdata`` modules, with the one checked reader ``lib.datafile``); this module orders them,
writes in one transaction and reports.

Everything is read and checked first; only a fully valid data set is written, in one
transaction. An unknown key, a duplicate id, a broken reference or a malformed date stops the
load with a message naming the file and the entry.

The load is idempotent: a data set whose files have not changed since its last load is
skipped, so corrections made by the Secretariat survive restarts. A changed data set is
upserted; every field it changes on an existing record is written to the audit trail.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, changed_fields, snapshot
from lanzarote.committee.indexing import committee_index
from lanzarote.committee.refdata import (
    CommitteeData,
    committee_data_read,
    committee_data_write,
)
from lanzarote.cooperation.indexing import cooperation_index
from lanzarote.cooperation.refdata import (
    CooperationData,
    cooperation_data_read,
    cooperation_data_write,
    indicator_refs_of,
)
from lanzarote.lib.datafile import DataFileError, DataFolder
from lanzarote.monitoring.refdata import (
    MonitoringData,
    monitoring_data_read,
    monitoring_data_write,
)
from lanzarote.parties.refdata import PartiesData, parties_data_read, parties_data_write
from lanzarote.parties.world import world_states_load, world_states_read
from lanzarote.recommendations.refdata import (
    recommendations_data_read,
    recommendations_data_write,
)
from lanzarote.treaties.indexing import concordance_index, treaty_index
from lanzarote.treaties.refdata import (
    ConcordanceData,
    TreatyData,
    concordance_data_read,
    concordance_data_write,
    treaty_data_read,
    treaty_data_write,
)

from .models import DataSetLoad

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class LoadReport:
    dataset: str
    skipped: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # records whose dates disagree with the treaty's rule: loaded as the sources give them,
    # reported with every load (skipped or not) until the data is corrected
    conflicts: list[str] = field(default_factory=list)
    # adoptions the data dates to a day of a Committee meeting, linked to that meeting:
    # kind -> (linked, dated to the day)
    linked: dict[str, tuple[int, int]] = field(default_factory=dict)

    def count(self, kind: str, model: type[models.Model]) -> None:
        bucket = self.created if kind == "created" else self.updated
        name = str(model._meta.verbose_name_plural)
        bucket[name] = bucket.get(name, 0) + 1

    def summary(self) -> str:
        if self.skipped:
            text = f"{self.dataset}: unchanged since its last load, skipped"
        else:
            created = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "nothing"
            updated = ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())) or "nothing"
            text = f"{self.dataset}: created {created}; updated {updated}"
        lines = [text, *(f"  conflict: {c}" for c in self.conflicts)]
        if self.linked:
            lines.append(
                "  linked to the Committee meeting that adopted them: "
                + ", ".join(f"{n} of {dated} {kind}" for kind, (n, dated) in self.linked.items())
                + " dated to the day"
            )
        return "\n".join(lines)


@dataclass
class TreatyDataSet:
    """A treaty's data files, read and checked by each app, ready to write."""

    code: str
    checksum: str
    treaty: TreatyData
    parties: PartiesData
    committee: CommitteeData
    monitoring: MonitoringData
    recommendations: list[dict[str, Any]]
    cooperation: CooperationData
    folder: Path | str = ""  # its folder: relative to the root, or a path elsewhere


def read_treaty(root: Path, code: str, *, path: Path | None = None) -> TreatyDataSet:
    """Read and check a treaty's data set: the folder ``root/<code>``, or the folder ``path``
    elsewhere, with the States list of ``root``. Raises DataFileError; writes nothing."""
    folder = DataFolder(root, path or code)
    treaty = treaty_data_read(folder, code)
    parties = parties_data_read(folder, treaty=treaty)
    committee = committee_data_read(folder)
    monitoring = monitoring_data_read(folder, treaty=treaty, parties=parties)
    recommendations = recommendations_data_read(
        folder,
        provision_uids=treaty.provision_uids,
        round_uids=monitoring.round_uids,
        state_codes=parties.state_codes,
    )
    cooperation = cooperation_data_read(
        folder,
        provision_uids=treaty.provision_uids,
        state_codes=parties.state_codes,
        indicator_refs=indicator_refs_of(monitoring.schemes),
    )
    return TreatyDataSet(
        code=code,
        checksum=folder.checksum(),
        treaty=treaty,
        parties=parties,
        committee=committee,
        monitoring=monitoring,
        recommendations=recommendations,
        cooperation=cooperation,
        folder=path or code,
    )


# --- writing ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class _Writer:
    """Upserts records; on an existing record, sets only the fields whose value in the files
    changed since the previous load (or every field, with ``force``)."""

    def __init__(self, *, report: LoadReport, actor: str, previous: dict, force: bool):
        self.report, self.actor, self.previous, self.force = report, actor, previous, force
        self.loaded: dict[str, dict[str, Any]] = {}

    def upsert(self, model, lookup: dict, values: dict):
        key = (
            model._meta.label_lower
            + "|"
            + json.dumps({k: _plain(v) for k, v in lookup.items()}, sort_keys=True)
        )
        plain = {k: _plain(v) for k, v in values.items()}
        self.loaded[key] = plain
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.report.count("created", model)
            return obj
        last = self.previous.get(key, {})
        before = snapshot(obj)
        for name, value in values.items():
            if self.force or name not in last or last[name] != plain[name]:
                setattr(obj, name, value)
        after = snapshot(obj)
        changed = changed_fields(before, after)
        if changed:
            obj.save()
            self.report.count("updated", model)
            audit_record(
                actor=None,
                actor_label=self.actor,
                action=Action.REFDATA_UPDATE,
                obj=obj,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
        return obj


@transaction.atomic
def write_treaty(data: TreatyDataSet, *, actor: str = "lanzarote load", force: bool = False):
    """Write a checked data set in one transaction; skip it when nothing changed."""
    report = LoadReport(dataset=data.code, conflicts=[str(c) for c in data.parties.conflicts])
    previous = DataSetLoad.objects.filter(name=data.code).first()
    if previous and previous.checksum == data.checksum and not force:
        report.skipped = True
        return report
    writer = _Writer(
        report=report, actor=actor, force=force, previous=previous.values if previous else {}
    )
    upsert = writer.upsert
    written = treaty_data_write(data.treaty, upsert=upsert)
    treaty = written.treaty
    states = parties_data_write(data.parties, written=written, upsert=upsert)
    meetings = committee_data_write(data.committee, treaty=treaty, upsert=upsert)
    rounds = monitoring_data_write(
        data.monitoring,
        treaty=treaty,
        states=states,
        upsert=upsert,
        meetings=meetings,
        linked=report.linked,
    )
    recommendations_data_write(
        data.recommendations,
        rounds=rounds,
        states=states,
        upsert=upsert,
        meetings=meetings,
        linked=report.linked,
    )
    cooperation_data_write(data.cooperation, treaty=treaty, upsert=upsert)
    treaty_index(treaty=treaty)
    committee_index(treaty=treaty)
    cooperation_index(treaty=treaty)
    DataSetLoad.objects.update_or_create(
        name=data.code, defaults={"checksum": data.checksum, "values": writer.loaded}
    )
    audit_record(
        actor=None,
        actor_label=actor,
        action=Action.REFDATA_LOAD,
        obj=treaty,
        after={"checksum": data.checksum, "created": report.created, "updated": report.updated},
    )
    return report


@transaction.atomic
def write_concordance(
    data: ConcordanceData, *, report: LoadReport, actor: str = "lanzarote load", force: bool = False
) -> None:
    """Write a treaty's concordance once every treaty it names is written; skipped when its file
    has not changed since its last load. Counted in the treaty's report."""
    name = f"{data.code}/concordance"
    previous = DataSetLoad.objects.filter(name=name).first()
    if previous and previous.checksum == data.checksum and not force:
        return
    writer = _Writer(
        report=report, actor=actor, force=force, previous=previous.values if previous else {}
    )
    concordance_data_write(data, upsert=writer.upsert)
    DataSetLoad.objects.update_or_create(
        name=name, defaults={"checksum": data.checksum, "values": writer.loaded}
    )


def available_treaties(root: Path = DATA_DIR) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/treaty.json"))


def load_reference_data(
    *,
    root: Path = DATA_DIR,
    folders: Sequence[Path] = (),
    force: bool = False,
    actor: str = "lanzarote load",
) -> list[LoadReport]:
    """Check every data set, then write them; nothing is written if any is invalid. The data
    sets are the treaty folders of ``root``, then each of ``folders`` (a treaty folder kept
    elsewhere, named by its treaty's code)."""
    datasets = [read_treaty(root, code) for code in available_treaties(root)]
    if not datasets:
        raise DataFileError(root, "(folder)", "no treaty data set (a folder with treaty.json)")
    for path in folders:
        path = path.resolve()
        if path.name in {d.code for d in datasets}:
            raise DataFileError(path, "(folder)", f"a second data set of the treaty {path.name}")
        datasets.append(read_treaty(root, path.name, path=path))
    # a concordance names the provisions of other treaties: read once every treaty is
    provision_uids = set().union(*(d.treaty.provision_uids for d in datasets))
    codes = {d.code for d in datasets}
    concordances = [
        concordance_data_read(
            DataFolder(root, d.folder),
            code=d.code,
            provision_uids=provision_uids,
            treaty_codes=codes,
        )
        for d in datasets
    ]
    world_states_read()  # checked with the rest before anything is written
    with transaction.atomic(durable=True):  # a top-level write: never inside another
        reports = [write_treaty(d, actor=actor, force=force) for d in datasets]
        for concordance, report in zip(concordances, reports, strict=True):
            if concordance:
                write_concordance(concordance, report=report, actor=actor, force=force)
        concordance_index()  # every treaty's rows, whether or not a file changed
        world_states_load(actor=actor)  # after states.json: its names win
        return reports
