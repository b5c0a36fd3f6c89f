"""Who may read and change the co-operation record. Deny by default; checked in services, pages
and the API.

Everyone reads the published activities, the published good practices and the European Days.
Only the Secretariat (not a demonstration login: this record is real) writes them, reads the
drafts, and promotes a finding's evidence to a good practice.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lanzarote.accounts.permissions import is_real_secretariat
from lanzarote.assessments.models import Evidence
from lanzarote.assessments.permissions import can_view_finding

from .models import CapacityBuildingActivity, GoodPractice

SECRETARIAT_ONLY = _("The co-operation record is kept by the Secretariat.")


def can_manage_cooperation(user: Any) -> bool:
    """Record and change activities, good practices and European Days; publish; withdraw."""
    return is_real_secretariat(user)


def can_read_practice(user: Any, practice: GoodPractice) -> bool:
    return practice.is_published or can_manage_cooperation(user)


def can_read_activity(user: Any, activity: CapacityBuildingActivity) -> bool:
    return activity.published or can_manage_cooperation(user)


def can_promote_evidence(user: Any, evidence: Evidence) -> bool:
    """Make a good practice of a finding's evidence passage: the Secretariat, on a finding it
    may read."""
    return can_manage_cooperation(user) and can_view_finding(user, evidence.finding)
