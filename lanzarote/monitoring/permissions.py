"""Who may change a round's questions and the Parties it monitors. Deny by default; checked in
services and pages. (The older monitoring services check `is_secretariat` directly.)"""

from typing import Any

from lanzarote.accounts.permissions import acts_on, is_secretariat

from .models import Questionnaire, Round


def can_edit_questions(user: Any, questionnaire: Questionnaire) -> bool:
    """Edit, translate and reorder a questionnaire's questions: the Secretariat, while its round
    is in preparation (a demonstration login only on demonstration data)."""
    round_ = questionnaire.round
    return (
        is_secretariat(user)
        and acts_on(user, questionnaire)
        and round_ is not None
        and round_.status == Round.Status.PREPARING
    )


def can_correct_questions(user: Any, questionnaire: Questionnaire) -> bool:
    """Correct the wording of a question once its round is open (with a reason, recorded and
    shown): the Secretariat. Order and audience are then fixed."""
    round_ = questionnaire.round
    return (
        is_secretariat(user)
        and acts_on(user, questionnaire)
        and round_ is not None
        and round_.status != Round.Status.PREPARING
    )


def can_choose_parties(user: Any, round_: Round) -> bool:
    """Choose the Parties a round monitors: the Secretariat, while the round is in preparation."""
    return (
        is_secretariat(user) and acts_on(user, round_) and round_.status == Round.Status.PREPARING
    )
