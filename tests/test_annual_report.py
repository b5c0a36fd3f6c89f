"""The annual activity report: built from the year's record, the Secretariat's texts between the
generated sections, published in English and French through the publication pipeline."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from lanzarote.audit.models import AuditEvent
from lanzarote.committee import services as committee
from lanzarote.committee.models import Meeting
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State, TreatyStatus
from lanzarote.recommendations.models import ComplianceEvaluation, Recommendation
from lanzarote.reports import services
from lanzarote.reports.annual import annual_build
from lanzarote.reports.models import AnnualReportText, Publication
from lanzarote.treaties.models import InterpretiveText

YEAR = 2021  # a year of the real record with little in it, filled by each test as it needs


@pytest.fixture
def record(treaty, secretariat):
    """A synthetic year of work on the real treaty: a round launched, a recommendation adopted
    and evaluated, an opinion adopted, a State's deposit; and the same kinds of things in other
    years or undated, which the year's report must leave out."""
    launched = Round.objects.create(
        treaty=treaty,
        uid="synthetic-2021",
        kind="thematic",
        status="open",
        name_en="Synthetic round launched in 2021",
        name_fr="Cycle synthétique lancé en 2021",
        launched=dt.date(YEAR, 3, 15),
        launched_precision="day",
    )
    Round.objects.create(
        treaty=treaty,
        uid="synthetic-demo",
        kind="thematic",
        status="open",
        name_en="Demonstration round of 2021",
        launched=dt.date(YEAR, 4, 1),
        is_demo=True,
    )
    Round.objects.create(
        treaty=treaty,
        uid="synthetic-undated",
        kind="thematic",
        status="follow_up",
        name_en="Undated round",
    )
    recommendation = Recommendation.objects.create(
        uid="synthetic-r1",
        round=launched,
        grade="urge",
        status="adopted",
        report_en="Synthetic implementation report",
        report_fr="Rapport de mise en œuvre synthétique",
        adopted_on=dt.date(YEAR, 11, 5),
        text_en="Synthetic recommendation.",
    )
    Recommendation.objects.create(
        uid="synthetic-r2",
        round=launched,
        grade="invite",
        status="adopted",
        report_en="Synthetic implementation report",
        adopted_on=dt.date(YEAR - 1, 11, 5),
        text_en="Synthetic recommendation of the year before.",
    )
    ComplianceEvaluation.objects.create(
        recommendation=recommendation,
        party=State.objects.get(iso2="FR"),
        grade="partially",
        rationale="Synthetic rationale.",
        evaluated_on=dt.date(YEAR, 12, 1),
    )
    InterpretiveText.objects.create(
        uid="synthetic-opinion-2021",
        treaty=treaty,
        kind="opinion",
        title_en="Synthetic opinion on Article 23",
        title_fr="Avis synthétique sur l'article 23",
        adopted_on=dt.date(YEAR, 6, 1),
        adopted_precision="month",
    )
    status = TreatyStatus.objects.filter(treaty=treaty, state__iso2="FR").first()
    if status is None:
        status = TreatyStatus(treaty=treaty, state=State.objects.get(iso2="FR"), status="party")
    status.deposit, status.deposit_precision = dt.date(YEAR, 2, 1), "day"
    status.save()
    return launched


def _section(data, key):
    return next(s for s in data.sections if s.key == key)


def test_the_years_record_is_listed_section_by_section_and_nothing_else(treaty, record):
    data = annual_build(treaty=treaty, year=YEAR, lang="en")
    rounds = _section(data, "rounds")
    assert [e.text for e in rounds.entries] == ["Launched: Synthetic round launched in 2021"]
    assert rounds.entries[0].when == "15 March 2021"
    assert "1 monitoring round launched" in rounds.summary  # the demonstration round is not
    assert "have no known launch date" in rounds.undated or "has no known" in rounds.undated
    reports = _section(data, "reports")
    assert reports.summary == "1 recommendation adopted."
    assert reports.entries[0].text == "Synthetic implementation report"
    assert reports.entries[0].detail == "1 × urges"
    follow_up = _section(data, "follow_up")
    assert "1 evaluations: 0 implemented, 1 partially, 0 not" in follow_up.entries[0].detail
    opinions = _section(data, "interpretation")
    assert [(e.when, e.text) for e in opinions.entries] == [
        ("June 2021", "Synthetic opinion on Article 23")
    ]
    treaty_events = _section(data, "treaty")
    assert ("France", "1 February 2021") in {(e.text, e.when) for e in treaty_events.entries}
    french = annual_build(treaty=treaty, year=YEAR, lang="fr")
    assert _section(french, "rounds").entries[0].text == "Lancé : Cycle synthétique lancé en 2021"
    assert _section(french, "interpretation").entries[0].text.startswith("Avis synthétique")
    # the kind of text in the report's language, not the data's English word
    assert opinions.entries[0].detail == "opinion"
    assert _section(french, "interpretation").entries[0].detail == "avis"


