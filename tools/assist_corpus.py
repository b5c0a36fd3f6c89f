"""The synthetic labelled sets of indicator assistance: invented replies of invented Parties,
in English and in French, written to lanzarote/data/evaluation/assistance/synthetic-{dev,test}.json.

Not part of the package: the product reads the committed sets
(`lanzarote.assessments.assist.evaluation`), this writes them. Run from the repository root:

    .venv/bin/python -c "from tools.assist_corpus import write_sets; write_sets()"

The same seeds give the same bytes (tests/test_assist.py checks that the committed sets are what
this writes).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lanzarote.assessments.assist.engine import STANDARD_VALUES
from lanzarote.assessments.assist.evaluation import DEFAULT_DIR, FORMAT, LANGUAGES, SPLITS

# The synthetic set: invented replies of invented Parties, in English and in French
#
# Each indicator has, per language, phrasings of a yes ("yes": with a key phrase where the
# indicator has key phrases in that language; "yes_para": a paraphrase sharing none), of a no
# and of a partly. Each cell holds two phrasings: the first is used in the dev split, the second
# in the test split, so that no sentence of the test split was seen while fitting. Four
# indicators have no French description and no French key phrase (only English ones), as an
# indicator may be described in one language only: their French replies must be found through
# the vectors.

_INDICATORS: tuple[dict[str, Any], ...] = (
    {
        "code": "csam-term",
        "label_en": "The law uses the term “child sexual abuse material”",
        "label_fr": "La loi emploie l'expression « matériel d'abus sexuels sur enfants »",
        "description_en": "Whether national legislation uses the term 'child sexual abuse "
        "material' (rather than 'child pornography') for sexual images and videos of children.",
        "description_fr": "La législation nationale emploie-t-elle l'expression « matériel "
        "d'abus sexuels sur enfants » (plutôt que « pornographie enfantine ») pour les images "
        "et vidéos sexuelles d'enfants.",
        "keywords_en": [
            "child sexual abuse material",
            "child sexual abuse materials",
            "sexual abuse material",
            "CSAM",
            "-child pornography",
        ],
        "keywords_fr": [
            "matériel d'abus sexuels sur enfants",
            "matériel d'abus sexuels",
            "contenus d'abus sexuels sur enfants",
            "-pornographie enfantine",
            "-pédopornographie",
        ],
        "questions": ["8"],
    },
    {
        "code": "csam-definition",
        "label_en": "The law defines child sexual abuse material",
        "label_fr": "La loi définit le matériel d'abus sexuels sur enfants",
        "description_en": "Whether national law contains a legal definition of child sexual "
        "abuse material (or child pornography): which images, videos or other representations "
        "of a child it covers.",
        "description_fr": "La législation nationale contient-elle une définition juridique du "
        "matériel d'abus sexuels sur enfants (ou pédopornographie) : quelles images, vidéos ou "
        "autres représentations d'un enfant sont couvertes.",
        "keywords_en": [
            "legal definition",
            "definition of child sexual abuse material",
            "definition of child pornography",
            "defines child sexual abuse material",
            "defines child pornography",
            "is defined as",
        ],
        "keywords_fr": [
            "définition légale",
            "définition juridique",
            "définit le matériel",
            "définit la pornographie enfantine",
            "est définie comme",
            "s'entend de",
        ],
        "questions": ["8"],
    },
    {
        "code": "self-generated-reference",
        "label_en": "The law refers explicitly to child self-generated sexual material",
        "label_fr": "La loi mentionne expressément les contenus sexuels autoproduits par des "
        "enfants",
        "description_en": "Whether legislation explicitly refers to sexual images or videos "
        "produced by children themselves (self-generated material, sexting).",
        "description_fr": "La législation mentionne-t-elle expressément les images ou vidéos à "
        "caractère sexuel produites par les enfants eux-mêmes (contenus autoproduits, sextos).",
        "keywords_en": [
            "self-generated",
            "self-produced",
            "produced by the child",
            "produced by children themselves",
            "sexting",
        ],
        "keywords_fr": [
            "autoproduit",
            "produits par les enfants eux-mêmes",
            "produites par l'enfant",
            "sextos",
            "sexting",
        ],
        "questions": ["9"],
    },
    {
        "code": "no-prosecution-own-material",
        "label_en": "Children are not prosecuted for their own self-generated material",
        "label_fr": "Les enfants ne sont pas poursuivis pour leurs propres contenus autoproduits",
        "description_en": "Whether children are protected from criminal prosecution for "
        "producing or possessing sexual images of themselves, for sharing them with a peer "
        "with consent, or for receiving them unsolicited.",
        "description_fr": "Les enfants sont-ils à l'abri de poursuites pénales lorsqu'ils "
        "produisent ou détiennent des images sexuelles d'eux-mêmes, les partagent avec un pair "
        "avec son consentement, ou les reçoivent sans les avoir sollicitées.",
        "keywords_en": [
            "exempt from criminal liability",
            "exemption from criminal liability",
            "exempt from prosecution",
            "protected from prosecution",
            "exemption",
            "-prosecuted",
            "-prosecution",
            "-criminally liable",
            "-criminal liability",
        ],
        "keywords_fr": [
            "exonéré de responsabilité pénale",
            "exonération de responsabilité pénale",
            "à l'abri de poursuites",
            "exemption",
            "-poursuivis",
            "-poursuites",
            "-pénalement responsables",
            "-responsabilité pénale",
        ],
        "questions": ["10"],
    },
    {
        "code": "coercion-extortion",
        "label_en": "The law criminalises using sexual material to coerce or extort a child",
        "label_fr": "La loi incrimine l'utilisation de contenus sexuels pour contraindre ou "
        "extorquer un enfant",
        "description_en": "Whether the law makes it a criminal offence to use sexual images or "
        "videos of a child to coerce, threaten or extort the child (sexual extortion, "
        "'sextortion').",
        "description_fr": "",
        "keywords_en": [
            "sexual extortion",
            "sextortion",
            "extortion",
            "extort",
            "coerce",
            "coercion",
            "threatens to disseminate",
        ],
        "keywords_fr": [],
        "questions": ["11"],
    },
    {
        "code": "jurisdiction-transnational",
        "label_en": "Jurisdiction over offences committed abroad",
        "label_fr": "Compétence pour les infractions commises à l'étranger",
        "description_en": "Whether the courts have jurisdiction over sexual offences against "
        "children committed abroad by nationals or habitual residents, or online across "
        "borders.",
        "description_fr": "Les juridictions sont-elles compétentes pour les infractions "
        "sexuelles contre des enfants commises à l'étranger par des ressortissants ou des "
        "résidents habituels, ou en ligne depuis l'étranger.",
        "keywords_en": [
            "jurisdiction",
            "extraterritorial",
            "committed abroad",
            "committed outside",
            "outside the territory",
        ],
        "keywords_fr": [
            "compétence",
            "compétent",
            "extraterritoriale",
            "commises à l'étranger",
            "hors du territoire",
            "ressortissants",
        ],
        "questions": ["12"],
    },
    {
        "code": "ex-officio",
        "label_en": "Prosecution does not depend on a complaint by the victim",
        "label_fr": "Les poursuites ne dépendent pas d'une plainte de la victime",
        "description_en": "Whether sexual offences against children are prosecuted ex officio, "
        "without requiring a complaint by the victim or the victim's legal representative.",
        "description_fr": "Les infractions sexuelles contre des enfants sont-elles poursuivies "
        "d'office, sans qu'une plainte de la victime ou de son représentant légal soit "
        "nécessaire.",
        "keywords_en": [
            "ex officio",
            "of its own motion",
            "without a complaint",
            "irrespective of a complaint",
            "-complaint",
        ],
        "keywords_fr": ["d'office", "sans plainte", "indépendamment de toute plainte", "-plainte"],
        "questions": ["14"],
    },
    {
        "code": "no-dual-criminality",
        "label_en": "No dual criminality requirement",
        "label_fr": "Absence d'exigence de double incrimination",
        "description_en": "Whether offences committed abroad can be prosecuted even when the act "
        "is not an offence in the country where it was committed (no dual criminality "
        "requirement).",
        "description_fr": "Les infractions commises à l'étranger peuvent-elles être poursuivies "
        "même lorsque les faits ne sont pas punissables dans le pays où ils ont été commis "
        "(pas d'exigence de double incrimination).",
        "keywords_en": [
            "irrespective of the law of the place",
            "-dual criminality",
            "-double criminality",
            "-also punishable",
            "-punishable in the State where",
        ],
        "keywords_fr": [
            "indépendamment de la législation du pays",
            "-double incrimination",
            "-également punissables",
        ],
        "questions": ["12"],
    },
    {
        "code": "specialised-units",
        "label_en": "Specialised law-enforcement units",
        "label_fr": "Unités spécialisées des services répressifs",
        "description_en": "Whether the police or the prosecution service have specialised units "
        "or departments dealing with sexual exploitation and sexual abuse of children, "
        "including online.",
        "description_fr": "",
        "keywords_en": [
            "specialised unit",
            "specialized unit",
            "dedicated unit",
            "specialised department",
            "specialised prosecutors",
            "specialised police",
            "cybercrime unit",
        ],
        "keywords_fr": [],
        "questions": ["13"],
    },
    {
        "code": "training-justice",
        "label_en": "Training of police, prosecutors and judges",
        "label_fr": "Formation des policiers, des procureurs et des juges",
        "description_en": "Whether police officers, prosecutors and judges receive specific "
        "training on sexual exploitation and sexual abuse of children, including offences "
        "committed online.",
        "description_fr": "",
        "keywords_en": [
            "training for judges",
            "training of judges",
            "judges and prosecutors",
            "police officers receive training",
            "training of police",
            "judicial academy",
            "training course",
        ],
        "keywords_fr": [],
        "questions": ["15"],
    },
    {
        "code": "victim-support-online",
        "label_en": "Support services for child victims of online abuse",
        "label_fr": "Services d'aide aux enfants victimes d'abus en ligne",
        "description_en": "Whether there are support services (helplines, counselling, therapy, "
        "removal of images) designed for children who are victims of sexual abuse or "
        "exploitation online.",
        "description_fr": "",
        "keywords_en": [
            "victims of online",
            "online abuse",
            "helpline",
            "counselling",
            "psychological support",
            "support services",
        ],
        "keywords_fr": [],
        "questions": ["6"],
    },
)

# code -> lang -> cell -> (dev phrasing, test phrasing). Slots: {art} ("Article 204"),
# {art_fr} ("l'article 204"), {year}. The first letter is capitalised after filling.
_PHRASINGS: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "csam-term": {
        "en": {
            "yes": (
                "Since the amendment of {year}, {art} of the Criminal Code uses the term “child "
                "sexual abuse material” and no longer refers to child pornography.",
                "The legislation adopted in {year} consistently refers to child sexual abuse "
                "material (CSAM), in line with the Terminology Guidelines.",
            ),
            "yes_para": (
                "The offences in {art} of the Criminal Code are now worded in terms of images "
                "and videos recording the sexual abuse of children; the reference to pornography "
                "was dropped from the statute in {year}.",
                "Our statutes describe such content as material documenting the sexual abuse of "
                "a child, a wording chosen to reflect the harm done to the victim.",
            ),
            "no": (
                "The Criminal Code continues to use the expression “child pornography” in "
                "{art}; the term “child sexual abuse material” does not appear in national "
                "legislation.",
                "National law does not use the term child sexual abuse material. The relevant "
                "offences are described in {art} of the Penal Code as offences of child "
                "pornography.",
            ),
            "partly": (
                "The term “child sexual abuse material” is used in the Online Safety Act of "
                "{year}, while the Criminal Code still refers to child pornography.",
                "Both expressions coexist: the new provisions on online offences speak of child "
                "sexual abuse material, but older provisions of the Criminal Code have not yet "
                "been amended and refer to child pornography.",
            ),
        },
        "fr": {
            "yes": (
                "Depuis la réforme de {year}, {art_fr} du Code pénal emploie l'expression « "
                "matériel d'abus sexuels sur enfants » et ne parle plus de pornographie "
                "enfantine.",
                "La législation adoptée en {year} vise désormais le matériel d'abus sexuels sur "
                "enfants, conformément aux Lignes directrices terminologiques.",
            ),
            "yes_para": (
                "Les infractions de {art_fr} du Code pénal visent désormais les images et "
                "vidéos montrant des violences sexuelles commises sur des enfants ; le mot « "
                "pornographie » a été retiré du texte en {year}.",
                "Nos textes qualifient ces contenus de supports représentant des agressions "
                "sexuelles sur mineurs, afin de souligner le préjudice subi par la victime.",
            ),
            "no": (
                "Le Code pénal continue d'employer l'expression « pornographie enfantine » à "
                "{art_fr} ; l'expression « matériel d'abus sexuels sur enfants » n'apparaît pas "
                "dans la législation nationale.",
                "La législation nationale ne retient pas la notion de matériel d'abus sexuels "
                "sur enfants ; les infractions sont définies à {art_fr} du Code pénal comme des "
                "infractions de pédopornographie.",
            ),
            "partly": (
                "L'expression « matériel d'abus sexuels sur enfants » figure dans la loi de "
                "{year} sur la sécurité en ligne, alors que le Code pénal parle toujours de "
                "pornographie enfantine.",
                "Les deux terminologies coexistent : les nouvelles dispositions visent le "
                "matériel d'abus sexuels, mais les dispositions plus anciennes du Code pénal, "
                "qui n'ont pas encore été modifiées, mentionnent la pédopornographie.",
            ),
        },
    },
    "csam-definition": {
        "en": {
            "yes": (
                "{art} of the Criminal Code contains a legal definition of the prohibited "
                "material: any visual depiction of a child engaged in real or simulated sexually "
                "explicit conduct, or of the sexual organs of a child for primarily sexual "
                "purposes.",
                "For the purposes of the offences in {art}, the material is defined as any "
                "image, video or other representation of a person under eighteen engaged in "
                "sexually explicit conduct.",
            ),
            "yes_para": (
                "The scope of the prohibited images is spelt out in the law itself: any "
                "depiction, real or simulated, of a person under eighteen in sexually explicit "
                "conduct falls within it.",
                "Parliament set out in {art} exactly which depictions of minors are covered, "
                "including realistic images of non-existent children.",
            ),
            "no": (
                "There is no legal definition of the prohibited material; its scope is left to "
                "the courts, which interpret {art} case by case.",
                "The Criminal Code does not define the images covered by {art}, and the courts "
                "rely on the ordinary meaning of the words.",
            ),
            "partly": (
                "A legal definition exists only for photographs and videos; drawings, written "
                "material and computer-generated images are not covered by {art}.",
                "The material is defined as pornographic images of children, but the definition "
                "is limited to visual material and leaves out audio recordings and written "
                "material.",
            ),
        },
        "fr": {
            "yes": (
                "{art_fr} du Code pénal contient une définition légale du matériel interdit : "
                "toute représentation visuelle d'un enfant se livrant à un comportement "
                "sexuellement explicite, réel ou simulé.",
                "Aux fins des infractions prévues à {art_fr}, le matériel s'entend de toute "
                "image, vidéo ou autre représentation d'une personne de moins de dix-huit ans se "
                "livrant à un comportement sexuellement explicite.",
            ),
            "yes_para": (
                "La loi précise elle-même quelles images sont visées : toute représentation, "
                "réelle ou simulée, d'une personne de moins de dix-huit ans dans un comportement "
                "sexuellement explicite.",
                "Le législateur a fixé à {art_fr} la liste des représentations de mineurs qui "
                "tombent sous le coup de la loi, y compris les images réalistes d'enfants qui "
                "n'existent pas.",
            ),
            "no": (
                "Il n'existe pas de définition légale du matériel interdit ; sa portée est "
                "laissée à l'appréciation des tribunaux, qui interprètent {art_fr} au cas par "
                "cas.",
                "Le Code pénal ne définit pas les images visées à {art_fr} ; les juridictions "
                "s'en tiennent au sens courant des termes.",
            ),
            "partly": (
                "Une définition légale existe uniquement pour les photographies et les vidéos ; "
                "les dessins et les images de synthèse ne sont pas couverts par {art_fr}.",
                "Le matériel est défini comme toute image pornographique d'un enfant, mais la "
                "définition se limite aux supports visuels et laisse de côté les enregistrements "
                "sonores.",
            ),
        },
    },
    "self-generated-reference": {
        "en": {
            "yes": (
                "{art} of the Criminal Code, as amended in {year}, refers expressly to "
                "self-generated sexual images and videos of children.",
                "The Act on the Protection of Minors Online explicitly mentions sexting and "
                "material produced by children themselves.",
            ),
            "yes_para": (
                "The law expressly addresses intimate pictures that young people take of "
                "themselves and send to others.",
                "Specific provisions deal with explicit photographs that minors make of their "
                "own bodies, in recognition of the risks linked to smartphones.",
            ),
            "no": (
                "National legislation contains no explicit reference to self-generated "
                "material; such images fall under the general provisions of {art}.",
                "The Criminal Code makes no distinction between images produced by children "
                "themselves and other material.",
            ),
            "partly": (
                "Self-generated material is mentioned only in the guidelines of the Prosecutor "
                "General, not in the Criminal Code itself.",
                "Sexting is partly addressed: the law refers to it in the context of school "
                "education, but not in the criminal provisions.",
            ),
        },
        "fr": {
            "yes": (
                "{art_fr} du Code pénal, modifié en {year}, vise expressément les images et "
                "vidéos sexuelles autoproduites par des enfants.",
                "La loi relative à la protection des mineurs en ligne mentionne explicitement "
                "les sextos et les contenus produits par les enfants eux-mêmes.",
            ),
            "yes_para": (
                "La loi traite expressément des photos intimes que des jeunes prennent d'eux-"
                "mêmes et envoient à d'autres personnes.",
                "Des dispositions spécifiques concernent les clichés explicites que des mineurs "
                "réalisent de leur propre corps, compte tenu des risques liés aux téléphones "
                "portables.",
            ),
            "no": (
                "La législation nationale ne contient aucune référence explicite aux contenus "
                "autoproduits ; ces images relèvent des dispositions générales de {art_fr}.",
                "Le Code pénal ne fait aucune distinction entre les images produites par les "
                "enfants eux-mêmes et les autres contenus.",
            ),
            "partly": (
                "Les contenus autoproduits ne sont mentionnés que dans les lignes directrices du "
                "procureur général, et non dans le Code pénal lui-même.",
                "Le sexting est partiellement pris en compte : la loi l'évoque dans le cadre de "
                "l'éducation à l'école, mais pas dans les dispositions pénales.",
            ),
        },
    },
    "no-prosecution-own-material": {
        "en": {
            "yes": (
                "Children who produce or possess sexual images of themselves, or share them "
                "with a peer with mutual consent, are not prosecuted.",
                "A child who receives such an image without having asked for it is exempt from "
                "criminal liability under the amendment of {year}.",
            ),
            "yes_para": (
                "The Penal Code protects young people who exchange intimate pictures of "
                "themselves consensually from any criminal sanction.",
                "Prosecutors have been instructed to treat consensual image sharing between "
                "teenagers as a matter for education and child protection rather than for the "
                "criminal courts.",
            ),
            "no": (
                "The Criminal Code provides no exemption for minors: a child who produces or "
                "shares a sexual image of himself or herself may be prosecuted under {art}.",
                "Children over the age of fourteen are criminally liable for the production and "
                "distribution of such images, including images of themselves.",
            ),
            "partly": (
                "Only the production and possession of images of oneself are exempt from "
                "prosecution; sharing them with a peer, even with consent, remains punishable.",
                "The exemption from criminal liability applies only to children aged sixteen "
                "and over who share images with mutual consent.",
            ),
        },
        "fr": {
            "yes": (
                "Les enfants qui produisent ou détiennent des images sexuelles d'eux-mêmes, ou "
                "les partagent avec un pair avec un consentement mutuel, ne sont pas poursuivis.",
                "Un enfant qui reçoit une telle image sans l'avoir demandée est exonéré de "
                "responsabilité pénale depuis la réforme de {year}.",
            ),
            "yes_para": (
                "Le Code pénal met à l'abri de toute sanction pénale les jeunes qui échangent "
                "entre eux, de leur plein gré, des photos intimes d'eux-mêmes.",
                "Les parquets ont reçu instruction de traiter les échanges consentis d'images "
                "entre adolescents par l'éducation et la protection de l'enfance plutôt que "
                "devant les juridictions pénales.",
            ),
            "no": (
                "Le Code pénal ne prévoit aucune exemption pour les mineurs : un enfant qui "
                "produit ou partage une image sexuelle de lui-même peut être poursuivi sur le "
                "fondement de {art_fr}.",
                "Les enfants de plus de quatorze ans sont pénalement responsables de la "
                "production et de la diffusion de telles images, y compris d'images d'eux-mêmes.",
            ),
            "partly": (
                "Seules la production et la détention d'images de soi-même échappent aux "
                "poursuites ; leur partage avec un pair, même consenti, reste punissable.",
                "L'exonération de responsabilité pénale ne s'applique qu'aux enfants de seize "
                "ans et plus qui partagent des images avec un consentement mutuel.",
            ),
        },
    },
    "coercion-extortion": {
        "en": {
            "yes": (
                "{art} of the Criminal Code, introduced in {year}, makes it an offence to "
                "threaten to disseminate sexual images of a child in order to coerce the child "
                "into producing further material or paying money.",
                "Sexual extortion of children, including sextortion committed online, is "
                "criminalised as an aggravated form of extortion.",
            ),
            "yes_para": (
                "Anyone who uses intimate pictures of a minor to pressure the minor into "
                "sending more pictures or money commits an offence punishable by up to eight "
                "years' imprisonment.",
                "Blackmailing a child with the threat of publishing images of a sexual nature "
                "is a separate crime under the {year} reform.",
            ),
            "no": (
                "The use of sexual images to coerce or extort a child is not criminalised as "
                "such under national law.",
                "National law contains no provision on sexual extortion; a bill on this subject "
                "was rejected by Parliament in {year}.",
            ),
            "partly": (
                "There is no specific offence of sexual extortion of children; such conduct can "
                "only be prosecuted as general extortion or threats.",
                "Sextortion is covered only where money is demanded; threats aimed at obtaining "
                "further images are not yet criminalised.",
            ),
        },
        "fr": {
            "yes": (
                "{art_fr} du Code pénal, introduit en {year}, punit le fait de menacer de "
                "diffuser des images sexuelles d'un enfant afin de le contraindre à produire "
                "d'autres contenus ou à verser de l'argent.",
                "La sextorsion commise à l'encontre d'enfants est incriminée en tant que forme "
                "aggravée d'extorsion.",
            ),
            "yes_para": (
                "Quiconque utilise des photos intimes d'un mineur pour faire pression sur lui "
                "afin d'obtenir d'autres photos ou de l'argent commet une infraction punie de "
                "huit ans d'emprisonnement.",
                "Le chantage exercé sur un enfant au moyen de la menace de publier des images à "
                "caractère sexuel constitue une infraction distincte depuis la réforme de "
                "{year}.",
            ),
            "no": (
                "L'utilisation d'images sexuelles pour contraindre ou extorquer un enfant n'est "
                "pas incriminée en tant que telle en droit national.",
                "Le droit national ne comporte aucune disposition sur la sextorsion ; un projet "
                "de loi sur ce sujet a été rejeté par le Parlement en {year}.",
            ),
            "partly": (
                "Il n'existe pas d'infraction spécifique de sextorsion visant les enfants ; ces "
                "faits ne peuvent être poursuivis que sous la qualification générale "
                "d'extorsion ou de menaces.",
                "La sextorsion n'est visée que lorsqu'une somme d'argent est exigée ; les "
                "menaces visant à obtenir d'autres images ne sont pas encore incriminées.",
            ),
        },
    },
    "jurisdiction-transnational": {
        "en": {
            "yes": (
                "Under {art} of the Criminal Code, the courts have jurisdiction over sexual "
                "offences against children committed abroad by nationals or by persons "
                "habitually resident in the country.",
                "Extraterritorial jurisdiction applies to all offences established in "
                "accordance with the Convention, including those committed online from outside "
                "the territory.",
            ),
            "yes_para": (
                "A national who abuses a child during a stay in another country can be tried at "
                "home on his return.",
                "Our criminal law follows its citizens and residents wherever they act, so that "
                "offences against children in foreign countries are punished here.",
            ),
            "no": (
                "The courts have no jurisdiction over sexual offences against children "
                "committed abroad by nationals; such cases are left to the State where the "
                "offence took place.",
                "Criminal law applies to offences committed on the national territory; acts "
                "committed outside the territory are not covered.",
            ),
            "partly": (
                "Jurisdiction over offences committed abroad exists only where the offender is "
                "a national; habitual residents are not covered.",
                "Extraterritorial jurisdiction partly covers the Convention offences: it "
                "applies to sexual abuse of children, but not to solicitation of children "
                "committed outside the territory.",
            ),
        },
        "fr": {
            "yes": (
                "En vertu de {art_fr} du Code pénal, les juridictions sont compétentes pour les "
                "infractions sexuelles contre des enfants commises à l'étranger par des "
                "ressortissants ou par des personnes résidant habituellement sur le territoire.",
                "La compétence extraterritoriale s'applique à toutes les infractions établies "
                "conformément à la Convention, y compris celles commises en ligne depuis "
                "l'étranger.",
            ),
            "yes_para": (
                "Une personne de notre nationalité qui abuse d'un enfant lors d'un séjour dans "
                "un autre pays peut être jugée chez nous à son retour.",
                "Notre loi pénale suit nos citoyens et nos résidents où qu'ils agissent, de "
                "sorte que les infractions contre des enfants dans des pays tiers sont punies "
                "ici.",
            ),
            "no": (
                "Les juridictions ne sont pas compétentes pour les infractions sexuelles contre "
                "des enfants commises à l'étranger par des ressortissants ; ces affaires "
                "relèvent de l'État où les faits ont été commis.",
                "Le droit pénal s'applique aux infractions commises sur le territoire national ; "
                "les faits commis hors du territoire ne sont pas couverts.",
            ),
            "partly": (
                "La compétence pour les infractions commises à l'étranger n'existe que lorsque "
                "l'auteur est un ressortissant ; les résidents habituels ne sont pas visés.",
                "La compétence extraterritoriale couvre partiellement les infractions de la "
                "Convention : elle s'applique aux abus sexuels sur enfants, mais pas à la "
                "sollicitation d'enfants commise hors du territoire.",
            ),
        },
    },
    "ex-officio": {
        "en": {
            "yes": (
                "All sexual offences against children are prosecuted ex officio; the consent or "
                "complaint of the victim is not required.",
                "The public prosecutor initiates proceedings of its own motion as soon as the "
                "authorities become aware of the facts.",
            ),
            "yes_para": (
                "Investigations start as soon as the police learn of the facts, whatever the "
                "wishes of the child or of the family.",
                "The withdrawal of a report by the parents has no effect on the proceedings, "
                "which continue in the public interest.",
            ),
            "no": (
                "Proceedings for these offences are brought upon a complaint by the victim or "
                "by a legal representative.",
                "A complaint by the victim remains a condition for prosecuting these offences.",
            ),
            "partly": (
                "Prosecution is ex officio when the victim is under fourteen; for older children "
                "a complaint is required, except in cases of rape.",
                "Only the most serious offences are prosecuted ex officio; the others require a "
                "complaint by the victim.",
            ),
        },
        "fr": {
            "yes": (
                "Toutes les infractions sexuelles commises contre des enfants sont poursuivies "
                "d'office ; le consentement ou la plainte de la victime n'est pas requis.",
                "Le ministère public engage les poursuites d'office dès que les autorités ont "
                "connaissance des faits, sans plainte préalable.",
            ),
            "yes_para": (
                "L'enquête est ouverte dès que la police a connaissance des faits, quelle que "
                "soit la volonté de l'enfant ou de sa famille.",
                "Le retrait du signalement par les parents reste sans effet sur la procédure, "
                "qui se poursuit dans l'intérêt public.",
            ),
            "no": (
                "Les poursuites pour ces infractions sont engagées sur plainte de la victime ou "
                "de son représentant légal.",
                "La plainte de la victime reste une condition de la poursuite de ces infractions.",
            ),
            "partly": (
                "Les poursuites sont engagées d'office lorsque la victime a moins de quatorze "
                "ans ; pour les enfants plus âgés, une plainte est requise, sauf en cas de viol.",
                "Seules les infractions les plus graves sont poursuivies d'office ; les autres "
                "supposent une plainte de la victime.",
            ),
        },
    },
    "no-dual-criminality": {
        "en": {
            "yes": (
                "For offences committed abroad by nationals, dual criminality is not required: "
                "the act need not be punishable in the State where it was committed.",
                "The requirement of dual criminality was abolished in {year} for all offences "
                "covered by the Lanzarote Convention.",
            ),
            "yes_para": (
                "A national can be convicted for abusing a child abroad whatever the law of the "
                "foreign State says about the act.",
                "Whether the conduct is an offence in the country where it took place is "
                "irrelevant for the prosecution.",
            ),
            "no": (
                "Prosecution of offences committed abroad requires that the act also be "
                "punishable in the State where it was committed (dual criminality).",
                "The principle of double criminality applies to all offences committed outside "
                "the national territory, including offences against children.",
            ),
            "partly": (
                "Dual criminality is waived only for nationals; for habitual residents it still "
                "applies.",
                "The dual criminality requirement has been lifted for the most serious "
                "offences, except for solicitation of children, which remains subject to it.",
            ),
        },
        "fr": {
            "yes": (
                "Pour les infractions commises à l'étranger par des ressortissants, la double "
                "incrimination n'est pas exigée : il n'est pas nécessaire que les faits soient "
                "punis dans l'État où ils ont été commis.",
                "L'exigence de double incrimination a été supprimée en {year} pour toutes les "
                "infractions visées par la Convention de Lanzarote.",
            ),
            "yes_para": (
                "Un ressortissant peut être condamné pour des abus commis sur un enfant à "
                "l'étranger, quelle que soit la loi de l'État étranger sur ces faits.",
                "La qualification des faits dans le pays où ils ont été commis est indifférente "
                "pour l'ouverture des poursuites.",
            ),
            "no": (
                "La poursuite des infractions commises à l'étranger suppose que les faits soient "
                "également punissables dans l'État où ils ont été commis (double "
                "incrimination).",
                "Le principe de la double incrimination s'applique à toutes les infractions "
                "commises hors du territoire national, y compris celles commises contre des "
                "enfants.",
            ),
            "partly": (
                "La double incrimination n'est levée que pour les ressortissants ; elle reste "
                "applicable aux résidents habituels.",
                "L'exigence de double incrimination a été supprimée pour les infractions les "
                "plus graves, à l'exception de la sollicitation d'enfants, qui y reste soumise.",
            ),
        },
    },
    "specialised-units": {
        "en": {
            "yes": (
                "A specialised unit for crimes against children was set up within the national "
                "police in {year}; it has forty investigators working on online cases.",
                "Each regional prosecutor's office has specialised prosecutors dealing with "
                "sexual offences against children, supported by the national cybercrime unit.",
            ),
            "yes_para": (
                "Cases involving the sexual exploitation of children online are handled by a "
                "team of detectives who work on nothing else.",
                "The Public Prosecution Service has a department whose sole task is to "
                "investigate and prosecute offences against minors.",
            ),
            "no": (
                "There is no specialised unit; offences against children are investigated by "
                "the general criminal police.",
                "The police do not have a dedicated unit for these offences owing to the small "
                "number of cases.",
            ),
            "partly": (
                "A specialised unit exists only in the capital; in the regions these cases are "
                "handled by general investigators.",
                "The cybercrime unit deals with such cases only in part, alongside fraud and "
                "other offences.",
            ),
        },
        "fr": {
            "yes": (
                "Une unité spécialisée dans les infractions commises contre des enfants a été "
                "créée au sein de la police nationale en {year} ; elle compte quarante "
                "enquêteurs affectés aux affaires en ligne.",
                "Chaque parquet régional dispose de procureurs spécialisés dans les infractions "
                "sexuelles commises contre des enfants, appuyés par l'unité nationale de lutte "
                "contre la cybercriminalité.",
            ),
            "yes_para": (
                "Les affaires d'exploitation sexuelle d'enfants en ligne sont traitées par une "
                "équipe d'enquêteurs qui se consacre entièrement à ces affaires.",
                "Le ministère public dispose d'un service dont la mission est d'enquêter sur les "
                "infractions commises contre des mineurs et de les poursuivre.",
            ),
            "no": (
                "Il n'existe pas d'unité spécialisée ; les infractions contre des enfants "
                "relèvent de la police judiciaire générale.",
                "La police ne dispose pas d'une unité dédiée à ces infractions, en raison du "
                "faible nombre d'affaires.",
            ),
            "partly": (
                "Une unité spécialisée n'existe que dans la capitale ; dans les régions, ces "
                "affaires sont traitées par des enquêteurs généralistes.",
                "L'unité de lutte contre la cybercriminalité ne traite ces affaires qu'en "
                "partie, à côté de la fraude et d'autres infractions.",
            ),
        },
    },
    "training-justice": {
        "en": {
            "yes": (
                "The Judicial Academy provides compulsory training for judges and prosecutors "
                "on sexual offences against children, including those committed online.",
                "Since {year}, all police officers receive training on the investigation of "
                "online sexual exploitation of children and on interviewing child victims.",
            ),
            "yes_para": (
                "Investigators, members of the prosecution service and the bench attend annual "
                "courses on online child sexual exploitation organised by the Ministry of "
                "Justice.",
                "New magistrates follow a module on hearing child victims and on the evidence "
                "of offences committed through the internet.",
            ),
            "no": (
                "No specific training is provided to judges and prosecutors on sexual offences "
                "against children.",
                "Police officers receive no training on online offences against children; the "
                "subject is not part of the police academy curriculum.",
            ),
            "partly": (
                "Training on these offences is offered to prosecutors only; judges and police "
                "officers do not receive it.",
                "Training for judges is optional and has so far been attended by only a small "
                "part of the judiciary.",
            ),
        },
        "fr": {
            "yes": (
                "L'École de la magistrature dispense aux juges et aux procureurs une formation "
                "obligatoire sur les infractions sexuelles contre des enfants, y compris celles "
                "commises en ligne.",
                "Depuis {year}, tous les policiers sont formés aux enquêtes sur l'exploitation "
                "sexuelle des enfants en ligne et à l'audition des enfants victimes.",
            ),
            "yes_para": (
                "Les enquêteurs, les membres du parquet et les magistrats du siège suivent "
                "chaque année des sessions sur l'exploitation sexuelle des enfants en ligne "
                "organisées par le ministère de la Justice.",
                "Les nouveaux magistrats suivent un module consacré à l'audition des enfants "
                "victimes et à la preuve des infractions commises au moyen d'internet.",
            ),
            "no": (
                "Aucune formation spécifique n'est dispensée aux juges et aux procureurs sur les "
                "infractions sexuelles contre des enfants.",
                "Les policiers ne reçoivent aucune formation sur les infractions commises en "
                "ligne contre des enfants ; ce sujet ne figure pas au programme de l'école de "
                "police.",
            ),
            "partly": (
                "La formation sur ces infractions est proposée uniquement aux procureurs ; les "
                "juges et les policiers n'en bénéficient pas.",
                "La formation des juges est facultative et a été suivie seulement par une "
                "petite partie des magistrats.",
            ),
        },
    },
    "victim-support-online": {
        "en": {
            "yes": (
                "The national helpline offers counselling and psychological support to children "
                "who are victims of online sexual abuse, and helps them to have images removed.",
                "Support services designed for child victims of online abuse are available in "
                "every region, free of charge and without a referral.",
            ),
            "yes_para": (
                "Children whose intimate images have been spread on the internet can turn to a "
                "specialised centre that arranges therapy and contacts platforms to delete the "
                "content.",
                "A team of psychologists assists young people harmed through social networks "
                "and chat services, and accompanies them during the proceedings.",
            ),
            "no": (
                "There are no support services specifically for children harmed online; they "
                "are referred to the general services for victims of crime.",
                "The general victim support system offers no help adapted to children harmed "
                "online.",
            ),
            "partly": (
                "Specialised counselling for child victims of online abuse is available only in "
                "the two largest cities.",
                "The helpline assists children harmed online, but psychological support is "
                "limited to a single session.",
            ),
        },
        "fr": {
            "yes": (
                "La ligne d'écoute nationale offre un accompagnement et un soutien "
                "psychologique aux enfants victimes d'abus sexuels en ligne et les aide à faire "
                "retirer les images.",
                "Des services d'aide conçus pour les enfants victimes d'abus en ligne sont "
                "disponibles dans chaque région, gratuitement et sur simple appel.",
            ),
            "yes_para": (
                "Les enfants dont des images intimes ont été diffusées sur internet peuvent "
                "s'adresser à un centre spécialisé qui organise une thérapie et contacte les "
                "plateformes pour faire effacer les contenus.",
                "Une équipe de psychologues aide les jeunes victimes de faits commis sur les "
                "réseaux sociaux et les messageries, et les accompagne pendant la procédure.",
            ),
            "no": (
                "Il n'existe pas de services d'aide propres aux enfants victimes en ligne ; ils "
                "sont orientés vers les services généraux d'aide aux victimes.",
                "Le dispositif général d'aide aux victimes ne propose aucun accompagnement "
                "adapté aux enfants victimes d'abus commis en ligne.",
            ),
            "partly": (
                "Un accompagnement spécialisé des enfants victimes d'abus en ligne n'est "
                "disponible que dans les deux plus grandes villes.",
                "La ligne d'écoute aide les enfants victimes en ligne, mais le soutien "
                "psychologique se limite à une seule séance.",
            ),
        },
    },
}

# One passage that answers two indicators: lang -> (passages of the dev split, passages of the
# test split), each a (text, values) per family of indicators, the families in the same order.
_COMBINED: dict[str, tuple[tuple[tuple[str, dict[str, str]], ...], ...]] = {
    "en": (
        (
            (
                "Under {art}, the courts have jurisdiction over offences committed abroad by "
                "nationals and habitual residents, and dual criminality is not required.",
                {"jurisdiction-transnational": "yes", "no-dual-criminality": "yes"},
            ),
            (
                "{art} defines child sexual abuse material as any visual depiction of a child "
                "engaged in real or simulated sexually explicit conduct.",
                {"csam-term": "yes", "csam-definition": "yes"},
            ),
        ),
        (
            (
                "Jurisdiction extends to offences committed abroad by nationals, provided that "
                "the act is also punishable under the law of the place where it was committed.",
                {"jurisdiction-transnational": "yes", "no-dual-criminality": "no"},
            ),
            (
                "{art} defines child pornography as any material that visually depicts a child "
                "engaged in sexually explicit conduct.",
                {"csam-term": "no", "csam-definition": "yes"},
            ),
        ),
    ),
    "fr": (
        (
            (
                "En vertu de {art_fr}, les juridictions sont compétentes pour les infractions "
                "commises à l'étranger par des ressortissants et des résidents habituels, et la "
                "double incrimination n'est pas exigée.",
                {"jurisdiction-transnational": "yes", "no-dual-criminality": "yes"},
            ),
            (
                "{art_fr} définit le matériel d'abus sexuels sur enfants comme toute "
                "représentation visuelle d'un enfant se livrant à un comportement sexuellement "
                "explicite, réel ou simulé.",
                {"csam-term": "yes", "csam-definition": "yes"},
            ),
        ),
        (
            (
                "La compétence s'étend aux infractions commises à l'étranger par des "
                "ressortissants, à condition que les faits soient également punissables selon "
                "la loi du lieu où ils ont été commis.",
                {"jurisdiction-transnational": "yes", "no-dual-criminality": "no"},
            ),
            (
                "{art_fr} définit la pornographie enfantine comme toute représentation visuelle "
                "d'un enfant se livrant à un comportement sexuellement explicite.",
                {"csam-term": "no", "csam-definition": "yes"},
            ),
        ),
    ),
}

# What a passage on one indicator also shows about another: a rule on dual criminality for
# offences committed abroad presupposes jurisdiction over them.
_ALSO = {"no-dual-criminality": {"jurisdiction-transnational": "yes"}}
_IMPLIED = {"jurisdiction-transnational": ("no-dual-criminality",)}  # the other way round

# Passages on other subjects, some sharing words with an indicator (a helpline for school
# problems, a specialised unit of the tax administration): (text, the question such a
# passage usually answers).
_DISTRACTORS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "en": (
        (
            "In {year}, the Ministry of Education launched an awareness campaign on safe "
            "internet use for pupils and their parents.",
            "1",
        ),
        (
            "A national strategy for the rights of the child was adopted by the Government in "
            "{year} after consultation with civil society.",
            None,
        ),
        (
            "Statistics on reported offences are collected by the Ministry of the Interior and "
            "published every year.",
            "5",
        ),
        (
            "The school curriculum includes lessons on healthy relationships and personal "
            "boundaries from the age of eight.",
            "3",
        ),
        (
            "Non-governmental organisations receive public funding to run prevention programmes "
            "in schools and youth clubs.",
            "2",
        ),
        (
            "The Ombudsperson for Children may receive complaints concerning the functioning of "
            "schools and social services.",
            "14",
        ),
        (
            "Jurisdiction in family matters, such as custody and parental responsibility, is "
            "governed by the Civil Code.",
            "12",
        ),
        (
            "A child is defined as any person under the age of eighteen years, in line with "
            "Article 3 of the Convention.",
            "8",
        ),
        (
            "Teachers and social workers follow a training course on recognising the signs of "
            "neglect and domestic violence.",
            "15",
        ),
        (
            "The national helpline for children answers calls about bullying, family conflicts "
            "and difficulties at school.",
            "6",
        ),
        (
            "A specialised unit of the tax administration deals with financial fraud and money "
            "laundering.",
            "13",
        ),
        (
            "Victims of violent crime are entitled to compensation from a State fund, under "
            "conditions laid down by law.",
            "6",
        ),
        ("The Government remains at the Committee's disposal for any further information.", None),
        (
            "No statistics are available yet on the number of cases brought before the courts "
            "in {year}.",
            "5",
        ),
        (
            "The authorities co-operate with Europol and Interpol and take part in joint "
            "investigation teams.",
            "16",
        ),
        (
            "Research on the prevalence of sexual violence against children was commissioned "
            "from the national university in {year}.",
            "5",
        ),
        (
            "Parents' associations are consulted on the content of the sex education programme.",
            "3",
        ),
        (
            "The budget allocated to child protection services increased by twelve per cent in "
            "{year}.",
            None,
        ),
        (
            "Persons convicted of sexual offences against children are barred from professions "
            "involving regular contact with children.",
            "10",
        ),
        (
            "The Criminal Code was last amended in {year} to raise the penalties for trafficking "
            "in human beings.",
            "8",
        ),
        (
            "Internet service providers are required to block access to websites listed by the "
            "police.",
            "7",
        ),
    ),
    "fr": (
        (
            "En {year}, le ministère de l'Éducation a lancé une campagne de sensibilisation à "
            "l'usage sûr d'internet destinée aux élèves et à leurs parents.",
            "1",
        ),
        (
            "Une stratégie nationale pour les droits de l'enfant a été adoptée par le "
            "Gouvernement en {year} après consultation de la société civile.",
            None,
        ),
        (
            "Les statistiques relatives aux infractions signalées sont collectées par le "
            "ministère de l'Intérieur et publiées chaque année.",
            "5",
        ),
        (
            "Le programme scolaire comprend des leçons sur les relations saines et les limites "
            "personnelles dès l'âge de huit ans.",
            "3",
        ),
        (
            "Les organisations non gouvernementales reçoivent des fonds publics pour mener des "
            "programmes de prévention dans les écoles et les clubs de jeunes.",
            "2",
        ),
        (
            "Le Défenseur des enfants peut recevoir des plaintes concernant le fonctionnement "
            "des écoles et des services sociaux.",
            "14",
        ),
        (
            "La compétence en matière familiale, notamment pour la garde et l'autorité "
            "parentale, est régie par le Code civil.",
            "12",
        ),
        (
            "Est considérée comme un enfant toute personne âgée de moins de dix-huit ans, "
            "conformément à l'article 3 de la Convention.",
            "8",
        ),
        (
            "Les enseignants et les travailleurs sociaux suivent une formation sur le repérage "
            "des signes de négligence et de violence domestique.",
            "15",
        ),
        (
            "La ligne d'écoute nationale pour les enfants répond aux appels concernant le "
            "harcèlement, les conflits familiaux et les difficultés scolaires.",
            "6",
        ),
        (
            "Une unité spécialisée de l'administration fiscale est chargée de la fraude "
            "financière et du blanchiment d'argent.",
            "13",
        ),
        (
            "Les victimes d'infractions violentes ont droit à une indemnisation par un fonds "
            "public, dans les conditions prévues par la loi.",
            "6",
        ),
        (
            "Le Gouvernement reste à la disposition du Comité pour toute information "
            "complémentaire.",
            None,
        ),
        (
            "Aucune statistique n'est encore disponible sur le nombre d'affaires portées devant "
            "les tribunaux en {year}.",
            "5",
        ),
        (
            "Les autorités coopèrent avec Europol et Interpol et participent à des équipes "
            "communes d'enquête.",
            "16",
        ),
        (
            "Une recherche sur la prévalence des violences sexuelles contre les enfants a été "
            "confiée à l'université nationale en {year}.",
            "5",
        ),
        (
            "Les associations de parents sont consultées sur le contenu du programme "
            "d'éducation à la sexualité.",
            "3",
        ),
        (
            "Le budget alloué aux services de protection de l'enfance a augmenté de douze pour "
            "cent en {year}.",
            None,
        ),
        (
            "Les personnes condamnées pour des infractions sexuelles contre des enfants ne "
            "peuvent exercer une profession impliquant un contact régulier avec des enfants.",
            "10",
        ),
        (
            "Le Code pénal a été modifié pour la dernière fois en {year} afin d'alourdir les "
            "peines encourues pour la traite des êtres humains.",
            "8",
        ),
        (
            "Les fournisseurs d'accès à internet sont tenus de bloquer l'accès aux sites "
            "répertoriés par la police.",
            "7",
        ),
    ),
}

# Sentences around an answer, on nothing in particular; one says "no" about something else.
_BEFORE = {
    "en": (
        "Further to the Committee's recommendations, the legislation was reviewed in {year}.",
        "The Ministry of Justice has provided the following information.",
    ),
    "fr": (
        "À la suite des recommandations du Comité, la législation a été réexaminée en {year}.",
        "Le ministère de la Justice a communiqué les informations suivantes.",
    ),
}
_AFTER = {
    "en": (
        "The Ministry of Justice monitors the application of these provisions.",
        "No statistics are yet available on their application.",
        "Further details are given in the annex to this reply.",
    ),
    "fr": (
        "Le ministère de la Justice suit l'application de ces dispositions.",
        "Aucune statistique n'est encore disponible sur leur application.",
        "Des précisions figurent en annexe à la présente réponse.",
    ),
}
_QUESTIONS = ("1", "2", "3", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16")
_VALUE_WEIGHTS = (("yes", 45), ("no", 25), ("partly", 30))
REPLIES_PER_SPLIT = 44


def _party(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _combine_values(values: Sequence[str]) -> str:
    kinds = set(values)
    return values[0] if len(kinds) == 1 else "partly"


class _ReplyWriter:
    def __init__(self, rng: random.Random, lang: str, split_index: int) -> None:
        self.rng = rng
        self.lang = lang
        self.split_index = split_index
        self.passages: list[dict[str, Any]] = []
        self.found: dict[str, list[tuple[str, int]]] = {}  # code -> [(value, passage index)]

    def fill(self, template: str) -> str:
        n = self.rng.randint(150, 260)
        text = template.format(
            art=f"Article {n}", art_fr=f"l'article {n}", year=self.rng.randint(2012, 2023)
        )
        return text[0].upper() + text[1:]

    def link(self, questions: Sequence[str]) -> str | None:
        """The question a linker would give the passage: mostly the right one."""
        roll = self.rng.random()
        if roll < 0.65:
            return questions[0]
        if roll < 0.8:
            return self.rng.choice([q for q in _QUESTIONS if q not in questions])
        return None

    def answer(self, text: str, values: dict[str, str], questions: Sequence[str]) -> None:
        parts = [self.fill(text)]
        if self.rng.random() < 0.25:
            parts.insert(0, self.fill(self.rng.choice(_BEFORE[self.lang])))
        if self.rng.random() < 0.3:
            parts.append(self.fill(self.rng.choice(_AFTER[self.lang])))
        index = len(self.passages)
        self.passages.append({"text": " ".join(parts), "question": self.link(questions)})
        for code, value in values.items():
            self.found.setdefault(code, []).append((value, index))
            for other, implied in _ALSO.get(code, {}).items():
                self.found.setdefault(other, []).append((implied, index))

    def phrasing(self, code: str, cell: str) -> str:
        return _PHRASINGS[code][self.lang][cell][self.split_index]


def generate_set(seed: int, *, split: str = "dev", replies: int = REPLIES_PER_SPLIT) -> dict:
    """The synthetic labelled set of one split, as the JSON data of a set file: ``replies``
    invented replies, English and French alternately; the same seed gives the same set."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    rng = random.Random(seed)
    split_index = SPLITS.index(split)
    indicators = [{**i, "values": list(STANDARD_VALUES)} for i in _INDICATORS]
    questions = {i["code"]: i["questions"] for i in _INDICATORS}
    out = []
    for n in range(replies):
        lang = LANGUAGES[n % 2]
        party = _party(n + 100 * split_index)
        writer = _ReplyWriter(rng, lang, split_index)
        title = (
            f"Reply of Party {party} to the thematic questionnaire"
            if lang == "en"
            else f"Réponse de la Partie {party} au questionnaire thématique"
        )
        addressed = rng.sample([i["code"] for i in _INDICATORS], rng.randint(5, 8))
        for family in zip(*_COMBINED[lang], strict=True):
            text, values = family[split_index]
            if rng.random() < 0.2:
                writer.answer(text, values, questions[next(iter(values))])
                addressed = [c for c in addressed if c not in values]
        for code in [i["code"] for i in _INDICATORS if i["code"] in addressed]:
            value = rng.choices([v for v, _ in _VALUE_WEIGHTS], [w for _, w in _VALUE_WEIGHTS])[0]
            if code in _IMPLIED and any(
                c in writer.found or c in addressed for c in _IMPLIED[code]
            ):
                value = "yes"  # what another answer of the reply already implies
            cells: list[tuple[str, str]]
            if value == "yes":
                first = rng.choice(("yes", "yes_para"))
                cells = [(first, "yes")]
                if rng.random() < 0.2:
                    cells.append(("yes_para" if first == "yes" else "yes", "yes"))
            elif value == "no":
                cells = [("no", "no")]
            elif rng.random() < 0.3:  # a partly made of a yes on one point and a no on another
                cells = [(rng.choice(("yes", "yes_para")), "yes"), ("no", "no")]
            else:
                cells = [("partly", "partly")]
            for cell, cell_value in cells:
                writer.answer(writer.phrasing(code, cell), {code: cell_value}, questions[code])
        for text, question in rng.sample(_DISTRACTORS[lang], rng.randint(4, 7)):
            linked = question if question and rng.random() < 0.7 else None
            writer.passages.append({"text": writer.fill(text), "question": linked})
        order = list(range(len(writer.passages)))
        rng.shuffle(order)
        position = {old: new for new, old in enumerate(order, start=2)}
        passages = [{"id": "p1", "text": title, "question": None}]
        passages += [
            {"id": f"p{position[old]}", **writer.passages[old]}
            for old in sorted(order, key=lambda o: position[o])
        ]
        labels = {}
        for indicator in _INDICATORS:
            code = indicator["code"]
            found = writer.found.get(code)
            if not found:
                labels[code] = {"value": "not_reported", "evidence": []}
                continue
            ids = sorted({position[i] for _, i in found})
            labels[code] = {
                "value": _combine_values([v for v, _ in found]),
                "evidence": [f"p{i}" for i in ids],
            }
        out.append(
            {
                "id": f"{split}-{lang}-{n + 1:02d}",
                "lang": lang,
                "origin": "synthetic",
                "passages": passages,
                "labels": labels,
            }
        )
    return {
        "format": FORMAT,
        "name": f"synthetic-{split}",
        "split": split,
        "source": (
            "Synthetic: invented replies of invented Parties, generated by "
            f"tools/assist_corpus.py generate_set(seed={seed}, split={split!r}). Do not edit "
            "by hand; regenerate (see README.md)."
        ),
        "indicators": indicators,
        "replies": out,
    }


