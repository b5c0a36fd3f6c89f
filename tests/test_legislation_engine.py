"""The legislation engine: statute units linked to the Convention's obligations, element by element.

Statute text here is copied verbatim from the public source named beside it; nothing is written
or paraphrased. The embedding model is replaced by a deterministic stand-in (``WordBuckets``)."""

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from lanzarote.legislation.engine import (
    Unit,
    _Text,
    article_of,
    gap_summary,
    link_units,
    load_catalogue,
    load_positions,
    named_units,
    protected_age,
    unit_contexts,
)
from lanzarote.lib.datafile import DataFileError
from lanzarote.lib.text import fold_words

DATA = Path(__file__).resolve().parents[1] / "lanzarote" / "data" / "cets201"

# Criminal Code of Canada, s. 163.1(4) and (4.1), as quoted at
# https://criminalnotebook.ca/index.php?title=Possession_and_Access_of_Child_Pornography&oldid=95820
POSSESSION_CA = Unit(
    "163.1(4)",
    "Possession of child pornography",
    "(4) Every person who possesses any child pornography is guilty of (a) an indictable offence "
    "and is liable to imprisonment for a term of not more than 10 years and to a minimum "
    "punishment of imprisonment for a term of one year; or (b) an offence punishable on summary "
    "conviction and is liable to imprisonment for a term of not more than two years less a day "
    "and to a minimum punishment of imprisonment for a term of six months.",
)
ACCESS_CA = Unit(
    "163.1(4.1)",
    "Accessing child pornography",
    "(4.1) Every person who accesses any child pornography is guilty of (a) an indictable offence "
    "and is liable to imprisonment for a term of not more than 10 years and to a minimum "
    "punishment of imprisonment for a term of one year;",
)
# Code pénal (France), art. 227-25 as worded by LOI n° 2021-478 du 21 avril 2021, art. 4:
# https://legal.tricoteuses.fr/articles/JORFARTI000043403207
ATTEINTE_FR = Unit(
    "227-25",
    "",
    "Hors les cas de viol ou d'agression sexuelle prévus à la section 3 du chapitre II du présent "
    "titre, le fait, pour un majeur, d'exercer une atteinte sexuelle sur un mineur de quinze ans "
    "est puni de sept ans d'emprisonnement et de 100 000 € d'amende.",
)
# Code pénal (France), art. 227-27: https://legal.tricoteuses.fr/articles/LEGIARTI000043409082
AUTORITE_FR = Unit(
    "227-27",
    "",
    "Hors les cas de viol ou d'agression sexuelle prévus à la section 3 du chapitre II du présent "
    "titre, les atteintes sexuelles sur un mineur âgé de plus de quinze ans sont punies de cinq "
    "ans d'emprisonnement et de 45 000 € d'amende : 1° Lorsqu'elles sont commises par toute "
    "personne majeure ayant sur la victime une autorité de droit ou de fait ; 2° Lorsqu'elles "
    "sont commises par une personne majeure qui abuse de l'autorité que lui confèrent ses "
    "fonctions.",
)
# Crimes Act 1961 (New Zealand), s. 124A(1), inserted by the Crimes (Indecency) Amendment Act
# 2015: http://www.legislation.govt.nz/act/public/2015/0044/latest/whole.html
INDECENT_NZ = Unit(
    "124A",
    "Indecent communication with young person under 16",
    "(1) A person of or over the age of 16 years is liable to imprisonment for a term not "
    "exceeding 3 years if he or she intentionally exposes a person under the age of 16 years (the "
    "young person) to indecent material (whether written, spoken, visual, or otherwise, alone or "
    "in combination) in communicating in any manner, directly or indirectly, with the young "
    "person.",
)
# Crimes Act 1961 (New Zealand), s. 128(1) as substituted by the Crimes Amendment Act 2005:
# http://www.legislation.govt.nz/act/public/2005/0041/latest/DLM346175.html
VIOLATION_NZ = Unit(
    "128",
    "Sexual violation defined",
    "(1) Sexual violation is the act of a person who— (a) rapes another person; or (b) has "
    "unlawful sexual connection with another person.",
)
# Same Act, s. 127 (a rule of evidence, not an offence)
NO_PRESUMPTION_NZ = Unit(
    "127",
    "No presumption because of age",
    "There is no presumption of law that a person is incapable of sexual connection because of "
    "his or her age.",
)
# Sexual Offences Act 2009 (Guyana), s. 13, as published at
# https://stabroeknews.com/2010/07/25/features/the-sexual-offences-act-child-sexual-offences-cont%e2%80%99d
GROOMING_GY = Unit(
    "13",
    "Meeting a child under 16 years following sexual grooming",
    "(1) A person eighteen years of age or over (“the accused”) commits the offence of meeting a "
    "child following sexual grooming if – (a) Having met or communicated with another person "
    "(“the complainant”) on at least two earlier occasions, the accused – (i) meets the "
    "complainant: or (ii) travels with the intention of meeting the complainant in any part of "
    "the world ; (b) at the time, the accused intends to do anything to or in respect of the "
    "complainant, during or after the meeting and in any part of the world, which if done will "
    "involve the commission by the accused of an offence under this act; and (c) the "
    "complainant is under sixteen years of age and the accused does not reasonably believe that "
    "the complainant is sixteen years of age or over. (2) In subsection (1)(a) the reference to "
    "the accused having met or communicated with the complainant is a reference to the accused "
    "having met the complainant in any part of the world or having communicated with the "
    "complainant by any means from, to or in any part of the world.",
)

