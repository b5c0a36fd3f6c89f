"""The treaty's reference data: its text in English and French, the clauses allowing
reservations, its obligations and the Committee's interpretive texts (files of
``lanzarote/data/<treaty code>/``). Read and checked first, written by ``core.refdata``'s load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lanzarote.lib.datafile import DataFile, DataFolder, Upsert

from .models import (
    Article,
    Chapter,
    Concordance,
    InterpretiveText,
    Obligation,
    Pillar,
    Provision,
    ReservationClause,
    Treaty,
)

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
CLAUSE_KINDS = {
    "reservation": ReservationClause.Kind.RESERVATION,
    "declaration": ReservationClause.Kind.DECLARATION,
    "communication": ReservationClause.Kind.COMMUNICATION,
    "territorial": ReservationClause.Kind.DECLARATION,
    "withdrawal": ReservationClause.Kind.DECLARATION,
    "general": ReservationClause.Kind.RESERVATION,
}

# "Art. 20(1)(a)", "Art. 22", "Art. 18(1)(b) second and third indents" -> article, para, item
CITATION = re.compile(r"^Art\. (\d+)(?:\((\d+)\))?(?:\(([a-z])\))?(?: .*)?$")
ARTICLE_REF = re.compile(r"^(\d+)(?:\((\d+)\))?$")
INCOMPLETE = "[…]"


@dataclass
class TreatyData:
    """A treaty's own files, read and checked, ready to write."""

    code: str
    treaty: dict[str, Any]
    chapters: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    provisions: list[dict[str, Any]]
    clauses: list[dict[str, Any]]
    obligations: list[dict[str, Any]]
    interpretive: list[dict[str, Any]]

    @property
    def provision_uids(self) -> set[str]:
        return {p["uid"] for p in self.provisions}


@dataclass
class TreatyWritten:
    """What the other loaders link to: the treaty, its provisions and clauses by stable id."""

    treaty: Treaty
    provisions: dict[str, Provision]
    clauses: dict[str, ReservationClause]


def provision_uid(code: str, article: int, paragraph: str | None, item: str | None) -> str:
    uid = f"{code}:{article}"
    if paragraph:
        uid += f".{paragraph}"
    if item:
        uid += f".{item}"
    return uid


def citation_uid(code: str, citation: str, data_file: DataFile, entry: str) -> str:
    """The stable id of a citation such as "Art. 20(1)(a)"."""
    match = CITATION.match(citation)
    if not match:
        raise data_file.error(entry, f"cannot read the citation {citation!r}")
    return provision_uid(code, int(match.group(1)), match.group(2), match.group(3))


# --- reading ----------------------------------------------------------------------------------


def treaty_data_read(folder: DataFolder, code: str) -> TreatyData:
    """Read and check the treaty's own files. Raises DataFileError; writes nothing."""
    meta_file = folder.required("treaty.json")
    en, fr = folder.required("text_en.json"), folder.required("text_fr.json")
    clauses_file = folder.required("reservation_clauses.json")
    obligations_file = folder.required("obligations.json")
    # a treaty without a Committee's interpretive texts in this product has no such file
    opinions_file = (
        folder.required("opinions_declarations.json")
        if folder.has("opinions_declarations.json")
        else None
    )

    meta, treaty_values = _read_meta(meta_file, code)
    chapters, articles, provisions = _read_text(code, en, fr)
    joining_file = folder.required(JOINING_FILE) if folder.has(JOINING_FILE) else None
    treaty_values["joining"] = (
        _read_joining(joining_file, {p["uid"] for p in provisions}) if joining_file else {}
    )
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
    clauses = _read_clauses(code, clauses_file, uids)
    return TreatyData(
        code=code,
        treaty=treaty_values,
        chapters=chapters,
        articles=articles,
        provisions=provisions,
        clauses=clauses,
        obligations=_read_obligations(obligations_file, uids, {c["provision"] for c in clauses}),
        interpretive=_read_interpretive(code, opinions_file, provisions) if opinions_file else [],
    )


JOINING_FILE = "joining.json"
JOINING_KEYS = {"title", "gathered", "benefits", "steps", "then"}
BENEFIT_KEYS = {"text_en", "text_fr", "source_en", "source_fr", "speaker"}
STEP_KEYS = {"title_en", "title_fr", "text_en", "text_fr", "provision", "source_url"}


def _url(f: DataFile, value: Any, entry: str, what: str, *, required: bool = True) -> str:
    url = f.text(value, entry, what, required=required)
    if url and not url.startswith(("http://", "https://")):
        raise f.error(entry, f"{what} {url!r} must start with http:// or https://")
    return url


