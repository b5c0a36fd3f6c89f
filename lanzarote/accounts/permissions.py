"""Named permission predicates. Deny by default: anything not granted here is refused.

Roles come from the user's Profile (see accounts.models); a superuser counts as Secretariat.
Object-level rules for replies live in replies/permissions.py and build on these.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lanzarote.parties.permissions import SECRETARIAT_ONLY as PARTIES_SECRETARIAT_ONLY

from .models import Profile


def _profile(user: Any) -> Profile | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser:
        return Profile.Role.SECRETARIAT
    profile = _profile(user)
    return profile.role if profile else None


def is_demo_user(user: Any) -> bool:
    """A demonstration login (lanzarote demo): whatever its role, it acts on demonstration
    data only, never on real rounds, replies, treaty data or accounts."""
    profile = _profile(user)
    return bool(profile and profile.is_demo)


def acts_on(user: Any, obj: Any) -> bool:
    """False when a demonstration login would touch something real."""
    return not is_demo_user(user) or bool(getattr(obj, "is_demo", False))


def demo_scope_q(user: Any, flag: str = "is_demo") -> Q:
    """What a demonstration login may read at all, as a filter: demonstration objects only
    (``flag`` names their demonstration flag). Everybody else: no restriction here."""
    return Q(**{flag: True}) if is_demo_user(user) else Q()


# What a refusal says when a page or an action is the Secretariat's (defined in parties, the
# lowest app that refuses with it).
SECRETARIAT_ONLY = PARTIES_SECRETARIAT_ONLY
RESPONDENT_ONLY = _(
    "A reply is changed by those who speak for its respondent, and by the Secretariat."
)


def is_secretariat(user: Any) -> bool:
    return role_of(user) == Profile.Role.SECRETARIAT


def is_committee_member(user: Any) -> bool:
    return role_of(user) == Profile.Role.COMMITTEE


def party_of(user: Any) -> int | None:
    """The State (id) a national focal point speaks for, or None."""
    profile = _profile(user)
    return profile.party_id if profile and profile.role == Profile.Role.FOCAL_POINT else None


def organisation_of(user: Any) -> int | None:
    """The organisation (id) a stakeholder speaks for, or None."""
    profile = _profile(user)
    if profile and profile.role == Profile.Role.STAKEHOLDER:
        return profile.organisation_id
    return None


def is_real_secretariat(user: Any) -> bool:
    """The Secretariat, not a demonstration login: the rule behind the named permissions that
    apps below accounts ask (accounts.backends) and behind inviting users."""
    return is_secretariat(user) and not is_demo_user(user)


def can_invite_users(user: Any) -> bool:
    return is_real_secretariat(user)


def can_read_analysis(user: Any) -> bool:
    """Read the analysis of a round as it is being made: its findings, the live comparative
    overview, the record of a recommendation's changes: the Secretariat and Committee members."""
    return role_of(user) in (Profile.Role.SECRETARIAT, Profile.Role.COMMITTEE)


def audience_of(user: Any) -> str:
    """Who is shown the same thing by a page whose content depends only on the reader's role,
    Party, organisation and whether they are a demonstration login (lib/pagecache.py keys a
    cached part by it): "public" for everyone not signed in, else one audience per role and
    Party or organisation. A page that also depends on the person (their own drafts, what was
    shared with them) must not be cached by audience."""
    profile = _profile(user)
    if profile is None:
        # signed in without a profile (or inactive) reads what the public reads, but is not
        # the public: keep them apart all the same
        return "public" if not getattr(user, "is_authenticated", False) else "no-role"
    return ":".join(
        [
            role_of(user) or "no-role",
            f"party={profile.party_id or ''}",
            f"organisation={profile.organisation_id or ''}",
            "demo" if profile.is_demo else "real",
            "superuser" if user.is_superuser else "",
        ]
    )
