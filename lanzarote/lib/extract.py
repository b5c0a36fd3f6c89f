"""Read the text of an uploaded reply and cut it into passages that follow its paragraphs.

Two steps, so that a caller can show progress and store pages before cutting:

``extract_pages(data, kind=..., max_pages=...)`` reads the text of a document whose kind was
decided by :func:`lanzarote.lib.sniff.sniff` ("pdf", "docx", "text", "html"). A PDF gives one
:class:`Page` per page (read with PDFium); a Word document, a text file and an HTML page give a
single page 1. Whatever cannot be read raises :class:`ExtractionError`, whose message says what
to do and whose ``reason`` is a short code: "encrypted", "damaged", "too_many_pages",
"no_text" (a scan: OCR is not done here) or "encoding".

``split_passages(pages)`` cuts the text into :class:`Passage` objects, in document order:

* A passage ends at a blank line; at a line ending a sentence (last character one of
  ``. : ; ? ! …`` or a closing quote or bracket after one of them, or a closing quote), unless
  the line ends with a common abbreviation ("art.", "para.", "e.g.", "No.") and the next line
  starts in lower case; before a heading; before a numbered or bulleted item ("6.", "6.1",
  "a)", "(a)", "iv)", "II.", "–", "•"); and at a page break, unless the page's last line
  leaves a sentence open and the next page starts in lower case, so that a paragraph running
  onto the next page stays whole.
* Other line breaks are lines wrapped inside a paragraph (PDF text comes one line per printed
  line), and are read as spaces.
* A heading is its own passage, with ``heading=True``: a line the source marks as a heading
  (Word heading styles, outline levels and wholly bold short paragraphs; HTML ``h1``-``h6``);
  a numbered label ("Question 6", "Q6", "Réponse à la question 6", "Reply to question 6",
  "Article 5 – Recruitment", "Part II", "Chapitre 3 :") alone or followed by a dash, colon or
  full stop and a title; a section number followed by a capitalised title and no final
  punctuation ("6.1 Training of professionals", "II. Prevention"); a line in capitals; or a
  short line (at most ``SHORT_HEADING`` characters, two words or more) that starts with a
  capital, has no final punctuation, follows the end of a sentence and is followed by a blank
  line, the end of the page or a line starting with a capital or a digit. A heading may run
  onto following lines that start in lower case.
* In a document of several pages, a line holding only a page number ("12", "- 12 -", "Page 3
  of 10", "3/10") among the first two or last two lines of a page is page furniture and belongs
  to no passage (it also stops a paragraph from running on across the page break).
* A paragraph longer than ``MAX_PASSAGE`` characters is cut at sentence ends into parts of at
  most that length (at spaces when a single sentence is longer, and anywhere when a "word" is).

Offsets: ``start`` and ``end`` index :func:`full_text` of the same pages (the page texts after
:func:`rejoin_hyphenation`, joined by ``PAGE_SEPARATOR``, "\\n\\f\\n"; for pages that come from
``extract_pages`` the texts are already rejoined, so this is simply the pages joined). The
passage text is that span with every run of white space made one space, so that a search hit
inside a passage maps back to the page and position it came from.

Line-end hyphens are handled by :func:`rejoin_hyphenation`; its docstring gives the rule.

PDFium is not thread-safe, so PDFs are read one at a time per process (a module lock), and all
PDFium objects are closed before returning, errors included.
"""

import html.parser
import io
import itertools
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import docx
import pypdfium2 as pdfium
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from lanzarote.lib.labels import ANSWER_TO, LABEL_WORDS
from lanzarote.lib.language import detect_languages
from lanzarote.lib.word import style_of

PAGE_SEPARATOR = "\n\f\n"
MAX_PASSAGE = 2500
SHORT_HEADING = 100
LONG_HEADING = 200  # a numbered or styled heading, with its continuation lines

ProgressCallback = Callable[[int, int], None]


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


