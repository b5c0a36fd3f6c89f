"""Cut the text of a piece of legislation into its own units: the act, its parts and chapters,
its sections or articles, and their numbered subsections or paragraphs.

``segment(pages, title=None)`` takes the pages of :func:`lanzarote.lib.extract.extract_pages`
and returns a :class:`Segmentation`: the :class:`Unit` objects in document order, whether a
numbering was recognised, the name of the layout and a message for the person who uploaded
the file. Offsets (``start``, ``end``) index :func:`lanzarote.lib.extract.full_text` of the
same pages, as passage offsets do; ``page`` is the page where a unit starts.

Units and their kinds:

* ``"act"``: the act itself, when its title is given or found among the first lines of the
  first page (a short line naming an Act, Code, Loi, Law...); it holds the title and the
  text before the first division or provision (preamble, contents).
* ``"part"`` and ``"chapter"``: divisions. A line starting with Partie législative, Livre /
  Book, Part / Partie, Titre / Title ("part"), or Chapter / Chapitre, Division, Subdivision,
  Subpart, and in codes numbered by article Section, Sous-section, Paragraphe ("chapter"),
  then a number (arabic, roman, "Ier", "1er", "premier", a letter) and nothing, a separator or
  a capitalised title ("Part 1Sexual Offences" too, as HTML text runs them together). A title
  on the next lines is taken too (lines of dashes skipped, lower-case continuation lines
  joined: "TITRE VII." / "- Des crimes ... familles et" / "contre la moralité publique.").
  Divisions nest by the usual order
  (Partie législative > Livre > Part > Titre > Chapter > Division / Section > Subdivision /
  Sous-section > Paragraphe), except that a division numbered inside another's number nests
  in it ("Part 10.6" inside "Chapter 10", as in Australia). Unnumbered headings standing
  between the end of a provision and the next one ("Child sex offences") are crossheadings:
  "chapter" units without a number, labelled by their text.
* ``"section"`` / ``"article"``: the provisions, the units that are linked. Their span covers
  their subsections, and their text is the whole provision with its number and heading.
* ``"subsection"`` / ``"paragraph"``: numbered subdivisions of a provision, "(1)" at the
  start of a line ("subsection" in a section or a § provision, "paragraph" in an article),
  and in articles also "1 Quiconque..." or "1. Celui qui..." (Swiss alinéas and chiffres) and
  "§ 1er." (Belgian paragraphs). Numbers must start at 1 and rise. Number and label are the
  provision's followed by "(n)" ("163.1(2)", "Section 163.1(2)"), or ", § n" for "§" paragraphs.

A part, chapter or act holds only its own heading and any text before its first unit (its
provisions are units of their own); ``parent`` and ``children`` give the tree, ``path`` the
labels of the ancestors (act title first) and ``level`` the depth (0 for the act).

Provisions are recognised in one of four numberings, chosen per document:

* ``Article`` / ``Art.`` + number ("Article 227-23", "Article L. 3221-1", "Art. 372.",
  "Art. 417/5", "Art. 2bis", "Article 1er");
* ``Section`` + number ("Section 160(1) It is...", "Section 5.—(1)", "Section 174");
* ``§`` + number ("§ 2. Basis for punishment");
* a bare number at the start of the line ("9 Sexual activity with a child", "9Sexual..." as
  HTML text runs it together, "163.1 (1) In this section", "5.—(1) Any person", "151 Every
  person", "131AB", "474.22", or a number alone on its line with a heading just below or just
  above it), labelled "Section N" in English and "Article N" in French (the language of the
  first provisions, by :func:`lanzarote.lib.language.detect_language`).

A line is the start of a provision only if (1) the number is followed by nothing, a
separator, a subsection number "(1)", or a capital letter (heading or text): "Section 151 of
the Act", "Article 5, paragraph 2", "l'article 227-22" and "151 or 152" are cross-references;
(2) the line before ends a sentence (or with a dash: "as follows:—"), is a heading, a division,
a number with its heading or a note in brackets ("(L. 15 novembre 1978)"), or a blank line
comes between: a number at the start of a line wrapped in mid-sentence ("...under section /
151 or 152") is not a provision; (3) the numbers rise: of all candidate lines, the longest run
of rising numbers is kept (longest increasing subsequence, numbers compared part by part:
"163" < "163.1" < "164", "227-22" < "227-22-1" < "227-23", "9" < "9A" < "10", "2" < "2bis"
< "3"; "L." and "R." articles each rise on their own); and (4) a rising run of three or more
numbered lines with nothing but headings between them, of which two or more (or half) come
again later, is a table of contents and is left out (it stays in the act's text). Each
numbering's candidates are filtered alike and the numbering with the most provisions wins
(a keyword numbering wins a tie). A bare number with only text after it ("151. Every
person...", "1. The Committee") is weak, one with a heading (on its line without a full stop
after the number, or above or below it), a dash or a "(1)" is strong; bare numbers are
recognised only if at least one and at least half of them are strong, so that numbered
paragraphs of a report are not read as sections.

Headings: on the number's line ("9 Sexual activity with a child", "Art. 197 Pornographie"),
on the line or two after a number standing alone ("Art. 197" / "4. Pornographie": a leading
"4." is dropped; of two such lines the second is the article's own), or on the line before
the number (marginal notes: "Definition of child pornography" / "163.1 (1) ...", Irish
"Interpretation." / "2.—(1) ...", "Marginal note:" prefixes dropped). A heading is a short
line (at most ``SHORT_HEADING`` characters) starting with a capital, with no final punctuation
(a final full stop only before an Irish "N.—" number), not ending with a word such as "of",
"under", "section" or "et", not followed by a line starting in lower case, and not an
amendment note ("Modifié par...", "Amended by..."). A heading before a number belongs to that
unit and is never the end of the previous unit's text.

Page furniture is left out of every unit's text. In a document of several pages it is: a line
among the first three or last three of a page that recurs there, digits aside, on at least
three pages (two in a two-page document) and on at least 40% of the pages between its first
and last occurrence (running headers and footers, "Current to December 12, 2023"), unless it
reads as statute text (it starts with "(" or ends with . , ; : — ! ?) or starts with a
number that changes without following the pages ("9 Sexual activity with a child" first on
several pages, numbers aside, is a run of sections; "12 Criminal Code" is a header), and
except the first occurrence of a recurring division line, which is the division; a page
number among the first two or last two lines ("- 12 -", "Page 3 of 10", "3/10", or "12" when
its difference to the page's position repeats on another page); and, in any document, a
division line repeating the label of a division still open (a running "PART V Sexual
Offences..." header missed above). The act's title may be a running header of page 1. A
unit's span
may therefore contain furniture between ``start`` and ``end``; its ``text`` is its own lines
without furniture, joined by single spaces (so it equals the span with white space squeezed
when no furniture lies inside).

When no numbering is recognised (no provision at all), the text is read
paragraph by paragraph with :func:`lanzarote.lib.extract.split_passages`: each passage that is
not a heading becomes a "paragraph" unit numbered 1, 2, 3 in document order, with the latest
heading passage as its heading, ``recognised`` is False and the message says so
(``UNRECOGNISED_MESSAGE``). Not handled: schedules and annexes (their numbered paragraphs
stay in the text of the last provision), tables, footnote numbers printed against a number
("Art. 197238"), several acts in one file, lettered items "(a)", "(i)" (kept in the text),
German-language "Abs." paragraphs, and scans (no text to read).

The work is a few passes over the lines with regular expressions tried only on lines whose
first character can start them: a 500-page code of 2 million characters takes about a second.
This module imports lib.extract and lib.language (PDFium, NumPy): like replies/ingestion.py, it
is imported inside the functions that use it, so that starting the site does not load them.
"""

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from lanzarote.lib.extract import PAGE_SEPARATOR, Page, rejoin_hyphenation, split_passages
from lanzarote.lib.language import detect_language

