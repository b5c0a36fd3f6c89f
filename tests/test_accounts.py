import re

import pytest
from django.core import mail
from django.test import Client

from lanzarote.accounts.models import Profile
from lanzarote.accounts.services import AccountError, user_invite
from lanzarote.lib.errors import NotAllowed
from lanzarote.parties.models import State
from tests.conftest import PASSWORD


def invite(secretariat, **kwargs):
    values = {
        "email": "Pat@Example.org",
        "name": "Pat Synthetic",
        "role": "focal_point",
        "party": State.objects.get(iso2="PT"),
        "actor": secretariat,
    }
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
    done = client.post(
        choose,
        {
            "new_password1": "a synthetic pass phrase 7",
            "new_password2": "a synthetic pass phrase 7",
        },
    )
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
    with pytest.raises(NotAllowed):
        invite(focal_point_france)


def test_the_secretariat_invites_from_the_users_page(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        "/en/accounts/users/",
        {
            "email": "chris@example.org",
            "name": "Chris Synthetic",
            "role": "committee",
            "language": "en",
        },
    )
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
    from lanzarote.lib.errors import NotAllowed as Refused
    from lanzarote.monitoring.models import Questionnaire, Round
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


# Signing in: throttled without letting a stranger lock the owner out (issue 11).

STRANGER, OWNER, PROXY = "203.0.113.9", "198.51.100.7", "10.0.0.2"


def sign_in(client, username, password, address=None, path="/en/accounts/login/"):
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address} if address else {}
    return client.post(path, {"username": username, "password": password}, **extra)


