"""Who may read and write findings. Deny by default; checked in services, pages and the API.

- The Secretariat analyses: it writes findings and evidence, reviews, records adoption, and
  sees every finding and suggestion.
- Committee members read reviewed and adopted findings and comment on reviewed ones.
- Nobody else reads findings here; adopted findings reach the public through publications.
"""

from typing import Any

from django.db.models import Q

from lanzarote.accounts.permissions import (
    acts_on,
    demo_scope_q,
    is_committee_member,
    is_secretariat,
)
from lanzarote.monitoring.models import Round

from .models import Finding

REVIEWED_OR_ADOPTED = (Finding.Status.REVIEWED, Finding.Status.ADOPTED)


def can_assess(user: Any, round_: Round) -> bool:
    """Write findings for a round: the Secretariat, once the round is no longer in preparation
    (a demonstration login only on demonstration rounds)."""
    return (
        is_secretariat(user) and acts_on(user, round_) and round_.status != Round.Status.PREPARING
    )


def finding_visibility_q(user: Any) -> Q:
    """A demonstration login reads the demonstration round's findings only."""
    if is_secretariat(user):
        return demo_scope_q(user, "indicator__scheme__round__is_demo")
    if is_committee_member(user):
        return Q(status__in=REVIEWED_OR_ADOPTED) & demo_scope_q(
            user, "indicator__scheme__round__is_demo"
        )
    return Q(pk__in=[])


def can_read_suggestions(user: Any) -> bool:
    """The machine's suggestions and how much of them was used: the Secretariat."""
    return is_secretariat(user)


def can_view_finding(user: Any, finding: Finding) -> bool:
    if not acts_on(user, finding.indicator.scheme.round):
        return False
    return is_secretariat(user) or (
        is_committee_member(user) and finding.status in REVIEWED_OR_ADOPTED
    )


def can_comment(user: Any, finding: Finding) -> bool:
    return (
        (is_secretariat(user) or is_committee_member(user))
        and acts_on(user, finding.indicator.scheme.round)
        and finding.status == Finding.Status.REVIEWED
    )


def can_step_many(user: Any, round_: Round) -> bool:
    """Review or record the adoption of several findings of a round at once: whoever may assess
    the round; each finding is then checked by the rules of one at a time."""
    return can_assess(user, round_)


def can_accept_suggestions_of_party(user: Any, round_: Round) -> bool:
    """Turn all the open suggestions of a Party into draft findings: whoever may assess the
    round (the suggestions having been read first, on the confirmation page)."""
    return can_assess(user, round_)