SHORT_HEADING = 100
LONG_HEADING = 200  # a division title, with its continuation lines
UNRECOGNISED_MESSAGE = (
    "No section or article numbering was recognised in this file; it is read paragraph by "
    "paragraph."
)
EMPTY_MESSAGE = "No text was found in this file."

PROVISION_KINDS = ("section", "article")

LAYOUTS = {
    "article-alone": "“Article N” on a line of its own, the text below (Légifrance)",
    "article-heading": "“Art. N” with a heading, numbered paragraphs (Fedlex)",
    "article-inline": "“Art. N.” followed by its text (Belgian and Luxembourg codes)",
    "number-heading": "the number and heading of a section on one line (UK, New Zealand, "
    "Australia)",
    "number-margin": "the number followed by “(1)” or the text, marginal headings before it "
    "(Canada)",
    "number-dash": "“N.—(1)” (Ireland)",
    "section-keyword": "“Section N” at the start of each section",
    "paragraph-sign": "“§ N” at the start of each section",
}

# Ranks of units in the tree (lower is outer).
_ACT, _CROSSHEADING, _PROVISION, _SUBDIVISION = 0.0, 9.0, 10.0, 11.0


@dataclass(frozen=True, slots=True)
class Unit:
    index: int  # 0-based position in Segmentation.units
    kind: str  # act | part | chapter | section | article | subsection | paragraph
    number: str  # as printed, normalised: "9", "163.1", "227-23", "L. 3221-1", "160(1)"
    label: str  # "Section 160(1)", "Article 227-23", "Art. 372", "§ 2", "Part V"
    heading: str
    text: str  # the unit's own lines, furniture left out, white space squeezed
    path: tuple[str, ...]  # labels of the ancestors, outermost first
    start: int  # offsets into full_text(pages)
    end: int
    page: int  # page of start (1-based)
    level: int  # depth in the tree: len(path)
    parent: int | None
    children: tuple[int, ...]

    @property
    def is_provision(self) -> bool:
        """A section or article: the unit that links to obligations."""
        return self.kind in PROVISION_KINDS


@dataclass(frozen=True)
class Segmentation:
    units: tuple[Unit, ...]
    recognised: bool
    layout: str  # a key of LAYOUTS, "paragraphs" (not recognised) or "empty"
    message: str

    @property
    def provisions(self) -> list[Unit]:
        return [unit for unit in self.units if unit.is_provision]


# --------------------------------------------------------------------------------------------
# Lines


@dataclass(slots=True)
class _Line:
    page: int  # Page.number
    start: int  # offsets of the stripped line in the full text
    end: int
    raw: str  # the stripped line
    text: str  # the stripped line with white space runs made one space
    blank_before: bool  # a blank line comes before it on its page


def _read_pages(pages: Sequence[Page]) -> list[list[_Line]]:
    """The non-blank lines of each page, with offsets into full_text(pages)."""
    result: list[list[_Line]] = []
    offset = 0
    for page in pages:
        page_text = rejoin_hyphenation(page.text)
        lines: list[_Line] = []
        position = offset
        blank = False
        for raw in page_text.split("\n"):
            stripped = raw.strip()
            if stripped:
                # The first visible character cannot occur earlier, in the indentation.
                start = position + raw.find(stripped[0])
                text = stripped if "  " not in stripped and "\t" not in stripped else ""
                text = text or " ".join(stripped.split())
                lines.append(
                    _Line(page.number, start, start + len(stripped), stripped, text, blank)
                )
                blank = False
            else:
                blank = True
            position += len(raw) + 1
        result.append(lines)
        offset += len(page_text) + len(PAGE_SEPARATOR)
    return result


_ZONE = 3
_EXPLICIT_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of|sur|de)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|"
    r"\d{1,4}\s*/\s*\d{1,4})$",
    re.IGNORECASE,
)
_BARE_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_DIGITS = re.compile(r"\d+")
_STATUTE_PUNCTUATION = ".,;:—–!?"


