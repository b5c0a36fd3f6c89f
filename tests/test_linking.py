"""Linking reply passages to questionnaire questions, and the labelled evaluation sets.

Every text here is a synthetic policy statement about an invented State."""

import json
import time
from pathlib import Path

import pytest

from lanzarote.replies.linking import (
    METHODS,
    Link,
    PassageIn,
    QuestionRef,
    find_marker,
    link_passages,
)
from lanzarote.replies.linking_eval import (
    DEFAULT_DIR,
    Counts,
    LabelledDocument,
    LabelledPassage,
    LabelledSet,
    LabelledSetError,
    evaluate,
    load_set,
    load_sets,
    report,
)
from tools.linking_corpus import generate_sets

QUESTIONS = [
    QuestionRef(
        "1",
        "Legal framework. Which provisions of the Criminal Code define the offences? / Cadre "
        "juridique. Quelles dispositions du Code pénal définissent les infractions ?",
    ),
    QuestionRef(
        "2",
        "National co-ordination. Which body co-ordinates the national strategy? / Coordination "
        "nationale. Quel organe coordonne la stratégie nationale ?",
    ),
    QuestionRef(
        "3",
        "Data collection. How are statistics on cases and victims collected? / Collecte de "
        "données. Comment les statistiques sur les affaires et les victimes sont-elles "
        "collectées ?",
    ),
    QuestionRef(
        "4",
        "Awareness-raising. Which campaigns inform parents and the general public? / "
        "Sensibilisation. Quelles campagnes informent les parents et le grand public ?",
    ),
    QuestionRef(
        "5",
        "Education of children. How are pupils taught about personal safety at school? / "
        "Éducation des enfants. Comment les élèves apprennent-ils la sécurité personnelle à "
        "l'école ?",
    ),
    QuestionRef(
        "6",
        "Training of professionals. What training do professionals working with children "
        "receive? / Formation des professionnels. Quelle formation reçoivent les professionnels "
        "travaillant avec des enfants ?",
    ),
    QuestionRef(
        "6.a",
        "Police and justice. Which training do police officers, prosecutors and judges "
        "receive? / Police et justice. Quelle formation reçoivent policiers, procureurs et "
        "juges ?",
    ),
    QuestionRef(
        "6.b",
        "Teachers and health staff. Which training do teachers, doctors and nurses receive? / "
        "Enseignants et santé. Quelle formation reçoivent enseignants, médecins et infirmiers ?",
    ),
    QuestionRef(
        "7",
        "Reporting. Must professionals report suspicions to child protection services? / "
        "Signalement. Les professionnels doivent-ils signaler leurs soupçons aux services de "
        "protection de l'enfance ?",
    ),
    QuestionRef(
        "8",
        "Helplines. Which telephone helplines advise children? / Lignes d'assistance. Quelles "
        "lignes téléphoniques conseillent les enfants ?",
    ),
    QuestionRef(
        "9a",
        "Immediate assistance. Which medical and psychological emergency assistance do victims "
        "receive? / Assistance immédiate. Quelle assistance médicale et psychologique d'urgence "
        "reçoivent les victimes ?",
    ),
    QuestionRef(
        "9b",
        "Long-term therapy. Which therapy supports the recovery of victims? / Thérapie. Quelle "
        "thérapie soutient le rétablissement des victimes ?",
    ),
    QuestionRef(
        "10",
        "International co-operation. How do you co-operate with foreign police forces and "
        "Europol? / Coopération internationale. Comment coopérez-vous avec les polices "
        "étrangères et Europol ?",
    ),
]

