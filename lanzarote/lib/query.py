"""A search box query, parsed once and written out for SQLite FTS5 or PostgreSQL tsquery.

Syntax: words (all must match), "a phrase", OR between alternatives, NOT or a leading "-" to
exclude, and a trailing * for a prefix. Case and accents are ignored: text and query are both
folded by ``lanzarote.lib.text.fold_words`` before they reach the database, so the two engines
see the same words and behave alike. A word or phrase also matches its English and French stems
(``lanzarote.lib.text.stem_words``: "victims" finds "victim"), which the index holds beside the
words; a prefix does not (it already matches every ending). ``expand`` adds synonyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .text import STEM_LANGUAGES, fold_words, stem_words

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """The query cannot be run; the message tells the person what to change."""


@dataclass(frozen=True)
class Leaf:
    words: tuple[str, ...]
    prefix: bool = False
    stems: tuple[tuple[str, ...], ...] = ()  # the words' stems in each language, when they differ

    def fts5(self) -> str:
        quoted = '"' + " ".join(self.words) + '"'
        if self.prefix:
            return quoted + "*"
        if not self.stems:
            return quoted
        return "(" + " OR ".join([quoted, *('"' + " ".join(s) + '"' for s in self.stems)]) + ")"

    def tsquery(self) -> str:
        def phrase(words: tuple[str, ...], prefix: bool = False) -> str:
            parts = [f"'{w}'" for w in words]
            if prefix:
                parts[-1] += ":*"
            return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"

        if self.prefix or not self.stems:
            return phrase(self.words, self.prefix)
        return "(" + " | ".join([phrase(self.words), *(phrase(s) for s in self.stems)]) + ")"


def leaf_of(raw: str, prefix: bool = False) -> Leaf | None:
    """The leaf for a word or phrase as typed: its folded words, and its stems unless a prefix."""
    words = tuple(fold_words(raw).split())
    if not words:
        return None
    stems: list[tuple[str, ...]] = []
    if not prefix:
        for lang in STEM_LANGUAGES:
            stemmed = tuple(stem_words(raw, lang).split())
            if stemmed and stemmed != words and stemmed not in stems:
                stems.append(stemmed)
    return Leaf(words, prefix, tuple(stems))


@dataclass
class Query:
    groups: list[list[Leaf]] = field(default_factory=list)  # AND of (OR of leaves)
    excluded: list[Leaf] = field(default_factory=list)

    def fts5(self) -> str:
        text = " AND ".join(
            "(" + " OR ".join(leaf.fts5() for leaf in group) + ")" for group in self.groups
        )
        return text + "".join(f" NOT {leaf.fts5()}" for leaf in self.excluded)

    def tsquery(self) -> str:
        text = " & ".join(
            "(" + " | ".join(leaf.tsquery() for leaf in group) + ")" for group in self.groups
        )
        return text + "".join(f" & !{leaf.tsquery()}" for leaf in self.excluded)

    @property
    def leaves(self) -> list[Leaf]:
        return [leaf for group in self.groups for leaf in group]


def parse(text: str) -> Query:
    query = Query()
    pending_or = pending_not = False
    for match in _TOKEN.finditer(text or ""):
        negated_phrase, phrase, word = match.groups()
        if word in ("OR", "|"):
            pending_or = bool(query.groups)
            continue
        if word in ("AND", "&"):
            continue
        if word == "NOT":
            pending_not = True
            continue
        negated = pending_not or bool(negated_phrase)
        prefix = False
        if word is not None:
            if word.startswith("-") and len(word) > 1:
                negated, word = True, word[1:]
            prefix = word.endswith("*")
            raw = word.rstrip("*")
        else:
            raw = phrase
        pending_not = False
        leaf = leaf_of(raw, prefix)
        if leaf is None:
            pending_or = False
            continue
        if negated:
            query.excluded.append(leaf)
        elif pending_or:
            query.groups[-1].append(leaf)
        else:
            query.groups.append([leaf])
        pending_or = False
    if not query.groups:
        if query.excluded:
            raise QueryError(_("Add at least one word to look for; NOT only excludes."))
        raise QueryError(_("Type at least one word to search for."))
    return query


def expand(query: Query, synonyms: dict[tuple[str, ...], list[str]]) -> Query:
    """The query with each word or phrase that ``synonyms`` knows (keyed by folded words) also
    matching its synonyms. Words typed one after another that together make a known term
    ("child sexual abuse material") are read as that term, and match it or its synonyms."""
    longest = max((len(key) for key in synonyms), default=0)
    groups: list[list[Leaf]] = []
    i = 0
    while i < len(query.groups):
        group = query.groups[i]
        taken = 1
        for size in range(min(longest, len(query.groups) - i), 1, -1):
            run = query.groups[i : i + size]
            if all(len(g) == 1 and len(g[0].words) == 1 and not g[0].prefix for g in run):
                words = tuple(g[0].words[0] for g in run)
                if words in synonyms:
                    group, taken = [leaf_of(" ".join(words)) or run[0][0]], size
                    break
        expanded = list(group)
        for leaf in group:
            if leaf.prefix:
                continue
            for term in synonyms.get(leaf.words, []):
                alternative = leaf_of(term)
                if alternative is not None and alternative not in expanded:
                    expanded.append(alternative)
        groups.append(expanded)
        i += taken
    return Query(groups=groups, excluded=query.excluded)