def _read_joining(f: DataFile, uids: set[str]) -> dict[str, Any]:
    """Why and how a State joins the treaty (optional ``joining.json``): quotes of official
    sources on its benefits, each with its source, and the steps of accession, each naming the
    provision or the source it follows. French is given only where an official French text
    exists; the page says when it shows English."""
    f.keys(f.data, "(top level)", JOINING_KEYS, {"benefits", "steps"})
    benefits = []
    for index, item in enumerate(f.data["benefits"], start=1):
        entry = f"benefits {index}"
        f.keys(item, entry, BENEFIT_KEYS, {"text_en", "source_en"})
        text_fr = f.text(item.get("text_fr"), entry, "text_fr", required=False)
        benefits.append(
            {
                "text_en": f.text(item["text_en"], entry, "text_en"),
                "text_fr": text_fr,
                "source_en": _url(f, item["source_en"], entry, "source_en"),
                "source_fr": _url(f, item.get("source_fr"), entry, "source_fr", required=False),
                "speaker": f.text(item.get("speaker"), entry, "speaker", required=False),
            }
        )
        if text_fr and not benefits[-1]["source_fr"]:
            raise f.error(entry, "a French quote needs its source_fr")
    steps = []
    for key in ("steps", "then"):
        items = f.data.get(key) or []
        for index, item in enumerate(items, start=1):
            entry = f"{key} {index}"
            f.keys(item, entry, STEP_KEYS, STEP_KEYS - {"provision", "source_url"})
            provision = item.get("provision")
            if provision and provision not in uids:
                raise f.error(entry, f"names the provision {provision}, which does not exist")
            if not provision and not item.get("source_url"):
                raise f.error(entry, "names neither a provision nor a source_url")
            steps.append(
                {
                    "then": key == "then",
                    **{
                        k: f.text(item[k], entry, k)
                        for k in STEP_KEYS - {"provision", "source_url"}
                    },
                    "provision": provision or "",
                    "source_url": _url(
                        f, item.get("source_url"), entry, "source_url", required=False
                    ),
                }
            )
    return {"benefits": benefits, "steps": steps}


def _read_meta(meta_file: DataFile, code: str) -> tuple[dict[str, Any], dict[str, Any]]:
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
    return meta, treaty_values


def _read_text(code: str, en: DataFile, fr: DataFile) -> tuple[list, list, list]:
    """Chapters, articles and provisions from the English and French texts, side by side."""
    for f in (en, fr):
        f.keys(f.data, "(top level)", TEXT_KEYS, {"preamble", "chapters", "articles"})
        f.keys(f.data["preamble"], "preamble", PREAMBLE_KEYS, {"recitals"})
    chapters = _read_chapters(en, fr)
    provisions = _read_preamble(code, en, fr)
    articles = []
    fr_articles = {a.get("number"): a for a in fr.data["articles"]}
    seen_uids: set[str] = set()
    for article in en.data["articles"]:
        articles.append(
            _read_article(code, article, fr_articles, en, fr, provisions=provisions, seen=seen_uids)
        )
    chapter_numbers = {c["number"] for c in chapters}
    for article in articles:
        if article["chapter"] not in chapter_numbers:
            raise en.error(f"article {article['number']}", f"unknown chapter {article['chapter']}")
    return chapters, articles, provisions


def _read_chapters(en: DataFile, fr: DataFile) -> list[dict[str, Any]]:
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
    return chapters


def _read_preamble(code: str, en: DataFile, fr: DataFile) -> list[dict[str, Any]]:
    provisions: list[dict[str, Any]] = []
    recitals_fr = fr.data["preamble"].get("recitals") or []
    for index, recital in enumerate(en.data["preamble"]["recitals"], start=1):
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
                "position": len(provisions) + 1,
                "text_en": en.text(recital, f"preamble recital {index}", "text"),
                "text_fr": (text_fr or "").strip(),
                "indents_en": [],
                "indents_fr": [],
            }
        )
    return provisions