SEEDS = {"dev": 201, "test": 202}


def _dump(data: dict[str, Any]) -> str:
    """JSON with one indicator, one passage and one label per line: readable, small diffs."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for key in ("format", "name", "split", "source"):
        lines.append(f" {one(key)}: {one(data[key])},")
    lines.append(' "indicators": [')
    lines.append(",\n".join(f"  {one(i)}" for i in data["indicators"]))
    lines.append(" ],")
    lines.append(' "replies": [')
    replies = []
    for reply in data["replies"]:
        head = (
            f'  {{"id": {one(reply["id"])}, "lang": {one(reply["lang"])}, '
            f'"origin": {one(reply["origin"])},\n   "passages": ['
        )
        passages = ",\n".join(f"    {one(p)}" for p in reply["passages"])
        labels = ",\n".join(f"    {one(code)}: {one(v)}" for code, v in reply["labels"].items())
        replies.append(f'{head}\n{passages}\n   ],\n   "labels": {{\n{labels}\n   }}}}')
    lines.append(",\n".join(replies))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_sets(out_dir: str | Path = DEFAULT_DIR) -> list[Path]:
    """Write synthetic-dev.json and synthetic-test.json (the same bytes every time)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for split in SPLITS:
        path = out_dir / f"synthetic-{split}.json"
        path.write_text(_dump(generate_set(SEEDS[split], split=split)), encoding="utf-8")
        written.append(path)
    return written
