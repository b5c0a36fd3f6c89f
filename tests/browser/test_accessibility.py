"""Accessibility: axe-core (tests/browser/package.json, installed by scripts/test) checks every
page type in English and French, as the persona who uses it, against WCAG 2.1 A and AA: no
serious or critical violation. The search page and the reply form are also used at 390 px.

axe runs inside the page through the DevTools protocol (page.evaluate), so the product's
Content Security Policy stays as it is served."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lanzarote.core.demo import demo_load

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "synthetic-pass"

PUBLISHED_Q = "demo-published-questionnaire"

# (persona, path without the language prefix); None is a visitor who is not signed in
PAGES = [
    (None, "/"),
    (None, "/treaties/cets201/"),
    (None, "/treaties/cets201/articles/20/"),
    (None, "/provisions/cets201:20.1.f/"),
    (None, "/provisions/cets201:20.1.e/"),  # its counterparts side by side
    (None, "/concordance/"),
    (None, "/treaties/cets201/joining/"),
    (None, "/treaties/cets201/obligations/"),
    (None, "/treaties/cets201/parties/"),
    (None, "/states/FR/"),
    (None, "/accessions/"),
    (None, "/rounds/"),
    (None, "/rounds/demo-published/"),
    (None, f"/questionnaires/{PUBLISHED_Q}/"),
    (None, f"/questionnaires/{PUBLISHED_Q}/questions/1/"),
    (None, f"/questionnaires/{PUBLISHED_Q}/states/DE/"),
    (None, "/search/?q=child+pornography"),
    (None, "/publications/"),
    (None, "/annual-reports/"),
    (None, "/meetings/"),
    (None, "/meetings/25/"),
    (None, "/cooperation/activities/"),
    (None, "/cooperation/activities/2012-rome-international-cooperation/"),
    (None, "/good-practices/"),
    (None, "/european-day/"),
    (None, "/data/"),
    (None, "/accounts/login/"),
    ("demo-secretariat", "/accounts/"),
    ("demo-secretariat", "/rounds/demo-published/assessment/"),
    ("demo-secretariat", "/rounds/demo-published/overview/"),
    ("demo-secretariat", "/rounds/demo-published/recommendations/"),
    ("demo-secretariat", "/rounds/demo-open/state-of-play/"),
    ("demo-secretariat", "/annual-reports/cets201/2019/"),
    ("demo-secretariat", "/system/"),
    ("demo-committee", "/accounts/"),
    ("demo-focal-fr", "/accounts/"),
    ("demo-focal-it", "reply"),  # the reply form of the open round
    ("demo-focal-fr", "/self-assessments/"),
    ("demo-ngo", "/accounts/"),
]


@pytest.fixture
def demo_portal(portal):
    demo_load(password=PASSWORD)
    return portal


def _sign_in(page, portal, username):
    page.context.clear_cookies()
    if username is None:
        return
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.locator("form.logout, a[href*='logout'], button:has-text('Log out')").first
    ).to_be_attached()


def _reply_path(username: str) -> str:
    from lanzarote.replies.models import Reply

    reply = Reply.objects.filter(
        questionnaire__uid="demo-open-questionnaire", party__iso2="IT"
    ).first()
    assert reply is not None, f"the demonstration has no open reply for {username}"
    return f"/replies/{reply.pk}/"


def axe_violations(page) -> list[str]:
    """The serious and critical violations axe finds in the page as it stands."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed at {AXE}: run ./scripts/test (npm ci in tests/browser)"
        )
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_type_has_no_serious_accessibility_violation(page, demo_portal, lang):
    found = {}
    signed_in = "unset"
    for persona, path in PAGES:
        if persona != signed_in:
            _sign_in(page, demo_portal, persona)
            signed_in = persona
        if path == "reply":
            path = _reply_path(persona)
        response = page.goto(f"{demo_portal}/{lang}{path}")
        assert response is not None and response.status == 200, f"{path} as {persona}"
        if violations := axe_violations(page):
            found[f"{path} as {persona or 'visitor'}"] = violations
    assert found == {}


NARROW = [
    (None, "/search/?q=child"),
    (None, "/"),
    (None, "/treaties/cets201/parties/"),
    (None, "/meetings/"),
    ("demo-focal-it", "reply"),
    ("demo-focal-it", "/self-assessments/"),
]


def test_the_search_page_and_forms_are_usable_on_a_narrow_phone(browser, demo_portal):
    """At 390 px no page scrolls sideways (a wide table scrolls within itself), the search
    button and the reply's text field are within the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    too_wide = {}
    try:
        for persona, path in NARROW:
            _sign_in(page, demo_portal, persona)
            if path == "reply":
                path = _reply_path(persona)
            page.goto(f"{demo_portal}/en{path}")
            if (width := page.evaluate("document.documentElement.scrollWidth")) > 390:
                too_wide[path] = width
            if path.startswith("/search/"):
                box = page.get_by_role("button", name="Search").first.bounding_box()
                assert box is not None and box["x"] + box["width"] <= 390
            if path.startswith("/replies/"):
                field = page.locator("textarea").first
                expect(field).to_be_visible()
                box = field.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()
    assert too_wide == {}


def test_the_accessibility_check_finds_what_it_is_for(page):
    """The check itself: a picture without a text alternative and a field without a label are
    found (so an empty list above means none was found, not that axe did not run)."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    found = " ".join(axe_violations(page))
    assert "image-alt" in found and "label" in found


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element the selector names has the focus, as a keyboard user does."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_a_focal_point_replies_and_submits_with_the_keyboard_alone(page, demo_portal):
    """Signing in, answering and submitting without a pointer: every step is reached with Tab
    and done with typing and Enter."""
    from lanzarote.replies.models import Reply

    page.context.clear_cookies()
    page.goto(f"{demo_portal}/en/accounts/login/")
    _tab_to(page, "input[name=username]")
    page.keyboard.type("demo-focal-it")
    _tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    path = _reply_path("demo-focal-it")
    page.goto(f"{demo_portal}/en{path}")
    _tab_to(page, "textarea[name^=answer-]")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Typed with the keyboard alone (synthetic).")
    _tab_to(page, "form:has(textarea) button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("ul.messages")).to_be_visible()
    reply = Reply.objects.get(pk=int(path.strip("/").split("/")[-1]))
    assert any("keyboard alone" in a.text for a in reply.answers.all())
    _tab_to(page, f"form[action$='/replies/{reply.pk}/submit/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("ul.messages")).to_contain_text("Submitted. The reply is now locked.")
    reply.refresh_from_db()
    assert reply.status == "submitted"
