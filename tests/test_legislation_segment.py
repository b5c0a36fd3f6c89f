"""Cutting the text of legislation into its units (lanzarote/legislation/segment.py).

Statute text here is copied verbatim from the page named in the comment beside it (found with
the project's search tool); only line breaks differ where a test lays the text out as a PDF or
a Word document would. Running headers, footers and the prose of the fallback test are the
tests' own. Every input is built by the test itself; the PDF test draws a real PDF with
tests/pdfgen.py and reads it back through lib.extract.
"""

import textwrap

import pytest

from lanzarote.legislation.segment import (
    EMPTY_MESSAGE,
    UNRECOGNISED_MESSAGE,
    Segmentation,
    Unit,
    segment,
)
from lanzarote.lib.extract import Page, extract_pages, full_text
from tests.pdfgen import make_pdf


def one_page(text: str) -> list[Page]:
    return [Page(1, textwrap.dedent(text).strip("\n"))]


def by_label(segmentation: Segmentation) -> dict[str, Unit]:
    return {unit.label: unit for unit in segmentation.units}


def squeezed(text: str) -> str:
    return " ".join(text.split())


def assert_spans_match_texts(pages: list[Page], segmentation: Segmentation) -> None:
    """Each unit's text is its span of full_text, white space squeezed (no furniture here)."""
    text = full_text(pages)
    for unit in segmentation.units:
        assert squeezed(text[unit.start : unit.end]) == unit.text, unit.label


def assert_tree_is_consistent(segmentation: Segmentation) -> None:
    units = segmentation.units
    for unit in units:
        assert units[unit.index] is unit
        assert unit.level == len(unit.path)
        if unit.parent is None:
            assert unit.path == ()
        else:
            parent = units[unit.parent]
            assert unit.index in parent.children
            assert unit.path == (*parent.path, parent.label)
        for child in unit.children:
            assert units[child].parent == unit.index
    starts = [unit.start for unit in units]
    assert starts == sorted(starts), "units come in document order"


# --------------------------------------------------------------------------------------------
# United Kingdom: number and heading on one line

# https://www.legislation.gov.uk/ukpga/2003/42/part/1/crossheading/child-sex-offences/enacted
# (Sexual Offences Act 2003, Part 1, ss. 9-10), laid out as the printed Act: "9 Sexual
# activity with a child" and "(1) A person..." with a space.
UK_PRINTED = """\
Sexual Offences Act 2003
PART 1
SEXUAL OFFENCES
Child sex offences
9 Sexual activity with a child
(1) A person aged 18 or over (A) commits an offence if—
(a) he intentionally touches another person (B),
(b) the touching is sexual, and
(c) either—
(i) B is under 16 and A does not reasonably believe that B is 16 or over, or
(ii) B is under 13.
(2) A person guilty of an offence under this section, if the touching involved—
(a) penetration of B’s anus or vagina with a part of A’s body or anything else,
(b) penetration of B’s mouth with A’s penis,
(c) penetration of A’s anus or vagina with a part of B’s body, or
(d) penetration of A’s mouth with B’s penis,
is liable, on conviction on indictment, to imprisonment for a term not exceeding 14 years.
(3) Unless subsection (2) applies, a person guilty of an offence under this section is liable—
(a) on summary conviction, to imprisonment for a term not exceeding 6 months or to a fine not exceeding the statutory maximum or both;
(b) on conviction on indictment, to imprisonment for a term not exceeding 14 years.
10 Causing or inciting a child to engage in sexual activity
(1) A person aged 18 or over (A) commits an offence if—
(a) he intentionally causes or incites another person (B) to engage in an activity,
(b) the activity is sexual, and
(c) either—
(i) B is under 16 and A does not reasonably believe that B is 16 or over, or
(ii) B is under 13.
"""


def test_uk_sections_have_the_number_and_heading_of_their_line():
    pages = one_page(UK_PRINTED)
    result = segment(pages)
    assert result.recognised
    assert result.layout == "number-heading"
    assert [(unit.kind, unit.number, unit.heading) for unit in result.provisions] == [
        ("section", "9", "Sexual activity with a child"),
        ("section", "10", "Causing or inciting a child to engage in sexual activity"),
    ]
    units = by_label(result)
    section = units["Section 9"]
    assert section.path == ("Sexual Offences Act 2003", "Part 1", "Child sex offences")
    assert section.text.startswith("9 Sexual activity with a child (1) A person aged 18")
    assert section.text.endswith("to imprisonment for a term not exceeding 14 years.")
    assert "Causing or inciting" not in section.text
    assert [result.units[child].label for child in section.children] == [
        "Section 9(1)",
        "Section 9(2)",
        "Section 9(3)",
    ]
    assert units["Section 9(3)"].kind == "subsection"
    assert units["Section 9(3)"].number == "9(3)"
    assert units["Section 9(3)"].text.startswith("(3) Unless subsection (2) applies")
    assert units["Part 1"].heading == "SEXUAL OFFENCES"
    assert units["Sexual Offences Act 2003"].kind == "act"
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


