"""Who may publish and who reads and comments on drafts. Deny by default; checked in services,
selectors and pages.

- The Secretariat publishes (factsheets, overviews, the implementation report) and sees every
  publication not yet published.
- A draft country factsheet is read by the Secretariat, Committee members and the focal point of
  the Party concerned; the Secretariat and that focal point comment on it.
- Everybody reads what is published.
"""

from typing import Any

from lanzarote.accounts.permissions import acts_on, is_committee_member, is_secretariat, party_of

from .models import Publication


def can_publish(user: Any) -> bool:
    """Publish, write the implementation report, and see the publications still pending: the
    Secretariat (services also check that a demonstration login acts on demonstration data)."""
    return is_secretariat(user)


def can_export_round(user: Any, round_: Any) -> bool:
    """Download a round's whole record (confidential replies included): the Secretariat."""
    return is_secretariat(user) and acts_on(user, round_)


def can_read_draft(user: Any, publication: Publication) -> bool:
    """The Secretariat and Committee members, and the focal point of the Party concerned."""
    return acts_on(user, publication.round) and (
        is_secretariat(user)
        or is_committee_member(user)
        or (publication.party_id is not None and party_of(user) == publication.party_id)
    )


def can_comment_draft(user: Any, publication: Publication) -> bool:
    return (
        publication.status == Publication.Status.DRAFT
        and acts_on(user, publication.round)
        and (
            is_secretariat(user)
            or (publication.party_id is not None and party_of(user) == publication.party_id)
        )
    )
