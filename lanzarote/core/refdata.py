"""Reference data: treaties, States and their status, loaded from the files in lanzarote/data.

Everything is read and checked first; only a fully valid data set is written, in one
transaction. An unknown key, a duplicate id, a broken reference or a malformed date stops the
load with a message naming the file and the entry.

The load is idempotent: a data set whose files have not changed since its last load is
skipped, so corrections made by the Secretariat survive restarts. A changed data set is
upserted; every field it changes on an existing record is written to the audit trail.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, changed_fields, snapshot
from lanzarote.lib.dates import DateFormatError, PartialDate, entry_into_force
from lanzarote.parties.models import (
    AccessionRequest,
    CommitteeMembership,
    Confidence,
    Reservation,
    State,
    TreatyStatus,
)
from lanzarote.parties.world import world_states_load, world_states_read
from lanzarote.search.services import search_index_treaty
from lanzarote.treaties.models import (
    Article,
    Chapter,
    InterpretiveText,
    Obligation,
    Pillar,
    Provision,
    ReservationClause,
    Treaty,
)

from .models import DataSetLoad

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STATES_FILE = Path("parties/states.json")


class RefDataError(ValueError):
    """A data file is wrong. The message names the file and the entry."""

    def __init__(self, file: Path | str, entry: str, problem: str):
        self.file, self.entry, self.problem = str(file), entry, problem
        super().__init__(f"{file}: {entry}: {problem}")


@dataclass
class LoadReport:
    dataset: str
    skipped: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, model: type[models.Model]) -> None:
        bucket = self.created if kind == "created" else self.updated
        name = str(model._meta.verbose_name_plural)
        bucket[name] = bucket.get(name, 0) + 1

    def summary(self) -> str:
        if self.skipped:
            return f"{self.dataset}: unchanged since its last load, skipped"
        created = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "nothing"
        updated = ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())) or "nothing"
        return f"{self.dataset}: created {created}; updated {updated}"


# --- reading and checking -------------------------------------------------------------------


class DataFile:
    """One JSON file of a data set, with the helpers that name it in every error."""

    def __init__(self, root: Path, relative: Path | str):
        self.relative = Path(relative)
        self.path = root / self.relative
        if not self.path.exists():
            raise RefDataError(self.relative, "(file)", "missing")
        self.raw = self.path.read_bytes()
        try:
            self.data = json.loads(self.raw.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = f"line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else "(file)"
            raise RefDataError(self.relative, where, f"not valid UTF-8 JSON: {exc}") from None

    def error(self, entry: str, problem: str) -> RefDataError:
        return RefDataError(self.relative, entry, problem)

    def keys(self, obj: Any, entry: str, allowed: Iterable[str], required: Iterable[str] = ()):
        if not isinstance(obj, dict):
            raise self.error(entry, f"expected an object, found {type(obj).__name__}")
        unknown = sorted(set(obj) - set(allowed))
        if unknown:
            raise self.error(entry, f"unknown key(s) {', '.join(map(repr, unknown))}")
        missing = sorted(k for k in required if k not in obj)
        if missing:
            raise self.error(entry, f"missing key(s) {', '.join(map(repr, missing))}")
        return obj

    def date(self, value: Any, entry: str, what: str) -> PartialDate | None:
        try:
            return PartialDate.parse_optional(value)
        except DateFormatError as exc:
            raise self.error(entry, f"{what}: {exc}") from None

    def text(self, value: Any, entry: str, what: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(entry, f"{what} must be a non-empty text")
        return value.strip()


TREATY_KEYS = {
    "code",
    "series_en",
    "series_fr",
    "title_en",
    "title_fr",
    "short_title_en",
    "short_title_fr",
    "opened_for_signature",
    "place_of_signature",
    "entry_into_force",
    "entry_into_force_delay_months",
    "note_en",
    "note_fr",
    "pillars",
}
TEXT_KEYS = {
    "treaty",
    "source",
    "fidelity_notes",
    "completeness",
    "preamble",
    "chapters",
    "articles",
    "testimonium",
}
PREAMBLE_KEYS = {
    "opening",
    "recitals",
    "closing",
    "source_url",
    "complete",
    "note",
    "variants_seen",
}
ARTICLE_KEYS = {"chapter", "chapter_title", "number", "title", "paragraphs", "source_note"}
PARAGRAPH_KEYS = {"num", "text", "items", "indents"}
ITEM_KEYS = {"letter", "text", "indents"}
CLAUSE_FILE_KEYS = {"title", "derived_from", "gathered", "provisions", "checks_against_seed_list"}
CLAUSE_KEYS = {
    "provision",
    "article",
    "paragraph",
    "kind",
    "optional",
    "concerns",
    "summary",
    "text",
}
OBLIGATION_KEYS = {"id", "provision", "kind", "text_en", "text_fr", "reservable_under"}
OPINION_FILE_KEYS = {"title", "gathered", "completeness", "items"}
OPINION_KEYS = {
    "type",
    "title",
    "adopted",
    "date_status",
    "summary_as_reported",
    "convention_articles",
    "sources",
}
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

# "Art. 20(1)(a)", "Art. 22", "Art. 18(1)(b) second and third indents" -> article, para, item
CITATION = re.compile(r"^Art\. (\d+)(?:\((\d+)\))?(?:\(([a-z])\))?(?: .*)?$")
ARTICLE_REF = re.compile(r"^(\d+)(?:\((\d+)\))?$")
INCOMPLETE = "[…]"


def _checksum(files: Iterable[DataFile]) -> str:
    digest = hashlib.sha256()
    for data_file in files:
        digest.update(str(data_file.relative).encode() + b"\0" + data_file.raw + b"\0")
    return digest.hexdigest()


@dataclass
class TreatyDataSet:
    """A treaty's data files, read and checked, ready to write."""

    code: str
    checksum: str
    treaty: dict[str, Any]
    chapters: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    provisions: list[dict[str, Any]]
    clauses: list[dict[str, Any]]
    obligations: list[dict[str, Any]]
    interpretive: list[dict[str, Any]]
    states: list[dict[str, Any]]
    statuses: list[dict[str, Any]]
    reservations: list[dict[str, Any]]
    memberships: list[dict[str, Any]]
    accessions: list[dict[str, Any]]
    rounds: list[dict[str, Any]]
    questionnaires: list[dict[str, Any]]
    schemes: list[dict[str, Any]]
    recommendations: list[dict[str, Any]] = field(default_factory=list)


