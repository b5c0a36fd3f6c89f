"""Short extracts of real statutes for tests, copied verbatim from where they were found (the
copies are the official text as published; the source and the official address are given with
each). Legal text only."""

# Criminal Code of Canada (R.S.C. 1985, c. C-46), s. 163.1(1)-(2), an earlier consolidation.
# Official: https://laws-lois.justice.gc.ca/eng/acts/c-46/section-163.1.html
# Copied from UNODC SHERLOC's copy:
# https://sherloc.unodc.org/cld/zh/legislation/can/criminal_code/part_v/sections_163.1-164.3/sections_163.1-164.3.html
CANADA_163_1 = [
    "Child pornography",
    "163.1 (1) In this section, “child pornography” means",
    "(a) a photographic, film, video or other visual representation, whether or not it was made",
    "by electronic or mechanical means,",
    "(i) that shows a person who is or is depicted as being under the age of eighteen years and "
    "is engaged in or is depicted as engaged in explicit sexual activity, or",
    "(ii) the dominant characteristic of which is the depiction, for a sexual purpose, of a "
    "sexual organ or the anal region of a person under the age of eighteen years;",
    "(2) Every person who makes, prints, publishes or possesses for the purpose of publication "
    "any child pornography is guilty of",
    "(a) an indictable offence and liable to imprisonment for a term not exceeding ten years and "
    "to a minimum punishment of imprisonment for a term of one year; or",
    "(b) an offence punishable on summary conviction and is liable to imprisonment for a term "
    "not exceeding two years less a day and to a minimum punishment of imprisonment for a term "
    "of six months.",
]

# Criminal Code of Canada, s. 172.1(1)-(2) (luring a child), an earlier consolidation.
# Official: https://laws-lois.justice.gc.ca/eng/acts/c-46/section-172.1.html
# Copied from http://www.criminal-code.ca/criminal-code-of-canada-section-172-1-1-luring-a-child/
CANADA_172_1 = [
    "Luring a child",
    "172.1 (1) Every person commits an offence who, by a means of telecommunication, "
    "communicates with (a) a person who is, or who the accused believes is, under the age of 18 "
    "years, for the purpose of facilitating the commission of an offence under subsection "
    "153(1), section 155, 163.1, 170 or 171 or subsection 212(1), (2), (2.1) or (4) with respect "
    "to that person; (b) a person who is, or who the accused believes is, under the age of 16 "
    "years, for the purpose of facilitating the commission of an offence under section 151 or "
    "152, subsection 160(3) or 173(2) or section 271, 272, 273 or 280 with respect to that "
    "person; or (c) a person who is, or who the accused believes is, under the age of 14 years, "
    "for the purpose of facilitating the commission of an offence under section 281 with respect "
    "to that person.",
]

# Code pénal (France), article 227-23, version in force after loi n° 2021-478.
# Official: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000043409305
# Copied from Lexbase's copy: https://lexbase.fr/texte-de-loi/art-22723-code-penal/L6584IX7.html
FRANCE_227_23 = [
    "Article 227-23",
    "Le fait, en vue de sa diffusion, de fixer, d'enregistrer ou de transmettre l'image ou la "
    "représentation d'un mineur lorsque cette image ou cette représentation présente un "
    "caractère pornographique est puni de cinq ans d'emprisonnement et de 75 000 euros "
    "d'amende. Lorsque l'image ou la représentation concerne un mineur de quinze ans, ces faits "
    "sont punis même s'ils n'ont pas été commis en vue de la diffusion de cette image ou "
    "représentation.",
    "Le fait d'offrir, de rendre disponible ou de diffuser une telle image ou représentation, "
    "par quelque moyen que ce soit, de l'importer ou de l'exporter, de la faire importer ou de "
    "la faire exporter, est puni des mêmes peines.",
    "Le fait de consulter habituellement ou en contrepartie d'un paiement un service de "
    "communication au public en ligne mettant à disposition une telle image ou représentation, "
    "d'acquérir ou de détenir une telle image ou représentation par quelque moyen que ce soit "
    "est puni de deux ans d'emprisonnement et 30 000 euros d'amende.",
]
