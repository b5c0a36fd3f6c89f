"""Labelled sets for indicator assistance and their scores.

A labelled set is one JSON file (format in ``lanzarote/data/evaluation/assistance/README.md``):
indicators, and replies of Parties cut into passages, with, for every reply and every indicator,
the right value and the passages that show it. `load_set` reads and checks a file, `evaluate`
runs `lanzarote.assessments.assist.engine.propose` with both methods (``hybrid`` and the
``keyword`` baseline) on every reply and indicator and counts, `report` writes the table, and
`fit_calibration` fits the constants of `lanzarote.assessments.assist.engine.CALIBRATION` on the
DEV split only. The synthetic sets shipped in the data folder are written by
``tools/assist_corpus.py`` (not part of the package): invented statements of invented Parties
("Party A"); the statute set quotes real legal text with its source.

Scores, over every (reply, indicator) label, by split, method, origin and language:

* evidence recall@5: of the passages labelled as evidence, the share among the first five
  proposed;
* value accuracy: the share of labels whose proposed value is right;
* addressed F1: whether the reply says anything on the indicator (value other than
  not_reported), as a yes/no classification: the analogue of a thematic label;
* calibration: a reliability table (confidence in bins of 0.1: count, mean confidence, share
  right), the expected calibration error (the bins' |share right - mean confidence|, weighted by
  their counts), and, of the proposals with confidence at least 0.9, the share right.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lanzarote.lib.datafile import json_file_problem, key_problem

from .engine import (
    CALIBRATION,
    METHODS,
    STANDARD_VALUES,
    Calibration,
    IndicatorIn,
    PassageIn,
    Proposal,
    _propose,
    passage_features,
    query_texts,
)

__all__ = [
    "DEFAULT_CACHE",
    "DEFAULT_DIR",
    "FORMAT",
    "Label",
    "LabelledPassage",
    "LabelledReply",
    "LabelledSet",
    "LabelledSetError",
    "Miss",
    "Scores",
    "Tally",
    "evaluate",
    "fit_calibration",
    "load_set",
    "load_sets",
    "report",
]

FORMAT = "lanzarote-assistance-eval/1"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "evaluation" / "assistance"
# Vectors of the labelled texts, keyed by the text's sha256: not in git, rebuilt when missing.
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "lanzarote-assist-vectors"
SPLITS = ("dev", "test")
ORIGINS = ("synthetic", "statute")
LANGUAGES = ("en", "fr")
TOP = 5  # evidence recall is measured in the first TOP passages proposed
BINS = 10


class LabelledSetError(ValueError):
    """A labelled set file is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class Label:
    value: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class LabelledPassage:
    id: str
    text: str
    question: str | None


@dataclass(frozen=True)
class LabelledReply:
    id: str
    lang: str
    origin: str
    passages: tuple[LabelledPassage, ...]
    labels: dict[str, Label]


@dataclass(frozen=True)
class LabelledSet:
    name: str
    split: str
    source: str
    indicators: tuple[IndicatorIn, ...]
    replies: tuple[LabelledReply, ...]
    path: str = ""


# --------------------------------------------------------------------------------------------
# Reading


_SET_KEYS = {"format", "name", "split", "source", "indicators", "replies", "note"}
_INDICATOR_KEYS = {
    "code",
    "label_en",
    "label_fr",
    "description_en",
    "description_fr",
    "keywords_en",
    "keywords_fr",
    "questions",
    "values",
}
_REPLY_KEYS = {"id", "lang", "origin", "passages", "labels", "source", "note"}
_PASSAGE_KEYS = {"id", "text", "question", "source"}
_LABEL_KEYS = {"value", "evidence"}