def test_a_crossheading_is_not_the_end_of_the_previous_section():
    result = segment(one_page(UK_PRINTED))
    crossheading = by_label(result)["Child sex offences"]
    assert (crossheading.kind, crossheading.number) == ("chapter", "")
    assert crossheading.parent == by_label(result)["Part 1"].index
    assert "Child sex offences" not in by_label(result)["Part 1"].text


# https://legislation.gov.uk/ukpga/2003/42/part/1/crossheading/child-sex-offences/2010-12-01/
# data.html: HTML text runs "Part 1" into its title and "9" into the heading, and puts each
# "(1)" and "(a)" on a line of its own.
UK_HTML = """\
Part 1Sexual Offences
Child sex offences
9Sexual activity with a child
(1)
A person aged 18 or over (A) commits an offence if—
(a)
he intentionally touches another person (B),
(b)
the touching is sexual, and
(c)
either—
(i)
B is under 16 and A does not reasonably believe that B is 16 or over, or
(ii)
B is under 13.
(2)
A person guilty of an offence under this section, if the touching involved—
10Causing or inciting a child to engage in sexual activity
(1)
A person aged 18 or over (A) commits an offence if—
"""


def test_uk_html_text_with_numbers_run_into_headings():
    result = segment(one_page(UK_HTML))
    assert result.layout == "number-heading"
    units = by_label(result)
    assert units["Part 1"].heading == "Sexual Offences"
    assert units["Section 9"].heading == "Sexual activity with a child"
    assert units["Section 10"].heading == "Causing or inciting a child to engage in sexual activity"
    assert units["Section 9(1)"].text == (
        "(1) A person aged 18 or over (A) commits an offence if— (a) he intentionally touches "
        "another person (B), (b) the touching is sexual, and (c) either— (i) B is under 16 and A "
        "does not reasonably believe that B is 16 or over, or (ii) B is under 13."
    )
    assert "Section 10(1)" in units


# http://www.legislation.govt.nz/act/public/2005/0041/latest/DLM346175.html (New Zealand, Crimes
# Amendment Act 2005, s. 7 and the sections it inserts), as the HTML page reads: blank lines
# between paragraphs, each "(1)" and "(a)" on a line of its own.
NEW_ZEALAND = """\
Crimes Amendment Act 2005

7 New sections 127 to 138 substituted

The principal Act is amended by repealing sections 127 to 142, and substituting the following sections:

127 No presumption because of age

There is no presumption of law that a person is incapable of sexual connection because of his or her age.

128 Sexual violation defined

(1)

Sexual violation is the act of a person who—

(a)

rapes another person; or

(b)

has unlawful sexual connection with another person.

128A Allowing sexual activity does not amount to consent in some circumstances

(1)

A person does not consent to sexual activity just because he or she does not protest or offer physical resistance to the activity.
"""


def test_new_zealand_html_with_blank_lines_and_lettered_section_numbers():
    pages = one_page(NEW_ZEALAND)
    result = segment(pages)
    assert result.layout == "number-heading"
    assert [unit.number for unit in result.provisions] == ["7", "127", "128", "128A"]
    units = by_label(result)
    assert units["Section 128A"].heading == (
        "Allowing sexual activity does not amount to consent in some circumstances"
    )
    assert units["Section 128(1)"].text.endswith(
        "has unlawful sexual connection with another person."
    )
    assert units["Section 128A(1)"].path == ("Crimes Amendment Act 2005", "Section 128A")
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# --------------------------------------------------------------------------------------------
# Canada: marginal notes before the number, "(1)" after it

# https://dallas-mack-yrtx.squarespace.com/part-v/tag/150.1 (Criminal Code, R.S.C. 1985,
# c. C-46, s. 150.1, as on laws-lois.justice.gc.ca/eng/acts/C-46/section-150.1.html), wrapped
# as a PDF prints it, so that "151 or 152" and "272 or 273" start lines.
CANADA_150_1 = """\
Consent no defence
150.1 (1) Subject to subsections (2) to (2.2), when an accused is charged with an offence under section
151 or 152 or subsection 153(1), 160(3) or 173(2) or is charged with an offence under section 271,
272 or 273 in respect of a complainant under the age of 16 years, it is not a defence that the
complainant consented to the activity that forms the subject-matter of the charge.
Exception — complainant aged 12 or 13
(2) When an accused is charged with an offence under section 151 or 152, subsection 173(2) or section
271 in respect of a complainant who is 12 years of age or more but under the age of 14 years, it is a
defence that the complainant consented to the activity that forms the subject-matter of the charge if
the accused
(a) is less than two years older than the complainant; and
(b) is not in a position of trust or authority towards the complainant, is not a person with whom the
complainant is in a relationship of dependency and is not in a relationship with the complainant that
is exploitative of the complainant.
Exception — complainant aged 14 or 15
(2.1) If an accused is charged with an offence under section 151 or 152, subsection 173(2) or section
271 in respect of a complainant who is 14 years of age or more but under the age of 16 years, it is a
defence that the complainant consented to the activity that forms the subject-matter of the charge if
the accused
(a) is less than five years older than the complainant; and
(b) is not in a position of trust or authority towards the complainant, is not a person with whom the
complainant is in a relationship of dependency and is not in a relationship with the complainant that
is exploitative of the complainant.
"""
# http://www.criminal-code.ca/criminal-code-of-canada-section-151-sexual-interference/index.html
# (Criminal Code, s. 151) with its marginal note, as on laws-lois.justice.gc.ca.
CANADA_151 = """\
Sexual interference
151 Every person who, for a sexual purpose, touches, directly or indirectly, with a part of the body
or with an object, any part of the body of a person under the age of 16 years
(a) is guilty of an indictable offence and is liable to imprisonment for a term of not more than 10
years and to a minimum punishment of imprisonment for a term of one year; or
(b) is guilty of an offence punishable on summary conviction and is liable to imprisonment for a term
of not more than 18 months and to a minimum punishment of imprisonment for a term of 90 days.
"""
# https://criminalnotebook.ca/index.php/Definition_of_Child_Pornography (s. 163.1(1)).
CANADA_163_1 = """\
Definition of child pornography
163.1 (1) In this section, child pornography means
(a) a photographic, film, video or other visual representation, whether or not it was made by
electronic or mechanical means,
"""