def _furniture(pages: list[list[_Line]]) -> set[int]:
    """Ids (id()) of the lines that are running headers, footers and page numbers."""
    if len(pages) < 2:
        return set()
    found: set[int] = set()
    numbered: dict[int, list[_Line]] = defaultdict(list)  # offset to page position -> lines
    zones: dict[tuple[str, str], list[tuple[int, _Line]]] = defaultdict(list)
    for position, lines in enumerate(pages):
        count = len(lines)
        for index in sorted({0, 1, count - 2, count - 1}):
            if 0 <= index < count:
                text = lines[index].text
                if _EXPLICIT_PAGE_NUMBER.match(text):
                    found.add(id(lines[index]))
                elif _BARE_PAGE_NUMBER.match(text):
                    numbered[int(text) - position].append(lines[index])
        seen: set[tuple[str, str]] = set()
        for index in range(count):
            if _ZONE <= index < count - _ZONE:
                continue
            text = lines[index].text
            if text[0] == "(" or text[-1] in _STATUTE_PUNCTUATION:
                continue  # statute text, even if it recurs: "(1) A person aged 18 or over..."
            zone = "top" if index < _ZONE else "bottom"
            key = (zone, _DIGITS.sub("#", text.casefold()))
            if key not in seen:
                seen.add(key)
                zones[key].append((position, lines[index]))
    for lines in numbered.values():
        if len(lines) >= 2:
            found.update(id(line) for line in lines)
    least = 2 if len(pages) == 2 else 3
    for occurrences in zones.values():
        if len(occurrences) < least:
            continue
        span = occurrences[-1][0] - occurrences[0][0] + 1
        if len(occurrences) >= 0.4 * span and _numbered_like_pages(occurrences):
            # A division repeated as a running header is kept where it first appears.
            skip = 1 if _DIVISION.match(occurrences[0][1].text) else 0
            found.update(id(line) for _, line in occurrences[skip:])
    return found


_LEADING_DIGITS = re.compile(r"\d{1,4}(?!\d)")


def _numbered_like_pages(occurrences: list[tuple[int, _Line]]) -> bool:
    """A recurring line that starts with a number ("12 Criminal Code") is furniture only if the
    number follows the pages: "9 Sexual activity with a child" recurring as the first line of
    pages, numbers aside, is a run of sections."""
    offsets: Counter[int] = Counter()
    numbers: set[int] = set()
    for position, line in occurrences:
        match = _LEADING_DIGITS.match(line.text)
        if match is None:
            return True
        number = int(match.group())
        numbers.add(number)
        offsets[number - position] += 1
    if len(numbers) == 1:
        return True  # "Current to December 12, 2023" on every page
    return offsets.most_common(1)[0][1] * 2 >= len(occurrences)


# --------------------------------------------------------------------------------------------
# Line classification

_SENTENCE_END = ".:;?!…"
_CLOSERS = "\"'”’»)]"
_OPENING_QUOTES = "\"“«‘'"
_HEADING_LAST = ")]\"”»’'"
# Words a heading never ends with: a line ending so is text wrapped in mid-sentence.
_HEADING_END_WORDS = frozenset(
    {
        *("a", "an", "and", "or", "of", "the", "to", "in", "on", "under", "by", "for", "with"),
        *("from", "as", "at", "than", "that", "which", "nor", "section", "sections"),
        *("subsection", "subsections", "article", "articles", "paragraph", "paragraphs"),
        *("art", "arts", "s", "ss", "et", "ou", "de", "du", "des", "la", "le", "les", "l"),
        *("à", "au", "aux", "par", "sous", "sur", "en", "dans", "pour", "avec", "d", "un"),
        *("une", "alinéa", "alinéas", "paragraphe"),
    }
)
_LAST_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
_NOTE = re.compile(
    r"^(?:Modifié|Créé|Création|Abrogé|Version en vigueur|Amended|Inserted|Substituted|"
    r"Repealed by|Textual Amendments|Marginal Citations|Annotations|Amendments:|Editorial)",
)
_MARGINAL_NOTE = re.compile(r"^(?:Marginal note|Note marginale)\s*:\s*")
_ENUMERATOR = re.compile(r"^\d{1,2}\.\s+")


def _ends_sentence(text: str) -> bool:
    last = text[-1]
    if last in _SENTENCE_END or last in "”»":
        return True
    if last in _CLOSERS:
        core = text.rstrip(_CLOSERS)
        return bool(core) and core[-1] in _SENTENCE_END
    # "as follows:—", "commits an offence if—": a list or a provision follows
    return last in "—–"


def _heading_text(text: str) -> str:
    return _MARGINAL_NOTE.sub("", text)


def _is_heading(text: str, *, period: bool = False, limit: int = SHORT_HEADING) -> bool:
    """A short line that can be a heading (module docstring); the caller checks the next line."""
    text = _heading_text(text)
    if not text or len(text) > limit or _NOTE.match(text):
        return False
    if not (text[0].isupper() or text[0] in _OPENING_QUOTES):
        return False
    last = text[-1]
    if last == ".":
        if not period or ". " in text[:-1] or text.endswith(".."):
            return False
    elif not (last.isalnum() or last in _HEADING_LAST):
        return False
    word = _LAST_WORD.search(text)
    return not (word and word.group(1).lower() in _HEADING_END_WORDS)


def _starts_lower(text: str) -> bool:
    return text[0].islower()


# Divisions --------------------------------------------------------------------------------

_ORDINALS = (
    "premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|"
    "septième|huitième|neuvième|dixième|onzième|douzième|treizième|quatorzième|quinzième"
)
_DIVISION_NUMBER = (
    rf"(?:\d{{1,4}}(?:er|re)|\d{{1,4}}(?:[./-]\d{{1,3}})*[A-Za-z]?|[IVXLCDM]{{1,7}}(?:er|re|e)?|"
    rf"{_ORDINALS}|"
    r"unique|[A-Z])(?:\s+(?:bis|ter|quater))?"
)
# word -> (kind, rank)
_DIVISION_WORDS = {
    "partie": ("part", 3.0),
    "part": ("part", 3.0),
    "livre": ("part", 2.0),
    "book": ("part", 2.0),
    "titre": ("part", 4.0),
    "title": ("part", 4.0),
    "chapitre": ("chapter", 5.0),
    "chapter": ("chapter", 5.0),
    "subpart": ("chapter", 6.0),
    "division": ("chapter", 6.0),
    "section": ("chapter", 6.0),
    "sous-section": ("chapter", 7.0),
    "subdivision": ("chapter", 7.0),
    "paragraphe": ("chapter", 8.0),
}
_DIVISION_ALTERNATIVES = "|".join(
    f"{word.capitalize()}|{word.upper()}" for word in sorted(_DIVISION_WORDS, key=len, reverse=True)
)
_DIVISION = re.compile(
    rf"(?P<word>{_DIVISION_ALTERNATIVES})\s+(?P<number>{_DIVISION_NUMBER})"
    # "Part 1Sexual Offences": HTML text runs the number and title together
    r"(?:(?![\w])|(?=[A-Z][a-zà-ÿ]))(?P<rest>.*)$"
)
_PARTIE_UNNUMBERED = re.compile(
    r"(?P<word>Partie|PARTIE)\s+(?P<name>législative|réglementaire|Législative|Réglementaire|"
    r"LÉGISLATIVE|RÉGLEMENTAIRE|arrêtés|Arrêtés|ARRÊTÉS)\s*$"
)
_SEPARATORS = " .:–—-"