def load_set(path: str | Path) -> LabelledSet:
    """Read and check one labelled set file. Raises LabelledSetError naming file and entry."""
    path = Path(path)

    def fail(message: str) -> None:
        raise LabelledSetError(f"{path}: {message}")

    data, problem = json_file_problem(path)
    if problem:
        fail(problem)
    _keys("(top level)", data, _SET_KEYS, _SET_KEYS - {"note"}, fail)
    if data["format"] != FORMAT:
        fail(f"format: expected {FORMAT!r}, found {data['format']!r}")
    name = _text("name", data["name"], fail)
    if data["split"] not in SPLITS:
        fail(f"split: {data['split']!r} is not one of {', '.join(SPLITS)}")
    source = _text("source", data["source"], fail)
    if not isinstance(data["indicators"], list) or not data["indicators"]:
        fail("indicators: expected a non-empty list")
    indicators = []
    codes: dict[str, IndicatorIn] = {}
    for position, entry in enumerate(data["indicators"]):
        indicator = _indicator(f"indicators[{position}]", entry, fail)
        if indicator.code in codes:
            fail(f"indicators[{position}]: the code {indicator.code!r} is repeated")
        codes[indicator.code] = indicator
        indicators.append(indicator)
    if not isinstance(data["replies"], list) or not data["replies"]:
        fail("replies: expected a non-empty list")
    replies = []
    ids: set[str] = set()
    for position, entry in enumerate(data["replies"]):
        reply = _reply(f"replies[{position}]", entry, codes, fail)
        if reply.id in ids:
            fail(f"replies[{position}] ({reply.id!r}): the id is repeated")
        ids.add(reply.id)
        replies.append(reply)
    return LabelledSet(name, data["split"], source, tuple(indicators), tuple(replies), str(path))


