"""Reads of rounds and questionnaires, with visibility applied: a round in preparation is the
Secretariat's own work and is shown to nobody else."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from lanzarote.accounts.models import Organisation, Profile
from lanzarote.accounts.permissions import demo_scope_q
from lanzarote.audit.actions import Action
from lanzarote.audit.models import AuditEvent
from lanzarote.parties.models import State, TreatyStatus

from .models import Indicator, Question, Questionnaire, Round
from .permissions import can_manage_rounds


def _round_visibility(viewer: Any) -> Q:
    """A round in preparation is the Secretariat's; a demonstration login sees the
    demonstration rounds only (real ones answer 404, as if absent)."""
    released = Q() if can_manage_rounds(viewer) else ~Q(status=Round.Status.PREPARING)
    return released & demo_scope_q(viewer)


def round_list(*, viewer: Any) -> QuerySet[Round]:
    return (
        Round.objects.filter(_round_visibility(viewer))
        .select_related("treaty")
        .annotate(questionnaire_count=Count("questionnaires"))
    )


def round_get(*, uid: str, viewer: Any) -> Round:
    try:
        return (
            Round.objects.filter(_round_visibility(viewer))
            .select_related("treaty", "launched_at", "report_adopted_at")
            .get(uid=uid)
        )
    except Round.DoesNotExist:
        raise Http404("no such round") from None


def round_questionnaires(*, round_: Round) -> QuerySet[Questionnaire]:
    return round_.questionnaires.annotate(question_count=Count("questions"))


def questionnaires_counted() -> QuerySet[Questionnaire]:
    """Questionnaires with their number of questions (``question_count``)."""
    return Questionnaire.objects.annotate(question_count=Count("questions"))


def questionnaire_list(*, viewer: Any) -> QuerySet[Questionnaire]:
    visible = Q(round__isnull=True) | Q(round__in=Round.objects.filter(_round_visibility(viewer)))
    visible &= demo_scope_q(viewer)
    return (
        Questionnaire.objects.filter(visible)
        .select_related("round")
        .annotate(question_count=Count("questions"))
    )


def questionnaire_get(*, uid: str, viewer: Any) -> Questionnaire:
    try:
        return questionnaire_list(viewer=viewer).select_related("adopted_at").get(uid=uid)
    except Questionnaire.DoesNotExist:
        raise Http404("no such questionnaire") from None


def question_list(*, questionnaire: Questionnaire) -> QuerySet[Question]:
    return questionnaire.questions.prefetch_related(
        Prefetch("provisions", queryset=questionnaire.treaty.provisions.select_related("article"))
    )


def question_get(*, questionnaire: Questionnaire, number: str) -> Question:
    try:
        return questionnaire.questions.get(number=number)
    except Question.DoesNotExist:
        raise Http404("no such question") from None


def round_party_ids(round_: Round) -> set[int]:
    """The Parties a round monitors: its own list, or where none is recorded every Party to
    its treaty."""
    ids = set(round_.parties.values_list("pk", flat=True))
    if not ids:
        ids = set(
            TreatyStatus.objects.filter(
                treaty_id=round_.treaty_id, status=TreatyStatus.Status.PARTY
            ).values_list("state_id", flat=True)
        )
    return ids


def question_corrections(*, questionnaire: Questionnaire) -> dict[int, list]:
    """The corrections made to the questionnaire's questions after its round opened, by question
    id (every question has its list, empty when uncorrected), oldest first: shown beside each
    question to those who reply."""
    ids = [str(pk) for pk in questionnaire.questions.values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        object_type="monitoring.question", object_id__in=ids, action=Action.QUESTION_CORRECT
    ).order_by("created_at", "pk")
    corrections: dict[int, list] = {int(pk): [] for pk in ids}
    for event in events:
        corrections[int(event.object_id)].append(event)
    return corrections


def organisation_choices(*, questionnaire: Questionnaire) -> QuerySet[Organisation] | list:
    """The organisations a reply to the questionnaire may be entered for (none for the general
    overview, which only Parties answer); demonstration ones for a demonstration questionnaire."""
    if questionnaire.kind == questionnaire.Kind.GENERAL_OVERVIEW:
        return []
    return Organisation.objects.filter(is_demo=questionnaire.is_demo)


def indicator_history(*, indicators: Iterable[Indicator]) -> QuerySet[AuditEvent]:
    """The last 50 saves of these indicators, newest first, with who saved them."""
    return (
        AuditEvent.objects.filter(
            action=Action.INDICATOR_SAVE, object_id__in=[str(i.pk) for i in indicators]
        )
        .select_related("actor")
        .order_by("-created_at")[:50]
    )


def parties_to_choose(*, round_: Round):
    """The States a round may monitor: the treaty's Parties and any already chosen."""
    return State.objects.filter(
        Q(treaty_statuses__treaty=round_.treaty, treaty_statuses__status=TreatyStatus.Status.PARTY)
        | Q(pk__in=round_.parties.all())
    ).distinct()


def focal_points_by_party(
    party_ids: Iterable[int], *, is_demo: bool
) -> dict[int | None, list[Any]]:
    """The active focal points of each Party (for the Secretariat's state of play), in one
    query."""
    from django.contrib.auth import get_user_model

    out: dict[int | None, list[Any]] = {}
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__role=Profile.Role.FOCAL_POINT,
            profile__party_id__in=list(party_ids),
            profile__is_demo=is_demo,
        )
        .select_related("profile")
        .order_by("last_name", "first_name", "email")
    )
    for person in people:
        out.setdefault(person.profile.party_id, []).append(person)
    return out