def test_canada_marginal_notes_head_the_sections_and_subsections_they_precede():
    pages = one_page("Criminal Code\n" + CANADA_150_1 + CANADA_151 + CANADA_163_1)
    result = segment(pages)
    assert result.layout == "number-margin"
    assert [(unit.number, unit.heading) for unit in result.provisions] == [
        ("150.1", "Consent no defence"),
        ("151", "Sexual interference"),
        ("163.1", "Definition of child pornography"),
    ]
    units = by_label(result)
    assert units["Section 150.1"].text.startswith("Consent no defence 150.1 (1) Subject to")
    assert units["Section 150.1(2)"].heading == "Exception — complainant aged 12 or 13"
    assert units["Section 150.1(2.1)"].heading == "Exception — complainant aged 14 or 15"
    assert units["Section 150.1(1)"].text.endswith("the subject-matter of the charge.")
    # The marginal note of 151 belongs to 151, not to the end of 150.1.
    assert "Sexual interference" not in units["Section 150.1"].text
    assert units["Section 151"].text.startswith("Sexual interference 151 Every person who")
    assert units["Section 163.1(1)"].path == ("Criminal Code", "Section 163.1")
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


def test_section_numbers_wrapped_to_the_start_of_a_line_are_cross_references():
    result = segment(one_page(CANADA_150_1 + CANADA_151))
    assert [unit.number for unit in result.provisions] == ["150.1", "151"]
    assert "151 or 152 or subsection 153(1)" in by_label(result)["Section 150.1(1)"].text


# https://carnetdroitpenal.ca/fr/index.php/D%C3%A9finition_de_la_pornographie_juv%C3%A9nile
# (Code criminel, art. 163.1(1), as on laws-lois.justice.gc.ca/fra/lois/C-46/).
CANADA_FR = """\
Code criminel
Définition de pornographie juvénile
163.1 (1) Au présent article, pornographie juvénile s’entend, selon le cas :
a) de toute représentation photographique, filmée, vidéo ou autre, réalisée ou non par des moyens mécaniques ou électroniques :
(i) soit où figure une personne âgée de moins de dix-huit ans ou présentée comme telle et se livrant ou présentée comme se livrant à une activité sexuelle explicite,
(ii) soit dont la caractéristique dominante est la représentation, dans un but sexuel, d’organes sexuels ou de la région anale d’une personne âgée de moins de dix-huit ans;
b) de tout écrit, de toute représentation ou de tout enregistrement sonore qui préconise ou conseille une activité sexuelle avec une personne âgée de moins de dix-huit ans qui constituerait une infraction à la présente loi;
"""


def test_canada_in_french_numbers_articles_and_their_paragraphs():
    pages = one_page(CANADA_FR)
    result = segment(pages)
    assert result.recognised and result.layout == "number-margin"
    article = result.provisions[0]
    assert (article.kind, article.number, article.label) == ("article", "163.1", "Article 163.1")
    assert article.heading == "Définition de pornographie juvénile"
    paragraph = result.units[article.children[0]]
    assert (paragraph.kind, paragraph.label) == ("paragraph", "Article 163.1(1)")
    assert paragraph.text.startswith("(1) Au présent article, pornographie juvénile s’entend")
    assert result.message.startswith("1 article recognised")
    assert_spans_match_texts(pages, result)


# --------------------------------------------------------------------------------------------
# France: Légifrance

