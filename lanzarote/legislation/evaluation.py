"""The legislation engine measured on labelled statutory provisions, next to two baselines.

A labelled set is a JSON Lines file: one provision a line, with ``id``, ``jurisdiction``,
``language`` (en / fr), ``act``, ``section``, ``heading``, ``text``, ``source_url``, ``relation``
(implements, implements_partly, definition, related, general_offence, none) and ``articles``
(the Convention references it implements, as the Convention writes them: "20(1)(e)", "23"; empty
for none). `load_set` reads and checks a file (errors name the file and the line); `evaluate`
runs three methods on every provision and counts; `report` writes the table.

The methods, run on the same provisions in the same command:

* **engine**: `lanzarote.legislation.engine.link_units` (elements, then the embedding model as a
  secondary signal);
* **keyword**: the Convention's own words as keywords — for each obligation the stems of its
  title and of the Convention text its elements quote; a provision is linked to the obligations
  sharing at least ``KEYWORD_MIN`` content stems with it, ranked by the share of the
  obligation's stems found;
* **embedding**: the shipped model alone — every obligation ranked by the cosine of the
  provision to the obligation's wording; linked when the best cosine reaches
  ``EMBEDDING_MIN``.

Scores (positives: relation implements / implements_partly / definition / related with at least
one article; negatives: relation none / general_offence; an article is the number before the
first parenthesis, "20(1)(e)" -> "20"):

* article recall@1 / @3: positives whose labelled articles include one of the first 1 / 3
  *articles* proposed (the ranked links with repeated articles dropped); "all@3": positives
  whose labelled articles are *all* among the first three;
* item recall@3: positives with a labelled reference among the first three links, a link
  matching a reference that it equals or refines ("20(1)" is matched by "20(1)(e)");
* precision@1: of the provisions given a link, the share whose first link's article is
  labelled (a linked negative counts as wrong);
* negatives unlinked: the share of negatives given no link;
* ECE: expected calibration error of the first link's confidence against its being right at
  article level, ten bins of 0.1, weighted by their counts.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanzarote.lib.datafile import key_problem
from lanzarote.lib.text import stem_words

from .engine import (
    LANGUAGES,
    Catalogue,
    Unit,
    article_of,
    link_units,
    load_catalogue,
)

__all__ = [
    "DEFAULT_DIR",
    "METHODS",
    "LabelledProvision",
    "LabelledSetError",
    "Ranked",
    "Tally",
    "evaluate",
    "load_set",
    "load_sets",
    "report",
]

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "legislation"
RELATIONS = ("implements", "implements_partly", "definition", "related", "general_offence", "none")
POSITIVE = {"implements", "implements_partly", "definition", "related"}
NEGATIVE = {"general_offence", "none"}
METHODS = ("engine", "keyword", "embedding")
KEYWORD_MIN = 3
EMBEDDING_MIN = 0.85

_KEYS = {
    "id",
    "jurisdiction",
    "language",
    "act",
    "section",
    "heading",
    "text",
    "source_url",
    "relation",
    "articles",
}
_OPTIONAL = {
    "licence",
    "license",
    "note",
    "notes",
    "retrieved",
    "retrieved_from",
    "version",
    "source_note",
    "consolidated",
}
_REFERENCE = re.compile(r"^\d+[a-z]?(\(\d+[a-z]?\)|\([a-z]\))*$")


class LabelledSetError(ValueError):
    """A labelled set is wrong; the message names the file and the line."""


@dataclass(frozen=True)
class LabelledProvision:
    id: str
    jurisdiction: str
    language: str
    act: str
    section: str
    heading: str
    text: str
    source_url: str
    relation: str
    articles: tuple[str, ...]
    line: int = 0

    @property
    def positive(self) -> bool:
        return self.relation in POSITIVE and bool(self.articles)

    @property
    def negative(self) -> bool:
        return self.relation in NEGATIVE

    @property
    def labelled_articles(self) -> set[str]:
        return {article_of(a) for a in self.articles}


def load_set(path: str | Path) -> list[LabelledProvision]:
    """Read and check one JSON Lines file. Raises LabelledSetError naming file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise LabelledSetError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise LabelledSetError(f"{path}: not UTF-8 text ({exc.reason})") from None
    provisions: list[LabelledProvision] = []
    ids: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue

        def fail(problem: str, number: int = number) -> None:
            raise LabelledSetError(f"{path}, line {number}: {problem}")

        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"not valid JSON ({exc.msg}, column {exc.colno})")
        problem = key_problem(record, _KEYS | _OPTIONAL, _KEYS, name=str, list_allowed=True)
        if problem:
            fail(problem)
        for key in _KEYS - {"articles", "heading"}:
            if not isinstance(record[key], str) or not record[key].strip():
                fail(f"{key}: expected a non-empty text, found {record[key]!r}")
        if not isinstance(record["heading"], str):
            fail(f"heading: expected a text (may be empty), found {record['heading']!r}")
        if record["id"] in ids:
            fail(f"id {record['id']!r} is repeated")
        ids.add(record["id"])
        if record["language"] not in LANGUAGES:
            fail(f"language: {record['language']!r} is not one of {', '.join(LANGUAGES)}")
        if record["relation"] not in RELATIONS:
            fail(f"relation: {record['relation']!r} is not one of {', '.join(RELATIONS)}")
        articles = record["articles"]
        if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
            fail(f'articles: expected a list of references such as "20(1)(e)", found {articles!r}')
        for reference in articles:
            if not _REFERENCE.match(reference.replace(" ", "")):
                fail(
                    f'articles: {reference!r} is not written as in the Convention, e.g. "20(1)(e)"'
                )
        if record["relation"] == "none" and articles:
            fail("articles: a provision with relation none implements no article")
        provisions.append(
            LabelledProvision(
                id=record["id"],
                jurisdiction=record["jurisdiction"],
                language=record["language"],
                act=record["act"],
                section=record["section"],
                heading=record["heading"],
                text=record["text"],
                source_url=record["source_url"],
                relation=record["relation"],
                articles=tuple(a.replace(" ", "") for a in articles),
                line=number,
            )
        )
    if not provisions:
        raise LabelledSetError(f"{path}: no provision in this file")
    return provisions


