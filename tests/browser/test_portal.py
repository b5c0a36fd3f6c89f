import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_reader_opens_an_article_and_switches_to_french(page, portal):
    page.goto(f"{portal}/en/treaties/cets201/")
    page.get_by_role("link", name="Article 20 – Offences concerning child pornography").click()
    expect(page.locator("h1")).to_have_text("Article 20 – Offences concerning child pornography")
    expect(page.locator("#p20-1-a")).to_contain_text("producing child pornography")
    page.get_by_role("link", name="FR").click()
    expect(page).to_have_url(re.compile(r"/fr/treaties/cets201/articles/20/$"))
    expect(page.locator("#p20-1-a")).to_contain_text("la production de pornographie enfantine")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_permalink_opens_the_provision_with_its_obligation(page, portal):
    page.goto(f"{portal}/en/provisions/cets201:20.1.f/")
    expect(page.locator("h1")).to_have_text("Art. 20(1)(f)")
    expect(page.locator(".obligation")).to_contain_text("cets201:obl:20.1.f")


def test_the_french_preamble_shows_its_gaps(page, portal):
    page.goto(f"{portal}/fr/treaties/cets201/")
    expect(page.locator("#preamble-13 .notice")).to_have_text(
        "Texte français non disponible ; texte anglais affiché."
    )


def test_the_parties_map_and_table(page, portal):
    page.goto(f"{portal}/en/treaties/cets201/parties/")
    image = page.locator("figure.map img")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
    rows = page.locator("#parties-table tbody tr")
    expect(rows).to_have_count(48)
    page.get_by_role("link", name="Entry into force").click()
    expect(page.locator("#parties-table tbody tr").first).to_contain_text("Albania")  # 2010-07-01
    page.get_by_label("State").fill("tunis")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="Tunisia").click()
    expect(page.locator("dl.dates")).to_contain_text("15 October 2019")
    expect(page.locator("dl.dates")).to_contain_text("1 February 2020")


def test_a_search_leads_to_the_paragraph_with_the_hit_highlighted(page, portal):
    page.goto(f"{portal}/fr/")
    page.get_by_label("Rechercher dans le texte du traité").fill(
        '"pornographie enfantine" possession'
    )
    page.get_by_role("button", name="Rechercher").click()
    first = page.locator("ol.results li").first
    expect(first.locator("mark").first).to_be_visible()
    first.locator("a.hit").click()
    expect(page).to_have_url(re.compile(r"/fr/treaties/cets201/articles/20/\?q=.*#p20-1-e$"))
    target = page.locator("#p20-1-e")
    expect(target.locator("mark").first).to_have_text(re.compile("possession", re.I))
