"""A treaty's monitoring: its rounds, their questionnaires with the questions known so far, and
the coding schemes (indicators) of the rounds (files ``monitoring.json``,
``monitoring_rounds.json``, ``questionnaires.json`` and the optional ``indicators.json`` of the
treaty's folder). Read and checked first, written by ``core.refdata``'s load.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from lanzarote.committee.models import Meeting
from lanzarote.committee.refdata import meeting_covering
from lanzarote.lib.datafile import DataFile, DataFolder, Upsert
from lanzarote.parties.models import State
from lanzarote.parties.refdata import PartiesData
from lanzarote.treaties.models import Provision, Treaty
from lanzarote.treaties.refdata import TreatyData

from .models import CodingScheme, Indicator, Question, Questionnaire, Round

ROUNDS_FILE_KEYS = {"title", "gathered", "general", "rounds"}
ROUND_KEYS = {
    "id",
    "name",
    "theme",
    "theme_history",
    "trigger",
    "launched",
    "decided",
    "visit",
    "parties_evaluated_count",
    "parties_evaluated",
    "parties_basis",
    "questionnaire_deadline",
    "deadline",
    "reports",
    "follow_up",
    "preparatory_texts",
    "children_participation",
    "approach",
    "factsheets_2023",
    "sources",
    "source_url",
    "naming_caveat",
    "other_decisions_38th_meeting",
}
QUESTIONNAIRES_FILE_KEYS = {"title", "gathered", "completeness", "questionnaires"}
QUESTIONNAIRE_KEYS = {
    "name",
    "purpose",
    "questions_seen",
    "sources",
    "deadline",
    "adopted",
    "sent",
    "source_url",
    "text_location",
    "status",
}
QUESTION_KEYS = {"number", "title", "text", "source_document", "source_url"}
MAP_ROUND_KEYS = {"id", "kind", "status", "launched", "status_basis"}
MAP_QUESTIONNAIRE_KEYS = {"source_index", "uid", "kind", "round", "deadline"}


@dataclass
class MonitoringData:
    """A treaty's rounds, questionnaires and coding schemes, read and checked."""

    rounds: list[dict[str, Any]]
    questionnaires: list[dict[str, Any]]
    schemes: list[dict[str, Any]]

    @property
    def round_uids(self) -> set[str]:
        return {r["uid"] for r in self.rounds}


# --- reading ----------------------------------------------------------------------------------


def monitoring_data_read(
    folder: DataFolder, *, treaty: TreatyData, parties: PartiesData
) -> MonitoringData:
    """Read and check the monitoring files. Raises DataFileError; writes nothing.

    A treaty whose Committee runs no round in this product (a treaty loaded for its text and
    status only, such as the Budapest Convention) has none of the three files: no rounds. One
    of them without the others is refused."""
    names = ("monitoring.json", "monitoring_rounds.json", "questionnaires.json")
    if not any(folder.has(name) for name in names):
        return MonitoringData(rounds=[], questionnaires=[], schemes=[])
    mf, rf, qf = (folder.required(name) for name in names)
    mf.keys(
        mf.data, "(top level)", {"note", "rounds", "questionnaires"}, {"rounds", "questionnaires"}
    )
    rf.keys(rf.data, "(top level)", ROUNDS_FILE_KEYS, {"rounds"})
    qf.keys(qf.data, "(top level)", QUESTIONNAIRES_FILE_KEYS, {"questionnaires"})
    rounds = _read_rounds(mf, rf, parties)
    questionnaires = _read_questionnaires(mf, qf, {r["uid"] for r in rounds})
    schemes = _read_indicators(
        folder.optional("indicators.json"),
        provision_uids=treaty.provision_uids,
        rounds=rounds,
        questionnaires=questionnaires,
    )
    return MonitoringData(rounds=rounds, questionnaires=questionnaires, schemes=schemes)


