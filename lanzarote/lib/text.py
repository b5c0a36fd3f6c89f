"""Text folding shared by search and filters: case and accents ignored, punctuation as space."""

import functools
import re
import unicodedata
from typing import Any

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


# Stemming, for search: "victims", "victime" and "victimes" all become "victim". Snowball's
# English and French stemmers (snowballstemmer, pure Python, the stemmers Sphinx and Lucene use),
# applied to each word before it is folded, so both engines index and query the same stems.
STEM_LANGUAGES = {"en": "english", "fr": "french"}


@functools.cache
def _stemmer(lang: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(STEM_LANGUAGES[lang])


@functools.lru_cache(maxsize=200_000)
def _stem(word: str, lang: str) -> str:
    return " ".join(
        _NON_WORD.sub(" ", fold(_stemmer(lang).stemWord(word))).replace("_", " ").split()
    )


def stem_words(text: str, lang: str) -> str:
    """The text's words stemmed in this language ("en" or "fr") and folded, in order, one
    space apart: "Enfants abusés" -> "enfant abus"."""
    lowered = text.translate(_LIGATURES).lower()
    return " ".join(stem for word in WORD.findall(lowered) if (stem := _stem(word, lang)))
