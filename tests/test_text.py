from hypothesis import given
from hypothesis import strategies as st

from lanzarote.lib import text


def test_folding_drops_case_accents_ligatures_and_punctuation():
    assert text.fold_words("Œuvre  Élevée — l’État, 2024_01!") == "oeuvre elevee l etat 2024 01"
    assert text.fold_words("  Question 6.  ") == "question 6"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_folds_as_the_general_one(value):
    assert text.fold_words(value) == text._fold_words_any(value)


@given(st.text())
def test_folded_words_are_single_spaced_lower_case(value):
    folded = text.fold_words(value)
    assert folded == folded.strip()
    assert "  " not in folded
    assert folded == folded.casefold()
