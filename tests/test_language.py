"""English or French for a passage of a reply. All sentences are synthetic policy wording."""

import pytest

from lanzarote.lib import language
from lanzarote.lib.language import (
    MIN_CONFIDENCE,
    SAMPLE_CHARS,
    detect_language,
    detect_languages,
)

ENGLISH = (
    "The Party reports that all professionals working in contact with children receive "
    "initial and continuous training on the rights of the child."
)
FRENCH = (
    "L'État partie indique que tous les professionnels travaillant au contact des enfants "
    "reçoivent une formation initiale et continue sur les droits de l'enfant."
)
SPANISH = (
    "La Parte informa de que todos los profesionales que trabajan con niños reciben "
    "formación inicial y continua sobre los derechos del niño."
)


def test_an_english_policy_sentence_is_english_with_high_confidence():
    code, confidence = detect_language(ENGLISH)
    assert code == "en"
    assert 0.9 < confidence <= 1.0


def test_a_french_policy_sentence_with_accents_is_french_with_high_confidence():
    code, confidence = detect_language(FRENCH)
    assert code == "fr"
    assert 0.9 < confidence <= 1.0


def test_french_without_accents_is_still_french():
    text = "Reponse a la question 6 : la formation des juges et des procureurs est obligatoire."
    assert detect_language(text)[0] == "fr"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ÉTAT PARTIE – RÉPONSE AU QUESTIONNAIRE DU COMITÉ", "fr"),
        ("PART II – MEASURES TO PROTECT CHILD VICTIMS", "en"),
    ],
)
def test_headings_in_capitals_are_recognised(text, code):
    assert detect_language(text)[0] == code


@pytest.mark.parametrize(
    "text", ["", "   \n\t ", "Question 6", "Réponse à la question 6", "2019 2020 2021 – 15 %"]
)
def test_empty_or_short_text_is_undetermined_with_zero_confidence(text):
    assert detect_language(text) == ("und", 0.0)


def test_only_english_french_or_undetermined_is_ever_answered():
    # Other languages get whichever of the two they resemble more (or "und"): the monitor's
    # languages are English and French, and the classifier is restricted to them.
    german = "Die Vertragspartei berichtet, dass alle Fachkräfte geschult werden."
    for text in (SPANISH, german):
        assert detect_language(text)[0] in {"en", "fr", "und"}


def test_mixed_text_takes_the_language_that_dominates():
    mixed = f"{FRENCH} {FRENCH} (see the reply of the Party)"
    assert detect_language(mixed)[0] == "fr"


def test_only_the_start_of_a_long_text_is_read():
    long_text = ENGLISH * (SAMPLE_CHARS // len(ENGLISH) + 1) + FRENCH * 50
    assert detect_language(long_text)[0] == "en"


def test_a_confident_answer_is_never_below_the_threshold():
    for text in (ENGLISH, FRENCH, SPANISH, "Council of Europe Lanzarote Committee"):
        code, confidence = detect_language(text)
        assert (code == "und" and confidence == 0.0) or confidence >= MIN_CONFIDENCE


def test_the_batch_gives_the_same_answers_as_one_text_at_a_time():
    texts = [
        "",
        "Question 6",
        ENGLISH,
        FRENCH,
        SPANISH,
        ENGLISH.upper(),
        f"{ENGLISH} {FRENCH}",
        "Formation des juges ; sensibilisation du public",
        "Training of judges; awareness raising in schools",
        "1234 5678 9012 3456 7890 1234",
        "x" * 40,
        FRENCH * 20,
        "Comité de Lanzarote du Conseil de l'Europe",
    ]
    single = [detect_language(text) for text in texts]
    batch = detect_languages(texts)
    assert [code for code, _ in batch] == [code for code, _ in single]
    for (_, one), (_, many) in zip(single, batch, strict=True):
        assert many == pytest.approx(one, abs=1e-4)


def test_the_batch_reads_texts_with_nul_characters_one_by_one_with_the_same_answers():
    texts = [f"{ENGLISH}\0", FRENCH]
    assert [code for code, _ in detect_languages(texts)] == ["en", "fr"]


def test_the_batch_of_nothing_is_empty():
    assert detect_languages([]) == []


def test_the_model_is_loaded_once_and_shared():
    assert language._get_model() is language._get_model()