# Criminal Code of Canada, s. 274: https://laws-lois.justice.gc.ca/eng/acts/c-46/section-274.html
CORROBORATION_CA = Unit(
    "274",
    "Corroboration not required",
    "If an accused is charged with an offence under section 151, 152, 153, 153.1, 155, 160, 170, "
    "171, 172, 173, 271, 272, 273, 286.1, 286.2 or 286.3, no corroboration is required for a "
    "conviction and the judge shall not instruct the jury that it is unsafe to find the accused "
    "guilty in the absence of corroboration.",
)
# Code de procédure pénale (France), art. 706-52, first paragraph, as stored in
# etalab/codes-juridiques-francais (Légifrance LEGI, mid-2010s)
RECORDED_HEARING_FR = Unit(
    "706-52",
    "",
    "Au cours de l'enquête et de l'information, l'audition d'un mineur victime de l'une des "
    "infractions mentionnées à l'article 706-47 fait l'objet d'un enregistrement audiovisuel.",
)
# Code pénal (France), art. 434-3, first paragraph, 1994 wording, same source
NOT_REPORTING_FR = Unit(
    "434-3",
    "",
    "Le fait, pour quiconque ayant eu connaissance de mauvais traitements ou privations infligés "
    "à un mineur de quinze ans ou à une personne qui n'est pas en mesure de se protéger en raison "
    "de son âge, d'une maladie, d'une infirmité, d'une déficience physique ou psychique ou d'un "
    "état de grossesse, de ne pas en informer les autorités judiciaires ou administratives est "
    "puni de trois ans d'emprisonnement et de 300 000 F d'amende.",
)

# Criminal Code of Canada, s. 164.2(1): https://laws-lois.justice.gc.ca/eng/acts/c-46/section-164.2.html
FORFEITURE_CA = Unit(
    "164.2(1)",
    "Forfeiture after conviction",
    "(1) On application of the Attorney General, a court that convicts a person of an offence "
    "under section 162.1, 163.1, 172.1 or 172.2, in addition to any other punishment that it may "
    "impose, may order that anything — other than real property — be forfeited to Her Majesty "
    "and disposed of as the Attorney General directs if it is satisfied, on a balance of "
    "probabilities, that the thing (a) was used in the commission of the offence; and (b) is the "
    "property of (i) the convicted person or another person who was a party to the offence,",
)
# Code pénal (France), arts. 225-12-1 and 225-12-2 (first paragraph), as stored in
# etalab/codes-juridiques-francais (Légifrance LEGI, mid-2010s)
RECOURSE_FR = Unit(
    "225-12-1",
    "",
    "Le fait de solliciter, d'accepter ou d'obtenir, en échange d'une rémunération ou d'une "
    "promesse de rémunération, des relations de nature sexuelle de la part d'un mineur qui se "
    "livre à la prostitution, y compris de façon occasionnelle, est puni de trois ans "
    "d'emprisonnement et 45000 euros d'amende.",
)
RECOURSE_AGGRAVATED_FR = Unit(
    "225-12-2",
    "",
    "Les peines sont portées à cinq ans d'emprisonnement et 75000 euros d'amende : 1° Lorsque "
    "l'infraction est commise de façon habituelle ou à l'égard de plusieurs mineurs ; 2° Lorsque "
    "le mineur a été mis en contact avec l'auteur des faits grâce à l'utilisation, pour la "
    "diffusion de messages à destination d'un public non déterminé, d'un réseau de "
    "communication ; 3° Lorsque les faits sont commis par une personne qui abuse de l'autorité "
    "que lui confèrent ses fonctions.",
)

