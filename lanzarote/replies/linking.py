"""Link the passages of a reply document to the questionnaire questions they answer.

A reply (PDF or Word) is read as passages, paragraphs and headings in document order.
`link_passages` gives each passage the question it answers, or none, with the method that
decided and a confidence between 0 and 1. Pure Python (and numpy); nothing is stored.
Questions are given in the questionnaire's order, which is the order "forward" refers to below.

1. **Numbering** (method ``"numbering"``). A marker at the start of a passage (its first line,
   after bullets, quotes and emphasis marks) names a question. Recognised, English and French,
   any case, with or without accents:

   * *prefixed*: ``Question 6``, ``Question 6:``, ``Question n° 6``, ``Q6``, ``Q.6``,
     ``Answer to question 6``, ``Reply to Question 6``, ``Réponse à la question 6``,
     ``Réponse à la Q6``, ``Réponses aux questions 6 et 7`` (question 6), ``Regarding question
     6``, ``Concernant la question 6``, ``Ad 6``;
   * *bare*: ``6.``, ``6)``, ``(6)``, ``6:``, ``6.1``, ``6.a``, ``6 a)``, ``6(a)``, ``9b)``, and
     in a heading also ``6 Training``;
   * *lettered*: ``a)``, ``(a)``, ``a.``: sub-question a of the current question.

   Numbers are compared by their parts: ``6.a``, ``6 a)``, ``6(a)`` and ``6A`` all name ``6.a``
   (or ``6a``), or question ``6`` when the questionnaire has no such sub-question. A believed
   marker switches the *current question*; the passages after it belong to it, with a
   confidence (0.97 prefixed, 0.95 heading, 0.92 bare, 0.9 lettered) that decreases by 0.015
   a passage, never below 0.8.

   Which markers are believed (the plausibility heuristic):

   * A number the questionnaire does not have ("Question 42" when there are 20 questions,
     "2010.") is no marker: the passage is text. Neither is a date ("12.03.2019", "15 March
     2019", "1er janvier"), a number followed by a digit ("3 500", "Q1 2015"), nor a bare or
     lettered marker followed by a lower-case word ("1. the police;", "6.1 million"), nor a
     numbered section of the reply itself ("1. Introduction", "5. Conclusion").
   * Prefixed markers and numbers opening a heading are always believed, backwards too.
   * The document's *own numbering* is the way of writing ("prefix", "6.", "6)", "(6)"...) that
     names the most questions. Its bare markers are believed when they lie on the heaviest
     chain moving forward in the questionnaire (prefixed and heading markers count 3 and anchor
     it): a bare marker counts 1, plus 0.5 when the text from it (its passage and the next two,
     up to the next marker) resembles the question it names (that question is among the most
     similar ones), times 0.3 when its passage ends like a list item (";" or ","); a short
     line about nothing asked ("3. The Ministry of Health") is left out. Numbered lists inside
     answers restart at 1 and go backwards, so they fall outside the chain; a list item that
     would continue it loses to the real marker, which resembles its question. When fewer than
     half of the chain's bare markers resemble their questions, the chain is a list, not a
     numbering, and is dropped. A bare marker off the chain is believed when it moves forward
     to a sub-question of the current question, whatever its writing ("6.1" inside the answer
     to "Question 6"), or, written in the document's own way, when it goes back to a question
     its passage is clearly about (the most similar question, cosine at least 0.25).
   * A lettered marker is believed only when the current question has that sub-question and it
     lies forward ("b)" after "6.a" gives "6.b"; "a)" in the answer to a question without
     sub-questions is text).
   * A document is *numbered* when its believed markers name at least two questions (three
     when all are bare or lettered). Otherwise its markers are only anchors for point 4.

2. **Heading text** (method ``"heading-text"``, confidence 0.85 decreasing to 0.7). An
   unnumbered heading, or a short paragraph ending with "?", switches the current question when
   at least 60 % of its words (folded, stop words removed, lightly stemmed, weighted by rarity
   among the questions) are words of one question's text, clearly more than of any other. A
   one-word heading ("Helplines") must be a word of one question only.

3. **Parts answering nothing** (method ``"none"``). Headings such as "Introduction",
   "Preliminary remarks", "Conclusion(s)", "Concluding remarks", "Remarques finales",
   "Annex", "Annexe", "Contact" end the current question; after the last marker, so do the
   closing formula ("The Government remains at the Committee's disposal", "reste à la
   disposition") and a paragraph opening with "In conclusion", "To conclude", "En conclusion",
   "Pour conclure" that is not about the current question. Passages before the first marker
   (the introduction) are linked to no question, unless one question stands out (cosine at
   least 0.6, 0.2 above the next question, a passage of 8 words or more, no "Introduction"
   heading above it), which gives method ``"similarity"``.

4. **Similarity** (method ``"similarity"``), for documents that are not numbered. Passages and
   questions become bag-of-words vectors (folded, English and French stop words removed,
   suffixes stripped, words cut to 7 letters, tf-idf with the rarity among the questions); a
   word found in many passages of the document (its own phrasing, repeated from answer to
   answer) is weighted down. The cosine is a passage's score for a question; a passage of fewer
   than 8 meaningful words has its scores scaled down, so that it follows its neighbours. The
   sequence of passages is then decided as a whole (Viterbi) over the states *introduction*,
   the questions in order, and *closing part*: the introduction can only be left and the closing
   part only entered; changing question costs 0.2, plus 0.02 per question skipped, going back
   0.35; at an unnumbered heading that names no question, changing costs only 0.05 and staying
   0.2 (a heading starts an answer); heading-text matches, a lone prefixed marker and the
   section headings of point 3 are anchors (+1), and what follows an anchor keeps a small
   advantage until the next heading. Confidence: 0.4 (a passage following its neighbours) to
   0.75 (cosine 0.5 or more): below what numbering gives.

The tunable values are below (`HEADING_COVERAGE` and the others); they were chosen on the
generated evaluation set (``lanzarote/data/evaluation/linking``).

Cost: O(passages × questions) for the similarities (a few words per passage, one dense row per
passage over the questions' vocabulary), O(passages × questions²) for the sequence, and
O(markers²) for the chain: about 0.1 s for 500 passages and 100 questions.
"""

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from lanzarote.lib.labels import LABEL_WORDS, number_key
from lanzarote.lib.text import fold_words

