"""Read a questionnaire (a list of numbered questions) from a JSON, CSV or Word (.docx) file.

This module only parses: it returns what it found, as a preview, and never touches the database.
The caller shows `ParseResult.questions` and `ParseResult.warnings` to the Secretariat and saves
nothing until a person confirms.

Which reader runs is decided by the content, not the file name: a ZIP holding
``word/document.xml`` is a Word document; other content must be UTF-8 (or UTF-16 with a BOM)
text, and the file name only chooses between JSON and CSV when it ends in ``.json`` or ``.csv``
(otherwise text starting with ``{`` or ``[`` is JSON, and anything else is CSV). PDF, images,
old ``.doc`` files and other binary content are refused with a message naming the accepted
formats.

JSON: ``{"questions": [{"number": "6", "parent": null, "title_en": "", "text_en": "",
"title_fr": "", "text_fr": ""}, ...]}`` (a bare list of question objects is read the same way).
CSV: a header line naming some of ``number,title_en,text_en,title_fr,text_fr,parent``
(``number`` is required; ``,``, ``;`` or tab as separator). In both, unknown keys or columns,
a missing number, a repeated number and a parent that is not an earlier question are errors.
When no parent is given, a number such as ``6.1``, ``6.a`` or ``9b`` gets the parent ``6`` or
``9`` if that question came earlier.

Word documents: a paragraph is a question when it starts with a number label, typed as
``Question 6``, ``Question 6:``, ``Question 6 –``, ``Q6``, ``Q.6`` (the words before the number
are those of ``lanzarote/lib/labels.py``: also ``Question n° 6``, ``Questions 6``...), ``6.``,
``6)``, ``(6)``,
``6.1``, ``6.1.``, ``6.a``, ``6.a)``, ``9b``, or as a lettered sub-question ``a.``, ``a)``,
``(a)`` (which belongs to the last numbered question: ``a)`` after question 6 is ``6.a``), or
when Word numbers it automatically (the "List Number" styles, or any paragraph whose style or
own properties carry ``numPr``). A labelled paragraph in a "Heading N" style gives the
question's title, and the unnumbered paragraphs after it its text; elsewhere the words after
the label are the text, except that a short, wholly bold label line not ending in "?" is taken
as a title. Unnumbered paragraphs and tables (cells joined with " | ", rows with new lines)
after a question are added to its text. An unnumbered heading is a section title: it ends the
current question (unless it is a deeper heading inside a question that itself opened with a
heading) and is not imported. Text before the first question is the introduction and is not
imported. Everything is read as English (``title_en``/``text_en``); a bilingual label line
such as ``Question 6 / Question 6`` is read as ``Question 6``.

Known limitations, said plainly:

* Automatic numbering is approximated. The number shown by Word is recomputed from the
  numbering definitions (start value, format and level text of each level, ``startOverride``,
  lists sharing one definition continuing each other), counting only paragraphs of the document
  body in order. Not modelled: numbering inside table cells, text boxes, headers or footnotes;
  ``lvlRestart``; legal-style (``isLgl``) numbering; formats other than decimal, letters and
  roman numerals (they fall back to decimal). "List Number 2/3" paragraphs are read as one and
  two levels deeper than "List Number", so they become sub-questions of the previous question.
  Bulleted paragraphs are text, written with a leading "- ".
* Headings numbered automatically (outline numbering on "Heading 1") are questions, as typed
  numbered headings are; a document whose section headings are numbered that way and whose
  questions are numbered too will report clashing numbers.
* A typed plain number needs its punctuation ("6." or "6)"): "6 What ..." is not a label, so
  that years and quantities opening a paragraph are not read as questions. For the same reason
  a label without punctuation ("6.1", "9b", "Question 6") must be followed by the end of the
  paragraph or by something other than a lower-case letter ("6.1 million" is text). Letters in
  numbers are read in lower case only ("9b", not "9B").
* A typed list such as "1) ... 2) ..." inside a question's text is read as questions 1 and 2,
  which usually clash with the real questions 1 and 2 and are reported as repeated numbers.
* Tracked changes are read as if accepted (inserted text kept, deleted text dropped); a
  warning says so. Comments, footnotes, headers, footers and text boxes are not read.
* Typed roman numerals ("ii.", "iv)") are not labels; "i." is read as the letter i.
* Numbered paragraphs inside tables are not questions: a table's text goes to the question it
  follows.
"""

import csv
import functools
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.exceptions import PythonDocxError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from lanzarote.lib.labels import LABEL_WORDS
from lanzarote.lib.sniff import FileRefused, ZipLimits, sniff
from lanzarote.lib.word import style_of

MAX_BYTES = 10 * 1024 * 1024
# A Word document is a ZIP; these bound what opening it may cost, whatever the file size
# (checked by the upload gate, lanzarote.lib.sniff, before python-docx reads anything). Small
# parts (styles, empty headers) can legitimately compress very well; a bomb needs volume.
WORD_LIMITS = ZipLimits(
    total_bytes=50 * 1024 * 1024, ratio=100, ratio_floor=1024 * 1024, parts=2000
)
# What a questionnaire can hold: Committee questionnaires have tens of questions, not thousands,
# and a question's number and title must fit their database columns.
MAX_QUESTIONS = 500
MAX_NUMBER_CHARACTERS = 20
MAX_TITLE_CHARACTERS = 300
MAX_TEXT_CHARACTERS = 20_000
MAX_JSON_DIGITS = 20

