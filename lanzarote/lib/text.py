"""Text folding shared by search and filters: case and accents ignored, punctuation as space."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out: "Œuvre Élevée" -> "oeuvre elevee"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_words(text: str) -> str:
    """The folded text with every run of punctuation and space made one space."""
    return _NON_WORD.sub(" ", fold(text)).replace("_", " ").strip()