# Code pénal (France), art. 227-23, first paragraph, in force since 23 April 2021 (as published
# by Lexbase: https://lexbase.fr/texte-de-loi/art-22723-code-penal/L6584IX7.html)
IMAGES_FR = Unit(
    "227-23",
    "",
    "Le fait, en vue de sa diffusion, de fixer, d'enregistrer ou de transmettre l'image ou la "
    "représentation d'un mineur lorsque cette image ou cette représentation présente un caractère "
    "pornographique est puni de cinq ans d'emprisonnement et de 75 000 euros d'amende.",
)

# Criminal Code of Canada, s. 279.011(1), opening words:
# https://laws-lois.justice.gc.ca/eng/acts/c-46/section-279.011.html
TRAFFICKING_CA = Unit(
    "279.011(1)",
    "Trafficking of a person under the age of eighteen years",
    "(1) Every person who recruits, transports, transfers, receives, holds, conceals or harbours "
    "a person under the age of eighteen years, or exercises control, direction or influence over "
    "the movements of a person under the age of eighteen years, for the purpose of exploiting "
    "them or facilitating their exploitation is guilty of an indictable offence",
)

# Criminal Code of Canada, s. 273.3(1)(a): https://laws-lois.justice.gc.ca/eng/acts/c-46/section-273.3.html
REMOVAL_CA = Unit(
    "273.3(1)",
    "Removal of child from Canada",
    "(1) No person shall do anything for the purpose of removing from Canada a person who is "
    "ordinarily resident in Canada and who is (a) under the age of 16 years, with the intention "
    "that an act be committed outside Canada that if it were committed in Canada would be an "
    "offence against section 151 or 152 or subsection 160(3) or 173(2) in respect of that person;",
)


class WordBuckets:
    """A deterministic stand-in for the embedding model: each folded word adds one to a bucket
    chosen by its CRC, so texts sharing words are similar."""

    name = "word buckets (tests)"
    dim = 64

    def passages(self, texts):
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in fold_words(text).split():
                rows[row, zlib.crc32(word.encode()) % self.dim] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1, norms)

    def query(self, text):
        return self.passages([text])[0]


def link(units, language="en", **options):
    options.setdefault("embedder", WordBuckets())
    return link_units(units, language=language, **options)


# --------------------------------------------------------------------------------------------
# The reference data


def test_every_element_quotes_the_convention_word_for_word_in_both_languages():
    texts = {}
    for language in ("en", "fr"):
        articles = json.loads((DATA / f"text_{language}.json").read_text())["articles"]
        for article in articles:
            parts = []
            for paragraph in article["paragraphs"]:
                parts += [paragraph["text"], *paragraph.get("indents", [])]
                for item in paragraph.get("items", []):
                    parts += [item["text"], *item.get("indents", [])]
            texts[(language, str(article["number"]))] = " ".join(parts)
    for obligation in load_catalogue().obligations:
        for element in obligation.elements:
            article = element.source["provision"].split(":")[1].split(".")[0]
            for language in ("en", "fr"):
                assert element.source[language] in texts[(language, article)], (
                    obligation.ref,
                    element.id,
                    language,
                )


