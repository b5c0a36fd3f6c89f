"""The legal self-assessment as a guest walks it (docs/legislation.md): real PDF, Word and HTML
files of real statute extracts (tests/statutes.py) uploaded at once, read, reported, corrected,
downloaded, read in French, shared; and who else may see it."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.legislation.models import SelfAssessment
from tests.conftest import PASSWORD, make_user
from tests.pdfgen import make_pdf
from tests.statutes import CANADA_163_1, CANADA_172_1, FRANCE_227_23


def word(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html(lines: list[str]) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return f"<!doctype html><html lang='fr'><body>{body}</body></html>".encode()


@pytest.fixture
def people(portal):
    """A legislator the Secretariat invited (guest), the Secretariat and a Committee member."""
    return {
        "guest": make_user("gwen", Profile.Role.GUEST),
        "secretariat": make_user("sofia", Profile.Role.SECRETARIAT, staff=True),
        "committee": make_user("carla", Profile.Role.COMMITTEE),
    }


def log_in(page, base, username):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("My work")


def row(page, ref):
    return page.locator(f'tr[id="obligation-{ref}"]')


@pytest.mark.rendering  # the PDF is laid out for real
def test_a_guest_assesses_a_states_law_from_upload_to_a_shared_gap_report(
    page, portal, people, browser
):
    log_in(page, portal, "gwen")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Legal self-assessments"
    ).click()
    expect(page.locator("h1")).to_have_text("Legal self-assessments")
    page.get_by_label("Title").fill("Criminal law against the Convention")
    page.get_by_label("State").select_option(label="Canada")
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.locator("h1")).to_have_text("Criminal law against the Convention")
    assessment_url = page.url
    assert re.search(r"/en/self-assessments/\d+/$", assessment_url)
    secretariat = browser.new_context().new_page()
    log_in(secretariat, portal, "sofia")
    assert secretariat.goto(assessment_url).status == 404  # private to its author until shared

    # three acts, three formats, one file input
    page.get_by_label(re.compile("^Upload acts")).set_input_files(
        [
            {"name": "c-46.pdf", "mimeType": "application/pdf", "buffer": make_pdf([CANADA_163_1])},
            {
                "name": "luring.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
                "buffer": word(CANADA_172_1),
            },
            {"name": "cp.html", "mimeType": "text/html", "buffer": html(FRANCE_227_23)},
        ]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text("c-46.pdf was uploaded and is being read.")
    acts = page.locator("ul.acts li.act")
    expect(acts).to_have_count(3)
    # read in the background (at once in tests, once the upload commits; a line still being
    # read polls every 2 s until it is)
    for name in ("c-46.pdf", "luring.docx", "cp.html"):
        expect(acts.filter(has_text=name)).to_contain_text(re.compile(r"read: \d+ units?"))
    expect(acts.filter(has_text="cp.html")).to_contain_text("FR")

    # the gap report: the definition of child pornography is met, with the unit cited
    definition = row(page, "20(2)")
    expect(definition).to_have_class(re.compile(r"gap-(covered|partly)"))
    expect(definition.locator("td").first).to_contain_text(re.compile("covered"))
    cited = definition.get_by_role("link", name=re.compile(r"^c-46, .*163\.1"))
    expect(cited).to_have_count(1)
    legal_persons = row(page, "26(1)")
    expect(legal_persons).to_have_class("gap-not_found")
    expect(legal_persons.locator("td").first).to_have_text("not found")
    expect(legal_persons.locator("td").nth(2).locator("li").first).to_be_visible()
    production = row(page, "20(1)(a)")
    production_before = production.locator("td").first.inner_text()

    # the unit's page: reject the link to 20(2), mark an element of another link not satisfied
    cited.click()
    expect(page.locator("h1")).to_contain_text("163.1")
    expect(page.locator("blockquote.statute")).to_contain_text("Every person who makes, prints")
    to_definition = page.locator("section.legal-link").filter(
        has=page.get_by_role("heading", name=re.compile(r"^20\(2\)"))
    )
    to_definition.get_by_role("button", name="Reject the link").click()
    expect(to_definition).to_have_class(re.compile("status-rejected"))
    expect(to_definition.get_by_role("button", name="Reject the link")).to_have_count(0)
    other = page.locator("section.legal-link").filter(
        has=page.get_by_role("heading", name=re.compile(r"^20\(1\)\(a\)"))
    )
    expect(other).to_have_count(1)
    other.get_by_role("button", name="Not satisfied").first.click()
    expect(other.locator(".tag", has_text="corrected")).to_have_count(1)
    expect(other).to_contain_text("Partly covered")

    # back to the report, which follows the corrections
    page.get_by_role("link", name="Criminal law against the Convention").click()
    expect(row(page, "20(2)").get_by_role("link", name=re.compile(r"^c-46, "))).to_have_count(0)
    expect(production.locator("td").first).not_to_have_text(production_before)
    expect(production.locator("td").first).to_contain_text("partly covered")

    # downloads: a real PDF and a real spreadsheet
    for label, head in (("PDF EN", b"%PDF"), ("XLSX EN", b"PK")):
        with page.expect_download() as started:
            page.get_by_role("link", name=label, exact=True).click()
        with open(started.value.path(), "rb") as downloaded:
            content = downloaded.read()
        assert content.startswith(head) and b"Not rendered" not in content, label

    # in French
    page.get_by_role("navigation", name="Language").get_by_role("link", name="FR").click()
    expect(page.locator("h2#gap-report")).to_have_text("Rapport des lacunes")
    expect(row(page, "26(1)").locator("td").first).to_have_text("non trouvée")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # shared with the Secretariat
    page.get_by_role("button", name="Partager avec le Secrétariat").click()
    expect(page.get_by_role("button", name="Partager avec le Secrétariat")).to_have_count(0)
    assessment = SelfAssessment.objects.get()
    assert assessment.visibility == "shared"

    # a Committee member is told nothing; the Secretariat reads it
    committee = browser.new_context().new_page()
    log_in(committee, portal, "carla")
    response = committee.goto(assessment_url)
    assert response.status == 404
    committee.goto(f"{portal}/en/self-assessments/")
    expect(committee.get_by_role("link", name="Criminal law against the Convention")).to_have_count(
        0
    )
    committee.context.close()

    secretariat.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Legal self-assessments"
    ).click()
    secretariat.get_by_role("link", name="Criminal law against the Convention").click()
    expect(secretariat).to_have_url(assessment_url)
    expect(row(secretariat, "26(1)").locator("td").first).to_have_text("not found")
    expect(secretariat.get_by_role("button", name="Reject the link")).to_have_count(0)
    expect(secretariat.locator("#act-files")).to_have_count(0)  # read only
    secretariat.context.close()