# https://app.livv.eu/books/LEGITEXT000006070719/... (the table of contents of the Code pénal
# down to Section 5, and article 227-22, first sentence);
# https://lexbase.fr/texte-de-loi/art-22723-code-penal/L6584IX7.html (article 227-23);
# https://git.tricoteuses.fr/codes/code_penal/commit/af4e46e632e28997225c253af0d81d2141dc522d
# (article 227-24 in its 2011-2014 version, wrapped as there).
LEGIFRANCE = """\
Code pénal
Partie législative
Livre II : Des crimes et délits contre les personnes
Titre II : Des atteintes à la personne humaine
Chapitre VII : Des atteintes aux mineurs et à la famille
Section 5 : De la mise en péril des mineurs
Article 227-22
Le fait de favoriser ou de tenter de favoriser la corruption d'un mineur est puni de cinq ans d'emprisonnement et de 75 000 euros d'amende.
Article 227-23
Le fait, en vue de sa diffusion, de fixer, d'enregistrer ou de transmettre l'image ou la représentation d'un mineur lorsque cette image ou cette représentation présente un caractère pornographique est puni de cinq ans d'emprisonnement et de 75 000 euros d'amende. Lorsque l'image ou la représentation concerne un mineur de quinze ans, ces faits sont punis même s'ils n'ont pas été commis en vue de la diffusion de cette image ou représentation.
Le fait d'offrir, de rendre disponible ou de diffuser une telle image ou représentation, par quelque moyen que ce soit, de l'importer ou de l'exporter, de la faire importer ou de la faire exporter, est puni des mêmes peines.
Les infractions prévues au présent article sont punies de dix ans d'emprisonnement et de 500 000 euros d'amende lorsqu'elles sont commises en bande organisée.
La tentative des délits prévus au présent article est punie des mêmes peines.
Article 227-24
Le fait soit de fabriquer, de transporter, de diffuser par quelque moyen que ce
soit et quel qu'en soit le support un message à caractère violent ou
pornographique ou de nature à porter gravement atteinte à la dignité humaine ou
à inciter des mineurs à se livrer à des jeux les mettant physiquement en danger,
soit de faire commerce d'un tel message, est puni de trois ans d'emprisonnement
et de 75 000 euros d'amende lorsque ce message est susceptible d'être vu ou
perçu par un mineur.
"""


def test_legifrance_articles_under_the_code_s_divisions():
    pages = one_page(LEGIFRANCE)
    result = segment(pages)
    assert result.layout == "article-alone"
    assert [unit.label for unit in result.provisions] == [
        "Article 227-22",
        "Article 227-23",
        "Article 227-24",
    ]
    units = by_label(result)
    article = units["Article 227-23"]
    assert (article.kind, article.number, article.heading) == ("article", "227-23", "")
    assert article.path == (
        "Code pénal",
        "Partie législative",
        "Livre II",
        "Titre II",
        "Chapitre VII",
        "Section 5",
    )
    assert article.text.startswith("Article 227-23 Le fait, en vue de sa diffusion")
    assert article.text.endswith(
        "La tentative des délits prévus au présent article est punie des mêmes peines."
    )
    assert [
        (units[label].kind, units[label].heading)
        for label in ("Livre II", "Chapitre VII", "Section 5")
    ] == [
        ("part", "Des crimes et délits contre les personnes"),
        ("chapter", "Des atteintes aux mineurs et à la famille"),
        ("chapter", "De la mise en péril des mineurs"),
    ]
    assert units["Article 227-24"].text.endswith("susceptible d'être vu ou perçu par un mineur.")
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# --------------------------------------------------------------------------------------------
# Switzerland: Fedlex

# https://lawbrary.ch/law/art/CP-v2023.08-fr-art-187 (Code pénal suisse, art. 187, ch. 1-2) and
# https://lawbrary.ch/law/art/CP-v2022.01-fr-art-197/print (art. 197, al. 1-3); footnote
# numbers left out.
FEDLEX = """\
Code pénal suisse
Art. 187
1. Mise en danger du développement de mineurs
Actes d’ordre sexuel avec des enfants
1. Celui qui aura commis un acte d’ordre sexuel sur un enfant de moins de 16 ans,
celui qui aura entraîné un enfant de cet âge à commettre un acte d’ordre sexuel,
celui qui aura mêlé un enfant de cet âge à un acte d’ordre sexuel,
sera puni d’une peine privative de liberté de cinq ans au plus ou d’une peine pécuniaire.
2. L’acte n’est pas punissable si la différence d’âge entre les participants ne dépasse pas trois ans.
Art. 197
4. Pornographie
1 Quiconque offre, montre, rend accessibles à une personne de moins de 16 ans ou met à sa disposition des écrits, enregistrements sonores ou visuels, images ou autres objets pornographiques ou des représentations pornographiques, ou les diffuse à la radio ou à la télévision, est puni d’une peine privative de liberté de trois ans au plus ou d’une peine pécuniaire.
2 Quiconque expose ou montre en public des objets ou des représentations visés à l’al. 1, ou les offre à une personne sans y avoir été invité, est puni de l’amende. Quiconque, lors d’expositions ou de représentations dans des locaux fermés, attire d’avance l’attention des spectateurs sur le caractère pornographique de celles-ci n’est pas punissable.
3 Quiconque recrute un mineur pour qu’il participe à une représentation pornographique ou favorise sa participation à une telle représentation est puni d’une peine privative de liberté de trois ans au plus ou d’une peine pécuniaire.
"""


