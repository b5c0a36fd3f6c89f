"""Read-only API of rounds and questionnaires, with the same visibility as the pages."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from . import selectors
from .models import Question, Questionnaire, Round

router = Router(tags=["monitoring"])


class QuestionnaireRefOut(Schema):
    """A questionnaire in a list: what it is, and where its questions are."""

    uid: str
    kind: str
    round: str | None
    title_en: str
    title_fr: str | None
    deadline: dt.date | None
    questions: int
    url: str  # its questions and more: /api/questionnaires/{uid}

    @staticmethod
    def resolve_round(obj: Questionnaire) -> str | None:
        return obj.round.uid if obj.round is not None else None

    @staticmethod
    def resolve_title_fr(obj: Questionnaire) -> str | None:
        return obj.title_fr or None

    @staticmethod
    def resolve_questions(obj: Questionnaire) -> int:
        return obj.question_count  # type: ignore[attr-defined]  # annotated by the selectors

    @staticmethod
    def resolve_url(obj: Questionnaire) -> str:
        return reverse("api:questionnaire", args=[obj.uid])


class RoundOut(Schema):
    uid: str
    kind: str
    status: str
    name_en: str
    name_fr: str | None
    theme_en: str | None
    launched: str | None
    parties: list[str]
    parties_count: int | None
    is_demo: bool
    questionnaires: list[QuestionnaireRefOut]

    @staticmethod
    def resolve_name_fr(obj: Round) -> str | None:
        return obj.name_fr or None

    @staticmethod
    def resolve_theme_en(obj: Round) -> str | None:
        return obj.theme_en or None

    @staticmethod
    def resolve_launched(obj: Round) -> str | None:
        return str(obj.launched_date) if obj.launched else None

    @staticmethod
    def resolve_parties(obj: Round) -> list[str]:
        return [state.iso2 for state in obj.parties.all()]

    @staticmethod
    def resolve_questionnaires(obj: Round) -> list[Questionnaire]:
        return list(obj.questionnaires.all())  # prefetched with their question counts


class QuestionOut(Schema):
    number: str
    parent: str | None
    title_en: str
    title_fr: str | None
    text_en: str
    text_fr: str | None
    audience: str
    provisions: list[str]

    @staticmethod
    def resolve_parent(obj: Question) -> str | None:
        return obj.parent.number if obj.parent is not None else None

    @staticmethod
    def resolve_title_fr(obj: Question) -> str | None:
        return obj.title_fr or None

    @staticmethod
    def resolve_text_fr(obj: Question) -> str | None:
        return obj.text_fr or None

    @staticmethod
    def resolve_provisions(obj: Question) -> list[str]:
        return [p.uid for p in obj.provisions.all()]


class QuestionnaireOut(Schema):
    uid: str
    kind: str
    round: str | None
    title_en: str
    title_fr: str | None
    deadline: dt.date | None
    questions_complete: bool
    replies_published_at: dt.datetime | None
    is_demo: bool
    questions: list[QuestionOut]

    @staticmethod
    def resolve_round(obj) -> str | None:
        return obj.round.uid if obj.round is not None else None

    @staticmethod
    def resolve_title_fr(obj) -> str | None:
        return obj.title_fr or None

    @staticmethod
    def resolve_questions(obj) -> list[Question]:
        return list(obj.questions.select_related("parent").prefetch_related("provisions"))


def _with_questionnaires(rounds: QuerySet[Round]) -> QuerySet[Round]:
    return rounds.prefetch_related(
        "parties",
        Prefetch("questionnaires", selectors.questionnaires_counted().select_related("round")),
    )


@router.get("/rounds", response=list[RoundOut], summary="List monitoring rounds")
@paginate
def rounds(request):
    return _with_questionnaires(selectors.round_list(viewer=request.user))


@router.get("/rounds/{uid}", response=RoundOut, summary="Get one monitoring round")
def round_(request, uid: str):
    found = selectors.round_get(uid=uid, viewer=request.user)
    return _with_questionnaires(Round.objects.filter(pk=found.pk)).get()


@router.get(
    "/questionnaires",
    response=list[QuestionnaireRefOut],
    summary="List the questionnaires you may read",
    description="Each round's questionnaires, and the general overview questionnaire that "
    "belongs to no round; round= keeps one round's.",
)
@paginate
def questionnaires(request, round: str = ""):
    rows = selectors.questionnaire_list(viewer=request.user)
    return rows.filter(round__uid=round[:50]) if round else rows


@router.get(
    "/questionnaires/{uid}",
    response=QuestionnaireOut,
    summary="Get a questionnaire with its questions",
)
def questionnaire(request, uid: str):
    return selectors.questionnaire_get(uid=uid, viewer=request.user)
