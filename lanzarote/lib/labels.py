"""Numbered labels as people type them, in English and French: the words before a number
("Question 6", "Q6", "Q.6", "Question n° 6", "Réponse à la question 6", "Reply to question 6",
"Réponses aux questions 6 et 7", "Concernant la question 6", "Ad 6") and the parts of a
number ("6.a", "6 a)", "6(a)", "6A" -> ("6", "a")).

One grammar for every reader of numbered text: the questionnaire file reader (a paragraph that
opens with a label is a question), the text extractor (a line that opens with a label is a
heading) and the passage linker (a passage that opens with a label answers that question).
Each reader decides what may follow the words (the forms of the number, punctuation); the words
themselves are written here only.

`LABEL_WORDS` is a regular expression (to be compiled with ``re.IGNORECASE``) that matches the
words before the number, with the spaces after them (``ANSWER_TO``, "Reply to", "Réponse à la",
is its first part, for readers that put it before other words such as "Article"); `number_key`
gives a number's comparable parts.
"""

import re

from lanzarote.lib.text import fold

__all__ = ["ANSWER_TO", "LABEL_WORDS", "number_key"]

_LETTER = r"[^\W\d_]"
# "Question", "Questions", "Q" (not the start of a longer word: "Quality").
_QUESTION = rf"(?:questions?|q)(?!{_LETTER})"
# "n° 6", "No. 6", "number 6", "#6".
_NUMBER_SIGN = r"(?:\s*(?:n°|nº|no\.?|nos\.?|nr\.?|num(?:[ée]ro)?\.?|number|#))?"
# "Réponse à la", "Reply to", "Answers to the", "Réponses aux".
_ANSWER = r"(?:r[ée]ponses?|answers?|repl(?:y|ies)|responses?)"
_LINK = r"(?:\s+(?:[àa]|to|aux|au|for|of|de|on))?(?:\s+(?:la|the))?"
ANSWER_TO = rf"{_ANSWER}{_LINK}"
# "Regarding question", "Concernant la question", "S'agissant de la question".
_ABOUT = (
    r"(?:regarding|concerning|as\s+regards|with\s+regard\s+to|concernant"
    r"|en\s+ce\s+qui\s+concerne|s[’']agissant\s+de)(?:\s+(?:la|the))?"
)
_WORD = rf"{_QUESTION}\.?{_NUMBER_SIGN}\s*"

LABEL_WORDS = (
    rf"(?:{ANSWER_TO}\s*(?:{_WORD})?"
    rf"|{_ABOUT}\s+{_WORD}"
    rf"|ad\s+(?:{_WORD})?"
    rf"|{_WORD})"
)


def number_key(number: str) -> tuple[str, ...]:
    """A number as comparable parts: "6.a", "6 a)", "6(a)", "6A" -> ("6", "a");
    "06.1" -> ("6", "1"); "9b" -> ("9", "b")."""
    parts = re.findall(r"\d+|[a-z]+", fold(number))
    return tuple(str(int(p)) if p.isdigit() else p for p in parts)
