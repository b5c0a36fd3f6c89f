"""The legislation engine on drafting patterns of statute books in general (English and French).

Two kinds of text here, never mixed:

* statute text copied verbatim from the official source named beside it (the same copies as the
  development sets in lanzarote/data/evaluation/legislation/);
* SYNTHETIC sentences, marked as such: written for these tests to exercise one drafting pattern
  (the "(A) ... (B)" style of common-law offence sections, an aggravated penalty, a general
  rule of attempt). They are not the law of any State and copy no statute.
"""

from lanzarote.legislation.engine import (
    Unit,
    child_only_in_aggravation,
    link_units,
    load_catalogue,
)


def link(units, language="en"):
    return link_units(units, language=language, use_embeddings=False)


def articles(result):
    return [link.article for link in result.links]


# Criminal Code of Canada, s. 271, https://laws-lois.justice.gc.ca/eng/acts/c-46/section-271.html
SEXUAL_ASSAULT_CA = Unit(
    "271",
    "Sexual assault",
    "Everyone who commits a sexual assault is guilty of\n(a) an indictable offence and is liable "
    "to imprisonment for a term of not more than 10 years or, if the complainant is under the "
    "age of 16 years, to imprisonment for a term of not more than 14 years and to a minimum "
    "punishment of imprisonment for a term of one year; or\n(b) an offence punishable on summary "
    "conviction and is liable to imprisonment for a term of not more than 18 months or, if the "
    "complainant is under the age of 16 years, to imprisonment for a term of not more than two "
    "years less a day and to a minimum punishment of imprisonment for a term of six months.",
)
# Code pénal (France), art. 222-33 (Légifrance, LEGITEXT000006070719; copy of
# etalab/codes-juridiques-francais at e4ae971)
HARCELEMENT_FR = Unit(
    "222-33",
    "",
    "I. - Le harcèlement sexuel est le fait d'imposer à une personne, de façon répétée, des propos "
    "ou comportements à connotation sexuelle qui soit portent atteinte à sa dignité en raison de "
    "leur caractère dégradant ou humiliant, soit créent à son encontre une situation "
    "intimidante, hostile ou offensante.\n\nII. - Est assimilé au harcèlement sexuel le fait, même "
    "non répété, d'user de toute forme de pression grave dans le but réel ou apparent d'obtenir "
    "un acte de nature sexuelle, que celui-ci soit recherché au profit de l'auteur des faits ou au "
    "profit d'un tiers.\n\nIII. - Les faits mentionnés aux I et II sont punis de deux ans "
    "d'emprisonnement et de 30 000 € d'amende.\n\nCes peines sont portées à trois ans "
    "d'emprisonnement et 45 000 € d'amende lorsque les faits sont commis :\n\n1° Par une personne "
    "qui abuse de l'autorité que lui confèrent ses fonctions ;\n\n2° Sur un mineur de quinze ans ;"
    "\n\n3° Sur une personne dont la particulière vulnérabilité, due à son âge, à une maladie, à "
    "une infirmité, à une déficience physique ou psychique ou à un état de grossesse, est "
    "apparente ou connue de leur auteur ;",
)
# Code pénal (France), art. 222-24, points 1° to 3° (same source, at 780be84)
VIOL_AGGRAVE_FR = Unit(
    "222-24",
    "",
    "Le viol est puni de vingt ans de réclusion criminelle :\n\n1° Lorsqu'il a entraîné une "
    "mutilation ou une infirmité permanente ;\n\n2° Lorsqu'il est commis sur un mineur de quinze "
    "ans ;\n\n3° Lorsqu'il est commis sur une personne dont la particulière vulnérabilité, due à "
    "son âge, à une maladie, à une infirmité, à une déficience physique ou psychique ou à un état "
    "de grossesse, est apparente ou connue de l'auteur ;",
)
# Criminal Code of Canada, s. 155(1)-(2),
# https://laws-lois.justice.gc.ca/eng/acts/c-46/section-155.html
INCEST_CA = Unit(
    "155",
    "Incest",
    "(1) Every one commits incest who, knowing that another person is by blood relationship his "
    "or her parent, child, brother, sister, grandparent or grandchild, as the case may be, has "
    "sexual intercourse with that person. (2) Everyone who commits incest is guilty of an "
    "indictable offence and is liable to imprisonment for a term of not more than 14 years and, "
    "if the other person is under the age of 16 years, to a minimum punishment of imprisonment "
    "for a term of five years.",
)


def test_an_offence_against_anyone_aggravated_for_children_stays_unlinked():
    results = link([SEXUAL_ASSAULT_CA, INCEST_CA])
    assert [r.links for r in results] == [(), ()]
    [harassment] = link([HARCELEMENT_FR], "fr")
    assert harassment.links == ()