def load_sets(path: str | Path = DEFAULT_DIR) -> list[LabelledSet]:
    """One labelled set file, or every ``*.json`` file of a folder (sorted by name)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise LabelledSetError(f"{path}: no .json labelled set in this folder")
        return [load_set(f) for f in files]
    return [load_set(path)]


def _keys(
    where: str, entry: Any, allowed: set[str], required: set[str], fail: Callable[[str], None]
) -> dict[str, Any]:
    problem = key_problem(entry, allowed, required, name=str, list_allowed=True)
    if problem:
        fail(f"{where}: {problem}")
    return entry


def _text(where: str, value: Any, fail: Callable[[str], None], empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        fail(f"{where}: expected a non-empty string, found {value!r}")
    return value


def _strings(where: str, value: Any, fail: Callable[[str], None]) -> tuple[str, ...]:
    if not isinstance(value, list):
        fail(f"{where}: expected a list of strings, found {type(value).__name__}")
    for i, item in enumerate(value):
        _text(f"{where}[{i}]", item, fail)
    return tuple(value)


def _indicator(where: str, entry: Any, fail: Callable[[str], None]) -> IndicatorIn:
    _keys(where, entry, _INDICATOR_KEYS, _INDICATOR_KEYS, fail)
    code = _text(f"{where}.code", entry["code"], fail)
    where = f"{where} ({code!r})"
    labels = {
        "en": _text(f"{where}.label_en", entry["label_en"], fail),
        "fr": _text(f"{where}.label_fr", entry["label_fr"], fail),
    }
    descriptions = {"en": _text(f"{where}.description_en", entry["description_en"], fail)}
    description_fr = _text(f"{where}.description_fr", entry["description_fr"], fail, empty=True)
    if description_fr.strip():
        descriptions["fr"] = description_fr
    keywords = {
        "en": _strings(f"{where}.keywords_en", entry["keywords_en"], fail),
        "fr": _strings(f"{where}.keywords_fr", entry["keywords_fr"], fail),
    }
    if not keywords["en"] and not keywords["fr"]:
        fail(f"{where}: no key phrase in keywords_en nor keywords_fr")
    questions = _strings(f"{where}.questions", entry["questions"], fail)
    values = _strings(f"{where}.values", entry["values"], fail)
    if not values or len(set(values)) != len(values):
        fail(f"{where}.values: expected a non-empty list of distinct values")
    return IndicatorIn(code, labels, descriptions, keywords, questions, values)


def _reply(
    where: str, entry: Any, codes: dict[str, IndicatorIn], fail: Callable[[str], None]
) -> LabelledReply:
    _keys(where, entry, _REPLY_KEYS, _REPLY_KEYS - {"source", "note"}, fail)
    reply_id = _text(f"{where}.id", entry["id"], fail)
    where = f"{where} ({reply_id!r})"
    if entry["lang"] not in LANGUAGES:
        fail(f"{where}.lang: {entry['lang']!r} is not one of {', '.join(LANGUAGES)}")
    if entry["origin"] not in ORIGINS:
        fail(f"{where}.origin: {entry['origin']!r} is not one of {', '.join(ORIGINS)}")
    if not isinstance(entry["passages"], list) or not entry["passages"]:
        fail(f"{where}.passages: expected a non-empty list")
    passages = []
    ids: set[str] = set()
    for index, item in enumerate(entry["passages"]):
        at = f"{where}.passages[{index}]"
        _keys(at, item, _PASSAGE_KEYS, _PASSAGE_KEYS - {"source"}, fail)
        passage_id = _text(f"{at}.id", item["id"], fail)
        if passage_id in ids:
            fail(f"{at}: the passage id {passage_id!r} is repeated")
        ids.add(passage_id)
        question = item["question"]
        if question is not None and (not isinstance(question, str) or not question.strip()):
            fail(f"{at}.question: expected a question number or null, found {question!r}")
        passages.append(
            LabelledPassage(passage_id, _text(f"{at}.text", item["text"], fail), question)
        )
    labels_in = _keys(f"{where}.labels", entry["labels"], set(codes), set(codes), fail)
    labels = {}
    for code, item in labels_in.items():
        at = f"{where}.labels[{code!r}]"
        _keys(at, item, _LABEL_KEYS, _LABEL_KEYS, fail)
        value = item["value"]
        if value not in codes[code].values:
            fail(f"{at}.value: {value!r} is not one of {', '.join(codes[code].values)}")
        evidence = _strings(f"{at}.evidence", item["evidence"], fail)
        unknown = [e for e in evidence if e not in ids]
        if unknown:
            fail(f"{at}.evidence: {', '.join(map(repr, unknown))} is not a passage of this reply")
        if value == "not_reported" and evidence:
            fail(f"{at}: a not_reported label has no evidence")
        if value != "not_reported" and not evidence:
            fail(f"{at}: a {value!r} label needs at least one evidence passage")
        labels[code] = Label(value, evidence)
    return LabelledReply(reply_id, entry["lang"], entry["origin"], tuple(passages), labels)


# --------------------------------------------------------------------------------------------
# Vectors


Embed = Any  # lanzarote.lib.embed.Embedder: passages(texts) and query(text)


def _vectors(
    texts: Sequence[str],
    queries: Sequence[str],
    embedder: Embed,
    cache_dir: Path | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Vectors of the passages' texts and of the queries, through the cache when there is one
    (one .npz file per model, keyed by "p:"/"q:" and the text's sha256)."""
    store: dict[str, np.ndarray] = {}
    cache_file = None
    if cache_dir is not None:
        model = hashlib.sha256(getattr(embedder, "name", "model").encode()).hexdigest()[:16]
        cache_file = Path(cache_dir) / f"{model}.npz"
        if cache_file.exists():
            try:
                with np.load(cache_file) as saved:
                    store = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                store = {}  # a damaged cache is rebuilt

    def key(kind: str, text: str) -> str:
        return kind + hashlib.sha256(text.encode()).hexdigest()

    missing = sorted({t for t in texts if key("p:", t) not in store})
    for start in range(0, len(missing), 32):
        batch = missing[start : start + 32]
        for text, vector in zip(batch, embedder.passages(batch), strict=True):
            store[key("p:", text)] = np.asarray(vector, dtype=np.float32)
        if progress:
            progress(min(start + 32, len(missing)), len(missing))
    new_queries = sorted({q for q in queries if key("q:", q) not in store})
    for text in new_queries:
        store[key("q:", text)] = np.asarray(embedder.query(text), dtype=np.float32)
    if cache_file is not None and (missing or new_queries):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(store)
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".npz")
        with os.fdopen(handle, "wb") as out:
            np.savez(out, keys=np.array(keys), vectors=np.stack([store[k] for k in keys]))
        os.replace(temporary, cache_file)
    return (
        {t: store[key("p:", t)] for t in texts},
        {q: store[key("q:", q)] for q in queries},
    )


@dataclass(frozen=True)
class _Prepared:
    set: LabelledSet
    reply: LabelledReply
    passages: tuple[PassageIn, ...]


