"""The Secretariat prepares a year's annual activity report from the record and publishes it;
the public reads and downloads it — through the real pages in a browser."""

import pytest
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.reports.models import Publication
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_the_secretariat_prepares_and_publishes_the_annual_report_and_the_public_reads_it(
    page, portal
):
    make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    page.goto(f"{portal}/en/accounts/login/")
    page.get_by_label("Username").fill("sofia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{portal}/en/publications/")
    page.get_by_role("link", name="Annual activity reports").click()
    page.get_by_label("Year").select_option("2019")
    page.get_by_role("button", name="Prepare").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annual activity report 2019")
    expect(page.get_by_role("heading", name="Opinions and declarations")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Signatures, ratifications and accessions")
    ).to_be_visible()

    form = page.locator("form", has=page.get_by_role("button", name="Add the text"))
    form.get_by_label("Placed").select_option("interpretation")
    form.get_by_label("Title (English)").fill("The year in brief")
    form.get_by_label("Text (English)").fill("A synthetic word of the Secretariat on 2019.")
    form.get_by_role("button", name="Add the text").click()
    expect(page.locator("ul.messages")).to_contain_text("The annual report is saved.")
    expect(page.get_by_text("A synthetic word of the Secretariat on 2019.").first).to_be_visible()

    page.get_by_role("button", name="Publish the annual report").click()
    assert any("2019 will be published" in d for d in page.dialogs)
    expect(page.locator("ul.messages")).to_contain_text("is being published")
    assert set(
        Publication.objects.filter(kind="annual", year=2019).values_list("lang", "status")
    ) == {("en", "published"), ("fr", "published")}

    page.context.clear_cookies()
    page.goto(f"{portal}/fr/annual-reports/")
    expect(page.get_by_role("heading", name="2019")).to_be_visible()
    with page.expect_download() as download:
        page.locator("li", has_text="EN").get_by_role("link", name="HTML").click()
    html = download.value.path().read_text(encoding="utf-8")
    assert "Annual activity report 2019" in html
    assert "A synthetic word of the Secretariat on 2019." in html
