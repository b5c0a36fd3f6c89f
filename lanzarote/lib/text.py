"""Text folding shared by search and filters: case and accents ignored, punctuation as space."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
WORD = re.compile(r"\w+", re.UNICODE)
# Combining marks (accents and the like) left by NFKD decomposition.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out: "Œuvre Élevée" -> "oeuvre elevee"."""
    if text.isascii():  # most of a document: nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return _COMBINING.sub("", decomposed).casefold()


# ASCII fast path of fold_words: letters lowered, digits kept, everything else a space. A
# translate and a split are about four times faster than the regular expression (docs/performance.md).
_ASCII_WORDS = str.maketrans(
    {chr(c): (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)}
)


def fold_words(text: str) -> str:
    """The folded text with every run of punctuation and space made one space."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_WORDS).split())
    return _fold_words_any(text)


def _fold_words_any(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())