@dataclass(slots=True)
class _Division:
    kind: str
    rank: float
    number: str
    label: str
    heading: str
    consumed: int  # lines after the division line holding its title


def _division_at(lines: list[_Line], index: int, *, sections: bool) -> _Division | None:
    """The division starting at lines[index], if any (its title may be on the next lines)."""
    text = lines[index].text
    if text[0] not in "PLBTCSD" or len(text) > LONG_HEADING:
        return None
    unnumbered = _PARTIE_UNNUMBERED.match(text)
    if unnumbered:
        label = f"Partie {unnumbered.group('name').lower()}"
        return _Division("part", 1.0, "", label, "", 0)
    match = _DIVISION.match(text)
    if not match:
        return None
    word = match.group("word").lower()
    if word == "section" and not sections:
        return None
    kind, rank = _DIVISION_WORDS[word]
    title = match.group("rest").strip(_SEPARATORS)
    if title and not (title[0].isupper() or title[0] in _OPENING_QUOTES or title[0] == "("):
        return None  # "Part 2 applies...", "Chapter 13 of the Act"
    number = match.group("number")
    label = f"{word.capitalize()} {number}"
    consumed = 0
    if not title:
        title, consumed = _title_below(lines, index)
    return _Division(kind, rank, number, label, title, consumed)


def _title_below(lines: list[_Line], index: int) -> tuple[str, int]:
    """A division title on the lines after its number, with lower-case continuation lines."""
    parts: list[str] = []
    position = index + 1
    while position < len(lines) and len(parts) < 3:
        text = lines[position].text.lstrip("-–— ")
        if not text and not parts:  # "CHAPTER 10" / "-" / "NATIONAL INFRASTRUCTURE"
            position += 1
            continue
        if not text:
            break
        if not parts:
            if not (text[0].isupper() or text[0] in _OPENING_QUOTES) or _NOTE.match(text):
                break
            if _DIVISION.match(text) or _PARTIE_UNNUMBERED.match(text) or _starts_provision(text):
                break
        elif not _starts_lower(text) or parts[-1].endswith("."):
            break
        if sum(map(len, parts)) + len(text) > LONG_HEADING:
            break
        parts.append(text)
        position += 1
    if not parts:
        return "", 0
    return " ".join(parts).rstrip(" ."), position - index - 1


# Provisions -------------------------------------------------------------------------------

_LATIN = "bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies"
_LATIN_ORDER = {word: position for position, word in enumerate(_LATIN.split("|"), start=2)}
_ARTICLE = re.compile(
    r"(?P<word>Article|ARTICLE|Art\.|ART\.)\s*"
    r"(?P<number>(?:(?P<prefix>L\.?\s?O|[LRDA])\.?\s?)?\d{1,5}(?:\s?[-‑–/]\s?\d{1,5})*"
    rf"(?:[a-z](?![a-z]))?(?:\s?(?:{_LATIN}))?(?:er|re)?|premier|unique)(?![\w])"
)
_SECTION_WORD = re.compile(
    r"(?P<word>Section|SECTION|Sec\.|SEC\.)\s*(?P<number>\d{1,4}(?:\.\d{1,4})*[A-Z]{0,3})"
    r"(?![\w])"
)
_SIGN = re.compile(r"(?P<word>§)\s*(?P<number>\d{1,4}[a-z]?(?:\s?(?:bis|ter))?)(?![\w])")
_BARE = re.compile(
    r"(?P<number>\d{1,4}(?:\.\d{1,4})*)(?P<letters>[A-Z]{0,3}?)(?=[A-Z][a-zà-ÿ]|[^A-Za-z]|$)"
)
_SUB_PAREN = re.compile(r"\((?P<number>\d{1,3}(?:\.\d{1,2})?[A-Za-z]{0,2})\)")
_SUB_SIGN = re.compile(r"§\s*(?P<number>\d{1,3})(?:er)?\.?(?=\s)")
_SUB_SWISS = re.compile(r"(?P<number>\d{1,2})(?:\.\s+|\s+)(?=[A-ZÀ-Ý«\"“…])")
_DASH = re.compile(r"^\.\s?[—–]\s*|^\.-\s*(?=\()")  # Irish "5.—(1)", "5.-(1)"

_SCHEMES = ("article", "section", "sign", "bare")


@dataclass(slots=True)
class _Marker:
    """A numbered subdivision: "(1)", "§ 1er.", "1 " or "1. "."""

    style: str  # paren | sign | swiss
    number: str
    column: int  # where it starts in the line's text
    key: tuple[int, ...]


@dataclass(slots=True)
class _Provision:
    line: int
    number: str
    key: tuple[int, ...]
    word: str  # "Article", "Art.", "Section", "§", "" (bare)
    form: str  # alone | heading | text | dash | sub
    heading: str = ""
    after: int = 0  # heading lines after the number line
    margin: bool = False  # the heading is on the line before
    marker: _Marker | None = None  # a subdivision starting on the number's line
    strong: bool = True
    prefix: str = ""


def _number_key(number: str) -> tuple[int, ...]:
    """Numbers compared part by part: "163" < "163.1" < "164", "9" < "9A" < "10"."""
    key: list[int] = []
    for token in re.findall(r"\d+|[A-Za-z]+", number):
        if token.isdigit():
            key.append(int(token))
        elif token.lower() in _LATIN_ORDER:
            key.append(_LATIN_ORDER[token.lower()])
        elif token.lower() in ("premier", "unique"):
            key.append(1)
        elif token in ("er", "re"):
            continue
        elif token.isupper() or len(token) == 1:
            key.extend(ord(letter.upper()) - 64 for letter in token)
    return tuple(key)


def _clean_number(number: str) -> tuple[str, str]:
    """(number as printed, normalised; prefix letter of a code: "L", "R"...)."""
    number = re.sub(r"\s*[‑–]\s*", "-", number.strip())
    number = re.sub(r"\s*([-/])\s*", r"\1", number)
    prefix = re.match(r"(L\.?\s?O|[LRDA])\.?\s?(?=\d)", number)
    if prefix:
        letters = prefix.group(1).replace(".", "").replace(" ", "")
        return f"{'.'.join(letters)}. {number[prefix.end() :]}", letters
    return number, ""


