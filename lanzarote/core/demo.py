"""Fictional demonstration data: two rounds with synthetic replies, so a newcomer can see the
monitoring work end to end. Opt-in (`lanzarote demo`), never loaded by default, and labelled as
demonstration data on every page that shows it.

Everything is made through the same services as real work, under a demonstration Secretariat
account that cannot log in.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lanzarote.accounts.models import Organisation, Profile
from lanzarote.assessments.models import Finding
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record
from lanzarote.lib.transactions import durable
from lanzarote.monitoring import services as monitoring
from lanzarote.monitoring.models import Question, Questionnaire, Round
from lanzarote.monitoring.questionnaire_file import ParsedQuestion
from lanzarote.parties.models import State
from lanzarote.recommendations import services as recommendations
from lanzarote.recommendations.models import FollowUpReport, Recommendation
from lanzarote.replies import services as replies
from lanzarote.replies.indexing import replies_unindex
from lanzarote.replies.models import Answer, Attachment, Reply
from lanzarote.reports.models import Publication, Rendering
from lanzarote.search.index import index_unlink_questions
from lanzarote.treaties.models import Treaty

DEMO_ACTOR = "lanzarote-demo"
OPEN_ROUND, PUBLISHED_ROUND = "demo-open", "demo-published"

QUESTIONS = [
    ParsedQuestion(
        "1",
        None,
        "Coordination",
        "How is the work of the authorities responsible for "
        "protecting children against sexual abuse co-ordinated (Art. 10)?",
        "Coordination",
        "Comment le travail des autorités est-il coordonné (art. 10) ?",
    ),
    ParsedQuestion(
        "2",
        None,
        "Training",
        "What training do professionals in contact with children "
        "receive on recognising and reporting sexual abuse (Art. 5)?",
        "Formation",
        "Quelle formation les professionnels reçoivent-ils (art. 5) ?",
    ),
    ParsedQuestion(
        "2.a",
        "2",
        "",
        "Is the training compulsory? For which professions?",
        "",
        "La formation est-elle obligatoire ? Pour quelles professions ?",
    ),
    ParsedQuestion(
        "3",
        None,
        "Reporting",
        "Which channels exist for reporting a suspicion, and who may use them (Art. 12)?",
        "Signalement",
        "Quels canaux de signalement existent (art. 12) ?",
    ),
    ParsedQuestion(
        "4",
        None,
        "Views of civil society",
        "How do you assess the measures described by the authorities? (for stakeholders)",
        "Avis de la société civile",
        "Comment évaluez-vous les mesures décrites par les autorités ?",
    ),
]
# The provisions each question concerns, in the numbering of the treaty the demonstration is
# built on (LANZAROTE_TREATY: the Lanzarote Convention's articles).
PROVISIONS = {"1": ["10.1"], "2": ["5.2"], "3": ["12.1", "12.2"]}


def _provisions(treaty: Treaty, number: str) -> list[str]:
    return [f"{treaty.code}:{ref}" for ref in PROVISIONS[number]]


# Synthetic answers: invented for the demonstration, describing no real State's law or practice.
PARTY_ANSWERS = {
    "1": "[Demonstration text] A fictional national co-ordinating board meets every quarter and "
    "brings together the ministries of justice, education, health and social affairs.",
    "2": "[Demonstration text] Teachers, police officers and health workers follow a fictional "
    "two-day module on recognising signs of abuse and on the duty to report.",
    "2.a": "[Demonstration text] In this fictional example it is compulsory for teachers and "
    "police officers, and recommended for sports coaches.",
    "3": "[Demonstration text] A fictional free helpline, an online form and any police station; "
    "children may report themselves.",
}
STAKEHOLDER_ANSWERS = {
    "1": "[Demonstration text] The fictional board meets, but its decisions rarely reach the "
    "local level.",
    "4": "[Demonstration text] Training is described well on paper; the fictional survey we ran "
    "found that few coaches had followed it.",
}


# A fictional coding scheme for the published demonstration round: (code, EN label, FR label,
# description, EN key phrases, FR key phrases, questions).
INDICATORS = [
    (
        "coordination-body",
        "A national body co-ordinates the work",
        "Un organe national coordonne le travail",
        "Whether a national board or body co-ordinates the authorities (Art. 10).",
        ["co-ordinating board", "coordinating body", "co-ordinates"],
        ["organe de coordination"],
        ["1"],
    ),
    (
        "training-compulsory",
        "Training is compulsory for professionals",
        "La formation est obligatoire pour les professionnels",
        "Whether professionals in contact with children must "
        "follow training on recognising and reporting abuse (Art. 5).",
        ["compulsory", "mandatory training", "must follow"],
        ["obligatoire"],
        ["2", "2.a"],
    ),
    (
        "self-reporting",
        "Children may report themselves",
        "Les enfants peuvent signaler eux-mêmes",
        "Whether children can themselves use the reporting channels (Art. 12).",
        ["children may report", "report themselves", "helpline"],
        ["ligne d'écoute"],
        ["3"],
    ),
]


def _demo_scheme(round_, actor) -> None:
    """The published round's fictional coding scheme, and the machine's suggestions for two
    Parties, so the analyst's workspace can be tried."""
    # The engine loads numpy and the language model: only loading the demonstration needs them.
    from lanzarote.assessments.assist.services import suggestions_compute

    scheme = monitoring.scheme_create.nested(
        round_=round_,
        actor=actor,
        title_en="Demonstration coding scheme (fictional)",
        title_fr="Grille de codage de démonstration (fictive)",
    )
    for code, label_en, label_fr, description, keywords_en, keywords_fr, numbers in INDICATORS:
        monitoring.indicator_save.nested(
            scheme=scheme,
            code=code,
            actor=actor,
            scale="yes-partly-no",
            texts={"label_en": label_en, "label_fr": label_fr, "description_en": description},
            keywords_en=keywords_en,
            keywords_fr=keywords_fr,
            provisions=_provisions(round_.treaty, numbers[0]),
            questions=numbers,
        )
    scheme.refresh_from_db()
    for iso2 in ("FR", "PT"):
        suggestions_compute(scheme=scheme, party=State.objects.get(iso2=iso2))