def test_an_aggravated_offence_whose_only_penalty_is_for_the_child_stays_linked():
    # one penalty, governed by the conditions: the child is an element of the aggravated offence
    [result] = link([VIOL_AGGRAVE_FR], "fr")
    assert "18" in articles(result)[:3]
    assert child_only_in_aggravation(VIOL_AGGRAVE_FR.text, ("mineur",)) is None


def test_the_aggravation_rule_reads_where_the_child_is_named():
    child = load_catalogue().child_cues
    assert child_only_in_aggravation(SEXUAL_ASSAULT_CA.text, child["en"]) is not None
    assert child_only_in_aggravation(HARCELEMENT_FR.text, child["fr"]) is not None
    # SYNTHETIC: the child in the offence itself, a second penalty after
    text = (
        "Every person who touches a child for a sexual purpose is liable to imprisonment for "
        "5 years, or, if the touching involves penetration, to imprisonment for 10 years."
    )
    assert child_only_in_aggravation(text, child["en"]) is None


# SYNTHETIC sentences in the "(A) ... (B)" style of common-law offence sections


def test_a_common_law_offence_section_with_lettered_persons_is_read():
    unit = Unit(
        "1",
        "Sexual touching of a young child",
        "(1) A person aged 18 or over (A) commits an offence if (a) A intentionally touches "
        "another person (B), (b) the touching is sexual, and (c) B is under 16 and A does not "
        "reasonably believe that B is 16 or over. (2) A person guilty of an offence under this "
        "section is liable, on conviction on indictment, to imprisonment for a term not "
        "exceeding 14 years.",
    )
    [result] = link([unit])
    assert result.links[0].ref == "18(1)(a)"
    assert result.age is not None and result.age.under == 16


def test_indecent_photographs_and_pseudo_photographs_of_a_child_are_article_20():
    unit = Unit(
        "2",
        "Indecent images of children",
        "(1) A person commits an offence who (a) takes, or permits to be taken, any indecent "
        "photograph or pseudo-photograph of a child; or (b) knowingly has such a photograph or "
        "pseudo-photograph in his or her possession.",
    )
    [result] = link([unit])
    refs = [link.ref for link in result.links]
    assert {"20(1)(a)", "20(1)(e)"} <= set(refs)


def test_sexual_communication_with_a_child_is_solicitation_article_23():
    unit = Unit(
        "3",
        "Sexual communication with a child",
        "A person aged 18 or over (A) commits an offence if, for the purpose of obtaining sexual "
        "gratification, A intentionally communicates with another person (B) who is under 16, "
        "and the communication is sexual.",
    )
    [result] = link([unit])
    assert "23" in articles(result)[:3]


def test_causing_a_child_to_watch_sexual_activity_is_article_22():
    unit = Unit(
        "4",
        "Causing a child to watch sexual activity",
        "A person commits an offence if, for the purpose of obtaining sexual gratification, the "
        "person intentionally causes a child to watch a third person engaging in an activity, "
        "where the activity is sexual.",
    )
    [result] = link([unit])
    assert articles(result)[0] == "22"


def test_the_consent_of_a_minor_to_something_not_sexual_is_not_article_18():
    unit = Unit(
        "5",
        "Removal from lawful custody",
        "A person who takes a minor out of the lawful custody of the minor's parent, even with "
        "the minor's consent, commits an offence and is liable to imprisonment for 2 years.",
    )
    [result] = link([unit])
    assert "18" not in articles(result)


def test_a_general_rule_of_attempt_or_aiding_is_article_24_but_not_any_child_offence():
    attempt = Unit("6", "", "La tentative de crime est punie de la peine immédiatement inférieure.")
    aiding = Unit(
        "7",
        "Secondary parties",
        "Any person who aids, abets, counsels or procures the commission of an indictable "
        "offence may be tried and punished as a principal offender.",
    )
    neglect = Unit(
        "8",
        "",
        "Quiconque aura tenté de priver d'aliments un enfant de moins de douze ans sera puni "
        "d'un emprisonnement d'un an.",
    )
    assert articles(link([attempt], "fr")[0])[:1] == ["24"]
    assert articles(link([aiding])[0])[:1] == ["24"]
    assert "24" not in articles(link([neglect], "fr")[0])


def test_a_previous_conviction_abroad_is_article_29():
    unit = Unit(
        "9",
        "",
        "Les condamnations antérieures prononcées dans un autre État membre de l'Union "
        "européenne sont prises en compte pour la récidive.",
    )
    [result] = link([unit], "fr")
    assert articles(result)[0] == "29"


def test_a_rule_on_the_penalties_of_legal_persons_for_every_offence_is_article_27():
    unit = Unit(
        "10",
        "",
        "Les peines criminelles ou correctionnelles encourues par les personnes morales sont "
        "l'amende, la confiscation spéciale et la dissolution.",
    )
    [result] = link([unit], "fr")
    assert "27" in articles(result)[:3]