__all__ = [
    "METHODS",
    "Link",
    "PassageIn",
    "QuestionRef",
    "find_marker",
    "link_passages",
]

METHODS = ("numbering", "heading-text", "similarity", "none")


@dataclass(frozen=True)
class QuestionRef:
    number: str
    text: str  # EN and FR joined, whatever is known


@dataclass(frozen=True)
class PassageIn:
    index: int
    text: str
    heading: bool


@dataclass(frozen=True)
class Link:
    passage: int
    question: str | None
    method: str  # one of METHODS
    confidence: float


# --------------------------------------------------------------------------------------------
# Question numbers


class _Questionnaire:
    def __init__(self, questions: list[QuestionRef]) -> None:
        self.numbers = [q.number for q in questions]
        self.order: dict[str, int] = {}
        self.by_key: dict[tuple[str, ...], str] = {}
        for position, question in enumerate(questions):
            self.order.setdefault(question.number, position)
            key = number_key(question.number)
            if key:
                self.by_key.setdefault(key, question.number)

    def resolve(self, key: tuple[str, ...]) -> str | None:
        """The question a marker names: itself, else its nearest ancestor; None if neither."""
        while key:
            found = self.by_key.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return None

    def rank(self, number: str | None) -> int:
        return -1 if number is None else self.order[number]

    def top(self, number: str) -> str:
        key = number_key(number)
        return key[0] if key else ""


# --------------------------------------------------------------------------------------------
# Markers

_LEAD = re.compile(r"^[\s\"'“”‘’«»*_#>•·▪◦‣○●■□\-–—\[\]|]+")
_NUMBER = (
    r"(?P<num>\d{1,3})(?!\d)"
    r"(?:"
    r"\s?\((?P<s1>\d{1,2}|[a-z])\)"  # 6(a) 6 (a) 6(1)
    r"|\.\s?(?P<s2>[a-z])\)"  # 6. a)  6.a)
    r"|[.\-](?P<s3>\d{1,2}|[a-z])(?!\w)"  # 6.a 6.1 6-a
    r"|\s(?P<s4>[a-z])\)"  # 6 a)
    r"|(?P<s5>[a-z])(?!\w)"  # 9b
    r")?"
    r"(?!\.\d{2,4}\b|/\d)"  # not a date: 12.03.2019, 12/03
)
_PREFIX = re.compile(rf"{LABEL_WORDS}{_NUMBER}", re.IGNORECASE)
_BARE = re.compile(_NUMBER, re.IGNORECASE)
_ENCLOSED = re.compile(rf"\({_NUMBER}\)", re.IGNORECASE)
_LONE_LETTER = re.compile(r"(?:\((?P<a>[a-z])\)|(?P<b>[a-z])[).])(?=\s|$)")  # case-sensitive
_MONTH = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|janvier|f[ée]vrier|mars|avril"
    r"|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv|f[ée]vr|avr|juil"
    r"|d[ée]c)\b\.?(?:\s+\d{4}|\s*$)",
    re.IGNORECASE,
)  # "15 March 2019", "1 mai 2020": dates
_TERMINATOR = re.compile(r"\s?[.):]")
_AFTER = re.compile(r"^[\s.:)\-–—]+")


