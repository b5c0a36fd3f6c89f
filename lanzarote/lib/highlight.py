"""Mark the words of a query in a text, accents and case ignored, as safe HTML."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import Query
from .text import WORD, fold


def _matches(token: str, leaf_word: str, prefix: bool) -> bool:
    return token.startswith(leaf_word) if prefix else token == leaf_word


def marked_spans(text: str, query: Query) -> list[tuple[int, int]]:
    tokens = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
    marked: set[int] = set()
    for leaf in query.leaves:
        size = len(leaf.words)
        for i in range(len(tokens) - size + 1):
            ok = all(
                _matches(tokens[i + j][2], word, leaf.prefix and j == size - 1)
                for j, word in enumerate(leaf.words)
            )
            if ok:
                marked.update(range(i, i + size))
    spans: list[tuple[int, int]] = []
    for index in sorted(marked):
        start, end, _ = tokens[index]
        if spans and index - 1 in marked and spans[-1][1] <= start:
            gap = text[spans[-1][1] : start]
            if gap.strip() == "" or len(gap) <= 1:
                spans[-1] = (spans[-1][0], end)
                continue
        spans.append((start, end))
    return spans


def highlight(text: str, query: Query | None) -> SafeString:
    if query is None:
        return escape(text)
    out, last = [], 0
    for start, end in marked_spans(text, query):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
