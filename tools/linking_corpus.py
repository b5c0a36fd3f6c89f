"""The generated labelled sets of the passage linker: a synthetic questionnaire and synthetic
replies of invented States, in English, French and both, written to
lanzarote/data/evaluation/linking/generated-{en,fr,mixed}.json.

Not part of the package: the product reads the committed sets (`lanzarote.replies.linking_eval`),
this writes them. Run from the repository root:

    .venv/bin/python -c "from tools.linking_corpus import generate_sets; generate_sets()"

The same seed gives the same bytes (tests/test_linking.py checks that the committed sets are what
this writes).
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lanzarote.replies.linking_eval import DEFAULT_DIR, LANGUAGES

# The generated set: a synthetic questionnaire and synthetic replies of an invented State


@dataclass(frozen=True)
class _Q:
    number: str
    title_en: str
    text_en: str
    title_fr: str
    text_fr: str
    topics_en: tuple[str, ...]
    topics_fr: tuple[str, ...]
    short_en: str  # a paraphrased section title, as an unnumbered reply might use
    short_fr: str


_QUESTIONS = (
    _Q(
        "1",
        "Legal framework",
        "Which provisions of national law define the offences covered by Articles 18 to 24 "
        "of the Convention?",
        "Cadre juridique",
        "Quelles dispositions du droit national définissent les infractions visées aux "
        "articles 18 à 24 de la Convention ?",
        (
            "the Criminal Code provisions on offences against children",
            "the definition of offences in national criminal law",
            "the age of sexual consent set in the Criminal Code",
        ),
        (
            "les dispositions du Code pénal relatives aux infractions contre les enfants",
            "la définition des infractions en droit pénal national",
            "l'âge de la majorité sexuelle fixé par le Code pénal",
        ),
        "Legislation",
        "Législation",
    ),
    _Q(
        "2",
        "National co-ordination",
        "Which body co-ordinates national policy on the protection of children against sexual "
        "exploitation and sexual abuse?",
        "Coordination nationale",
        "Quel organe coordonne la politique nationale de protection des enfants contre "
        "l'exploitation et les abus sexuels ?",
        (
            "the inter-ministerial co-ordination committee",
            "the national action plan and its co-ordinating body",
            "co-ordination between ministries and regional authorities",
        ),
        (
            "le comité interministériel de coordination",
            "le plan d'action national et son organe de coordination",
            "la coordination entre ministères et autorités régionales",
        ),
        "Governance",
        "Gouvernance",
    ),
    _Q(
        "3",
        "Data collection",
        "How are statistical data on cases, victims and perpetrators collected and published?",
        "Collecte de données",
        "Comment les données statistiques sur les affaires, les victimes et les auteurs "
        "sont-elles collectées et publiées ?",
        (
            "the collection of statistical data on reported cases",
            "the annual statistics on victims and perpetrators",
            "the national database on criminal proceedings",
        ),
        (
            "la collecte de données statistiques sur les affaires signalées",
            "les statistiques annuelles sur les victimes et les auteurs",
            "la base de données nationale sur les procédures pénales",
        ),
        "Figures",
        "Chiffres",
    ),
    _Q(
        "4",
        "Awareness-raising",
        "What awareness-raising campaigns inform the general public about the risks of sexual "
        "exploitation of children?",
        "Sensibilisation",
        "Quelles campagnes de sensibilisation informent le grand public des risques "
        "d'exploitation sexuelle des enfants ?",
        (
            "public awareness-raising campaigns",
            "information campaigns for parents and the general public",
            "the annual awareness day and its media campaign",
        ),
        (
            "les campagnes de sensibilisation du public",
            "les campagnes d'information destinées aux parents et au grand public",
            "la journée annuelle de sensibilisation et sa campagne médiatique",
        ),
        "Public information",
        "Information du public",
    ),
    _Q(
        "5",
        "Education of children",
        "How are children informed, during primary and secondary education, about the risks "
        "and about ways to protect themselves?",
        "Éducation des enfants",
        "Comment les enfants sont-ils informés, durant l'enseignement primaire et secondaire, "
        "des risques et des moyens de se protéger ?",
        (
            "the school curriculum on personal safety",
            "age-appropriate lessons in primary and secondary schools",
            "teaching materials for pupils on personal safety",
        ),
        (
            "le programme scolaire sur la sécurité personnelle",
            "les cours adaptés à l'âge dans les écoles primaires et secondaires",
            "le matériel pédagogique pour les élèves",
        ),
        "Schools",
        "À l'école",
    ),
    _Q(
        "6",
        "Training of professionals",
        "What training on the protection of children is provided to persons who work in "
        "contact with children?",
        "Formation des professionnels",
        "Quelle formation sur la protection des enfants est dispensée aux personnes "
        "travaillant au contact des enfants ?",
        (
            "the training of professionals working with children",
            "initial and in-service training programmes",
            "the national training curriculum for professionals",
        ),
        (
            "la formation des professionnels travaillant avec des enfants",
            "les programmes de formation initiale et continue",
            "le programme national de formation des professionnels",
        ),
        "Capacity building",
        "Renforcement des capacités",
    ),
    _Q(
        "6.a",
        "Law enforcement and justice",
        "Which training do police officers, prosecutors and judges receive?",
        "Police et justice",
        "Quelle formation reçoivent les policiers, les procureurs et les juges ?",
        (
            "the training of police officers and investigators",
            "specialised courses for prosecutors and judges",
            "the police academy module on child victims",
        ),
        (
            "la formation des policiers et des enquêteurs",
            "les cours spécialisés pour les procureurs et les juges",
            "le module de l'école de police consacré aux enfants victimes",
        ),
        "Police, prosecution, courts",
        "Police, parquet, tribunaux",
    ),
    _Q(
        "6.b",
        "Education, health and social sectors",
        "Which training do teachers, health professionals and social workers receive?",
        "Éducation, santé et secteur social",
        "Quelle formation reçoivent les enseignants, les professionnels de santé et les "
        "travailleurs sociaux ?",
        (
            "the training of teachers and school staff",
            "courses for doctors, nurses and health professionals",
            "the continuing education of social workers",
        ),
        (
            "la formation des enseignants et du personnel scolaire",
            "les cours destinés aux médecins, infirmiers et professionnels de santé",
            "la formation continue des travailleurs sociaux",
        ),
        "Schools, hospitals, social services",
        "Écoles, hôpitaux, services sociaux",
    ),
    _Q(
        "7",
        "Reporting",
        "Which rules allow or oblige professionals to report suspicions to the child "
        "protection services?",
        "Signalement",
        "Quelles règles permettent ou imposent aux professionnels de signaler leurs soupçons "
        "aux services de protection de l'enfance ?",
        (
            "the obligation of professionals to report suspicions",
            "the reporting procedure to child protection services",
            "the confidentiality rules that allow reporting",
        ),
        (
            "l'obligation des professionnels de signaler leurs soupçons",
            "la procédure de signalement aux services de protection de l'enfance",
            "les règles de confidentialité permettant le signalement",
        ),
        "Duty to inform",
        "Devoir d'informer",
    ),
    _Q(
        "8",
        "Helplines",
        "Which telephone or internet helplines provide advice to children and callers?",
        "Lignes d'assistance",
        "Quelles lignes d'assistance téléphoniques ou en ligne conseillent les enfants et les "
        "appelants ?",
        (
            "the free national helpline for children",
            "the telephone and online chat helpline",
            "the helpline counsellors available around the clock",
        ),
        (
            "la ligne d'assistance nationale gratuite pour les enfants",
            "la ligne d'écoute téléphonique et le service de messagerie en ligne",
            "les conseillers de la ligne d'écoute disponibles jour et nuit",
        ),
        "Advice services",
        "Services de conseil",
    ),
    _Q(
        "9",
        "Assistance to victims",
        "What assistance is provided to child victims and their families?",
        "Assistance aux victimes",
        "Quelle assistance est apportée aux enfants victimes et à leurs familles ?",
        (
            "assistance to child victims and their families",
            "the support services for victims",
            "the victim support centres",
        ),
        (
            "l'assistance aux enfants victimes et à leurs familles",
            "les services de soutien aux victimes",
            "les centres d'aide aux victimes",
        ),
        "Support",
        "Soutien",
    ),
    _Q(
        "9.1",
        "Immediate assistance",
        "Which immediate medical, psychological and legal assistance is available?",
        "Assistance immédiate",
        "Quelle assistance médicale, psychologique et juridique immédiate est disponible ?",
        (
            "emergency medical examinations and crisis support",
            "immediate psychological first aid",
            "free legal advice from the first contact",
        ),
        (
            "les examens médicaux d'urgence et le soutien en situation de crise",
            "les premiers secours psychologiques",
            "les conseils juridiques gratuits dès le premier contact",
        ),
        "First response",
        "Premiers secours",
    ),
    _Q(
        "9.2",
        "Long-term recovery",
        "Which therapeutic services support the long-term recovery of victims?",
        "Rétablissement à long terme",
        "Quels services thérapeutiques soutiennent le rétablissement à long terme des victimes ?",
        (
            "long-term therapy and counselling",
            "therapeutic programmes for recovery",
            "specialised trauma therapy for children",
        ),
        (
            "la thérapie et l'accompagnement à long terme",
            "les programmes thérapeutiques de rétablissement",
            "la thérapie spécialisée du traumatisme pour les enfants",
        ),
        "After the crisis",
        "Après la crise",
    ),
    _Q(
        "10",
        "Intervention programmes",
        "Which intervention programmes are available to persons who fear they might offend?",
        "Programmes d'intervention",
        "Quels programmes d'intervention sont proposés aux personnes qui craignent de "
        "commettre une infraction ?",
        (
            "preventive intervention programmes",
            "the anonymous prevention programme for persons at risk of offending",
            "treatment programmes for convicted offenders",
        ),
        (
            "les programmes d'intervention préventive",
            "le programme de prévention anonyme pour les personnes à risque",
            "les programmes de traitement des auteurs condamnés",
        ),
        "Prevention of offending",
        "Prévention de la récidive",
    ),
    _Q(
        "11",
        "Child-friendly proceedings",
        "How are interviews with child victims organised during investigations and court "
        "proceedings?",
        "Procédures adaptées aux enfants",
        "Comment les auditions des enfants victimes sont-elles organisées pendant l'enquête et "
        "la procédure judiciaire ?",
        (
            "video-recorded interviews of child victims",
            "child-friendly interview rooms in courts",
            "the limitation of the number of interviews",
        ),
        (
            "les auditions filmées des enfants victimes",
            "les salles d'audition adaptées aux enfants dans les tribunaux",
            "la limitation du nombre d'auditions",
        ),
        "In court",
        "Devant la justice",
    ),
    _Q(
        "12",
        "Screening",
        "How is it ensured that persons convicted of offences against children cannot work "
        "in contact with children?",
        "Contrôle des antécédents",
        "Comment garantit-on que les personnes condamnées pour des infractions contre des "
        "enfants ne puissent pas travailler au contact d'enfants ?",
        (
            "criminal record checks before recruitment",
            "the screening of candidates for posts involving contact with children",
            "the certificate of good conduct required from employees",
        ),
        (
            "la vérification du casier judiciaire avant le recrutement",
            "le contrôle des candidats aux postes impliquant un contact avec des enfants",
            "le certificat de bonne conduite exigé des employés",
        ),
        "Recruitment",
        "Recrutement",
    ),
    _Q(
        "13",
        "Participation",
        "How are children and civil society involved in developing and evaluating policies?",
        "Participation",
        "Comment les enfants et la société civile participent-ils à l'élaboration et à "
        "l'évaluation des politiques ?",
        (
            "the participation of children in policy-making",
            "the children's advisory council",
            "the consultation of non-governmental organisations",
        ),
        (
            "la participation des enfants à l'élaboration des politiques",
            "le conseil consultatif des enfants",
            "la consultation des organisations non gouvernementales",
        ),
        "Having a say",
        "Donner la parole",
    ),
    _Q(
        "14",
        "International co-operation",
        "How does your country co-operate with other States in investigations and prosecutions?",
        "Coopération internationale",
        "Comment votre pays coopère-t-il avec d'autres États dans les enquêtes et les poursuites ?",
        (
            "mutual legal assistance in criminal matters",
            "co-operation with Europol, Interpol and foreign police forces",
            "joint investigation teams with neighbouring States",
        ),
        (
            "l'entraide judiciaire en matière pénale",
            "la coopération avec Europol, Interpol et les polices étrangères",
            "les équipes communes d'enquête avec les États voisins",
        ),
        "Across borders",
        "Au-delà des frontières",
    ),
    _Q(
        "15",
        "Online protection",
        "What measures protect children against solicitation and exploitation through "
        "information and communication technologies?",
        "Protection en ligne",
        "Quelles mesures protègent les enfants contre la sollicitation et l'exploitation au "
        "moyen des technologies de l'information et de la communication ?",
        (
            "the protection of children online",
            "the reporting point for illegal content on the internet",
            "co-operation with internet service providers",
        ),
        (
            "la protection des enfants en ligne",
            "le point de signalement des contenus illicites sur internet",
            "la coopération avec les fournisseurs d'accès à internet",
        ),
        "Digital environment",
        "Environnement numérique",
    ),
)

_SUBS = {"6": ("6.a", "6.b"), "9": ("9.1", "9.2")}
_BY_NUMBER = {q.number: q for q in _QUESTIONS}
_TOP = [q for q in _QUESTIONS if "." not in q.number]

_STATES = {
    "en": ("the Republic of Examplia", "the Kingdom of Sampleland", "the Federation of Modelia"),
    "fr": ("la République d'Examplia", "le Royaume de Sampleland", "la Fédération de Modelia"),
}
_BODIES = {
    "en": (
        "the Ministry of Justice",
        "the Ministry of Social Affairs",
        "the Ministry of Education",
        "the Ministry of the Interior",
        "the Ministry of Health",
        "the National Child Protection Agency",
        "the Office of the Children's Ombudsperson",
    ),
    "fr": (
        "le ministère de la Justice",
        "le ministère des Affaires sociales",
        "le ministère de l'Éducation",
        "le ministère de l'Intérieur",
        "le ministère de la Santé",
        "l'Agence nationale de protection de l'enfance",
        "le Bureau du Défenseur des enfants",
    ),
}
_DATES = {
    "en": ("1 January 2020", "15 March 2019", "1 July 2021", "30 September 2022"),
    "fr": ("1er janvier 2020", "15 mars 2019", "1er juillet 2021", "30 septembre 2022"),
}
_FRAMES = {
    "en": (
        "In {Y}, {B} adopted new guidelines on {T}.",
        "{Bc} is responsible for {T} and reports on it every year.",
        "An evaluation of {T} was completed in {Y}, and its recommendations are being implemented.",
        "The legal basis for {T} was strengthened by an amendment that entered into force on {D}.",
        "The budget allocated to {T} increased by {N} per cent between {Y0} and {Y}.",
        "Non-governmental organisations are consulted on {T} through a permanent working group.",
        "Regional authorities apply the same standards to {T} throughout the territory.",
        "With regard to {T}, a pilot project was launched in {M} municipalities in {Y}.",
        "{Bc} published a report on {T} in {Y}, which is available on its website.",
        "The main challenge identified for {T} is the shortage of qualified staff in rural areas.",
    ),
    "fr": (
        "En {Y}, {B} a adopté de nouvelles lignes directrices concernant {T}.",
        "{Bc} est responsable {de T} et en rend compte chaque année.",
        "Une évaluation {de T} a été achevée en {Y} et ses recommandations sont en cours de "
        "mise en œuvre.",
        "La base juridique {de T} a été renforcée par une modification entrée en vigueur le {D}.",
        "Le budget consacré {à T} a augmenté de {N} % entre {Y0} et {Y}.",
        "Les organisations non gouvernementales sont consultées sur {T} au sein d'un groupe "
        "de travail permanent.",
        "Les autorités régionales appliquent les mêmes normes {à T} sur l'ensemble du territoire.",
        "S'agissant {de T}, un projet pilote a été lancé dans {M} communes en {Y}.",
        "{Bc} a publié en {Y} un rapport sur {T}, disponible sur son site internet.",
        "La principale difficulté relevée pour {T} est le manque de personnel qualifié dans "
        "les zones rurales.",
    ),
}
_FILLERS = {
    "en": (
        "Further information can be provided on request.",
        "The figures for {Y} will be published in the next annual report.",
        "These measures apply to the whole territory, including the autonomous regions.",
        "The Government intends to review these arrangements before {Y2}.",
        "No changes have been made since the previous reporting period.",
    ),
    "fr": (
        "Des informations complémentaires peuvent être fournies sur demande.",
        "Les chiffres pour {Y} seront publiés dans le prochain rapport annuel.",
        "Ces mesures s'appliquent à l'ensemble du territoire, y compris aux régions autonomes.",
        "Le Gouvernement entend réexaminer ce dispositif avant {Y2}.",
        "Aucun changement n'est intervenu depuis la précédente période de référence.",
    ),
}
_DATED = {
    "en": (
        "{D}: entry into force of the amended rules on {T}.",
        "{dd}.{mm}.{Y} – {Bc} issued a circular on {T}.",
        "{Y}: {Bc} launched a review of {T}.",
    ),
    "fr": (
        "{D} : entrée en vigueur des nouvelles règles relatives {à T}.",
        "{dd}.{mm}.{Y} – {Bc} a publié une circulaire sur {T}.",
        "{Y} : {Bc} a lancé un réexamen {de T}.",
    ),
}
_LIST_LEAD = {
    "en": "The following bodies take part in {T}:",
    "fr": "Les organismes suivants participent {à T} :",
}
_OLD_QUESTION = {
    "en": "Question 42 of the previous questionnaire also concerned {T}; the reply given at "
    "the time remains valid.",
    "fr": "Question 42 du questionnaire précédent : la réponse donnée alors au sujet {de T} "
    "reste valable.",
}
_CROSS_REFERENCE = {
    "en": "As indicated in the reply to question {k}, {T} is also covered by the national "
    "action plan.",
    "fr": "Comme indiqué dans la réponse à la question {k}, {T} relève aussi du plan d'action "
    "national.",
}
_TITLE = {
    "en": ("Reply of {S} to the thematic questionnaire", "Thematic questionnaire: reply of {S}"),
    "fr": (
        "Réponse de {S} au questionnaire thématique",
        "Questionnaire thématique : réponse de {S}",
    ),
}
_INTRO_HEADING = {"en": ("Introduction", "Preliminary remarks"), "fr": ("Introduction",)}
_INTRO = {
    "en": (
        "This reply was prepared by {B} in consultation with the ministries concerned and with "
        "civil society organisations.",
        "It describes the situation as of {D} and covers the period {Y0}–{Y}.",
        "The reply follows the order of the questionnaire; questions that do not apply are "
        "not answered.",
    ),
    "fr": (
        "La présente réponse a été préparée par {B} en consultation avec les ministères "
        "concernés et les organisations de la société civile.",
        "Elle décrit la situation au {D} et couvre la période {Y0}–{Y}.",
        "La réponse suit l'ordre du questionnaire ; les questions sans objet ne sont pas traitées.",
    ),
}
_CONTRIBUTORS = {
    "en": "The following authorities contributed to this reply:",
    "fr": "Les autorités suivantes ont contribué à la présente réponse :",
}
_CONCLUSION_HEADING = {
    "en": ("Conclusion", "Concluding remarks", "Final remarks"),
    "fr": ("Conclusion", "Remarques finales", "Observations finales"),
}
_CONCLUSION = {
    "en": (
        "In conclusion, the Government reaffirms its commitment to the implementation of the "
        "Convention.",
        "The Government remains at the Committee's disposal for any further information.",
    ),
    "fr": (
        "En conclusion, le Gouvernement réaffirme son engagement en faveur de la mise en "
        "œuvre de la Convention.",
        "Le Gouvernement reste à la disposition du Comité pour toute information complémentaire.",
    ),
}
_ANNEX = {
    "en": ("Annex – List of legislation", "Criminal Code, as amended in {Y}", "Child Welfare Act"),
    "fr": (
        "Annexe – Liste des textes législatifs",
        "Code pénal, tel que modifié en {Y}",
        "Loi sur la protection de l'enfance",
    ),
}


def _de(text: str) -> str:
    if text.startswith("le "):
        return "du " + text[3:]
    if text.startswith("les "):
        return "des " + text[4:]
    return "d'" + text if text[:1] in "aeiouéèh" else "de " + text


def _a(text: str) -> str:
    if text.startswith("le "):
        return "au " + text[3:]
    if text.startswith("les "):
        return "aux " + text[4:]
    return "à " + text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Fills the templates for one document (one random stream, one language at a time)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, lang: str, topic: str = "") -> str:
        rng = self.rng
        year = rng.randint(2015, 2023)
        body = rng.choice(_BODIES[lang])
        values = {
            "T": topic,
            "de T": _de(topic) if topic else "",
            "à T": _a(topic) if topic else "",
            "B": body,
            "Bc": _capital(body),
            "Y": str(year),
            "Y0": str(year - rng.randint(2, 5)),
            "Y2": str(year + rng.randint(2, 4)),
            "D": rng.choice(_DATES[lang]),
            "N": str(rng.randint(5, 40)),
            "M": str(rng.randint(3, 25)),
            "dd": f"{rng.randint(1, 28):02d}",
            "mm": f"{rng.randint(1, 12):02d}",
            "k": str(rng.randint(1, 5)),
        }
        out = template
        for key, value in values.items():
            out = out.replace("{" + key + "}", value)
        return out

    def topical(self, q: _Q, lang: str, sentences: int) -> str:
        topics = q.topics_en if lang == "en" else q.topics_fr
        frames = self.rng.sample(_FRAMES[lang], sentences)
        return " ".join(self.fill(f, lang, self.rng.choice(topics)) for f in frames)


def _marker(style: str, variant: int, number: str, lang: str) -> str:
    """How a numbered style writes question `number` (without title)."""
    if style == "question-n":
        if lang == "fr" and variant % 2:
            return f"Question n° {number}"
        return f"Question {number}"
    if style == "n-dot":
        return f"{number}."
    if style == "q-n":
        return (f"Q{number}", f"Q.{number}", f"Q {number}")[variant % 3]
    if style == "answer-to":
        if lang == "fr":
            return f"Réponse à la question {number}"
        return (f"Answer to question {number}", f"Reply to Question {number}")[variant % 2]
    if style == "reponse-fr":
        return (
            f"Réponse à la question {number}",
            f"Réponse à la Q{number}",
            f"Réponse à la question n° {number}",
        )[variant % 3]
    if style == "ad-n":
        return f"Ad {number}"
    if style == "paren":
        return (f"({number})", f"{number})")[variant % 2]
    raise ValueError(style)


def _sub_marker(style: str, variant: int, sub: str, form: str, lang: str) -> str:
    """How a numbered style writes sub-question `sub` ("6.a", "9.1")."""
    parent, part = sub.split(".")
    if part.isdigit() or form == "same":
        return _marker(style, variant, sub, lang)
    if form == "letter":
        return f"{part})"
    if form == "paren-letter":
        return f"{parent}({part})"
    return f"{parent} {part})"  # "space-letter"


_DOCUMENT_PLAN = (
    # language, style, count, answer-language mode
    ("en", "question-n", 3),
    ("en", "n-dot", 3),
    ("en", "q-n", 2),
    ("en", "answer-to", 2),
    ("en", "ad-n", 1),
    ("en", "paren", 2),
    ("en", "headings", 3),
    ("en", "none", 4),
    ("fr", "question-n", 3),
    ("fr", "reponse-fr", 4),
    ("fr", "n-dot", 3),
    ("fr", "q-n", 1),
    ("fr", "paren", 1),
    ("fr", "ad-n", 1),
    ("fr", "headings", 3),
    ("fr", "none", 4),
    ("mixed", "question-n", 2),
    ("mixed", "answer-to", 1),
    ("mixed", "reponse-fr", 1),
    ("mixed", "n-dot", 1),
    ("mixed", "headings", 1),
    ("mixed", "none", 2),
)


class _Document:
    def __init__(self, rng: random.Random, doc_id: str, language: str, style: str) -> None:
        self.rng = rng
        self.writer = _Writer(rng)
        self.id = doc_id
        self.language = language
        self.style = style
        self.passages: list[dict[str, Any]] = []
        # Mixed documents: bilingual paragraphs, or markers in one language, answers in the other.
        if language == "mixed":
            self.mode = rng.choice(("bilingual", "en-markers", "fr-markers"))
            self.answer_langs = {
                "bilingual": ("en", "fr"),
                "en-markers": ("fr",),
                "fr-markers": ("en",),
            }[self.mode]
            self.marker_lang = "fr" if self.mode == "fr-markers" else "en"
        else:
            self.mode = language
            self.answer_langs = (language,)
            self.marker_lang = language
        self.variant = rng.randint(0, 5)
        self.placement = rng.choice(("heading", "heading", "heading-title", "inline"))
        if style == "n-dot" and rng.random() < 0.5:
            self.placement = "inline"
        if style == "paren":
            self.placement = "inline"
        self.lost_styles = rng.random() < 0.2  # headings read back as plain paragraphs
        self.sub_form = rng.choice(("same", "letter", "paren-letter", "space-letter"))
        self.answer_subs = rng.random() < 0.75

    def add(self, text: str, heading: bool, question: str | None) -> None:
        self.passages.append({"text": text, "heading": heading, "question": question})

    def title(self, q: _Q, lang: str) -> str:
        return q.title_en if lang == "en" else q.title_fr

    def text_of(self, q: _Q, lang: str) -> str:
        return q.text_en if lang == "en" else q.text_fr

    def heading_flag(self) -> bool:
        return not self.lost_styles

    def introduction(self) -> None:
        rng, lang = self.rng, self.marker_lang
        state = rng.choice(_STATES[lang])
        self.add(
            _capital(self.writer.fill(rng.choice(_TITLE[lang]), lang).replace("{S}", state)),
            True,
            None,
        )
        if rng.random() < 0.6:
            self.add(rng.choice(_INTRO_HEADING[lang]), True, None)
        for template in rng.sample(_INTRO[lang], rng.randint(1, 3)):
            self.add(self.writer.fill(template, lang), False, None)
        if rng.random() < 0.3:
            self.add(_CONTRIBUTORS[lang], False, None)
            bodies = rng.sample(_BODIES[lang], rng.randint(2, 4))
            for n, body in enumerate(bodies, start=1):
                self.add(f"{n}. {_capital(body)}", False, None)

    def conclusion(self) -> None:
        rng, lang = self.rng, self.marker_lang
        shape = rng.choice(("heading", "heading", "paragraph", "closing", "annex"))
        if shape == "heading":
            self.add(rng.choice(_CONCLUSION_HEADING[lang]), True, None)
            for text in _CONCLUSION[lang][: rng.randint(1, 2)]:
                self.add(text, False, None)
        elif shape == "paragraph":
            self.add(_CONCLUSION[lang][0], False, None)
        elif shape == "closing":
            self.add(_CONCLUSION[lang][1], False, None)
        else:
            self.add(_CONCLUSION[lang][1], False, None)
            self.add(_ANNEX[lang][0], True, None)
            for n, template in enumerate(_ANNEX[lang][1:], start=1):
                self.add(f"{n}. {self.writer.fill(template, lang)}", False, None)

    def body_paragraphs(self, q: _Q, label: str, first_marker: str | None) -> None:
        """The answer's paragraphs, with the distractors; `first_marker` opens the first."""
        rng = self.rng
        paragraphs: list[str] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            for lang in self.answer_langs:
                paragraphs.append(self.writer.topical(q, lang, rng.choice((1, 2, 2, 3))))
        lang = self.answer_langs[0]
        topics = q.topics_en if lang == "en" else q.topics_fr
        extras: list[list[str]] = []
        if rng.random() < 0.2:
            extras.append([self.writer.fill(rng.choice(_DATED[lang]), lang, rng.choice(topics))])
        if rng.random() < 0.15:
            extras.append([self.writer.fill(rng.choice(_FILLERS[lang]), lang)])
        if rng.random() < 0.15:
            extras.append([self.writer.fill(_CROSS_REFERENCE[lang], lang, rng.choice(topics))])
        if rng.random() < 0.05:
            extras.append([self.writer.fill(_OLD_QUESTION[lang], lang, rng.choice(topics))])
        if rng.random() < 0.15:
            extras.append(self.numbered_list(lang, rng.choice(topics)))
        for extra in extras:
            at = rng.randint(1, len(paragraphs))
            paragraphs[at:at] = extra
        if first_marker is not None:
            paragraphs[0] = f"{first_marker} {paragraphs[0]}"
        for text in paragraphs:
            self.add(text, False, label)

    def numbered_list(self, lang: str, topic: str) -> list[str]:
        rng = self.rng
        lead = self.writer.fill(_LIST_LEAD[lang], lang, topic)
        form = rng.choice(("{n}. {b};", "{n}) {B}", "({n}) {b};", "{l}) {b};", "{n}. {B}"))
        items = [lead]
        for n, body in enumerate(rng.sample(_BODIES[lang], rng.randint(2, 4)), start=1):
            items.append(
                form.replace("{n}", str(n))
                .replace("{l}", "abcd"[n - 1])
                .replace("{b}", body)
                .replace("{B}", _capital(body))
            )
        return items

    def numbered_answer(self, q: _Q, number: str, marker: str, with_title: bool) -> None:
        lang = self.marker_lang
        if self.placement == "inline":
            self.body_paragraphs(q, number, marker)
            return
        text = f"{marker} {self.title(q, lang)}" if with_title else marker
        if self.mode == "bilingual" and with_title:
            text = f"{marker} {q.title_en} / {q.title_fr}"
        elif self.mode == "bilingual" and self.rng.random() < 0.5:
            text = f"{marker} / {marker}"
        self.add(text, self.heading_flag(), number)
        if self.rng.random() < 0.2:  # the question's text copied before the answer
            self.add(self.text_of(q, lang), False, number)
        self.body_paragraphs(q, number, None)

    def unnumbered_heading(self, q: _Q) -> str:
        lang = self.marker_lang
        if self.style == "headings":
            full = self.variant % 3 == 0
            text = self.text_of(q, lang) if full else self.title(q, lang)
            if self.mode == "bilingual":
                text = f"{q.title_en} / {q.title_fr}"
            return text
        return q.short_en if lang == "en" else q.short_fr

    def answer(self, q: _Q) -> None:
        rng = self.rng
        subs = [_BY_NUMBER[s] for s in _SUBS.get(q.number, ())]
        separate = bool(subs) and self.answer_subs
        if self.style in ("headings", "none"):
            topical_headings = self.style == "headings" or self.variant % 2 == 0
            if topical_headings:
                self.add(self.unnumbered_heading(q), True, q.number)
            if separate:
                if rng.random() < 0.5:
                    self.body_paragraphs(q, q.number, None)
                for sub in subs:
                    if topical_headings:
                        self.add(self.unnumbered_heading(sub), True, sub.number)
                    self.body_paragraphs(sub, sub.number, None)
            else:
                self.body_paragraphs(q, q.number, None)
            return
        with_title = self.placement == "heading-title" or self.style == "n-dot"
        marker = _marker(self.style, self.variant, q.number, self.marker_lang)
        if separate and self.placement != "inline" and rng.random() < 0.5:
            self.numbered_answer(q, q.number, marker, with_title)  # a general part, then subs
        elif separate:
            self.add(
                f"{marker} {self.title(q, self.marker_lang)}" if with_title else marker,
                self.heading_flag(),
                q.number,
            )
        else:
            self.numbered_answer(q, q.number, marker, with_title)
        if separate:
            for sub in subs:
                sub_marker = _sub_marker(
                    self.style, self.variant, sub.number, self.sub_form, self.marker_lang
                )
                self.numbered_answer(sub, sub.number, sub_marker, with_title)

    def build(self) -> dict[str, Any]:
        rng = self.rng
        self.introduction()
        count = rng.randint(8, len(_TOP))
        chosen = sorted(rng.sample(range(len(_TOP)), count))
        order = [_TOP[i] for i in chosen]
        numbered = self.style not in ("headings", "none")
        if numbered and self.style != "paren" and rng.random() < 0.15 and len(order) > 4:
            i = rng.randint(1, len(order) - 2)  # two answers given out of order
            order[i], order[i + 1] = order[i + 1], order[i]
        for q in order:
            self.answer(q)
        self.conclusion()
        return {"id": self.id, "style": self.style, "note": self.note(), "passages": self.passages}

    def note(self) -> str:
        """How the document was written, for reading the errors."""
        parts = []
        if self.language == "mixed":
            parts.append(
                {
                    "bilingual": "each paragraph in English then in French",
                    "en-markers": "English numbering, headings and introduction, French answers",
                    "fr-markers": "French numbering, headings and introduction, English answers",
                }[self.mode]
            )
        if self.style not in ("headings", "none"):
            parts.append(
                {
                    "heading": "markers on their own line",
                    "heading-title": "markers with the question's title on their own line",
                    "inline": "markers opening the first paragraph of each answer",
                }[self.placement]
            )
            if self.answer_subs:
                parts.append(f"sub-questions answered apart ({self.sub_form} markers)")
            if self.lost_styles:
                parts.append("headings read back as plain paragraphs")
        elif self.style == "none":
            parts.append("paraphrased headings" if self.variant % 2 == 0 else "no headings")
        return "; ".join(parts) or "-"