def _read_rounds(mf: DataFile, rf: DataFile, parties: PartiesData) -> list[dict[str, Any]]:
    """The rounds listed in monitoring.json, described by monitoring_rounds.json."""
    sources: dict[str, dict[str, Any]] = {}
    for item in rf.data["rounds"]:
        rf.keys(item, str(item.get("id")), ROUND_KEYS, {"id", "name"})
        if item["id"] in sources:
            raise rf.error(item["id"], "duplicate id")
        sources[item["id"]] = item
    rounds = []
    for entry in mf.data["rounds"]:
        uid = str(entry.get("id"))
        mf.keys(entry, f"rounds {uid}", MAP_ROUND_KEYS, MAP_ROUND_KEYS - {"status_basis"})
        if uid not in sources:
            raise mf.error(f"rounds {uid}", f"no round {uid} in {rf.relative}")
        if entry["kind"] not in Round.Kind.values or entry["status"] not in Round.Status.values:
            raise mf.error(f"rounds {uid}", "unknown kind or status")
        source = sources[uid]
        launched = mf.date(entry["launched"], f"rounds {uid}", "launched")
        reported = _report_adopted_on(rf, source, uid)
        parties_evaluated = []
        for name in source.get("parties_evaluated") or []:
            parties_evaluated.append(parties.state_code(rf, re.sub(r"\s*\(.*\)$", "", name), uid))
        rounds.append(
            {
                "uid": uid,
                "kind": entry["kind"],
                "status": entry["status"],
                "name_en": rf.text(source["name"], uid, "name"),
                "theme_en": source.get("theme", ""),
                "launched": launched.date if launched else None,
                "launched_precision": launched.precision.value if launched else "",
                "launched_note": source.get("launched") or source.get("decided") or "",
                "parties": parties_evaluated,
                "parties_count": source.get("parties_evaluated_count"),
                "notes": entry.get("status_basis", ""),
                "sources": source.get("sources")
                or ([source["source_url"]] if source.get("source_url") else []),
                "report_adopted_on": reported,
            }
        )
    return rounds


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _report_adopted_on(rf: DataFile, source: dict[str, Any], uid: str) -> dt.date | None:
    """The day the round's last report was adopted, where the sources give it to the day (what
    links the round to the meeting that adopted its report)."""
    days = []
    for report in source.get("reports") or []:
        adopted = report.get("adopted") if isinstance(report, dict) else None
        if isinstance(adopted, str) and ISO_DAY.match(adopted):
            day = rf.date(adopted, f"{uid} reports", "adopted")
            if day is not None:
                days.append(day.date)
    return max(days) if days else None


def _read_questionnaires(mf: DataFile, qf: DataFile, round_uids: set[str]) -> list[dict]:
    """The questionnaires listed in monitoring.json, with their questions from
    questionnaires.json."""
    questionnaires = []
    items = qf.data["questionnaires"]
    for entry in mf.data["questionnaires"]:
        uid = str(entry.get("uid"))
        mf.keys(entry, f"questionnaires {uid}", MAP_QUESTIONNAIRE_KEYS, MAP_QUESTIONNAIRE_KEYS)
        index = entry["source_index"]
        if not isinstance(index, int) or not 0 <= index < len(items):
            raise mf.error(f"questionnaires {uid}", f"no questionnaire number {index}")
        if entry["round"] is not None and entry["round"] not in round_uids:
            raise mf.error(f"questionnaires {uid}", f"unknown round {entry['round']}")
        if entry["kind"] not in Questionnaire.Kind.values:
            raise mf.error(f"questionnaires {uid}", f"unknown kind {entry['kind']}")
        item = items[index]
        qf.keys(item, f"questionnaire {index}", QUESTIONNAIRE_KEYS, {"name"})
        questions = _read_questions(qf, item, index)
        deadline = mf.date(entry["deadline"], f"questionnaires {uid}", "deadline")
        questionnaires.append(
            {
                "uid": uid,
                "kind": entry["kind"],
                "round": entry["round"],
                "title_en": qf.text(item["name"], f"questionnaire {index}", "name")[:300],
                "deadline": deadline.date if deadline else None,
                "questions_complete": False,
                "completeness_note": qf.data.get("completeness", ""),
                "sources": item.get("sources")
                or ([item["source_url"]] if item.get("source_url") else []),
                "questions": questions,
            }
        )
    return questionnaires


def _read_questions(qf: DataFile, item: dict[str, Any], index: int) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = []
    numbers: set[str] = set()
    for question in item.get("questions_seen", []):
        number = str(question.get("number"))
        qentry = f"questionnaire {index} question {number}"
        qf.keys(question, qentry, QUESTION_KEYS, {"number", "title"})
        qf.unique(numbers, number, qentry, "duplicate number")
        text = question.get("text") or ""
        questions.append(
            {
                "number": number,
                "title_en": question["title"],
                "text_en": "\n".join(text) if isinstance(text, list) else text,
            }
        )
    return questions


