"""Cut the text of a piece of legislation into its own units, as the statute book numbers them.

``segment(pages)`` takes the pages of :func:`lanzarote.lib.extract.read_pages` and returns a
:class:`Segmentation`: the units in document order, whether a numbering was recognised, the
layout's name and, when none was, a message for the person (the text is then read paragraph by
paragraph). Rules:

* **Articles** (civil-law codes, in English and French): a line starting with "Article",
  "Art." or "Artikel" and a number — "Article 227-23", "Art. 372.", "Article L. 3221-1",
  "Art. 197", "Art. 187 1. …", "Article 12bis". The rest of the line, if it is short and has no
  final punctuation, is the heading ("Art. 197 Pornographie"); otherwise it is the first words
  of the text. Fedlex prints the heading on the next line: a short line right after the number
  line, followed by a numbered paragraph, is taken as the heading.
* **Sections** (common-law statutes): "Section 160", "Sec. 5", "s. 9", "§ 2", or a bare
  number at the start of a line followed by a heading or a subsection — "9 Sexual activity
  with a child" (legislation.gov.uk), "163.1 (1) In this section…" (Canada), "Section 5.—(1)"
  (Ireland). A bare number is only taken when it does not go backwards (so "18 years" inside a
  text, a list item or a cross-reference never starts a unit) and the line is not a sentence
  that merely starts with a number.
* **Marginal headings**: a short line without final punctuation right before a section number
  ("Child pornography" / "163.1 (1) …") is that section's heading, not the end of the previous
  section's text.
* **Containers**: "Part", "Partie", "Livre", "Book", "Title", "Titre", "Chapter", "Chapitre",
  "Division" and, in a code numbered by articles, "Section" (French codes' sections group
  articles) start a container unit; the units after it carry it in their ``path``.
* **Subsections**: inside a section or an article, a line starting with "(1)", "(2)", "(2.1)"
  or "1." / "1 " (Fedlex paragraphs) is a child unit ("163.1(2)", "197(1)"); its parent's text
  keeps the whole section so that the linker reads the section whole.
* **Page furniture**: in a document of three pages or more, a line that repeats (digits
  ignored) among the first or last two lines of most pages is a running header or footer and
  is dropped, as are lines holding only a page number.

Only sections and articles (and, in the fallback, paragraphs) are ``linkable``: containers and
subsections are kept to cite and to show, not linked on their own. Offsets (``start``, ``end``)
index :func:`lanzarote.lib.extract.full_text` of the same pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lanzarote.lib.extract import PAGE_SEPARATOR, Page, split_passages

UNRECOGNISED = (
    "No section or article numbering was recognised in this file; it is read paragraph by "
    "paragraph."
)
MAX_HEADING = 160

_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(
    r"^(?P<word>Article|ARTICLE|Art\.|Artikel)\s*(?P<num>(?:[LRD]\.?\s?)?\d+(?:[-.]\d+)*"
    r"(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)\b)?[a-z]?)"
    r"\s*(?:[.:–—-]\s*)?(?P<rest>.*)$"
)
_SECTION = re.compile(
    r"^(?P<word>Section|SECTION|Sec\.|s\.|§)\s*(?P<num>\d+[A-Z]{0,3}(?:\.\d+)*)"
    r"(?P<sub>\(\d+[a-z]?\))?\s*(?:[.:]?\s*[—–-]+\s*|\.\s+|:\s*)?(?P<rest>.*)$"
)
_BARE = re.compile(
    r"^(?P<num>\d{1,4}[A-Z]{0,3}(?:\.\d{1,3})*)\.?(?P<sub>\s?\(\d+[a-z]?\))?\s+(?P<rest>\S.*)$"
)
_CONTAINER = re.compile(
    r"^(?P<word>Part|PART|Partie|PARTIE|Livre|LIVRE|Book|BOOK|Title|TITLE|Titre|TITRE|Chapter|"
    r"CHAPTER|Chapitre|CHAPITRE|Division|DIVISION|Section|SECTION|Sous-section)\s+"
    r"(?P<num>[IVXLC]+|\d+[A-Z]?|premier|première|unique|[A-Z])\b\.?\s*(?:[:.–—-]\s*)?(?P<rest>.*)$"
)
_SUBSECTION = re.compile(r"^\((?P<num>\d+(?:\.\d+)?[a-z]?)\)\s+\S")
_FEDLEX_PARAGRAPH = re.compile(r"^(?P<num>\d{1,2})(?:\.|\s)\s*[A-ZÀ-ÖØ-Þ]")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of|sur)\s*\d{1,4})?(?:\s*[-–—])?$", re.I
)
_DIGITS = re.compile(r"\d+")
_ENDS_SENTENCE = re.compile(r"[.;:,!?]$")


@dataclass(frozen=True)
class Unit:
    kind: str  # act | part | chapter | section | article | subsection | paragraph
    number: str
    label: str
    heading: str
    text: str
    path: tuple[str, ...]
    start: int
    end: int
    page: int
    level: int
    parent: int | None = None  # index of the parent unit in the list
    linkable: bool = True


@dataclass(frozen=True)
class Segmentation:
    units: list[Unit]
    recognised: bool
    layout: str  # "articles", "sections" or "paragraphs"
    message: str = ""


@dataclass
class _Line:
    text: str
    start: int
    end: int
    page: int


@dataclass
class _Open:
    kind: str
    number: str
    label: str
    heading: str
    lines: list[_Line] = field(default_factory=list)
    path: tuple[str, ...] = ()
    level: int = 0
    parent: int | None = None
    start: int = 0
    page: int = 1


def segment(pages: list[Page]) -> Segmentation:
    lines = _lines(pages)
    if not lines:
        return Segmentation([], False, "paragraphs", UNRECOGNISED)
    articles = sum(1 for line in lines if _ARTICLE.match(line.text))
    sections = sum(1 for line in lines if _SECTION.match(line.text) or _BARE.match(line.text))
    layout = "articles" if articles and articles >= sections / 4 else "sections"
    units = _cut(lines, layout)
    if not any(u.linkable for u in units):
        return _paragraphs(pages)
    return Segmentation(units, True, layout)


def _lines(pages: list[Page]) -> list[_Line]:
    furniture = _furniture(pages)
    lines: list[_Line] = []
    offset = 0
    for index, page in enumerate(pages):
        if index:
            offset += len(PAGE_SEPARATOR)
        position = offset
        for raw in page.text.split("\n"):
            text = _SPACE.sub(" ", raw).strip()
            if text and not _PAGE_NUMBER.match(text) and _DIGITS.sub("#", text) not in furniture:
                lines.append(_Line(text, position, position + len(raw), page.number))
            position += len(raw) + 1
        offset += len(page.text)
    return lines


def _furniture(pages: list[Page]) -> set[str]:
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        rows = [r.strip() for r in page.text.split("\n") if r.strip()]
        for row in {*rows[:2], *rows[-2:]}:
            seen[_DIGITS.sub("#", _SPACE.sub(" ", row))] += 1
    return {row for row, n in seen.items() if n >= max(3, len(pages) // 2)}


def _cut(lines: list[_Line], layout: str) -> list[Unit]:
    units: list[Unit] = []
    containers: list[tuple[int, str, int]] = []  # (rank, label, unit index)
    current: _Open | None = None
    children: list[_Open] = []
    last_number = 0.0

    def close() -> None:
        nonlocal current, children
        if current is None:
            return
        index = len(units)
        units.append(_unit(current))
        for child in children:
            child.parent = index
            units.append(_unit(child))
        current, children = None, []

    for i, line in enumerate(lines):
        text = line.text
        container = _CONTAINER.match(text)
        if (
            container
            and not (layout == "sections" and container["word"].lower() == "section")
            and (not _ENDS_SENTENCE.search(text) or len(text) < 80)
        ):
            close()
            rank = _container_rank(container["word"])
            while containers and containers[-1][0] >= rank:
                containers.pop()
            label = f"{container['word'].capitalize()} {container['num']}"
            heading = container["rest"].strip()
            units.append(
                Unit(
                    kind="part" if rank < 3 else "chapter",
                    number=container["num"],
                    label=label,
                    heading=heading[:MAX_HEADING],
                    text=text,
                    path=tuple(c[1] for c in containers),
                    start=line.start,
                    end=line.end,
                    page=line.page,
                    level=len(containers),
                    parent=containers[-1][2] if containers else None,
                    linkable=False,
                )
            )
            containers.append((rank, label, len(units) - 1))
            continue
        start = _unit_start(text, layout, last_number)
        if start is not None:
            kind, number, label, rest, sub = start
            heading, first_text = "", rest
            if rest and not sub and _is_heading(rest):
                heading, first_text = rest, ""  # "9 Sexual activity with a child"
            elif current is not None and len(current.lines) > 1:
                marginal = current.lines[-1]
                if _is_heading(marginal.text):  # "Child pornography" / "163.1 (1) ..."
                    current.lines.pop()
                    heading = marginal.text
            elif current is None and i and _is_heading(lines[i - 1].text):
                heading = lines[i - 1].text  # the first section's marginal heading
            close()
            current = _Open(
                kind=kind,
                number=number,
                label=label,
                heading=heading[:MAX_HEADING],
                path=tuple(c[1] for c in containers),
                level=len(containers),
                parent=containers[-1][2] if containers else None,
                start=line.start,
                page=line.page,
            )
            current.lines.append(
                _Line(f"{label} {first_text}".strip(), line.start, line.end, line.page)
            )
            if sub:
                children.append(_child(current, sub.strip("() "), line))
            last_number = _value(number, last_number)
            continue
        if current is None:
            continue  # the act's title and preamble: not a unit
        if not current.heading and len(current.lines) == 1 and current.kind == "article":
            following = lines[i + 1].text if i + 1 < len(lines) else ""
            if _is_heading(text) and (_FEDLEX_PARAGRAPH.match(following) or not following):
                current.heading = text[:MAX_HEADING]
                continue
        current.lines.append(line)
        subsection = _SUBSECTION.match(text) or (
            current.kind == "article" and _FEDLEX_PARAGRAPH.match(text)
        )
        if subsection:
            children.append(_child(current, subsection["num"], line))
        elif children:
            children[-1].lines.append(line)
    close()
    return units


def _child(parent: _Open, number: str, line: _Line) -> _Open:
    return _Open(
        kind="subsection",
        number=f"{parent.number}({number})",
        label=f"{parent.label}({number})",
        heading="",
        lines=[line],
        path=(*parent.path, parent.label),
        level=parent.level + 1,
        start=line.start,
        page=line.page,
    )


def _unit(open_: _Open) -> Unit:
    text = " ".join(line.text for line in open_.lines)
    end = open_.lines[-1].end if open_.lines else open_.start
    return Unit(
        kind=open_.kind,
        number=open_.number,
        label=open_.label,
        heading=open_.heading,
        text=text,
        path=open_.path,
        start=open_.start,
        end=end,
        page=open_.page,
        level=open_.level,
        parent=open_.parent,
        linkable=open_.kind != "subsection",
    )


def _unit_start(text: str, layout: str, last: float) -> tuple[str, str, str, str, str] | None:
    """(kind, number, label, rest of the line, subsection) when the line starts a unit."""
    if layout == "articles":
        match = _ARTICLE.match(text)
        if match:
            number = _SPACE.sub(" ", match["num"]).strip()
            word = "Article" if match["word"] in ("Article", "ARTICLE") else match["word"]
            return "article", number, f"{word} {number}", match["rest"].strip(), ""
        return None
    match = _SECTION.match(text)
    if match:
        word = "§" if match["word"] == "§" else "Section"
        number = match["num"]
        label = f"§ {number}" if word == "§" else f"Section {number}"
        return "section", number, label, match["rest"].strip(), match["sub"] or ""
    match = _BARE.match(text)
    if match is None:
        return None
    number, rest, sub = match["num"], match["rest"], match["sub"] or ""
    value = _value(number, last)
    if value < last or value > last + 200:
        return None  # backwards, or a far jump: a number inside the text, not a section
    if not sub and not _is_heading(rest):
        return None  # "18 years or more …": a sentence that starts with a number
    return "section", number, f"Section {number}", rest.strip(), sub


def _value(number: str, default: float) -> float:
    match = re.match(r"(\d+)(?:\.(\d+))?", number)
    if not match:
        return default
    whole = float(match[1])
    return whole + (float(f"0.{match[2]}") if match[2] else 0.0)


def _is_heading(text: str) -> bool:
    return (
        0 < len(text) <= MAX_HEADING
        and not _ENDS_SENTENCE.search(text)
        and text[:1].isupper()
        and not _SUBSECTION.match(text)
    )


def _container_rank(word: str) -> int:
    return {
        "part": 0,
        "partie": 0,
        "book": 1,
        "livre": 1,
        "title": 2,
        "titre": 2,
        "chapter": 3,
        "chapitre": 3,
        "division": 4,
        "section": 4,
        "sous-section": 5,
    }[word.lower()]


def _paragraphs(pages: list[Page]) -> Segmentation:
    units = [
        Unit(
            kind="paragraph",
            number=str(n),
            label=f"¶ {n}",
            heading="",
            text=p.text,
            path=(),
            start=p.start,
            end=p.end,
            page=p.page,
            level=0,
        )
        for n, p in enumerate((p for p in split_passages(pages) if not p.heading), start=1)
    ]
    return Segmentation(units, False, "paragraphs", UNRECOGNISED)