def test_fedlex_articles_with_headings_below_and_numbered_paragraphs():
    pages = one_page(FEDLEX)
    result = segment(pages)
    assert result.layout == "article-heading"
    units = by_label(result)
    assert units["Art. 187"].heading == "Actes d’ordre sexuel avec des enfants"
    assert units["Art. 197"].heading == "Pornographie"
    assert [result.units[child].label for child in units["Art. 187"].children] == [
        "Art. 187(1)",
        "Art. 187(2)",
    ]
    assert units["Art. 187(1)"].text.endswith("ou d’une peine pécuniaire.")
    assert [result.units[child].number for child in units["Art. 197"].children] == [
        "197(1)",
        "197(2)",
        "197(3)",
    ]
    paragraph = units["Art. 197(2)"]
    assert paragraph.kind == "paragraph"
    assert paragraph.text.startswith("2 Quiconque expose ou montre en public")
    assert paragraph.text.endswith("n’est pas punissable.")
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# https://droit-bilingue.ch/en-fr/3/31/311.0-187-237.html (art. 187 and 197 with the heading on
# the number's line); the words of art. 187 ch. 1 as on lawbrary.ch above.
FEDLEX_INLINE = """\
Art. 187 Actes d’ordre sexuel avec des enfants
1. Celui qui aura commis un acte d’ordre sexuel sur un enfant de moins de 16 ans,
celui qui aura entraîné un enfant de cet âge à commettre un acte d’ordre sexuel,
celui qui aura mêlé un enfant de cet âge à un acte d’ordre sexuel,
sera puni d’une peine privative de liberté de cinq ans au plus ou d’une peine pécuniaire.
2. L’acte n’est pas punissable si la différence d’âge entre les participants ne dépasse pas trois ans.
Art. 197 4. Pornographie
1 Quiconque offre, montre, rend accessibles à une personne de moins de 16 ans ou met à sa disposition des écrits, enregistrements sonores ou visuels, images ou autres objets pornographiques ou des représentations pornographiques, ou les diffuse à la radio ou à la télévision, est puni d’une peine privative de liberté de trois ans au plus ou d’une peine pécuniaire.
"""


def test_fedlex_heading_on_the_article_line():
    result = segment(one_page(FEDLEX_INLINE))
    assert result.layout == "article-heading"
    assert [(unit.number, unit.heading) for unit in result.provisions] == [
        ("187", "Actes d’ordre sexuel avec des enfants"),
        ("197", "Pornographie"),
    ]
    assert "Art. 187(2)" in by_label(result)


# --------------------------------------------------------------------------------------------
# Ireland: "N.—(1)"

# https://www.irishstatutebook.ie/eli/1998/act/22/enacted/en/print.html, read at the mirror
# http://cefni-relay.virtual.tibus.net/eli/1998/act/22/section/1/enacted/en/print.html
# (Child Trafficking and Pornography Act, 1998: arrangement of sections 1-3, sections 1-2).
IRISH = """\
CHILD TRAFFICKING AND PORNOGRAPHY ACT, 1998
ARRANGEMENT OF SECTIONS
1. Short title and commencement.
2. Interpretation.
3. Child trafficking and taking, etc., child for sexual exploitation.
BE IT ENACTED BY THE OIREACHTAS AS FOLLOWS:
Short title and commencement.
{prefix}1.—(1) This Act may be cited as the Child Trafficking and Pornography Act, 1998.
(2) This Act shall come into operation one month after the date of its passing.
Interpretation.
{prefix}2.—(1) In this Act, except where the context otherwise requires—
“audio representation” includes—
(a) any such representation by means of tape, computer disk or other thing from which such a representation can be produced, and
(b) any tape, computer disk or other thing on which any such representation is recorded;
“child” means a person under the age of 17 years;
"""


@pytest.mark.parametrize(
    ("prefix", "layout"), [("", "number-dash"), ("Section ", "section-keyword")]
)
def test_irish_sections_with_headings_ending_in_a_full_stop(prefix, layout):
    pages = one_page(IRISH.format(prefix=prefix))
    result = segment(pages)
    assert result.layout == layout
    assert [(unit.label, unit.heading) for unit in result.provisions] == [
        ("Section 1", "Short title and commencement"),
        ("Section 2", "Interpretation"),
    ]
    units = by_label(result)
    assert units["Section 1(2)"].text == (
        "(2) This Act shall come into operation one month after the date of its passing."
    )
    assert units["Section 2"].text.startswith(f"Interpretation. {prefix}2.—(1) In this Act")
    # The arrangement of sections is the act's own text, not three sections.
    act = units["CHILD TRAFFICKING AND PORNOGRAPHY ACT, 1998"]
    assert act.kind == "act"
    assert "2. Interpretation. 3. Child trafficking" in act.text
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# --------------------------------------------------------------------------------------------
# Belgium and Luxembourg: "Art. N." followed by the text