def _candidate(lines: list[_Line], index: int, scheme: str) -> _Provision | None:
    """The provision a line starts in a numbering scheme, if what follows the number allows it."""
    text = lines[index].text
    first = text[0]
    match: re.Match[str] | None
    if scheme == "article":
        if first not in "A" or not (match := _ARTICLE.match(text)):
            return None
        word = match.group("word")
        word = word.capitalize() if word.isupper() else word
    elif scheme == "section":
        if first != "S" or not (match := _SECTION_WORD.match(text)):
            return None
        word = match.group("word").capitalize()
    elif scheme == "sign":
        if first != "§" or not (match := _SIGN.match(text)):
            return None
        word = "§"
    else:
        if not first.isdigit() or not (match := _BARE.match(text)):
            return None
        word = ""
    printed = match.group("number") + (match.group("letters") if scheme == "bare" else "")
    number, prefix = _clean_number(printed)
    provision = _Provision(index, number, _number_key(number), word, "alone", prefix=prefix)
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    if not _read_rest(provision, text[match.end() :], match.end(), following, scheme):
        return None
    if provision.form == "alone" and scheme == "bare":
        # A number alone on its line, with its heading below or above it.
        above = lines[index - 1].text if index else ""
        if not (_is_heading(following) or _is_heading(above)):
            return None
    return provision


_SEPARATOR = re.compile(r"[\s.:]*(?:[–—-]\s+)?")


def _read_rest(provision: _Provision, rest: str, column: int, following: str, scheme: str) -> bool:
    """Read what follows a provision's number on its line; False if it is no provision."""
    glued = bool(rest) and rest[0].isalpha()
    if glued and scheme != "bare":
        return False
    dotted = False
    dash = _DASH.match(rest)
    if dash:
        provision.form = "dash"
        rest, column = rest[dash.end() :], column + dash.end()
    elif not glued:
        separator = _SEPARATOR.match(rest)
        length = separator.end() if separator else 0
        if rest and length == 0 and rest[0] != "(":
            return False  # "151, 152", "2003/04"
        dotted = "." in rest[:length]
        rest, column = rest[length:], column + length
    if not rest:
        return True
    if scheme == "article" and (enumerated := _ENUMERATOR.match(rest)):
        # Fedlex: "Art. 197 4. Pornographie" is a heading, "Art. 187 1. Celui qui..." text.
        remainder = rest[enumerated.end() :]
        if _is_heading(remainder) and not (following and _starts_lower(following)):
            provision.heading, provision.form = remainder, "heading"
            return True
    marker = _marker_at(rest, column, scheme)
    if marker is not None and marker.key == (1,):
        provision.marker = marker
        if provision.form != "dash":
            provision.form = "sub"
        return True
    if rest[0] == "(" and scheme != "bare":
        provision.form = "text"  # "Art. 348. (L. 15 novembre 1978) Celui qui..."
        return True
    if not (rest[0].isupper() or rest[0] in _OPENING_QUOTES):
        return False  # "of this Act", "du code pénal", "or 152"
    if _is_heading(rest) and not (following and _starts_lower(following)):
        provision.heading = _heading_text(rest)
        if provision.form != "dash":
            provision.form = "heading"
        provision.strong = not (scheme == "bare" and dotted)
        return True
    if glued:
        return False
    if provision.form != "dash":
        provision.form = "text"
        provision.strong = scheme != "bare" or "." in provision.number
    return True


def _marker_at(text: str, column: int, scheme: str) -> _Marker | None:
    """A subdivision number at the start of ``text`` (a line, or what follows a number)."""
    if not text:
        return None
    first = text[0]
    match: re.Match[str] | None
    if first == "(":
        match = _SUB_PAREN.match(text)
        if match:
            number = match.group("number")
            return _Marker("paren", number, column, _number_key(number))
        return None
    if scheme != "article":
        return None
    if first == "§" and (match := _SUB_SIGN.match(text)):
        return _Marker("sign", match.group("number"), column, (int(match.group("number")),))
    if first.isdigit() and (match := _SUB_SWISS.match(text)):
        return _Marker("swiss", match.group("number"), column, (int(match.group("number")),))
    return None


def _starts_provision(text: str) -> bool:
    first = text[0]
    return (
        first.isdigit() or first in "§(" or bool(_ARTICLE.match(text) or _SECTION_WORD.match(text))
    )


def _headings_after(lines: list[_Line], provision: _Provision) -> None:
    """Headings on the line or two after a number standing alone ("Art. 197" / "Pornographie")."""
    if provision.form != "alone":
        return
    found: list[str] = []
    position = provision.line + 1
    while position < len(lines) and len(found) < 2:
        text = lines[position].text
        heading = _heading_text(_ENUMERATOR.sub("", text))
        if not heading or _DIVISION.match(text) or _starts_provision(heading):
            break
        following = lines[position + 1].text if position + 1 < len(lines) else ""
        if not _is_heading(heading) or (following and _starts_lower(following)):
            break
        found.append(heading)
        position += 1
    if found:
        provision.heading, provision.after, provision.form = found[-1], len(found), "heading"


def _closes(text: str) -> bool:
    """Whether a line can come right before a provision: it ends a sentence, is a heading, or
    is a note in brackets ("(L. 15 novembre 1978)")."""
    if text[0] == "(" and text[-1] == ")" and text.count("(") == 1:
        return True
    if _ends_sentence(text) or _is_heading(text, period=True, limit=LONG_HEADING):
        return True
    # A number and its heading: "2Interpretation", "1. Short title and commencement."
    numbered = _LEADING_NUMBER.match(text)
    return numbered is not None and _is_heading(text[numbered.end() :], period=True)


_LEADING_NUMBER = re.compile(r"\d{1,4}(?:\.\d{1,4})*[A-Z]{0,3}?(?=[A-Z][a-zà-ÿ]|[^A-Za-z]|$)\.?\s*")


@dataclass(slots=True)
class _Document:
    lines: list[_Line]
    closes: list[bool]
    divisions: dict[int, _Division]  # line index -> division starting there
    titles: set[int] = field(default_factory=set)  # lines holding a division's title