@dataclass(frozen=True)
class Marker:
    """A question marker found at the start of a passage.

    kind: "prefix" (Question 6, Réponse à la Q6...), "heading" (a number opening a heading),
    "bare" (6., 6), (6), 6.1 opening a paragraph), "letter" (a), (a), a.: a sub-question of the
    current question). key: the number's parts, ("6", "a"); ("", "a") for a lone letter.
    family: how it is written: "prefix", or the punctuation after a number: "dot" (6.),
    "paren" (6)), "enclosed" ((6)), "colon" (6:), "space" (6 Training, 6.1, 6(a)); "letter".
    rest: the passage text after the marker."""

    kind: str
    key: tuple[str, ...]
    family: str
    rest: str


_FAMILIES = {".": "dot", ")": "paren", ":": "colon"}


def _key(match: re.Match[str]) -> tuple[str, ...]:
    sub = next((s for s in match.group("s1", "s2", "s3", "s4", "s5") if s), None)
    key: tuple[str, ...] = (str(int(match.group("num"))),)
    if sub is not None:
        key += (str(int(sub)) if sub.isdigit() else sub.lower(),)
    return key


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return _LEAD.sub("", line, count=1)


def _skip(text: str) -> str:
    return _AFTER.sub("", text, count=1)


def find_marker(text: str, heading: bool = False) -> Marker | None:
    """The question marker opening `text`, if any (see the module's documentation)."""
    line = _first_line(text)
    if not line:
        return None
    match = _PREFIX.match(line)
    if match:
        rest = _skip(line[match.end() :])
        if rest[:1].isdigit():  # "Q1 2015": a quarter, not a question
            return None
        return Marker("prefix", _key(match), "prefix", rest)
    kind = "heading" if heading else "bare"
    match = _ENCLOSED.match(line)
    family = "enclosed"
    if match:
        end = match.end()
    else:
        match = _BARE.match(line)
        if match is None:
            letter = _LONE_LETTER.match(line)
            if letter is None:
                return None
            rest = line[letter.end() :].strip()
            if rest[:1].islower() and not heading:
                return None
            key = ("", letter.group("a") or letter.group("b"))
            return Marker("letter", key, "letter", rest)
        end = match.end()
        after = line[end:]
        terminator = _TERMINATOR.match(after)
        has_sub = any(match.group("s1", "s2", "s3", "s4", "s5"))
        if terminator:
            end += terminator.end()
            family = _FAMILIES[terminator.group().strip()]
        elif (has_sub or heading) and (not after or after[0] in " \t\u00a0–—-"):
            family = "space"
        else:
            return None
    rest = _skip(line[end:])
    if rest[:1].isdigit() or (kind == "bare" and rest[:1].islower()) or _MONTH.match(rest):
        return None
    return Marker(kind, _key(match), family, rest)


# --------------------------------------------------------------------------------------------
# Words and similarity

_STOP_WORDS = """
a about above after again against all also am an and any are as at be been before being
between both but by can could did do does doing done during each either etc few for from
further had has have having here how however if in into is it its itself just may might more
most must no nor not now of off on once only or other our ours out over own per same shall
should so some such than that the their theirs them then there these they this those through
thus to too under until up upon very via was we were what when where whether which while who
whom whose why will with within without would yes yet you your au aux avec ce ces cet cette
chaque comme comment dans de des du elle elles en entre est et etaient etait ete etre eux
fait font hors il ils je la le les leur leurs lui mais meme mes moins ne ni nos notre nous
on ont ou par parmi pas pendant peu peut peuvent plus pour quand que quel quelle quelles
quels qui sa sans se selon ses si son sont sous sur ta tous tout toute toutes tres un une
vos votre vous ainsi afin aussi dont lors cela ceci celle celui ceux
"""  # English, then French (folded: no accents)
_STOP = frozenset(_STOP_WORDS.split())