def _provision_uid(code: str, article: int, paragraph: str | None, item: str | None) -> str:
    uid = f"{code}:{article}"
    if paragraph:
        uid += f".{paragraph}"
    if item:
        uid += f".{item}"
    return uid


def _read_text(code: str, en: DataFile, fr: DataFile) -> tuple[list, list, list]:
    """Chapters, articles and provisions from the English and French texts, side by side."""
    for f in (en, fr):
        f.keys(f.data, "(top level)", TEXT_KEYS, {"preamble", "chapters", "articles"})
        f.keys(f.data["preamble"], "preamble", PREAMBLE_KEYS, {"recitals"})

    chapters = []
    fr_chapters = {c.get("number"): c for c in fr.data["chapters"]}
    for position, chapter in enumerate(en.data["chapters"], start=1):
        entry = f"chapter {chapter.get('number')}"
        en.keys(chapter, entry, {"number", "title", "articles"}, {"number", "title", "articles"})
        fr_title = fr_chapters.get(chapter["number"], {}).get("title") or ""
        chapters.append(
            {
                "number": chapter["number"],
                "position": position,
                "title_en": chapter["title"].strip(),
                "title_fr": fr_title.strip(),
                "article_numbers": chapter["articles"],
            }
        )

    provisions: list[dict[str, Any]] = []
    position = 0
    recitals_fr = fr.data["preamble"].get("recitals") or []
    for index, recital in enumerate(en.data["preamble"]["recitals"], start=1):
        position += 1
        text_fr = recitals_fr[index - 1] if index <= len(recitals_fr) else None
        if text_fr and text_fr.rstrip().endswith(INCOMPLETE):
            text_fr = None  # a recital cut off in the source is not the French text
        provisions.append(
            {
                "uid": f"{code}:preamble.{index}",
                "article": None,
                "parent": None,
                "kind": Provision.Kind.RECITAL,
                "paragraph": str(index),
                "item": "",
                "position": position,
                "text_en": en.text(recital, f"preamble recital {index}", "text"),
                "text_fr": (text_fr or "").strip(),
                "indents_en": [],
                "indents_fr": [],
            }
        )

    articles = []
    fr_articles = {a.get("number"): a for a in fr.data["articles"]}
    seen_uids: set[str] = set()
    for article in en.data["articles"]:
        number = article.get("number")
        entry = f"article {number}"
        en.keys(article, entry, ARTICLE_KEYS, {"chapter", "number", "title", "paragraphs"})
        fr_article = fr_articles.get(number)
        if fr_article is None:
            raise fr.error(entry, "missing: every article of the English text needs its entry")
        fr.keys(fr_article, entry, ARTICLE_KEYS, {"chapter", "number", "title", "paragraphs"})
        if len(fr_article["paragraphs"]) != len(article["paragraphs"]):
            raise fr.error(entry, "has a different number of paragraphs from the English text")
        articles.append(
            {
                "number": number,
                "chapter": article["chapter"],
                "title_en": article["title"].strip(),
                "title_fr": (fr_article["title"] or "").strip(),
            }
        )
        for para_en, para_fr in zip(article["paragraphs"], fr_article["paragraphs"], strict=True):
            pentry = f"{entry} paragraph {para_en.get('num')}"
            en.keys(para_en, pentry, PARAGRAPH_KEYS, {"num", "text"})
            fr.keys(para_fr, pentry, PARAGRAPH_KEYS, {"num", "text"})
            if para_en["num"] != para_fr["num"]:
                raise fr.error(
                    pentry, f"numbered {para_fr['num']!r}, the English text {para_en['num']!r}"
                )
            uid = _provision_uid(code, number, para_en["num"], None)
            if uid in seen_uids:
                raise en.error(pentry, f"duplicate id {uid}")
            seen_uids.add(uid)
            position += 1
            provisions.append(
                {
                    "uid": uid,
                    "article": number,
                    "parent": None,
                    "kind": Provision.Kind.PARAGRAPH,
                    "paragraph": para_en["num"] or "",
                    "item": "",
                    "position": position,
                    "text_en": en.text(para_en["text"], pentry, "text"),
                    "text_fr": fr.text(para_fr["text"], pentry, "text", required=False),
                    "indents_en": para_en.get("indents", []),
                    "indents_fr": para_fr.get("indents", []),
                }
            )
            items_en, items_fr = para_en.get("items", []), para_fr.get("items", [])
            if len(items_en) != len(items_fr):
                raise fr.error(pentry, "has a different number of items from the English text")
            for item_en, item_fr in zip(items_en, items_fr, strict=True):
                ientry = f"{pentry} item {item_en.get('letter')}"
                en.keys(item_en, ientry, ITEM_KEYS, {"letter", "text"})
                fr.keys(item_fr, ientry, ITEM_KEYS, {"letter", "text"})
                item_uid = _provision_uid(code, number, para_en["num"], item_en["letter"])
                if item_uid in seen_uids:
                    raise en.error(ientry, f"duplicate id {item_uid}")
                seen_uids.add(item_uid)
                position += 1
                provisions.append(
                    {
                        "uid": item_uid,
                        "article": number,
                        "parent": uid,
                        "kind": Provision.Kind.ITEM,
                        "paragraph": para_en["num"] or "",
                        "item": item_en["letter"],
                        "position": position,
                        "text_en": en.text(item_en["text"], ientry, "text"),
                        "text_fr": fr.text(item_fr["text"], ientry, "text", required=False),
                        "indents_en": item_en.get("indents", []),
                        "indents_fr": item_fr.get("indents", []),
                    }
                )
    chapter_numbers = {c["number"] for c in chapters}
    for article in articles:
        if article["chapter"] not in chapter_numbers:
            raise en.error(f"article {article['number']}", f"unknown chapter {article['chapter']}")
    return chapters, articles, provisions