def later(seconds):
    """Time passes: every failure recorded so far moves back by this many seconds."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


@pytest.fixture
def behind_proxy(settings):
    settings.LANZAROTE_TRUSTED_PROXY = 1
    from django.core.cache import cache

    cache.clear()


def test_a_stranger_cannot_lock_the_owner_out_from_behind_the_proxy(
    client, focal_point_france, behind_proxy
):
    for _ in range(5):
        sign_in(client, "francois", "wrong", STRANGER)
    assert sign_in(client, "francois", PASSWORD, STRANGER).status_code == 429
    later(seconds=5)  # the owner comes a few seconds later, from their own address
    owner = sign_in(Client(), "francois", PASSWORD, OWNER)
    assert owner.status_code == 302


def test_the_client_address_comes_from_the_proxy_header_only_when_a_proxy_is_trusted(rf, settings):
    from lanzarote.accounts.throttle import client_address

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {OWNER}")
    settings.LANZAROTE_TRUSTED_PROXY = 0
    assert client_address(request) == PROXY  # a header anyone can send is not believed
    settings.LANZAROTE_TRUSTED_PROXY = 1
    assert client_address(request) == OWNER  # the address the proxy itself appended
    request.META["HTTP_X_FORWARDED_FOR"] = "not an address"
    assert client_address(request) == PROXY


def test_failures_for_one_name_from_many_addresses_slow_it_down_with_a_growing_delay(
    client, focal_point_france, behind_proxy
):
    from lanzarote.accounts.throttle import login_wait

    waits = []
    for n in range(8):
        later(seconds=301)  # each attempt after the previous one's delay
        sign_in(Client(), "francois", "wrong", f"192.0.2.{n + 1}")
        waits.append(login_wait(username="francois"))
    assert waits[:4] == [0, 0, 0, 0]
    assert 0 < waits[4] < waits[5] < waits[6] < waits[7] <= 300
    refused = sign_in(Client(), "francois", PASSWORD, OWNER)
    assert refused.status_code == 429
    assert "_auth_user_id" not in Client().session
    assert "seconds" in refused.text and "password reset" in refused.text.lower()
    later(seconds=300)
    assert sign_in(Client(), "francois", PASSWORD, OWNER).status_code == 302


def test_the_lock_out_page_says_for_how_long_and_how_to_get_back_in(
    client, focal_point_france, behind_proxy
):
    for _ in range(5):
        sign_in(client, "francois", "wrong", STRANGER)
    page = sign_in(client, "francois", PASSWORD, STRANGER)
    assert page.status_code == 429
    assert "paused for 60 more minutes" in page.text
    assert "/en/accounts/password-reset/" in page.text
    assert "e-mailed" in page.text
    french = sign_in(client, "francois", PASSWORD, STRANGER, path="/fr/accounts/login/")
    assert "minutes" in french.text and "/fr/accounts/password-reset/" in french.text


def test_the_owner_is_e_mailed_an_unlock_link_that_lets_them_in_at_once(
    client, focal_point_france, behind_proxy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(7):  # an office behind one address: the owner's own address is locked
            sign_in(client, "francois", "wrong", OWNER)
    (message,) = mail.outbox  # one e-mail, however many attempts follow
    assert message.to == ["francois@example.org"]
    path = re.search(r"https?://[^/]+(/en/accounts/unlock/\S+)", message.body).group(1)
    assert sign_in(Client(), "francois", PASSWORD, OWNER).status_code == 429
    owner = Client()
    assert "francois" in owner.get(path).text
    signed_in = sign_in(owner, "francois", PASSWORD, OWNER, path=path)
    assert signed_in.status_code == 302 and "_auth_user_id" in owner.session
    from lanzarote.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="account.unlock", object_id=focal_point_france.pk)


def test_an_unlock_link_that_was_altered_or_has_expired_is_refused(
    client, focal_point_france, settings
):
    from django.core import signing

    from lanzarote.accounts.throttle import unlock_token

    token = unlock_token(user=focal_point_france)
    assert "expired" in client.get(f"/en/accounts/unlock/{token}x/").text
    settings.LOGIN_UNLOCK_LINK_SECONDS = -1
    assert "expired" in client.get(f"/en/accounts/unlock/{token}/").text
    with pytest.raises(signing.BadSignature):
        signing.loads(token + "x", salt="lanzarote.accounts.unlock")


def test_a_wrong_password_through_an_unlock_link_still_fails(client, focal_point_france):
    from lanzarote.accounts.throttle import unlock_token

    path = f"/en/accounts/unlock/{unlock_token(user=focal_point_france)}/"
    response = client.post(path, {"username": "francois", "password": "wrong"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


# Password reset


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, focal_point_france, behind_proxy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/accounts/password-reset/", {"email": "francois@example.org"})
        unknown = client.post("/en/accounts/password-reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).text.count("If an account") == 1
    assert [m.to for m in mail.outbox] == [["francois@example.org"]]


def test_a_password_reset_link_sets_a_new_password_and_lifts_the_lock(
    client, focal_point_france, behind_proxy, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=focal_point_france).update(language="fr")
    for _ in range(5):
        sign_in(client, "francois", "wrong", OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password-reset/", {"email": "francois@example.org"})
    message = mail.outbox[-1]
    assert "mot de passe" in message.subject.lower()  # in the language of the person's profile
    path = re.search(r"https?://[^/]+(/fr/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(path, follow=True)
    choose = form_page.redirect_chain[-1][0]
    new = "another synthetic pass phrase 9"
    done = client.post(choose, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(Client(), "francois", new, OWNER).status_code == 302
    from lanzarote.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="account.password_reset").count() == 1


def test_password_reset_is_throttled_per_address_and_per_account(
    client, focal_point_france, behind_proxy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(
                "/en/accounts/password-reset/",
                {"email": "francois@example.org"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"192.0.2.{_ + 1}",
            )
    assert len(mail.outbox) == 1  # the owner's mailbox is not flooded
    for _ in range(10):
        last = client.post(
            "/en/accounts/password-reset/",
            {"email": "x@example.org"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=STRANGER,
        )
    assert last.status_code == 429 and "Too many" in last.text


def test_the_login_page_offers_password_reset_in_both_languages(client, db):
    assert "/en/accounts/password-reset/" in client.get("/en/accounts/login/").text
    page = client.get("/fr/accounts/password-reset/").text
    assert "Mot de passe oublié" in page


# The 403 page says why, in words the user can act on.


def test_the_403_page_says_who_is_signed_in_and_whom_the_page_is_for(client, focal_point_france):
    client.force_login(focal_point_france)
    page = client.get("/en/accounts/users/")
    assert page.status_code == 403
    assert "You are signed in as francois (National focal point of France)" in page.text
    assert "This page is for the Secretariat" in page.text


def test_the_403_page_asks_an_anonymous_visitor_to_sign_in(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.views.defaults import permission_denied

    request = rf.get("/en/somewhere/")
    request.user = AnonymousUser()
    page = permission_denied(request, NotAllowed()).content.decode()
    assert "Sign in to see this page" in page
    assert "/en/accounts/login/?next=/en/somewhere/" in page
