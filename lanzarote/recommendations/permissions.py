"""Who may read and write recommendations and their follow-up. Deny by default.

- The Secretariat drafts recommendations, records their adoption, requests follow-up and
  records the Committee's evaluations.
- Committee members read drafts as well as adopted recommendations, comment on drafts, and read
  every follow-up report.
- Everybody reads adopted recommendations, the follow-up requested and the evaluations: the
  Committee publishes them.
- A Party's focal point submits and reads its own Party's follow-up reports; a stakeholder its
  own organisation's input. Follow-up reports are not public.
"""

from typing import Any

from django.db.models import Q

from lanzarote.accounts.permissions import (
    acts_on,
    demo_scope_q,
    is_committee_member,
    is_secretariat,
    organisation_of,
    party_of,
)
from lanzarote.monitoring.models import Round

from .models import Recommendation


def can_edit_recommendations(user: Any, round_: Round) -> bool:
    return is_secretariat(user) and acts_on(user, round_)


def can_track_followup(user: Any) -> bool:
    """Follow every Party's follow-up across rounds (reports received and not yet evaluated,
    reports overdue): the Secretariat."""
    return is_secretariat(user)


def recommendation_visibility_q(user: Any) -> Q:
    """A demonstration login reads the demonstration round's recommendations only."""
    if is_secretariat(user) or is_committee_member(user):
        return demo_scope_q(user)
    return Q(status=Recommendation.Status.ADOPTED) & demo_scope_q(user)


def can_comment(user: Any, recommendation: Recommendation) -> bool:
    """Committee members and the Secretariat comment on drafts, before adoption."""
    return (
        (is_secretariat(user) or is_committee_member(user))
        and acts_on(user, recommendation)
        and recommendation.status == Recommendation.Status.DRAFT
    )


def followup_report_q(user: Any) -> Q:
    return _followup_report_q(user) & demo_scope_q(user, "request__recommendation__is_demo")


def _followup_report_q(user: Any) -> Q:
    if is_secretariat(user) or is_committee_member(user):
        return Q()
    party = party_of(user)
    if party is not None:
        return Q(party_id=party, organisation__isnull=True)
    organisation = organisation_of(user)
    if organisation is not None:
        return Q(organisation_id=organisation)
    return Q(pk__in=[])


def can_report_followup(user: Any, recommendation: Recommendation) -> bool:
    """A focal point (for its Party) or a stakeholder (on any addressee) reports once follow-up
    is requested."""
    return (
        (party_of(user) is not None or organisation_of(user) is not None)
        and acts_on(user, recommendation)
        and recommendation.status == Recommendation.Status.ADOPTED
    )