def _document(lines: list[_Line]) -> _Document:
    closes = [_closes(line.text) for line in lines]
    divisions: dict[int, _Division] = {}
    titles: set[int] = set()
    for index in range(len(lines)):
        if index in titles:
            continue
        if index and not lines[index].blank_before and not closes[index - 1]:
            continue
        division = _division_at(lines, index, sections=True)
        if division is not None:
            divisions[index] = division
            titles.update(range(index + 1, index + 1 + division.consumed))
    return _Document(lines, closes, divisions, titles)


def _is_division(document: _Document, index: int, scheme: str) -> bool:
    division = document.divisions.get(index)
    if division is None:
        return False
    return scheme in ("article", "sign") or not division.label.startswith("Section")


def _provisions(document: _Document, scheme: str) -> list[_Provision]:
    """The provisions of a numbering scheme, filtered as the module docstring says."""
    lines, closes = document.lines, document.closes
    found: list[_Provision] = []
    for index in range(len(lines)):
        if index in document.titles or _is_division(document, index, scheme):
            continue
        provision = _candidate(lines, index, scheme)
        if provision is None:
            continue
        if index and not lines[index].blank_before and not closes[index - 1]:
            continue  # a number wrapped onto the start of a line in mid-sentence
        _headings_after(lines, provision)
        if not provision.heading and index:
            _marginal_heading(document, provision, scheme)
        found.append(provision)
    found = _without_contents(found, lines)
    groups: dict[str, int] = {}
    for provision in found:
        group = groups.setdefault(provision.prefix, len(groups))
        provision.key = (group, *provision.key)
    return [found[index] for index in _increasing([provision.key for provision in found])]


def _marginal_heading(document: _Document, provision: _Provision, scheme: str) -> None:
    """A heading on the line before the number (Canada, Ireland): "Interpretation."."""
    index = provision.line - 1
    text = document.lines[index].text
    if index in document.titles or _is_division(document, index, scheme):
        return
    if not _is_heading(text, period=provision.form == "dash"):
        return
    provision.heading, provision.margin, provision.strong = _heading_text(text), True, True
    provision.heading = (
        provision.heading.rstrip(".") if provision.form == "dash" else (provision.heading)
    )


def _without_contents(found: list[_Provision], lines: list[_Line]) -> list[_Provision]:
    """Leave out tables of contents: a rising run of 3+ numbers with nothing but headings
    between them, of which two or more (or half) recur later."""
    if len(found) < 4:
        return found
    last = {provision.key: position for position, provision in enumerate(found)}
    dropped: set[int] = set()
    run: list[int] = []
    for position, provision in enumerate(found):
        if run and provision.key <= found[run[-1]].key:
            _drop_contents(found, run, last, dropped)  # the numbering starts again: the body
            run = []
        run.append(position)
        following = found[position + 1] if position + 1 < len(found) else None
        if following is not None and all(
            _is_heading(line.text, period=True)
            for line in lines[provision.line + 1 : following.line]
        ):
            continue
        _drop_contents(found, run, last, dropped)
        run = []
    return [provision for position, provision in enumerate(found) if position not in dropped]


def _drop_contents(
    found: list[_Provision], run: list[int], last: dict[tuple[int, ...], int], dropped: set[int]
) -> None:
    if len(run) < 3:
        return
    end = run[-1]
    recurring = sum(last[found[position].key] > end for position in run)
    if recurring >= 2 or recurring * 2 >= len(run):
        dropped.update(run)