ANSWERS_EN = {
    "1": "The Criminal Code defines the offences in its provisions on offences against children.",
    "2": "A national body co-ordinates the national strategy and reports to the Government.",
    "3": "Statistics on cases and victims are collected by the courts and published each year.",
    "4": "Campaigns on television inform parents and the general public every spring.",
    "5": "Pupils are taught about personal safety at school in age-appropriate lessons.",
    "6": "All professionals working with children receive training during their studies.",
    "6.a": "Police officers, prosecutors and judges receive specialised training each year.",
    "6.b": "Teachers, doctors and nurses receive training through online courses.",
    "7": "Professionals must report suspicions to the child protection services without delay.",
    "8": "A free telephone helpline advises children every day and night.",
    "9a": "Victims receive emergency medical and psychological assistance in hospitals.",
    "9b": "Long-term therapy supports the recovery of victims in specialised centres.",
    "10": "The police co-operate with foreign police forces and with Europol in investigations.",
}
ANSWERS_FR = {
    "1": "Le Code pénal définit les infractions dans ses dispositions relatives aux enfants.",
    "2": "Un organe national coordonne la stratégie nationale et rend compte au Gouvernement.",
    "3": "Les statistiques sur les affaires et les victimes sont collectées chaque année.",
    "4": "Des campagnes télévisées informent les parents et le grand public chaque printemps.",
    "5": "Les élèves apprennent la sécurité personnelle à l'école dans des cours adaptés.",
    "6": "Les professionnels travaillant avec des enfants reçoivent une formation initiale.",
    "6.a": "Les policiers, procureurs et juges reçoivent une formation spécialisée annuelle.",
    "6.b": "Les enseignants, médecins et infirmiers reçoivent une formation en ligne.",
    "7": "Les professionnels doivent signaler leurs soupçons aux services de protection.",
    "8": "Une ligne téléphonique gratuite conseille les enfants jour et nuit.",
    "9a": "Les victimes reçoivent une assistance médicale et psychologique d'urgence.",
    "9b": "La thérapie soutient le rétablissement des victimes dans des centres spécialisés.",
    "10": "La police coopère avec les polices étrangères et Europol dans les enquêtes.",
}
FILLER = {
    "en": "Further details can be provided on request.",
    "fr": "Des précisions peuvent être fournies sur demande.",
}
INTRO = {
    "en": "This reply was prepared by the Ministry of Justice of the Republic of Examplia.",
    "fr": "La présente réponse a été préparée par le ministère de la Justice d'Examplia.",
}
CLOSING = {
    "en": "The Government remains at the Committee's disposal for any further information.",
    "fr": "Le Gouvernement reste à la disposition du Comité pour toute information utile.",
}

Item = tuple[str, bool, str | None]  # text, heading, expected question


def run(items: list[Item], questions: list[QuestionRef] = QUESTIONS) -> list[Link]:
    return link_passages([PassageIn(i, t, h) for i, (t, h, _) in enumerate(items)], questions)


def check(items: list[Item], questions: list[QuestionRef] = QUESTIONS) -> list[Link]:
    links = run(items, questions)
    got = [link.question for link in links]
    expected = [q for _, _, q in items]
    assert got == expected, "\n".join(
        f"{'  ' if g == e else '!!'} {e!s:>4} -> {g!s:<4} {t[:60]}"
        for (t, _, e), g in zip(items, got, strict=True)
    )
    return links


def numbered_document(marker: str, lang: str, heading: bool, numbers=("1", "3", "6", "7")):
    """An introduction, then for each number a marker and two paragraphs, then a closing."""
    answers = ANSWERS_EN if lang == "en" else ANSWERS_FR
    items: list[Item] = [(INTRO[lang], False, None)]
    for number in numbers:
        label = marker.format(n=number)
        if heading:
            items.append((label, True, number))
            items.append((answers[number], False, number))
        else:
            items.append((f"{label} {answers[number]}", False, number))
        items.append((FILLER[lang], False, number))
    items.append((CLOSING[lang], False, None))
    return items


# --------------------------------------------------------------------------------------------
# Numbering styles


@pytest.mark.parametrize(
    ("marker", "lang"),
    [
        ("Question {n}", "en"),
        ("Question {n}:", "en"),
        ("QUESTION {n} –", "en"),
        ("Q{n}", "en"),
        ("Q.{n}", "en"),
        ("Q {n}:", "en"),
        ("{n}.", "en"),
        ("{n})", "en"),
        ("({n})", "en"),
        ("Answer to question {n}", "en"),
        ("Reply to Question {n}", "en"),
        ("Ad {n}", "en"),
        ("Regarding question {n},", "en"),
        ("Question {n}", "fr"),
        ("Question n° {n}", "fr"),
        ("Question nº{n}", "fr"),
        ("Réponse à la question {n}", "fr"),
        ("Réponse à la Q{n}", "fr"),
        ("Réponse à la question n° {n} :", "fr"),
        ("REPONSE A LA QUESTION {n}", "fr"),
        ("{n}.", "fr"),
        ("{n})", "fr"),
        ("Ad {n}.", "fr"),
        ("Concernant la question {n},", "fr"),
    ],
)
@pytest.mark.parametrize("heading", [True, False], ids=["own-line", "inline"])
def test_numbering_styles(marker, lang, heading):
    links = check(numbered_document(marker, lang, heading))
    for link in links[1:-1]:
        assert link.method == "numbering"
        assert 0.8 <= link.confidence <= 1.0
    assert links[0].method == "none" and links[-1].method == "none"


