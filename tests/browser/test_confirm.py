"""An irreversible step says what will happen and waits for the person's agreement."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.monitoring import services
from lanzarote.monitoring.models import Round
from lanzarote.monitoring.questionnaire_file import ParsedQuestion
from lanzarote.treaties.models import Treaty
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_opening_a_round_says_what_will_happen_and_waits_for_agreement(page, portal):
    sofia = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    treaty = Treaty.objects.get(code="cets201")
    round_ = services.round_create(
        treaty=treaty, uid="confirm-round", kind="thematic", name_en="Synthetic round", actor=sofia
    )
    questionnaire = services.questionnaire_create(
        treaty=treaty,
        uid="confirm-questionnaire",
        kind="thematic",
        round_=round_,
        title_en="Synthetic questionnaire",
        deadline=dt.date.today() + dt.timedelta(days=30),
        actor=sofia,
    )
    services.questionnaire_import(
        questionnaire=questionnaire,
        actor=sofia,
        questions=[
            ParsedQuestion("1", None, "Training", "What training do professionals receive?"),
        ],
    )
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill("sofia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{portal}/en/rounds/confirm-round/")

    def say_no(dialog):
        page.wait_for_timeout(300)  # a person reads the question first
        dialog.dismiss()

    page.once("dialog", say_no)
    page.get_by_role("button", name="Open the round for replies").click()
    page.wait_for_timeout(500)
    assert Round.objects.get(uid="confirm-round").status == "preparing"

    page.get_by_role("button", name="Open the round for replies").click()  # and now yes
    expect(page.locator("body")).to_contain_text("Open for replies")
    assert page.dialogs == [
        "The round “Synthetic round” will open for replies: its questions will be fixed and "
        "the focal points of its Parties told by e-mail."
    ]
    assert Round.objects.get(uid="confirm-round").status == "open"