def test_the_catalogue_covers_the_obligations_in_scope_with_their_ids():
    catalogue = load_catalogue()
    refs = {o.ref for o in catalogue.obligations}
    wanted = {"3(a)", "20(2)", "18(1)(a)", "18(1)(b)", "22", "23", "24(1)", "24(2)", "32", "33"}
    wanted |= {f"19(1)({x})" for x in "abc"} | {f"20(1)({x})" for x in "abcdef"}
    wanted |= {f"21(1)({x})" for x in "abc"} | {"25(1)(d)", "25(4)", "26(1)", "27(1)"}
    assert wanted <= refs
    known = {o["id"] for o in json.loads((DATA / "obligations.json").read_text())["obligations"]}
    for obligation in catalogue.obligations:
        assert set(obligation.obligations) <= known, obligation.ref
        assert obligation.article == article_of(obligation.ref)
    assert catalogue.get("18(1)(b)").obligations == (
        "cets201:obl:18.1.b:coercion",
        "cets201:obl:18.1.b:position-of-trust",
        "cets201:obl:18.1.b:vulnerability",
    )
    assert catalogue.get("20(1)(e)").age == 18
    assert catalogue.get("18(1)(a)").age == "national"


def test_the_catalogue_covers_the_protective_and_procedural_measures_a_statute_carries():
    refs = {o.ref for o in load_catalogue().obligations}
    wanted = {"12(1)", "12(2)", "14(3)", "30(1)", "30(2)", "30(3)", "30(5)", "34(2)", "37(1)"}
    wanted |= {"31(1)(a)", "31(1)(b)", "31(1)(e)", "31(1)(f)", "31(1)(g)", "31(3)", "31(4)"}
    wanted |= {f"35(1)({x})" for x in "abcdef"} | {"35(2)", "36(2)(a)", "36(2)(b)"}
    assert wanted <= refs


def test_every_cue_finds_its_own_words_through_the_quick_test_and_the_pattern():
    for obligation in load_catalogue().obligations:
        for element in obligation.elements:
            for cues in element.cues.values():
                for cue in cues:
                    if cue.startswith("-"):
                        continue
                    words = cue.replace("*", "").replace("~", "and")
                    assert _Text(f"Whereas {words}.").find(cues), (obligation.ref, cue)


def test_a_bad_elements_file_is_refused_naming_the_file_and_the_obligation(tmp_path):
    good = json.loads((DATA / "legal_elements.json").read_text())
    index = next(i for i, o in enumerate(good["obligations"]) if o["ref"] == "18(1)(b)")
    good["obligations"][index]["elements"][0]["cues_en"] = ["@no-such-set"]
    (tmp_path / "bad.json").write_text(json.dumps(good))
    with pytest.raises(DataFileError, match=r"bad\.json: obligation 18\(1\)\(b\): elements\[0\]"):
        load_catalogue("bad.json", root=tmp_path)
    good["obligations"][index]["elements"][0]["cues_en"] = ["child"]
    good["obligations"][index]["age"] = 16
    (tmp_path / "age.json").write_text(json.dumps(good))
    with pytest.raises(DataFileError, match=r"age must be 18"):
        load_catalogue("age.json", root=tmp_path)


# --------------------------------------------------------------------------------------------
# The age a unit protects


@pytest.mark.parametrize(
    ("words", "under", "explicit"),
    [
        ("a person under the age of 16 years", 16, True),
        ("under 18 years", 18, True),
        ("sur un mineur de quinze ans", 15, True),
        ("âgée de moins de seize ans", 16, True),
        ("un enfant de moins de 14 ans", 14, True),
        ("moins de 16 ans", 16, True),
        ("the complainant is under sixteen years of age", 16, True),
        ("a child aged 13 or under", 14, True),
        ("n'a pas atteint l'âge de quinze ans", 15, True),
        ("a minor", 18, False),
        ("un mineur", 18, False),
    ],
)
def test_the_protected_age_is_read_in_english_and_french(words, under, explicit):
    age = protected_age(words)
    assert age is not None and (age.under, age.explicit) == (under, explicit)


