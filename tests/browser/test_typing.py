"""Nothing typed is lost: a focal point whose session ends, who types too much, or who saves the
same answer in two tabs keeps every text and is told why it is not saved."""

import re

import pytest
from playwright.sync_api import expect

from lanzarote.core.demo import demo_load
from lanzarote.replies.models import Answer
from tests.browser.conftest import agree_to_confirmations

pytestmark = pytest.mark.browser
PASSWORD = "synthetic-demo-pass"
FIRST = re.compile(r"^Question 1 ")


# A refused save is an expected answer here (401, 409, 422); the browser logs each one.
REFUSED = re.compile(r"^Failed to load resource: the server responded with a status of 4(01|09|22)")


@pytest.fixture
def page(browser):
    """As tests/browser/conftest.py's page, but refused saves are part of these journeys."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Irreversible steps ask first (confirm.js): these journeys agree, in every tab.
    context.on("page", lambda tab: tab.on("dialog", lambda dialog: dialog.accept()))
    page = context.new_page()
    errors: list[str] = []

    def console(message):
        if message.type == "error" and not REFUSED.match(message.text):
            errors.append(message.text)

    context.on("console", console)
    context.on("weberror", lambda e: errors.append(str(e.error)))
    agree_to_confirmations(context)
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def demo(portal):
    demo_load(password=PASSWORD)
    return portal


def log_in(page, base, username="demo-focal-fr"):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("My work")


def open_reply(page, base):
    """France's draft reply to the open demonstration questionnaire, started if need be."""
    page.goto(f"{base}/en/accounts/")
    row = page.get_by_role("row", name=re.compile("Demonstration questionnaire, open"))
    row.get_by_role("button", name=re.compile("Start the reply|Continue")).first.click()
    expect(page.locator("h1")).to_have_text("Reply of France")
    # the heading shows before the page's script has run; typed earlier, no input event is heard
    page.wait_for_load_state("load")
    return page.url


def saved_text() -> str:
    answer = Answer.objects.get(
        reply__questionnaire__uid="demo-open-questionnaire",
        reply__party__iso2="FR",
        question__number="1",
    )
    return answer.text


def state(page):
    return page.locator(".save-state").first


def problem(page):
    return page.locator(".field-problem").first


def test_a_focal_point_whose_session_ends_keeps_the_text_and_saves_after_signing_in(page, demo):
    log_in(page, demo)
    open_reply(page, demo)
    field = page.get_by_label(FIRST)
    field.fill("[Synthetic] A national board co-ordinates the work.")
    expect(state(page)).to_contain_text("Saved")
    other = page.context.new_page()  # another tab of the same browser
    other.goto(f"{demo}/en/accounts/")
    other.get_by_role("button", name="Log out").click()

    field.fill("[Synthetic] A national board co-ordinates the work, since 2019.")
    expect(problem(page)).to_contain_text(
        "Your session has ended; sign in in another tab, your text is kept here."
    )
    expect(state(page)).to_have_text("Not saved")
    expect(page.locator("#progress")).to_have_text(re.compile("questions answered$"))
    expect(page.locator("form#answers input[name=username]")).to_have_count(0)  # no login page
    expect(field).to_have_value("[Synthetic] A national board co-ordinates the work, since 2019.")

    log_in(other, demo)
    problem(page).get_by_role("button", name="Try again").click()
    expect(state(page)).to_contain_text("Saved")
    expect(problem(page)).to_be_empty()
    assert "since 2019" in saved_text()


def test_an_answer_over_the_limit_is_counted_explained_and_kept(page, demo):
    log_in(page, demo)
    url = open_reply(page, demo)
    field = page.get_by_label(FIRST)
    counter = page.locator(".counter").first
    expect(counter).to_have_text("0 of 100,000 characters")
    long_text = "[Synthetic] Article 18 is transposed. " * 2700  # 102,600 characters
    field.fill(long_text)
    expect(counter).to_have_text("102,600 of 100,000 characters")
    expect(problem(page)).to_contain_text(
        "Too long to be saved: 102,600 characters, 2,600 over the limit of 100,000."
    )
    expect(state(page)).to_have_text("not yet saved")

    page.goto(url)  # closed by mistake, opened again: the text typed on this device comes back
    expect(page.get_by_label(FIRST)).to_have_value(long_text)
    expect(problem(page)).to_contain_text("Restored the text you typed on this device")
    expect(problem(page)).to_contain_text("Too long to be saved")

    page.get_by_label(FIRST).fill(long_text[:50_000])
    expect(state(page)).to_contain_text("Saved")
    expect(counter).to_have_text("50,000 of 100,000 characters")
    assert len(saved_text()) > 40_000
    page.goto(url)
    expect(problem(page)).to_be_empty()  # saved: nothing left to restore


def test_two_tabs_saving_the_same_answer_show_both_texts_to_the_second(page, demo):
    log_in(page, demo)
    url = open_reply(page, demo)
    second = page.context.new_page()
    second.goto(url)
    page.get_by_label(FIRST).fill("[Synthetic] Text typed in the first tab.")
    expect(state(page)).to_contain_text("Saved")

    second.get_by_label(FIRST).fill("[Synthetic] Text typed in the second tab.")
    conflict = second.locator(".conflict")
    expect(conflict).to_contain_text("someone else saved this answer")
    expect(conflict.locator("[data-theirs]")).to_have_text(
        "[Synthetic] Text typed in the first tab."
    )
    expect(conflict.locator("[data-yours]")).to_have_text(
        "[Synthetic] Text typed in the second tab."
    )
    assert "first tab" in saved_text()  # the last write did not silently win

    conflict.get_by_role("button", name="Keep my text").click()
    expect(state(second)).to_contain_text("Saved")
    assert "second tab" in saved_text()

    page.get_by_label(FIRST).fill("[Synthetic] The first tab again.")
    expect(page.locator(".conflict")).to_be_visible()  # the first tab is told in turn
    page.locator(".conflict").get_by_role("button", name="Use their text").click()
    expect(page.get_by_label(FIRST)).to_have_value("[Synthetic] Text typed in the second tab.")
    expect(state(page)).to_contain_text("Saved")
    assert "second tab" in saved_text()


def test_a_reply_submitted_in_another_tab_keeps_what_was_typed_after_it(page, demo):
    log_in(page, demo)
    url = open_reply(page, demo)
    field = page.get_by_label(FIRST)
    field.fill("[Synthetic] Saved before the submission.")
    # the first save of a fresh page took over 5 s twice in full PostgreSQL runs on 2 loaded
    # cores (never alone, nor on SQLite): wait longer, it must still come
    expect(state(page)).to_contain_text("Saved", timeout=20_000)
    other = page.context.new_page()
    other.goto(url)
    other.get_by_role("button", name="Submit the reply").click()
    expect(other.locator("ul.messages")).to_contain_text("Submitted")

    field.fill("[Synthetic] Typed after the submission.")
    expect(problem(page)).to_contain_text(
        "already submitted by Demonstration focal point (France) on"
    )
    expect(problem(page)).to_contain_text("Your text is kept in the field and on this device.")
    expect(field).to_have_value("[Synthetic] Typed after the submission.")
    page.reload()  # the reply is locked now: what was typed is shown, to be copied
    expect(page.locator("textarea")).to_have_count(0)
    kept = page.locator("#q-1 .kept-draft")
    expect(kept).to_contain_text("[Synthetic] Typed after the submission.")
    kept.get_by_role("button", name="Forget this text").click()
    expect(kept).to_have_count(0)
    page.reload()
    expect(page.locator(".kept-draft")).to_have_count(0)