# Stripped, the first that fits, leaving at least 4 letters; then words are cut to 7 letters.
_SUFFIX_LIST = "ements ement ations ation itions ition ions ion ings ing ies ees ee es ed s x e"
_SUFFIXES = tuple(_SUFFIX_LIST.split())


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


@functools.lru_cache(maxsize=4096)  # a passage's terms are wanted several times over
def terms(text: str) -> tuple[str, ...]:
    """The words that carry meaning: folded, stop words and numbers dropped, stemmed."""
    return tuple(
        _stem(w)
        for w in fold_words(text).split()
        if len(w) > 2 and w not in _STOP and not w.isdigit()
    )


class _Similarity:
    """tf-idf vectors over the questions' vocabulary; cosine between passages and questions."""

    def __init__(self, questions: list[QuestionRef]) -> None:
        bags = [Counter(terms(q.text)) for q in questions]
        document_frequency: Counter[str] = Counter()
        for bag in bags:
            document_frequency.update(bag.keys())
        self.index = {term: i for i, term in enumerate(sorted(document_frequency))}
        count = len(questions)
        self.idf = np.ones(len(self.index))
        for term, i in self.index.items():
            self.idf[i] = math.log((1 + count) / (1 + document_frequency[term])) + 1
        self.unknown_idf = math.log(1 + count) + 1  # a word in no question: the rarest
        self.sets = [set(bag) for bag in bags]
        self.questions = self._matrix(bags)

    def _matrix(
        self, bags: list[Counter[str]], spread: dict[str, float] | None = None
    ) -> np.ndarray:
        matrix = np.zeros((len(bags), len(self.index)))
        for row, bag in enumerate(bags):
            unknown = 0.0
            for term, n in bag.items():
                weight = (1 + math.log(n)) * (spread.get(term, 1.0) if spread else 1.0)
                i = self.index.get(term)
                if i is None:
                    unknown += weight**2  # off-vocabulary words lengthen the vector (weight 1)
                else:
                    matrix[row, i] = weight * self.idf[i]
            norm = math.sqrt(float(matrix[row] @ matrix[row]) + unknown)
            if norm:
                matrix[row] /= norm
        return matrix

    def scores(self, texts: list[str], document: bool = False) -> np.ndarray:
        """Cosine of each text (rows) with each question (columns). With `document`, the texts
        are one document's passages, and a word found in many of them (the document's own
        phrasing, repeated from answer to answer) counts for less."""
        if not self.index:
            return np.zeros((len(texts), len(self.sets)))
        bags = [Counter(terms(t)) for t in texts]
        spread: dict[str, float] | None = None
        if document and len(bags) >= SPREAD_MIN_PASSAGES:
            found: Counter[str] = Counter()
            for bag in bags:
                found.update(bag.keys())
            top = math.log(1 + len(bags))
            spread = {
                t: (math.log((1 + len(bags)) / n) / top) ** SPREAD_POWER for t, n in found.items()
            }
        return self._matrix(bags, spread) @ self.questions.T

    def weight(self, term: str) -> float:
        i = self.index.get(term)
        return self.unknown_idf if i is None else float(self.idf[i])

    def heading_match(self, text: str) -> int | None:
        """The question whose text the heading repeats (module documentation, point 2)."""
        heading = set(terms(text))
        if not heading:
            return None
        if len(heading) == 1:  # one word: it must be in one question only ("Helplines")
            (word,) = heading
            holders = [q for q, words in enumerate(self.sets) if word in words]
            return holders[0] if len(holders) == 1 else None
        total = sum(self.weight(t) for t in heading)
        ranked = []
        for q, words in enumerate(self.sets):
            shared = sum(self.weight(t) for t in heading & words)
            own = sum(self.weight(t) for t in words) or 1.0
            ranked.append((shared / total + 0.5 * shared / own, shared / total, q))
        ranked.sort(reverse=True)
        best = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        if best[1] >= HEADING_COVERAGE and best[0] - second >= HEADING_MARGIN:
            return best[2]
        return None


# --------------------------------------------------------------------------------------------
# Tunable values (chosen on the generated evaluation set; see data/evaluation/linking/README.md)

