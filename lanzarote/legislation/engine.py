"""The legislation engine: statute units linked to a treaty's obligations, element by element.

``link_units(units, language=..., catalogue=...)`` reads each unit of a statute (its number,
heading and text) the way a legal adviser reads it against the Convention: for every obligation
of the catalogue (``legal_elements.json`` of the treaty's data folder), which of its elements —
the conduct, the object, the victim's age, the means, the intent — the unit's words show. An
obligation is proposed for a unit only when its *anchor* elements are all there (for 20(1)(e):
the conduct "possess" and the object "child pornography"); the proposals are ranked by how much
of the obligation the unit covers and how specific that is, with the similarity of the unit to
the obligation's wording (the shipped embedding model) as a secondary signal. A unit in which no
obligation finds its anchors stays unlinked: "not found" means not found in the words.

What comes back is data a lawyer can check and the lead's models can store:

* ``UnitLinks``: the unit, its ranked ``Link``s (best first) and the age the unit protects;
* ``Link``: the obligation's reference as the Convention writes it (``"20(1)(e)"``), its
  provision id, ``status`` (``covered``: every required element is there and the unit protects
  every child the obligation protects; ``partly``: a required element is missing, or the unit
  protects only children under an age below 18 where the obligation protects every child), a
  ``confidence`` in [0, 1], the ``elements`` checked (each with the words that matched), and
  ``reason(language)``: one sentence naming what matched, with the words, and what is missing;
* ``gap_summary(results, catalogue=...)``: every obligation of the catalogue as ``covered`` /
  ``partly`` / ``not_found`` across all units, with the supporting units and the elements no unit
  shows.

The victim's age is read from the unit ("under the age of 16", "mineur de quinze ans", "moins de
16 ans", "a minor" = under 18): where the obligation protects every child (Art. 3(a): under 18), a
unit protecting only under-16s covers it partly; where the Convention leaves the age to national
law (18(1)(a), 22, 23: the age set under Art. 18(2)), any age is the State's choice.

Speed: the cues are compiled once per catalogue into one regular expression per distinct cue
list; only units with two or more candidate obligations are embedded (the similarity only
ranks candidates), in one batch, at most one unit in twenty (the most ambiguous first). A
500-page code (about 3,000 units) links in seconds without embeddings and in well under a minute
with them (docs/quality.md). numpy and the model are imported only when an embedder is used.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanzarote.lib.datafile import DataFile
from lanzarote.lib.text import WORD, fold, fold_words

__all__ = [
    "DEFAULT_CATALOGUE",
    "LANGUAGES",
    "Catalogue",
    "ElementCheck",
    "ElementSpec",
    "Gap",
    "Link",
    "ObligationSpec",
    "Position",
    "ProtectedAge",
    "Unit",
    "UnitLinks",
    "child_only_in_aggravation",
    "gap_summary",
    "link_units",
    "load_catalogue",
    "load_positions",
    "named_units",
    "protected_age",
    "resolve_references",
    "unit_contexts",
]

DATA_ROOT = Path(__file__).resolve().parents[1] / "data"
DEFAULT_CATALOGUE = Path("cets201") / "legal_elements.json"
DEFAULT_POSITIONS = Path("cets201") / "legal_positions.json"
LANGUAGES = ("en", "fr")
KINDS = ("conduct", "object", "victim_age", "means", "intent", "other")
SCOPES = ("offence", "definition", "general")
_OPTIONAL_WEIGHT = 0.35
CHILD_AGE = 18  # Art. 3(a) of CETS 201: "child" shall mean any person under the age of 18 years


# --------------------------------------------------------------------------------------------
# The catalogue: obligations and their elements, read from the treaty's data folder


@dataclass(frozen=True)
class ElementSpec:
    id: str
    kind: str
    label_en: str
    label_fr: str
    required: bool
    anchor: bool
    group: str
    weight: float  # how much showing it weighs in the score (1 required, 0.35 optional by default)
    cues: dict[str, tuple[str, ...]]  # language -> cues, cue sets expanded
    source: dict[str, str]  # provision, en, fr: the Convention's words the element comes from
    sets: tuple[str, ...] = ()  # the cue sets its cues name ("child", "csam"...)
    # an anchor not shown is still met when this element (same obligation) is: "applies to
    # sexual offences against children" met by a rule of the general part for "any offence"
    alternative: str = ""

    def label(self, language: str) -> str:
        return self.label_fr if language == "fr" else self.label_en


@dataclass(frozen=True)
class ObligationSpec:
    ref: str  # as the Convention writes it: "20(1)(e)"
    provision: str  # "cets201:20.1.e"
    obligations: tuple[str, ...]  # ids in obligations.json
    title_en: str
    title_fr: str
    age: int | str | None  # 18, "national" (Art. 18(2)) or None
    scope: str
    prior: float
    elements: tuple[ElementSpec, ...]

    @property
    def article(self) -> str:
        return article_of(self.ref)

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en

    def element(self, element_id: str) -> ElementSpec:
        return next(e for e in self.elements if e.id == element_id)

    def description(self, language: str) -> str:
        """The obligation in the Convention's words: what the unit is compared with."""
        quotes = dict.fromkeys(e.source[language] for e in self.elements)
        return " ".join([self.title(language), *quotes])


@dataclass(frozen=True)
class Catalogue:
    treaty: str
    obligations: tuple[ObligationSpec, ...]
    path: str = ""
    # language -> the cues of the cue set "child": where a unit names its victims as children
    child_cues: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def get(self, ref: str) -> ObligationSpec:
        for obligation in self.obligations:
            if obligation.ref == ref:
                return obligation
        raise KeyError(ref)


def article_of(ref: str) -> str:
    """The article of a Convention reference: the number before the first parenthesis."""
    return ref.split("(", 1)[0].strip()


_TOP_KEYS = {"treaty", "source_notes", "format", "cue_sets", "obligations"}
_OBLIGATION_KEYS = {
    "ref",
    "provision",
    "obligations",
    "title_en",
    "title_fr",
    "age",
    "scope",
    "prior",
    "elements",
}
_ELEMENT_KEYS = {
    "alternative",
    "id",
    "kind",
    "label_en",
    "label_fr",
    "required",
    "anchor",
    "group",
    "weight",
    "cues_en",
    "cues_fr",
    "source",
}
_REF = re.compile(r"^\d+(\([0-9a-z]+\))*$")


