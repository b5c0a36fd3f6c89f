"""Propose how to code an indicator for one Party: evidence passages, a value, a confidence.

An *indicator* is a question the Secretariat codes for every Party ("Does the law use the term
'child sexual abuse material'?"), on a scale of values, usually ``yes / partly / no /
not_reported``. `propose` reads the passages of one Party's replies and returns a `Proposal`:
the passages that hold the answer (best first, each with the reason it was chosen), a proposed
value, and a confidence, the probability that the value is right. Pure Python and numpy; the
passages' vectors and the indicator's query vectors are computed by the caller
(``lanzarote.lib.embed``; `query_texts` says which texts to embed). A person decides; the
proposal is a starting point that says why.

1. **Key phrases** (both methods). The indicator's key phrases, English and French together, are
   looked for in every passage, folded (case, accents and punctuation ignored) and lightly
   stemmed (a final *s* or *e* dropped, "-ize" read "-ise"; a word of five letters or more
   matches a longer one that starts with it and has at most two more letters, "defin" /
   "defined"). Overlapping matches
   keep the longest phrase. A phrase written with a leading ``-`` is a *counter-phrase*: it
   names the opposite of what the indicator looks for ("-dual criminality" for "no dual
   criminality", "-complaint" for "prosecuted ex officio"). The terms found are reported as
   written in the passage.

2. **Relevance.** Each passage gets a probability of being evidence, a logistic function of
   its features (`passage_features`): the number of distinct phrases found, and of those made
   of several words (each at most 3); for ``method="hybrid"`` also how far its cosine with the
   indicator's query vectors (the better of the English and the French query) stands above the
   reply's median cosine and below the reply's best, how far it stands above its cosine with
   any other indicator given in ``others`` (a passage on jurisdiction is less likely to be
   about dual criminality when it is closer to jurisdiction), all in steps of 0.05 because this
   model's cosines are compressed (unrelated texts about 0.75, related ones 0.85 to 0.9), and
   whether the passage is linked to one of the indicator's questions. Measured against the
   reply itself, the cosines lose the offset between languages (French passages sit about
   0.015 higher on every query). The weights are fitted by logistic regression on the DEV split
   of the labelled set (`CALIBRATION`). Reciprocal-rank fusion of the same lists ranks about as
   well (evidence recall@5 0.98 on the test split, against 0.97 for this weighted sum without
   the floor below) but gives no probability to decide with, so the weighted sum was kept
   (docs/quality.md). ``method="keyword"`` is the baseline: key phrases only, no vectors, no
   question links; a passage without a phrase is never evidence. In the hybrid method a passage
   without a vector (or a call without query vectors) is scored as the baseline scores it.
   Evidence lists the best `k` passages whose relevance is at least `SHOW_FLOOR`.

3. **Value.** Passages whose relevance is at least `DECIDE` (chosen on the dev split) decide.
   In each, every clause (a sentence cut at ";", ":", "but", "whereas", "while", "mais", "alors
   que", "tandis que"...) that holds a phrase votes. Each negation cue ("not", "no", "never",
   "without", "cannot", "abolished", "pas", "aucun", "jamais", "sans", "ne ... plus",
   "supprimé"...) negates one phrase of its clause: the first one after it within 5 words (4 for
   "without" / "sans"; any distance when the cue opens the clause, "No specific training is
   given to judges"), else the nearest one before it within 6 words ("is not defined"). The
   indicator's own phrases speak for the clause (counter-phrases only when there is none): the
   clause says *yes* unless one of them is negated; counter-phrases the other way round, so
   that "dual criminality is not required" says yes to "no dual criminality". A sentence with
   a partial cue ("partly", "in part", "only", "solely", "limited to", "except",
   "partiellement", "en partie", "uniquement", "seulement", "sauf", "ne ... que"...) votes
   *partly*, and so does a passage whose clauses disagree. Fixed phrases that only look like
   cues are skipped ("not only", "whether or not", "Act No. 5", "non seulement", "non
   gouvernementales"...). A passage found through its vector alone is read in its sentence
   closest in words to the indicator: a partial cue there gives *partly*, a negation cue *no*,
   neither *yes*. The passages' votes, each weighing its relevance squared (*partly* half to
   each side), give the value: *yes* when at least `YES_SHARE` of the weight says yes, *no*
   when at most 1 − `YES_SHARE` does, *partly* between. No deciding passage: *not_reported*.
   `Proposal.cue` and `cue_text` say what made a no or a partly.

   On a scale without *partly*, partly becomes yes; without *not_reported*, no. On a scale of
   other options (e.g. ``criminal-code / special-law / both``) the option whose words are most
   found in the deciding passages is proposed, else *not_reported*; its confidence is not
   calibrated.

4. **Confidence.** A logistic function of the logit of the best passage's relevance, with an
   intercept and a slope for each value proposed, fitted on the DEV split only and measured on the separate TEST split (expected
   calibration error and reliability table in docs/quality.md; `CALIBRATION` says when and on
   what it was fitted). A not_reported proposal is only as sure as the search that found
   nothing: its confidence falls as the best candidate gets closer to `DECIDE`.

Cost: O(passages × key phrases) per indicator: about 35 ms for 100 passages read for the first
time, then 4 ms per further indicator (each passage's words and cues are kept in a cache).
Vectors are computed once per passage by the caller.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lanzarote.lib.labels import number_key
from lanzarote.lib.text import fold

__all__ = [
    "CALIBRATION",
    "DECIDE",
    "METHODS",
    "SHOW_FLOOR",
    "SIM_CENTRE",
    "STANDARD_VALUES",
    "YES_SHARE",
    "Calibration",
    "Evidence",
    "IndicatorIn",
    "PassageIn",
    "Proposal",
    "passage_features",
    "propose",
    "query_texts",
]

STANDARD_VALUES = ("yes", "partly", "no", "not_reported")
METHODS = ("hybrid", "keyword")

SIM_CENTRE = 0.80  # cosine of a passage half-way between unrelated (0.75) and related (0.85)
SIM_SCALE = 0.05  # cosines are counted in steps of 0.05
PRIOR_PASSAGES = 3
DECIDE = 0.3  # relevance from which a passage takes part in the value
SHOW_FLOOR = 0.01  # relevance below which a passage is not shown as evidence
YES_SHARE = 0.75  # share of the deciding weight that makes a yes (1 - YES_SHARE: a no)
MAX_TERMS = 3


@dataclass(frozen=True)
class IndicatorIn:
    code: str
    labels: dict[str, str]  # "en"/"fr" -> label
    descriptions: dict[str, str]  # "en"/"fr" -> what to look for (the embedding query)
    keywords: dict[str, tuple[str, ...]]  # "en"/"fr" -> key phrases; "-phrase": counter-phrase
    questions: tuple[str, ...]  # question numbers whose answers usually hold the evidence
    values: tuple[str, ...] = STANDARD_VALUES


@dataclass(frozen=True)
class PassageIn:
    id: int | str
    text: str
    lang: str  # "en", "fr" or "und"
    question: str | None  # number of the question the passage is linked to, if any
    vector: np.ndarray | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Evidence:
    passage: int | str
    score: float  # relevance: the probability that the passage is evidence
    terms: tuple[str, ...]  # the key phrases found in it, as written in the passage
    span: tuple[int, int] | None  # characters of the sentence that decided, in the passage text
    similarity: float | None  # cosine with the indicator's description, if vectors given
    via_question: bool  # linked to one of the indicator's questions


@dataclass(frozen=True)
class Proposal:
    indicator: str
    value: str
    confidence: float  # calibrated probability that `value` is right
    evidence: tuple[Evidence, ...]  # best first, at most k
    cue: str | None  # "negation" / "partial" / None: what decided a no / partly
    cue_text: str  # the words of the cue, as written
    method: str  # "hybrid" or "keyword"


@dataclass(frozen=True)
class Calibration:
    """Constants fitted on the DEV split (`evaluation.fit_calibration`).

    relevance: the bias, then a weight per feature of `passage_features` (hybrid: phrases
    found, phrases of several words found, similarity above the reply's median, similarity
    below the reply's best, similarity above the other indicators', question link; keyword:
    the first two). confidence: value -> (intercept, slope on the logit of the best passage's
    relevance)."""

    relevance: tuple[float, ...]
    confidence: dict[str, tuple[float, float]]


# Fitted with evaluation.fit_calibration on synthetic-dev.json (44 replies, 11 indicators);
# measured on synthetic-test.json and statute-test.json (docs/quality.md).
CALIBRATION: dict[str, Calibration] = {
    "hybrid": Calibration(
        relevance=(-3.981, 1.071, 1.982, 2.215, 1.363, 1.916, 2.189),
        confidence={
            "yes": (0.482, 0.554),
            "partly": (0.973, 0.241),
            "no": (0.019, 0.472),
            "not_reported": (-0.859, -1.106),
        },
    ),
    "keyword": Calibration(
        relevance=(-4.634, 4.258, 2.096),
        confidence={
            "yes": (0.825, 0.405),
            "partly": (0.376, 0.213),
            "no": (0.056, 0.143),
            "not_reported": (0.569, 0.0),
        },
    ),
}


def query_texts(indicator: IndicatorIn) -> dict[str, str]:
    """The texts to embed as queries for an indicator, by language: its label and its
    description ("Label. Description."), or its label alone where it has no description in that
    language (measured on the dev split: label and description together put the evidence first
    in 82 % of replies, the description alone in 77 %). `propose` takes their vectors as
    ``query_vectors``."""
    texts = {}
    for lang in ("en", "fr"):
        label = (indicator.labels.get(lang) or "").strip().rstrip(".")
        description = (indicator.descriptions.get(lang) or "").strip()
        text = f"{label}. {description}" if label and description else label or description
        if text:
            texts[lang] = text
    return texts


# --------------------------------------------------------------------------------------------
# Words


_WORD = re.compile(r"\w+", re.UNICODE)


def _norm(word: str) -> str:
    """A folded word, lightly stemmed: "Définies" -> "defini", "criminalized" -> "criminalised"
    (then "criminalised"), "units" -> "unit"."""
    word = fold(word).replace("iz", "is")
    if len(word) > 4 and word.endswith("s"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _same(phrase_word: str, word: str) -> bool:
    if phrase_word == word:
        return True
    short, long = sorted((phrase_word, word), key=len)
    return len(short) >= 5 and len(long) - len(short) <= 2 and long.startswith(short)


@dataclass(frozen=True)
class _Phrase:
    text: str  # as given, without the leading "-"
    words: tuple[str, ...]
    counter: bool


def _phrase(text: str) -> _Phrase | None:
    counter = text.startswith("-")
    body = text[1:].strip() if counter else text.strip()
    words = tuple(_norm(w) for w in _WORD.findall(body))
    return _Phrase(body, words, counter) if words else None


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int
    sentence: int
    clause: int


@dataclass(frozen=True)
class _Text:
    text: str
    tokens: tuple[_Token, ...]
    sentences: tuple[tuple[int, int], ...]  # character spans
    by_norm: dict[str, tuple[int, ...]]
    by_prefix: dict[str, tuple[int, ...]]  # first 5 letters of words of 5 letters or more


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”»)]*\s+(?=[\"'“«(]?[A-ZÀ-ÖØ-Þ])")
_CLAUSE_BREAK = re.compile(
    r"[;:]|,?\s+(?=(?:but|whereas|while|however|mais|alors\s+que|tandis\s+que|cependant"
    r"|toutefois)\b)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=8192)
def _analyse(text: str) -> _Text:
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append((start, match.start()))
        start = match.end()
    sentences.append((start, len(text)))
    breaks = sorted(m.start() for m in _CLAUSE_BREAK.finditer(text))
    tokens = []
    sentence = clause = 0
    next_break = 0
    for match in _WORD.finditer(text):
        while sentence + 1 < len(sentences) and match.start() >= sentences[sentence + 1][0]:
            sentence += 1
            clause += 1
        while next_break < len(breaks) and breaks[next_break] <= match.start():
            next_break += 1
            clause += 1
        tokens.append(_Token(_norm(match.group()), match.start(), match.end(), sentence, clause))
    by_norm: dict[str, list[int]] = {}
    by_prefix: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        by_norm.setdefault(token.norm, []).append(i)
        if len(token.norm) >= 5:
            by_prefix.setdefault(token.norm[:5], []).append(i)
    return _Text(
        text,
        tuple(tokens),
        tuple(sentences),
        {k: tuple(v) for k, v in by_norm.items()},
        {k: tuple(v) for k, v in by_prefix.items()},
    )


@dataclass(frozen=True)
class _Match:
    first: int  # token indices, inclusive
    last: int
    phrase: _Phrase


def _find(analysed: _Text, phrases: Sequence[_Phrase]) -> list[_Match]:
    """Where the phrases occur; overlapping matches keep the longest (then the first)."""
    tokens = analysed.tokens
    found = []
    for phrase in phrases:
        head = phrase.words[0]
        if len(head) >= 5:
            starts: Sequence[int] = analysed.by_prefix.get(head[:5], ())
        else:
            starts = analysed.by_norm.get(head, ())
        for i in starts:
            if i + len(phrase.words) > len(tokens):
                continue
            if all(_same(w, tokens[i + j].norm) for j, w in enumerate(phrase.words)):
                found.append(_Match(i, i + len(phrase.words) - 1, phrase))
    found.sort(key=lambda m: (-(m.last - m.first), m.first))
    kept: list[_Match] = []
    taken: set[int] = set()
    for match in found:
        span = set(range(match.first, match.last + 1))
        if not span & taken:
            kept.append(match)
            taken |= span
    return sorted(kept, key=lambda m: m.first)


# --------------------------------------------------------------------------------------------
# Cues


def _phrases(texts: Sequence[str]) -> tuple[_Phrase, ...]:
    return tuple(p for p in (_phrase(t) for t in texts) if p is not None)


_NEGATION = _phrases(
    [
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "none",
        "nothing",
        "cannot",
        "without",
        "lack",
        "lacks",
        "absence",
        "abolished",
        "repealed",
        "removed",
        "lifted",
        "waived",
        "doesn",
        "don",
        "isn",
        "aren",
        "hasn",
        "haven",
        "didn",
        "wasn",
        "weren",
        "pas",
        "aucun",
        "aucune",
        "jamais",
        "nullement",
        "ni",
        "sans",
        "non",
        "abrogé",
        "supprimé",
        "levée",
    ]
)
_SHORT_SCOPE = {"without", "sans"}  # "without a complaint": the noun that follows, no further
_PARTIAL = _phrases(
    [
        "partly",
        "partially",
        "in part",
        "only",
        "solely",
        "limited to",
        "restricted to",
        "except",
        "with the exception of",
        "apart from",
        "not all",
        "not every",
        "not systematically",
        "to some extent",
        "to a certain extent",
        "partiellement",
        "en partie",
        "qu'en partie",
        "uniquement",
        "seulement",
        "exclusivement",
        "se limite",
        "limité à",
        "limitée à",
        "limités aux",
        "limitées aux",
        "restreint",
        "sauf",
        "à l'exception",
        "excepté",
        "pas tous",
        "pas toutes",
        "pas systématiquement",
        "dans une certaine mesure",
        "dans certains cas",
        "seul le",
        "seule la",
        "seuls les",
        "seules les",
        "seules la",
    ]
)
# Phrases that hold a cue word without being a cue; their words are skipped.
_NEUTRAL = _phrases(
    [
        "not only",
        "not limited to",
        "is not limited",
        "whether or not",
        "no later than",
        "not least",
        "no matter",
        "without delay",
        "without prejudice",
        "without exception",
        "non seulement",
        "pas seulement",
        "ne se limite pas",
        "non gouvernemental",
        "non gouvernementale",
        "non gouvernementaux",
        "non lucratif",
        "sans préjudice",
        "sans délai",
        "sans exception",
    ]
)
_NE = {"ne", "n"}
_QUE = {"que", "qu"}
_BLOCKS_QUE = {"pas", "plus", "jamais", "aucun", "aucune", "rien"}


@dataclass(frozen=True)
class _Cue:
    kind: str  # "negation" or "partial"
    first: int
    last: int


def _exact(analysed: _Text, phrases: Sequence[_Phrase]) -> list[_Match]:
    tokens = analysed.tokens
    found = []
    for phrase in phrases:
        for i in analysed.by_norm.get(phrase.words[0], ()):
            words = phrase.words
            if i + len(words) <= len(tokens) and all(
                tokens[i + j].norm == w for j, w in enumerate(words)
            ):
                found.append(_Match(i, i + len(words) - 1, phrase))
    return found


@functools.lru_cache(maxsize=8192)
def _cues(text: str) -> tuple[_Cue, ...]:
    analysed = _analyse(text)
    tokens = analysed.tokens
    skip: set[int] = set()
    for match in _exact(analysed, _NEUTRAL):
        skip.update(range(match.first, match.last + 1))
    for i, token in enumerate(tokens):  # "Act No. 5", "n° 12": a number, not a negation
        if token.norm == "no" and i + 1 < len(tokens) and tokens[i + 1].norm.isdigit():
            skip.add(i)
    cues: list[_Cue] = []
    partial_taken: set[int] = set()
    for match in _exact(analysed, _PARTIAL):
        span = set(range(match.first, match.last + 1))
        if not span & skip:
            cues.append(_Cue("partial", match.first, match.last))
            partial_taken |= span
    for i, token in enumerate(tokens):  # "ne ... que": only
        if token.norm in _NE and i not in skip:
            for j in range(i + 1, min(i + 5, len(tokens))):
                if tokens[j].norm in _BLOCKS_QUE or tokens[j].sentence != token.sentence:
                    break
                if tokens[j].norm in _QUE:
                    cues.append(_Cue("partial", i, j))
                    partial_taken.update((i, j))
                    break
    for match in _exact(analysed, _NEGATION):
        if match.first in skip or match.first in partial_taken:
            continue
        cues.append(_Cue("negation", match.first, match.last))
    for i, token in enumerate(tokens):  # "ne ... plus": no longer
        before = range(max(0, i - 3), i)
        if token.norm == "plus" and i not in skip and any(tokens[j].norm in _NE for j in before):
            cues.append(_Cue("negation", i, i))
    return tuple(sorted(cues, key=lambda c: c.first))


# --------------------------------------------------------------------------------------------
# Reading one passage for one indicator


_STOP = frozenset(
    _norm(w)
    for w in _WORD.findall(
        "the a an of to in on for and or by with is are be as at from that this which whether "
        "its their it any such has have was were been does do not no law laws national "
        "le la les l de des du d un une et ou en au aux a par pour sur dans que qui est sont se "
        "ce cette ces leur leurs il elle ils elles s sa son ses pas ne n loi lois nationale"
    )
)


@dataclass(frozen=True)
class _Reading:
    terms: tuple[str, ...]
    distinct: int  # distinct phrases found
    long: int  # of which phrases of several words
    vote: str | None  # "yes" / "no" / "partly"; None when no phrase was found
    span: tuple[int, int] | None
    cue: _Cue | None  # the cue behind a no / partly


@dataclass(frozen=True)
class _Compiled:
    phrases: tuple[_Phrase, ...]
    content: frozenset[str]  # the indicator's content words, for the sentence to read


def _compile(indicator: IndicatorIn) -> _Compiled:
    return _compile_cached(
        tuple(sorted(indicator.labels.items())),
        tuple(sorted(indicator.descriptions.items())),
        tuple(sorted((lang, tuple(ts)) for lang, ts in indicator.keywords.items())),
    )


@functools.lru_cache(maxsize=256)
def _compile_cached(
    labels: tuple[tuple[str, str], ...],
    descriptions: tuple[tuple[str, str], ...],
    keywords: tuple[tuple[str, tuple[str, ...]], ...],
) -> _Compiled:
    phrases = []
    seen = set()
    for _, texts in keywords:
        for text in texts:
            phrase = _phrase(text)
            if phrase is not None and (phrase.words, phrase.counter) not in seen:
                seen.add((phrase.words, phrase.counter))
                phrases.append(phrase)
    words = " ".join(
        [text for _, text in labels + descriptions]
        + [t.lstrip("-") for _, texts in keywords for t in texts]
    )
    content = frozenset(w for w in (_norm(x) for x in _WORD.findall(words)) if w not in _STOP)
    return _Compiled(tuple(phrases), content)


def _negations(
    matches: Sequence[_Match], cues: Sequence[_Cue], tokens: Sequence[_Token]
) -> dict[int, _Cue]:
    """Which phrases are negated, by the index of the match: each negation cue governs one
    phrase of its clause, the first one after it within 5 words (4 for without / sans; any
    distance when the cue opens the clause: "No specific training is given to judges"), else
    the nearest one before it within 6 words."""
    clause_start: dict[int, int] = {}
    for i, token in enumerate(tokens):
        clause_start.setdefault(token.clause, i)
    negated: dict[int, _Cue] = {}
    for cue in cues:
        if cue.kind != "negation":
            continue
        clause = tokens[cue.first].clause
        here = [(i, m) for i, m in enumerate(matches) if tokens[m.first].clause == clause]
        window = 4 if tokens[cue.first].norm in _SHORT_SCOPE else 5
        opens = cue.first - clause_start[clause] <= 2
        after = [(i, m) for i, m in here if m.first > cue.last]
        before = [(i, m) for i, m in here if m.last < cue.first and cue.first - m.last <= 6]
        if after and (opens or after[0][1].first - cue.last <= window):
            negated.setdefault(after[0][0], cue)
        elif before:
            negated.setdefault(before[-1][0], cue)
    return negated


def _combine(votes: Sequence[str]) -> str | None:
    kinds = set(votes)
    if not kinds:
        return None
    if len(kinds) == 1:
        return votes[0]
    return "partly"


def _read(indicator: IndicatorIn, passage: PassageIn) -> _Reading:
    compiled = _compile(indicator)
    analysed = _analyse(passage.text)
    tokens = analysed.tokens
    matches = _find(analysed, compiled.phrases)
    cues = _cues(passage.text)
    if not matches:
        return _read_sentence(compiled, analysed, cues)
    terms = tuple(
        dict.fromkeys(passage.text[tokens[m.first].start : tokens[m.last].end] for m in matches)
    )
    distinct = len({(m.phrase.words, m.phrase.counter) for m in matches})
    long = len({(m.phrase.words, m.phrase.counter) for m in matches if len(m.phrase.words) > 1})
    negated = {matches[i]: cue for i, cue in _negations(matches, cues, tokens).items()}
    sentence_votes = []
    decisive_cue: _Cue | None = None
    by_sentence: dict[int, list[_Match]] = {}
    for match in matches:
        by_sentence.setdefault(tokens[match.first].sentence, []).append(match)
    for sentence, in_sentence in by_sentence.items():
        partial = [c for c in cues if c.kind == "partial" and tokens[c.first].sentence == sentence]
        if partial:
            sentence_votes.append("partly")
            decisive_cue = decisive_cue or partial[0]
            continue
        clause_votes = []
        by_clause: dict[int, list[_Match]] = {}
        for match in in_sentence:
            by_clause.setdefault(tokens[match.first].clause, []).append(match)
        for in_clause in by_clause.values():
            # The indicator's own phrases speak for the clause; counter-phrases only without
            # them. One negated phrase makes the clause say the opposite ("The courts have no
            # jurisdiction over offences committed abroad").
            own = [m for m in in_clause if not m.phrase.counter]
            speaking = own or in_clause
            cue = next((negated[m] for m in speaking if m in negated), None)
            says_yes = (cue is None) == bool(own)
            clause_votes.append("yes" if says_yes else "no")
            if not says_yes and cue is not None:
                decisive_cue = decisive_cue or cue
        sentence_votes.append(_combine(clause_votes) or "yes")
    vote = _combine(sentence_votes)
    best = max(by_sentence, key=lambda s: (len(by_sentence[s]), -s))
    if decisive_cue is not None and vote in ("no", "partly"):
        best = tokens[decisive_cue.first].sentence
    return _Reading(
        terms,
        distinct,
        long,
        vote,
        analysed.sentences[best],
        decisive_cue if vote in ("no", "partly") else None,
    )


def _read_sentence(compiled: _Compiled, analysed: _Text, cues: Sequence[_Cue]) -> _Reading:
    """A passage without key phrases, read in its sentence closest in words to the indicator."""
    if not analysed.tokens:
        return _Reading((), 0, 0, None, None, None)
    overlap: dict[int, set[str]] = {}
    for token in analysed.tokens:
        if token.norm in compiled.content:
            overlap.setdefault(token.sentence, set()).add(token.norm)
    best = max(range(len(analysed.sentences)), key=lambda s: (len(overlap.get(s, ())), -s))
    here = [c for c in cues if analysed.tokens[c.first].sentence == best]
    partial = [c for c in here if c.kind == "partial"]
    negation = [c for c in here if c.kind == "negation"]
    cue = partial[0] if partial else negation[0] if negation else None
    vote = "partly" if partial else "no" if negation else "yes"
    return _Reading((), 0, 0, vote, analysed.sentences[best], cue)


# --------------------------------------------------------------------------------------------
# Proposing


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _relevance(weights: Sequence[float], features: Sequence[float]) -> float:
    bias, *rest = weights
    return _sigmoid(bias + sum(w * x for w, x in zip(rest, features, strict=True)))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _via_question(indicator: IndicatorIn, question: str | None) -> bool:
    if not question:
        return False
    key = number_key(question)
    for number in indicator.questions:
        wanted = number_key(number)
        if wanted and key[: len(wanted)] == wanted:
            return True
    return False


@dataclass(frozen=True)
class _Scored:
    position: int
    passage: PassageIn
    reading: _Reading
    relevance: float
    similarity: float | None
    via_question: bool


def _stack(query_vectors: dict[str, np.ndarray] | None) -> np.ndarray | None:
    vectors = [v for v in (query_vectors or {}).values() if v is not None]
    return np.stack([np.asarray(v, dtype=np.float32) for v in vectors]) if vectors else None


def _candidates(
    indicator: IndicatorIn,
    passages: Sequence[PassageIn],
    query_vectors: dict[str, np.ndarray] | None,
    others: Sequence[dict[str, np.ndarray]],
) -> list[tuple[PassageIn, _Reading, float | None, float | None, bool]]:
    """Each passage with its reading, its cosine with the indicator (the best of its queries),
    the best cosine with any other indicator, and its question link."""
    mine = _stack(query_vectors)
    theirs = [m for m in (_stack(o) for o in others) if m is not None]
    rivals = np.concatenate(theirs) if theirs else None
    found = []
    for passage in passages:
        similarity = rival = None
        if mine is not None and passage.vector is not None:
            vector = np.asarray(passage.vector, dtype=np.float32)
            similarity = float((mine @ vector).max())
            if rivals is not None:
                rival = float((rivals @ vector).max())
        found.append(
            (
                passage,
                _read(indicator, passage),
                similarity,
                rival,
                _via_question(indicator, passage.question),
            )
        )
    return found


def passage_features(
    indicator: IndicatorIn,
    passages: Sequence[PassageIn],
    *,
    query_vectors: dict[str, np.ndarray] | None = None,
    others: Sequence[dict[str, np.ndarray]] = (),
    method: str = "hybrid",
) -> list[tuple[float, ...]]:
    """Each passage's relevance features, in the order of `Calibration.relevance` after the
    bias (module documentation, point 2)."""
    return [f for _, _, _, _, f in _featured(indicator, passages, query_vectors, others, method)]


def _featured(
    indicator: IndicatorIn,
    passages: Sequence[PassageIn],
    query_vectors: dict[str, np.ndarray] | None,
    others: Sequence[dict[str, np.ndarray]],
    method: str,
) -> list[tuple[PassageIn, _Reading, float | None, bool, tuple[float, ...]]]:
    found = _candidates(indicator, passages, query_vectors, others)
    known = [sim for _, _, sim, _, _ in found if sim is not None]
    # The reply's typical and best cosines: what a passage must stand out from. A few
    # passages at SIM_CENTRE keep a short list of passages from being its own yardstick.
    typical = float(np.median(known + [SIM_CENTRE] * PRIOR_PASSAGES)) if known else SIM_CENTRE
    best = max(known, default=SIM_CENTRE)
    out = []
    for passage, reading, sim, rival, linked in found:
        terms = float(min(reading.distinct, MAX_TERMS))
        long = float(min(reading.long, MAX_TERMS))
        question = 1.0 if linked else 0.0
        if method == "keyword":
            features: tuple[float, ...] = (terms, long)
        elif sim is None:
            features = (terms, long, 0.0, 0.0, 0.0, question)
        else:
            features = (
                terms,
                long,
                (sim - typical) / SIM_SCALE,
                (sim - best) / SIM_SCALE,
                0.0 if rival is None else (sim - rival) / SIM_SCALE,
                question,
            )
        out.append((passage, reading, sim, linked, features))
    return out


def propose(
    indicator: IndicatorIn,
    passages: Sequence[PassageIn],
    *,
    query_vectors: dict[str, np.ndarray] | None = None,
    method: str = "hybrid",
    k: int = 5,
    others: Sequence[dict[str, np.ndarray]] = (),
    calibration: Calibration | None = None,
) -> Proposal:
    """Evidence, value and confidence for one indicator over one Party's passages (module
    documentation). ``calibration`` replaces `CALIBRATION[method]` (for fitting)."""
    return _propose(
        indicator,
        passages,
        query_vectors=query_vectors,
        method=method,
        k=k,
        others=others,
        calibration=calibration,
    )[0]


def _propose(
    indicator: IndicatorIn,
    passages: Sequence[PassageIn],
    *,
    query_vectors: dict[str, np.ndarray] | None,
    method: str,
    k: int,
    others: Sequence[dict[str, np.ndarray]] = (),
    calibration: Calibration | None = None,
) -> tuple[Proposal, float]:
    """The proposal, and the best passage's relevance (what the confidence is fitted on)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    constants = calibration or CALIBRATION[method]
    scored = []
    featured = _featured(indicator, passages, query_vectors, others, method)
    for position, (passage, reading, similarity, linked, features) in enumerate(featured):
        if method == "keyword" and not reading.distinct:
            continue
        if method == "hybrid" and similarity is None:
            # No vector to compare: the passage is scored as the baseline scores it.
            relevance = _relevance(CALIBRATION["keyword"].relevance, features[:2])
        else:
            relevance = _relevance(constants.relevance, features)
        scored.append(_Scored(position, passage, reading, relevance, similarity, linked))
    scored.sort(key=lambda s: (-s.relevance, s.position))
    shown = [s for s in scored if s.relevance >= SHOW_FLOOR][:k]
    evidence = tuple(
        Evidence(
            s.passage.id,
            round(s.relevance, 4),
            s.reading.terms,
            s.reading.span,
            None if s.similarity is None else round(s.similarity, 4),
            s.via_question,
        )
        for s in shown
    )
    deciding = [s for s in scored if s.relevance >= DECIDE and s.reading.vote is not None]
    best = scored[0].relevance if scored else 0.0
    value, cue = _decide(deciding)
    scale = indicator.values
    if not set(scale) <= set(STANDARD_VALUES):
        return _propose_option(indicator, deciding, evidence, method, best), best
    if value == "partly" and "partly" not in scale:
        value = "yes"
    if value == "not_reported" and "not_reported" not in scale:
        value = "no"
    intercept, slope = constants.confidence.get(value, (0.0, 0.0))
    confidence = _sigmoid(intercept + slope * _logit(best))
    cue_kind = cue_text = None
    if cue is not None and value in ("no", "partly"):
        scored_cue, found = cue
        tokens = _analyse(scored_cue.passage.text).tokens
        cue_kind = found.kind
        cue_text = scored_cue.passage.text[tokens[found.first].start : tokens[found.last].end]
    proposal = Proposal(
        indicator.code, value, round(confidence, 4), evidence, cue_kind, cue_text or "", method
    )
    return proposal, best