HEADING_COVERAGE = 0.6  # share of a heading's (weighted) words found in the question
HEADING_MARGIN = 0.08  # over the next question's rank
INTRO_SCORE = 0.6  # similarity that links an introduction passage anyway...
INTRO_MARGIN = 0.2  # ...when it beats the second question by this much
NONE_SCORE = 0.08  # the fallback: below this similarity a passage answers nothing
CLOSING_SCORE = 0.0  # the fallback: the closing part needs a heading or a closing formula
INTRO_NONE_SCORE = 0.08
SWITCH_COST = 0.2  # the fallback: cost of changing question between two passages
BACKWARD_COST = 0.15  # ...and the extra cost of going back in the questionnaire
ANCHOR_BONUS = 1.0  # the fallback: weight of a heading-text match or a single marker
BACK_SCORE = 0.25  # similarity that lets a bare marker go back in the questionnaire
SPREAD_MIN_PASSAGES = 10  # documents this long weigh words by how few passages use them
SPREAD_POWER = 2.0  # ...squared: a word in half the passages keeps 3 % of its weight
SEGMENT = 3  # passages from a bare marker on whose words must resemble the question named
RELIABLE_WORDS = 8  # a passage with fewer meaningful words has its similarities discounted
SKIP_COST = 0.02  # the fallback: cost of each question skipped when moving forward
HEADING_SWITCH_COST = 0.05  # the fallback: cost of changing question at an unnumbered heading
HEADING_STAY_COST = 0.2  # ...and of keeping the same question across it
CARRY_BONUS = 0.05  # the fallback: the last anchor's question keeps a small advantage
CONCLUDING_BONUS = 0.3  # the fallback: "In conclusion, ..." leans towards the closing part

_MARKER_CONFIDENCE = {"prefix": 0.97, "heading": 0.95, "bare": 0.92, "letter": 0.9}
_DECAY = 0.015

_SECTION_WORDS = (
    "introduction",
    "preliminary remarks",
    "general remarks",
    "foreword",
    "executive summary",
    "summary",
    "table of contents",
    "contents",
    "conclusion",
    "concluding remarks",
    "final remarks",
    "closing remarks",
    "final observations",
    "annex",
    "appendix",
    "appendices",
    "contact",
    "references",
    "remarques preliminaires",
    "remarques generales",
    "avant propos",
    "resume",
    "sommaire",
    "table des matieres",
    "remarques finales",
    "observations finales",
    "en conclusion",
)
_SECTION = re.compile(
    r"^(?:[ivx]+ |\d{1,2} |[a-z] )?(?:" + "|".join(_SECTION_WORDS) + r")(?:e|s|es)?\b"
)
_CONCLUDING = re.compile(
    r"^(?:in conclusion|to conclude|in closing|en conclusion|pour conclure"
    r"|en guise de conclusion|pour terminer)\b"
)
# The closing formula: "The Government remains at the Committee's disposal...".
_CLOSING = re.compile(r"\b(?:remains?|reste|restent|demeure)\b.{0,40}\b(?:disposal|disposition)\b")


def _is_section(text: str) -> bool:
    """A heading that opens a part answering no question: introduction, conclusion, annex."""
    words = fold_words(text)
    return 0 < len(words) <= 80 and bool(_SECTION.match(words))


# --------------------------------------------------------------------------------------------
# The linker


@dataclass(frozen=True)
class _Candidate:
    marker: Marker
    question: str | None  # resolved; None for a lone letter, resolved as the text is read


def _is_list_item(text: str) -> bool:
    return text.rstrip().endswith((";", ","))


def _resembles(row: np.ndarray, position: int) -> bool:
    """The text is about this question: it is among the most similar ones."""
    own = float(row[position])
    return own > 0.05 and own >= 0.6 * float(row.max())


def _chain(
    candidates: dict[int, _Candidate],
    questionnaire: _Questionnaire,
    support: dict[int, bool],
    passages: list[PassageIn],
) -> set[int]:
    """The passages of the heaviest chain of markers moving forward (documentation, 1)."""
    if not candidates:
        return set()
    items = sorted(candidates.items())
    weights = []
    for i, candidate in items:
        if candidate.marker.kind != "bare":
            weights.append(3.0)
            continue
        weight = 1.0 + (0.5 if support[i] else 0.0)
        if _is_list_item(passages[i].text):
            weight *= 0.3
        if not support[i] and candidate.marker.rest and len(terms(passages[i].text)) < 5:
            weight = -1.0  # "3. The Ministry of Health": a short line about nothing asked
        weights.append(weight)
    ranks = [questionnaire.rank(c.question) for _, c in items]
    best = list(weights)
    previous = [-1] * len(items)
    for k in range(len(items)):
        for j in range(k):
            if ranks[j] < ranks[k] and best[j] + weights[k] > best[k]:
                best[k] = best[j] + weights[k]
                previous[k] = j
    k = max(range(len(items)), key=lambda i: (best[i], i))
    chain = []
    while k != -1:
        chain.append(items[k][0])
        k = previous[k]
    bare = [i for i in chain if candidates[i].marker.kind == "bare"]
    if sum(support[i] for i in bare) * 2 < len(bare):
        chain = [i for i in chain if candidates[i].marker.kind != "bare"]
    return set(chain)