ACCEPTED_FORMATS = "a Word document (.docx), a JSON file (.json) or a CSV file (.csv, UTF-8)"
FIELDS = ("number", "title_en", "text_en", "title_fr", "text_fr", "parent")
TEXT_FIELDS = ("title_en", "text_en", "title_fr", "text_fr")


@dataclass(frozen=True)
class ParsedQuestion:
    number: str
    parent: str | None
    title_en: str
    text_en: str
    title_fr: str = ""
    text_fr: str = ""


@dataclass(frozen=True)
class ParseResult:
    questions: list[ParsedQuestion]
    warnings: list[str]


class QuestionnaireImportError(ValueError):
    """The file cannot be imported; the message says what is wrong and where."""


def parse_questionnaire(*, content: bytes, filename: str) -> ParseResult:
    """Read the questions in `content`; raise QuestionnaireImportError if it cannot be used."""
    if refusal := too_large(len(content)):
        raise QuestionnaireImportError(refusal)
    if not content.strip():
        raise QuestionnaireImportError(f"The file is empty. Upload {ACCEPTED_FORMATS}.")
    try:
        kind = sniff(content, max_bytes=MAX_BYTES, zip_limits=WORD_LIMITS).kind
    except FileRefused as refused:
        if refused.reason not in ("encoding", "binary"):
            raise QuestionnaireImportError(_refusal(refused)) from refused
        # Text the gate does not take but this reader may: UTF-16 (Excel's "Unicode text"), and
        # text in another encoding, which _decode_text names by line.
        kind = "text"
    if kind == "docx":
        return _within_limits(_parse_docx(content))
    if kind in ("pdf", "html"):
        what = "a PDF file" if kind == "pdf" else "an HTML page"
        raise QuestionnaireImportError(
            f"The file is {what}, which cannot be imported. Upload {ACCEPTED_FORMATS}."
        )
    text = _decode_text(content)
    if _wants_json(text, filename):
        return _within_limits(_parse_json(text))
    return _within_limits(_parse_csv(text))


def too_large(size: int) -> str:
    """Why a file of ``size`` bytes is refused unread, or "" if it is not too large."""
    if size <= MAX_BYTES:
        return ""
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; questionnaires over "
        f"{MAX_BYTES // 1024 // 1024} MB are refused. Remove images or split the file."
    )


# Control characters other than tab and line breaks, and lone UTF-16 surrogates (a JSON file
# may spell both as \u escapes): no typed text holds them, PostgreSQL cannot store a NUL and no
# database a lone surrogate, so they are refused before anything is previewed.
_UNTYPEABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def _within_limits(result: ParseResult) -> ParseResult:
    """Refuse what the questionnaire cannot keep, naming the question, rather than cut it."""
    if len(result.questions) > MAX_QUESTIONS:
        raise QuestionnaireImportError(
            f"The file holds {len(result.questions)} questions; at most {MAX_QUESTIONS} are "
            "imported at once. Split it into several files."
        )
    limits = {
        "title_en": ("title in English", MAX_TITLE_CHARACTERS),
        "title_fr": ("title in French", MAX_TITLE_CHARACTERS),
        "text_en": ("text in English", MAX_TEXT_CHARACTERS),
        "text_fr": ("text in French", MAX_TEXT_CHARACTERS),
    }
    for question in result.questions:
        for key in FIELDS:
            value = getattr(question, key) or ""
            if found := _UNTYPEABLE.search(value):
                raise QuestionnaireImportError(
                    f"Question {_shown(question.number)}: the {key.replace('_', ' ')} holds the "
                    f"character U+{ord(found.group()):04X}, which no typed text contains (a "
                    "control character or half of a broken one). Remove it and upload again."
                )
        if len(question.number) > MAX_NUMBER_CHARACTERS:
            raise QuestionnaireImportError(
                f"Question {_shown(question.number)}: the number is {len(question.number)} "
                f"characters long; at most {MAX_NUMBER_CHARACTERS} are kept."
            )
        for key, (what, limit) in limits.items():
            length = len(getattr(question, key))
            if length > limit:
                raise QuestionnaireImportError(
                    f"question {question.number}: the {what} is {length:,} characters long; at "
                    f"most {limit:,} are kept. Shorten it, or attach the details as a document."
                )
    return result


def _shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message, cut if it is long."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Dispatch -------------------------------------------------------------------------------