def test_no_age_is_read_from_child_alone_or_from_the_offenders_age():
    assert protected_age("any child") is None
    assert protected_age("A person of or over the age of 16 years is liable") is None


def test_the_highest_bound_stated_is_the_age_protected():
    assert protected_age(GROOMING_GY.text).under == 16
    assert protected_age(INDECENT_NZ.text).words == "under the age of 16 years"


# --------------------------------------------------------------------------------------------
# Links


def test_possession_of_child_pornography_links_to_20_1_e_with_its_elements():
    [result] = link([POSSESSION_CA])
    first = result.links[0]
    assert (first.ref, first.status) == ("20(1)(e)", "covered")
    words = {c.element.id: c.words for c in first.elements}
    assert "possesses" in words["conduct"] and "child pornography" in words["material"]
    reason = first.reason("en")
    assert "possesses" in reason and "child pornography" in reason
    assert 0 < first.confidence <= 1


def test_access_without_ict_words_is_partly_covered_and_says_what_is_missing():
    [result] = link([ACCESS_CA])
    first = result.links[0]
    assert (first.ref, first.status) == ("20(1)(f)", "partly")
    assert [e.id for e in first.missing] == ["ict"]
    assert "Missing — through information and communication technologies" in first.reason()


def test_a_french_unit_is_read_with_french_cues_and_its_age():
    [result] = link([ATTEINTE_FR], "fr")
    first = result.links[0]
    assert first.ref == "18(1)(a)"
    # The age of 18(1)(a) is the one national law sets (Art. 18(2)): under 15 covers it.
    assert first.status == "covered" and first.age.under == 15
    assert "moins de 15 ans" in first.reason("fr")


def test_abuse_of_authority_over_a_minor_is_18_1_b():
    [result] = link([AUTORITE_FR], "fr")
    first = result.links[0]
    assert first.ref == "18(1)(b)" and first.status == "covered"
    trust = next(c for c in first.elements if c.element.id == "trust")
    assert "autorité" in " ".join(trust.words)


def test_grooming_followed_by_a_meeting_is_23():
    [result] = link([GROOMING_GY])
    assert result.links[0].ref == "23"
    assert result.age.under == 16


def test_a_unit_limited_to_under_16s_covers_an_under_18_obligation_only_partly(tmp_path):
    data = json.loads((DATA / "legal_elements.json").read_text())
    [witness] = [o for o in data["obligations"] if o["ref"] == "22"]
    witness["age"] = 18  # as if the Convention protected every child here
    data["obligations"] = [witness]
    (tmp_path / "elements.json").write_text(json.dumps(data))
    catalogue = load_catalogue("elements.json", root=tmp_path)
    [result] = link([INDECENT_NZ], catalogue=catalogue)
    first = result.links[0]
    assert first.status == "partly" and first.missing == ()
    victim = next(c for c in first.elements if c.element.kind == "victim_age")
    assert victim.limited_to == 16
    assert "protects only children under 16" in first.reason()


def test_a_rule_of_evidence_protecting_complainants_is_30_2_not_the_offences_it_lists():
    [result] = link([CORROBORATION_CA])
    assert result.links[0].ref == "30(2)"
    assert "corroboration" in result.links[0].reason()


def test_a_video_recorded_hearing_of_a_child_victim_is_35_2():
    [result] = link([RECORDED_HEARING_FR], "fr")
    assert result.links[0].ref == "35(2)" and result.links[0].status == "covered"


def test_not_reporting_ill_treatment_of_a_child_is_read_against_article_12():
    [result] = link([NOT_REPORTING_FR], "fr")
    assert "12(2)" in [link.ref for link in result.links[:3]]
    assert {link.article for link in result.links[:2]} == {"12"}


def test_a_forfeiture_order_reads_what_its_offences_are_about_in_the_sections_it_names():
    # alone, nothing says the offences concern children: no link to 27(3)(a)
    [alone] = link([FORFEITURE_CA])
    assert "27(3)(a)" not in [link.ref for link in alone.links]
    # with s. 163.1 in the same act, the forfeiture is of things used in offences against children
    possession, forfeiture = link([POSSESSION_CA, FORFEITURE_CA])
    order = next(link for link in forfeiture.links if link.ref == "27(3)(a)")
    assert not order.via and order.named
    offences = next(c for c in order.elements if c.element.id == "offences")
    assert offences.named and "child pornography" in offences.words
    assert "forfeited" in order.reason() and "(in the provisions it names)" in order.reason()
    # the possession offence itself is read in its own words only
    assert not any(link.named for link in possession.links)