def _prepare(
    sets: Sequence[LabelledSet],
    embedder: Embed | None,
    cache_dir: Path | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[_Prepared], dict[tuple[int, str], dict[str, np.ndarray]]]:
    """Every reply's passages with their vectors, and every indicator's query vectors."""
    if embedder is None:
        from lanzarote.lib.embed import embedder as default_embedder

        embedder = default_embedder()
    texts = [p.text for s in sets for r in s.replies for p in r.passages]
    queries = {_key(s, i): query_texts(i) for s in sets for i in s.indicators}
    passage_vectors, query_vectors = _vectors(
        texts,
        [t for q in queries.values() for t in q.values()],
        embedder,
        cache_dir,
        progress,
    )
    prepared = [
        _Prepared(
            s,
            r,
            tuple(
                PassageIn(p.id, p.text, r.lang, p.question, passage_vectors[p.text])
                for p in r.passages
            ),
        )
        for s in sets
        for r in s.replies
    ]
    by_indicator = {
        key: {lang: query_vectors[t] for lang, t in texts_.items()}
        for key, texts_ in queries.items()
    }
    return prepared, by_indicator


def _others(
    labelled: LabelledSet,
    indicator: IndicatorIn,
    queries: dict[tuple[int, str], dict[str, np.ndarray]],
) -> list[dict[str, np.ndarray]]:
    """The query vectors of the set's other indicators: what a passage may be about instead."""
    return [queries[_key(labelled, i)] for i in labelled.indicators if i != indicator]


def _key(labelled: LabelledSet, indicator: IndicatorIn) -> tuple[int, str]:
    """An indicator of one set (two sets may define the same code differently)."""
    return (id(labelled), indicator.code)


# --------------------------------------------------------------------------------------------
# Scores


@dataclass
class Tally:
    labels: int = 0
    evidence: int = 0  # passages labelled as evidence
    found: int = 0  # of those, among the first TOP proposed
    correct: int = 0  # right values
    addressed_tp: int = 0  # said something, proposed something
    addressed_fp: int = 0  # said nothing, proposed something
    addressed_fn: int = 0  # said something, proposed not_reported
    predictions: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, right)

    @property
    def recall_at_5(self) -> float:
        return self.found / self.evidence if self.evidence else 1.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.labels if self.labels else 0.0

    @property
    def addressed_f1(self) -> float:
        tp, fp, fn = self.addressed_tp, self.addressed_fp, self.addressed_fn
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def reliability(self) -> list[tuple[float, float, int, float, float]]:
        """(low, high, count, mean confidence, share right) for each non-empty bin."""
        rows = []
        for b in range(BINS):
            low, high = b / BINS, (b + 1) / BINS
            inside = [
                (c, r) for c, r in self.predictions if low <= c < high or (b == BINS - 1 and c == 1)
            ]
            if inside:
                rows.append(
                    (
                        low,
                        high,
                        len(inside),
                        sum(c for c, _ in inside) / len(inside),
                        sum(r for _, r in inside) / len(inside),
                    )
                )
        return rows

    @property
    def ece(self) -> float:
        total = len(self.predictions)
        if not total:
            return 0.0
        return sum(n / total * abs(right - mean) for _, _, n, mean, right in self.reliability())

    def confident(self, threshold: float = 0.9) -> tuple[int, float]:
        """How many proposals have at least this confidence, and the share of them right."""
        sure = [r for c, r in self.predictions if c >= threshold]
        return len(sure), (sum(sure) / len(sure) if sure else 0.0)

    def add(self, label: Label, proposal: Proposal) -> None:
        self.labels += 1
        top = {e.passage for e in proposal.evidence[:TOP]}
        self.evidence += len(label.evidence)
        self.found += sum(e in top for e in label.evidence)
        right = proposal.value == label.value
        self.correct += right
        said, proposed = label.value != "not_reported", proposal.value != "not_reported"
        self.addressed_tp += said and proposed
        self.addressed_fp += proposed and not said
        self.addressed_fn += said and not proposed
        self.predictions.append((proposal.confidence, right))


@dataclass(frozen=True)
class Miss:
    split: str
    method: str
    reply: str
    indicator: str
    expected: str
    got: str
    confidence: float


