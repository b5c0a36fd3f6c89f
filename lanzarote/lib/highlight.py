"""Mark the words of a query in a text, accents and case ignored, as safe HTML."""

from __future__ import annotations

import functools
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper

from django.utils.safestring import SafeString, mark_safe

from .query import Query
from .text import STEM_LANGUAGES, WORD, fold, stem_words


@functools.lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    return fold(token)


def _matches(token: str, leaf_word: str, prefix: bool) -> bool:
    return token.startswith(leaf_word) if prefix else token == leaf_word


def _mark(tokens: list[str], words: tuple[str, ...], prefix: bool, marked: set[int]) -> None:
    first, size = words[0], len(words)
    for i, token in enumerate(tokens[: len(tokens) - size + 1]):
        if not _matches(token, first, prefix and size == 1):
            continue
        if all(
            _matches(tokens[i + j], word, prefix and j == size - 1)
            for j, word in enumerate(words[1:], start=1)
        ):
            marked.update(range(i, i + size))


def marked_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Character spans of the text that match the query's words and phrases (or their stems:
    "victims" marks "victim"), merged."""
    matches = list(WORD.finditer(text))
    folded = [_fold_token(m.group()) for m in matches]
    marked: set[int] = set()
    stemmed: dict[str, list[str]] = {}
    for leaf in query.leaves:
        _mark(folded, leaf.words, leaf.prefix, marked)
        for stems in () if leaf.prefix else (leaf.words, *leaf.stems):
            for lang in STEM_LANGUAGES:
                if lang not in stemmed:
                    stemmed[lang] = [stem_words(m.group(), lang) for m in matches]
                _mark(stemmed[lang], stems, False, marked)
    spans: list[tuple[int, int]] = []
    for index in sorted(marked):
        start, end = matches[index].span()
        if spans and index - 1 in marked and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)  # consecutive words: one mark
        else:
            spans.append((start, end))
    return spans


def highlight(text: str, query: Query | None) -> SafeString:
    if query is None:
        return mark_safe(escape(text))
    out: list[str] = []
    last = 0
    for start, end in marked_spans(text, query):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
