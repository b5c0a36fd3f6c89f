"""Who may run rounds, change their questions and the Parties they monitor. Deny by default;
checked in services, selectors and pages."""

from typing import Any

from lanzarote.accounts.permissions import acts_on, is_secretariat

from .models import Questionnaire, Round


def can_manage_rounds(user: Any) -> bool:
    """Create rounds and questionnaires, take a round through its steps, set deadlines, import
    questions, edit the coding scheme, and see the rounds still in preparation: the Secretariat
    (a demonstration login as well; services also check that it acts on demonstration data)."""
    return is_secretariat(user)


def can_edit_questions(user: Any, questionnaire: Questionnaire) -> bool:
    """Edit, translate and reorder a questionnaire's questions: the Secretariat, while its round
    is in preparation (a demonstration login only on demonstration data)."""
    round_ = questionnaire.round
    return (
        can_manage_rounds(user)
        and acts_on(user, questionnaire)
        and round_ is not None
        and round_.status == Round.Status.PREPARING
    )


def can_correct_questions(user: Any, questionnaire: Questionnaire) -> bool:
    """Correct the wording of a question once its round is open (with a reason, recorded and
    shown): the Secretariat. Order and audience are then fixed."""
    round_ = questionnaire.round
    return (
        can_manage_rounds(user)
        and acts_on(user, questionnaire)
        and round_ is not None
        and round_.status != Round.Status.PREPARING
    )


def can_choose_parties(user: Any, round_: Round) -> bool:
    """Choose the Parties a round monitors: the Secretariat, while the round is in preparation."""
    return (
        can_manage_rounds(user)
        and acts_on(user, round_)
        and round_.status == Round.Status.PREPARING
    )
