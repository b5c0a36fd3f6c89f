"""A Committee meeting from preparation to its published list of decisions, through the real
pages in a browser: the Secretariat prepares it, the public reads what is published."""

import pytest
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.committee.models import Meeting, MeetingDocument
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def login(page, portal, username):
    page.context.clear_cookies()
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_secretariat_prepares_and_publishes_a_meeting_and_the_public_reads_it(
    page, portal, tmp_path
):
    make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    login(page, portal, "sofia")
    page.goto(f"{portal}/en/meetings/")
    expect(page.get_by_text("No record of the 1st to 7th meetings.")).to_be_visible()
    page.get_by_role("link", name="Prepare a new meeting").click()
    expect(page.get_by_label("Number")).to_have_value("42")  # after the 41st
    page.get_by_label("First day").fill("2025-03-04")
    page.get_by_label("Last day").fill("2025-03-06")
    page.get_by_label("Venue (English)").fill("Strasbourg")
    page.get_by_label("Venue (French)").fill("Strasbourg")
    page.get_by_label("Status").select_option("held")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator("ul.messages")).to_contain_text("The meeting was recorded.")

    page.get_by_label("Agenda items in English, one a line").fill(
        "Adoption of the agenda\nExchange of views on a synthetic topic"
    )
    page.get_by_label("The same items in French").fill(
        "Adoption de l'ordre du jour\nÉchange de vues sur un thème synthétique"
    )
    page.get_by_role("button", name="Save the agenda").click()
    expect(page.locator("ul.messages")).to_contain_text("The agenda was saved.")

    draft = tmp_path / "draft-report.txt"
    draft.write_text("Synthetic draft meeting report, restricted.")
    page.get_by_label("File").set_input_files(str(draft))
    page.locator("#document_title_en").fill("Draft meeting report")
    page.locator("#document_kind").select_option("report")
    expect(page.get_by_label("Restricted until declassified")).to_be_checked()
    page.get_by_role("button", name="Attach the document").click()
    expect(page.locator("ul.messages")).to_contain_text("The document was attached.")

    page.locator("#decision_text_en").fill("The Committee adopted its agenda (synthetic).")
    page.locator("#decision_text_fr").fill("Le Comité a adopté son ordre du jour (synthétique).")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("ul.messages")).to_contain_text("The decision was recorded.")
    page.get_by_role("button", name="Publish the list of decisions").click()
    expect(page.locator("ul.messages")).to_contain_text("The list of decisions is published.")
    assert page.dialogs and "Publish the list of decisions?" in page.dialogs[-1]

    meeting = Meeting.objects.get(number=42)
    assert meeting.decisions_published_at is not None
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.restricted

    page.context.clear_cookies()
    page.goto(f"{portal}/fr/meetings/42/")
    expect(page.get_by_role("heading", name="42e réunion")).to_be_visible()
    expect(page.locator("#decisions")).to_contain_text(
        "Le Comité a adopté son ordre du jour (synthétique)."
    )
    expect(page.locator("#agenda")).to_contain_text("Échange de vues sur un thème synthétique")
    expect(page.locator("#documents")).not_to_contain_text("Draft meeting report")
    hidden = page.request.get(f"{portal}/en/meetings/42/documents/{document.pk}/")
    assert hidden.status == 404
    page.goto(f"{portal}/en/search/?q=synthetic+agenda&kind=committee")
    expect(page.get_by_role("link", name="42nd meeting – List of decisions")).to_be_visible()