def _similarity_confidence(score: float) -> float:
    """0.4 at the threshold and below (a passage following its neighbours), rising to 0.75 for
    a cosine of 0.5 and more: on the generated set, about 70 % of the links at 0.4 and all of
    those at 0.75 are right; real replies are harder, so the scale stays below numbering's."""
    span = max(0.0, min(1.0, (score - NONE_SCORE) / (0.5 - NONE_SCORE)))
    return round(0.4 + 0.35 * span, 3)


@dataclass
class _Reading:
    """What is known of a document before its passages are linked."""

    passages: list[PassageIn]
    questionnaire: _Questionnaire
    scores: np.ndarray  # passages x questions
    reliability: np.ndarray  # per passage, 0..1: how far its words can be trusted
    believed: dict[int, tuple[str, str]]  # position -> (question, marker kind)
    heading_text: dict[int, str]  # position -> question
    sections: set[int]  # headings opening an introduction, a conclusion, an annex
    concluding: set[int]  # paragraphs opening with "In conclusion", "En conclusion"...
    closing: set[int]  # "The Government remains at the Committee's disposal..."


def link_passages(passages: list[PassageIn], questions: list[QuestionRef]) -> list[Link]:
    """Link each passage to the question it answers (see the module's documentation)."""
    if not passages:
        return []
    if not questions:
        return [Link(p.index, None, "none", 0.0) for p in passages]
    reading = _read(passages, questions)
    named = {question for question, _ in reading.believed.values()}
    bare_only = all(kind in ("bare", "letter") for _, kind in reading.believed.values())
    if len(named) >= (3 if bare_only else 2):
        return _follow_numbering(reading)
    return _by_similarity(reading)


def _read(passages: list[PassageIn], questions: list[QuestionRef]) -> _Reading:
    questionnaire = _Questionnaire(questions)
    similarity = _Similarity(questions)
    texts = [p.text for p in passages]
    scores = similarity.scores(texts, document=True)
    reliability = np.array([min(1.0, len(terms(t)) / RELIABLE_WORDS) for t in texts])
    positions = {number: i for i, number in enumerate(questionnaire.numbers)}

    candidates: dict[int, _Candidate] = {}  # by position in `passages`
    for i, passage in enumerate(passages):
        marker = find_marker(passage.text, passage.heading)
        if marker is None or (marker.kind != "prefix" and _is_section(marker.rest)):
            continue  # no marker, or "1. Introduction": the document's own sections
        if marker.kind == "letter":
            candidates[i] = _Candidate(marker, None)
            continue
        question = questionnaire.resolve(marker.key)
        if question is not None:
            candidates[i] = _Candidate(marker, question)

    # Does the text from a marker to the next one resemble the question the marker names?
    starts = sorted(candidates)
    segments = [
        " ".join(texts[i : min(i + SEGMENT, starts[k + 1] if k + 1 < len(starts) else len(texts))])
        for k, i in enumerate(starts)
    ]
    segment_scores = similarity.scores(segments)
    segment_words = [len(terms(t)) for t in segments]
    support: dict[int, bool] = {}
    for k, i in enumerate(starts):
        named_question = candidates[i].question
        support[i] = (
            named_question is not None
            and segment_words[k] >= RELIABLE_WORDS
            and _resembles(segment_scores[k], positions[named_question])
        )

    # The way of writing that numbers the most questions is the document's numbering.
    named: dict[str, set[str]] = {}
    for named_by in candidates.values():
        if named_by.question is not None:
            top = questionnaire.top(named_by.question)
            named.setdefault(named_by.marker.family, set()).add(top)
    family = max(sorted(named), key=lambda f: (len(named[f]), f == "prefix"), default="")
    chain = _chain(
        {
            i: c
            for i, c in candidates.items()
            if c.marker.kind != "letter" and (c.marker.kind != "bare" or c.marker.family == family)
        },
        questionnaire,
        support,
        passages,
    )

    # Headings repeating a question's text, and sections answering nothing.
    heading_text: dict[int, str] = {}
    sections: set[int] = set()
    concluding: set[int] = set()
    closing: set[int] = set()
    for i, passage in enumerate(passages):
        if i in candidates and candidates[i].marker.kind != "letter":
            continue
        short_question = (
            not passage.heading
            and passage.text.rstrip().endswith("?")
            and len(passage.text.split()) <= 40
        )
        if passage.heading or short_question:
            match = similarity.heading_match(passage.text)
            if match is not None:
                heading_text[i] = questionnaire.numbers[match]
            elif passage.heading and _is_section(_first_line(passage.text)):
                sections.add(i)
        elif _CONCLUDING.match(fold_words(passage.text)):
            concluding.add(i)
        elif _CLOSING.search(fold_words(passage.text)):
            closing.add(i)

    # Which markers are believed, walking the document in order.
    believed: dict[int, tuple[str, str]] = {}
    current: str | None = None
    for i in range(len(passages)):
        candidate = candidates.get(i)
        if candidate is not None:
            kind = candidate.marker.kind
            question = candidate.question
            accept = False
            if kind in ("prefix", "heading"):
                accept = True
            elif kind == "bare":
                assert question is not None
                forward = questionnaire.rank(question) > questionnaire.rank(current)
                own = float(scores[i, positions[question]])
                accept = (
                    i in chain
                    # a sub-question of the current question, however written: "6.1", "6(a)"
                    or (
                        forward
                        and current is not None
                        and len(number_key(question)) > 1
                        and questionnaire.top(question) == questionnaire.top(current)
                    )
                    # the document's numbering going back, to a question the passage is about
                    or (
                        candidate.marker.family == family
                        and reliability[i] == 1.0
                        and not _is_list_item(passages[i].text)
                        and int(np.argmax(scores[i])) == positions[question]
                        and own >= BACK_SCORE
                    )
                )
            elif kind == "letter" and current is not None:
                key = (questionnaire.top(current), candidate.marker.key[1])
                found = questionnaire.by_key.get(key)
                if found is not None and questionnaire.rank(found) > questionnaire.rank(current):
                    question, accept = found, True
            if accept and question is not None:
                believed[i] = (question, kind)
                current = question
                continue
        if i in heading_text:
            current = heading_text[i]
        elif i in sections:
            current = None
    return _Reading(
        passages,
        questionnaire,
        scores,
        reliability,
        believed,
        heading_text,
        sections,
        concluding,
        closing,
    )