def _read_article(
    code: str,
    article: dict[str, Any],
    fr_articles: dict[Any, Any],
    en: DataFile,
    fr: DataFile,
    *,
    provisions: list[dict[str, Any]],
    seen: set[str],
) -> dict[str, Any]:
    """An article of both texts; its paragraphs and items are added to ``provisions``."""
    number = article.get("number")
    entry = f"article {number}"
    en.keys(article, entry, ARTICLE_KEYS, {"chapter", "number", "title", "paragraphs"})
    number = article["number"]
    fr_article = fr_articles.get(number)
    if fr_article is None:
        raise fr.error(entry, "missing: every article of the English text needs its entry")
    fr.keys(fr_article, entry, ARTICLE_KEYS, {"chapter", "number", "title", "paragraphs"})
    if len(fr_article["paragraphs"]) != len(article["paragraphs"]):
        raise fr.error(entry, "has a different number of paragraphs from the English text")
    for para_en, para_fr in zip(article["paragraphs"], fr_article["paragraphs"], strict=True):
        pentry = f"{entry} paragraph {para_en.get('num')}"
        en.keys(para_en, pentry, PARAGRAPH_KEYS, {"num", "text"})
        fr.keys(para_fr, pentry, PARAGRAPH_KEYS, {"num", "text"})
        if para_en["num"] != para_fr["num"]:
            raise fr.error(
                pentry, f"numbered {para_fr['num']!r}, the English text {para_en['num']!r}"
            )
        uid = provision_uid(code, number, para_en["num"], None)
        en.unique(seen, uid, pentry, f"duplicate id {uid}")
        paragraph = para_en["num"] or ""
        provisions.append(
            _provision(
                (en, para_en),
                (fr, para_fr),
                pentry,
                uid=uid,
                article=number,
                parent=None,
                kind=Provision.Kind.PARAGRAPH,
                paragraph=paragraph,
                item="",
                position=len(provisions) + 1,
            )
        )
        items_en, items_fr = para_en.get("items", []), para_fr.get("items", [])
        if len(items_en) != len(items_fr):
            raise fr.error(pentry, "has a different number of items from the English text")
        for item_en, item_fr in zip(items_en, items_fr, strict=True):
            ientry = f"{pentry} item {item_en.get('letter')}"
            en.keys(item_en, ientry, ITEM_KEYS, {"letter", "text"})
            fr.keys(item_fr, ientry, ITEM_KEYS, {"letter", "text"})
            item_uid = provision_uid(code, number, para_en["num"], item_en["letter"])
            en.unique(seen, item_uid, ientry, f"duplicate id {item_uid}")
            provisions.append(
                _provision(
                    (en, item_en),
                    (fr, item_fr),
                    ientry,
                    uid=item_uid,
                    article=number,
                    parent=uid,
                    kind=Provision.Kind.ITEM,
                    paragraph=paragraph,
                    item=item_en["letter"],
                    position=len(provisions) + 1,
                )
            )
    return {
        "number": number,
        "chapter": article["chapter"],
        "title_en": article["title"].strip(),
        "title_fr": (fr_article["title"] or "").strip(),
    }


def _provision(
    en: tuple[DataFile, dict[str, Any]],
    fr: tuple[DataFile, dict[str, Any]],
    entry: str,
    **values: Any,
) -> dict[str, Any]:
    """A paragraph or an item of both texts (its text is required in English only)."""
    (en_file, part_en), (fr_file, part_fr) = en, fr
    return {
        **values,
        "text_en": en_file.text(part_en["text"], entry, "text"),
        "text_fr": fr_file.text(part_fr["text"], entry, "text", required=False),
        "indents_en": part_en.get("indents", []),
        "indents_fr": part_fr.get("indents", []),
    }


def _read_clauses(code: str, cf: DataFile, uids: set[str]) -> list[dict[str, Any]]:
    """Clauses allowing reservations, declarations, communications."""
    cf.keys(cf.data, "(top level)", CLAUSE_FILE_KEYS, {"provisions"})
    clauses: list[dict[str, Any]] = []
    clause_uids: set[str] = set()
    for clause in cf.data["provisions"]:
        entry = str(clause.get("provision"))
        cf.keys(clause, entry, CLAUSE_KEYS, CLAUSE_KEYS)
        uid = provision_uid(code, clause["article"], clause["paragraph"], None)
        if uid not in uids:
            raise cf.error(entry, f"refers to {uid}, which is not in the text")
        cf.unique(clause_uids, uid, entry, f"duplicate clause {uid}")
        kind = CLAUSE_KINDS.get(clause["kind"].split(" ")[0])
        if kind is None:
            raise cf.error(entry, f"unknown kind {clause['kind']!r}")
        concerns = []
        for citation in clause["concerns"]:
            if not citation.startswith("Art."):
                continue  # "territorial application", "all provisions": not a provision
            target = citation_uid(code, citation, cf, entry)
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
    return clauses


