"""Labelled evaluation sets for the passage linker and their scores.

A labelled set is one JSON file (format in ``lanzarote/data/evaluation/linking/README.md``):
a questionnaire, and reply documents cut into passages, each passage labelled with the
question it answers (or ``null``). `load_set` reads and checks a file, `evaluate` runs the
linker on every document and counts, and `report` writes the table. The generated set shipped
in the data folder is written by ``tools/linking_corpus.py`` (not part of the package):
synthetic policy text about an invented State; no real reply and no case material is used.

Scores are micro-averaged over passages:

* precision: of the passages the linker linked to a question, the share linked to the right one
  (1.0 when it linked none);
* recall: of the passages labelled with a question, the share linked to that question (1.0 when
  none is labelled);
* F1: their harmonic mean.

A passage labelled ``null`` and left unlinked counts for neither; linked, it lowers precision.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanzarote.lib.datafile import json_file_problem, key_problem

from .linking import Link, PassageIn, QuestionRef, link_passages

__all__ = [
    "DEFAULT_DIR",
    "LANGUAGES",
    "Counts",
    "LabelledDocument",
    "LabelledPassage",
    "LabelledSet",
    "LabelledSetError",
    "Miss",
    "Scores",
    "evaluate",
    "load_set",
    "load_sets",
    "report",
]

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data" / "evaluation" / "linking"
LANGUAGES = ("en", "fr", "mixed")

Linker = Callable[[list[PassageIn], list[QuestionRef]], list[Link]]


class LabelledSetError(ValueError):
    """A labelled set file is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class LabelledPassage:
    text: str
    heading: bool
    question: str | None


@dataclass(frozen=True)
class LabelledDocument:
    id: str
    style: str
    language: str
    passages: tuple[LabelledPassage, ...]


@dataclass(frozen=True)
class LabelledSet:
    name: str
    language: str
    questions: tuple[QuestionRef, ...]
    documents: tuple[LabelledDocument, ...]
    path: str = ""


# --------------------------------------------------------------------------------------------
# Reading


_SET_KEYS = {"name", "language", "questions", "documents", "note"}
_QUESTION_KEYS = {"number", "text"}
_DOCUMENT_KEYS = {"id", "style", "passages", "language", "note"}
_PASSAGE_KEYS = {"text", "heading", "question"}