def test_the_secretariats_texts_stand_after_the_section_they_name(treaty, record, secretariat):
    services.annual_text_save(
        treaty=treaty,
        year=YEAR,
        actor=secretariat,
        after="start",
        texts={"title_en": "Foreword", "text_en": "Synthetic foreword."},
    )
    services.annual_text_save(
        treaty=treaty,
        year=YEAR,
        actor=secretariat,
        after="reports",
        texts={
            "title_en": "Comment",
            "title_fr": "Commentaire",
            "text_en": "Synthetic comment.",
            "text_fr": "Commentaire synthétique.",
        },
    )
    keys = [s.key for s in annual_build(treaty=treaty, year=YEAR, lang="en").sections]
    assert keys[0] == "text" and keys[keys.index("reports") + 1] == "text"
    french = annual_build(treaty=treaty, year=YEAR, lang="fr").sections
    assert french[0].text == "Synthetic foreword."  # no French yet: the English stands
    assert "Commentaire synthétique." in [s.text for s in french]
    assert AuditEvent.objects.filter(action="annual.text").count() == 2


def test_a_text_is_refused_without_english_for_a_future_year_and_by_others(
    treaty, secretariat, committee_member
):
    with pytest.raises(services.PublishError, match="English title or text"):
        services.annual_text_save(
            treaty=treaty, year=YEAR, actor=secretariat, after="start", texts={"text_fr": "x"}
        )
    with pytest.raises(services.PublishError, match="from 2000 to"):
        services.annual_text_save(
            treaty=treaty,
            year=dt.date.today().year + 1,
            actor=secretariat,
            after="start",
            texts={"text_en": "x"},
        )
    with pytest.raises(services.PublishError, match="choose the section"):
        services.annual_text_save(
            treaty=treaty, year=YEAR, actor=secretariat, after="nowhere", texts={"text_en": "x"}
        )
    with pytest.raises(PermissionDenied):
        services.annual_text_save(
            treaty=treaty, year=YEAR, actor=committee_member, after="start", texts={"text_en": "x"}
        )
    assert not AnnualReportText.objects.exists()


def test_a_demonstration_login_does_not_publish_an_annual_report(treaty, db):
    from django.contrib.auth import get_user_model

    from lanzarote.core.demo import demo_load

    demo_load(password="synthetic-pass")
    demo = get_user_model().objects.get(username="demo-secretariat")
    with pytest.raises(PermissionDenied):
        services.annual_publish(treaty=treaty, year=YEAR, actor=demo)
    assert not Publication.objects.filter(kind="annual").exists()