INDICATORS_FILE_KEYS = {"source_notes", "scales", "schemes"}
SCALE_VALUE_KEYS = {"value", "label_en", "label_fr"}
SCHEME_KEYS = {"round", "version", "title_en", "title_fr", "groups", "indicators", "source_notes"}
GROUP_KEYS = {"code", "label_en", "label_fr"}
INDICATOR_KEYS = {
    "code",
    "series",
    "group",
    "scale",
    "label_en",
    "label_fr",
    "description_en",
    "description_fr",
    "keywords_en",
    "keywords_fr",
    "provisions",
    "questions",
    "recommendations",
    "sources",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _read_indicators(
    data_file: DataFile | None,
    *,
    provision_uids: set[str],
    rounds: list[dict[str, Any]],
    questionnaires: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The coding schemes of the rounds (optional file indicators.json)."""
    if data_file is None:
        return []
    f = data_file
    f.keys(f.data, "(top level)", INDICATORS_FILE_KEYS, {"scales", "schemes"})
    scales = _read_scales(f)
    round_questions: dict[str, set[str]] = {r["uid"]: set() for r in rounds}
    for q in questionnaires:
        if q["round"]:
            round_questions[q["round"]].update(question["number"] for question in q["questions"])
    schemes: list[dict[str, Any]] = []
    rounds_seen: set[str] = set()
    for scheme in f.data["schemes"]:
        round_uid = str(scheme.get("round"))
        entry = f"schemes {round_uid}"
        f.keys(scheme, entry, SCHEME_KEYS, {"round", "version", "title_en", "indicators"})
        if round_uid not in round_questions:
            raise f.error(entry, f"unknown round {round_uid}")
        f.unique(rounds_seen, round_uid, entry, "a round has one scheme")
        if not isinstance(scheme["version"], int) or scheme["version"] < 1:
            raise f.error(entry, "version must be a whole number from 1")
        groups = scheme.get("groups", [])
        for group in groups:
            f.keys(group, f"{entry} groups", GROUP_KEYS, GROUP_KEYS)
        known = {
            "scales": scales,
            "groups": {g["code"] for g in groups},
            "provisions": provision_uids,
            "questions": round_questions[round_uid],
            "codes": set(),
            "series": set(),
        }
        indicators = [
            _read_indicator(f, indicator, entry, known=known, round_uid=round_uid)
            | {"position": position}
            for position, indicator in enumerate(scheme["indicators"], start=1)
        ]
        schemes.append(
            {
                "round": round_uid,
                "version": scheme["version"],
                "title_en": f.text(scheme["title_en"], entry, "title_en"),
                "title_fr": f.text(scheme.get("title_fr", ""), entry, "title_fr", required=False),
                "scales": scales,
                "groups": groups,
                "source_notes": str(scheme.get("source_notes") or f.data.get("source_notes") or ""),
                "indicators": indicators,
            }
        )
    return schemes


def _read_scales(f: DataFile) -> dict[str, Any]:
    scales = f.data["scales"]
    if not isinstance(scales, dict) or not scales:
        raise f.error("scales", "must name at least one scale")
    for name, values in scales.items():
        if not isinstance(values, list) or not values:
            raise f.error(f"scales {name}", "must be a list of values")
        seen = set()
        for value in values:
            f.keys(value, f"scales {name}", SCALE_VALUE_KEYS, SCALE_VALUE_KEYS)
            if value["value"] in seen or not SLUG.match(str(value["value"]).replace("_", "-")):
                raise f.error(f"scales {name}", f"bad or duplicate value {value['value']!r}")
            seen.add(value["value"])
    return scales


def _read_indicator(
    f: DataFile, indicator: Any, entry: str, *, known: dict[str, Any], round_uid: str
) -> dict[str, Any]:
    """One indicator of a scheme, checked against the scheme's scales, groups, questions and
    the codes and series of the indicators before it."""
    code = str(indicator.get("code"))
    where = f"{entry} indicator {code}"
    f.keys(indicator, where, INDICATOR_KEYS, {"code", "scale", "label_en"})
    if not SLUG.match(code) or code in known["codes"]:
        raise f.error(where, "the code must be a unique slug (lower case, digits, -)")
    known["codes"].add(code)
    # The series names the measure across rounds (see Indicator.series); one indicator
    # of a scheme per series, or its findings would be counted twice in a trend.
    series = indicator.get("series", "")
    slug = isinstance(series, str) and SLUG.match(series) and len(series) <= 60
    if series and not slug:
        raise f.error(where, "the series must be a slug (lower case, digits, -)")
    f.unique(
        known["series"],
        series or code,
        where,
        f"another indicator has the series {series or code!r}",
    )
    if indicator["scale"] not in known["scales"]:
        raise f.error(where, f"unknown scale {indicator['scale']!r}")
    if known["groups"] and indicator.get("group", "") not in known["groups"]:
        raise f.error(where, f"unknown group {indicator.get('group')!r}")
    for uid in indicator.get("provisions", []):
        if uid not in known["provisions"]:
            raise f.error(where, f"no provision {uid}")
    for number in indicator.get("questions", []):
        if str(number) not in known["questions"]:
            raise f.error(where, f"no question {number} in the questionnaires of {round_uid}")
    return {
        "code": code,
        "series": series,
        "group": indicator.get("group", ""),
        "scale": indicator["scale"],
        **{
            k: f.text(indicator.get(k, ""), where, k, required=k == "label_en")
            for k in ("label_en", "label_fr", "description_en", "description_fr")
        },
        **{
            k: [str(x) for x in indicator.get(k, [])]
            for k in ("keywords_en", "keywords_fr", "recommendations", "sources")
        },
        "provisions": list(indicator.get("provisions", [])),
        "questions": [str(n) for n in indicator.get("questions", [])],
    }


# --- writing ----------------------------------------------------------------------------------


def monitoring_data_write(
    data: MonitoringData,
    *,
    treaty: Treaty,
    states: dict[str, State],
    upsert: Upsert,
    meetings: dict[int, Meeting] | None = None,
    linked: dict[str, tuple[int, int]] | None = None,
) -> dict[str, Round]:
    """Upsert the rounds, questionnaires, questions and coding schemes; the rounds by id. A
    round launched, or whose report was adopted, on a day of one of the ``meetings`` names that
    meeting; ``linked`` counts, per kind, (linked, dated to the day)."""
    meetings = meetings or {}
    counts = {"rounds launched": [0, 0], "round reports adopted": [0, 0]}
    rounds = {}
    for r in data.rounds:
        values = {k: v for k, v in r.items() if k not in ("uid", "parties", "report_adopted_on")}
        launched_day = r["launched"] if r["launched_precision"] == "day" else None
        for name, field, day in (
            ("rounds launched", "launched_at", launched_day),
            ("round reports adopted", "report_adopted_at", r["report_adopted_on"]),
        ):
            values[field] = meeting_covering(meetings, day)
            counts[name][0] += values[field] is not None
            counts[name][1] += day is not None
        rounds[r["uid"]] = upsert(Round, {"uid": r["uid"]}, {"treaty": treaty, **values})
        rounds[r["uid"]].parties.set([states[code] for code in r["parties"]])
    for q in data.questionnaires:
        values = {k: v for k, v in q.items() if k not in ("uid", "round", "questions")}
        questionnaire = upsert(
            Questionnaire,
            {"uid": q["uid"]},
            {"treaty": treaty, "round": rounds.get(q["round"]), **values},
        )
        for position, question in enumerate(q["questions"], start=1):
            upsert(
                Question,
                {"questionnaire": questionnaire, "number": question["number"]},
                {
                    "position": position,
                    "title_en": question["title_en"][:300],
                    "text_en": question["text_en"],
                },
            )
    _write_schemes(data, rounds=rounds, upsert=upsert)
    if linked is not None:
        linked.update({name: (n, dated) for name, (n, dated) in counts.items()})
    return rounds


def _write_schemes(data: MonitoringData, *, rounds: dict[str, Round], upsert: Upsert) -> None:
    for s in data.schemes:
        round_ = rounds[s["round"]]
        values = {
            k: s[k] for k in ("version", "title_en", "title_fr", "scales", "groups", "source_notes")
        }
        scheme = upsert(CodingScheme, {"round": round_}, values)
        questions = Question.objects.filter(questionnaire__round=round_)
        for i in s["indicators"]:
            values = {k: v for k, v in i.items() if k not in ("code", "provisions", "questions")}
            indicator = upsert(Indicator, {"scheme": scheme, "code": i["code"]}, values)
            indicator.provisions.set(Provision.objects.filter(uid__in=i["provisions"]))
            indicator.questions.set(questions.filter(number__in=i["questions"]))