def test_a_french_article_raising_the_penalties_reads_the_article_before_it():
    recourse, aggravated = link([RECOURSE_FR, RECOURSE_AGGRAVATED_FR], "fr")
    assert recourse.links[0].article == "19"
    articles = [link.article for link in aggravated.links]
    assert {"19", "28"} <= set(articles[:3])
    via = next(link for link in aggravated.links if link.via)
    assert via.via == ("225-12-1",) and "Renvoie à 225-12-1" in via.reason("fr")


def test_a_subsection_names_its_own_section_relatively():
    units = [Unit("272(1)", "", "x"), Unit("272(2)", "", "the offence under subsection (1)")]
    assert named_units(units) == [[], [0]]
    units = [Unit("163.1(4)", "", "x"), Unit("163.1(4.3)", "", "an offence under this section")]
    assert named_units(units) == [[], [0]]
    assert unit_contexts(units)[1].endswith("x")


def test_a_subsection_read_apart_inherits_its_sections_heading_and_text():
    units = [
        Unit("163.1", "Child pornography", "(1) In this section, child pornography means"),
        Unit("163.1(3)", "", "(3) Every person who transmits"),
        Unit("164", "Warrant of seizure", "(1) A judge may issue a warrant"),
    ]
    contexts = unit_contexts(units)
    assert contexts[0] == "" and contexts[2] == ""
    assert contexts[1] == "Child pornography\n(1) In this section, child pornography means"


def test_fixing_the_image_of_a_minor_is_production_not_a_performance_nor_recruitment():
    [result] = link([IMAGES_FR], "fr")
    refs = [link.ref for link in result.links]
    assert refs[0] in {"20(1)(a)", "20(1)(c)"} and "20(1)(a)" in refs
    production = next(link for link in result.links if link.ref == "20(1)(a)")
    conduct = next(c for c in production.elements if c.element.id == "conduct")
    assert {"fixer", "enregistrer"} <= set(conduct.words)
    # "représentation d'un mineur" is a depiction, "amende" and "présente" are not conduct
    assert not any(link.article in {"19", "21"} for link in result.links)


def test_trafficking_a_child_for_exploitation_is_read_against_article_19():
    [result] = link([TRAFFICKING_CA])
    recruiting = next(link for link in result.links if link.ref == "19(1)(a)")
    assert result.links.index(recruiting) < 3
    exploitation = next(c for c in recruiting.elements if c.element.id == "prostitution")
    assert exploitation.words == ("for the purpose of exploiting",)


def test_an_act_abroad_that_would_be_an_offence_if_committed_at_home_is_jurisdiction():
    [result] = link([REMOVAL_CA])
    first = result.links[0]
    assert first.article == "25"
    jurisdiction = next(c for c in first.elements if c.element.id == "jurisdiction")
    assert "if it were committed in" in jurisdiction.words


def test_offences_against_any_person_and_rules_of_evidence_stay_unlinked():
    results = link([VIOLATION_NZ, NO_PRESUMPTION_NZ])
    assert [r.links for r in results] == [(), ()]


def test_links_without_embeddings_need_no_model():
    [result] = link_units([POSSESSION_CA], language="en", use_embeddings=False)
    assert result.links[0].ref == "20(1)(e)" and result.links[0].similarity is None


def test_only_units_with_candidates_to_rank_are_embedded():
    seen = []

    class Counting(WordBuckets):
        def passages(self, texts):
            seen.extend(texts)
            return super().passages(texts)

    units = [POSSESSION_CA, VIOLATION_NZ, NO_PRESUMPTION_NZ]
    link(units, embedder=Counting())
    # (the obligations' own texts may be embedded too, once per process: not counted here)
    embedded = [t for t in seen if any(t.startswith(u.heading) for u in units)]
    assert len(embedded) == 1 and embedded[0].startswith("Possession of child pornography")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language"):
        link_units([POSSESSION_CA], language="de")