class DemoRefused(Exception):
    """The demonstration is not loaded; the message says why and what to do."""


def real_replies_count() -> int:
    """Replies of real questionnaires: the demonstration is not loaded next to them unasked."""
    return Reply.objects.filter(questionnaire__is_demo=False).count()


@dataclass
class DemoReport:
    created: bool
    logins: dict[str, str]
    password: str


def _demo_user(username: str, name: str, role: str, **speaks_for):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.example.org", "first_name": name}
    )
    Profile.objects.get_or_create(user=user, defaults={"role": role, "is_demo": True, **speaks_for})
    return user


def _make_questionnaire(*, treaty, round_, uid, title_en, title_fr, deadline, actor):
    questionnaire = monitoring.questionnaire_create.nested(
        treaty=treaty,
        uid=uid,
        kind=Questionnaire.Kind.THEMATIC,
        round_=round_,
        actor=actor,
        title_en=title_en,
        title_fr=title_fr,
        deadline=deadline,
        is_demo=True,
    )
    monitoring.questionnaire_import.nested(
        questionnaire=questionnaire, questions=QUESTIONS, actor=actor
    )
    for question in questionnaire.questions.all():
        if question.number == "4":
            monitoring.question_set_audience.nested(
                question=question, audience=Question.Audience.STAKEHOLDERS, actor=actor
            )
        if question.number in PROVISIONS:
            monitoring.question_link_provisions.nested(
                question=question, uids=_provisions(treaty, question.number), actor=actor
            )
    return questionnaire


def _answer(reply, answers, actor, *, only=None):
    for question in reply.questionnaire.questions.all():
        if question.number in answers and (only is None or question.number in only):
            replies.answer_save.nested(
                reply=reply, question=question, text=answers[question.number], actor=actor
            )