def load_catalogue(path: Path | str | None = None, *, root: Path = DATA_ROOT) -> Catalogue:
    """Read and check a legal elements file (default: CETS 201's). Errors name file and entry."""
    return _load_catalogue(str(path or DEFAULT_CATALOGUE), str(root))


@functools.cache
def _load_catalogue(relative: str, root: str) -> Catalogue:
    data_file = DataFile(Path(root), relative)
    data = data_file.keys(data_file.data, "(top level)", _TOP_KEYS, _TOP_KEYS - {"format"})
    cue_sets = data["cue_sets"]
    if not isinstance(cue_sets, dict):
        raise data_file.error("cue_sets", "expected an object of named cue lists")
    for name, entry in cue_sets.items():
        data_file.keys(entry, f"cue_sets.{name}", LANGUAGES, LANGUAGES)
    obligations: list[ObligationSpec] = []
    seen: set[str] = set()
    if not isinstance(data["obligations"], list) or not data["obligations"]:
        raise data_file.error("obligations", "expected a non-empty list")
    for position, entry in enumerate(data["obligations"]):
        where = f"obligations[{position}]"
        data_file.keys(entry, where, _OBLIGATION_KEYS, _OBLIGATION_KEYS)
        ref = data_file.text(entry["ref"], where, "ref")
        where = f"obligation {ref}"
        if not _REF.match(ref):
            raise data_file.error(where, "ref must be written as in the Convention, e.g. 20(1)(e)")
        data_file.unique(seen, ref, where, "duplicate ref")
        if entry["age"] not in (CHILD_AGE, "national", None):
            raise data_file.error(where, f'age must be {CHILD_AGE}, "national" or null')
        if entry["scope"] not in SCOPES:
            raise data_file.error(where, f"scope must be one of {', '.join(SCOPES)}")
        prior = entry["prior"]
        if not isinstance(prior, int | float) or not 0 < prior <= 1:
            raise data_file.error(where, "prior must be a number in (0, 1]")
        elements = tuple(
            _element(data_file, f"{where}: elements[{i}]", e, cue_sets)
            for i, e in enumerate(entry["elements"])
        )
        if not any(e.anchor for e in elements):
            raise data_file.error(where, "no anchor element: nothing would ever propose it")
        ids = [e.id for e in elements]
        if len(set(ids)) != len(ids):
            raise data_file.error(where, "duplicate element id")
        for element in elements:
            if element.alternative and element.alternative not in ids:
                raise data_file.error(
                    where,
                    f"element {element.id}: alternative {element.alternative!r} is not one"
                    " of its elements",
                )
        obligations.append(
            ObligationSpec(
                ref=ref,
                provision=data_file.text(entry["provision"], where, "provision"),
                obligations=tuple(entry["obligations"]),
                title_en=data_file.text(entry["title_en"], where, "title_en"),
                title_fr=data_file.text(entry["title_fr"], where, "title_fr"),
                age=entry["age"],
                scope=entry["scope"],
                prior=float(prior),
                elements=elements,
            )
        )
    child = cue_sets.get("child", {})
    child_cues = {language: tuple(child.get(language, ())) for language in LANGUAGES}
    return Catalogue(data["treaty"], tuple(obligations), str(data_file.relative), child_cues)


def _element(data_file: DataFile, where: str, entry: Any, cue_sets: dict) -> ElementSpec:
    data_file.keys(
        entry, where, _ELEMENT_KEYS, _ELEMENT_KEYS - {"group", "weight", "anchor", "alternative"}
    )
    if entry["kind"] not in KINDS:
        raise data_file.error(where, f"kind must be one of {', '.join(KINDS)}")
    if not isinstance(entry["required"], bool):
        raise data_file.error(where, "required must be true or false")
    source = data_file.keys(
        entry["source"], f"{where}.source", {"provision", "en", "fr"}, {"provision", "en", "fr"}
    )
    cues: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        expanded: list[str] = []
        for cue in entry[f"cues_{language}"]:
            if not isinstance(cue, str) or not cue.strip():
                raise data_file.error(where, f"cues_{language}: a cue must be a non-empty text")
            if cue.startswith("@"):
                if cue[1:] not in cue_sets:
                    raise data_file.error(where, f"cues_{language}: no cue set {cue[1:]!r}")
                expanded.extend(cue_sets[cue[1:]][language])
            else:
                expanded.append(cue)
        if not expanded:
            raise data_file.error(where, f"cues_{language}: no cue")
        try:
            _compile(tuple(expanded))
        except re.error as exc:
            raise data_file.error(where, f"cues_{language}: {exc}") from None
        cues[language] = tuple(dict.fromkeys(expanded))
    return ElementSpec(
        id=data_file.text(entry["id"], where, "id"),
        kind=entry["kind"],
        label_en=data_file.text(entry["label_en"], where, "label_en"),
        label_fr=data_file.text(entry["label_fr"], where, "label_fr"),
        required=entry["required"],
        anchor=bool(entry.get("anchor", False)),
        group=entry.get("group") or "",
        weight=float(entry.get("weight", 1.0 if entry["required"] else _OPTIONAL_WEIGHT)),
        cues=cues,
        source={k: source[k] for k in ("provision", "en", "fr")},
        sets=tuple(
            dict.fromkeys(
                c[1:] for language in LANGUAGES for c in entry[f"cues_{language}"] if c[0] == "@"
            )
        ),
        alternative=entry.get("alternative") or "",
    )


# --------------------------------------------------------------------------------------------
# Cues: compiled once, matched on folded words, reported in the statute's own words


@dataclass(frozen=True)
class _Matcher:
    positive: re.Pattern | None
    negative: re.Pattern | None
    # " word": the first word of each positive cue, space before it; a text holding none of them
    # cannot match, which a substring test tells far faster than the pattern (None: no test)
    firsts: tuple[str, ...] | None


@functools.cache
def _compile(cues: tuple[str, ...]) -> _Matcher:
    def alternation(items: list[str]) -> re.Pattern | None:
        patterns = sorted({_join(c) for c in items}, key=len, reverse=True)
        if not patterns:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")

    positive = [c for c in cues if not c.startswith("-")]
    negative = [c[1:] for c in cues if c.startswith("-")]
    firsts = {_first_word(c) for c in positive}
    return _Matcher(
        alternation(positive),
        alternation(negative),
        None if None in firsts else tuple(sorted(w for w in firsts if w is not None)),
    )


