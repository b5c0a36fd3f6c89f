"""Who may read and write which reply. Deny by default; checked in services, pages and API.

Reading:
- the public reads submitted replies to a questionnaire whose replies are published: every
  Party's, and a stakeholder's only if it agreed to publication;
- a focal point also reads its own Party's replies, drafts included; a stakeholder its own
  organisation's;
- Committee members read every submitted reply, confidential ones included;
- the Secretariat reads everything.
Writing a draft: its own respondent while the questionnaire accepts replies; the Secretariat at
any time (recorded as entered on the respondent's behalf).
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

from .models import Reply

SUBMITTED = Reply.Status.SUBMITTED


def published_q(prefix: str = "") -> Q:
    """Replies anyone may read (``prefix`` for use from a related model, e.g. "reply__")."""
    return Q(
        **{
            f"{prefix}status": SUBMITTED,
            f"{prefix}questionnaire__replies_published_at__isnull": False,
        }
    ) & (Q(**{f"{prefix}party__isnull": False}) | Q(**{f"{prefix}publication_agreed": True}))


def reply_visibility_q(user: Any, prefix: str = "") -> Q:
    """The replies ``user`` may read, as a filter applied before anything is counted or shown.
    A demonstration login reads demonstration replies only, whatever its role."""
    demo = demo_scope_q(user, f"{prefix}questionnaire__is_demo")
    if is_secretariat(user):
        return demo
    # a round still in preparation is the Secretariat's own work, replies included
    released = ~Q(**{f"{prefix}questionnaire__round__status": "preparing"})
    if is_committee_member(user):
        return Q(**{f"{prefix}status": SUBMITTED}) & released & demo
    visible = published_q(prefix)
    if party := party_of(user):
        visible |= Q(**{f"{prefix}party_id": party})
    if organisation := organisation_of(user):
        visible |= Q(**{f"{prefix}organisation_id": organisation})
    return visible & released & demo


def is_own_reply(user: Any, reply: Reply) -> bool:
    party, organisation = party_of(user), organisation_of(user)
    return bool(
        (party and reply.party_id == party)
        or (organisation and reply.organisation_id == organisation)
    )


def is_public(reply: Reply) -> bool:
    return (
        reply.status == SUBMITTED
        and reply.questionnaire.replies_published_at is not None
        and (reply.party_id is not None or reply.publication_agreed)
    )


def can_enter_on_behalf(user: Any) -> bool:
    """Start, write and change a reply on a respondent's behalf (recorded as such), and open
    any reply's own page: the Secretariat."""
    return is_secretariat(user)


def can_write_for(user: Any, reply: Reply) -> bool:
    """Who may have typed a reply's answers: its respondent, or the Secretariat on its behalf."""
    return is_own_reply(user, reply) or can_enter_on_behalf(user)


def can_follow_replies(user: Any) -> bool:
    """Who has replied and who is late (a questionnaire's state of play, the replies received
    per round), and reminding those who have not replied: the Secretariat."""
    return is_secretariat(user)


def can_correct_links(user: Any) -> bool:
    """Set the question a passage of an uploaded document answers: the Secretariat."""
    return is_secretariat(user)


def can_retry_reading(user: Any) -> bool:
    """Read again a document whose reading failed for a passing cause: the Secretariat."""
    return is_secretariat(user)


def can_view_reply(user: Any, reply: Reply) -> bool:
    if not acts_on(user, reply.questionnaire):
        return False
    if is_secretariat(user):
        return True
    round_ = reply.questionnaire.round
    if round_ is not None and round_.status == "preparing":
        return False
    if is_own_reply(user, reply):
        return True
    if is_committee_member(user):
        return reply.status == SUBMITTED
    return is_public(reply)


def can_edit_reply(user: Any, reply: Reply) -> bool:
    if reply.status != Reply.Status.DRAFT or not acts_on(user, reply.questionnaire):
        return False
    if is_secretariat(user):
        return True
    return is_own_reply(user, reply) and reply.questionnaire.accepts_replies()


def can_reopen_reply(user: Any, reply: Reply) -> bool:
    return is_secretariat(user) and reply.status == SUBMITTED and acts_on(user, reply.questionnaire)


def can_see_history(user: Any, reply: Reply) -> bool:
    return is_secretariat(user) and acts_on(user, reply.questionnaire)


def can_download_reply(user: Any, reply: Reply) -> bool:
    """Download a submitted reply as a PDF or Word file: its respondent (the Party's focal point,
    the organisation's people) and the Secretariat; a draft is not a reply yet."""
    if reply.status != SUBMITTED or not acts_on(user, reply.questionnaire):
        return False
    return is_secretariat(user) or is_own_reply(user, reply)