# https://refli.be/fr/lex/2022031330 (Belgium, Loi du 21 mars 2022 modifiant le Code pénal en
# ce qui concerne le droit pénal sexuel, as published on Justel): the quoted "Art. 417/5."
# inserted by article 5 is not an article of this law.
BELGIUM = """\
TITRE Ier.- Disposition préliminaire
Article 1er. La présente loi règle une matière visée à l'article 74 de la Constitution.
TITRE II.- Modifications du Code pénal relatives aux infractions sexuelles
Chapitre 1er.- Des infractions portant atteinte à l'intégrité sexuelle, au droit à l'autodétermination sexuelle et aux bonnes moeurs
Art. 2. Dans le livre 2, titre VIII, du Code pénal, il est inséré un chapitre I/1 intitulé "Des infractions portant atteinte à l'intégrité sexuelle, au droit à l'autodétermination sexuelle et aux bonnes moeurs".
Art. 3. Dans le chapitre I/1, inséré par l'article 2, il est inséré une section 1re intitulée "De l'atteinte à l'intégrité sexuelle, du voyeurisme, de la diffusion non consentie de contenus à caractère sexuel et du viol".
Art. 4. Dans la section 1ère, insérée par l'article 3, il est inséré une sous-section 1ère intitulée "Du consentement en matière de droit à l'autodétermination sexuelle".
Art. 5. Dans la sous-section 1ère, insérée par l'article 4, il est inséré un article 417/5, rédigé comme suit:
"Art. 417/5. La définition du consentement en matière de droit à l'autodétermination sexuelle
Le consentement suppose que celui-ci a été donné librement. Ceci est apprécié au regard des circonstances de l'affaire.
"""


def test_belgian_articles_followed_by_their_text():
    pages = one_page(BELGIUM)
    result = segment(pages)
    assert result.layout == "article-inline"
    assert [unit.label for unit in result.provisions] == [
        "Article 1er",
        "Art. 2",
        "Art. 3",
        "Art. 4",
        "Art. 5",
    ]
    units = by_label(result)
    assert units["Article 1er"].number == "1er"
    assert units["Article 1er"].path == ("Titre Ier",)
    assert units["Art. 3"].path == ("Titre II", "Chapitre 1er")
    assert units["Titre II"].heading == (
        "Modifications du Code pénal relatives aux infractions sexuelles"
    )
    assert units["Art. 5"].text.endswith(
        "Ceci est apprécié au regard des circonstances de l'affaire."
    )
    assert "Art. 417/5" not in units
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# https://ro.scribd.com/document/32510094/cp-L2T07 (Luxembourg, Code pénal, Livre II, Titre VII,
# as consolidated by the Service central de législation): the title runs over two lines and
# each article starts with the law that amended it.
LUXEMBOURG = """\
TITRE VII.
- Des crimes et des délits contre l'ordre des familles et
contre la moralité publique.
Chapitre Ier. - De l'avortement.
(L. 15 novembre 1978)
Art. 348. (L. 15 novembre 1978) Celui qui, par aliments, breuvages, médicaments, violences,
manoeuvres ou par tout autre moyen aura, à dessein, fait avorter ou tenté de faire avorter une femme
enceinte ou supposée enceinte qui n'y a pas consenti sera puni de la réclusion de cinq à dix ans.
Art. 349. (L. 15 novembre 1978) Lorsque l'avortement a été causé par des violences exercées
volontairement, mais sans intention de le produire le coupable sera puni d'un emprisonnement de trois
mois à deux ans et d'une amende de 251 euros à 3.000 euros.
Si les violences ont été commises avec préméditation ou avec connaissance de l'état de la femme,
l'emprisonnement sera de six mois à trois ans, et l'amende de 500 euros à 5.000 euros.
- Voir C. pén., art. 483.
Art. 350. (L. 15 novembre 1978) Celui qui, par aliments, breuvages, médicaments ou par tout autre
moyen aura avorté ou tenté d'avorter une femme enceinte ou supposée enceinte qui y a consenti, sera
condamné à un emprisonnement de deux ans à cinq ans et à une amende de 251 euros à 25.000
euros.
"""


def test_luxembourg_articles_and_a_title_over_two_lines():
    pages = one_page(LUXEMBOURG)
    result = segment(pages)
    assert result.layout == "article-inline"
    assert [unit.number for unit in result.provisions] == ["348", "349", "350"]
    units = by_label(result)
    assert units["Titre VII"].heading == (
        "Des crimes et des délits contre l'ordre des familles et contre la moralité publique"
    )
    assert units["Chapitre Ier"].heading == "De l'avortement"
    assert units["Art. 349"].path == ("Titre VII", "Chapitre Ier")
    assert units["Art. 349"].text.endswith("- Voir C. pén., art. 483.")
    assert_spans_match_texts(pages, result)


# --------------------------------------------------------------------------------------------
# "§ N" and "Section N"

# https://fdocuments.us/document/penal-code-imolin-codepdf-penal-code-passed-6-june-2001-rt1-i-
# 2001-61.html (Estonia, Penal Code, English translation, §§ 1-3, as on riigiteataja.ee/en).
ESTONIA = """\
Penal Code
General Part
Chapter 1
General Provisions
§ 1. Scope of application of General Part of Penal Code
(1) The provisions of the General Part of the Penal Code apply to the imposition of punishments for offences provided for in the Special Part of this Code and other Acts.
(2) For the purposes of this Chapter, “penal law” means this Code or any other Act which prescribes a punishment for an offence.
§ 2. Basis for punishment
(1) No one shall be convicted or punished for an act which was not an offence pursuant to the law applicable at the time of the commission of the act.
(2) A person shall be punished for an act if the act comprises the necessary elements of an offence, is unlawful and the person is guilty of the commission of the offence.
(3) No one shall be punished more than once for the same offence, regardless of whether the punishment is imposed in Estonia or in another state.
(4) An act shall not be declared to be an offence by analogy in law.
§ 3. Types of offences
(1) An offence is a punishable act provided for in this Code or another Act.
(2) Offences are criminal offences and misdemeanours.
"""