def _questionnaire() -> list[dict[str, str]]:
    return [
        {"number": q.number, "text": f"{q.title_en}. {q.text_en} / {q.title_fr}. {q.text_fr}"}
        for q in _QUESTIONS
    ]


def _dump(data: dict[str, Any]) -> str:
    """JSON with one question, and one passage, per line: readable, and diffs stay small."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for key in ("name", "language", "note"):
        lines.append(f" {one(key)}: {one(data[key])},")
    lines.append(' "questions": [')
    lines.append(",\n".join(f"  {one(q)}" for q in data["questions"]))
    lines.append(" ],")
    lines.append(' "documents": [')
    documents = []
    for document in data["documents"]:
        head = (
            f'  {{"id": {one(document["id"])}, "style": {one(document["style"])}, '
            f'"note": {one(document["note"])}, "passages": ['
        )
        body = ",\n".join(f"   {one(p)}" for p in document["passages"])
        documents.append(f"{head}\n{body}\n  ]}}")
    lines.append(",\n".join(documents))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate_sets(out_dir: str | Path = DEFAULT_DIR, seed: int = 201) -> list[Path]:
    """Write the synthetic labelled sets (generated-en/fr/mixed.json); the same seed gives the
    same bytes. Returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    documents: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGUAGES}
    for lang, style, count in _DOCUMENT_PLAN:
        for n in range(1, count + 1):
            doc_id = f"{lang}-{style}-{n}"
            documents[lang].append(_Document(rng, doc_id, lang, style).build())
    written = []
    for lang in LANGUAGES:
        data = {
            "name": f"generated-{lang}",
            "language": lang,
            "note": (
                "Synthetic: an invented questionnaire and invented replies of invented States, "
                f"generated by tools/linking_corpus.py generate_sets(seed={seed}). "
                "Do not edit by hand; regenerate."
            ),
            "questions": _questionnaire(),
            "documents": documents[lang],
        }
        path = out_dir / f"generated-{lang}.json"
        path.write_text(_dump(data), encoding="utf-8")
        written.append(path)
    return written
