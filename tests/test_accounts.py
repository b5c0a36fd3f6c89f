import re

import pytest
from django.core import mail

from lanzarote.accounts.models import Profile
from lanzarote.accounts.services import AccountError, PermissionDenied, user_invite
from lanzarote.parties.models import State
from tests.conftest import PASSWORD


def invite(secretariat, **kwargs):
    values = {"email": "Pat@Example.org", "name": "Pat Synthetic", "role": "focal_point",
              "party": State.objects.get(iso2="PT"), "actor": secretariat}  # fmt: skip
    values.update(kwargs)
    return user_invite(**values)


def test_an_invited_person_sets_a_password_through_a_one_time_link(
    client, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(secretariat, lang="fr")
    assert user.username == "pat@example.org" and not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["pat@example.org"]
    assert message.subject == "Votre compte Lanzarote Monitor"
    path = re.search(r"https?://[^/]+(/fr/accounts/invitation/\S+)", message.body).group(1)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.text
    choose = form_page.redirect_chain[-1][0]
    done = client.post(choose, {"new_password1": "a synthetic pass phrase 7",
                                "new_password2": "a synthetic pass phrase 7"})  # fmt: skip
    assert done.status_code == 302
    logged_in = client.post(
        "/en/accounts/login/",
        {"username": "pat@example.org", "password": "a synthetic pass phrase 7"},
    )
    assert logged_in.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    again = client.get(path, follow=True)
    assert "déjà été utilisé" in again.text  # the link was in French


def test_the_role_decides_what_a_person_speaks_for(secretariat, ngo):
    with pytest.raises(AccountError, match="focal point speaks for one Party"):
        invite(secretariat, party=None)
    with pytest.raises(AccountError, match="stakeholder speaks for one organisation"):
        invite(secretariat, role="stakeholder", party=None)
    user = invite(secretariat, role="stakeholder", party=None, organisation=ngo)
    assert user.profile.organisation == ngo


def test_one_account_per_address(secretariat):
    invite(secretariat)
    with pytest.raises(AccountError, match="already has an account"):
        invite(secretariat, email="pat@example.org")


def test_only_the_secretariat_invites(focal_point_france):
    with pytest.raises(PermissionDenied):
        invite(focal_point_france)


def test_the_secretariat_invites_from_the_users_page(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/en/accounts/users/", {
        "email": "chris@example.org", "name": "Chris Synthetic", "role": "committee",
        "language": "en"})  # fmt: skip
    assert response.status_code == 302
    assert Profile.objects.get(user__username="chris@example.org").role == "committee"


def test_a_person_without_a_role_has_no_rights(client, outsider):
    client.force_login(outsider)
    assert client.get("/en/accounts/users/").status_code == 403
    assert "Nothing to do" in client.get("/en/accounts/").text


def test_logging_in_on_the_site_is_throttled(client, focal_point_france, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/en/accounts/login/", {"username": "francois", "password": "wrong"})
    locked = client.post("/en/accounts/login/", {"username": "francois", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_focal_point_sees_its_work_after_logging_in(client, questionnaire, focal_point_france):
    response = client.post("/en/accounts/login/", {"username": "francois", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "Synthetic questionnaire" in page and "Start the reply" in page


def test_an_invitation_is_sent_again_to_someone_without_a_password(
    client, secretariat, django_capture_on_commit_callbacks
):
    user = invite(secretariat)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/users/", {"resend": user.pk, "language": "en"})
    assert [m.to for m in mail.outbox][-1] == ["pat@example.org"]


def test_an_invited_secretariat_member_can_work_in_the_admin(secretariat):
    user = invite(secretariat, role="secretariat", party=None, email="sam@example.org")
    assert user.is_staff


def test_demonstration_logins_act_on_demonstration_data_only(client, db):
    from lanzarote.core.demo import demo_load
    from lanzarote.monitoring.models import Questionnaire, Round
    from lanzarote.monitoring.services import PermissionDenied as Refused
    from lanzarote.monitoring.services import round_step
    from lanzarote.replies.services import reply_start

    demo_load(password="synthetic-pass")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    with pytest.raises(Refused):
        round_step(
            round_=Round.objects.get(uid="round-3"),
            step="adopt_report",
            actor=users.get(username="demo-secretariat"),
        )
    with pytest.raises(Exception, match="demonstration"):
        reply_start(
            questionnaire=Questionnaire.objects.get(uid="general-overview"),
            actor=users.get(username="demo-focal-fr"),
        )
    client.force_login(users.get(username="demo-secretariat"))
    assert client.get("/en/accounts/users/").status_code == 403
    assert client.get("/admin/parties/treatystatus/").status_code in (302, 403)


def test_removing_the_demonstration_keeps_real_people(secretariat, db):
    from lanzarote.core.demo import demo_load, demo_remove

    demo_load(password="synthetic-pass")
    real = invite(secretariat, email="demo-unit@example.org")
    demo_remove()
    real.refresh_from_db()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="demo-focal-fr").exists()