def _read_obligations(of: DataFile, uids: set[str], clause_uids: set[str]) -> list[dict]:
    of.keys(of.data, "(top level)", {"source", "obligations"}, {"obligations"})
    obligations: list[dict[str, Any]] = []
    obligation_ids: set[str] = set()
    for position, obligation in enumerate(of.data["obligations"], start=1):
        entry = str(obligation.get("id"))
        of.keys(obligation, entry, OBLIGATION_KEYS, OBLIGATION_KEYS - {"reservable_under"})
        of.unique(obligation_ids, obligation["id"], entry)
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
    return obligations


def _read_interpretive(code: str, odf: DataFile, provisions: list[dict]) -> list[dict]:
    """Opinions, declarations and statements of the Committee."""
    odf.keys(odf.data, "(top level)", OPINION_FILE_KEYS, {"items"})
    interpretive = []
    for index, item in enumerate(odf.data["items"], start=1):
        entry = f"item {index} ({item.get('title', '')[:40]}…)"
        odf.keys(item, entry, OPINION_KEYS, {"type", "title"})
        linked = []
        for ref in item.get("convention_articles", []):
            linked += _article_uids(code, provisions, ref, odf, entry)
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
    return interpretive


def _article_uids(
    code: str, provisions: list[dict], article_ref: str, data_file: DataFile, entry: str
) -> list[str]:
    """The provisions an article reference ("20" or "20(1)") names."""
    match = ARTICLE_REF.match(article_ref)
    if not match:
        raise data_file.error(entry, f"cannot read the article reference {article_ref!r}")
    number, paragraph = int(match.group(1)), match.group(2)
    if paragraph:
        uid = provision_uid(code, number, paragraph, None)
        if uid not in {p["uid"] for p in provisions}:
            raise data_file.error(entry, f"refers to {uid}, which is not in the text")
        return [uid]
    found = [p["uid"] for p in provisions if p["article"] == number and p["parent"] is None]
    if not found:
        raise data_file.error(entry, f"refers to article {number}, which is not in the text")
    return found


# --- writing ----------------------------------------------------------------------------------


