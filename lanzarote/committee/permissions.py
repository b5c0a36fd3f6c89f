"""Who may read and change the Committee's meetings. Deny by default; checked in services,
pages and the API.

Everyone reads a meeting, its agenda and its public documents; its decisions once the list of
decisions is published. The Secretariat and the Committee's members also read the decisions
before publication and the restricted documents. Only the Secretariat (not a demonstration
login: meetings are real) prepares meetings and publishes their decisions.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lanzarote.accounts.permissions import is_committee_member, is_demo_user, is_real_secretariat

from .models import Meeting, MeetingDocument

SECRETARIAT_ONLY = _("Meetings are prepared, and their decisions published, by the Secretariat.")


def can_manage_meetings(user: Any) -> bool:
    """Create and change meetings, their agenda, decisions and documents; declassify; publish."""
    return is_real_secretariat(user)


def can_read_restricted(user: Any) -> bool:
    """Restricted documents and decisions not yet published: the Secretariat and the
    Committee's members."""
    return is_real_secretariat(user) or (is_committee_member(user) and not is_demo_user(user))


def can_read_decisions(user: Any, meeting: Meeting) -> bool:
    return meeting.decisions_published or can_read_restricted(user)


def can_read_document(user: Any, document: MeetingDocument) -> bool:
    return not document.restricted or can_read_restricted(user)