def _increasing(keys: list[tuple[int, ...]]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of ``keys``."""
    tails: list[tuple[int, ...]] = []
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for index, key in enumerate(keys):
        position = bisect.bisect_left(tails, key)
        if position == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[position] = key
            tail_index[position] = index
        previous[index] = tail_index[position - 1] if position else -1
    result: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.append(index)
        index = previous[index]
    return result[::-1]


def _choose(document: _Document) -> tuple[str, list[_Provision]]:
    """The numbering with the most provisions ("" if none is recognised)."""
    best: tuple[float, str, list[_Provision]] = (0.0, "", [])
    for scheme in _SCHEMES:
        found = _provisions(document, scheme)
        if not found:
            continue
        strong = sum(provision.strong for provision in found)
        if scheme == "bare":
            if not strong or strong * 2 < len(found):
                continue
            score = strong + 0.25 * (len(found) - strong)
        else:
            score = len(found) + 0.5
        if score > best[0]:
            best = (score, scheme, found)
    return best[1], best[2]


# --------------------------------------------------------------------------------------------
# The tree


@dataclass(slots=True)
class _Draft:
    kind: str
    number: str
    label: str
    heading: str
    rank: float
    first: int  # line index where it starts
    column: int = 0  # where it starts in that line's text
    last: int = -1
    parent: "_Draft | None" = None
    provision: _Provision | None = None
    title_line: _Line | None = None  # an act's title line when it is page furniture


_TITLE_WORDS = re.compile(
    r"\b(?:Act|Code|Loi|Law|Ordinance|Decree|Décret|Ordonnance|Statute|Regulations?|Règlement|"
    r"Gesetz|Strafgesetzbuch|Constitution|Criminal|Penal|pénal|criminel)\b",
    re.IGNORECASE,
)


def segment(pages: Sequence[Page], *, title: str | None = None) -> Segmentation:
    """The units of a piece of legislation (see the module docstring)."""
    page_lines = _read_pages(pages)
    if not any(page_lines):
        return Segmentation((), False, "empty", EMPTY_MESSAGE)
    furniture = _furniture(page_lines)
    lines = [line for page in page_lines for line in page if id(line) not in furniture]
    if not lines:
        return Segmentation((), False, "empty", EMPTY_MESSAGE)
    document = _document(lines)
    scheme, provisions = _choose(document)
    if not provisions:
        return _paragraphs(pages, title)
    french = scheme == "bare" and _is_french(lines, provisions)
    title_line = _title_line(document, scheme, provisions, page_lines[0])
    reserved = {
        index for index, line in enumerate(lines[: provisions[0].line]) if line is title_line
    }
    drafts = _drafts(document, scheme, provisions, french=french, reserved=reserved)
    units = _units(document, drafts, title_line, title)
    layout = _layout(scheme, provisions)
    count = sum(unit.is_provision for unit in units)
    kind = next(unit.kind for unit in units if unit.is_provision)
    plural = f"{count} {kind}{'' if count == 1 else 's'}"
    message = f"{plural} recognised: {LAYOUTS[layout]}."
    return Segmentation(tuple(units), True, layout, message)


def _is_french(lines: list[_Line], provisions: list[_Provision]) -> bool:
    sample = " ".join(
        lines[position].text
        for provision in provisions[:5]
        for position in range(provision.line, min(provision.line + 3, len(lines)))
    )
    return detect_language(sample)[0] == "fr"


def _title_line(
    document: _Document, scheme: str, provisions: list[_Provision], first_page: list[_Line]
) -> _Line | None:
    """The act's title: a line naming an Act, Code, Loi... at the top of the first page."""
    first = provisions[0].line - provisions[0].margin
    divisions = [index for index in document.divisions if _is_division(document, index, scheme)]
    first = min([first, *divisions])
    limit = document.lines[first].start
    return next(
        (
            line
            for line in first_page[:6]
            if line.start < limit
            and len(line.text) <= 150
            and line.text[0].isupper()
            and line.text[-1] not in ",;:"
            and _TITLE_WORDS.search(line.text)
        ),
        None,
    )


def _drafts(
    document: _Document,
    scheme: str,
    provisions: list[_Provision],
    *,
    french: bool,
    reserved: set[int],
) -> list[_Draft]:
    kind = "article" if scheme == "article" or (scheme == "bare" and french) else "section"
    word = "Article" if kind == "article" else "Section"
    starts = {provision.line for provision in provisions}
    margins = {provision.line - 1 for provision in provisions if provision.margin}
    afters = {
        provision.line + offset
        for provision in provisions
        for offset in range(1, provision.after + 1)
    }
    drafts: list[_Draft] = []
    for index, division in document.divisions.items():
        if index in starts or index in margins or index in afters:
            continue
        if not _is_division(document, index, scheme):
            continue
        drafts.append(
            _Draft(
                division.kind,
                division.number,
                division.label,
                division.heading,
                division.rank,
                index,
            )
        )
    taken = starts | margins | afters | set(document.divisions) | document.titles | reserved
    for provision in provisions:
        label = f"{provision.word or word} {provision.number}"
        first = provision.line - 1 if provision.margin else provision.line
        draft = _Draft(kind, provision.number, label, provision.heading, _PROVISION, first)
        draft.provision = provision
        drafts.append(draft)
        drafts.extend(_crossheadings(document, first, taken))
    drafts.sort(key=lambda draft: (draft.first, draft.column, draft.rank))
    return drafts


def _crossheadings(document: _Document, first: int, taken: set[int]) -> list[_Draft]:
    """Unnumbered headings standing between the end of a text and a provision."""
    lines = document.lines
    chain: list[int] = []
    index = first - 1
    while index >= 0 and len(chain) < 3 and index not in taken:
        if not _is_heading(lines[index].text):
            break
        chain.insert(0, index)
        index -= 1
    while chain:
        before = chain[0] - 1
        if before < 0 or before in taken or document.closes[before]:
            break
        if lines[chain[0]].blank_before:
            break
        chain.pop(0)  # the line ends a text wrapped over lines, not a heading
    headings = [_heading_text(lines[index].text) for index in chain]
    return [
        _Draft("chapter", "", heading, heading, _CROSSHEADING, index)
        for index, heading in zip(chain, headings, strict=True)
    ]


def _nested(outer: str, inner: str) -> bool:
    """ "Part 10.6" is numbered inside "Chapter 10"."""
    return bool(outer) and inner.startswith(outer + ".")


def _units(
    document: _Document, drafts: list[_Draft], title_line: _Line | None, title: str | None
) -> list[Unit]:
    lines = document.lines
    excluded: set[int] = set()
    kept: list[_Draft] = []
    stack: list[_Draft] = []
    for draft in drafts:
        if draft.rank < _CROSSHEADING and any(
            other.kind == draft.kind and other.label == draft.label for other in stack
        ):
            # A running header repeating an open division ("PART V Sexual Offences...").
            consumed = document.divisions[draft.first].consumed
            excluded.update(range(draft.first, draft.first + 1 + consumed))
            continue
        while stack and stack[-1].rank >= draft.rank:
            top = stack[-1]
            outer = draft.rank < _CROSSHEADING and top.rank < _CROSSHEADING
            if outer and _nested(top.number, draft.number):
                draft.rank = top.rank + 0.5
                break
            stack.pop()
        draft.parent = stack[-1] if stack else None
        stack.append(draft)
        kept.append(draft)
    ordered: list[_Draft] = []
    for position, draft in enumerate(kept):
        ordered.append(draft)
        if draft.provision is not None:
            last = kept[position + 1].first - 1 if position + 1 < len(kept) else len(lines) - 1
            ordered.extend(_subdivisions(document, draft, last, excluded))
    for position, draft in enumerate(ordered):
        following = position + 1
        while following < len(ordered) and ordered[following].parent is draft:
            following += 1  # a provision covers its subdivisions
        if draft.provision is None:
            following = position + 1
        draft.last = ordered[following].first - 1 if following < len(ordered) else len(lines) - 1
    act = _act(document, ordered, title_line, title)
    if act is not None:
        for draft in ordered:
            if draft.parent is None:
                draft.parent = act
        ordered.insert(0, act)
    return _freeze(document, ordered, excluded)


def _subdivisions(
    document: _Document, draft: _Draft, last: int, excluded: set[int]
) -> list[_Draft]:
    """The numbered subsections or paragraphs of a provision, rising from 1."""
    provision = draft.provision
    assert provision is not None
    lines = document.lines
    # "§ 1er." and Swiss "1 Quiconque" only in "Art." articles; bare numbers read as French
    # articles (Canada) have "(1)" subsections.
    scheme = "article" if draft.kind == "article" and provision.word else "other"
    found: list[_Draft] = []
    style = ""
    previous: tuple[int, ...] = ()
    if provision.marker is not None:
        start = provision.marker
        style, previous = start.style, start.key
        found.append(_subdivision(draft, start, provision.line, start.column, ""))
    begin = provision.line + 1 + provision.after
    before: int | None = None  # the last line read, not furniture
    for index in range(begin, last + 1):
        if index in excluded:
            continue
        text = lines[index].text
        earlier, before = before, index
        if not (text[0] == "(" or text[0] == "§" or text[0].isdigit()):
            continue
        marker = _marker_at(text, 0, scheme)
        if marker is None or (style and marker.style != style):
            continue
        if not previous:
            if marker.key != (1,):
                continue
        elif not (marker.key > previous and marker.key[0] <= previous[0] + _STEP[marker.style]):
            continue
        if earlier is not None and not lines[index].blank_before and not document.closes[earlier]:
            continue  # "...under subsection / (2) of section 5"
        first, heading = index, ""
        if earlier is not None and _is_heading(lines[earlier].text):
            beforehand = earlier - 1
            while beforehand in excluded:
                beforehand -= 1
            if beforehand < begin or document.closes[beforehand]:
                first, heading = earlier, _heading_text(lines[earlier].text)
        style, previous = marker.style, marker.key
        found.append(_subdivision(draft, marker, first, 0, heading))
    return found


_STEP = {"paren": 5, "sign": 2, "swiss": 2}


def _subdivision(draft: _Draft, marker: _Marker, first: int, column: int, heading: str) -> _Draft:
    kind = "subsection" if draft.kind == "section" else "paragraph"
    if marker.style == "sign":
        number, label = f"{draft.number} § {marker.number}", f"{draft.label}, § {marker.number}"
    else:
        number, label = f"{draft.number}({marker.number})", f"{draft.label}({marker.number})"
    sub = _Draft(kind, number, label, heading, _SUBDIVISION, first, column)
    sub.parent = draft
    return sub


def _act(
    document: _Document, drafts: list[_Draft], found: _Line | None, title: str | None
) -> _Draft | None:
    """The act: its title (given, or the title line found) and the text before its units."""
    if found is None and title is None:
        return None
    lines = document.lines
    first = drafts[0].first if drafts else len(lines)
    label = title or (found.text if found else "")
    act = _Draft("act", "", label, label, _ACT, 0, last=first - 1)
    if found is not None and not any(line is found for line in lines[:first]):
        act.title_line = found  # a running header on page 1: not among the lines
    return act


def _raw_column(line: _Line, column: int) -> int:
    """The position in the printed line of a position in its squeezed text."""
    if line.raw == line.text or column == 0:
        return column
    count = 0
    previous_space = False
    for position, character in enumerate(line.raw):
        if count == column:
            return position
        space = character.isspace()
        if not (space and previous_space):
            count += 1
        previous_space = space
    return len(line.raw)


def _freeze(document: _Document, drafts: list[_Draft], excluded: set[int]) -> list[Unit]:
    lines = document.lines
    indices = {id(draft): index for index, draft in enumerate(drafts)}
    children: dict[int, list[int]] = defaultdict(list)
    units: list[Unit] = []
    for index, draft in enumerate(drafts):
        parts: list[str] = []
        start = end = -1
        page = 0
        if draft.title_line is not None:
            parts.append(draft.title_line.text)
            start, end, page = draft.title_line.start, draft.title_line.end, draft.title_line.page
        for position in range(draft.first, draft.last + 1):
            if position in excluded:
                continue
            line = lines[position]
            if position == draft.first and draft.column > 0:
                parts.append(line.text[draft.column :])
                line_start = line.start + _raw_column(line, draft.column)
            else:
                parts.append(line.text)
                line_start = line.start
            if start < 0:
                start, page = line_start, line.page
            end = line.end
        if start < 0:  # an act with neither title line nor preamble
            following = lines[drafts[index + 1].first] if index + 1 < len(drafts) else lines[0]
            start = end = following.start
            page = following.page
        path: list[str] = []
        parent = draft.parent
        while parent is not None:
            path.append(parent.label)
            parent = parent.parent
        parent_index = indices[id(draft.parent)] if draft.parent is not None else None
        if parent_index is not None:
            children[parent_index].append(index)
        units.append(
            Unit(
                index,
                draft.kind,
                draft.number,
                draft.label,
                draft.heading,
                " ".join(parts),
                tuple(reversed(path)),
                start,
                end,
                page,
                len(path),
                parent_index,
                (),
            )
        )
    return [
        _with_children(unit, tuple(children[unit.index])) if unit.index in children else unit
        for unit in units
    ]


def _with_children(unit: Unit, children: tuple[int, ...]) -> Unit:
    return Unit(
        unit.index,
        unit.kind,
        unit.number,
        unit.label,
        unit.heading,
        unit.text,
        unit.path,
        unit.start,
        unit.end,
        unit.page,
        unit.level,
        unit.parent,
        children,
    )


def _layout(scheme: str, provisions: list[_Provision]) -> str:
    if scheme == "section":
        return "section-keyword"
    if scheme == "sign":
        return "paragraph-sign"
    votes: Counter[str] = Counter()
    for provision in provisions:
        if provision.form == "dash":
            votes["dash"] += 1
        elif provision.heading and not provision.margin:
            votes["heading"] += 1
        elif provision.margin:
            votes["margin"] += 1
        elif provision.form in ("text", "sub"):
            votes["text"] += 1
        else:
            votes["alone"] += 1
    form = votes.most_common(1)[0][0]
    if scheme == "article":
        return {"heading": "article-heading", "text": "article-inline"}.get(form, "article-alone")
    return {"heading": "number-heading", "dash": "number-dash"}.get(form, "number-margin")


def _paragraphs(pages: Sequence[Page], title: str | None) -> Segmentation:
    """The fallback: one "paragraph" unit per passage of lib.extract.split_passages."""
    units: list[Unit] = []
    path: tuple[str, ...] = ()
    act_index: int | None = None
    if title:
        units.append(Unit(0, "act", "", title, title, "", (), 0, 0, 1, 0, None, ()))
        path, act_index = (title,), 0
    heading = ""
    for passage in split_passages(list(pages)):
        if passage.heading:
            heading = passage.text
            continue
        number = str(len(units) + (0 if act_index is None else -1) + 1)
        units.append(
            Unit(
                len(units),
                "paragraph",
                number,
                f"Paragraph {number}",
                heading,
                passage.text,
                path,
                passage.start,
                passage.end,
                passage.page,
                len(path),
                act_index,
                (),
            )
        )
    if act_index is not None:
        units[0] = _with_children(units[0], tuple(range(1, len(units))))
    return Segmentation(tuple(units), False, "paragraphs", UNRECOGNISED_MESSAGE)