def test_numbered_headings_with_titles():
    items: list[Item] = [
        ("Reply of the Republic of Examplia", True, None),
        ("1. Legal framework", True, "1"),
        (ANSWERS_EN["1"], False, "1"),
        ("2 National co-ordination", True, "2"),
        (ANSWERS_EN["2"], False, "2"),
        ("4 – Awareness-raising", True, "4"),
        (ANSWERS_EN["4"], False, "4"),
    ]
    check(items)


def test_confidence_decreases_with_distance_but_stays_at_least_0_8():
    items: list[Item] = [("Question 6", True, "6")]
    items += [(f"{ANSWERS_EN['6']} Paragraph {k}.", False, "6") for k in range(30)]
    items += [("Question 7", True, "7"), (ANSWERS_EN["7"], False, "7")]
    links = check(items)
    confidences = [link.confidence for link in links[:31]]
    assert confidences == sorted(confidences, reverse=True)
    assert confidences[0] > confidences[5] and min(confidences) == 0.8
    assert links[-2].confidence > links[-3].confidence  # a new marker restores it


def test_answers_out_of_order_follow_prefixed_markers():
    items: list[Item] = [
        ("Question 7", True, "7"),
        (ANSWERS_EN["7"], False, "7"),
        ("Question 3", True, "3"),
        (ANSWERS_EN["3"], False, "3"),
        ("Question 8", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
    ]
    check(items)


def test_passage_index_values_are_kept():
    passages = [
        PassageIn(100 + i, t, h)
        for i, (t, h, _) in enumerate(numbered_document("Question {n}", "en", True))
    ]
    links = link_passages(passages, QUESTIONS)
    assert [link.passage for link in links] == [p.index for p in passages]


# --------------------------------------------------------------------------------------------
# Sub-questions


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("6.a", "6.b"),
        ("6 a)", "6 b)"),
        ("6(a)", "6(b)"),
        ("6.a)", "6.b)"),
        ("Question 6.a", "Question 6.b"),
        ("Question 6 a)", "Question 6 b)"),
        ("a)", "b)"),
        ("(a)", "(b)"),
        ("Réponse à la question 6.a", "Réponse à la question 6.b"),
    ],
)
def test_sub_question_markers(first, second):
    items: list[Item] = [
        ("Question 5", True, "5"),
        (ANSWERS_EN["5"], False, "5"),
        ("Question 6", True, "6"),
        (ANSWERS_EN["6"], False, "6"),
        (f"{first} {ANSWERS_EN['6.a']}", False, "6.a"),
        (FILLER["en"], False, "6.a"),
        (f"{second} {ANSWERS_EN['6.b']}", False, "6.b"),
        ("Question 7", True, "7"),
        (ANSWERS_EN["7"], False, "7"),
    ]
    check(items)


