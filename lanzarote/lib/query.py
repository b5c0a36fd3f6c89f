"""A search box query, parsed once and written out for SQLite FTS5 or PostgreSQL tsquery.

Syntax: words (all must match), "a phrase", OR between alternatives, NOT or a leading "-" to
exclude, and a trailing * for a prefix. Case and accents are ignored: text and query are both
folded by ``lanzarote.lib.text.fold_words`` before they reach the database, so the two engines
see the same words and behave alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .text import fold_words

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """The query cannot be run; the message tells the person what to change."""


@dataclass(frozen=True)
class Leaf:
    words: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        quoted = '"' + " ".join(self.words) + '"'
        return quoted + "*" if self.prefix else quoted

    def tsquery(self) -> str:
        parts = [f"'{w}'" for w in self.words]
        if self.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


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
        words = tuple(fold_words(raw).split())
        pending_not = False
        if not words:
            pending_or = False
            continue
        leaf = Leaf(words, prefix)
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