def _follow_numbering(reading: _Reading) -> list[Link]:
    """Numbered documents: each passage belongs to the last marker's question."""
    believed, heading_text = reading.believed, reading.heading_text
    anchors = set(believed) | set(heading_text)
    first, last = min(anchors), max(anchors)
    links = []
    current: str | None = None
    method, base, floor, since = "none", 0.0, 0.0, 0
    for i, passage in enumerate(reading.passages):
        if i in believed:
            current, kind = believed[i]
            method, base, floor, since = "numbering", _MARKER_CONFIDENCE[kind], 0.8, i
        elif i in heading_text:
            if heading_text[i] != current:
                current = heading_text[i]
                method, base, floor, since = "heading-text", 0.85, 0.7, i
        elif (
            i in reading.sections
            or (i > last and i in reading.closing)
            or (
                current is not None
                and i > last
                and i in reading.concluding
                and reading.scores[i, reading.questionnaire.order[current]] < 2 * NONE_SCORE
            )
        ):
            current = None
        if current is not None:
            confidence = max(floor, base - _DECAY * (i - since))
            links.append(Link(passage.index, current, method, round(confidence, 3)))
        elif i < first:
            links.append(_introduction_link(reading, i))
        else:
            links.append(Link(passage.index, None, "none", 0.0))
    return links


def _introduction_link(reading: _Reading, i: int) -> Link:
    """A passage before any marker answers nothing, unless one question stands out."""
    index = reading.passages[i].index
    row = reading.scores[i]
    under_heading = any(j < i for j in reading.sections)  # "Introduction" says it all
    if reading.reliability[i] < 1.0 or len(row) == 0 or under_heading:
        return Link(index, None, "none", 0.0)
    order = np.argsort(row)[::-1]
    best = float(row[order[0]])
    second = float(row[order[1]]) if len(order) > 1 else 0.0
    if best >= INTRO_SCORE and best - second >= INTRO_MARGIN:
        number = reading.questionnaire.numbers[int(order[0])]
        return Link(index, number, "similarity", _similarity_confidence(best))
    return Link(index, None, "none", 0.0)


