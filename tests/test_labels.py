"""The one grammar of numbered labels (lib/labels.py), English and French."""

import re

import pytest

from lanzarote.lib.labels import ANSWER_TO, LABEL_WORDS, number_key

WORDS = re.compile(rf"{LABEL_WORDS}(?=\d)", re.IGNORECASE)


@pytest.mark.parametrize(
    "text, words",
    [
        ("Question 6", "Question "),
        ("question 6", "question "),
        ("QUESTION 6", "QUESTION "),
        ("Questions 6 et 7", "Questions "),
        ("Q6", "Q"),
        ("Q.6", "Q."),
        ("Q. 6", "Q. "),
        ("Question n° 6", "Question n° "),
        ("Question No. 6", "Question No. "),
        ("Question #6", "Question #"),
        ("Réponse à la question 6", "Réponse à la question "),
        ("Reponse a la question 6", "Reponse a la question "),
        ("Réponse à la Q6", "Réponse à la Q"),
        ("Réponses aux questions 6 et 7", "Réponses aux questions "),
        ("Reply to question 6", "Reply to question "),
        ("Answer to Question 6", "Answer to Question "),
        ("Regarding question 6", "Regarding question "),
        ("Concernant la question 6", "Concernant la question "),
        ("S'agissant de la question 6", "S'agissant de la question "),
        ("Ad 6", "Ad "),
    ],
)
def test_label_words_before_a_number(text, words):
    match = WORDS.match(text)
    assert match is not None and match.group() == words


@pytest.mark.parametrize(
    "text",
    ["6.", "Quality 6", "Questionnaire 6", "Qatar 2019", "Article 6", "Section 6", "The 6"],
)
def test_not_label_words(text):
    assert WORDS.match(text) is None


def test_answer_to_opens_other_labels():
    other = re.compile(rf"(?:{ANSWER_TO}\s+)?article\s+\d", re.IGNORECASE)
    assert other.match("Reply to Article 5") and other.match("Article 5")


def test_numbers_are_compared_by_their_parts():
    assert number_key("6.a") == number_key("6 a)") == number_key("6(a)") == ("6", "a")
    assert number_key("9b") == number_key("9.B") == ("9", "b")
    assert number_key("06.1") == ("6", "1")
    assert number_key("6") == ("6",)
    assert number_key("") == ()
