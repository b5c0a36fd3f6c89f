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


@functools.lru_cache(maxsize=65536)
def _stem_token(token: str, lang: str) -> str:
    return stem_words(token, lang)


def _mark(
    tokens: list[str], present: set[str], words: tuple[str, ...], prefix: bool, marked: set[int]
) -> None:
    first, size = words[0], len(words)
    if not (prefix and size == 1) and first not in present:
        return
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
    present = set(folded)
    for words, prefix in dict.fromkeys((leaf.words, leaf.prefix) for leaf in query.leaves):
        _mark(folded, present, words, prefix, marked)
    patterns = list(
        dict.fromkeys(
            s for leaf in query.leaves if not leaf.prefix for s in (leaf.words, *leaf.stems)
        )
    )
    if not patterns:
        return _spans(text, matches, marked)
    # A stem keeps its word's first letters: only words that begin like one are stemmed.
    starts = {p[0][:3] for p in patterns}
    for lang in STEM_LANGUAGES:
        tokens = [
            _stem_token(m.group(), lang) if f[:3] in starts else f
            for m, f in zip(matches, folded, strict=True)
        ]
        present = set(tokens)
        for stems in patterns:
            _mark(tokens, present, stems, False, marked)
    return _spans(text, matches, marked)


def _spans(text: str, matches: list, marked: set[int]) -> list[tuple[int, int]]:
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