class ExtractionError(ValueError):
    """The document's text could not be read; the message says why and what to do.

    ``reason`` is a short stable code for callers and logs: "encrypted", "damaged",
    "too_many_pages", "no_text" or "encoding".
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str
    # Lines (stripped) that the source itself marks as headings: Word heading styles, HTML
    # h1-h6. Empty for PDF and plain text, where headings are recognised from the text alone.
    headings: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Passage:
    index: int  # 0-based order in the document
    page: int  # page where it starts (1 for DOCX, text and HTML)
    start: int  # offsets into full_text(pages)
    end: int
    text: str  # full_text[start:end] with white space runs made one space
    heading: bool
    language: str  # "en" | "fr" | "und", from detect_language (computed in one batch)


# --------------------------------------------------------------------------------------------
# Hyphenation

# Words whose line-end hyphen is usually a real one: "self-\nregulation" stays "self-regulation".
KEEP_HYPHEN_PREFIXES = _names(
    "self co non ex cross well child multi anti pre post inter intra semi sub"
)
_LETTERS = r"[^\W\d_]"
# A hyphen (ASCII, U+2010 hyphen, U+2011 non-breaking hyphen) ending a line, with the line
# break and the indentation of the next line.
_HYPHEN_BREAK = re.compile(r"[-\u2010\u2011][ \t]*\n[ \t]*")
_ASCII_HYPHEN_BREAK = re.compile(r"-[ \t]*\n[ \t]*")  # the same, found much faster
_COMPOUND_HYPHENS = "-\u2010\u2011"
_WORD_AT = re.compile(rf"{_LETTERS}+")
# A soft hyphen marks where a word may be broken and is never part of the word.
_SOFT_LINE_END = re.compile(r"\u00ad[ \t]*\n[ \t]*(?=[^\W\d_])")
_COMPOUND = re.compile(rf"{_LETTERS}+(?:[-\u2010\u2011]{_LETTERS}+)*")
_HYPHENS = re.compile(r"[\u2010\u2011]")


class _Vocabulary:
    """The document's own words and hyphenated pairs, built only when first needed."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: set[str] | None = None
        self._pairs: set[str] = set()

    def _build(self) -> set[str]:
        words: set[str] = set()
        for token in _COMPOUND.findall(self._text.lower()):
            if "-" in token or "\u2010" in token or "\u2011" in token:
                parts = _HYPHENS.sub("-", token).split("-")
                words.update(parts)
                self._pairs.update(f"{a}-{b}" for a, b in itertools.pairwise(parts))
            else:
                words.add(token)
        return words

    def has_word(self, word: str) -> bool:
        if self._words is None:
            self._words = self._build()
        return word in self._words

    def has_pair(self, first: str, second: str) -> bool:
        if self._words is None:
            self._words = self._build()
        return f"{first}-{second}" in self._pairs


def rejoin_hyphenation(text: str) -> str:
    """Re-join words broken by a hyphen at a line end, keeping real hyphenated compounds.

    The rule, for a word fragment ending a line with a hyphen and a next line starting with a
    letter (other line-end hyphens, as in "2019-" or "term -", are left alone):

    1. a capitalised next word, or a fragment that is itself part of a compound or follows a
       digit, means a compound: the hyphen is kept and the lines joined ("État-\\nPartie" ->
       "État-Partie", "non-State-\\nactors" -> "non-State-actors", "3rd-\\nparty");
    2. otherwise the document itself decides when it can: if it writes the pair with a hyphen
       elsewhere ("pre-trial") the hyphen is kept, else if it writes the joined word
       ("prevention") the lines are joined without the hyphen;
    3. otherwise the hyphen is kept after a prefix that is normally hyphenated
       (``KEEP_HYPHEN_PREFIXES``: self, co, non, ex, cross, well, child, multi, anti, pre,
       post, inter, intra, semi, sub) and dropped after anything else:
       "protec-\\ntion" -> "protection", "self-\\nregulation" -> "self-regulation".

    The hyphen may be "-", U+2010 or U+2011 and is kept as it was. A soft hyphen (U+00AD) is
    always removed, at a line end (joining the lines) or inside a line, since it only marks
    where a word may be broken. Line ends must be "\\n" (callers turn "\\r\\n" into it).
    The result is stable: rejoining it again changes nothing.
    """
    if "\u00ad" in text:
        text = _SOFT_LINE_END.sub("", text).replace("\u00ad", "")
    pieces: list[str] = []
    last = 0
    vocabulary: _Vocabulary | None = None
    size = len(text)
    unicode_hyphens = "\u2010" in text or "\u2011" in text
    for match in (_HYPHEN_BREAK if unicode_hyphens else _ASCII_HYPHEN_BREAK).finditer(text):
        hyphen, after = match.start(), match.end()
        if after >= size or not text[after].isalpha() or not text[hyphen - 1 : hyphen].isalpha():
            continue
        begin = hyphen - 1
        while begin > 0 and text[begin - 1].isalpha():
            begin -= 1
        before = text[begin - 1 : begin]
        fragment = text[begin:hyphen]
        following = _WORD_AT.match(text, after)
        second = following.group() if following else text[after]
        if second[0].isupper() or (before and (before in _COMPOUND_HYPHENS or before.isdigit())):
            keep = True
        else:
            if vocabulary is None:
                vocabulary = _Vocabulary(text)
            first, second = fragment.lower(), second.lower()
            if vocabulary.has_pair(first, second):
                keep = True
            elif vocabulary.has_word(first + second):
                keep = False
            else:
                keep = first in KEEP_HYPHEN_PREFIXES
        pieces.append(text[last:hyphen])
        if keep:
            pieces.append(text[hyphen])
        last = after
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


# --------------------------------------------------------------------------------------------
# Extraction

_PDF_LOCK = threading.Lock()
_PASSWORD_ERRORS = (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY)
# C0 controls other than tab and line feed, DEL and PDFium's private markers; form feeds are
# removed too, since PAGE_SEPARATOR uses them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\uffff]")
_UNUSUAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\uffff\ufb00-\ufb04]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_LIGATURE = re.compile("[\ufb00-\ufb04]")  # str.translate with a dict is slow on long text
_ANY_LETTER = re.compile(_LETTERS)
_SCAN_MESSAGE = (
    "no text could be read from the PDF: it seems to be a scan (pictures of the pages), and "
    "text recognition (OCR) is not done here; upload the document exported from its original "
    "(Word or PDF with text), or run OCR on it first"
)


