"""Who may read and change which self-assessment. Deny by default; checked in services, pages and
API alike.

- Any signed-in person with a role (the guest role included: a legislator invited by the
  Secretariat) may create self-assessments; demonstration logins may not (they act on
  demonstration data only).
- A self-assessment is read by its author; by the Secretariat once the author shares it; by
  everyone once the author publishes it.
- Only its author changes it: uploads acts, confirms or corrects links and elements, shares,
  publishes or deletes it.
"""

from typing import Any

from django.db.models import Q

from lanzarote.accounts.permissions import is_demo_user, is_secretariat, role_of

from .models import SelfAssessment

PUBLISHED = SelfAssessment.Visibility.PUBLISHED
SHARED = SelfAssessment.Visibility.SHARED


def can_create_assessment(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and role_of(user) is not None
        and (not is_demo_user(user))
    )


def assessment_visibility_q(user: Any, prefix: str = "") -> Q:
    """The self-assessments ``user`` may read, as a filter applied before anything is shown."""
    visible = Q(**{f"{prefix}visibility": PUBLISHED})
    if not getattr(user, "is_authenticated", False):
        return visible
    visible |= Q(**{f"{prefix}owner_id": user.pk})
    if is_secretariat(user) and not is_demo_user(user):
        visible |= Q(**{f"{prefix}visibility": SHARED})
    return visible


def can_read_assessment(user: Any, assessment: SelfAssessment) -> bool:
    if assessment.visibility == PUBLISHED:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if assessment.owner_id == user.pk:
        return True
    return assessment.visibility == SHARED and is_secretariat(user) and not is_demo_user(user)


def can_change_assessment(user: Any, assessment: SelfAssessment) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and assessment.owner_id == user.pk
        and not is_demo_user(user)
    )
