"""A finding's evidence made a good practice, through the real pages in a browser: the
Secretariat promotes the passage from the finding's page in one step; the public finds the
practice beside the provision it serves ("what others do") and through search."""

import pytest
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.assessments import services as assessments
from lanzarote.cooperation.models import GoodPractice
from lanzarote.monitoring import services as monitoring
from lanzarote.monitoring.models import Indicator, Questionnaire
from lanzarote.parties.models import State
from lanzarote.replies import services as replies
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

ANSWER = (
    "A specialised police unit, staffed by trained investigators, handles every report of "
    "child sexual abuse material found online (synthetic reply)."
)


def login(page, portal, username):
    page.context.clear_cookies()
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _finding_with_evidence(secretariat):
    """France's (synthetic) published reply to the ICT round, and a finding citing it."""
    france = State.objects.get(iso2="FR")
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=france)
    answer = replies.answer_save(
        reply=reply, question=questionnaire.questions.first(), text=ANSWER, actor=secretariat
    )
    replies.reply_submit(reply=reply, actor=secretariat)
    monitoring.questionnaire_publish_replies(questionnaire=questionnaire, actor=secretariat)
    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    finding = assessments.finding_save(
        indicator=indicator, party=france, value="yes", rationale="", actor=secretariat
    )
    assessments.evidence_add(finding=finding, actor=secretariat, answer=answer)
    return finding


def test_the_secretariat_promotes_a_passage_and_the_public_finds_the_practice(page, portal):
    secretariat = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    finding = _finding_with_evidence(secretariat)
    provision = finding.indicator.provisions.order_by("position").first()
    assert provision is not None

    login(page, portal, "sofia")
    page.goto(f"{portal}/en/findings/{finding.pk}/")
    page.get_by_text("Make it a good practice").first.click()
    page.get_by_label("Title in English").fill("Specialised police unit for online abuse material")
    page.get_by_label("Title in French").fill(
        "Unité de police spécialisée dans les contenus d'abus en ligne"
    )
    page.get_by_label("Summary in English").fill("Trained investigators handle every report.")
    expect(page.get_by_label("Publish it now")).to_be_checked()
    page.get_by_role("button", name="Make it a good practice").click()
    expect(page.locator("ul.messages")).to_contain_text(
        "The passage is a published good practice now."
    )
    practice = GoodPractice.objects.get(finding=finding)
    assert practice.is_published and [s.iso2 for s in practice.states.all()] == ["FR"]
    page.goto(f"{portal}/en/findings/{finding.pk}/")
    expect(page.get_by_role("link", name="This passage is a good practice")).to_be_visible()

    # the public, in French: beside the provision, then through search
    page.context.clear_cookies()
    page.goto(f"{portal}/fr/provisions/{provision.uid}/")
    others = page.locator("section.what-others-do")
    expect(others.get_by_role("heading", name="Ce que font les autres")).to_be_visible()
    others.get_by_role("link", name="Unité de police spécialisée").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unité de police spécialisée")
    expect(page.locator("blockquote")).to_contain_text("specialised police unit")

    page.goto(f"{portal}/fr/search/")
    page.get_by_label("Mots").fill("unité de police spécialisée")
    page.get_by_label("Dans").select_option("cooperation")
    page.get_by_role("button", name="Rechercher").click()
    hit = page.locator("ol.results a.hit").first
    expect(hit).to_contain_text("Unité de police spécialisée")
    hit.click()
    expect(page).to_have_url(f"{portal}/fr/good-practices/{practice.pk}/")