@dataclass(frozen=True)
class Limits:
    """How much of one document is read: the work of a document is bounded, so that one
    enormous attachment cannot hold the only worker for hours (docs/documents.md)."""

    pages: int = 2000
    characters: int = 3_000_000
    seconds: float = 60.0


@dataclass(frozen=True)
class Reading:
    pages: list[Page]
    total_pages: int  # pages in the document (1 for Word, text and HTML)
    cut: str = ""  # "" when all was read, else why not: "pages", "characters" or "time"


def extract_pages(
    data: bytes,
    *,
    kind: str,
    max_pages: int,
    on_page: ProgressCallback | None = None,
) -> list[Page]:
    """The pages of text of a document of the given kind (from sniff()).

    ``on_page(n, total)`` is called after each page is read ("reading page 37 of 212").
    A PDF with more than ``max_pages`` pages is refused before any page is read.
    """
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    limits = Limits(pages=max_pages, characters=2**62, seconds=float("inf"))
    return _read(data, kind=kind, limits=limits, on_page=on_page, refuse_longer=True).pages


def read_pages(
    source: bytes | str,
    *,
    kind: str,
    limits: Limits,
    on_page: ProgressCallback | None = None,
) -> Reading:
    """Like extract_pages, but a document longer than the limits is read up to them and the
    Reading says so (``cut``), rather than refused. ``source`` may be a file's path, which a
    PDF is read from page by page without holding the whole file in memory."""
    if limits.pages < 1 or limits.characters < 1:
        raise ValueError("the limits must be at least 1")
    return _read(source, kind=kind, limits=limits, on_page=on_page, refuse_longer=False)


def _read(
    source: bytes | str,
    *,
    kind: str,
    limits: Limits,
    on_page: ProgressCallback | None,
    refuse_longer: bool,
) -> Reading:
    deadline = time.monotonic() + limits.seconds
    if kind == "pdf":
        return _pdf_pages(
            source, limits=limits, deadline=deadline, on_page=on_page, refuse_longer=refuse_longer
        )
    if kind not in ("docx", "text", "html"):
        raise ValueError(f"unknown document kind {kind!r}")
    if isinstance(source, str):
        with open(source, "rb") as stored:
            # Text is decoded only as far as it is read (4 bytes a character at most).
            size = None if kind == "docx" else 4 * limits.characters + 4
            source = stored.read(size) if size is not None and size < 2**40 else stored.read()
    cut = ""
    if kind == "docx":
        page, cut = _docx_page(source, characters=limits.characters, deadline=deadline)
    elif kind == "text":
        text, cut = _truncate(_decode_prefix(source, limits.characters), limits.characters)
        page = Page(1, rejoin_hyphenation(_clean(text)))
    else:
        page, cut = _html_page(
            _decode_prefix(source, None), characters=limits.characters, deadline=deadline
        )
    if not _ANY_LETTER.search(page.text):
        raise ExtractionError(_empty_message(kind), reason="no_text")
    if on_page is not None:
        on_page(1, 1)
    return Reading([page], 1, cut)


def _truncate(text: str, characters: int) -> tuple[str, str]:
    """The text up to ``characters``, cut at the last paragraph (or line) end before it."""
    if len(text) <= characters:
        return text, ""
    end = text.rfind("\n\n", 0, characters)
    if end < characters // 2:
        end = text.rfind("\n", 0, characters)
    if end < characters // 2:
        end = characters
    return text[:end], "characters"


def _decode_prefix(data: bytes, characters: int | None) -> str:
    """The UTF-8 text of the data, or of its first bytes enough for ``characters``."""
    if characters is None or len(data) <= 4 * characters:
        return _decode(data)
    prefix = data[: 4 * characters]
    try:
        return prefix.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(prefix) - 3:
            raise _decoding_error(prefix, error) from error
        return prefix[: error.start].decode("utf-8-sig")  # a character cut at the end


def _empty_message(kind: str) -> str:
    if kind == "docx":
        return (
            "the Word document contains no text (only pictures, or nothing); if it holds "
            "scanned pages, text recognition (OCR) is not done here, so upload the document "
            "with its text"
        )
    return "the document contains no text; check that the right file was chosen"