@durable
def demo_load(*, password: str | None = None, alongside_real_data: bool = False) -> DemoReport:
    """Load the demonstration rounds, users and replies (once; a second call changes nothing).

    The demonstration logins share one password and read only demonstration data; still, on a
    site that holds real replies they are loaded only when ``alongside_real_data`` says so."""
    loaded = Round.objects.filter(uid=OPEN_ROUND).exists()
    if not alongside_real_data and not loaded and (count := real_replies_count()):
        raise DemoRefused(
            f"This site holds {count} real replies. The demonstration adds logins that share "
            "one password (they read and change demonstration data only). Load it next to "
            "real data only on purpose: lanzarote demo --alongside-real-data."
        )
    password = password or secrets.token_urlsafe(9)
    people: dict[str, tuple[str, str, dict[str, Any]]] = {
        "demo-secretariat": ("Demonstration Secretariat", Profile.Role.SECRETARIAT, {}),
        "demo-committee": ("Demonstration Committee member", Profile.Role.COMMITTEE, {}),
        "demo-focal-fr": (
            "Demonstration focal point (France)",
            Profile.Role.FOCAL_POINT,
            {"party": State.objects.get(iso2="FR")},
        ),
        "demo-focal-it": (
            "Demonstration focal point (Italy)",
            Profile.Role.FOCAL_POINT,
            {"party": State.objects.get(iso2="IT")},
        ),
    }
    if Round.objects.filter(uid=OPEN_ROUND).exists():
        return DemoReport(created=False, logins={u: p[0] for u, p in people.items()}, password="")

    ngo, _ = Organisation.objects.get_or_create(
        name_en="Demonstration Children's Rights NGO (fictional)",
        defaults={
            "name_fr": "ONG de démonstration pour les droits de l'enfant (fictive)",
            "kind": Organisation.Kind.NGO,
            "is_demo": True,
        },
    )
    ombud, _ = Organisation.objects.get_or_create(
        name_en="Demonstration Ombudsperson for Children (fictional)",
        defaults={
            "name_fr": "Défenseur des enfants de démonstration (fictif)",
            "kind": Organisation.Kind.OMBUDSPERSON,
            "is_demo": True,
        },
    )
    people["demo-ngo"] = (
        "Demonstration NGO member",
        Profile.Role.STAKEHOLDER,
        {"organisation": ngo},
    )
    users = {u: _demo_user(u, name, role, **speaks) for u, (name, role, speaks) in people.items()}
    for user in users.values():
        user.set_password(password)
        user.save(update_fields=["password"])
    system = _demo_user(DEMO_ACTOR, "Demonstration loader", Profile.Role.SECRETARIAT)
    system.set_unusable_password()
    system.save(update_fields=["password"])

    treaty = Treaty.objects.get(code=settings.LANZAROTE_TREATY)
    today = timezone.localdate()
    # A round whose replies are closed and published: read by State, stakeholder and question.
    published = monitoring.round_create.nested(
        treaty=treaty,
        uid=PUBLISHED_ROUND,
        kind=Round.Kind.THEMATIC,
        actor=system,
        is_demo=True,
        name_en="Demonstration round (fictional): replies published",
        name_fr="Cycle de démonstration (fictif) : réponses publiées",
        theme_en="Protection of children in organised sport – a fictional theme for demonstration",
        theme_fr="Protection des enfants dans le sport organisé – thème fictif de démonstration",
    )
    q_published = _make_questionnaire(
        treaty=treaty,
        round_=published,
        uid="demo-published-questionnaire",
        actor=system,
        title_en="Demonstration questionnaire (fictional)",
        title_fr="Questionnaire de démonstration (fictif)",
        deadline=today + dt.timedelta(days=30),
    )
    monitoring.round_step.nested(round_=published, step="open", actor=system)
    for iso2 in ("FR", "DE", "IT", "PT"):
        reply = replies.reply_start.nested(
            questionnaire=q_published, actor=system, party=State.objects.get(iso2=iso2)
        )
        _answer(reply, PARTY_ANSWERS, system, only=None if iso2 != "PT" else {"1", "2"})
        replies.reply_submit.nested(reply=reply, actor=system)
    # The NGO replies itself and agrees to publication; the ombudsperson's reply, entered by the
    # Secretariat, stays confidential.
    ngo_reply = replies.reply_start.nested(questionnaire=q_published, actor=users["demo-ngo"])
    replies.reply_update_settings.nested(
        reply=ngo_reply, actor=users["demo-ngo"], publication_agreed=True
    )
    _answer(ngo_reply, STAKEHOLDER_ANSWERS, users["demo-ngo"])
    replies.reply_submit.nested(reply=ngo_reply, actor=users["demo-ngo"])
    ombud_reply = replies.reply_start.nested(
        questionnaire=q_published, actor=system, organisation=ombud
    )
    _answer(ombud_reply, STAKEHOLDER_ANSWERS, system)
    replies.reply_submit.nested(reply=ombud_reply, actor=system)
    monitoring.round_step.nested(round_=published, step="close_replies", actor=system)
    monitoring.round_publish_replies.nested(round_=published, actor=system)
    _demo_scheme(published, system)
    _demo_recommendations(published, system, users["demo-focal-fr"], today)

    # A round open for replies: the demonstration focal points and NGO reply here.
    open_round = monitoring.round_create.nested(
        treaty=treaty,
        uid=OPEN_ROUND,
        kind=Round.Kind.THEMATIC,
        actor=system,
        is_demo=True,
        name_en="Demonstration round (fictional): open for replies",
        name_fr="Cycle de démonstration (fictif) : ouvert aux réponses",
        theme_en="Protection of children in organised sport – a fictional theme for demonstration",
        theme_fr="Protection des enfants dans le sport organisé – thème fictif de démonstration",
    )
    q_open = _make_questionnaire(
        treaty=treaty,
        round_=open_round,
        uid="demo-open-questionnaire",
        actor=system,
        title_en="Demonstration questionnaire, open (fictional)",
        title_fr="Questionnaire de démonstration, ouvert (fictif)",
        deadline=today + dt.timedelta(days=45),
    )
    monitoring.round_step.nested(round_=open_round, step="open", actor=system)
    draft = replies.reply_start.nested(
        questionnaire=q_open, actor=system, party=State.objects.get(iso2="IT")
    )
    _answer(draft, PARTY_ANSWERS, system, only={"1"})
    audit_record(
        actor=system,
        action=Action.DEMO_LOAD,
        obj=treaty,
        after={"rounds": [published.uid, open_round.uid], "logins": sorted(users)},
    )
    return DemoReport(created=True, logins={u: p[0] for u, p in people.items()}, password=password)