@dataclass
class Scores:
    sets: list[str] = field(default_factory=list)
    # (split, method, group) -> Tally; groups "synthetic", "synthetic en", "statute fr", ...
    tallies: dict[tuple[str, str, str], Tally] = field(default_factory=dict)
    # (split, method, origin) -> {(expected, got): count}
    confusion: dict[tuple[str, str, str], dict[tuple[str, str], int]] = field(default_factory=dict)
    replies: dict[tuple[str, str], int] = field(default_factory=dict)  # (split, group) -> n
    misses: list[Miss] = field(default_factory=list)

    def tally(self, split: str, method: str, group: str) -> Tally:
        return self.tallies.setdefault((split, method, group), Tally())


def evaluate(
    sets: LabelledSet | Iterable[LabelledSet],
    embedder: Embed | None = None,
    *,
    cache_dir: Path | None = DEFAULT_CACHE,
    calibration: dict[str, Calibration] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Scores:
    """Propose every indicator for every reply with both methods and count (module
    documentation). ``embedder``: default `lanzarote.lib.embed.embedder()`; ``cache_dir``:
    where vectors are kept between runs (None: not kept)."""
    sets = [sets] if isinstance(sets, LabelledSet) else list(sets)
    prepared, queries = _prepare(sets, embedder, cache_dir, progress)
    scores = Scores(sets=[s.name for s in sets])
    for item in prepared:
        split, reply = item.set.split, item.reply
        groups = (reply.origin, f"{reply.origin} {reply.lang}")
        for group in groups:
            scores.replies[(split, group)] = scores.replies.get((split, group), 0) + 1
        for indicator in item.set.indicators:
            label = reply.labels[indicator.code]
            for method in METHODS:
                proposal = _propose(
                    indicator,
                    item.passages,
                    query_vectors=queries[_key(item.set, indicator)],
                    others=_others(item.set, indicator, queries),
                    method=method,
                    k=TOP,
                    calibration=(calibration or CALIBRATION)[method],
                )[0]
                for group in groups:
                    scores.tally(split, method, group).add(label, proposal)
                confusion = scores.confusion.setdefault((split, method, reply.origin), {})
                pair = (label.value, proposal.value)
                confusion[pair] = confusion.get(pair, 0) + 1
                if proposal.value != label.value:
                    scores.misses.append(
                        Miss(
                            split,
                            method,
                            reply.id,
                            indicator.code,
                            label.value,
                            proposal.value,
                            proposal.confidence,
                        )
                    )
    return scores


def report(scores: Scores) -> str:
    """The scores as plain-text tables: per split (test first), method, origin and language;
    then the reliability tables and the confusion of values."""
    lines = [f"Indicator assistance: {len(scores.sets)} set(s) ({', '.join(scores.sets)})"]
    splits = sorted({s for s, _, _ in scores.tallies}, key=lambda s: (s != "test", s))
    header = (
        f"{'':<26}{'replies':>8}{'labels':>8}{'recall@5':>10}{'accuracy':>10}"
        f"{'addr. F1':>10}{'ECE':>7}{'conf>=0.9':>11}{'right':>7}"
    )
    for split in splits:
        note = "  (calibration fitted here)" if split == "dev" else ""
        lines += ["", f"split {split}{note}", header]
        for method in METHODS:
            groups = sorted(
                {g for s, m, g in scores.tallies if s == split and m == method},
                key=lambda g: (g.split()[0] != "synthetic", g),
            )
            for group in groups:
                t = scores.tallies[(split, method, group)]
                n, share = t.confident()
                lines.append(
                    f"{method + ' ' + group:<26}{scores.replies[(split, group)]:>8}{t.labels:>8}"
                    f"{t.recall_at_5:>10.3f}{t.accuracy:>10.3f}{t.addressed_f1:>10.3f}"
                    f"{t.ece:>7.3f}{n:>11}{f'{share:.3f}' if n else '–':>7}"
                )
    for split in splits:
        for method in METHODS:
            tally = scores.tallies.get((split, method, "synthetic"))
            if tally is None:
                continue
            lines += ["", f"reliability, {split}, {method}, synthetic: confidence → share right"]
            for low, high, n, mean, right in tally.reliability():
                lines.append(
                    f"  {low:.1f}–{high:.1f}  n={n:<5} mean confidence {mean:.3f}  right {right:.3f}"
                )
    for (split, method, origin), confusion in sorted(
        scores.confusion.items(), key=lambda item: (item[0][0] != "test", item[0])
    ):
        values = [v for v in STANDARD_VALUES if any(v in pair for pair in confusion)]
        values += sorted({v for pair in confusion for v in pair} - set(values))
        lines += ["", f"values, {split}, {method}, {origin} (rows: labelled, columns: proposed)"]
        lines.append(f"  {'':<14}" + "".join(f"{v:>14}" for v in values))
        for expected in values:
            lines.append(
                f"  {expected:<14}"
                + "".join(f"{confusion.get((expected, got), 0):>14}" for got in values)
            )
    lines += [
        "",
        "recall@5: of the passages labelled as evidence, the share among the first 5 proposed; "
        "accuracy: share of right values; addr. F1: whether the reply says anything on the "
        "indicator; ECE: expected calibration error; conf>=0.9 / right: proposals with "
        "confidence at least 0.9, and the share of them right. hybrid: question links, key "
        "phrases and embeddings; keyword: key phrases only (the baseline).",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Fitting the calibration constants (DEV split only)


def _logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.1) -> np.ndarray:
    """Logistic regression by Newton's method, a little L2 on every weight but the first."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 1e-6
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (y - p) - penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_calibration(
    sets: Iterable[LabelledSet],
    embedder: Embed | None = None,
    *,
    cache_dir: Path | None = DEFAULT_CACHE,
) -> dict[str, Calibration]:
    """Fit `engine.CALIBRATION` on the sets of the DEV split (the others are ignored, so that
    TEST stays unseen): the relevance weights on whether each passage is
    labelled as evidence, then the confidence on whether each proposed value is right."""
    dev = [s for s in sets if s.split == "dev"]
    if not dev:
        raise LabelledSetError("no labelled set of the dev split to fit on")
    prepared, queries = _prepare(dev, embedder, cache_dir, None)
    fitted = {}
    for method in METHODS:
        rows, targets = [], []
        for item in prepared:
            for indicator in item.set.indicators:
                evidence = set(item.reply.labels[indicator.code].evidence)
                found = passage_features(
                    indicator,
                    item.passages,
                    query_vectors=queries[_key(item.set, indicator)],
                    others=_others(item.set, indicator, queries),
                    method=method,
                )
                for passage, features in zip(item.passages, found, strict=True):
                    if method == "keyword" and not features[0]:
                        continue  # the baseline never proposes a passage without a phrase
                    rows.append((1.0, *features))
                    targets.append(1.0 if passage.id in evidence else 0.0)
        relevance = tuple(float(v) for v in _logistic(np.array(rows), np.array(targets)))
        provisional = Calibration(relevance, {v: (0.0, 0.0) for v in STANDARD_VALUES})
        outcomes: dict[str, list[tuple[float, float]]] = {}
        for item in prepared:
            for indicator in item.set.indicators:
                proposal, best = _propose(
                    indicator,
                    item.passages,
                    query_vectors=queries[_key(item.set, indicator)],
                    others=_others(item.set, indicator, queries),
                    method=method,
                    k=TOP,
                    calibration=provisional,
                )
                right = proposal.value == item.reply.labels[indicator.code].value
                best = min(max(best, 1e-4), 1 - 1e-4)
                outcomes.setdefault(proposal.value, []).append(
                    (float(np.log(best / (1 - best))), 1.0 if right else 0.0)
                )
        confidence = {}
        for value in STANDARD_VALUES:
            seen = outcomes.get(value, [])
            if len(seen) < 10 or len({r for _, r in seen}) < 2:
                share = (sum(r for _, r in seen) + 1) / (len(seen) + 2)
                confidence[value] = (float(np.log(share / (1 - share))), 0.0)
                continue
            w = _logistic(np.array([(1.0, x) for x, _ in seen]), np.array([r for _, r in seen]))
            confidence[value] = (round(float(w[0]), 3), round(float(w[1]), 3))
        fitted[method] = Calibration(tuple(round(v, 3) for v in relevance), confidence)
    return fitted