def test_paragraph_sign_sections():
    pages = one_page(ESTONIA)
    result = segment(pages)
    assert result.layout == "paragraph-sign"
    assert [(unit.label, unit.number, unit.heading) for unit in result.provisions] == [
        ("§ 1", "1", "Scope of application of General Part of Penal Code"),
        ("§ 2", "2", "Basis for punishment"),
        ("§ 3", "3", "Types of offences"),
    ]
    units = by_label(result)
    assert units["§ 2"].path == ("Penal Code", "Chapter 1")
    assert units["Chapter 1"].heading == "General Provisions"
    assert (
        units["§ 2(4)"].text
        == "(4) An act shall not be declared to be an offence by analogy in law."
    )
    assert units["§ 2(4)"].kind == "subsection"
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# https://legislation.gov.uk/cy/ukpga/1988/33/section/160/1995-02-03?view=plain+extent (Criminal
# Justice Act 1988, s. 160 as in force in 1995; the annotation markers F1-F4 and their brackets
# left out), laid out as "Section 160(1)".
SECTION_WORD = """\
Section 160(1) It is an offence for a person to have any indecent photograph or pseudo-photograph of a child in his possession.
(2) Where a person is charged with an offence under subsection (1) above, it shall be a defence for him to prove—
(a) that he had a legitimate reason for having the photograph or pseudo-photograph in his possession; or
(b) that he had not himself seen the photograph or pseudo-photograph and did not know, nor had any cause to suspect, it to be indecent; or
(c) that the photograph or pseudo-photograph was sent to him without any prior request made by him or on his behalf and that he did not keep it for an unreasonable time.
(3) A person shall be liable on summary conviction of an offence under this section to imprisonment for a term not exceeding six months or a fine not exceeding level 5 on the standard scale, or both.
(4) Sections 1(3), 2(3), 3 and 7 of the Protection of Children Act 1978 shall have effect as if any reference in them to that Act included a reference to this section.
(5) Possession before this section comes into force is not an offence.
"""


def test_section_keyword_with_the_first_subsection_on_its_line():
    pages = one_page(SECTION_WORD)
    result = segment(pages)
    assert result.layout == "section-keyword"
    section = result.provisions[0]
    assert (section.label, section.number, section.kind) == ("Section 160", "160", "section")
    children = [result.units[child] for child in section.children]
    assert [(child.number, child.label) for child in children] == [
        ("160(1)", "Section 160(1)"),
        ("160(2)", "Section 160(2)"),
        ("160(3)", "Section 160(3)"),
        ("160(4)", "Section 160(4)"),
        ("160(5)", "Section 160(5)"),
    ]
    assert children[0].text == (
        "(1) It is an offence for a person to have any indecent photograph or pseudo-photograph "
        "of a child in his possession."
    )
    # "subsection (1) above", "Sections 1(3), 2(3), 3 and 7" are references, not units.
    assert len(result.provisions) == 1
    assert_spans_match_texts(pages, result)


# --------------------------------------------------------------------------------------------
# Australia: divisions numbered inside chapters, headings above a number standing alone

# https://ato.gov.au/law/view/document?docid=PAC%2F19950012%2FSch-474.24A (Criminal Code Act
# 1995, Schedule, Chapter 10, Part 10.6, Division 473, as the ATO's HTML page gives it as text:
# each dash, term and number on a line of its own).
AUSTRALIA = """\
CHAPTER 10
-
NATIONAL INFRASTRUCTURE
Part 10.6
-
Telecommunications Services
Division 473
-
Preliminary
Definitions
473.1
In this Part:
loss
means a loss in property, whether temporary or permanent, and includes not getting what one might get.
obtaining
includes:
(a)
obtaining for another person; and
(b)
inducing a third person to do something that results in another person obtaining.
Dishonesty
473.2
For the purposes of this Part,
dishonest
means:
(a)
dishonest according to the standards of ordinary people; and
(b)
known by the defendant to be dishonest according to the standards of ordinary people.
Determination of dishonesty to be a matter for the trier of fact
473.3
In a prosecution for an offence against this Part, the determination of dishonesty is a matter for the trier of fact.
Division 474
-
Telecommunications offences
"""


def test_australian_parts_nest_in_the_chapter_whose_number_they_extend():
    pages = one_page(AUSTRALIA)
    result = segment(pages)
    assert [(unit.number, unit.heading) for unit in result.provisions] == [
        ("473.1", "Definitions"),
        ("473.2", "Dishonesty"),
        ("473.3", "Determination of dishonesty to be a matter for the trier of fact"),
    ]
    units = by_label(result)
    assert units["Section 473.2"].path == ("Chapter 10", "Part 10.6", "Division 473")
    assert units["Part 10.6"].heading == "Telecommunications Services"
    assert units["Division 474"].parent == units["Part 10.6"].index
    assert units["Section 473.2"].text.endswith("according to the standards of ordinary people.")
    assert_spans_match_texts(pages, result)
    assert_tree_is_consistent(result)


