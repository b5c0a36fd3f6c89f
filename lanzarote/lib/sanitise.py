"""Rich text of replies, made safe on the server.

Whatever the browser's editor sends is untrusted: it is sanitised here with nh3 (the Rust
"ammonia" sanitiser) against a short allow-list before it is stored, so that templates can
print the stored HTML as is. Plain text is escaped and given paragraphs instead.
"""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h3",
        "h4",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "sup",
        "sub",
    }
)
# Only href on links; span attributes so that tables pasted from Word keep their shape. The "*"
# entry is empty on purpose: without it nh3 keeps "lang" and "title" on every tag.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),
    "a": {"href"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Dropped with their content, not just unwrapped: the text inside these is code or a
# different document, never part of the answer.
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "textarea",
        "select",
        "title",
        "svg",
        "math",
    }
)
# Block-level tags: text with these is laid out already; text with only inline tags (or none)
# still needs paragraphs made from its blank lines.
_BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "li", "blockquote", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td"}
)
_ALLOWED_TAG = re.compile(
    r"<\s*/?\s*(?:" + "|".join(sorted(ALLOWED_TAGS)) + r")\b[^>]*>", re.IGNORECASE
)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")\b[^>]*>", re.IGNORECASE
)
# Control characters other than tab and line breaks: never meaningful in an answer, and NUL
# in particular confuses later consumers (databases, exports).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_SPACE = re.compile(r"\s+")


def sanitise_html(text: str) -> str:
    """The markup reduced to the allow-list: no scripts, styles, classes, images or frames."""
    return nh3.clean(
        _CONTROL.sub("", text),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        # Relative and protocol-relative links ("//elsewhere") have no scheme to check.
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def plain_to_html(text: str) -> str:
    """Plain text as escaped paragraphs: blank lines separate <p>, single newlines are <br>."""
    return _paragraphs(text, escape=True)


def answer_html(text: str) -> str:
    """What the reply form stores: always safe HTML, "" when nothing readable remains."""
    if _ALLOWED_TAG.search(text):
        # Markup with only inline tags (say, a bold word typed into a textarea) still relies
        # on its line breaks for layout, so it gets paragraphs before it is cleaned.
        result = sanitise_html(text if _BLOCK_TAG.search(text) else _paragraphs(text))
    else:
        result = plain_to_html(text)
    return result if html_to_text(result) else ""


def html_to_text(html_text: str) -> str:
    """Readable text for search indexing and length counting: no tags, entities decoded."""
    parser = _TextExtractor()
    parser.feed(html_text)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def _paragraphs(text: str, *, escape: bool = False) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        lines = [line.strip() for line in block.split("\n")]
        lines = [html.escape(line, quote=False) if escape else line for line in lines if line]
        if lines:
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return "\n".join(paragraphs)


class _TextExtractor(HTMLParser):
    """Text content, with a space wherever a block or line break would separate words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skipping += 1
        elif tag in _BLOCK_TAGS or tag == "br":
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> and friends: self-closing, so they must not open a skipped region.
        if tag in _BLOCK_TAGS or tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


_PARAGRAPHS = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def html_for_editing(stored: str) -> str:
    """What the reply form shows for a stored answer: the plain text again when the answer was
    typed as plain text (only paragraphs and line breaks), the sanitised HTML otherwise."""
    if not stored:
        return ""
    match = _PARAGRAPHS.match(stored)
    if match:
        blocks = re.split(r"</p>\s*<p>", match.group(1))
        text = "\n\n".join(block.replace("<br>", "\n") for block in blocks)
        plain = html.unescape(text)
        if plain_to_html(plain) == stored:
            return plain
    return stored