# --------------------------------------------------------------------------------------------
# The gap summary


def test_the_gap_summary_gives_every_obligation_a_status_with_its_units():
    results = link([POSSESSION_CA, ACCESS_CA, VIOLATION_NZ]) + link([ATTEINTE_FR], "fr")
    gaps = {g.ref: g for g in gap_summary(results)}
    assert len(gaps) == len(load_catalogue().obligations)
    assert gaps["20(1)(e)"].status == "covered"
    assert [number for number, _ in gaps["20(1)(e)"].supporting] == ["163.1(4)"]
    assert gaps["20(1)(f)"].status == "partly"
    assert [e.id for e in gaps["20(1)(f)"].missing] == ["ict"]
    assert gaps["18(1)(a)"].status == "covered" and gaps["18(1)(a)"].ages == (15,)
    assert gaps["19(1)(c)"].status == "not_found" and gaps["19(1)(c)"].supporting == ()
    assert {e.kind for e in gaps["19(1)(c)"].missing} >= {"conduct", "object", "victim_age"}


# --------------------------------------------------------------------------------------------
# The Committee's positions


def test_the_committees_positions_are_read_with_their_sources_and_obligations():
    positions = {p.id: p for p in load_positions()}
    grooming = positions["opinion-art-23"]
    assert grooming.date == "2015-06-17" and grooming.concerns("23")
    assert not grooming.quotes[0].editorial
    assert "children who solicit other children" in grooming.quotes[1].en
    ict = positions["opinion-icts"]
    assert ict.concerns("20(1)(f)") and all(q.editorial for q in ict.quotes)
    assert not positions["opinion-self-generated"].concerns("23")
    assert [p.id for p in positions.values() if p.concerns("18(1)(b)")][:1] == ["opinion-icts"]


def test_a_position_naming_an_unknown_obligation_is_refused(tmp_path):
    data = json.loads((DATA / "legal_positions.json").read_text())
    data["positions"][0]["obligations"] = ["99(9)"]
    (tmp_path / "positions.json").write_text(json.dumps(data))
    with pytest.raises(DataFileError, match=r"position opinion-art-23: obligations: not in"):
        load_positions("positions.json", root=tmp_path)


def test_past_the_budget_the_most_ambiguous_units_are_embedded_first(monkeypatch):
    from lanzarote.legislation import engine

    monkeypatch.setattr(engine, "EMBED_SHARE", 0.0)
    monkeypatch.setattr(engine, "EMBED_FLOOR", 1)
    seen = []

    class Counting(WordBuckets):
        def passages(self, texts):
            seen.extend(texts)
            return super().passages(texts)

    results = link([POSSESSION_CA, GROOMING_GY], embedder=Counting())
    assert len(seen) == 1
    assert sum(link.similarity is not None for r in results for link in r.links) >= 2


# Criminal Code of Canada, s. 163.1(6): https://laws-lois.justice.gc.ca/eng/acts/c-46/section-163.1.html
DEFENCE_CA = Unit(
    "163.1(6)",
    "Defence",
    "(6) No person shall be convicted of an offence under this section if the act that is alleged "
    "to constitute the offence\n(a) has a legitimate purpose related to the administration of "
    "justice or to science, medicine, education or art; and\n(b) does not pose an undue risk of "
    "harm to persons under the age of eighteen years.",
)


def test_a_unit_speaking_through_its_section_takes_the_sections_links_less_surely():
    possession, defence = link([POSSESSION_CA, DEFENCE_CA])
    [through] = [link for link in defence.links if link.ref == "20(1)(e)"]
    assert through.via == ("163.1(4)",) and through.status == "partly"
    assert through.confidence < possession.links[0].confidence
    assert through.reason() == (
        "Refers to 163.1(4), linked to 20(1)(e): check it against the text it names."
    )
    # alone, the defence names nothing the engine can read
    assert link([DEFENCE_CA])[0].links == ()