def _refusal(refused: FileRefused) -> str:
    """The upload gate's refusal, worded for the questionnaire page."""
    facts = refused.facts
    reason = refused.reason
    if reason in ("truncated_pdf", "damaged_pdf"):
        return f"The file is a PDF file, which cannot be imported. Upload {ACCEPTED_FORMATS}."
    if reason in ("image", "audio", "video", "executable", "legacy_office") or (
        reason == "archive" and "what" in facts
    ):
        what = facts.get("what", "a file of another kind")
        if reason == "legacy_office":
            what = f"{what}: save it as .docx or .csv"
        return f"The file is {what}, which cannot be imported. Upload {ACCEPTED_FORMATS}."
    if reason == "other_office":
        found = str(facts.get("found", "another kind of office file"))
        advice = "save the sheet as CSV UTF-8" if "Excel" in found else "save it as .docx"
        return f"The file is {found}: {advice} and upload that. Accepted: {ACCEPTED_FORMATS}."
    if reason == "archive":
        if facts.get("word_document"):
            return (
                "The file is not a readable Word document: its package lacks [Content_Types].xml."
            )
        return (
            "The file is a ZIP archive without word/document.xml, so not a Word document. "
            f"Accepted: {ACCEPTED_FORMATS}."
        )
    if reason == "damaged_zip":
        return f"The file is not a readable Word document: {facts.get('error', refused)}"
    if reason == "too_many_parts":
        return (
            f"The Word document holds {facts['parts']} parts; more than {facts['limit']} is "
            "refused."
        )
    if reason == "zip_bomb" and "part" in facts:
        return (
            f"The part {facts['part']} of the Word document is compressed "
            f"{facts['ratio']:.0f} times (over {facts['limit']}); refused as unsafe."
        )
    if reason == "zip_bomb":
        return (
            f"The Word document would expand to {facts['total'] / 1024 / 1024:.0f} MB; more "
            f"than {facts['limit'] // 1024 // 1024} MB is refused."
        )
    if reason == "xml_entities":
        return (
            f"The part {facts['part']} of the Word document declares a DTD "
            "(<!DOCTYPE or <!ENTITY); Word never writes one, so the file is refused as unsafe."
        )
    text = str(refused)
    return f"The file cannot be imported: {text[:1].upper()}{text[1:]}."


