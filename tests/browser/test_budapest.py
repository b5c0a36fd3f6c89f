"""The Lanzarote Convention beside the Budapest Convention (ETS 185) and the OPSC, read by the
public in chromium: from Article 20 to its counterparts side by side, on to the Budapest article
in English and French; a State's status under each treaty; and the page for States that are not
yet Parties, whose steps lead to the accession requests and the legal self-assessment."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_reader_follows_article_20_to_its_budapest_and_opsc_counterparts(page, portal):
    page.goto(f"{portal}/en/treaties/cets201/")
    page.get_by_role("link", name=re.compile(r"^Article 20\b")).first.click()
    expect(page.locator("h1")).to_contain_text("Offences concerning child pornography")

    # beside 20(1)(e), its counterpart is named; the reader asks to read them side by side
    possession = page.locator("#p20-1-e")
    margin = possession.locator("aside.beside").first
    expect(margin).to_contain_text("In other treaties")
    expect(margin).to_contain_text("Budapest Convention")
    margin.get_by_role("link", name="Side by side, with what each adds or lacks").click()
    expect(page).to_have_url(re.compile(r"/en/provisions/cets201:20\.1\.e/#counterparts$"))

    side_by_side = page.locator("#counterparts")
    expect(side_by_side).to_contain_text("editorial reading")
    budapest = side_by_side.locator("tr").filter(has_text="Art. 9(1)(e)")
    # both texts in their own words, and what the narrower one lacks
    expect(budapest).to_contain_text("possessing child pornography;")
    expect(budapest).to_contain_text("in a computer system or on a computer-data storage medium")
    expect(budapest).to_contain_text("The counterpart is narrower")
    expect(budapest.locator("p").filter(has_text="Lacks")).to_contain_text("covers any possession")
    # the paragraph's row: the OPSC, with what it adds and what it lacks
    opsc = side_by_side.locator("tr").filter(has_text="Art. 3(1)(c)")
    expect(opsc).to_contain_text("Optional Protocol on the sale of children")
    expect(opsc.locator("p").filter(has_text="Adds")).to_contain_text("importing, exporting")
    expect(opsc.locator("p").filter(has_text="Lacks")).to_contain_text("knowingly obtaining")

    # on to the Budapest article, by its stable id, then in French
    budapest.get_by_role("link", name="Art. 9(1)(e)").click()
    expect(page).to_have_url(re.compile(r"/en/provisions/ets185:9\.1\.e/$"))
    expect(page.locator("h1")).to_have_text("Art. 9(1)(e)")
    expect(page.locator("article.text")).to_contain_text(
        "possessing child pornography in a computer system"
    )
    page.locator("nav.langs").get_by_role("link", name="FR").click()
    expect(page).to_have_url(re.compile(r"/fr/provisions/ets185:9\.1\.e/$"))
    expect(page.locator("article.text")).to_contain_text(
        "la possession de pornographie enfantine dans un système informatique"
    )
    # read from Budapest's side, the Lanzarote provision is the counterpart, in French
    lanzarote = page.locator("#counterparts tr").filter(has_text="Convention de Lanzarote")
    expect(lanzarote).to_contain_text("la possession de pornographie enfantine")
    expect(lanzarote).to_contain_text("vise toute possession")


def test_the_access_offence_has_no_budapest_counterpart_and_says_so(page, portal):
    page.goto(f"{portal}/en/provisions/cets201:20.1.f/")
    row = page.locator("#counterparts tr").filter(has_text="Budapest Convention")
    expect(row).to_contain_text("No counterpart")
    page.goto(f"{portal}/en/provisions/cets201:20.2/")
    age = page.locator("#counterparts tr").filter(has_text="Art. 9(3)")
    expect(age).to_contain_text("16")


def test_a_states_page_shows_its_status_under_each_related_treaty(page, portal):
    page.goto(f"{portal}/en/states/AL/")
    cards = page.locator(".status-card")
    expect(cards.filter(has_text="Lanzarote Convention").locator("h2")).to_contain_text("Party")
    budapest = cards.filter(has_text="Budapest Convention")
    expect(budapest.locator("h2")).to_contain_text("Party")
    expect(budapest).to_contain_text("20 June 2002")
    expect(budapest).to_contain_text("1 July 2004")
    # no record found for the OPSC: unknown, never guessed
    opsc = cards.filter(has_text="Optional Protocol on the sale of children")
    expect(opsc.locator("h2 .unknown")).to_be_visible()
    expect(opsc).to_contain_text("No record of this State's signature")

    # in French, a State the Budapest sources read do not list is unknown there too
    page.goto(f"{portal}/fr/states/IE/")
    budapest = page.locator(".status-card").filter(has_text="Convention de Budapest")
    expect(budapest.locator("h2 .unknown")).to_be_visible()


def test_a_state_not_yet_party_reads_why_join_and_how_and_follows_the_steps(page, portal):
    page.goto(f"{portal}/en/treaties/cets201/")
    page.get_by_role("link", name="Why join and how").click()
    expect(page).to_have_url(re.compile(r"/en/treaties/cets201/joining/$"))
    expect(page.locator("#why blockquote").first).to_contain_text("four Ps")

    steps = page.locator("#how ol.steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Request")
    expect(steps.nth(1)).to_contain_text("Unanimous consent of the Parties")
    expect(steps.nth(2)).to_contain_text("Decision of the Committee of Ministers")
    # each step rests on its source: the provision it follows, or the page it is read on
    steps.nth(1).get_by_role("link", name="Art. 46(1)").click()
    expect(page).to_have_url(re.compile(r"/en/provisions/cets201:46\.1/$"))
    page.go_back()

    page.get_by_role(
        "link", name="Follow the accession requests: each step, Party by Party"
    ).click()
    expect(page).to_have_url(re.compile(r"/en/accessions/$"))
    expect(page.locator("h1")).to_have_text("Accession requests")
    page.go_back()

    page.get_by_role("link", name="Start a legal self-assessment").click()
    expect(page).to_have_url(re.compile(r"/en/self-assessments/$"))

    # the same page in French
    page.goto(f"{portal}/fr/treaties/cets201/joining/")
    expect(page.locator("h1")).to_contain_text("Pourquoi adhérer, et comment")
    expect(page.locator("#how ol.steps > li").nth(1)).to_contain_text("Assentiment unanime")
