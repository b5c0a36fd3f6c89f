"""Every named predicate answers each persona as expected, table by table.

The route table (test_permissions.py) checks what each page answers; these tables check the rules
the pages, the API and the services share, one predicate at a time.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from lanzarote.accounts.models import Profile
from lanzarote.accounts.permissions import can_read_analysis
from lanzarote.assessments.permissions import can_read_suggestions
from lanzarote.audit.permissions import can_change_audited, can_view_history
from lanzarote.core.permissions import can_view_system
from lanzarote.monitoring.permissions import can_manage_rounds
from lanzarote.parties.permissions import can_edit_treaty_data
from lanzarote.recommendations.permissions import can_track_followup
from lanzarote.replies import services as replies
from lanzarote.replies.permissions import (
    can_correct_links,
    can_enter_on_behalf,
    can_follow_replies,
    can_retry_reading,
    can_write_for,
)
from lanzarote.reports.permissions import can_publish

from .conftest import make_user

PERSONA_FIXTURES = {
    "sec": "secretariat",
    "com": "committee_member",
    "fr": "focal_point_france",
    "it": "focal_point_italy",
    "ngo": "ngo_member",
    "out": "outsider",
}
PERSONAS = ["anon", *PERSONA_FIXTURES, "demo", "super"]


def granted(*personas: str) -> dict[str, bool]:
    unknown = set(personas) - set(PERSONAS)
    assert not unknown, unknown
    return {persona: persona in personas for persona in PERSONAS}


@pytest.fixture
def persona(request, db):
    """The user a persona names: a fresh object, its profile not yet loaded."""

    def get(name: str):
        if name == "anon":
            return AnonymousUser()
        if name == "demo":
            return make_user("demo-sofia", Profile.Role.SECRETARIAT, staff=True, is_demo=True)
        if name == "super":  # a superuser counts as Secretariat, with or without a profile
            return get_user_model().objects.create_superuser("root", "root@example.org", "x")
        user = request.getfixturevalue(PERSONA_FIXTURES[name])
        return get_user_model().objects.get(pk=user.pk)

    return get


# The named permissions that apps below accounts ask through has_perm (accounts.backends).
NAMED = [
    ("parties.edit_treaty_data", can_edit_treaty_data, granted("sec", "super")),
    ("audit.change_audited", can_change_audited, granted("sec", "super")),
    ("audit.view_history", can_view_history, granted("sec", "demo", "super")),
]


@pytest.mark.parametrize(
    ("perm", "predicate", "expected"), NAMED, ids=[perm for perm, _, _ in NAMED]
)
@pytest.mark.parametrize("who", PERSONAS)
def test_named_permission_answers_each_persona(perm, predicate, expected, who, persona):
    user = persona(who)
    assert predicate(user) is expected[who]
    assert user.has_perm(perm) is expected[who]


def test_a_predicate_refuses_no_user_at_all():
    assert can_edit_treaty_data(None) is False
    assert can_view_history(None) is False


def test_a_refused_named_permission_asks_no_other_backend(persona, django_assert_num_queries):
    """The role backend ends the question: only the profile is read, never the permission
    tables ModelBackend would read."""
    committee = persona("com")
    with django_assert_num_queries(1):
        assert not committee.has_perm("parties.edit_treaty_data")
        assert not committee.has_perm("audit.view_history")
    with django_assert_num_queries(0):
        assert not AnonymousUser().has_perm("parties.edit_treaty_data")


def test_a_granted_named_permission_reads_the_profile_once(persona, django_assert_num_queries):
    secretariat = persona("sec")
    with django_assert_num_queries(1):
        assert secretariat.has_perm("parties.edit_treaty_data")
        assert secretariat.has_perm("audit.view_history")


def test_other_permissions_are_left_to_django(persona):
    """A permission the role backend does not name is Django's: the Secretariat has none of
    the admin's model permissions unless granted them."""
    assert not persona("sec").has_perm("parties.change_state")
    assert persona("super").has_perm("parties.change_state")


SECRETARIAT = granted("sec", "demo", "super")
# Rules that depend on the role alone (services add the object's state and acts_on).
ROLE_RULES = [
    (can_read_analysis, granted("sec", "com", "demo", "super")),
    (can_manage_rounds, SECRETARIAT),
    (can_enter_on_behalf, SECRETARIAT),
    (can_follow_replies, SECRETARIAT),
    (can_correct_links, SECRETARIAT),
    (can_retry_reading, SECRETARIAT),
    (can_read_suggestions, SECRETARIAT),
    (can_track_followup, SECRETARIAT),
    (can_publish, SECRETARIAT),
    (can_view_system, SECRETARIAT),
]


@pytest.mark.parametrize(
    ("predicate", "expected"), ROLE_RULES, ids=[rule.__name__ for rule, _ in ROLE_RULES]
)
@pytest.mark.parametrize("who", PERSONAS)
def test_role_rule_answers_each_persona(predicate, expected, who, persona):
    assert predicate(persona(who)) is expected[who]


@pytest.mark.parametrize("who", PERSONAS)
def test_a_reply_is_written_by_its_respondent_or_the_secretariat(
    who, persona, questionnaire, focal_point_france
):
    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    expected = granted("fr", "sec", "demo", "super")
    assert can_write_for(persona(who), reply) is expected[who]