def _decide(deciding: Sequence[_Scored]) -> tuple[str, tuple[_Scored, _Cue] | None]:
    """The value the deciding passages vote for, each weighing its relevance squared (a
    sure passage outweighs several doubtful ones; chosen on the dev split), and the cue that
    made a no or a partly."""
    if not deciding:
        return "not_reported", None
    weights = {id(s): s.relevance**2 for s in deciding}
    total = sum(weights.values())
    share = sum(weights[id(s)] * _YES_WEIGHT[s.reading.vote or "yes"] for s in deciding) / total
    value = "yes" if share >= YES_SHARE else "no" if share <= 1 - YES_SHARE else "partly"
    cue = None
    for s in deciding:  # the best passage whose cue points the way of the value
        if s.reading.cue is not None and (s.reading.vote == value or value == "partly"):
            cue = (s, s.reading.cue)
            break
    return value, cue


_YES_WEIGHT = {"yes": 1.0, "partly": 0.5, "no": 0.0}


def _propose_option(
    indicator: IndicatorIn,
    deciding: Sequence[_Scored],
    evidence: tuple[Evidence, ...],
    method: str,
    best: float,
) -> Proposal:
    """On a scale of other options: the option whose words the deciding passages hold most."""
    scores: dict[str, float] = {}
    for option in indicator.values:
        words = [_norm(w) for w in re.split(r"[\s_\-/]+", option) if w]
        words = [w for w in words if w not in _STOP]
        if not words or option == "not_reported":
            continue
        for s in deciding:
            tokens = {t.norm for t in _analyse(s.passage.text).tokens}
            share = sum(any(_same(w, t) for t in tokens) for w in words) / len(words)
            scores[option] = scores.get(option, 0.0) + s.relevance * share
    chosen = max(scores, key=lambda o: scores[o], default=None)
    if chosen is None or scores[chosen] <= 0:
        return Proposal(
            indicator.code, "not_reported", round(1 - best, 4), evidence, None, "", method
        )
    total = sum(scores.values())
    confidence = best * scores[chosen] / total
    return Proposal(indicator.code, chosen, round(confidence, 4), evidence, None, "", method)