def test_sub_question_numbers_are_compared_by_their_parts():
    items: list[Item] = [
        ("Question 8", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
        ("9(a)", True, "9a"),
        (ANSWERS_EN["9a"], False, "9a"),
        ("Question 9.b", True, "9b"),
        (ANSWERS_EN["9b"], False, "9b"),
        ("Question 10", True, "10"),
        (ANSWERS_EN["10"], False, "10"),
    ]
    check(items)


def test_a_sub_question_the_questionnaire_lacks_goes_to_its_parent():
    items: list[Item] = [
        ("Question 6", True, "6"),
        (ANSWERS_EN["6"], False, "6"),
        ("Question 7.a", True, "7"),
        (ANSWERS_EN["7"], False, "7"),
        ("7 b)", True, "7"),
        ("Question 8", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
    ]
    check(items)


def test_lettered_items_in_an_answer_without_sub_questions_are_text():
    items: list[Item] = [
        ("Question 7", True, "7"),
        ("The following services receive reports:", False, "7"),
        ("a) The Child Protection Agency", False, "7"),
        ("b) The Police Service", False, "7"),
        ("Question 8", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
    ]
    check(items)


# --------------------------------------------------------------------------------------------
# Headings repeating a question's text


def test_headings_repeating_question_titles_and_texts():
    items: list[Item] = [
        ("Reply of the Republic of Examplia", True, None),
        ("Introduction", True, None),
        (INTRO["en"], False, None),
        ("Legal framework", True, "1"),
        (ANSWERS_EN["1"], False, "1"),
        (FILLER["en"], False, "1"),
        ("Which campaigns inform parents and the general public?", True, "4"),
        (ANSWERS_EN["4"], False, "4"),
        ("Formation des professionnels", True, "6"),
        (ANSWERS_FR["6"], False, "6"),
        ("Helplines", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
        (FILLER["en"], False, "8"),
        ("Conclusion", True, None),
        (CLOSING["en"], False, None),
    ]
    links = check(items)
    methods = {link.question: link.method for link in links if link.question}
    assert set(methods.values()) == {"heading-text"}
    assert links[3].confidence == 0.85 and 0.7 <= links[5].confidence < 0.85


def test_a_heading_naming_another_question_switches_inside_a_numbered_document():
    items: list[Item] = [
        ("Question 2", True, "2"),
        (ANSWERS_EN["2"], False, "2"),
        ("Question 3", True, "3"),
        (ANSWERS_EN["3"], False, "3"),
        ("Telephone helplines advising children", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
    ]
    links = check(items)
    assert links[4].method == "heading-text"


def test_a_heading_too_common_to_choose_is_not_a_match():
    items: list[Item] = [
        ("Question 6", True, "6"),
        (ANSWERS_EN["6"], False, "6"),
        ("Training", True, "6"),  # in 6, 6.a and 6.b: it names none of them
        (FILLER["en"], False, "6"),
        ("Question 7", True, "7"),
    ]
    links = check(items)
    assert links[2].method == "numbering"


# --------------------------------------------------------------------------------------------
# No numbering: similarity


def test_unnumbered_reply_falls_back_on_similarity():
    items: list[Item] = [
        ("Reply of the Republic of Examplia", True, None),
        (INTRO["en"], False, None),
        (ANSWERS_EN["1"], False, "1"),
        (
            "In 2019 the Criminal Code was amended; the provisions on offences were clarified.",
            False,
            "1",
        ),
        (ANSWERS_EN["3"], False, "3"),
        (FILLER["en"], False, "3"),  # no words of its own: it follows its neighbours
        (ANSWERS_EN["8"], False, "8"),
        ("The helpline counsellors answer children by telephone and chat.", False, "8"),
        (ANSWERS_EN["10"], False, "10"),
        ("Conclusion", True, None),
        (CLOSING["en"], False, None),
    ]
    links = check(items)
    for link in links:
        assert link.method == ("similarity" if link.question else "none")
        assert (0.4 <= link.confidence < 0.8) if link.question else link.confidence == 0.0
    assert links[5].confidence <= links[4].confidence


def test_unnumbered_french_reply_with_paraphrased_headings():
    items: list[Item] = [
        ("Réponse de la République d'Examplia", True, None),
        (INTRO["fr"], False, None),
        ("Statistiques", True, "3"),
        (ANSWERS_FR["3"], False, "3"),
        ("Les chiffres des affaires et des victimes sont publiés en ligne.", False, "3"),
        ("À l'école", True, "5"),
        (ANSWERS_FR["5"], False, "5"),
        ("Les élèves suivent deux cours de sécurité personnelle par an.", False, "5"),
        ("Écoute", True, "8"),
        (ANSWERS_FR["8"], False, "8"),
        ("Remarques finales", True, None),
        (CLOSING["fr"], False, None),
    ]
    check(items)


def test_nothing_in_common_links_nothing():
    items: list[Item] = [
        ("Reply of the Republic of Examplia", True, None),
        ("The weather in the capital was mild this year.", False, None),
        ("Several museums opened new exhibitions.", False, None),
    ]
    links = check(items)
    assert {link.method for link in links} == {"none"}


def test_a_single_marker_is_an_anchor_not_a_numbering():
    items: list[Item] = [
        ("This reply covers the period from 2019 to 2023.", False, None),
        ("Question 8", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
        (FILLER["en"], False, "8"),
    ]
    links = check(items)
    assert links[1].method == "numbering"


def test_empty_inputs():
    assert link_passages([], QUESTIONS) == []
    links = link_passages([PassageIn(0, "Question 1", True)], [])
    assert links == [Link(0, None, "none", 0.0)]
    assert {link.method for link in run(numbered_document("Q{n}", "en", True))} <= set(METHODS)


# --------------------------------------------------------------------------------------------
# Distractors


def test_questions_that_do_not_exist_link_nowhere():
    items: list[Item] = [
        ("Question 3", True, "3"),
        (ANSWERS_EN["3"], False, "3"),
        ("Question 42 of the previous questionnaire concerned statistics as well.", False, "3"),
        ("Question 42", True, "3"),
        ("17. The figures are published online.", False, "3"),
        ("Question 4", True, "4"),
        (ANSWERS_EN["4"], False, "4"),
    ]
    check(items)


def test_dates_are_not_markers():
    items: list[Item] = [
        ("1.", False, "1"),
        (ANSWERS_EN["1"], False, "1"),
        ("2010. The Criminal Code was amended.", False, "1"),
        ("12.03.2019 – A circular on offences was issued.", False, "1"),
        ("3 March 2020: entry into force of the new provisions.", False, "1"),
        ("2. " + ANSWERS_EN["2"], False, "2"),
        ("1er janvier 2021 : entrée en vigueur de la stratégie.", False, "2"),
        ("6. March 2022", True, "2"),
        ("3. " + ANSWERS_EN["3"], False, "3"),
        ("Q1 2021 figures were published in April.", False, "3"),
        ("4. " + ANSWERS_EN["4"], False, "4"),
    ]
    check(items)


def test_lists_inside_answers_of_a_document_numbered_with_prefixes():
    items: list[Item] = [
        ("Question 3", True, "3"),
        ("The following bodies collect statistics:", False, "3"),
        ("1. The Ministry of Justice", False, "3"),
        ("2. The National Statistics Office", False, "3"),
        ("3. The Police Service", False, "3"),
        ("4. The Ombudsperson", False, "3"),
        ("Question 4", True, "4"),
        (ANSWERS_EN["4"], False, "4"),
        ("5. The Ministry of Health", False, "4"),
        ("Question 5", True, "5"),
        (ANSWERS_EN["5"], False, "5"),
    ]
    check(items)


def test_lists_inside_answers_of_a_document_numbered_with_bare_numbers():
    items: list[Item] = [
        ("1. " + ANSWERS_EN["1"], False, "1"),
        ("2. " + ANSWERS_EN["2"], False, "2"),
        ("The following bodies take part:", False, "2"),
        ("1. the Ministry of Justice;", False, "2"),
        ("2. the Ministry of Health;", False, "2"),
        ("3. the Police Service;", False, "2"),
        ("1) The Ombudsperson", False, "2"),
        ("2) The Statistics Office", False, "2"),
        ("3. " + ANSWERS_EN["3"], False, "3"),
        ("4. " + ANSWERS_EN["4"], False, "4"),
        ("1. The Ministry of Education", False, "4"),
        ("2. The Ministry of Culture", False, "4"),
        ("5. " + ANSWERS_EN["5"], False, "5"),
    ]
    check(items)


def test_a_list_item_continuing_the_numbering_loses_to_the_real_marker():
    items: list[Item] = [
        ("1. " + ANSWERS_EN["1"], False, "1"),
        ("2. " + ANSWERS_EN["2"], False, "2"),
        ("Three bodies co-ordinate the strategy:", False, "2"),
        ("1. The Ministry of Justice", False, "2"),
        ("2. The Ministry of the Interior", False, "2"),
        ("3. The Ministry of Culture", False, "2"),
        ("3. " + ANSWERS_EN["3"], False, "3"),
        ("4. " + ANSWERS_EN["4"], False, "4"),
    ]
    check(items)


def test_a_numbered_list_alone_is_not_a_numbering():
    items: list[Item] = [
        ("This reply covers the period from 2019 to 2023.", False, None),
        ("The following authorities contributed:", False, None),
        ("1. The Ministry of Justice", False, None),
        ("2. The Ministry of Health", False, None),
        ("3. The Ministry of Education", False, None),
        (ANSWERS_EN["8"], False, "8"),
        ("The helpline counsellors answer children by telephone and chat.", False, "8"),
        (ANSWERS_EN["10"], False, "10"),
    ]
    links = check(items)
    assert "numbering" not in {link.method for link in links}


def test_a_list_of_contributors_before_bare_numbering():
    items: list[Item] = [
        (INTRO["en"], False, None),
        ("The following authorities contributed:", False, None),
        ("1. The Ministry of Justice", False, None),
        ("2. The Ministry of Health", False, None),
        ("3. " + ANSWERS_EN["3"], False, "3"),
        ("4. " + ANSWERS_EN["4"], False, "4"),
        (FILLER["en"], False, "4"),
        ("5. " + ANSWERS_EN["5"], False, "5"),
    ]
    check(items)


# --------------------------------------------------------------------------------------------
# Introduction and conclusion


def test_introduction_and_conclusion_link_nothing():
    items: list[Item] = [
        ("Reply of the Republic of Examplia to the questionnaire", True, None),
        ("Preliminary remarks", True, None),
        (INTRO["en"], False, None),
        ("The reply covers the period 2019–2023 and follows the questionnaire.", False, None),
        ("Question 1", True, "1"),
        (ANSWERS_EN["1"], False, "1"),
        ("Question 2", True, "2"),
        (ANSWERS_EN["2"], False, "2"),
        (
            "In conclusion, the Government reaffirms its commitment to the Convention.",
            False,
            None,
        ),
        (CLOSING["en"], False, None),
        ("Annex – List of legislation", True, None),
        ("1. Criminal Code, as amended in 2019", False, None),
        ("2. Child Welfare Act", False, None),
    ]
    check(items)


def test_numbered_sections_of_the_reply_itself_are_not_questions():
    items: list[Item] = [
        ("1. Introduction", True, None),
        (INTRO["en"], False, None),
        ("Question 1", True, "1"),
        (ANSWERS_EN["1"], False, "1"),
        ("Question 3", True, "3"),
        (ANSWERS_EN["3"], False, "3"),
        ("4. Concluding remarks", True, None),
        ("The Government thanks the Committee.", False, None),
    ]
    check(items)


def test_an_introduction_paragraph_strongly_about_one_question_is_linked():
    items: list[Item] = [
        (
            "Telephone helplines: a free telephone helpline advises children; the helplines "
            "advise children by telephone.",
            False,
            "8",
        ),
        ("Question 1", True, "1"),
        (ANSWERS_EN["1"], False, "1"),
        ("Question 2", True, "2"),
        (ANSWERS_EN["2"], False, "2"),
    ]
    links = check(items)
    assert links[0].method == "similarity" and links[0].confidence < 0.8


def test_a_conclusion_paragraph_still_about_the_question_stays_with_it():
    items: list[Item] = [
        ("Question 7", True, "7"),
        (ANSWERS_EN["7"], False, "7"),
        ("Question 8", True, "8"),
        (ANSWERS_EN["8"], False, "8"),
        ("In conclusion, the free telephone helpline advises children every day.", False, "8"),
    ]
    check(items)


# --------------------------------------------------------------------------------------------
# Markers, one by one


@pytest.mark.parametrize(
    ("text", "heading", "kind", "key"),
    [
        ("Question 6", False, "prefix", ("6",)),
        ("**Question 6**", False, "prefix", ("6",)),
        ("• Q6: text", False, "prefix", ("6",)),
        ("Q.6", False, "prefix", ("6",)),
        ("Question n°6", False, "prefix", ("6",)),
        ("Questions 6 and 7", False, "prefix", ("6",)),
        ("Réponses aux questions 6 et 7", False, "prefix", ("6",)),
        ("Réponse à la Q6.a", False, "prefix", ("6", "a")),
        ("Ad 9b)", False, "prefix", ("9", "b")),
        ("6. Training", False, "bare", ("6",)),
        ("6) The Ministry", False, "bare", ("6",)),
        ("(6) The Ministry", False, "bare", ("6",)),
        ("6.1 The Ministry", False, "bare", ("6", "1")),
        ("6.1. The Ministry", False, "bare", ("6", "1")),
        ("6 a) The Ministry", False, "bare", ("6", "a")),
        ("6(a) The Ministry", False, "bare", ("6", "a")),
        ("6. a) The Ministry", False, "bare", ("6", "a")),
        ("6 Training", True, "heading", ("6",)),
        ("6. Training", True, "heading", ("6",)),
        ("a) The Ministry", False, "letter", ("", "a")),
        ("(b)", False, "letter", ("", "b")),
    ],
)
def test_find_marker(text, heading, kind, key):
    marker = find_marker(text, heading)
    assert marker is not None and (marker.kind, marker.key) == (kind, key)


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("1. the police;", False),
        ("6.1 million children", False),
        ("2010. The law", False),
        ("12.03.2019 – The circular", False),
        ("12/03/2019 The circular", False),
        ("15 March 2019: entry into force", True),
        ("1er janvier 2020 : entrée en vigueur", False),
        ("6 Training", False),  # no punctuation outside a heading: "6 experts were hired"
        ("3 500 professionals", True),
        ("Q1 2015 figures", False),
        ("Questionnaire 6", False),
        ("Article 6 – Education", True),
        ("a) the police;", False),
        ("The reply to question 6 is above.", False),
        ("", False),
    ],
)
def test_not_a_marker(text, heading):
    assert find_marker(text, heading) is None


# --------------------------------------------------------------------------------------------
# Evaluation: scores on tiny sets with known answers


def labelled(documents, language="en", name="tiny") -> LabelledSet:
    return LabelledSet(
        name,
        language,
        tuple(QUESTIONS),
        tuple(
            LabelledDocument(
                doc_id,
                style,
                language,
                tuple(LabelledPassage(t, h, q) for t, h, q in items),
            )
            for doc_id, style, items in documents
        ),
    )


def fixed_linker(answers: dict[str, list[str | None]]):
    """A linker returning given questions, keyed by the first passage's text."""

    def linker(passages, questions):
        got = answers[passages[0].text]
        return [
            Link(p.index, q, "numbering" if q else "none", 1.0)
            for p, q in zip(passages, got, strict=True)
        ]

    return linker


def test_evaluate_counts_with_a_given_linker():
    first = [("A", False, "1"), ("B", False, "1"), ("C", False, "2"), ("D", False, None)]
    second = [("E", False, "3"), ("F", False, None), ("G", False, None)]
    tiny = labelled([("d1", "question-n", first), ("d2", "none", second)])
    linker = fixed_linker({"A": ["1", "2", "2", "3"], "E": [None, "3", None]})
    scores = evaluate(tiny, linker)
    overall = scores.overall
    # A right, B wrong, C right, D linked though labelled none; E missed, F linked wrongly.
    assert (overall.documents, overall.passages, overall.labelled) == (2, 7, 4)
    assert (overall.linked, overall.correct) == (5, 2)
    assert overall.precision == pytest.approx(2 / 5)
    assert overall.recall == pytest.approx(2 / 4)
    assert overall.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert scores.by_style["question-n"].precision == pytest.approx(2 / 4)
    assert scores.by_style["question-n"].recall == pytest.approx(2 / 3)
    assert scores.by_style["none"].precision == 0.0 and scores.by_style["none"].recall == 0.0
    assert scores.by_language["en"] == overall
    assert scores.by_method["numbering"].linked == 5
    assert [(m.document, m.passage) for m in scores.misses] == [
        ("d1", 1),
        ("d1", 3),
        ("d2", 0),
        ("d2", 1),
    ]


def test_evaluate_the_real_linker_on_a_handmade_set():
    numbered = [
        ("Introduction", True, None),
        ("Question 1", True, "1"),
        (ANSWERS_EN["1"], False, "1"),
        ("Question 2", True, "2"),
        (ANSWERS_EN["2"], False, "2"),
        ("Conclusion", True, None),
        (CLOSING["en"], False, None),
    ]
    # The labeller says the last paragraph answers question 3; the linker cannot know.
    unnumbered = [
        ("Réponse d'Examplia", True, None),
        (ANSWERS_FR["8"], False, "8"),
        (ANSWERS_FR["10"], False, "10"),
        ("Le ministère a publié un rapport.", False, "3"),
    ]
    english = labelled([("en-1", "question-n", numbered)])
    french = labelled([("fr-1", "none", unnumbered)], language="fr", name="tiny-fr")
    scores = evaluate([english, french])
    assert scores.sets == 2
    assert scores.by_language["en"].precision == 1.0 and scores.by_language["en"].recall == 1.0
    french_counts = scores.by_language["fr"]
    assert (french_counts.labelled, french_counts.linked, french_counts.correct) == (3, 3, 2)
    assert scores.overall.precision == pytest.approx(6 / 7)
    assert scores.overall.recall == pytest.approx(6 / 7)
    assert [(m.document, m.passage, m.expected, m.got) for m in scores.misses] == [
        ("fr-1", 3, "3", "10")
    ]


def test_counts_without_anything_linked_or_labelled():
    empty = Counts()
    assert (empty.precision, empty.recall) == (1.0, 1.0)
    nothing_linked = Counts(passages=3, labelled=3)
    assert (nothing_linked.precision, nothing_linked.recall, nothing_linked.f1) == (1.0, 0.0, 0.0)


def test_report_is_a_table():
    tiny = labelled([("d1", "question-n", numbered_document("Question {n}", "en", True))])
    text = report(evaluate(tiny))
    assert "precision" in text and "recall" in text
    lines = text.splitlines()
    assert any(line.startswith("overall") and "1.000" in line for line in lines)
    assert any(line.startswith("style question-n") for line in lines)
    assert any(line.startswith("language en") for line in lines)
    assert any(line.startswith("method numbering") for line in lines)


# --------------------------------------------------------------------------------------------
# Reading labelled sets


def write(tmp_path: Path, data, name="set.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def valid_set():
    return {
        "name": "tiny",
        "language": "en",
        "questions": [{"number": "1", "text": "Legal framework"}, {"number": "2", "text": "B"}],
        "documents": [
            {
                "id": "d1",
                "style": "question-n",
                "passages": [
                    {"text": "Question 1", "heading": True, "question": "1"},
                    {"text": "Intro", "heading": False, "question": None},
                ],
            }
        ],
    }


def test_load_set_reads_a_valid_file(tmp_path):
    loaded = load_set(write(tmp_path, valid_set()))
    assert loaded.name == "tiny" and loaded.language == "en"
    assert loaded.questions[0] == QuestionRef("1", "Legal framework")
    assert loaded.documents[0].language == "en"
    assert loaded.documents[0].passages[1] == LabelledPassage("Intro", False, None)
    assert [s.name for s in load_sets(tmp_path)] == ["tiny"]


def broken(change):
    data = valid_set()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON (line 1"),
        ([], "(top level): expected an object"),
        (broken(lambda d: d.pop("questions")), "missing key(s) questions"),
        (broken(lambda d: d.update(extra=1)), "unknown key(s) extra"),
        (broken(lambda d: d.update(language="de")), "language: 'de' is not one of en, fr"),
        (broken(lambda d: d.update(questions=[])), "questions: expected a non-empty list"),
        (
            broken(lambda d: d["questions"].append({"number": "1", "text": "again"})),
            "questions[2]: question '1' is repeated",
        ),
        (
            broken(lambda d: d["questions"][1].update(number=2)),
            "questions[1].number: expected a non-empty string",
        ),
        (broken(lambda d: d.update(documents=[])), "documents: expected a non-empty list"),
        (
            broken(lambda d: d["documents"].append(dict(d["documents"][0]))),
            "documents[1] ('d1'): the id is repeated",
        ),
        (
            broken(lambda d: d["documents"][0]["passages"][0].update(question="42")),
            "documents[0] ('d1').passages[0].question: '42' is not a question of the set",
        ),
        (
            broken(lambda d: d["documents"][0]["passages"][1].update(heading="no")),
            "documents[0] ('d1').passages[1].heading: expected true or false",
        ),
        (
            broken(lambda d: d["documents"][0]["passages"][1].pop("question")),
            "documents[0] ('d1').passages[1]: missing key(s) question",
        ),
        (
            broken(lambda d: d["documents"][0]["passages"][1].update(question=1)),
            "passages[1].question: expected a question number or null",
        ),
        (
            broken(lambda d: d["documents"][0].update(style="")),
            "documents[0] ('d1').style: expected a non-empty string",
        ),
    ],
)
def test_load_set_refuses(tmp_path, data, message):
    path = write(tmp_path, data)
    with pytest.raises(LabelledSetError) as error:
        load_set(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_load_set_refuses_missing_files_and_empty_folders(tmp_path):
    with pytest.raises(LabelledSetError, match="no such file"):
        load_set(tmp_path / "absent.json")
    with pytest.raises(LabelledSetError, match=r"no \.json labelled set"):
        load_sets(tmp_path)
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(LabelledSetError, match="not UTF-8"):
        load_sets(tmp_path)


# --------------------------------------------------------------------------------------------
# The generated set in the repository


def test_generated_set_is_what_the_generator_writes(tmp_path):
    written = generate_sets(tmp_path)
    assert [p.name for p in written] == [
        "generated-en.json",
        "generated-fr.json",
        "generated-mixed.json",
    ]
    for path in written:
        assert path.read_bytes() == (DEFAULT_DIR / path.name).read_bytes(), path.name


def test_generated_set_shape():
    sets = {s.language: s for s in load_sets(DEFAULT_DIR)}
    assert set(sets) == {"en", "fr", "mixed"}
    documents = [d for s in sets.values() for d in s.documents]
    assert len(documents) >= 40
    assert len(sets["en"].documents) >= 15 and len(sets["fr"].documents) >= 15
    assert len(sets["mixed"].documents) >= 1
    styles = {d.style for d in documents}
    assert {"question-n", "n-dot", "q-n", "reponse-fr", "headings", "none"} <= styles
    assert sum(d.style == "none" for d in documents) >= 6
    questions = sets["en"].questions
    assert 12 <= len(questions) <= 25 and {"6.a", "6.b"} <= {q.number for q in questions}
    for document in documents:
        assert document.passages[0].question is None  # an introduction
        assert document.passages[-1].question is None  # a conclusion or an annex
        if document.style in ("headings", "none"):  # no numbering, but "Question 42"
            markers = [find_marker(p.text) for p in document.passages]
            assert all(m is None or m.kind != "prefix" or m.key == ("42",) for m in markers)


def test_generated_set_scores():
    scores = evaluate(load_sets(DEFAULT_DIR))
    assert scores.overall.documents >= 40
    assert scores.overall.precision >= 0.9, report(scores)
    assert scores.overall.recall >= 0.85, report(scores)
    for language in ("en", "fr", "mixed"):
        assert scores.by_language[language].f1 >= 0.85, report(scores)


def test_linking_stays_cheap():
    sets = load_sets(DEFAULT_DIR)
    passages = [p for s in sets for d in s.documents for p in d.passages][:500]
    questions = [
        QuestionRef(str(i), f"{q.text} variant {i}")
        for i, q in enumerate(list(sets[0].questions) * 6, start=1)
    ][:100]
    for heading in (True, False):  # numbered, and all through the similarity fallback
        inputs = [PassageIn(i, p.text, heading and p.heading) for i, p in enumerate(passages)]
        started = time.perf_counter()
        links = link_passages(inputs, questions)
        assert len(links) == 500
        assert time.perf_counter() - started < 3.0