def _transitions(n: int, switch: float, stay: float) -> np.ndarray:
    """Scores of going from a state (rows) to a state (columns): introduction, n questions in
    the questionnaire's order, closing part. Staying costs `stay`; moving forward `switch`,
    plus a little for each question skipped; moving backward more."""
    rank = np.arange(-1, n + 1)
    distance = rank[None, :] - rank[:, None]
    transition = -(switch + SKIP_COST * (distance - 1).clip(0))
    transition[distance < 0] = -(SWITCH_COST + BACKWARD_COST)
    transition[:, 0] = -np.inf  # the introduction is never entered again
    transition[n + 1, :] = -np.inf  # the closing part is never left
    transition[:, n + 1] = -switch  # ending is not skipping
    np.fill_diagonal(transition, -stay)
    transition[0, 0] = transition[n + 1, n + 1] = 0.0
    return transition


def _by_similarity(reading: _Reading) -> list[Link]:
    """The fallback: the most likely sequence of questions given the similarities.

    States: 0 the introduction, 1..n the questions, n+1 the closing part. The introduction can
    only be left, the closing part only entered; a passage's scores count as much as its words
    can be trusted (short passages follow their neighbours), and a heading-text match, a
    single marker or a section heading is an anchor."""
    scores, questionnaire = reading.scores, reading.questionnaire
    count, n = scores.shape
    intro, closing = 0, n + 1
    emission = np.empty((count, n + 2))
    emission[:, intro] = INTRO_NONE_SCORE
    emission[:, closing] = CLOSING_SCORE
    emission[:, 1 : n + 1] = scores
    emission *= reading.reliability[:, None]
    anchors: dict[int, tuple[str, str]] = {}
    for i, (question, kind) in reading.believed.items():
        if kind in ("prefix", "heading"):
            anchors[i] = (question, "numbering")
    for i, question in reading.heading_text.items():
        anchors.setdefault(i, (question, "heading-text"))
    boundaries = {
        i
        for i, passage in enumerate(reading.passages)
        if passage.heading and i not in anchors and i not in reading.sections
    }
    latest: int | None = None
    for i in range(count):
        if i in anchors:
            latest = 1 + questionnaire.order[anchors[i][0]]
            emission[i, latest] += ANCHOR_BONUS
        elif i in reading.sections:
            latest = None
            emission[i, [intro, closing]] += ANCHOR_BONUS
        elif i in boundaries:
            latest = None  # another heading: the anchor's question ends here
        elif latest is not None:
            emission[i, latest] += CARRY_BONUS  # a heading goes on until something else wins
        if i in reading.concluding:
            emission[i, closing] += CONCLUDING_BONUS
        if i in reading.closing:
            emission[i, closing] += ANCHOR_BONUS

    plain = _transitions(n, SWITCH_COST, 0.0)
    # An unnumbered heading that names no question still says that an answer starts there.
    at_heading = _transitions(n, HEADING_SWITCH_COST, HEADING_STAY_COST)
    switched = ~np.eye(n + 2, dtype=bool)

    best = emission[0] - SWITCH_COST - SKIP_COST * np.arange(-1, n + 1).clip(0)
    best[intro] = emission[0, intro]
    best[closing] = -np.inf
    back = np.zeros((count, n + 2), dtype=np.int64)
    for i in range(1, count):
        transition = at_heading if i in boundaries else plain
        # Of equal paths, the one switching latest: what follows a heading stays with it.
        total = best[:, None] + transition + switched * (i * 1e-9)
        back[i] = np.argmax(total, axis=0)
        best = total[back[i], np.arange(n + 2)] + emission[i]
    states = [int(np.argmax(best))]
    for i in range(count - 1, 0, -1):
        states.append(int(back[i, states[-1]]))
    states.reverse()

    links = []
    anchor: tuple[str, str, int] | None = None  # question, method, position
    for i, passage in enumerate(reading.passages):
        state = states[i]
        if state in (intro, closing):
            anchor = None
            links.append(Link(passage.index, None, "none", 0.0))
            continue
        question = questionnaire.numbers[state - 1]
        if i in anchors and anchors[i][0] == question:
            anchor = (question, anchors[i][1], i)
        elif anchor is not None and anchor[0] != question:
            anchor = None
        if anchor is not None:
            top, floor = (0.97, 0.8) if anchor[1] == "numbering" else (0.85, 0.7)
            confidence = max(floor, top - _DECAY * (i - anchor[2]))
            links.append(Link(passage.index, question, anchor[1], round(confidence, 3)))
        else:
            own = float(scores[i, state - 1])
            links.append(Link(passage.index, question, "similarity", _similarity_confidence(own)))
    return links