def _pdf_pages(
    source: bytes | str,
    *,
    limits: Limits,
    deadline: float,
    on_page: ProgressCallback | None,
    refuse_longer: bool,
) -> Reading:
    texts: list[str] = []
    cut = ""
    with _PDF_LOCK:
        try:
            # From a path PDFium reads the file as it needs it, page by page.
            document = pdfium.PdfDocument(source)
        except pdfium.PdfiumError as error:
            raise _open_error(error) from error
        try:
            total = len(document)
            max_pages = limits.pages
            if total > max_pages and refuse_longer:
                raise ExtractionError(
                    f"the PDF has {total} pages; at most {max_pages} pages are read, so split "
                    "it into smaller documents (for example the reply and its annexes)",
                    reason="too_many_pages",
                )
            characters = 0
            for index in range(min(total, max_pages)):
                text = _pdf_page_text(document, index)
                texts.append(text)
                characters += len(text)
                if on_page is not None:
                    on_page(index + 1, total)
                if index + 1 < total and characters >= limits.characters:
                    cut = "characters"
                    break
                if index + 1 < total and time.monotonic() > deadline:
                    cut = "time"
                    break
            else:
                cut = "pages" if total > max_pages else ""
        finally:
            document.close()
    if not any(_ANY_LETTER.search(text) for text in texts):
        raise ExtractionError(_SCAN_MESSAGE, reason="no_text")
    # Hyphenation is rejoined over the whole document, so that its vocabulary can decide.
    joined = rejoin_hyphenation(PAGE_SEPARATOR.join(texts))
    pages = [Page(number, text) for number, text in enumerate(joined.split(PAGE_SEPARATOR), 1)]
    return Reading(pages, total, cut)


def _open_error(error: pdfium.PdfiumError) -> ExtractionError:
    if error.err_code in _PASSWORD_ERRORS:
        return ExtractionError(
            "the PDF is protected by a password (encrypted), so its text cannot be read; save "
            "or export it again without a password and upload it once more",
            reason="encrypted",
        )
    return ExtractionError(
        "the PDF is damaged and cannot be opened (it may have been cut short or saved "
        "incompletely); export it again from the original and upload it once more",
        reason="damaged",
    )


def _pdf_page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = textpage = None
    try:
        page = document[index]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
    except pdfium.PdfiumError as error:
        raise ExtractionError(
            f"page {index + 1} of the PDF is damaged and its text cannot be read; export the "
            "PDF again from the original and upload it once more",
            reason="damaged",
        ) from error
    finally:
        if textpage is not None:
            textpage.close()
        if page is not None:
            page.close()
    # PDFium ends lines with "\r\n" and replaces a line-end hyphen (and the line break) with
    # U+FFFE; both are put back as the page shows them, for rejoin_hyphenation to decide.
    return _clean(raw.replace("\r\n", "\n").replace("\ufffe", "-\n"))