def _decode_text(content: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a BOM; accept it rather than send people back.
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise QuestionnaireImportError(
                f"The file claims to be UTF-16 text but is not readable as such: {exc.reason}."
            ) from exc
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if _looks_binary(content):
                raise QuestionnaireImportError(
                    f"The file is not a questionnaire this site can read. Upload {ACCEPTED_FORMATS}."
                ) from exc
            line = content[: exc.start].count(b"\n") + 1
            raise QuestionnaireImportError(
                f"Line {line} is not UTF-8 text (byte {exc.start + 1}). Save the file as "
                '"CSV UTF-8" (or JSON in UTF-8) and upload it again.'
            ) from exc
    if "\x00" in text or _looks_binary(text.encode("utf-8", "replace")[:4096]):
        raise QuestionnaireImportError(
            f"The file is not a questionnaire this site can read. Upload {ACCEPTED_FORMATS}."
        )
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return controls > len(sample) // 20


def _wants_json(text: str, filename: str) -> bool:
    name = filename.lower().strip()
    if name.endswith(".json"):
        return True
    if name.endswith(".csv"):
        return False
    return text.lstrip().startswith(("{", "["))


# --- JSON and CSV ---------------------------------------------------------------------------


def _parse_json(text: str) -> ParseResult:
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise QuestionnaireImportError(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    except RecursionError as exc:
        raise QuestionnaireImportError("The JSON file is nested too deeply to be read.") from exc
    warnings: list[str] = []
    if isinstance(data, dict):
        if "questions" not in data:
            raise QuestionnaireImportError(
                'The JSON file has no "questions" list. Expected {"questions": [{"number": "1", '
                '"text_en": "..."}, ...]}.'
            )
        for key in data:
            if key != "questions":
                warnings.append(f'The top-level key "{key}" is not used and was ignored.')
        items = data["questions"]
    elif isinstance(data, list):
        items = data
    else:
        raise QuestionnaireImportError(
            f'The JSON file must hold an object with a "questions" list, not {_json_kind(data)}.'
        )
    if not isinstance(items, list):
        raise QuestionnaireImportError('"questions" must be a list of question objects.')
    records: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(items):
        where = f"question #{index + 1} (index {index})"
        if not isinstance(item, dict):
            raise QuestionnaireImportError(
                f"{where} is {_json_kind(item)}; each question must be an object such as "
                '{"number": "1", "text_en": "..."}.'
            )
        for key in item:
            if key not in FIELDS:
                raise QuestionnaireImportError(
                    f'{where}: unknown key "{key}". Allowed keys: {", ".join(FIELDS)}.'
                )
        records.append((where, item))
    return _build_structured(records, warnings, source="JSON file")


def _json_int(digits: str) -> int:
    # Python refuses to convert more than 4,300 digits, with a ValueError that is no message.
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise QuestionnaireImportError(
            f"The JSON file holds a number of {len(digits.lstrip('-'))} digits ({_shown(digits)}); "
            'write question numbers as text such as "6" or "6.1".'
        )
    return int(digits)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A repeated key would silently keep only its last value; the person should choose.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise QuestionnaireImportError(
                f'The JSON file repeats the key "{key}" inside one object; keep only one.'
            )
        result[key] = value
    return result


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _parse_csv(text: str) -> ParseResult:
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise QuestionnaireImportError(f"The file is empty. Upload {ACCEPTED_FORMATS}.")
    header_line = lines[header_index]
    # Excel writes ";" where the decimal comma is used (French locale), tabs for "Text" exports.
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _csv_rows(reader)
    except csv.Error as exc:
        raise QuestionnaireImportError(
            f"CSV line {reader.line_num}: the line cannot be read ({exc})."
        ) from exc
    if not rows:
        raise QuestionnaireImportError(f"The file is empty. Upload {ACCEPTED_FORMATS}.")
    header_line_no, header = rows[0]
    columns = [cell.strip().lstrip("\ufeff").lower() for cell in header]
    known = [c for c in columns if c in FIELDS]
    if not known:
        raise QuestionnaireImportError(
            f"The file is not a questionnaire this site can read: line {header_line_no} is not a "
            f"CSV header naming the columns {','.join(FIELDS)}. Upload {ACCEPTED_FORMATS}."
        )
    if "number" not in columns:
        raise QuestionnaireImportError(
            f'CSV line {header_line_no}: the header has no "number" column (found: '
            f"{', '.join(c or '(blank)' for c in columns)}). Add a column named number."
        )
    for position, column in enumerate(columns, start=1):
        if column not in FIELDS:
            shown = column or "(blank)"
            raise QuestionnaireImportError(
                f'CSV line {header_line_no}: unknown column "{shown}" (column {position}). '
                f"Allowed columns: {', '.join(FIELDS)}."
            )
        if columns.index(column) != position - 1:
            raise QuestionnaireImportError(
                f'CSV line {header_line_no}: the column "{column}" appears twice.'
            )
    records: list[tuple[str, dict[str, Any]]] = []
    for line_no, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            raise QuestionnaireImportError(
                f"CSV line {line_no}: {len(row)} values but the header names {len(columns)} "
                "columns. Put text containing the separator between double quotes."
            )
        records.append((f"CSV line {line_no}", dict(zip(columns, row, strict=False))))
    return _build_structured(records, [], source="CSV file")


def _csv_rows(reader: Any) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    while True:
        # A quoted value may span lines: the record starts on the line after the previous one.
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        if row and not (rows == [] and not any(cell.strip() for cell in row)):
            rows.append((start, row))


# "Question 6", "Q6", "Question n° 6": the words before a number (lib/labels.py).
_LABEL_WORDS = re.compile(rf"{LABEL_WORDS}(?=\d)", re.IGNORECASE)
_NUMBER_FORMAT = re.compile(r"[0-9a-z]{1,10}(?:\.[0-9a-z]{1,10}){0,5}")


def _normalise_number(value: object, where: str, key: str = "number") -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        hint = " (write numbers such as 6.1 as strings)" if isinstance(value, float) else ""
        raise QuestionnaireImportError(
            f'{where}: "{key}" must be text such as "6" or "6.1", not {_json_kind(value)}{hint}.'
        )
    text = str(value).replace("\u00a0", " ").strip()
    text = _LABEL_WORDS.sub("", text, count=1).strip().rstrip(".)").strip().lower()
    if not text:
        raise QuestionnaireImportError(f'{where}: "{key}" is missing.')
    if not _NUMBER_FORMAT.fullmatch(text):
        raise QuestionnaireImportError(
            f'{where}: "{_shown(value)}" is not a question number (use forms such as 6, 6.1, 6.a '
            "or 9b)."
        )
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise QuestionnaireImportError(
            f'{where}: the {key} "{_shown(text)}" is {len(text)} characters long; at most '
            f"{MAX_NUMBER_CHARACTERS} characters are kept."
        )
    return text


def _implied_parent(number: str) -> str | None:
    """The parent a number implies: "6" for "6.1", "6.a" and "6b"; "6.1" for "6.1.2"."""
    if "." in number:
        return number.rsplit(".", 1)[0]
    match = re.fullmatch(r"(\d+)[a-z]", number)
    return match.group(1) if match else None


def _build_structured(
    records: list[tuple[str, dict[str, Any]]], warnings: list[str], *, source: str
) -> ParseResult:
    if not records:
        raise QuestionnaireImportError(f"The {source} contains no questions.")
    seen: dict[str, str] = {}
    questions: list[ParsedQuestion] = []
    for where, record in records:
        raw_number = record.get("number")
        if raw_number is None or (isinstance(raw_number, str) and not raw_number.strip()):
            raise QuestionnaireImportError(f'{where}: "number" is missing.')
        number = _normalise_number(raw_number, where)
        if number in seen:
            raise QuestionnaireImportError(
                f"{where}: question {number} is already numbered so in {seen[number]}; "
                "each number may be used once."
            )
        texts: dict[str, str] = {}
        for key in TEXT_FIELDS:
            value = record.get(key)
            if value is not None and not isinstance(value, str):
                raise QuestionnaireImportError(
                    f'{where}: "{key}" must be text, not {_json_kind(value)}.'
                )
            texts[key] = _clean_block(value or "")
        parent = _structured_parent(record.get("parent"), number, where, seen, warnings)
        if not any(texts.values()):
            warnings.append(f"{where}: question {number} has neither a title nor a text.")
        seen[number] = where
        questions.append(ParsedQuestion(number=number, parent=parent, **texts))
    return ParseResult(questions=questions, warnings=warnings)


def _structured_parent(
    raw: object, number: str, where: str, seen: dict[str, str], warnings: list[str]
) -> str | None:
    implied = _implied_parent(number)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if implied is None:
            return None
        if implied in seen:
            return implied
        warnings.append(
            f"{where}: question {number} looks like a part of question {implied}, but no "
            f"question {implied} comes before it; it is imported as a top-level question."
        )
        return None
    parent = _normalise_number(raw, where, key="parent")
    if parent == number:
        raise QuestionnaireImportError(f"{where}: question {number} names itself as its parent.")
    if parent not in seen:
        raise QuestionnaireImportError(
            f'{where}: the parent "{parent}" of question {number} is not the number of an '
            "earlier question. List a parent before its sub-questions."
        )
    if implied is not None and implied != parent:
        warnings.append(
            f"{where}: question {number} is given the parent {parent}, although its number "
            f"suggests {implied}."
        )
    return parent


def _clean_block(text: str) -> str:
    """Spaces tidied line by line; blank lines at either end dropped, line breaks kept."""
    lines = [_clean_line(line) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def _clean_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# --- Word: labels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    kind: str  # "number" (a full number such as "6.1") or "letter" (a sub-question "a")
    value: str
    rest: str


# "6", "6.1", "6.1.2", "6.a", "9b"; never followed by another letter or digit ("2019", "6.ab").
_CORE = re.compile(r"\d{1,3}(?:[a-z]|(?:\.(?:\d{1,3}|[a-z]))+)?(?![0-9A-Za-z])")
# What may follow a number: "." or ")" directly, or ":" / a dash after optional spaces.
_AFTER_NUMBER = re.compile(r"(?:(?P<punct>[.)]|\s*[:–—-])(?=\s|$)|(?=\s|$))")
_PARENTHESISED = re.compile(r"\((?P<value>\d{1,3}|[a-z])\)(?=\s|$)")
_LETTER = re.compile(r"(?P<value>[a-z])[.)](?=\s|$)")
_BILINGUAL_ECHO = re.compile(
    rf"/\s*{LABEL_WORDS}(?P<num>[0-9a-z.]+?)\.?(?:\s*[:–—-])?(?=\s|$)", re.I
)


def _match_label(text: str) -> _Label | None:
    """The number label opening `text`, or None; see the module docstring for the forms."""
    prefix = _LABEL_WORDS.match(text)
    position = prefix.end() if prefix else 0
    core = _CORE.match(text, position)
    if core:
        after = _AFTER_NUMBER.match(text, core.end())
        if after is None:
            return None
        value = core.group(0)
        if after.group("punct") is None:
            # Without punctuation a bare integer is too often a year or a count to be a label,
            # and "6.1 million" is a quantity; "Question 6 What ..." and "6.1 What" are labels.
            if prefix is None and value.isdigit():
                return None
            following = text[after.end() :].lstrip()
            if following[:1].islower():
                return None
        rest = text[after.end() :].strip()
        echo = _BILINGUAL_ECHO.match(rest)
        if echo and echo.group("num") == value:
            rest = rest[echo.end() :].strip()
        return _Label("number", value, rest)
    if prefix:
        return None
    for pattern in (_PARENTHESISED, _LETTER):
        match = pattern.match(text)
        if match:
            value = match.group("value")
            kind = "number" if value.isdigit() else "letter"
            return _Label(kind, value, text[match.end() :].strip())
    return None


# --- Word: automatic numbering --------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


@dataclass
class _AutoNumber:
    """What Word would show before a paragraph: its label and the counters that built it."""

    fmt: str
    level_text: str
    values: dict[int, int]  # level -> counter, for every level up to this paragraph's
    formats: dict[int, str]
    ilvl: int

    def component(self, level: int) -> str:
        return _format_counter(self.values.get(level, 1), self.formats.get(level, "decimal"))

    @property
    def rendered(self) -> str:
        return re.sub(r"%([1-9])", lambda m: self.component(int(m.group(1)) - 1), self.level_text)


def _format_counter(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        # Word's letters go a..z, then aa..zz, then aaa...
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    pairs = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for amount, symbol in pairs:
        count, value = divmod(value, amount)
        out.append(symbol * count)
    return "".join(out)


_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@functools.cache
def _compiled(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=_NAMESPACES)


def _xpath(element: Any, path: str) -> list[Any]:
    # Not element.xpath(): only python-docx's own element classes know the "w" prefix, and
    # parts such as w:abstractNum are plain lxml elements.
    return list(_compiled(path)(element))


def _int_attr(element: Any, path: str) -> int | None:
    values = _xpath(element, path)
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


class _Numbering:
    """Replays Word's list counters, as far as the numbering definitions allow (see docstring)."""

    def __init__(self, document: DocxDocument) -> None:
        self._root: Any = None
        try:
            part: Any = document.part.part_related_by(RT.NUMBERING)
            self._root = part.element
        except KeyError:  # a document without lists has no numbering part
            pass
        self._styles: Any = document.styles.element
        self._counters: dict[str, dict[int, int]] = {}
        self._seen_nums: set[int] = set()

    def next(self, num_id: int, ilvl: int, style_name: str) -> _AutoNumber | None:
        """Advance the list `num_id` at level `ilvl`; None when the paragraph is not numbered."""
        definition = self._definition(num_id)
        levels: dict[int, _Level] = {}
        overrides: dict[int, int] = {}
        if definition is not None:
            key, levels, overrides = definition
        elif style_name.lower().startswith("list number"):
            # Definitions missing: count "List Number" paragraphs as a plain decimal list.
            key = f"style:{style_name}"
        else:
            return None

        def level(index: int) -> _Level:
            found = levels.get(index) or _Level(1, "decimal", f"%{index + 1}.")
            start = overrides.get(index, found.start)
            return _Level(start, found.fmt, found.text)

        counters = self._counters.setdefault(key, {})
        if num_id not in self._seen_nums:
            self._seen_nums.add(num_id)
            # A list with startOverride restarts the shared counters at that value.
            for index in overrides:
                counters.pop(index, None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level(ilvl).start
        for deeper in [index for index in counters if index > ilvl]:
            del counters[deeper]
        current = level(ilvl)
        if current.fmt in ("bullet", "none"):
            return _AutoNumber(current.fmt, current.text, {}, {}, ilvl)
        values = {i: counters.get(i, level(i).start) for i in range(ilvl + 1)}
        formats = {i: level(i).fmt for i in range(ilvl + 1)}
        return _AutoNumber(current.fmt, current.text, values, formats, ilvl)

    def _definition(
        self, num_id: int, hops: int = 0
    ) -> tuple[str, dict[int, _Level], dict[int, int]] | None:
        if self._root is None or num_id <= 0:
            return None
        nums = [n for n in self._root.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)]
        if not nums:
            return None
        num = nums[0]
        abstract_id = _int_attr(num, "./w:abstractNumId/@w:val")
        abstracts = [
            a
            for a in self._root.findall(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == str(abstract_id)
        ]
        if not abstracts:
            return None
        abstract = abstracts[0]
        link = _xpath(abstract, "./w:numStyleLink/@w:val")
        if link and not abstract.findall(qn("w:lvl")) and hops < 2:
            # The list is defined by a list style, which points to another w:num.
            linked = self._style_num_id(link[0])
            return self._definition(linked, hops + 1) if linked else None
        levels = {}
        for lvl in abstract.findall(qn("w:lvl")):
            index = _int_attr(lvl, "./@w:ilvl")
            if index is not None:
                levels[index] = self._level(lvl, index)
        overrides: dict[int, int] = {}
        for override in num.findall(qn("w:lvlOverride")):
            index = _int_attr(override, "./@w:ilvl")
            if index is None:
                continue
            replaced = override.find(qn("w:lvl"))
            if replaced is not None:
                levels[index] = self._level(replaced, index)
            start = _int_attr(override, "./w:startOverride/@w:val")
            if start is not None:
                overrides[index] = start
        return f"abstract:{abstract_id}", levels, overrides

    @staticmethod
    def _level(lvl: Any, index: int) -> _Level:
        start = _int_attr(lvl, "./w:start/@w:val")
        fmt = _xpath(lvl, "./w:numFmt/@w:val")
        text = _xpath(lvl, "./w:lvlText/@w:val")
        return _Level(
            start if start is not None else 1,
            fmt[0] if fmt else "decimal",
            text[0] if text else f"%{index + 1}.",
        )

    def _style_num_id(self, style_id: str) -> int | None:
        for style in self._styles.findall(qn("w:style")):
            if style.get(qn("w:styleId")) == style_id:
                return _int_attr(style, "./w:pPr/w:numPr/w:numId/@w:val")
        return None


# --- Word: reading the body -----------------------------------------------------------------

# Runs' text in document order, skipping text boxes (their paragraphs are not in the body flow).
_RUN_TEXT_XPATH = (
    ".//w:r[not(ancestor::w:txbxContent)]/*[self::w:t or self::w:tab or self::w:br or self::w:cr"
    " or self::w:noBreakHyphen]"
)


def _paragraph_text(paragraph: Paragraph) -> str:
    parts = []
    for element in _xpath(paragraph._p, _RUN_TEXT_XPATH):
        tag = element.tag
        if tag == qn("w:t"):
            parts.append(element.text or "")
        elif tag == qn("w:tab"):
            parts.append(" ")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        else:
            parts.append("\n")
    return _clean_block("".join(parts))


def _snippet(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def _style_chain(paragraph: Paragraph) -> Iterator[Any]:
    style = style_of(paragraph)
    for _ in range(20):  # basedOn loops exist in damaged documents
        if style is None:
            return
        yield style
        style = style.base_style


def _heading_level(paragraph: Paragraph) -> int | None:
    for style in _style_chain(paragraph):
        name = (style.name or "").strip().lower()
        if name == "title":
            return 0
        match = re.fullmatch(r"heading\s*([1-9])", name)
        if match:
            return int(match.group(1))
    return None


def _num_pr(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) from the paragraph's own properties, completed from its styles."""
    own = _xpath(paragraph._p, "./w:pPr/w:numPr")
    num_id = _int_attr(own[0], "./w:numId/@w:val") if own else None
    ilvl = _int_attr(own[0], "./w:ilvl/@w:val") if own else None
    for style in _style_chain(paragraph):
        found = _xpath(style.element, "./w:pPr/w:numPr")
        if found:
            num_id = num_id if num_id is not None else _int_attr(found[0], "./w:numId/@w:val")
            ilvl = ilvl if ilvl is not None else _int_attr(found[0], "./w:ilvl/@w:val")
            break
    if num_id is None or num_id == 0:  # numId 0 is how Word removes inherited numbering
        return None
    return num_id, ilvl or 0


def _extra_depth(style_name: str) -> int:
    # "List Number 2" is a separate single-level list that Word indents as a second level.
    match = re.fullmatch(r"list number\s*([2-9])", style_name.strip().lower())
    return int(match.group(1)) - 1 if match else 0


def _is_bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    style_bold = next(
        (style.font.bold for style in _style_chain(paragraph) if style.font.bold is not None),
        None,
    )
    for run in runs:
        bold = run.bold
        if bold is None and style_of(run) is not None:
            bold = style_of(run).font.bold
        if bold is None:
            bold = style_bold
        if not bold:
            return False
    return True


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells come back once per grid column; keep each cell once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(
                line for p in cell.paragraphs if (line := _paragraph_text(p).replace("\n", " "))
            )
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _iter_blocks(document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Body paragraphs and tables in order, including those inside content controls."""

    def walk(parent: Any) -> Iterator[Paragraph | Table]:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document)
            elif child.tag == qn("w:tbl"):
                yield Table(child, document)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)
            elif child.tag == qn("w:customXml"):
                yield from walk(child)

    yield from walk(document.element.body)


@dataclass
class _Draft:
    number: str
    parent: str | None
    where: str  # "paragraph 12 ("Question 6 ...")" for messages
    title: str = ""
    lines: list[str] = field(default_factory=list)
    heading_level: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _DocxReader:
    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.numbering = _Numbering(document)
        self.drafts: list[_Draft] = []
        self.by_number: dict[str, _Draft] = {}
        self.current: _Draft | None = None
        self.warnings: list[str] = []
        self.paragraph_no = 0
        self.table_no = 0
        self.intro: list[str] = []
        self.section: str | None = None
        # The question a lettered "a)" belongs to, and how to join: "6" + "." + "a", "9" + "b".
        self.letter_base: tuple[str, str] | None = None
        # The last question seen at each depth ("6" at 0, "6.1" at 1), for nested list levels.
        self.anchors: dict[int, str] = {}

    def read(self) -> ParseResult:
        if _xpath(self.document.element.body, ".//w:ins | .//w:del"):
            self.warnings.append(
                "The document has tracked changes; they were read as if accepted. Accept or "
                "reject them in Word first if that is not what you want."
            )
        for block in _iter_blocks(self.document):
            if isinstance(block, Table):
                self._table(block)
            else:
                self._paragraph(block)
        if not self.drafts:
            raise QuestionnaireImportError(
                "No numbered question found in the Word document. Start each question with its "
                'number ("Question 6", "6.", "6.1", "a)") or use Word\'s numbered list '
                '("List Number" style).'
            )
        self._warn_about_intro()
        parents = {d.parent for d in self.drafts if d.parent}
        questions = []
        for draft in self.drafts:
            if not draft.title and not draft.text and draft.number not in parents:
                self.warnings.append(f"{draft.where}: question {draft.number} has no text.")
            questions.append(
                ParsedQuestion(
                    number=draft.number,
                    parent=draft.parent,
                    title_en=draft.title,
                    text_en=draft.text,
                )
            )
        return ParseResult(questions=questions, warnings=self.warnings)

    # One body paragraph: a new question, a section title, or text for what came before.
    def _paragraph(self, paragraph: Paragraph) -> None:
        text = _paragraph_text(paragraph)
        style = style_of(paragraph)
        style_name = (style.name if style is not None else "") or ""
        heading = _heading_level(paragraph)
        auto = None
        num_pr = _num_pr(paragraph)
        if num_pr is not None:
            auto = self.numbering.next(num_pr[0], num_pr[1], style_name)
        if not text:
            if auto is not None and auto.fmt not in ("bullet", "none"):
                self.warnings.append(
                    f"An empty numbered paragraph (Word shows {auto.rendered!r}) after paragraph "
                    f"{self.paragraph_no} was skipped."
                )
            return
        self.paragraph_no += 1
        where = f'paragraph {self.paragraph_no} ("{_snippet(text)}")'
        if auto is not None and auto.fmt == "bullet":
            text = "- " + text
            auto = None
        elif auto is not None and auto.fmt == "none":
            auto = None
        number: str | None = None
        rest = text
        if auto is not None:
            number = self._auto_number(auto, _extra_depth(style_name))
        else:
            label = _match_label(text)
            if label is not None:
                number = self._label_number(label)
                rest = label.rest
        if number is not None:
            self._start_question(number, rest, where, paragraph, heading)
        elif heading is not None:
            self._heading(text, heading)
        else:
            self._text(text, where)

    def _label_number(self, label: _Label) -> str | None:
        if label.kind == "number":
            return label.value
        # "a)" in an introduction or after a section title is a list item, not a sub-question.
        if self.current is None or self.letter_base is None:
            return None
        base, join = self.letter_base
        return f"{base}{join}{label.value}"

    def _auto_number(self, auto: _AutoNumber, extra_depth: int) -> str:
        referenced = [int(d) - 1 for d in re.findall(r"%([1-9])", auto.level_text)]
        if len(referenced) > 1:
            number = ".".join(auto.component(level) for level in referenced).lower()
            if _NUMBER_FORMAT.fullmatch(number):
                return number
        component = auto.component(auto.ilvl).lower()
        if not _NUMBER_FORMAT.fullmatch(component):
            component = str(auto.values.get(auto.ilvl, 1))
        depth = auto.ilvl + extra_depth
        if depth == 0:
            if auto.fmt in ("lowerLetter", "upperLetter") and self.letter_base is not None:
                base, join = self.letter_base
                return f"{base}{join}{component}"
            return component
        for shallower in range(depth - 1, -1, -1):
            if shallower in self.anchors:
                return f"{self.anchors[shallower]}.{component}"
        return component

    def _start_question(
        self, number: str, rest: str, where: str, paragraph: Paragraph, heading: int | None
    ) -> None:
        if number in self.by_number:
            raise QuestionnaireImportError(
                f"Question {number} appears twice: {self.by_number[number].where} and {where}. "
                "Number each question once."
            )
        parent = _implied_parent(number)
        if parent is not None and parent not in self.by_number:
            self.warnings.append(
                f"{where}: question {number} looks like a part of question {parent}, but no "
                f"question {parent} comes before it; it is imported as a top-level question."
            )
            parent = None
        draft = _Draft(number=number, parent=parent, where=where, heading_level=heading)
        if heading is not None or self._is_title_line(paragraph, rest):
            draft.title = rest.replace("\n", " ")
        elif rest:
            draft.lines.append(rest)
        self.drafts.append(draft)
        self.by_number[number] = draft
        self.current = draft
        self.section = None
        self._remember(number)

    @staticmethod
    def _is_title_line(paragraph: Paragraph, rest: str) -> bool:
        # "Question 6 – Training of professionals" in bold, with the question below it.
        return (
            bool(rest)
            and len(rest) <= 150
            and "\n" not in rest
            and not rest.endswith("?")
            and _is_bold(paragraph)
        )

    def _remember(self, number: str) -> None:
        parts = re.findall(r"\d+|[a-z]+", number)
        depth = len(parts) - 1
        self.anchors[depth] = number
        for deeper in [d for d in self.anchors if d > depth]:
            del self.anchors[deeper]
        lettered = re.fullmatch(r"(?P<base>.*\d)(?P<join>\.?)[a-z]", number)
        if lettered:
            self.letter_base = (lettered.group("base"), lettered.group("join"))
        else:
            self.letter_base = (number, ".")

    def _heading(self, text: str, level: int) -> None:
        current = self.current
        if (
            current is not None
            and current.heading_level is not None
            and level > current.heading_level
        ):
            # A sub-heading inside a question that opened with a heading is part of its text.
            current.lines.append(text)
            return
        self.current = None
        self.section = text

    def _text(self, text: str, where: str) -> None:
        current = self.current
        if current is not None:
            if text.endswith("?") and "?" in current.text:
                self.warnings.append(
                    f"{where} looks like a question but has no number; kept with question "
                    f"{current.number}."
                )
            current.lines.append(text)
        elif not self.drafts:
            self.intro.append(text)
        elif text.endswith("?") or _match_label(text) is not None:
            # Section text is dropped silently, unless it may be a question someone will miss.
            section = f' (section "{_snippet(self.section, 40)}")' if self.section else ""
            self.warnings.append(
                f"{where}{section} looks like a question but follows a section title, not a "
                "numbered question; it was not imported."
            )

    def _table(self, table: Table) -> None:
        self.table_no += 1
        text = _table_text(table)
        if not text:
            return
        if self.current is not None:
            self.current.lines.append(text)
        elif not self.drafts:
            self.intro.append(text)
        else:
            self.warnings.append(
                f"Table {self.table_no} follows a section title rather than a question; it was "
                "not imported."
            )

    def _warn_about_intro(self) -> None:
        if not self.intro:
            return
        size = sum(len(text) for text in self.intro)
        if size > 2000 or any(text.endswith("?") for text in self.intro):
            self.warnings.append(
                f"The {len(self.intro)} paragraph(s) before the first question were read as the "
                "introduction and not imported; check that no question is among them."
            )


def _parse_docx(content: bytes) -> ParseResult:
    """Read a Word document that the upload gate (lanzarote.lib.sniff) has let through."""
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises many types for damaged packages
        raise QuestionnaireImportError(f"The file is not a readable Word document: {exc}") from exc
    try:
        return _DocxReader(document).read()
    except QuestionnaireImportError:
        raise
    except (ValueError, KeyError, PythonDocxError, etree.XMLSyntaxError) as exc:
        # Attribute values are only validated when read, so damage can surface while reading.
        raise QuestionnaireImportError(f"The file is not a readable Word document: {exc}") from exc