def load_sets(path: str | Path = DEFAULT_DIR) -> dict[str, list[LabelledProvision]]:
    """One file, or every ``*.jsonl`` file of a folder (by name, each scored on its own)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise LabelledSetError(f"{path}: no .jsonl labelled set in this folder")
        return {f.stem: load_set(f) for f in files}
    return {path.stem: load_set(path)}


# --------------------------------------------------------------------------------------------
# The three methods: each gives, per provision, its ranked (reference, confidence) proposals


@dataclass(frozen=True)
class Ranked:
    refs: tuple[str, ...]
    confidences: tuple[float, ...]


def _engine(provisions, language, catalogue, embedder) -> list[Ranked]:
    units = [Unit(p.section, p.heading, p.text) for p in provisions]
    results = link_units(units, language=language, catalogue=catalogue, embedder=embedder)
    return [
        Ranked(tuple(link.ref for link in r.links), tuple(link.confidence for link in r.links))
        for r in results
    ]


_STOP = set(
    [
        "the",
        "of",
        "a",
        "an",
        "and",
        "or",
        "to",
        "in",
        "for",
        "with",
        "by",
        "on",
        "at",
        "as",
        "be",
        "is",
        "are",
        "any",
        "this",
        "that",
        "such",
        "which",
        "who",
        "whom",
        "shall",
        "each",
        "party",
        "parties",
        "other",
        "its",
        "his",
        "her",
        "their",
        "it",
        "from",
        "under",
        "convention",
        "article",
        "paragraph",
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "ou",
        "à",
        "au",
        "aux",
        "en",
        "par",
        "pour",
        "sur",
        "dans",
        "qui",
        "que",
        "est",
        "sont",
        "ce",
        "cette",
        "chaque",
        "partie",
        "présente",
        "convention",
        "article",
        "paragraphe",
        "par",
    ]
)


def _stems(text: str, language: str) -> set[str]:
    return {w for w in stem_words(text, language).split() if w not in _STOP and len(w) > 2}


def _keyword(provisions, language, catalogue, embedder) -> list[Ranked]:
    keywords = {o.ref: _stems(o.description(language), language) for o in catalogue.obligations}
    ranked = []
    for provision in provisions:
        words = _stems(f"{provision.heading} {provision.text}", language)
        scores = []
        for ref, stems in keywords.items():
            shared = len(words & stems)
            if shared >= KEYWORD_MIN:
                scores.append((shared / len(stems), ref))
        scores.sort(key=lambda s: (-s[0], s[1]))
        ranked.append(Ranked(tuple(r for _, r in scores), tuple(round(s, 4) for s, _ in scores)))
    return ranked


def _embedding(provisions, language, catalogue, embedder) -> list[Ranked]:
    import numpy as np

    texts = [f"{p.heading}\n{p.text}" if p.heading else p.text for p in provisions]
    vectors = embedder.passages(texts)
    refs = [o.ref for o in catalogue.obligations]
    queries = np.stack([embedder.query(o.description(language)) for o in catalogue.obligations])
    scores = vectors @ queries.T
    ranked = []
    for row in scores:
        if row.max() < EMBEDDING_MIN:
            ranked.append(Ranked((), ()))
            continue
        order = np.argsort(-row, kind="stable")
        ranked.append(
            Ranked(tuple(refs[i] for i in order), tuple(round(float(row[i]), 4) for i in order))
        )
    return ranked


Method = Callable[[list[LabelledProvision], str, Catalogue, Any], list[Ranked]]
_METHODS: dict[str, Method] = {"engine": _engine, "keyword": _keyword, "embedding": _embedding}


class _Memo:
    """The embedder, remembering the vectors of the texts it has seen: the engine and the
    embedding baseline embed the same provisions once."""

    def __init__(self, embedder: Any):
        self._embedder = embedder
        self._seen: dict[Any, Any] = {}
        self.name, self.dim = getattr(embedder, "name", "embedder"), embedder.dim

    def passages(self, texts: Sequence[str]):
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if todo:
            for text, vector in zip(todo, self._embedder.passages(todo), strict=True):
                self._seen[text] = vector
        return np.stack([self._seen[t] for t in texts]) if texts else self._embedder.passages([])

    def query(self, text: str):
        key = ("query", text)
        if key not in self._seen:
            self._seen[key] = self._embedder.query(text)
        return self._seen[key]


# --------------------------------------------------------------------------------------------
# Counting


def _articles(refs: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(article_of(r) for r in refs))


def _refines(proposed: str, labelled: str) -> bool:
    return proposed == labelled or proposed.startswith(labelled + "(")


@dataclass
class Tally:
    positives: int = 0
    negatives: int = 0
    hit1: int = 0
    hit3: int = 0
    all3: int = 0
    item3: int = 0
    linked: int = 0
    first_right: int = 0
    negatives_unlinked: int = 0
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    misses: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)

    def add(self, provision: LabelledProvision, ranked: Ranked) -> None:
        articles = _articles(ranked.refs)
        labelled = provision.labelled_articles
        if ranked.refs:
            right = provision.positive and articles[0] in labelled
            self.linked += 1
            self.first_right += right
            self.calibration.append((ranked.confidences[0], right))
        if provision.negative:
            self.negatives += 1
            self.negatives_unlinked += not ranked.refs
            if ranked.refs:
                self.misses.append((provision.id, (), ranked.refs[:3]))
            return
        if not provision.positive:
            return
        self.positives += 1
        self.hit1 += bool(articles[:1]) and articles[0] in labelled
        self.hit3 += bool(labelled & set(articles[:3]))
        self.all3 += labelled <= set(articles[:3])
        self.item3 += any(_refines(p, a) for p in ranked.refs[:3] for a in provision.articles)
        if not labelled & set(articles[:3]):
            self.misses.append((provision.id, provision.articles, ranked.refs[:3]))

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return part / whole if whole else math.nan

    @property
    def recall1(self) -> float:
        return self._share(self.hit1, self.positives)

    @property
    def recall3(self) -> float:
        return self._share(self.hit3, self.positives)

    @property
    def recall3_all(self) -> float:
        return self._share(self.all3, self.positives)

    @property
    def item_recall3(self) -> float:
        return self._share(self.item3, self.positives)

    @property
    def precision1(self) -> float:
        return self._share(self.first_right, self.linked)

    @property
    def unlinked(self) -> float:
        return self._share(self.negatives_unlinked, self.negatives)

    @property
    def ece(self) -> float:
        if not self.calibration:
            return math.nan
        bins: dict[int, list[tuple[float, bool]]] = {}
        for confidence, right in self.calibration:
            bins.setdefault(min(9, int(confidence * 10)), []).append((confidence, right))
        total = len(self.calibration)
        return sum(
            len(b) / total * abs(sum(r for _, r in b) / len(b) - sum(c for c, _ in b) / len(b))
            for b in bins.values()
        )


@dataclass
class Scores:
    name: str
    provisions: int
    jurisdictions: tuple[str, ...]
    outside_catalogue: int  # positives none of whose articles the catalogue covers
    tallies: dict[tuple[str, str], Tally]  # (method, "all" | language) -> tally
    seconds: dict[str, float]


def evaluate(
    sets: dict[str, list[LabelledProvision]],
    *,
    catalogue: Catalogue | None = None,
    embedder: Any = None,
    methods: Sequence[str] = METHODS,
) -> list[Scores]:
    """Run every method on every set; ``embedder`` None: the shipped model."""
    import time

    catalogue = catalogue or load_catalogue()
    if embedder is None:
        from lanzarote.lib.embed import embedder as shipped

        embedder = shipped()
    memo = _Memo(embedder)
    covered = {o.article for o in catalogue.obligations}
    out = []
    for name, provisions in sets.items():
        tallies: dict[tuple[str, str], Tally] = {}
        seconds: dict[str, float] = {}
        for method in methods:
            started = time.perf_counter()
            # The units of one act are read together (cross-references are resolved in it).
            acts: dict[tuple[str, str, str], list[LabelledProvision]] = {}
            for provision in provisions:
                act = (provision.language, provision.jurisdiction, provision.act)
                acts.setdefault(act, []).append(provision)
            for (language, _, _), group in acts.items():
                ranked = _METHODS[method](group, language, catalogue, memo)
                for provision, proposals in zip(group, ranked, strict=True):
                    for split in ("all", language):
                        tallies.setdefault((method, split), Tally()).add(provision, proposals)
            seconds[method] = time.perf_counter() - started
        outside = sum(1 for p in provisions if p.positive and not p.labelled_articles & covered)
        jurisdictions = tuple(sorted({p.jurisdiction for p in provisions}))
        out.append(Scores(name, len(provisions), jurisdictions, outside, tallies, seconds))
    return out


def _figure(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def report(scores: list[Scores], *, misses: int = 0) -> str:
    lines = []
    for s in scores:
        lines.append(
            f"{s.name}: {s.provisions} provisions, {len(s.jurisdictions)} jurisdictions "
            f"({', '.join(s.jurisdictions)}); positives outside the catalogue: {s.outside_catalogue}"
        )
        header = (
            f"{'method':<10}{'lang':<5}{'pos':>5}{'neg':>5}{'art@1':>8}{'art@3':>8}{'all@3':>8}"
            f"{'item@3':>8}{'prec@1':>8}{'neg unl.':>9}{'ECE':>7}"
        )
        lines += [header, "-" * len(header)]
        for method in METHODS:
            for key in ("all", *LANGUAGES):
                t = s.tallies.get((method, key))
                if t is None:
                    continue
                lines.append(
                    f"{method:<10}{key:<5}{t.positives:>5}{t.negatives:>5}{_figure(t.recall1):>8}"
                    f"{_figure(t.recall3):>8}{_figure(t.recall3_all):>8}{_figure(t.item_recall3):>8}"
                    f"{_figure(t.precision1):>8}{_figure(t.unlinked):>9}{_figure(t.ece):>7}"
                )
        timing = ", ".join(f"{m} {sec:.1f} s" for m, sec in s.seconds.items())
        lines.append(f"time: {timing}")
        if misses:
            t = s.tallies.get(("engine", "all"))
            for provision_id, wanted, got in (t.misses if t else [])[:misses]:
                lines.append(f"  miss {provision_id}: labelled {list(wanted)} proposed {list(got)}")
        lines.append("")
    lines.append(
        "art@1, art@3: positives whose labelled article is the first / among the first three "
        "articles proposed; all@3: all labelled articles among the first three; item@3: a "
        "labelled reference (e.g. 20(1)(e)) among the first three links; prec@1: linked "
        "provisions whose first link is right; neg unl.: negatives left unlinked; ECE: "
        "expected calibration error of the first link's confidence."
    )
    return "\n".join(lines)