def _check_keys(
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


def load_set(path: str | Path) -> LabelledSet:
    """Read and check one labelled set file. Raises LabelledSetError naming file and entry."""
    path = Path(path)

    def fail(message: str) -> None:
        raise LabelledSetError(f"{path}: {message}")

    data, problem = json_file_problem(path)
    if problem:
        fail(problem)
    _check_keys("(top level)", data, _SET_KEYS, _SET_KEYS - {"note"}, fail)
    name = _text("name", data["name"], fail)
    language = data["language"]
    if language not in LANGUAGES:
        fail(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    if not isinstance(data["questions"], list) or not data["questions"]:
        fail("questions: expected a non-empty list")
    questions: list[QuestionRef] = []
    numbers: set[str] = set()
    for position, entry in enumerate(data["questions"]):
        where = f"questions[{position}]"
        _check_keys(where, entry, _QUESTION_KEYS, _QUESTION_KEYS, fail)
        number = _text(f"{where}.number", entry["number"], fail)
        if number in numbers:
            fail(f"{where}: question {number!r} is repeated")
        numbers.add(number)
        questions.append(QuestionRef(number, _text(f"{where}.text", entry["text"], fail)))
    if not isinstance(data["documents"], list) or not data["documents"]:
        fail("documents: expected a non-empty list")
    documents: list[LabelledDocument] = []
    ids: set[str] = set()
    for position, entry in enumerate(data["documents"]):
        where = f"documents[{position}]"
        _check_keys(where, entry, _DOCUMENT_KEYS, {"id", "style", "passages"}, fail)
        doc_id = _text(f"{where}.id", entry["id"], fail)
        where = f"documents[{position}] ({doc_id!r})"
        if doc_id in ids:
            fail(f"{where}: the id is repeated")
        ids.add(doc_id)
        style = _text(f"{where}.style", entry["style"], fail)
        doc_language = entry.get("language", language)
        if doc_language not in LANGUAGES:
            fail(f"{where}.language: {doc_language!r} is not one of {', '.join(LANGUAGES)}")
        if not isinstance(entry["passages"], list) or not entry["passages"]:
            fail(f"{where}.passages: expected a non-empty list")
        passages = []
        for index, item in enumerate(entry["passages"]):
            at = f"{where}.passages[{index}]"
            _check_keys(at, item, _PASSAGE_KEYS, _PASSAGE_KEYS, fail)
            text = _text(f"{at}.text", item["text"], fail)
            if not isinstance(item["heading"], bool):
                fail(f"{at}.heading: expected true or false, found {item['heading']!r}")
            question = item["question"]
            if question is not None and not isinstance(question, str):
                fail(f"{at}.question: expected a question number or null, found {question!r}")
            if question is not None and question not in numbers:
                fail(f"{at}.question: {question!r} is not a question of the set")
            passages.append(LabelledPassage(text, item["heading"], question))
        documents.append(LabelledDocument(doc_id, style, doc_language, tuple(passages)))
    return LabelledSet(name, language, tuple(questions), tuple(documents), str(path))


def load_sets(path: str | Path = DEFAULT_DIR) -> list[LabelledSet]:
    """One labelled set file, or every ``*.json`` file of a folder (sorted by name)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise LabelledSetError(f"{path}: no .json labelled set in this folder")
        return [load_set(f) for f in files]
    return [load_set(path)]


# --------------------------------------------------------------------------------------------
# Scores


@dataclass
class Counts:
    documents: int = 0
    passages: int = 0
    labelled: int = 0  # passages labelled with a question
    linked: int = 0  # passages the linker linked to a question
    correct: int = 0  # linked to the labelled question

    @property
    def precision(self) -> float:
        return self.correct / self.linked if self.linked else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, expected: str | None, got: str | None) -> None:
        self.passages += 1
        self.labelled += expected is not None
        self.linked += got is not None
        self.correct += got is not None and got == expected


@dataclass(frozen=True)
class Miss:
    set: str
    document: str
    passage: int
    expected: str | None
    got: str | None
    method: str
    text: str


@dataclass
class Scores:
    sets: int = 0
    overall: Counts = field(default_factory=Counts)
    by_language: dict[str, Counts] = field(default_factory=dict)
    by_style: dict[str, Counts] = field(default_factory=dict)
    by_method: dict[str, Counts] = field(default_factory=dict)  # by the method that linked
    misses: list[Miss] = field(default_factory=list)


def evaluate(
    labelled: LabelledSet | Iterable[LabelledSet], linker: Linker = link_passages
) -> Scores:
    """Run the linker on every document of one or more sets and count (module documentation)."""
    sets = [labelled] if isinstance(labelled, LabelledSet) else list(labelled)
    scores = Scores(sets=len(sets))
    for labelled_set in sets:
        questions = list(labelled_set.questions)
        for document in labelled_set.documents:
            passages = [PassageIn(i, p.text, p.heading) for i, p in enumerate(document.passages)]
            links = {link.passage: link for link in linker(passages, questions)}
            groups = [
                scores.overall,
                scores.by_language.setdefault(document.language, Counts()),
                scores.by_style.setdefault(document.style, Counts()),
            ]
            for group in groups:
                group.documents += 1
            for i, passage in enumerate(document.passages):
                link = links.get(i)
                got = link.question if link else None
                method = link.method if link else "none"
                for group in groups:
                    group.add(passage.question, got)
                scores.by_method.setdefault(method, Counts()).add(passage.question, got)
                if got != passage.question:
                    scores.misses.append(
                        Miss(
                            labelled_set.name,
                            document.id,
                            i,
                            passage.question,
                            got,
                            method,
                            passage.text,
                        )
                    )
    return scores


def report(scores: Scores) -> str:
    """The scores as a plain-text table: overall, then by language, style and method."""
    header = (
        f"{'':<22}{'docs':>6}{'passages':>10}{'labelled':>10}{'linked':>8}{'correct':>9}"
        f"{'precision':>11}{'recall':>8}{'F1':>7}"
    )

    def row(name: str, c: Counts, documents: bool = True) -> str:
        docs = str(c.documents) if documents else "–"
        return (
            f"{name:<22}{docs:>6}{c.passages:>10}{c.labelled:>10}{c.linked:>8}{c.correct:>9}"
            f"{c.precision:>11.3f}{c.recall:>8.3f}{c.f1:>7.3f}"
        )

    lines = [
        f"Passage linking: {scores.sets} set(s), {scores.overall.documents} documents, "
        f"{scores.overall.passages} passages",
        "",
        header,
        row("overall", scores.overall),
    ]
    for title, groups, documents in (
        ("language", scores.by_language, True),
        ("style", scores.by_style, True),
        ("method", scores.by_method, False),
    ):
        lines.append("")
        for name in sorted(groups):
            lines.append(row(f"{title} {name}", groups[name], documents))
    lines.append("")
    lines.append(
        "precision: of the passages linked, the share linked to the right question; "
        "recall: of the passages labelled with a question, the share linked to it."
    )
    return "\n".join(lines)