@transaction.atomic
def _demo_recommendations(round_, actor, focal_point, today) -> None:
    """A fictional recommendation of the published round, its follow-up requested, France's
    account of it and the Committee's evaluation; Portugal's account is awaited."""
    recommendation = recommendations.recommendation_save.nested(
        round_=round_,
        actor=actor,
        number="R1",
        grade="urge",
        report_en="Demonstration report (fictional)",
        report_fr="Rapport de démonstration (fictif)",
        text_en="Urges France and Portugal to require a criminal record check of every sports "
        "coach working with children (fictional, for demonstration).",
        text_fr="Exhorte la France et le Portugal à exiger un contrôle du casier judiciaire de "
        "tout entraîneur sportif travaillant avec des enfants (fictif, pour la "
        "démonstration).",
        addressees=State.objects.filter(iso2__in=["FR", "PT"]),
    )
    adopted_on = today - dt.timedelta(days=60)
    recommendations.recommendation_adopt.nested(
        recommendation=recommendation, actor=actor, adopted_on=adopted_on
    )
    recommendations.followup_request.nested(
        recommendation=recommendation,
        actor=actor,
        requested_on=adopted_on,
        deadline=today + dt.timedelta(days=30),
    )
    recommendations.followup_report_submit.nested(
        recommendation=recommendation,
        party=State.objects.get(iso2="FR"),
        actor=focal_point,
        text="Checks are now required of paid coaches; volunteers follow next year (fictional).",
    )
    recommendations.evaluation_record.nested(
        recommendation=recommendation,
        party=State.objects.get(iso2="FR"),
        actor=actor,
        grade="partially",
        evaluated_on=today,
        rationale="Paid coaches only; volunteers are not yet covered (fictional).",
    )


@durable
def demo_remove() -> int:
    """Remove every demonstration object, in one transaction recorded by one audit event;
    returns the number of rounds removed."""
    FollowUpReport.objects.filter(request__recommendation__round__is_demo=True).delete()
    Recommendation.objects.filter(round__is_demo=True).delete()
    renderings = Rendering.objects.filter(publication__round__is_demo=True)
    for rendering in renderings:
        rendering.file.delete(save=False)
    renderings.delete()
    Publication.objects.filter(round__is_demo=True).delete()
    Finding.objects.filter(indicator__scheme__round__is_demo=True).delete()
    questionnaires = Questionnaire.objects.filter(is_demo=True)
    # The search index names replies and questions by id: their rows go (or unlink) first.
    replies_unindex(replies=Reply.objects.filter(questionnaire__in=questionnaires))
    index_unlink_questions(
        question_ids=Question.objects.filter(questionnaire__in=questionnaires).values("pk")
    )
    Attachment.objects.filter(reply__questionnaire__in=questionnaires).delete()
    Answer.objects.filter(reply__questionnaire__in=questionnaires).delete()
    Reply.objects.filter(questionnaire__in=questionnaires).delete()
    Question.objects.filter(questionnaire__in=questionnaires).delete()
    questionnaires.delete()
    treaties = list(Treaty.objects.filter(rounds__is_demo=True).distinct())
    rounds = sorted(Round.objects.filter(is_demo=True).values_list("uid", flat=True))
    logins = get_user_model().objects.filter(profile__is_demo=True)
    removed = {"rounds": rounds, "logins": sorted(logins.values_list("username", flat=True))}
    count, _ = Round.objects.filter(is_demo=True).delete()
    logins.delete()
    Organisation.objects.filter(is_demo=True).delete()
    for treaty in treaties:
        audit_record(
            actor=None,
            actor_label=DEMO_ACTOR,
            action=Action.DEMO_REMOVE,
            obj=treaty,
            after=removed,
        )
    return count