def _clean(text: str) -> str:
    """Line ends as "\\n", no control characters or form feeds, ligatures spelled out."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _UNUSUAL.search(text):  # one scan for the common case: nothing to do
        return text
    text = _CONTROLS.sub("", text.replace("\f", "\n"))
    if _LIGATURE.search(text):
        text = _LIGATURE.sub(lambda match: _LIGATURES[match.group()], text)
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _decoding_error(data, error) from error


def _decoding_error(data: bytes, error: UnicodeDecodeError) -> ExtractionError:
    return ExtractionError(
        f"the text is not in UTF-8 (byte 0x{data[error.start]:02X} at position "
        f"{error.start} cannot be read); save it as UTF-8 and upload it again",
        reason="encoding",
    )


# Word


_HEADING_STYLES = ("heading", "title", "subtitle")
_STYLE_DEPTH = 16


def _docx_page(
    data: bytes, *, characters: int = 2**62, deadline: float = float("inf")
) -> tuple[Page, str]:
    if _docx_main_size(data) > DOCX_STREAM_BYTES:
        return _docx_stream_page(data, characters=characters, deadline=deadline)
    cut = ""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        headings: set[str] = set()
        length = 0
        for paragraph in _docx_paragraphs(document.element.body, document):
            if length >= characters or time.monotonic() > deadline:
                cut = "characters" if length >= characters else "time"
                break
            text = rejoin_hyphenation(_clean(paragraph.text)).strip()
            if not text:
                continue
            blocks.append(text)
            length += len(text) + 2
            if "\n" not in text and _docx_heading(paragraph, text):
                headings.add(text)
    except Exception as error:
        # Damaged archives and XML surface as many types (zipfile, zlib, lxml, python-docx's
        # own); all of them mean the upload cannot be read, never a server error.
        raise ExtractionError(
            f"the Word document cannot be read ({type(error).__name__}); save it again from "
            "Word (or as PDF) and upload it once more",
            reason="damaged",
        ) from error
    # Paragraphs are separated by a blank line: a Word paragraph is a paragraph whether or not
    # it ends with a full stop.
    return Page(1, "\n\n".join(blocks), frozenset(headings)), cut


# A Word document whose main part inflates past this is read as a stream, paragraph by
# paragraph, and only as far as the limits: python-docx holds the whole tree in memory (about six
# times the part's size) and walks it slowly (a 55 MB part: 350 MB, 30,000 paragraphs a second).
DOCX_STREAM_BYTES = 8 * 1024 * 1024
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OFFICE_DOCUMENT = "/officeDocument"
_BLOCK_ANCESTORS = frozenset(qn(f"w:{tag}") for tag in ("tbl", "tr", "tc", "sdt", "sdtContent"))
_RUN_TEXT = {
    qn("w:t"): None,
    qn("w:tab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:ptab"): "\t",
}
_FALSE = frozenset({"0", "false", "off"})


def _safe_parser(**options: Any) -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, **options)


def _docx_main_name(archive: zipfile.ZipFile) -> str:
    """The main document part, found as the reader finds it (the package relationships)."""
    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), _safe_parser())
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml"
    for rel in rels:
        if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT):
            return str(rel.get("Target", "")).lstrip("/")
    return "word/document.xml"


def _docx_main_size(data: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.getinfo(_docx_main_name(archive)).file_size
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return 0  # python-docx says what is wrong


def _docx_heading_styles(archive: zipfile.ZipFile) -> tuple[frozenset[str], str]:
    """The paragraph styles that make a heading (by name, or an outline level, along the "based
    on" chain), and the default paragraph style."""
    try:
        root = etree.fromstring(archive.read("word/styles.xml"), _safe_parser())
    except (KeyError, etree.XMLSyntaxError):
        return frozenset(), ""
    styles: dict[str, tuple[str, str, bool]] = {}
    default = ""
    for style in root.iter(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        style_id = style.get(qn("w:styleId"), "")
        name = style.find(qn("w:name"))
        based = style.find(qn("w:basedOn"))
        styles[style_id] = (
            (name.get(qn("w:val"), "") if name is not None else "").lower(),
            based.get(qn("w:val"), "") if based is not None else "",
            style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None,
        )
        if style.get(qn("w:default")) in ("1", "true", "on"):
            default = style_id
    headings = set()
    for style_id in styles:
        current = style_id
        for _ in range(_STYLE_DEPTH):
            if current not in styles:
                break
            name, based, outline = styles[current]
            if name.startswith(_HEADING_STYLES) or outline:
                headings.add(style_id)
                break
            current = based
    return frozenset(headings), default


def _docx_run_text(run: Any) -> str:
    parts = []
    for child in run:
        if child.tag in _RUN_TEXT:
            replacement = _RUN_TEXT[child.tag]
            if replacement is None:
                parts.append(child.text or "")
            elif child.tag != qn("w:br") or child.get(qn("w:type")) in (None, "textWrapping"):
                parts.append(replacement)
    return "".join(parts)


def _docx_stream_page(data: bytes, *, characters: int, deadline: float) -> tuple[Page, str]:
    """The text of a large Word document read as a stream: the same paragraphs, table cells,
    content controls and headings as the python-docx reader, in bounded memory."""
    blocks: list[str] = []
    headings: set[str] = set()
    length, cut = 0, ""
    body, paragraph = qn("w:body"), qn("w:p")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            heading_styles, default_style = _docx_heading_styles(archive)
            with archive.open(_docx_main_name(archive)) as part:
                for _event, element in etree.iterparse(
                    part,
                    events=("end",),
                    tag=paragraph,
                    resolve_entities=False,
                    no_network=True,
                    load_dtd=False,
                    huge_tree=True,
                ):
                    parent = element.getparent()
                    ancestors = list(element.iterancestors())
                    inner = any(a.tag == paragraph for a in ancestors)
                    if inner:
                        continue  # a text box's paragraph: python-docx leaves it out too
                    if length >= characters or time.monotonic() > deadline:
                        cut = "characters" if length >= characters else "time"
                        break
                    readable = all(
                        a.tag in _BLOCK_ANCESTORS
                        for a in ancestors
                        if a.tag != body and a is not ancestors[-1]
                    )
                    if readable:
                        text = _docx_stream_paragraph(
                            element, heading_styles, default_style, headings
                        )
                        if text:
                            blocks.append(text)
                            length += len(text) + 2
                    element.clear()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
    except Exception as error:
        raise ExtractionError(
            f"the Word document cannot be read ({type(error).__name__}); save it again from "
            "Word (or as PDF) and upload it once more",
            reason="damaged",
        ) from error
    return Page(1, "\n\n".join(blocks), frozenset(headings)), cut


def _docx_stream_paragraph(
    element: Any, heading_styles: frozenset[str], default_style: str, headings: set[str]
) -> str:
    runs = []
    for child in element:
        if child.tag == qn("w:r"):
            runs.append((child, True))
        elif child.tag == qn("w:hyperlink"):
            runs.extend((run, False) for run in child.iter(qn("w:r")))
    text = rejoin_hyphenation(_clean("".join(_docx_run_text(run) for run, _ in runs))).strip()
    if not text or "\n" in text:
        return text
    p_pr = element.find(qn("w:pPr"))
    style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
    style_id = style.get(qn("w:val"), "") if style is not None else default_style
    outline = p_pr is not None and p_pr.find(qn("w:outlineLvl")) is not None
    if style_id in heading_styles or outline:
        headings.add(text)
        return text
    direct = [run for run, own in runs if own and _docx_run_text(run).strip()]
    if (
        direct
        and len(text) <= SHORT_HEADING
        and text[-1] not in _FINAL_PUNCTUATION
        and all(_docx_bold(run) for run in direct)
    ):
        headings.add(text)
    return text


def _docx_bold(run: Any) -> bool:
    bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return bold is not None and bold.get(qn("w:val"), "true").lower() not in _FALSE


def _docx_paragraphs(container: Any, parent: Any) -> Iterator[Paragraph]:
    """Body paragraphs in order, with table cells and content controls opened up."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield from _docx_table(Table(child, parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_paragraphs(content, parent)


def _docx_table(table: Table) -> Iterator[Paragraph]:
    # A merged cell is returned once per grid row and column it spans. The elements are kept
    # alive in the dict, since lxml makes a new proxy on each access and an id() can be reused.
    seen: dict[int, Any] = {}
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            yield from _docx_paragraphs(cell._tc, cell)


def _docx_heading(paragraph: Paragraph, text: str) -> bool:
    style = style_of(paragraph)
    for _ in range(_STYLE_DEPTH):  # a style "based on" itself must not loop for ever
        if style is None:
            break
        name = (style.name or "").lower()
        if name.startswith(_HEADING_STYLES):
            return True
        if style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
            return True
        style = style.base_style
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.find(qn("w:outlineLvl")) is not None:
        return True
    # A short paragraph in bold throughout, without final punctuation, is used as a heading.
    runs = [run for run in paragraph.runs if run.text.strip()]
    return (
        bool(runs)
        and len(text) <= SHORT_HEADING
        and text[-1] not in _FINAL_PUNCTUATION
        and all(run.bold for run in runs)
    )


# HTML

_BLOCK_TAGS = _names(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "head", "title", "noscript", "svg"})
_VOID_TAGS = _names("area base br col embed hr img input link meta param source track wbr")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class _VisibleText(html.parser.HTMLParser):
    """The text a browser would show: block elements on their own lines, no scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: set[str] = set()
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._pre = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag == "head" and tag == "body":
            self._skip_tag = None  # </head> may be left out
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        attributes = dict(attrs)
        hidden = "hidden" in attributes or _HIDDEN_STYLE.search(attributes.get("style") or "")
        if tag in _SKIPPED_TAGS or (hidden and tag not in _VOID_TAGS):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
            if tag == "pre":
                self._pre += 1
            elif tag in _HEADING_TAGS:
                self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
            if tag == "pre":
                self._pre = max(self._pre - 1, 0)
            elif tag in _HEADING_TAGS and self._heading is not None:
                heading = " ".join(_clean("".join(self._heading)).replace("\u00ad", "").split())
                if heading:
                    self.headings.add(heading)
                self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            return
        if not self._pre:
            data = _HTML_SPACE.sub(" ", data)
        self.parts.append(data)
        if self._heading is not None:
            self._heading.append(data)


_HTML_FEED = 256 * 1024


def _html_page(
    source: str, *, characters: int = 2**62, deadline: float = float("inf")
) -> tuple[Page, str]:
    parser = _VisibleText()
    cut = ""
    # Fed in pieces, so that reading stops once enough text is read (or time is up).
    length = counted = 0
    for start in range(0, len(source), _HTML_FEED):
        parser.feed(source[start : start + _HTML_FEED])
        if start + _HTML_FEED < len(source):
            length += sum(map(len, parser.parts[counted:]))
            counted = len(parser.parts)
            if length >= characters:
                cut = "characters"
                break
            if time.monotonic() > deadline:
                cut = "time"
                break
    parser.close()
    text = _clean("".join(parser.parts))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", lines).strip()
    if cut == "characters":
        text = _truncate(text, characters)[0]
    return Page(1, rejoin_hyphenation(text), frozenset(parser.headings)), cut


# --------------------------------------------------------------------------------------------
# Passages

# Ends a sentence: . : ; ? ! … possibly followed by closing quotes or brackets, or a closing
# quote on its own.
_SENTENCE_PUNCTUATION = ".:;?!…"
_CLOSING_QUOTES = '"”»'
_CLOSERS = "\"'”’»)]"
_FINAL_PUNCTUATION = '.,;:?!…"”»'
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:art|arts|para|paras|no|nos|n°|p|pp|cf|vol|ch|sect|al|e\.g|i\.e|mr|mrs|ms|dr|"
    r"st|m|mme|ibid|op|cit|seq)\.)$",
    re.IGNORECASE,
)
_LABEL = (
    r"(?:article|art\.|chapter|chapitre|section|part|partie|annex|annexe|appendix|"
    r"titre|title|theme|thème|topic)"
)
_NUMBER = r"(?:n[°o]\.?\s*)?(?:\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*|[ivxlc]{1,6}|[a-z])"
# "Question 6", "Q6", "Q.6", "Réponse à la question 6", "Reply to question 6" (the words of
# lib/labels.py), "Article 5 – Title", "Part II", "Chapitre 3 :" — the label alone, or followed
# by a separator.
_KEYWORD_HEADING = re.compile(
    rf"^(?:{LABEL_WORDS}(?=\d)|(?:{ANSWER_TO}\s+)?{_LABEL}\s*\.?\s*)"
    rf"{_NUMBER}\s*(?:$|[-–—:.)]\s*\S?)",
    re.IGNORECASE,
)
# A cheap test before the expression: the first letters of the label words.
_KEYWORD_INITIALS = frozenset("qacsptrewQACSPTREW")
# "6.1 Training", "6. Training", "II. Prevention", "A. Prevention": a section number followed
# by a capitalised title.
_SECTION_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|[IVXLC]{1,6}\.|[A-Z]\.)\s+[^\W\d_a-zß-ÿ]"
)
# A numbered or bulleted item: "6.", "6)", "6.1", "a)", "(a)", "iv)", "II.", "–", "•".
_ITEM = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})+\.?\s|\d{1,3}[.)]\s|\(\d{1,3}\)\s|\(?[a-z]\)\s|\(?[ivx]{1,5}\)\s"
    r"|[IVXLC]{1,6}\.\s|[-–—•▪●◦*]\s)"
)
# A number item is a reference, not an item, after these words: "under Article\n6. The".
_REFERENCE_END = re.compile(
    r"\b(?:article|articles|art\.|paragraph|para\.|section|question|page|p\.|no\.|n°)$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+|p\.\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|sur|de)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_SENTENCE_GAP = re.compile(r"[.!?…][\"'”’»)\]]*(\s+)")
_NON_SPACE = re.compile(r"\S+")
_OPENERS = '"“«‘([¿¡'


@dataclass(slots=True)
class _Line:
    page: int
    start: int  # offsets of the stripped line in the full text
    end: int
    text: str
    plain: bool  # the page has no headings marked by its source (PDF, text)
    styled: bool  # the source marks this line as a heading
    ends: bool  # the line ends a sentence
    blank_before: bool = False  # a blank line (or page furniture) comes before it on its page
    first_on_page: bool = False  # first text of its page, with no page number before it
    last_on_page: bool = False  # last text of its page, with no page number after it


def full_text(pages: list[Page]) -> str:
    """The text that passage offsets index: pages rejoined and joined by PAGE_SEPARATOR."""
    return PAGE_SEPARATOR.join(rejoin_hyphenation(page.text) for page in pages)


def split_passages(pages: list[Page]) -> list[Passage]:
    """The passages of the document, following its paragraphs and headings (see module doc)."""
    texts = [rejoin_hyphenation(page.text) for page in pages]
    text = PAGE_SEPARATOR.join(texts)
    found = [
        (page, part_start, part_end, " ".join(text[part_start:part_end].split()), heading)
        for page, start, end, heading in _spans(_lines(pages, texts))
        for part_start, part_end in _parts(text, start, end)
    ]
    languages = detect_languages([passage_text for _, _, _, passage_text, _ in found])
    # Positional arguments: a 200-page reply has thousands of passages, and keywords cost.
    return [
        Passage(index, page, start, end, passage_text, heading, language)
        for index, ((page, start, end, passage_text, heading), (language, _)) in enumerate(
            zip(found, languages, strict=True)
        )
    ]


def _lines(pages: list[Page], texts: list[str]) -> list[_Line]:
    """The text lines of all pages, with offsets and surroundings; page numbers left out."""
    lines: list[_Line] = []
    offset = 0
    paged = len(pages) > 1  # only paged documents have page numbers to leave out
    for page, page_text in zip(pages, texts, strict=True):
        plain = not page.headings
        number = page.number
        page_lines: list[_Line] = []
        blank = False
        for raw in page_text.split("\n"):
            stripped = raw.strip()
            if stripped:
                # The first visible character cannot occur earlier, in the indentation.
                start = offset + raw.find(stripped[0])
                page_lines.append(
                    _Line(
                        number,
                        start,
                        start + len(stripped),
                        stripped,
                        plain,
                        not plain and stripped in page.headings,
                        _ends_sentence(stripped),
                        blank and bool(page_lines),
                    )
                )
                blank = False
            else:
                blank = True
            offset += len(raw) + 1
        offset += len(PAGE_SEPARATOR) - 1
        if not page_lines:
            continue
        count = len(page_lines)
        furniture = (
            [
                index
                for index in sorted({0, 1, count - 2, count - 1}, reverse=True)
                if 0 <= index < count and _PAGE_NUMBER.match(page_lines[index].text)
            ]
            if paged
            else []
        )
        for index in furniture:
            del page_lines[index]
            if index < len(page_lines):
                page_lines[index].blank_before = True  # the number breaks a paragraph
        if page_lines:
            page_lines[0].first_on_page = 0 not in furniture
            page_lines[-1].last_on_page = count - 1 not in furniture
            lines.extend(page_lines)
    return lines


def _spans(lines: list[_Line]) -> Iterator[tuple[int, int, int, bool]]:
    """(page, start, end, heading) for each passage, before long ones are cut."""
    current: list[_Line] = []
    in_heading = False
    previous_ended = True  # the line before ended a sentence or a heading (or there is none)
    for position, line in enumerate(lines):
        following = lines[position + 1] if position + 1 < len(lines) else None
        heading = _is_heading(line, following, previous_ended)
        if current and _continues(current, line, in_heading=in_heading, heading=heading):
            current.append(line)
        else:
            if current:
                yield current[0].page, current[0].start, current[-1].end, in_heading
            current = [line]
            in_heading = heading
        previous_ended = line.ends or in_heading
    if current:
        yield current[0].page, current[0].start, current[-1].end, in_heading


def _continues(current: list[_Line], line: _Line, *, in_heading: bool, heading: bool) -> bool:
    """Whether ``line`` carries on the passage made of the ``current`` lines."""
    previous = current[-1]
    if line.blank_before or heading:
        return False
    if previous.page != line.page and not (
        previous.last_on_page and line.first_on_page and _starts_lower(line.text)
    ):
        return False
    if in_heading:
        # A heading runs on only onto lines that start in lower case.
        length = previous.end - current[0].start
        return (
            _starts_lower(line.text)
            and not previous.ends
            and length + len(line.text) <= LONG_HEADING
        )
    if previous.ends:
        return (
            _starts_lower(line.text)
            and previous.text[-1] == "."
            and bool(_ABBREVIATION_END.search(previous.text, max(len(previous.text) - 12, 0)))
        )
    return not _starts_item(line.text, previous.text)


def _ends_sentence(text: str) -> bool:
    """Whether a line ends with . : ; ? ! …, perhaps before closing quotes or brackets, or
    with a closing quote."""
    last = text[-1]
    if last in _SENTENCE_PUNCTUATION or last in _CLOSING_QUOTES:
        return True
    if last in _CLOSERS:
        core = text.rstrip(_CLOSERS)
        return bool(core) and core[-1] in _SENTENCE_PUNCTUATION
    return False


def _starts_lower(text: str) -> bool:
    return text[0].islower()


def _starts_item(text: str, previous: str) -> bool:
    if not _ITEM.match(text):
        return False
    # "…under Article\n6. of the Convention": a number after a reference word continues.
    return not (text[0].isdigit() and _REFERENCE_END.search(previous, max(len(previous) - 12, 0)))


def _is_heading(line: _Line, following: _Line | None, previous_ended: bool) -> bool:
    text = line.text
    if line.styled:
        return len(text) <= LONG_HEADING
    if len(text) > LONG_HEADING:
        return False
    if text[0] in _KEYWORD_INITIALS and _KEYWORD_HEADING.match(text):
        # "Question 6:" and "Question 6 – Has the Party…?" are headings too.
        return not text.endswith((".", ";", ","))
    if text[-1] in _FINAL_PUNCTUATION or len(text) > SHORT_HEADING:
        return False
    next_starts_lower = (
        following is not None and not following.blank_before and _starts_lower(following.text)
    )
    if _SECTION_HEADING.match(text):
        return not next_starts_lower
    if _is_capitals(text):
        return True
    if not line.plain or not (previous_ended or line.blank_before):
        return False
    # A short line on its own, starting with a capital: "Measures to protect child victims".
    if not text[0].isupper() or " " not in text or next_starts_lower:
        return False
    if following is None or following.blank_before or following.page != line.page:
        return True
    return following.text[0].isupper() or following.text[0].isdigit()


def _is_capitals(text: str) -> bool:
    """A line in capitals, such as "PART II – PREVENTION" (four letters at least)."""
    return text.isupper() and len(_ANY_LETTER.findall(text)) >= 4


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span, or its parts of at most MAX_PASSAGE characters once white space is squeezed."""
    if end - start <= MAX_PASSAGE or _squeezed_length(text, start, end) <= MAX_PASSAGE:
        yield start, end
        return
    yield from _pack(text, list(_sentences(text, start, end)), cut_words=True)


def _squeezed_length(text: str, start: int, end: int) -> int:
    return len(" ".join(text[start:end].split()))


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans within [start, end): cut after . ! ? … before a capital, digit or quote."""
    sentence_start = start
    for match in _SENTENCE_GAP.finditer(text, start, end):
        after = match.end()
        if after >= end:
            break
        following = text[after]
        if following.isupper() or following.isdigit() or following in _OPENERS:
            yield sentence_start, match.start(1)
            sentence_start = after
    yield sentence_start, end


def _pack(
    text: str, pieces: list[tuple[int, int]], *, cut_words: bool
) -> Iterator[tuple[int, int]]:
    """Consecutive pieces joined while the squeezed length stays within MAX_PASSAGE.

    A piece that is too long on its own is cut at spaces (``cut_words``), or anywhere.
    """
    part_start = part_end = -1
    length = 0
    for piece_start, piece_end in pieces:
        piece_length = _squeezed_length(text, piece_start, piece_end)
        if piece_length > MAX_PASSAGE:
            if part_start >= 0:
                yield part_start, part_end
                part_start, length = -1, 0
            if cut_words:
                words = _NON_SPACE.finditer(text, piece_start, piece_end)
                yield from _pack(text, [word.span() for word in words], cut_words=False)
            else:
                for cut in range(piece_start, piece_end, MAX_PASSAGE):
                    yield cut, min(cut + MAX_PASSAGE, piece_end)
            continue
        if part_start >= 0 and length + 1 + piece_length <= MAX_PASSAGE:
            part_end = piece_end
            length += 1 + piece_length
        else:
            if part_start >= 0:
                yield part_start, part_end
            part_start, part_end, length = piece_start, piece_end, piece_length
    if part_start >= 0:
        yield part_start, part_end
