"""A recommendation from draft to evaluated follow-up, through the real pages in a browser."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.recommendations.models import ComplianceEvaluation, FollowUpReport
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def login(page, portal, username):
    page.context.clear_cookies()
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_recommendation_is_drafted_adopted_reported_on_and_evaluated(page, portal):
    from lanzarote.parties.models import State

    make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    make_user("francois", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="FR"))
    login(page, portal, "sofia")
    page.goto(f"{portal}/en/rounds/round-2/recommendations/")
    page.get_by_role("link", name="Record a recommendation").click()
    page.get_by_label("Number").fill("R12")
    page.get_by_label("Grade").select_option("urge")
    page.get_by_label("Text in English").fill("Urges France to define the material (synthetic).")
    page.get_by_label("Or to these Parties").select_option(["FR"])
    page.get_by_label("Provisions (ids such as cets201:18.1.b)").fill("cets201:20.2")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("ul.messages")).to_contain_text("saved as a draft")
    page.get_by_label("Adopted by the Committee on").fill("2022-03-10")
    page.get_by_role("button", name="Record the adoption").click()
    expect(page.locator("ul.messages")).to_contain_text("The adoption is recorded.")
    page.get_by_label("Deadline").fill("2099-06-30")
    page.get_by_role("button", name="Request follow-up of the addressees").click()
    expect(page.locator("#party-FR")).to_contain_text("follow-up requested, due on 30 June 2099")

    login(page, portal, "francois")
    page.goto(f"{portal}/en/accounts/")
    page.get_by_role("link", name="2nd monitoring round · R12").click()
    page.get_by_label("What was done").fill("A law was adopted (synthetic).")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator("ul.messages")).to_contain_text("Your report is submitted")
    assert FollowUpReport.objects.get().text == "A law was adopted (synthetic)."

    login(page, portal, "sofia")
    page.goto(f"{portal}/en/accounts/")
    expect(page.get_by_text("Follow-up reports to evaluate")).to_be_visible()
    page.get_by_role("link", name="2nd monitoring round · R12").click()
    expect(page.get_by_text("A law was adopted (synthetic).")).to_be_visible()
    page.locator("#id_party").select_option("FR")
    page.locator("#id_grade").select_option("implemented")
    today = timezone.localdate()
    page.get_by_label("Evaluated by the Committee on").fill(today.isoformat())
    page.get_by_label("Reasons").fill("The law covers it (synthetic).")
    page.get_by_role("button", name="Record the evaluation").click()
    expect(page.locator("#party-FR")).to_contain_text(
        f"implemented (evaluated on {date_filter(today, 'j F Y')})"
    )
    assert ComplianceEvaluation.objects.get().grade == "implemented"