def _citation_uid(code: str, citation: str, data_file: DataFile, entry: str) -> str:
    match = CITATION.match(citation)
    if not match:
        raise data_file.error(entry, f"cannot read the citation {citation!r}")
    return _provision_uid(code, int(match.group(1)), match.group(2), match.group(3))


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


def _read_monitoring(files: dict[str, DataFile], *, state_code) -> dict[str, list]:
    """Rounds and questionnaires (with the questions known so far) from the monitoring files."""
    from lanzarote.monitoring.models import Questionnaire, Round

    mf, rf, qf = files["monitoring"], files["monitoring_rounds"], files["questionnaires"]
    mf.keys(
        mf.data, "(top level)", {"note", "rounds", "questionnaires"}, {"rounds", "questionnaires"}
    )
    rf.keys(rf.data, "(top level)", ROUNDS_FILE_KEYS, {"rounds"})
    qf.keys(qf.data, "(top level)", QUESTIONNAIRES_FILE_KEYS, {"questionnaires"})
    sources = {}
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
        parties = []
        for name in source.get("parties_evaluated") or []:
            parties.append(state_code(rf, re.sub(r"\s*\(.*\)$", "", name), uid))
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
                "parties": parties,
                "parties_count": source.get("parties_evaluated_count"),
                "notes": entry.get("status_basis", ""),
                "sources": source.get("sources")
                or ([source["source_url"]] if source.get("source_url") else []),
            }
        )
    round_uids = {r["uid"] for r in rounds}
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
        questions, numbers = [], set()
        for question in item.get("questions_seen", []):
            number = str(question.get("number"))
            qentry = f"questionnaire {index} question {number}"
            qf.keys(question, qentry, QUESTION_KEYS, {"number", "title"})
            if number in numbers:
                raise qf.error(qentry, "duplicate number")
            numbers.add(number)
            text = question.get("text") or ""
            questions.append(
                {
                    "number": number,
                    "title_en": question["title"],
                    "text_en": "\n".join(text) if isinstance(text, list) else text,
                }
            )
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
    return {"rounds": rounds, "questionnaires": questionnaires}


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
    data_file: DataFile | None, *, provision_uids: set[str], monitoring: dict[str, list]
) -> list[dict[str, Any]]:
    """The coding schemes of the rounds (optional file indicators.json)."""
    if data_file is None:
        return []
    f = data_file
    f.keys(f.data, "(top level)", INDICATORS_FILE_KEYS, {"scales", "schemes"})
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
    round_questions: dict[str, set[str]] = {r["uid"]: set() for r in monitoring["rounds"]}
    for q in monitoring["questionnaires"]:
        if q["round"]:
            round_questions[q["round"]].update(question["number"] for question in q["questions"])
    schemes, rounds_seen = [], set()
    for scheme in f.data["schemes"]:
        round_uid = str(scheme.get("round"))
        entry = f"schemes {round_uid}"
        f.keys(scheme, entry, SCHEME_KEYS, {"round", "version", "title_en", "indicators"})
        if round_uid not in round_questions:
            raise f.error(entry, f"unknown round {round_uid}")
        if round_uid in rounds_seen:
            raise f.error(entry, "a round has one scheme")
        rounds_seen.add(round_uid)
        if not isinstance(scheme["version"], int) or scheme["version"] < 1:
            raise f.error(entry, "version must be a whole number from 1")
        groups = scheme.get("groups", [])
        for group in groups:
            f.keys(group, f"{entry} groups", GROUP_KEYS, GROUP_KEYS)
        group_codes = {g["code"] for g in groups}
        indicators, codes, series_seen = [], set(), set()
        for position, indicator in enumerate(scheme["indicators"], start=1):
            code = str(indicator.get("code"))
            where = f"{entry} indicator {code}"
            f.keys(indicator, where, INDICATOR_KEYS, {"code", "scale", "label_en"})
            if not SLUG.match(code) or code in codes:
                raise f.error(where, "the code must be a unique slug (lower case, digits, -)")
            codes.add(code)
            # The series names the measure across rounds (see Indicator.series); one indicator
            # of a scheme per series, or its findings would be counted twice in a trend.
            series = indicator.get("series", "")
            slug = isinstance(series, str) and SLUG.match(series) and len(series) <= 60
            if series and not slug:
                raise f.error(where, "the series must be a slug (lower case, digits, -)")
            if (series or code) in series_seen:
                raise f.error(where, f"another indicator has the series {series or code!r}")
            series_seen.add(series or code)
            if indicator["scale"] not in scales:
                raise f.error(where, f"unknown scale {indicator['scale']!r}")
            if groups and indicator.get("group", "") not in group_codes:
                raise f.error(where, f"unknown group {indicator.get('group')!r}")
            for uid in indicator.get("provisions", []):
                if uid not in provision_uids:
                    raise f.error(where, f"no provision {uid}")
            for number in indicator.get("questions", []):
                if str(number) not in round_questions[round_uid]:
                    raise f.error(
                        where, f"no question {number} in the questionnaires of {round_uid}"
                    )
            indicators.append(
                {
                    "code": code,
                    "series": series,
                    "group": indicator.get("group", ""),
                    "position": position,
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
            )
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


def _read_recommendations(
    data_file: DataFile | None,
    *,
    provision_uids: set[str],
    round_uids: set[str],
    state_codes: set[str],
) -> list[dict[str, Any]]:
    """The Committee's recommendations recorded so far (optional file recommendations.json).
    Every one listed here is adopted: it was read in an adopted report."""
    from lanzarote.recommendations.models import Recommendation

    if data_file is None:
        return []
    f = data_file
    f.keys(f.data, "(top level)", RECOMMENDATIONS_FILE_KEYS, {"recommendations"})
    out, uids, numbers = [], set(), set()
    for item in f.data["recommendations"]:
        uid = str(item.get("uid"))
        entry = f"recommendations {uid}"
        f.keys(item, entry, RECOMMENDATION_KEYS, {"uid", "round", "grade", "text_en", "addressees"})
        if not SLUG.match(uid) or uid in uids:
            raise f.error(entry, "the uid must be a unique slug (lower case, digits, -)")
        uids.add(uid)
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
        addressees = item["addressees"]
        if addressees != "all":
            if not isinstance(addressees, list) or not addressees:
                raise f.error(entry, 'addressees must be "all" or a list of ISO codes')
            for code in addressees:
                if code not in state_codes:
                    raise f.error(entry, f"unknown State {code!r}")
        for provision in item.get("provisions", []):
            if provision not in provision_uids:
                raise f.error(entry, f"no provision {provision}")
        adopted = f.date(item.get("adopted_on"), entry, "adopted_on")
        out.append(
            {
                "uid": uid,
                "round": item["round"],
                "number": number,
                "grade": item["grade"],
                **{
                    k: f.text(item.get(k) or "", entry, k, required=k == "text_en")
                    for k in (
                        "report_en",
                        "report_fr",
                        "section",
                        "addressees_note",
                        "text_en",
                        "text_fr",
                    )
                },
                "adopted_on": adopted.date if adopted else None,
                "text_complete": bool(item.get("text_complete", True)),
                "addressed_to_all": addressees == "all",
                "addressees": [] if addressees == "all" else list(addressees),
                "provisions": list(item.get("provisions", [])),
                "sources": [str(s) for s in item.get("sources", [])],
            }
        )
    return out


def _read_levels(f: DataFile, record: dict[str, Any], entry: str) -> dict[str, str]:
    """A record's confidence levels as TreatyStatus fields; a value without one is 'unknown'."""
    raw = record.get("levels") or {}
    f.keys(raw, f"{entry} levels", LEVEL_KEYS)
    values = {}
    for key, prefix in LEVEL_KEYS.items():
        item = f.keys(raw.get(key, {}), f"{entry} levels.{key}", {"level", "basis"})
        level = item.get("level", Confidence.UNKNOWN)
        if level not in Confidence.values:
            raise f.error(
                f"{entry} levels.{key}",
                f"level {level!r} is not one of {', '.join(Confidence.values)}",
            )
        values[f"{prefix}_confidence"] = level
        values[f"{prefix}_basis"] = f.text(
            item.get("basis"), f"{entry} levels.{key}", "basis", required=level != "unknown"
        )
    return values


def _event_level(f: DataFile, event: dict[str, Any], entry: str) -> str:
    """The confidence level of the declarations an event records ('unknown' when not given)."""
    level = event.get("level", Confidence.UNKNOWN)
    if level not in Confidence.values:
        raise f.error(f"{entry} level", f"{level!r} is not one of {', '.join(Confidence.values)}")
    return level


def read_treaty(root: Path, code: str) -> TreatyDataSet:
    """Read and check a treaty's data set. Raises RefDataError; writes nothing."""
    folder = Path(code)
    meta_file = DataFile(root, folder / "treaty.json")
    files = {
        name: DataFile(root, folder / f"{name}.json")
        for name in (
            "text_en",
            "text_fr",
            "reservation_clauses",
            "obligations",
            "opinions_declarations",
            "signatures_ratifications",
            "parties_status",
            "ratification_events",
            "committee_composition",
            "monitoring",
            "monitoring_rounds",
            "questionnaires",
        )
    }
    states_file = DataFile(root, STATES_FILE)
    indicators_file = (
        DataFile(root, folder / "indicators.json")
        if (root / folder / "indicators.json").exists()
        else None
    )
    recommendations_file = (
        DataFile(root, folder / "recommendations.json")
        if (root / folder / "recommendations.json").exists()
        else None
    )
    all_files = [
        meta_file,
        *files.values(),
        states_file,
        *filter(None, [indicators_file, recommendations_file]),
    ]

    meta = meta_file.keys(
        meta_file.data,
        "(top level)",
        TREATY_KEYS,
        TREATY_KEYS - {"note_en", "note_fr", "series_fr"},
    )
    if meta["code"] != code:
        raise meta_file.error("code", f"is {meta['code']!r}, but the folder is {code!r}")
    treaty_values = {k: meta[k] for k in TREATY_KEYS - {"code", "pillars"} if k in meta}
    for key in ("opened_for_signature", "entry_into_force"):
        value = meta_file.date(meta[key], key, key)
        treaty_values[key] = value.date if value else None

    chapters, articles, provisions = _read_text(code, files["text_en"], files["text_fr"])
    pillars = meta["pillars"]
    for chapter in chapters:
        pillar = pillars.get(chapter["number"])
        if pillar not in Pillar.values:
            raise meta_file.error(
                f"pillars.{chapter['number']}",
                f"{pillar!r} is not one of {', '.join(Pillar.values)}",
            )
        chapter["pillar"] = pillar
    uids = {p["uid"] for p in provisions}

    def article_uids(article_ref: str, data_file: DataFile, entry: str) -> list[str]:
        match = ARTICLE_REF.match(article_ref)
        if not match:
            raise data_file.error(entry, f"cannot read the article reference {article_ref!r}")
        number, paragraph = int(match.group(1)), match.group(2)
        if paragraph:
            uid = _provision_uid(code, number, paragraph, None)
            if uid not in uids:
                raise data_file.error(entry, f"refers to {uid}, which is not in the text")
            return [uid]
        found = [p["uid"] for p in provisions if p["article"] == number and p["parent"] is None]
        if not found:
            raise data_file.error(entry, f"refers to article {number}, which is not in the text")
        return found

    # Clauses allowing reservations, declarations, communications.
    cf = files["reservation_clauses"]
    cf.keys(cf.data, "(top level)", CLAUSE_FILE_KEYS, {"provisions"})
    clauses, clause_uids = [], set()
    kinds = {
        "reservation": ReservationClause.Kind.RESERVATION,
        "declaration": ReservationClause.Kind.DECLARATION,
        "communication": ReservationClause.Kind.COMMUNICATION,
        "territorial": ReservationClause.Kind.DECLARATION,
        "withdrawal": ReservationClause.Kind.DECLARATION,
        "general": ReservationClause.Kind.RESERVATION,
    }
    for clause in cf.data["provisions"]:
        entry = str(clause.get("provision"))
        cf.keys(clause, entry, CLAUSE_KEYS, CLAUSE_KEYS)
        uid = _provision_uid(code, clause["article"], clause["paragraph"], None)
        if uid not in uids:
            raise cf.error(entry, f"refers to {uid}, which is not in the text")
        if uid in clause_uids:
            raise cf.error(entry, f"duplicate clause {uid}")
        clause_uids.add(uid)
        kind = kinds.get(clause["kind"].split(" ")[0])
        if kind is None:
            raise cf.error(entry, f"unknown kind {clause['kind']!r}")
        concerns = []
        for citation in clause["concerns"]:
            if not citation.startswith("Art."):
                continue  # "territorial application", "all provisions": not a provision
            target = _citation_uid(code, citation, cf, entry)
            if target not in uids:
                raise cf.error(entry, f"concerns {target}, which is not in the text")
            concerns.append(target)
        clauses.append(
            {
                "provision": uid,
                "kind": kind,
                "optional": bool(clause["optional"]),
                "summary_en": cf.text(clause["summary"], entry, "summary"),
                "concerns": concerns,
            }
        )

    # Obligations.
    of = files["obligations"]
    of.keys(of.data, "(top level)", {"source", "obligations"}, {"obligations"})
    obligations, obligation_ids = [], set()
    for position, obligation in enumerate(of.data["obligations"], start=1):
        entry = str(obligation.get("id"))
        of.keys(obligation, entry, OBLIGATION_KEYS, OBLIGATION_KEYS - {"reservable_under"})
        if obligation["id"] in obligation_ids:
            raise of.error(entry, "duplicate id")
        obligation_ids.add(obligation["id"])
        if obligation["provision"] not in uids:
            raise of.error(entry, f"refers to {obligation['provision']}, which is not in the text")
        if obligation["kind"] not in Obligation.Kind.values:
            raise of.error(
                entry,
                f"kind {obligation['kind']!r} is not one of {', '.join(Obligation.Kind.values)}",
            )
        reservable = obligation.get("reservable_under")
        if reservable and reservable not in clause_uids:
            raise of.error(entry, f"reservable under {reservable}, which allows no reservation")
        obligations.append(
            {
                "uid": obligation["id"],
                "provision": obligation["provision"],
                "kind": obligation["kind"],
                "position": position,
                "text_en": of.text(obligation["text_en"], entry, "text_en"),
                "text_fr": of.text(obligation["text_fr"], entry, "text_fr"),
                "reservable_under": reservable,
            }
        )

    # Opinions, declarations and statements of the Committee.
    odf = files["opinions_declarations"]
    odf.keys(odf.data, "(top level)", OPINION_FILE_KEYS, {"items"})
    interpretive = []
    for index, item in enumerate(odf.data["items"], start=1):
        entry = f"item {index} ({item.get('title', '')[:40]}…)"
        odf.keys(item, entry, OPINION_KEYS, {"type", "title"})
        linked = []
        for ref in item.get("convention_articles", []):
            linked += article_uids(ref, odf, entry)
        adopted = None
        raw_adopted = item.get("adopted")
        if raw_adopted and re.match(r"^\d{4}(-\d{2}){0,2}$", raw_adopted):
            adopted = odf.date(raw_adopted, entry, "adopted")
        date_note = item.get("date_status", "")
        if raw_adopted and adopted is None:
            date_note = f"{raw_adopted}. {date_note}".strip()
        interpretive.append(
            {
                "uid": f"{code}:committee.{index}",
                "kind": item["type"],
                "title_en": odf.text(item["title"], entry, "title"),
                "summary_en": item.get("summary_as_reported", ""),
                "adopted_on": adopted.date if adopted else None,
                "adopted_precision": adopted.precision.value if adopted else "",
                "date_note": date_note,
                "sources": item.get("sources", []),
                "provisions": linked,
            }
        )

    # States.
    sf = states_file
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

    def state_code(data_file: DataFile, name: Any, entry: str) -> str:
        if name not in names:
            raise data_file.error(entry, f"unknown State {name!r}: add it to {STATES_FILE}")
        return names[name]

    # Parties and their status.
    pf = files["parties_status"]
    pf.keys(pf.data, "(top level)", PARTIES_FILE_KEYS, {"parties"})
    party_codes = set()
    for item in pf.data["parties"]:
        entry = str(item.get("state"))
        pf.keys(item, entry, {"state", "coe_member", "basis", "note"}, {"state"})
        iso2 = state_code(pf, item["state"], entry)
        if iso2 in party_codes:
            raise pf.error(entry, "listed twice")
        party_codes.add(iso2)

    rf = files["signatures_ratifications"]
    rf.keys(rf.data, "(top level)", RECORDS_FILE_KEYS, {"records"})
    statuses, status_codes, accessions = [], set(), []
    delay = int(meta["entry_into_force_delay_months"])
    in_force = treaty_values["entry_into_force"]
    for record in rf.data["records"]:
        entry = str(record.get("state"))
        rf.keys(record, entry, RECORD_KEYS, {"state", "kind"})
        iso2 = state_code(rf, record["state"], entry)
        if iso2 in status_codes:
            raise rf.error(entry, "duplicate record for this State")
        status_codes.add(iso2)
        signature = rf.date(record.get("signature"), entry, "signature")
        deposit = rf.date(record.get("ratification_or_accession"), entry, "deposit")
        eif = rf.date(record.get("entry_into_force"), entry, "entry_into_force")
        if record["kind"] not in TreatyStatus.DepositKind.values:
            raise rf.error(
                entry,
                f"kind {record['kind']!r} is not one of "
                f"{', '.join(TreatyStatus.DepositKind.values)}",
            )
        if deposit and eif and deposit.precision == eif.precision == "day":
            expected = entry_into_force(
                deposited=deposit.date, delay_months=delay, treaty_in_force_from=in_force
            )
            if expected != eif.date:
                raise rf.error(
                    entry,
                    f"entry into force {eif} does not follow the treaty's "
                    f"rule: a deposit on {deposit} enters into force on {expected}",
                )
        if record["kind"] == "accession" and deposit and deposit.precision == "day":
            accessions.append(
                {
                    "state": iso2,
                    "deposited_on": deposit.date,
                    "entry_into_force": entry_into_force(
                        deposited=deposit.date, delay_months=delay, treaty_in_force_from=in_force
                    ),
                }
            )
        confidence = record.get("confidence", "")
        if isinstance(confidence, dict):
            confidence = "; ".join(f"{k}: {v}" for k, v in confidence.items())
        levels = _read_levels(rf, record, entry)
        notes = record.get("notes", "")
        if record.get("other_sources"):
            notes = (notes + "\nOther sources: " + " ".join(record["other_sources"])).strip()
        statuses.append(
            {
                "state": iso2,
                "status": TreatyStatus.Status.PARTY
                if iso2 in party_codes
                else (TreatyStatus.Status.SIGNATORY if signature else TreatyStatus.Status.OTHER),
                "signature": signature,
                "deposit": deposit,
                "entry_into_force": eif,
                "deposit_kind": record["kind"] if deposit or iso2 in party_codes else "",
                "source_url": record.get("source_url") or "",
                "confidence": confidence,
                "notes": notes,
                "levels": levels,
                "reservations_note": rf.text(
                    record.get("reservations_note"), entry, "reservations_note", required=False
                ),
            }
        )
    for iso2 in sorted(party_codes - status_codes):
        statuses.append(
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
                "levels": {},
                "reservations_note": "",
            }
        )

    # Reservations and declarations actually made.
    ef = files["ratification_events"]
    ef.keys(ef.data, "(top level)", EVENTS_FILE_KEYS, {"events"})
    reservations = []
    clause_kinds = {c["provision"]: c["kind"] for c in clauses}
    for event in ef.data["events"]:
        entry = f"{event.get('state')} {event.get('event')}"
        ef.keys(event, entry, EVENT_KEYS, {"state", "event"})
        iso2 = state_code(ef, event["state"], entry)
        for declaration in event.get("declarations", []):
            dentry = f"{entry} declaration {declaration.get('provision')}"
            ef.keys(declaration, dentry, {"provision", "content"}, {"provision", "content"})
            clause_uid = _citation_uid(code, declaration["provision"], ef, dentry)
            if clause_uid not in clause_kinds:
                raise ef.error(dentry, f"{clause_uid} allows no reservation or declaration")
            concerned = next(c["concerns"] for c in clauses if c["provision"] == clause_uid)
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

    # Committee of the Parties.
    mf = files["committee_composition"]
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

    monitoring = _read_monitoring(files, state_code=state_code)
    return TreatyDataSet(
        code=code,
        checksum=_checksum(all_files),
        treaty=treaty_values,
        chapters=chapters,
        articles=articles,
        provisions=provisions,
        clauses=clauses,
        obligations=obligations,
        interpretive=interpretive,
        states=states,
        statuses=statuses,
        reservations=reservations,
        memberships=memberships,
        accessions=accessions,
        **monitoring,
        schemes=_read_indicators(indicators_file, provision_uids=uids, monitoring=monitoring),
        recommendations=_read_recommendations(
            recommendations_file,
            provision_uids=uids,
            state_codes={s["iso2"] for s in states},
            round_uids={r["uid"] for r in monitoring["rounds"]},
        ),
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


def _dates(prefix: str, value: PartialDate | None) -> dict[str, Any]:
    return {
        prefix: value.date if value else None,
        f"{prefix}_precision": value.precision.value if value else "",
    }


@transaction.atomic
def write_treaty(data: TreatyDataSet, *, actor: str = "lanzarote load", force: bool = False):
    """Write a checked data set in one transaction; skip it when nothing changed."""
    report = LoadReport(dataset=data.code)
    previous = DataSetLoad.objects.filter(name=data.code).first()
    if previous and previous.checksum == data.checksum and not force:
        report.skipped = True
        return report
    writer = _Writer(
        report=report, actor=actor, force=force, previous=previous.values if previous else {}
    )
    _upsert = writer.upsert

    treaty = _upsert(Treaty, {"code": data.code}, data.treaty)
    chapters = {}
    for chapter in data.chapters:
        chapters[chapter["number"]] = _upsert(
            Chapter,
            {"treaty": treaty, "number": chapter["number"]},
            {k: chapter[k] for k in ("position", "title_en", "title_fr", "pillar")},
        )
    articles = {}
    for article in data.articles:
        articles[article["number"]] = _upsert(
            Article,
            {"treaty": treaty, "number": article["number"]},
            {
                "chapter": chapters[article["chapter"]],
                "title_en": article["title_en"],
                "title_fr": article["title_fr"],
            },
        )
    provisions: dict[str, Provision] = {}
    for p in data.provisions:
        provisions[p["uid"]] = _upsert(
            Provision,
            {"uid": p["uid"]},
            {
                "treaty": treaty,
                "article": articles.get(p["article"]),
                "parent": provisions.get(p["parent"]) if p["parent"] else None,
                **{
                    k: p[k]
                    for k in (
                        "kind",
                        "paragraph",
                        "item",
                        "position",
                        "text_en",
                        "text_fr",
                        "indents_en",
                        "indents_fr",
                    )
                },
            },
        )
    clauses = {}
    for c in data.clauses:
        clause = _upsert(
            ReservationClause,
            {"provision": provisions[c["provision"]], "kind": c["kind"]},
            {"optional": c["optional"], "summary_en": c["summary_en"]},
        )
        clause.concerns.set([provisions[u] for u in c["concerns"]])
        clauses[c["provision"]] = clause
    for o in data.obligations:
        _upsert(
            Obligation,
            {"uid": o["uid"]},
            {
                "provision": provisions[o["provision"]],
                "kind": o["kind"],
                "text_en": o["text_en"],
                "text_fr": o["text_fr"],
                "position": o["position"],
                "reservable_under": clauses.get(o["reservable_under"]),
            },
        )
    for item in data.interpretive:
        text = _upsert(
            InterpretiveText,
            {"uid": item["uid"]},
            {
                "treaty": treaty,
                **{
                    k: item[k]
                    for k in (
                        "kind",
                        "title_en",
                        "summary_en",
                        "adopted_on",
                        "adopted_precision",
                        "date_note",
                        "sources",
                    )
                },
            },
        )
        text.provisions.set([provisions[u] for u in item["provisions"]])

    states = {}
    for s in data.states:
        states[s["iso2"]] = _upsert(
            State, {"iso2": s["iso2"]}, {k: v for k, v in s.items() if k != "iso2"}
        )
    for s in data.statuses:
        _upsert(
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
        made = _upsert(
            Reservation,
            {
                "treaty": treaty,
                "state": states[r["state"]],
                "clause": clauses[r["clause"]],
            },
            {
                "kind": r["kind"],
                "text_en": r["text_en"],
                "source_url": r["source_url"],
                "confidence": r["confidence"],
                "reservation_confidence": r["level"],
            },
        )
        made.provisions.set([provisions[u] for u in r["provisions"]])
    for m in data.memberships:
        lookup = (
            {"treaty": treaty, "state": states[m["state"]]}
            if m["state"]
            else {"treaty": treaty, "body_en": m["body_en"]}
        )
        _upsert(CommitteeMembership, lookup, {"kind": m["kind"], "basis": m["basis"]})

    for a in data.accessions:
        _upsert(
            AccessionRequest,
            {"treaty": treaty, "state": states[a["state"]]},
            {
                "step": AccessionRequest.Step.DEPOSITED,
                "deposited_on": a["deposited_on"],
                "entry_into_force": a["entry_into_force"],
            },
        )
    _write_monitoring(data, treaty=treaty, states=states, upsert=_upsert)
    search_index_treaty(treaty=treaty)
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


def _write_monitoring(data: TreatyDataSet, *, treaty, states, upsert) -> None:
    from lanzarote.monitoring.models import Question, Questionnaire, Round

    rounds = {}
    for r in data.rounds:
        values = {k: v for k, v in r.items() if k not in ("uid", "parties")}
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
    _write_recommendations(data, rounds=rounds, states=states, upsert=upsert)


def _write_schemes(data: TreatyDataSet, *, rounds, upsert) -> None:
    from lanzarote.monitoring.models import CodingScheme, Indicator, Question
    from lanzarote.treaties.models import Provision

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


def _write_recommendations(data: TreatyDataSet, *, rounds, states, upsert) -> None:
    from lanzarote.recommendations.models import Recommendation
    from lanzarote.treaties.models import Provision

    for position, r in enumerate(data.recommendations, start=1):
        values = {
            k: v for k, v in r.items() if k not in ("uid", "round", "addressees", "provisions")
        }
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


def available_treaties(root: Path = DATA_DIR) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/treaty.json"))


def load_reference_data(
    *, root: Path = DATA_DIR, force: bool = False, actor: str = "lanzarote load"
) -> list[LoadReport]:
    """Check every data set, then write them; nothing is written if any is invalid."""
    datasets = [read_treaty(root, code) for code in available_treaties(root)]
    if not datasets:
        raise RefDataError(root, "(folder)", "no treaty data set (a folder with treaty.json)")
    world_states_read()  # checked with the rest before anything is written
    with transaction.atomic():
        reports = [write_treaty(d, actor=actor, force=force) for d in datasets]
        world_states_load(actor=actor)  # after states.json: its names win
        return reports