def _first_word(cue: str) -> str | None:
    for token in cue.split():
        if token == "~":
            return None
        words = fold_words(token.rstrip("*"))
        if words:
            return " " + words.split()[0]
    return None


def _join(cue: str) -> str:
    """A cue as a pattern over folded words: words separated by one space, `*` continues a
    word, `~` stands for up to three words."""
    out = ""
    for token in cue.split():
        if token == "~":
            out += r"(?: \w+){0,3}"
            continue
        star = token.endswith("*")
        words = fold_words(token.rstrip("*"))
        if not words:
            continue
        piece = re.escape(words).replace(r"\ ", " ") + (r"\w*" if star else "")
        out += (" " if out else "") + piece
    return out


class _Text:
    """A unit's text as folded words, with the way back to the statute's own words."""

    __slots__ = ("_cache", "folded", "original", "padded", "spans", "starts")

    def __init__(self, text: str):
        self.original = text
        folded: list[str] = []
        starts: list[int] = []
        spans: list[tuple[int, int]] = []
        if text.isascii():
            # ASCII: folding is lower-casing, which keeps every offset; one call for the text
            tokens = ((m.span(), m.group()) for m in WORD.finditer(text.casefold()))
        else:
            tokens = ((m.span(), fold(m.group())) for m in WORD.finditer(text))
        position = 0
        for span, word in tokens:
            if "_" in word or " " in word:
                word = word.replace("_", " ").strip()
                if not word:
                    continue
            starts.append(position)
            spans.append(span)
            folded.append(word)
            position += len(word) + 1
        self.starts = starts
        self.spans = spans
        self.folded = " ".join(folded)
        self.padded = " " + self.folded
        self._cache: dict[tuple[str, ...], tuple[str, ...]] = {}

    def words(self, start: int, end: int) -> str:
        """The statute's words under folded[start:end]."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        return self.original[self.spans[first][0] : self.spans[last][1]]

    def find(self, cues: tuple[str, ...]) -> tuple[str, ...]:
        """The distinct statute words that a cue list finds (first occurrences, in order)."""
        if cues in self._cache:
            return self._cache[cues]
        matcher = _compile(cues)
        found: dict[str, None] = {}
        if matcher.firsts is not None and not any(w in self.padded for w in matcher.firsts):
            self._cache[cues] = ()
            return ()
        if matcher.positive is not None and self.folded:
            masked = []
            if matcher.negative is not None:
                masked = [m.span() for m in matcher.negative.finditer(self.folded)]
            for m in matcher.positive.finditer(self.folded):
                if any(s < m.end() and m.start() < e for s, e in masked):
                    continue
                found.setdefault(self.words(*m.span()).strip(), None)
        result = tuple(found)
        self._cache[cues] = result
        return result


class _LazyText:
    """The words of the units a unit names, folded only if an element is looked up in them
    (most units show what their obligations apply to in their own words)."""

    __slots__ = ("_source", "_text")

    def __init__(self, source: str):
        self._source = source
        self._text: _Text | None = None

    def find(self, cues: tuple[str, ...]) -> tuple[str, ...]:
        if self._text is None:
            self._text = _Text(self._source)
        return self._text.find(cues)


# --------------------------------------------------------------------------------------------
# The age a unit protects


@dataclass(frozen=True)
class ProtectedAge:
    """The age under which the unit protects its victims (``under``), the statute's words that
    say so, and whether it was read from a number (``explicit``) or from a word such as
    "minor" / "mineur" (the age of majority, 18, unless the law sets another)."""

    under: int
    words: str
    explicit: bool


_NUMBERS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "dix sept": 17, "dix huit": 18,
}  # fmt: skip
_N = r"(\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_UNDER = [  # the age is the first bound: victims under it are protected
    rf"(?:under|below|less than|younger than|not (?:yet )?(?:attained|reached|of)|not attained)(?: the)?(?: full)?(?: age of)? {_N}(?: years)?",
    rf"aged (?:under|below|less than) {_N}",
    rf"{_N} years? (?:of age )?or (?:under|younger|less)",
    rf"aged {_N} (?:years )?or (?:under|younger)",
    rf"mineure?s? (?:de|ages? de moins de|agees? de moins de) {_N} ans",
    rf"(?:de )?moins de {_N} ans",
    rf"n ?(?:a|ayant|avait|aura) pas (?:encore )?atteint (?:l )?age de {_N} ans",
    rf"(?:age|agee|ages|agees) de {_N} ans au plus",
]
_UNDER_RE = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in _UNDER) + r")(?!\w)")
_PLUS_ONE = re.compile(r"or (?:under|younger|less)|au plus")
_MINOR = re.compile(r"(?<!\w)(?:minor|minors|mineur|mineure|mineurs|mineures)(?!\w)")


def protected_age(text: str, *, _prepared: _Text | None = None) -> ProtectedAge | None:
    """The age under which a statute protects its victims, read from its words: the highest
    bound stated ("under 13 ... under 16" protects under-16s), else 18 for "minor" / "mineur";
    None where the unit states none ("child" alone: the act's definition decides)."""
    prepared = _prepared or _Text(text)
    best: ProtectedAge | None = None
    for match in _UNDER_RE.finditer(prepared.folded):
        number = next(g for g in match.groups() if g)
        age = int(number) if number.isdigit() else _NUMBERS[number]
        if _PLUS_ONE.search(match.group()):
            age += 1  # "13 or under": protects those under 14
        if not 10 <= age <= 21:
            continue
        if best is None or age > best.under:
            best = ProtectedAge(age, prepared.words(*match.span()), True)
    if best is not None:
        return best
    minor = _MINOR.search(prepared.folded)
    if minor:
        return ProtectedAge(CHILD_AGE, prepared.words(*minor.span()), False)
    return None


# --------------------------------------------------------------------------------------------
# Children named only where the penalty rises: an offence against anyone, aggravated

# A penalty stated (over folded words): "liable to imprisonment", "punishable by a fine",
# "minimum punishment", "est puni de cinq ans", "passible d'un emprisonnement", "ces peines sont
# portées à", "le maximum pourra être doublé"
_PENALTY = re.compile(
    r"(?<!\w)(?:"
    r"(?:liable|punishable|punished|sentenced)(?: \w+){0,12}? "
    r"(?:imprisonment|fine|years?|months?|life|penalty|caning)"
    r"|(?:minimum|maximum) (?:punishment|penalty|term|sentence|fine)"
    r"|imprisonment for (?:a term|life|not)"
    r"|(?:puni|punie|punis|punies|passible|passibles|encourt|encourent)(?: \w+){0,10}? "
    r"(?:emprisonnement|reclusion|amende|ans|mois|peine)"
    r"|(?:peines?|maximum|minimum)(?: \w+){0,4}? "
    r"(?:portee|portees|porte|portes|eleve|elevee|eleves|elevees|double|doublee|doubles|doublees)"
    r"|peine minimale|emprisonnement maximal|amende maximale"
    r")(?!\w)"
)
# A condition: "if the complainant is under 16", "where the victim is a child", "lorsque les
# faits sont commis sur un mineur", "si la victime..."
_CONDITION = re.compile(
    r"(?<!\w)(?:if|where|when|whenever|in the case|in case|lorsque|lorsqu|si|quand"
    r"|dans les cas|dans le cas)(?!\w)"
)


def child_only_in_aggravation(text: str | _Text, child_cues: Sequence[str]) -> re.Pattern | None:
    """Whether a unit names children only where it raises the penalty of an offence against
    anyone: the unit states a penalty, then a higher one under a condition that names the
    child ("... liable to imprisonment for 10 years or, if the complainant is under the age of
    16 years, to imprisonment for 14 years", "... est puni de deux ans d'emprisonnement. Ces
    peines sont portées à trois ans lorsque les faits sont commis sur un mineur de quinze
    ans"). Such a unit is a general offence, not a measure for the child-specific offences: the
    pattern returned (the child cues) tells which words not to read as its victim. None where
    a child is named in the offence itself (before any penalty, or with no penalty before the
    condition), or where the unit states a single penalty (the conditions then define the
    aggravated offence: "Le viol est puni de vingt ans de réclusion criminelle : ... 2° Lorsqu'il
    est commis sur un mineur de quinze ans")."""
    if not child_cues:
        return None
    prepared = text if isinstance(text, _Text) else _Text(text)
    folded = prepared.folded
    penalties = list(_PENALTY.finditer(folded))
    if len(penalties) < 2:
        return None
    matcher = _compile(tuple(child_cues))
    if matcher.positive is None:
        return None
    masked = []
    if matcher.negative is not None:
        masked = [m.span() for m in matcher.negative.finditer(folded)]
    first_end = penalties[0].end()
    conditions = [m.start() for m in _CONDITION.finditer(folded)]
    children = 0
    for match in matcher.positive.finditer(folded):
        if any(s < match.end() and match.start() < e for s, e in masked):
            continue
        children += 1
        start = match.start()
        if start < first_end or not any(first_end <= c < start for c in conditions):
            return None
    if not children:
        return None
    return matcher.positive


# --------------------------------------------------------------------------------------------
# Units in, links out


@dataclass(frozen=True)
class Unit:
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class ElementCheck:
    element: ElementSpec
    words: tuple[str, ...]  # the statute's words that show it; empty: not shown
    limited_to: int | None = None  # victim age: the unit protects only children under this age
    named: bool = False  # the words are in the units this unit names, not in its own text

    @property
    def satisfied(self) -> bool:
        return bool(self.words) and self.limited_to is None

    @property
    def shown(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class Link:
    ref: str
    provision: str
    article: str
    status: str  # "covered" | "partly"
    confidence: float
    score: float
    similarity: float | None
    elements: tuple[ElementCheck, ...]
    age: ProtectedAge | None
    obligation: ObligationSpec = field(repr=False, compare=False)
    via: tuple[str, ...] = ()  # linked through the units it names, not through its own words

    @property
    def satisfied(self) -> tuple[ElementCheck, ...]:
        return tuple(c for c in self.elements if c.shown)

    @property
    def named(self) -> bool:
        """Some of its elements are shown only by the units the unit names (an element that
        weighs nothing in the score, a gate such as "the offences are sexual ones", does not
        make the link rest on them)."""
        return any(c.named and c.element.weight > 0 for c in self.elements)

    @property
    def missing(self) -> tuple[ElementSpec, ...]:
        """Required elements the unit does not show (a group counts once: any member). A
        victim age shown but below the obligation's is not missing: it is ``limited_to``."""
        return _missing(self.elements)

    def reason(self, language: str = "en") -> str:
        """What a lawyer checks: the elements found, with the unit's words; the missing ones;
        the protected age."""
        fr = language == "fr"
        if self.via:
            named = ", ".join(self.via)
            return (
                f"Renvoie à {named}, lié à {self.ref} : à vérifier dans le texte auquel il renvoie."
                if fr
                else f"Refers to {named}, linked to {self.ref}: check it against the text it names."
            )
        found = "; ".join(
            (
                f"{c.element.label(language)}: « {', '.join(c.words[:3])} »"
                if fr
                else f"{c.element.label(language)}: “{', '.join(c.words[:3])}”"
            )
            + (NAMED_NOTE[language] if c.named else "")
            for c in self.elements
            if c.shown
        )
        parts = [(f"Trouvé — {found}" if fr else f"Found — {found}")]
        missing = [e.label(language) for e in self.missing]
        limited = [c for c in self.elements if c.limited_to is not None]
        if limited:
            age = limited[0].limited_to
            parts.append(
                f"protège seulement les enfants de moins de {age} ans (la Convention : moins de 18)"
                if fr
                else f"protects only children under {age} (the Convention: every child under 18)"
            )
        elif self.age is not None and self.obligation.age is not None:
            parts.append(
                f"âge protégé : moins de {self.age.under} ans (« {self.age.words} »)"
                if fr
                else f"protected age: under {self.age.under} (“{self.age.words}”)"
            )
        if missing:
            parts.append(("Manque — " if fr else "Missing — ") + "; ".join(missing))
        return ". ".join(parts) + "."


@dataclass(frozen=True)
class UnitLinks:
    unit: Unit
    links: tuple[Link, ...]
    age: ProtectedAge | None

    @property
    def linked(self) -> bool:
        return bool(self.links)


def _missing(checks: Iterable[ElementCheck]) -> tuple[ElementSpec, ...]:
    missing: list[ElementSpec] = []
    groups: dict[str, list[ElementCheck]] = {}
    for check in checks:
        if check.element.group:
            groups.setdefault(check.element.group, []).append(check)
        elif check.element.required and not check.shown:
            missing.append(check.element)
    for members in groups.values():
        if any(m.element.required or m.element.anchor for m in members) and not any(
            m.shown for m in members
        ):
            missing.append(members[0].element)
    return tuple(missing)


# The weights of the score (docs/quality.md says how they were chosen): the evidence of the
# elements shown, a penalty per required element missing, the heading naming the anchors, and
# the similarity of the unit to the obligation's wording (centred on the unit's candidates).
_HEADING_BONUS = 0.5
_MISSING_PENALTY = 0.5
_LIMITED_FACTOR = 0.7
_SIMILARITY_WEIGHT = 1.0
# Logistic of the score: intercept, slope, and the bonus of the first-ranked link; fitted on the
# links proposed for the development set (lanzarote/data/evaluation/legislation/dev.jsonl, Canada
# and France: 287 links, 41 % right at article level), never on the held-out set.
_CONFIDENCE = (-2.41, 0.61, 1.63)
MAX_LINKS = 6


def link_units(
    units: Sequence[Unit],
    *,
    language: str,
    catalogue: Catalogue | None = None,
    embedder: Any = None,
    use_embeddings: bool = True,
    contexts: Sequence[str] | None = None,
) -> list[UnitLinks]:
    """Each unit with its proposed links, best first (at most ``MAX_LINKS``).

    ``language``: "en" or "fr", the language of the units (the cues of that language are used).
    ``contexts``: for each unit, the words of the units it names (``unit_contexts``); None: read
    from ``units`` themselves (pass them when the units are a slice of a longer act).
    ``embedder``: anything with ``passages(texts)`` and ``query(text)`` returning L2-normalised
    vectors (``lanzarote.lib.embed.Embedder``); None: the shipped model. ``use_embeddings=False``
    ranks on the elements alone (no numpy, no model).
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    catalogue = catalogue or load_catalogue()
    if contexts is None:
        contexts = unit_contexts(units)
    candidates: list[list[tuple[ObligationSpec, tuple[ElementCheck, ...], float]]] = []
    ages: list[ProtectedAge | None] = []
    for unit, named in zip(units, contexts, strict=True):
        text = _Text(f"{unit.heading}\n{unit.text}" if unit.heading else unit.text)
        heading = _Text(unit.heading) if unit.heading else None
        context = _LazyText(named) if named else None
        age = protected_age("", _prepared=text)
        aggravation = child_only_in_aggravation(text, catalogue.child_cues.get(language, ()))
        # a penalty clause speaking of offences defined elsewhere ("the offence under subsection
        # (1)", "l'infraction prévue à l'article 382-1") is a sanction rule: children in its
        # aggravation still tell the rules of the general part (27, 28) what it applies to
        refers = aggravation is not None and _names_others(unit.text)
        if aggravation is not None:
            age = None
        ages.append(age)
        found = []
        for obligation in catalogue.obligations:
            masked = aggravation if obligation.scope != "general" or not refers else None
            checks = _check(obligation, text, language, age, context, masked)
            if checks is None:
                continue
            found.append((obligation, checks, _score(obligation, checks, heading, language)))
        candidates.append(found)

    similarities: dict[tuple[int, str], float] = {}
    if use_embeddings and any(candidates):
        similarities = _similarities(units, candidates, catalogue, language, embedder)

    results: list[UnitLinks] = []
    for index, (unit, found, age) in enumerate(zip(units, candidates, ages, strict=True)):
        links = []
        for obligation, checks, score in found:
            similarity = similarities.get((index, obligation.ref))
            total = score + (_SIMILARITY_WEIGHT * similarity if similarity is not None else 0.0)
            limited = any(c.limited_to is not None for c in checks)
            status = "partly" if limited or _missing(checks) else "covered"
            links.append(
                Link(
                    ref=obligation.ref,
                    provision=obligation.provision,
                    article=obligation.article,
                    status=status,
                    confidence=0.0,  # set once ranked
                    score=round(total, 4),
                    similarity=None if similarity is None else round(similarity, 4),
                    elements=checks,
                    age=age,
                    obligation=obligation,
                )
            )
        # what the unit's own words show first, then what rests on the units it names
        links.sort(key=lambda link: (link.named, -link.score, link.ref))
        links = [
            dataclasses.replace(link, confidence=_confidence(link.score, first=rank == 0))
            for rank, link in enumerate(links[:MAX_LINKS])
        ]
        results.append(UnitLinks(unit, tuple(links), age))
    return resolve_references(results)


def _confidence(score: float, *, first: bool) -> float:
    """The probability that the link's article is right: a logistic of the score and of the
    link being ranked first, fitted on the development set (docs/quality.md)."""
    a, b, c = _CONFIDENCE
    return round(1 / (1 + math.exp(-(a + b * score + (c if first else 0.0)))), 4)


# --------------------------------------------------------------------------------------------
# Cross-references: a unit that speaks only through the sections it names


_SECTION_WORDS = (
    r"(?:sections?|subsections?|ss?\.|articles?|art\.|paragraphes?|paragraphs?|alin[ée]as?)"
)
_NUMBER = r"\d+(?:[.-]\d+)*(?:\s?\(\d+(?:\.\d+)?\))?"
_REFERENCES = re.compile(
    rf"\b{_SECTION_WORDS}\s+((?:{_NUMBER})(?:\s*(?:,|ou|or|and|et|à|to)\s*(?:{_NUMBER}))*)",
    re.IGNORECASE,
)
_ONE_NUMBER = re.compile(_NUMBER)
_THIS_SECTION = re.compile(
    r"\b(?:this section|present section|présent article|present article)\b", re.IGNORECASE
)
# "the offence under subsection (1)", "l'infraction prévue au paragraphe (1)": a subsection of
# the unit's own section
_RELATIVE = re.compile(
    r"\b(?:subsections?|paragraphs?|paragraphes?|alin[ée]as?)\s*(\(\d+(?:\.\d+)?\))", re.IGNORECASE
)
# The article before: named ("the preceding section", "l'article précédent"), or a French
# article that opens by raising the penalties of the offence just defined ("Les peines sont
# portées à...", the way the Code pénal drafts aggravated forms in the next article)
_PREVIOUS = re.compile(
    r"^\W*(?:[IVX]+\s*\.?\s*[-–]\s*)?(?:les peines sont portées|la peine est portée)"
    r"|\b(?:the (?:last )?preceding section|the previous section|l'article précédent"
    r"|l'article qui précède)\b",
    re.IGNORECASE,
)
REFERENCE_FACTOR = 0.6  # a link through a reference is less sure than one the words show
CONTEXT_CHARS = 3000  # of each unit named, read as context (the start of a unit says what it is)
NAMED_NOTE = {"en": " (in the provisions it names)", "fr": " (dans les dispositions citées)"}


def _names_others(text: str) -> bool:
    """Whether a unit's text names other units: a section or article by number, a subsection,
    the preceding article."""
    text = text.replace("’", "'")
    return bool(_REFERENCES.search(text) or _RELATIVE.search(text) or _PREVIOUS.search(text))


def _number(raw: str) -> str:
    """A unit or reference number without its label and spaces: "Section 163.1 (4)" -> "163.1(4)"."""
    text = re.sub(r"^\W*(?:section|article|art\.?|s\.|§)\s*", "", raw.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text).rstrip(".")


def _base(number: str) -> str:
    return number.split("(", 1)[0]


def named_units(units: Sequence[Unit]) -> list[list[int]]:
    """For each unit, the positions of the other units of the same act that it names: by number
    ("an offence under section 151 or 152", "aux articles 227-22 à 227-27"), its own section
    ("this section", "au présent article": the section's other units), a subsection of its
    section ("the offence under subsection (1)"), or the article before it ("the preceding
    section", a French article opening with "Les peines sont portées à..."). Pass the units of
    one act, in its order: numbers are resolved among them."""
    numbers = [_number(unit.number) for unit in units]
    by_number: dict[str, list[int]] = {}
    by_base: dict[str, list[int]] = {}
    for index, number in enumerate(numbers):
        by_number.setdefault(number, []).append(index)
        by_base.setdefault(_base(number), []).append(index)
    named_all = []
    for index, unit in enumerate(units):
        own = numbers[index]
        text = unit.text.replace("’", "'")
        named: list[str] = []
        for match in _REFERENCES.finditer(text):
            named += [n.replace(" ", "") for n in _ONE_NUMBER.findall(match.group(1))]
        if _THIS_SECTION.search(text):
            named.append(_base(own))
        named += [_base(own) + match.group(1) for match in _RELATIVE.finditer(text)]
        targets: dict[int, None] = {}
        if index > 0 and _PREVIOUS.search(text):
            targets[index - 1] = None
        for number in dict.fromkeys(named):
            for target in by_number.get(number) or by_base.get(_base(number), []):
                if target != index:
                    targets.setdefault(target, None)
        named_all.append(list(targets))
    return named_all


def unit_contexts(units: Sequence[Unit]) -> list[str]:
    """For each unit, the headings and the start of the texts of the units it names
    (``named_units``): the words a unit that speaks through others is read with. A penalty
    clause "for an offence under subsection (1)", a forfeiture order "under section 163.1" or an
    aggravating circumstance "of an offence under this section" says in its own words what it
    does (a penalty, a forfeiture, an aggravation); what the offence is about — children,
    sexual abuse, abuse material — is in the units it names. A subsection read apart from its
    section ("163.1(4)" beside "163.1") also reads its section's heading and text."""
    numbers = [_number(unit.number) for unit in units]
    sections: dict[str, int] = {}
    for index, number in enumerate(numbers):
        sections.setdefault(number, index)
    contexts = []
    for index, named in enumerate(named_units(units)):
        section = sections.get(_base(numbers[index]))
        if section is not None and section != index and section not in named:
            named = [section, *named]
        contexts.append(
            "\n".join(f"{units[i].heading}\n{units[i].text[:CONTEXT_CHARS]}" for i in named)
        )
    return contexts


def resolve_references(results: Sequence[UnitLinks]) -> list[UnitLinks]:
    """Units that name other units of the same act (``named_units``) take the first links of the
    units they name, after their own links, with the confidence lowered (``REFERENCE_FACTOR``)
    and the reason saying so. Pass the units of one act: numbers are resolved among them."""
    named_all = named_units([result.unit for result in results])
    resolved = []
    for result, named in zip(results, named_all, strict=True):
        targets: dict[str, UnitLinks] = {}
        for index in named:
            target = results[index]
            if target.links:
                targets.setdefault(target.unit.number, target)
        # one link an article: a unit naming a whole section of offences is about that article,
        # not about each of its paragraphs
        best: dict[str, tuple[Link, str]] = {}
        present = {link.ref for link in result.links}
        for target in targets.values():
            link = target.links[0]
            if link.ref in present:
                continue
            if link.article not in best or link.score > best[link.article][0].score:
                best[link.article] = (link, target.unit.number)
        if not best:
            resolved.append(result)
            continue
        links = [
            dataclasses.replace(
                link,
                status="partly",
                confidence=round(link.confidence * REFERENCE_FACTOR, 4),
                score=round(link.score * REFERENCE_FACTOR, 4),
                similarity=None,
                elements=tuple(ElementCheck(c.element, ()) for c in link.elements),
                via=(number,),
            )
            for link, number in sorted(best.values(), key=lambda b: -b[0].score)
        ]
        # links resting on the units named, through their words or their links, by score
        own = [link for link in result.links if not link.named]
        resting = [link for link in result.links if link.named] + links
        links = [*own, *sorted(resting, key=lambda link: -link.score)][:MAX_LINKS]
        resolved.append(dataclasses.replace(result, links=tuple(links)))
    return resolved


def _check(
    obligation: ObligationSpec,
    text: _Text,
    language: str,
    age: ProtectedAge | None,
    context: _LazyText | None = None,
    aggravation: re.Pattern | None = None,
) -> tuple[ElementCheck, ...] | None:
    """The obligation's elements in the unit, or None when an anchor is missing (checked
    first, so that most obligations cost one or two searches a unit). An anchor that only says
    what the obligation applies to (optional, not a conduct: "applies to offences against
    children") may be shown by the units the unit names (``context``); what the unit does, it
    must say itself. ``aggravation``: the unit names children only where it raises the penalty
    of an offence against anyone (``child_only_in_aggravation``); the words this pattern
    matches do not show that the unit is about children, nor does the age it reads."""
    checks: dict[str, ElementCheck] = {}
    if aggravation is not None:
        age = None

    def check(element: ElementSpec) -> ElementCheck:
        if element.id not in checks:
            words = text.find(element.cues[language])
            if words and aggravation is not None and _child_element(element):
                words = tuple(w for w in words if not aggravation.fullmatch(fold_words(w)))
            if not words and context is not None and _scope_element(element):
                words = context.find(element.cues[language])
                if words:
                    checks[element.id] = ElementCheck(element, words, named=True)
                    return checks[element.id]
            limited = None
            if element.kind == "victim_age":
                if not words and age is not None and age.explicit:
                    words = (age.words,)
                if (
                    words
                    and obligation.age == CHILD_AGE
                    and age is not None
                    and age.under < CHILD_AGE
                ):
                    limited = age.under
            checks[element.id] = ElementCheck(element, words, limited)
        return checks[element.id]

    groups: dict[str, bool] = {}
    # anchors whose cues this unit was already searched for come first: an obligation sharing
    # a missing anchor with one checked before (the jurisdiction of Art. 25's seven, the
    # interview of Art. 35's) is ruled out without a search
    anchors = [e for e in obligation.elements if e.anchor]
    anchors.sort(key=lambda e: e.cues[language] not in text._cache)
    for element in anchors:
        shown = check(element).shown
        if not shown and element.alternative:
            shown = check(obligation.element(element.alternative)).shown
        if element.group:
            groups[element.group] = groups.get(element.group, False) or shown
        elif not shown:
            return None
    if not all(groups.values()):
        return None
    return tuple(check(e) for e in obligation.elements)


def _child_element(element: ElementSpec) -> bool:
    """An element that says the unit is about children: the victim's age, or a scope naming
    them ("applies to offences against children")."""
    return element.kind == "victim_age" or "child" in element.sets


def _scope_element(element: ElementSpec) -> bool:
    """An anchor that only says what the obligation applies to (not required for "covered",
    not a conduct): the only kind of element the units named may show."""
    return element.anchor and not element.required and element.kind != "conduct"


def _score(
    obligation: ObligationSpec,
    checks: tuple[ElementCheck, ...],
    heading: _Text | None,
    language: str,
) -> float:
    """The evidence for the obligation: the weights of the elements the unit shows (a group of
    alternatives counts once; a victim age below the obligation's counts for less, an element
    shown only by the units it names too), less a
    penalty for each required element missing, plus the heading naming the anchors; times the
    obligation's prior (a rule of the general part weighs less than a specific offence)."""
    shown = 0.0
    grouped: dict[str, float] = {}
    for check in checks:
        if not check.shown:
            continue
        weight = check.element.weight * (_LIMITED_FACTOR if check.limited_to is not None else 1.0)
        if check.named:  # shown by the units named: as sure as a link through a reference
            weight *= REFERENCE_FACTOR
        if check.element.group:
            grouped[check.element.group] = max(grouped.get(check.element.group, 0.0), weight)
        else:
            shown += weight
    shown += sum(grouped.values())
    score = shown - _MISSING_PENALTY * len(_missing(checks))
    if heading is not None:
        anchors = [c.element for c in checks if c.element.anchor]
        named = sum(1 for e in anchors if heading.find(e.cues[language]))
        score += _HEADING_BONUS * named / max(1, len(anchors))
    return obligation.prior * score


# --------------------------------------------------------------------------------------------
# The secondary signal: similarity of a unit to the obligation's wording

_EMBED_CHARS = (
    600  # the first lines of a statute say what it is; the model is slower on longer texts
)
# At most this share of the units is embedded (never fewer than EMBED_FLOOR): on 2 shared cores
# the model read about 4-10 statute units a second, so 3,000 units cost at most about 30 s.
EMBED_SHARE = 0.05
EMBED_FLOOR = 50


def _similarities(units, candidates, catalogue, language, embedder) -> dict[tuple[int, str], float]:
    """Cosine of each gated unit to each of its candidate obligations, centred on the unit's
    mean over its candidates (the model scores every legal text high: only differences count)."""
    if embedder is None:
        from lanzarote.lib.embed import embedder as shipped

        embedder = shipped()
    import numpy as np

    # One candidate: the centred similarity is 0, nothing to rank, so the unit is not embedded.
    # Past the budget, the units whose two best candidates are closest are embedded first.
    gated = [i for i, found in enumerate(candidates) if len(found) > 1]
    if not gated:
        return {}
    budget = max(EMBED_FLOOR, int(EMBED_SHARE * len(units)))
    if len(gated) > budget:

        def margin(index: int) -> float:
            best = sorted((score for _, _, score in candidates[index]), reverse=True)
            return best[0] - best[1]

        gated = sorted(sorted(gated, key=margin)[:budget])
    texts = [
        f"{units[i].heading}\n{units[i].text}"[:_EMBED_CHARS]
        if units[i].heading
        else units[i].text[:_EMBED_CHARS]
        for i in gated
    ]
    vectors = embedder.passages(texts)
    # only the obligations some embedded unit is a candidate for (a code of offences never asks
    # for the procedural ones): each query costs a call of the model
    wanted = {obligation.ref for index in gated for obligation, _, _ in candidates[index]}
    queries = _obligation_vectors(catalogue, language, embedder, wanted)
    result: dict[tuple[int, str], float] = {}
    for row, index in enumerate(gated):
        refs = [obligation.ref for obligation, _, _ in candidates[index]]
        scores = np.array([float(vectors[row] @ queries[ref]) for ref in refs])
        centred = scores - scores.mean() if len(scores) > 1 else scores * 0.0
        for ref, value in zip(refs, centred, strict=True):
            result[(index, ref)] = float(value)
    return result


_QUERY_CACHE: dict[tuple[str, str, str], Any] = {}


def _obligation_vectors(
    catalogue: Catalogue, language: str, embedder: Any, refs: set[str]
) -> dict[str, Any]:
    key_name = getattr(embedder, "name", type(embedder).__name__)
    vectors = {}
    for obligation in catalogue.obligations:
        if obligation.ref not in refs:
            continue
        key = (key_name, obligation.ref, language)
        if key not in _QUERY_CACHE:
            _QUERY_CACHE[key] = embedder.query(obligation.description(language))
        vectors[obligation.ref] = _QUERY_CACHE[key]
    return vectors


# --------------------------------------------------------------------------------------------
# The gap summary: every obligation across all units


@dataclass(frozen=True)
class Gap:
    ref: str
    provision: str
    status: str  # "covered" | "partly" | "not_found"
    supporting: tuple[tuple[str, Link], ...]  # (unit number, link), best first
    missing: tuple[ElementSpec, ...]  # required elements no supporting unit shows
    ages: tuple[int, ...]  # the ages the supporting units protect
    obligation: ObligationSpec = field(repr=False, compare=False)


def gap_summary(
    results: Sequence[UnitLinks], *, catalogue: Catalogue | None = None, min_confidence: float = 0.0
) -> list[Gap]:
    """Each obligation of the catalogue: covered (some unit covers it), partly (units cover
    part of it: the elements none of them shows are listed) or not_found (no unit links to it)."""
    catalogue = catalogue or load_catalogue()
    by_ref: dict[str, list[tuple[str, Link]]] = {o.ref: [] for o in catalogue.obligations}
    for result in results:
        for link in result.links:
            if link.confidence >= min_confidence and link.ref in by_ref:
                by_ref[link.ref].append((result.unit.number, link))
    gaps = []
    for obligation in catalogue.obligations:
        supporting = sorted(by_ref[obligation.ref], key=lambda s: -s[1].confidence)
        if not supporting:
            status, missing = (
                "not_found",
                _missing(ElementCheck(e, ()) for e in obligation.elements),
            )
        elif any(link.status == "covered" for _, link in supporting):
            status, missing = "covered", ()
        else:
            status = "partly"
            shown = {c.element.id for _, link in supporting for c in link.elements if c.satisfied}
            missing = _missing(
                ElementCheck(e, ("",) if e.id in shown else ()) for e in obligation.elements
            )
        ages = tuple(sorted({link.age.under for _, link in supporting if link.age is not None}))
        gaps.append(
            Gap(
                obligation.ref,
                obligation.provision,
                status,
                tuple(supporting),
                missing,
                ages,
                obligation,
            )
        )
    return gaps


# --------------------------------------------------------------------------------------------
# The Committee's legal positions, shown beside a gap


@dataclass(frozen=True)
class Quote:
    en: str
    fr: str
    kind: str  # committee_text | press_release | third_party_summary
    where: str
    url: str

    @property
    def editorial(self) -> bool:
        """Not the Committee's own words: a press release's or a news service's summary."""
        return self.kind != "committee_text"


@dataclass(frozen=True)
class Position:
    id: str
    kind: str
    title_en: str
    title_fr: str
    document: str
    date: str  # as the source gives it: "2015-06-17", "2019-06", "2017", or "" when unknown
    date_status: str
    url: str
    obligations: tuple[str, ...]  # references, or article numbers for every paragraph
    quotes: tuple[Quote, ...]
    note: str

    def concerns(self, ref: str) -> bool:
        """Whether the position speaks of this obligation (or of its whole article)."""
        return any(ref == o or (o.isdigit() and article_of(ref) == o) for o in self.obligations)


QUOTE_KINDS = ("committee_text", "press_release", "third_party_summary")
_POSITION_KEYS = {
    "id", "kind", "title_en", "title_fr", "document", "date", "date_status", "url",
    "other_urls", "obligations", "quotes", "note",
}  # fmt: skip
_QUOTE_KEYS = {"en", "fr", "kind", "where", "url"}


def load_positions(
    path: Path | str | None = None, *, root: Path = DATA_ROOT, catalogue: Catalogue | None = None
) -> tuple[Position, ...]:
    """The Committee's legal positions (default: CETS 201's), each obligation it names checked
    against the catalogue. Errors name the file and the entry."""
    data_file = DataFile(root, path or DEFAULT_POSITIONS)
    catalogue = catalogue or load_catalogue()
    refs = {o.ref for o in catalogue.obligations} | {o.article for o in catalogue.obligations}
    top = {"treaty", "source_notes", "positions"}
    data = data_file.keys(data_file.data, "(top level)", top, top)
    positions: list[Position] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["positions"]):
        where = f"positions[{index}]"
        data_file.keys(entry, where, _POSITION_KEYS, _POSITION_KEYS)
        where = f"position {data_file.text(entry['id'], where, 'id')}"
        data_file.unique(seen, entry["id"], where)
        data_file.date(entry["date"], where, "date")
        unknown = [o for o in entry["obligations"] if o not in refs]
        if not entry["obligations"] or unknown:
            raise data_file.error(
                where, f"obligations: not in the catalogue: {unknown or '(none)'}"
            )
        quotes = []
        for number, quote in enumerate(entry["quotes"]):
            at = f"{where}: quotes[{number}]"
            data_file.keys(quote, at, _QUOTE_KEYS, _QUOTE_KEYS)
            if quote["kind"] not in QUOTE_KINDS:
                raise data_file.error(at, f"kind must be one of {', '.join(QUOTE_KINDS)}")
            quotes.append(
                Quote(
                    en=data_file.text(quote["en"], at, "en"),
                    fr=data_file.text(quote["fr"], at, "fr", required=False),
                    kind=quote["kind"],
                    where=data_file.text(quote["where"], at, "where"),
                    url=data_file.text(quote["url"], at, "url"),
                )
            )
        if not quotes:
            raise data_file.error(where, "quotes: at least one quote of the source")
        positions.append(
            Position(
                id=entry["id"],
                kind=data_file.text(entry["kind"], where, "kind"),
                title_en=data_file.text(entry["title_en"], where, "title_en"),
                title_fr=data_file.text(entry["title_fr"], where, "title_fr", required=False),
                document=entry["document"] or "",
                date=entry["date"] or "",
                date_status=data_file.text(entry["date_status"], where, "date_status"),
                url=data_file.text(entry["url"], where, "url"),
                obligations=tuple(entry["obligations"]),
                quotes=tuple(quotes),
                note=data_file.text(entry["note"], where, "note"),
            )
        )
    return tuple(positions)