# --------------------------------------------------------------------------------------------
# A PDF: running headers, footers and page numbers


def test_pdf_running_headers_footers_and_page_numbers_stay_out_of_the_units():
    lines = (CANADA_150_1 + CANADA_151 + CANADA_163_1).splitlines()
    wrapped = [part for line in lines for part in textwrap.wrap(line, 80)]
    body_per_page = 9
    pages = [
        [
            "Criminal Code",
            "PART V Sexual Offences, Public Morals and Disorderly Conduct",
            *wrapped[start : start + body_per_page],
            "Current to December 12, 2023",
            str(number),
        ]
        for number, start in enumerate(range(0, len(wrapped), body_per_page), start=1)
    ]
    read = extract_pages(make_pdf(pages), kind="pdf", max_pages=10)
    assert len(read) == len(pages) >= 3
    result = segment(read)
    assert [unit.number for unit in result.provisions] == ["150.1", "151", "163.1"]
    for unit in result.units:
        assert "Current to" not in unit.text
        assert "Disorderly Conduct" not in unit.text or unit.kind == "part"
    units = by_label(result)
    assert units["Criminal Code"].kind == "act"
    assert units["Part V"].heading == "Sexual Offences, Public Morals and Disorderly Conduct"
    assert units["Section 151"].path == ("Criminal Code", "Part V")
    assert units["Section 151"].heading == "Sexual interference"
    # A section running over a page break keeps its words, without the furniture between.
    section = units["Section 150.1"]
    assert squeezed(" ".join(CANADA_150_1.splitlines())) == section.text
    assert section.page == 1
    assert units["Section 163.1"].page == len(read)
    text = full_text(read)
    assert text[section.start :].startswith("Consent no defence")
    assert text[: section.end].endswith(CANADA_150_1.splitlines()[-1][-20:].strip())


# --------------------------------------------------------------------------------------------
# A large code


def test_a_code_of_several_thousand_sections_over_five_hundred_pages():
    # The pattern of UK_PRINTED section 9, renumbered 1 to 3500, seven sections to a page, with
    # a running header and page numbers: about 2 million characters.
    section = "\n".join(UK_PRINTED.splitlines()[4:20])
    pages = []
    for page in range(500):
        body = "\n".join(
            section.replace("9 Sexual activity", f"{page * 7 + offset + 1} Sexual activity", 1)
            for offset in range(7)
        )
        pages.append(Page(page + 1, f"Sexual Offences Act 2003 (c. 42)\n{body}\n{page + 1}"))
    assert sum(len(page.text) for page in pages) > 1_500_000
    result = segment(pages)
    provisions = result.provisions
    assert [unit.number for unit in provisions] == [str(number) for number in range(1, 3501)]
    assert all(len(unit.children) == 3 for unit in provisions)
    assert provisions[-1].page == 500
    assert not any("Sexual Offences Act 2003 (c. 42)" in unit.text for unit in provisions)


# --------------------------------------------------------------------------------------------
# Nothing recognised

PROSE = """\
Reply of the Party on the protection of children

The Party reports that all professionals working in contact with children receive initial
training on the protection of children, including on self-regulation within institutions.

Training is compulsory since 2019 for judges and prosecutors. Article 20 of the Convention
is reflected in the criminal law, as the previous reply explained.
"""


def test_prose_without_numbering_is_read_paragraph_by_paragraph():
    pages = one_page(PROSE)
    result = segment(pages)
    assert not result.recognised
    assert result.layout == "paragraphs"
    assert result.message == UNRECOGNISED_MESSAGE
    assert result.message == (
        "No section or article numbering was recognised in this file; it is read paragraph by "
        "paragraph."
    )
    assert [(unit.kind, unit.label) for unit in result.units] == [
        ("paragraph", "Paragraph 1"),
        ("paragraph", "Paragraph 2"),
    ]
    assert result.units[0].heading == "Reply of the Party on the protection of children"
    assert result.units[1].text.startswith("Training is compulsory since 2019")
    assert result.provisions == []
    assert_spans_match_texts(pages, result)


def test_the_fallback_keeps_a_given_title_as_the_act():
    result = segment(one_page(PROSE), title="Reply of the Party")
    act, *paragraphs = result.units
    assert (act.kind, act.label) == ("act", "Reply of the Party")
    assert act.children == tuple(unit.index for unit in paragraphs)
    assert paragraphs[0].path == ("Reply of the Party",)


def test_a_given_title_names_the_act():
    result = segment(one_page(LEGIFRANCE.replace("Code pénal\n", "", 1)), title="Code pénal")
    act = result.units[0]
    assert (act.kind, act.label, act.level) == ("act", "Code pénal", 0)
    assert by_label(result)["Article 227-22"].path[0] == "Code pénal"


@pytest.mark.parametrize("pages", [[], [Page(1, "")], [Page(1, " \n\n "), Page(2, "\n")]])
def test_empty_input(pages):
    result = segment(pages)
    assert result == Segmentation((), False, "empty", EMPTY_MESSAGE)