def test_publishing_makes_a_version_in_each_language_with_four_files(
    client, treaty, record, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    page = client.get(f"/en/annual-reports/cets201/{YEAR}/")
    assert page.status_code == 200 and "Synthetic round launched in 2021" in page.text
    client.post(
        f"/en/annual-reports/cets201/{YEAR}/",
        {"after": "interpretation", "title_en": "A word", "text_en": "Synthetic word."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/annual-reports/cets201/{YEAR}/publish/")
    assert response.status_code == 302
    english, french = (
        Publication.objects.get(kind="annual", lang=lang, version=1) for lang in ("en", "fr")
    )
    assert english.status == french.status == "published"
    assert english.round is None and english.year == YEAR and english.subject == "cets201"
    assert {r.format for r in english.renderings.all()} == {"html", "pdf", "docx", "xlsx"}
    html = b"".join(client.get(f"/en/publications/{english.pk}.html").streaming_content).decode()
    assert "Annual activity report 2021" in html and "Synthetic word." in html
    book = load_workbook(
        io.BytesIO(b"".join(client.get(f"/en/publications/{french.pk}.xlsx").streaming_content))
    )
    cells = {c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c}
    assert "Avis synthétique sur l'article 23" in cells
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/annual-reports/cets201/{YEAR}/publish/")
    assert Publication.objects.filter(kind="annual", lang="en", version=2).exists()
    client.logout()
    listing = client.get("/en/annual-reports/").text
    assert "2021" in listing and "Version 2" in listing and "Version 1" in listing
    assert "Annual activity report – 2021" in client.get("/en/publications/").text


def test_the_year_chooser_takes_the_secretariat_to_the_year_and_refuses_a_bad_one(
    client, secretariat
):
    client.force_login(secretariat)
    response = client.get("/en/annual-reports/?treaty=cets201&year=2019")
    assert response.status_code == 302 and response["Location"].endswith(
        "/annual-reports/cets201/2019/"
    )
    assert client.get("/en/annual-reports/?treaty=cets201&year=19x").status_code == 400
    # a treaty that is not in the record, whatever its characters: a 400, never a 500
    for code in ("no-such-treaty", "../../x", "cets 201"):
        assert client.get(f"/en/annual-reports/?treaty={code}&year=2019").status_code == 400
    assert client.get("/en/annual-reports/cets201/1999/").status_code == 404
    assert client.get("/en/annual-reports/no-such-treaty/2019/").status_code == 404


@pytest.mark.rendering
def test_the_annual_reports_pdf_and_word_files_carry_the_record_and_the_text(
    treaty, record, secretariat, django_capture_on_commit_callbacks
):
    import docx
    from django.core.files.storage import default_storage

    from tests.test_reports import _pdf_text

    services.annual_text_save(
        treaty=treaty,
        year=YEAR,
        actor=secretariat,
        after="start",
        texts={"title_en": "Foreword", "text_en": "Synthetic foreword of the year."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.annual_publish(treaty=treaty, year=YEAR, actor=secretariat)
    english = Publication.objects.get(kind="annual", lang="en")

    def stored(fmt):
        with default_storage.open(english.renderings.get(format=fmt).file.name, "rb") as f:
            return f.read()

    pdf = " ".join(_pdf_text(stored("pdf")).split())
    assert "Annual activity report 2021" in pdf and "Synthetic foreword of the year." in pdf
    assert "Synthetic opinion on Article 23" in pdf
    word = docx.Document(io.BytesIO(stored("docx")))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Synthetic foreword of the year." in paragraphs
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert "Synthetic implementation report" in cells


def test_the_meetings_held_in_the_year_are_listed_from_the_committees_record(treaty):
    data = annual_build(treaty=treaty, year=2019, lang="en")
    meetings = _section(data, "meetings")
    assert [e.text for e in meetings.entries] == [
        "23rd meeting – Strasbourg",
        "24th meeting – Strasbourg",
        "25th meeting – Nicosia",
    ]
    assert "Residential care declaration for adoption" in meetings.entries[2].detail
    assert meetings.summary.startswith("3 plenary meetings held")
    french = _section(annual_build(treaty=treaty, year=2019, lang="fr"), "meetings")
    assert french.entries[0].text.startswith("23e réunion")


def test_each_count_of_a_summary_takes_its_own_plural_form_in_both_languages(treaty, secretariat):
    nicosia = Meeting.objects.get(treaty=treaty, number=25)
    committee.decision_record(
        actor=secretariat,
        meeting=nicosia,
        text_en="Synthetic decision one.",
        text_fr="Décision synthétique une.",
    )
    committee.decision_record(actor=secretariat, meeting=nicosia, text_en="Synthetic decision two.")
    committee.decisions_publish(actor=secretariat, meeting=nicosia)
    english = annual_build(treaty=treaty, year=2019, lang="en")
    assert _section(english, "meetings").summary == (
        "3 plenary meetings held. 2 decisions published."
    )
    assert _section(english, "cooperation").summary == (
        "1 capacity-building activity held. 0 good practices published."
    )
    french = annual_build(treaty=treaty, year=2019, lang="fr")
    meetings = _section(french, "meetings")
    assert meetings.summary == "3 réunions plénières tenues. 2 décisions publiées."
    # French puts a narrow no-break space before the semicolon between two decisions
    assert meetings.entries[2].detail == (
        "Décision synthétique une.\u202f; Synthetic decision two."
    )
    assert _section(french, "cooperation").summary == (
        "1 activité de renforcement des capacités tenue. 0 bonne pratique publiée."
    )


def test_capacity_building_and_the_european_day_of_the_year_are_listed(treaty):
    section = _section(annual_build(treaty=treaty, year=2019, lang="en"), "cooperation")
    assert (section.entries[0].when, section.entries[0].detail) == (
        "October 2019",
        "Nicosia, Cyprus",
    )
    day = next(e for e in section.entries if e.text.startswith("European Day"))
    assert day.when == "18 November 2019" and day.detail.startswith("Empowering children")
    assert section.summary.startswith("1 capacity-building activity held")
    assert _section(annual_build(treaty=treaty, year=2014, lang="en"), "cooperation").entries == ()


def test_a_round_in_preparation_is_not_in_the_public_report(treaty, db):
    """A round in preparation is the Secretariat's alone (monitoring's visibility): the report,
    public once published, neither lists it nor counts it among the undated rounds."""
    before = _section(annual_build(treaty=treaty, year=YEAR, lang="en"), "rounds")
    Round.objects.create(
        treaty=treaty, uid="synthetic-preparing", kind="thematic", name_en="Round in preparation"
    )
    Round.objects.create(
        treaty=treaty,
        uid="synthetic-preparing-dated",
        kind="thematic",
        name_en="Dated round in preparation",
        launched=dt.date(YEAR, 5, 1),
        launched_precision="day",
    )
    after = _section(annual_build(treaty=treaty, year=YEAR, lang="en"), "rounds")
    assert after == before
