"""The analyst's workspace, at keyboard speed, in a real browser."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.assessments.models import Finding
from lanzarote.monitoring.models import Questionnaire
from lanzarote.parties.models import State
from lanzarote.replies import services as replies
from tests.conftest import PASSWORD, make_user
from tests.pdfgen import make_pdf

pytestmark = pytest.mark.browser
PAGES = [
    ["Question 8-11", "The Criminal Code uses the term child sexual abuse material since 2021."],
    ["Question 13", "A specialised police unit investigates offences committed online."],
]


@pytest.fixture
def analyst(portal):
    user = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    france = State.objects.get(iso2="FR")
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=user, party=france)
    # the document is read when the service's transaction commits
    replies.attachment_add(reply=reply, name="reply.pdf", data=make_pdf(PAGES), actor=user)
    replies.reply_submit(reply=reply, actor=user)
    return portal


def test_an_analyst_codes_an_indicator_with_the_keyboard(page, analyst):
    page.goto(f"{analyst}/en/accounts/login/")
    page.get_by_label("Username").fill("sofia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{analyst}/en/rounds/round-2/assessment/FR/?indicator=csam-term")
    expect(page.locator("h2#indicator-title")).to_contain_text("child sexual abuse material")
    page.keyboard.press("1")  # the first value: yes
    expect(page.locator('[data-key-value="1"]')).to_be_checked()
    page.keyboard.press("e")
    page.keyboard.type("Synthetic rationale: the code uses the term.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("ul.messages")).to_contain_text("The finding is saved.")
    finding = Finding.objects.get(indicator__code="csam-term", party__iso2="FR")
    assert (finding.value, finding.rationale) == (
        "yes",
        "Synthetic rationale: the code uses the term.",
    )

    # select a few words of a passage and cite only them
    text = page.locator("[data-cite-text]", has_text="Criminal Code uses").first
    page.evaluate(
        """(el) => { const node = el.firstChild; const range = document.createRange();
           const start = node.textContent.indexOf("child sexual abuse material");
           range.setStart(node, start); range.setEnd(node, start + 27);
           const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range); }""",
        text.element_handle(),
    )
    text.locator("xpath=..").get_by_role("button", name="Cite").click()
    expect(page.locator("ol.evidence blockquote")).to_have_text("child sexual abuse material")

    page.keyboard.press("j")  # the next indicator
    expect(page).to_have_url(re.compile(r"indicator=csam-definition"))
    page.keyboard.press("k")
    expect(page).to_have_url(re.compile(r"indicator=csam-term"))
    page.keyboard.press("/")
    expect(page.locator("#evidence-q")).to_be_focused()


def test_accepting_a_suggestion_asks_before_replacing_the_saved_value(page, analyst):
    from lanzarote.assessments.models import Suggestion
    from lanzarote.monitoring.models import Indicator
    from lanzarote.replies.models import Passage

    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    passage = Passage.objects.get(text__startswith="The Criminal Code")
    suggestion = Suggestion.objects.create(
        indicator=indicator,
        party=State.objects.get(iso2="FR"),
        value="yes",
        confidence=0.8,
        method="keyword",
        scheme_version=1,
        evidence=[
            {
                "passage": passage.pk,
                "answer": None,
                "score": 1.0,
                "terms": [],
                "span": None,
                "similarity": None,
                "via_question": True,
            }
        ],
    )
    page.goto(f"{analyst}/en/accounts/login/")
    page.get_by_label("Username").fill("sofia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{analyst}/en/rounds/round-2/assessment/FR/?indicator=csam-term")
    page.locator('input[name="value"][value="no"]').check()
    page.get_by_role("button", name="Save the finding").click()
    expect(page.locator("ul.messages")).to_contain_text("The finding is saved.")

    page.evaluate("window.confirm = (m) => { window.asked = m; return false; }")  # says no
    page.keyboard.press("a")  # "keep mine": nothing is sent
    page.wait_for_timeout(300)
    assert page.evaluate("window.asked") == "Replace your value No by the suggestion Yes?"
    assert Finding.objects.get(indicator=indicator, party__iso2="FR").value == "no"
    page.reload()  # the page's own confirm again: the test's browser agrees (conftest)
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("ul.messages")).to_contain_text("accepted as a draft finding")
    assert page.dialogs == ["Replace your value No by the suggestion Yes?"]  # asked once
    finding = Finding.objects.get(indicator=indicator, party__iso2="FR")
    assert finding.value == "yes"
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    page.get_by_role("link", name="History and comments").click()
    expect(page.locator("ol.history")).to_contain_text("No → Yes")


def test_an_analyst_reviews_several_findings_at_once_and_is_told_which_are_refused(page, portal):
    from lanzarote.assessments import services
    from lanzarote.monitoring.models import Indicator

    author = make_user("samuel", Profile.Role.SECRETARIAT, staff=True)
    make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    france = State.objects.get(iso2="FR")
    for code in ("ex-officio", "csam-term"):
        services.finding_save(
            indicator=Indicator.objects.get(scheme__round__uid="round-2", code=code),
            party=france,
            value="not_reported",
            rationale="Synthetic.",
            actor=author,
        )
    own = services.finding_save(
        indicator=Indicator.objects.get(scheme__round__uid="round-2", code="csam-definition"),
        party=france,
        value="not_reported",
        rationale="Synthetic.",
        actor=User.objects.get(username="sofia"),
    )
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill("sofia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{portal}/en/rounds/round-2/assessment/")
    page.get_by_role("link", name="All findings of the round").click()
    for box in page.locator('input[name="finding"]').all():
        box.check()
    page.get_by_role("button", name="Mark the chosen findings as reviewed").click()
    expect(page.locator("div.error")).to_contain_text("Nothing was changed")
    expect(page.locator("ul.refused")).to_contain_text("other than its author")
    assert not Finding.objects.filter(status="reviewed").exists()
    page.get_by_label(f"France – {own.indicator.label}").uncheck()  # the others stay ticked
    page.get_by_role("button", name="Mark the chosen findings as reviewed").click()
    expect(page.locator("ul.messages")).to_contain_text("2 findings are reviewed.")
    page.get_by_label("Status").select_option("reviewed")
    page.get_by_role("button", name="Filter").click()
    for box in page.locator('input[name="finding"]').all():
        box.check()
    page.get_by_role(
        "button", name="Record the Committee's adoption of the chosen findings"
    ).click()
    expect(page.locator("[role=alert]")).to_contain_text(
        "Record the Committee's adoption of 2 findings?"
    )
    page.get_by_role("button", name="Record the adoption").click()
    expect(page.locator("ul.messages")).to_contain_text("The adoption of 2 findings is recorded.")
    assert Finding.objects.filter(status="adopted").count() == 2
