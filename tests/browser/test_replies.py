import re

import pytest
from playwright.sync_api import expect

from lanzarote.core.demo import demo_load
from lanzarote.replies.models import Reply

pytestmark = pytest.mark.browser
PASSWORD = "synthetic-demo-pass"


@pytest.fixture
def demo(portal):
    demo_load(password=PASSWORD)
    return portal


def log_in(page, base, username):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("My work")


def test_a_focal_point_fills_in_and_submits_a_reply(page, demo):
    log_in(page, demo, "demo-focal-fr")
    row = page.get_by_role("row", name=re.compile("Demonstration questionnaire, open"))
    row.get_by_role("button", name="Start the reply").click()
    expect(page.locator("h1")).to_have_text("Reply of France")
    # the heading shows before the page's script has run; typed earlier, no input event is heard
    page.wait_for_load_state("load")
    expect(page.locator("#progress")).to_have_text("0 of 4 questions answered")
    first = page.get_by_label(re.compile(r"^Question 1 "))
    first.fill("[Synthetic] A national board co-ordinates the work.")
    expect(page.locator(".save-state").first).to_contain_text("Saved")  # autosaved, no click
    expect(page.locator("#progress")).to_have_text("1 of 4 questions answered")
    page.reload()  # what was typed is still there
    expect(page.get_by_label(re.compile(r"^Question 1 "))).to_have_value(
        "[Synthetic] A national board co-ordinates the work."
    )
    page.get_by_role("button", name="Submit the reply").click()
    expect(page.locator("ul.messages")).to_contain_text("Submitted")
    expect(page.locator("textarea")).to_have_count(0)  # locked
    assert (
        Reply.objects.get(questionnaire__uid="demo-open-questionnaire", party__iso2="FR").status
        == "submitted"
    )


def test_the_public_reads_one_question_across_respondents(page, demo):
    page.goto(f"{demo}/fr/questionnaires/demo-published-questionnaire/questions/1/")
    expect(page.locator(".demo-banner")).to_be_visible()
    cards = page.locator("article.answer-card")
    expect(cards).to_have_count(5)  # four Parties and the NGO that agreed; not the ombudsperson
    expect(page.locator(".side-by-side")).not_to_contain_text("Ombudsperson")
    page.get_by_label("Répondant").select_option("party")
    page.get_by_role("button", name="Filtrer").click()
    expect(cards).to_have_count(4)
    cards.filter(has_text="France").get_by_role("link").click()
    expect(page).to_have_url(
        re.compile(r"/fr/questionnaires/demo-published-questionnaire/states/FR/#q-1$")
    )
    expect(page.locator("#q-1")).to_contain_text("co-ordinating board")


def test_the_secretariat_reopens_a_reply_and_the_focal_point_reads_why(page, demo, browser):
    log_in(page, demo, "demo-secretariat")
    page.goto(f"{demo}/en/questionnaires/demo-published-questionnaire/states/FR/")
    page.get_by_role("link", name="Open the reply's own page").click()
    page.get_by_label("Why is the reply reopened?").fill("Annex 2 (synthetic) is missing.")
    page.get_by_role("button", name="Reopen the reply").click()
    expect(page.locator("ul.messages")).to_contain_text("Reopened")
    reply_url = page.url

    focal_point = browser.new_context().new_page()
    log_in(focal_point, demo, "demo-focal-fr")
    focal_point.goto(reply_url)
    expect(focal_point.locator(".notice.reopened")).to_contain_text(
        "The Secretariat reopened this reply on"
    )
    expect(focal_point.locator(".notice.reopened")).to_contain_text(
        "Annex 2 (synthetic) is missing."
    )
    focal_point.context.close()