def treaty_data_write(data: TreatyData, *, upsert: Upsert) -> TreatyWritten:
    """Upsert the treaty, its text, clauses, obligations and interpretive texts."""
    treaty = upsert(Treaty, {"code": data.code}, data.treaty)
    provisions = _write_text(data, treaty=treaty, upsert=upsert)
    clauses = {}
    for c in data.clauses:
        clause = upsert(
            ReservationClause,
            {"provision": provisions[c["provision"]], "kind": c["kind"]},
            {"optional": c["optional"], "summary_en": c["summary_en"]},
        )
        clause.concerns.set([provisions[u] for u in c["concerns"]])
        clauses[c["provision"]] = clause
    for o in data.obligations:
        upsert(
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
    interpretive_keys = (
        "kind",
        "title_en",
        "summary_en",
        "adopted_on",
        "adopted_precision",
        "date_note",
        "sources",
    )
    for item in data.interpretive:
        text = upsert(
            InterpretiveText,
            {"uid": item["uid"]},
            {"treaty": treaty, **{k: item[k] for k in interpretive_keys}},
        )
        text.provisions.set([provisions[u] for u in item["provisions"]])
    return TreatyWritten(treaty=treaty, provisions=provisions, clauses=clauses)


PROVISION_KEYS = (
    "kind",
    "paragraph",
    "item",
    "position",
    "text_en",
    "text_fr",
    "indents_en",
    "indents_fr",
)


def _write_text(data: TreatyData, *, treaty: Treaty, upsert: Upsert) -> dict[str, Provision]:
    chapters = {}
    for chapter in data.chapters:
        chapters[chapter["number"]] = upsert(
            Chapter,
            {"treaty": treaty, "number": chapter["number"]},
            {k: chapter[k] for k in ("position", "title_en", "title_fr", "pillar")},
        )
    articles = {}
    for article in data.articles:
        articles[article["number"]] = upsert(
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
        provisions[p["uid"]] = upsert(
            Provision,
            {"uid": p["uid"]},
            {
                "treaty": treaty,
                "article": articles.get(p["article"]),
                "parent": provisions.get(p["parent"]) if p["parent"] else None,
                **{k: p[k] for k in PROVISION_KEYS},
            },
        )
    return provisions


# --- concordance with other treaties -----------------------------------------------------------

CONCORDANCE_FILE = "concordance.json"
CONCORDANCE_FILE_KEYS = {"title", "source", "note_en", "note_fr", "rows"}
CONCORDANCE_ROW_KEYS = {
    "provision",
    "counterpart",
    "counterpart_treaty",
    "relation",
    "adds_en",
    "adds_fr",
    "lacks_en",
    "lacks_fr",
}


@dataclass
class ConcordanceData:
    """A treaty's optional ``concordance.json``: its provisions read beside other treaties'."""

    code: str
    checksum: str
    rows: list[dict[str, Any]]


def concordance_data_read(
    folder: DataFolder, *, code: str, provision_uids: set[str], treaty_codes: set[str]
) -> ConcordanceData | None:
    """Read and check the concordance of the treaty ``code``, once every treaty of the load is
    read: a row must name a provision of this treaty and one of another treaty of the load (or,
    for "no counterpart", that treaty). Raises DataFileError; writes nothing."""
    if not folder.has(CONCORDANCE_FILE):
        return None
    f = folder.required(CONCORDANCE_FILE)
    f.keys(f.data, "(top level)", CONCORDANCE_FILE_KEYS, CONCORDANCE_FILE_KEYS - {"title"})
    source = f.text(f.data["source"], "(top level)", "source")
    notes = {k: f.text(f.data[k], "(top level)", k) for k in ("note_en", "note_fr")}
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, row in enumerate(f.data["rows"], start=1):
        entry = f"row {position} ({row.get('provision') if isinstance(row, dict) else row})"
        f.keys(row, entry, CONCORDANCE_ROW_KEYS, {"provision", "relation"})
        provision = row["provision"]
        if provision not in provision_uids:
            raise f.error(entry, f"names the provision {provision}, which does not exist")
        if not provision.startswith(f"{code}:"):
            raise f.error(entry, f"{provision} is not a provision of {code}")
        relation = row["relation"]
        if relation not in Concordance.Relation.values:
            raise f.error(
                entry,
                f"relation {relation!r} is not one of {', '.join(Concordance.Relation.values)}",
            )
        counterpart = row.get("counterpart")
        if relation == Concordance.Relation.NONE:
            if counterpart:
                raise f.error(entry, "a row with no counterpart names one")
            other = row.get("counterpart_treaty")
            if other not in treaty_codes:
                raise f.error(entry, f"counterpart_treaty {other!r} is not a treaty of the data")
        else:
            if counterpart not in provision_uids:
                raise f.error(
                    entry, f"names the counterpart provision {counterpart}, which does not exist"
                )
            other = counterpart.split(":", 1)[0]
            if row.get("counterpart_treaty", other) != other:
                raise f.error(entry, f"counterpart_treaty is not the treaty of {counterpart}")
        if other == code:
            raise f.error(entry, "the counterpart must be in another treaty")
        uid = f"{provision}>{counterpart or other}"
        f.unique(seen, uid, entry, f"duplicate row {uid}")
        texts = {
            k: f.text(row.get(k), entry, k, required=False)
            for k in ("adds_en", "adds_fr", "lacks_en", "lacks_fr")
        }
        if relation != Concordance.Relation.EQUIVALENT and not (
            texts["adds_en"] or texts["lacks_en"]
        ):
            raise f.error(entry, "says neither what the counterpart adds nor what it lacks")
        for lang in ("en", "fr"):  # what is said in English is said in French too
            for what in ("adds", "lacks"):
                if texts[f"{what}_en"] and not texts[f"{what}_{lang}"]:
                    raise f.error(entry, f"{what}_{lang} must be a non-empty text")
        rows.append(
            {
                "uid": uid,
                "provision": provision,
                "counterpart": counterpart or None,
                "counterpart_treaty": other,
                "relation": relation,
                "position": position,
                "source": source,
                **texts,
                **notes,
            }
        )
    return ConcordanceData(code=code, checksum=folder.checksum(), rows=rows)


def concordance_data_write(data: ConcordanceData, *, upsert: Upsert) -> None:
    """Upsert the rows, once every treaty they name is written."""
    uids = {r["provision"] for r in data.rows} | {r["counterpart"] for r in data.rows}
    provisions = Provision.objects.in_bulk([u for u in uids if u], field_name="uid")
    treaties = Treaty.objects.in_bulk(
        list({r["counterpart_treaty"] for r in data.rows}), field_name="code"
    )
    keys = ("relation", "adds_en", "adds_fr", "lacks_en", "lacks_fr", "note_en", "note_fr")
    for row in data.rows:
        upsert(
            Concordance,
            {"uid": row["uid"]},
            {
                "provision": provisions[row["provision"]],
                "counterpart": provisions[row["counterpart"]] if row["counterpart"] else None,
                "counterpart_treaty": treaties[row["counterpart_treaty"]],
                "source": row["source"],
                "position": row["position"],
                **{k: row[k] for k in keys},
            },
        )
