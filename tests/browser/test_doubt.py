"""Nothing doubtful is shown as fact, seen in chromium: markers, derived dates, date fields."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from lanzarote.accounts.models import Profile
from lanzarote.parties.models import TreatyStatus
from tests.browser.test_recommendations import login
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def test_a_reader_sees_which_values_are_doubted_and_which_date_is_derived(page, portal):
    page.goto(f"{portal}/en/states/RU/")
    marker = page.locator(".status-card .confidence-uncertain").first
    expect(marker).to_be_visible()
    expect(marker).to_have_text("uncertain")
    # The Lanzarote card carries the source's doubt; the other treaties' cards say nothing is recorded
    lanzarote_card = page.locator(".status-card").filter(has_text="Lanzarote Convention")
    expect(lanzarote_card).to_contain_text("was not checked")
    expect(page.locator(".reservations-not-recorded")).to_contain_text("20(3)")
    # A State whose entry into force the sources give only to the month (or not at all) while the
    # deposit is known to the day: the day is derived by the treaty's rule, and marked so.
    derived = next(
        status
        for status in TreatyStatus.objects.filter(treaty__code="cets201").select_related(
            "state", "treaty"
        )
        if status.entry_into_force_shown.derived
    )
    page.goto(f"{portal}/en/states/{derived.state.iso2}/")
    shown = derived.entry_into_force_shown.date.date
    expect(page.locator("dl.dates").first).to_contain_text(f"{shown.day} {shown:%B %Y}")
    expect(page.locator("dl.dates .derived").first).to_be_visible()


def test_the_french_deadline_field_shows_the_deadline(page, portal):
    from lanzarote.monitoring.models import Questionnaire

    questionnaire = Questionnaire.objects.exclude(round=None).first()
    Questionnaire.objects.filter(pk=questionnaire.pk).update(deadline=dt.date(2026, 12, 4))
    make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    login(page, portal, "sofia")
    page.goto(f"{portal}/fr/questionnaires/{questionnaire.uid}/")
    expect(page.locator("input[type=date][name=deadline]")).to_have_value("2026-12-04")
