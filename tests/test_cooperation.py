"""Co-operation: capacity-building activities, the good-practices library and the European Day —
the reference data and its refusals, the Secretariat's services and their audit, who reads what,
the filters, search (in English and French), the promotion of a finding's evidence, the "what
others do" panels on the pages of lower apps, the open data and the API."""

import datetime as dt
import html
import json

import pytest

from lanzarote.assessments import services as assessments
from lanzarote.audit.models import AuditEvent
from lanzarote.cooperation import services
from lanzarote.cooperation.models import CapacityBuildingActivity, EuropeanDay, GoodPractice
from lanzarote.cooperation.refdata import cooperation_data_read
from lanzarote.cooperation.selectors import (
    activities_in_year,
    practice_list,
    practices_added_in_year,
)
from lanzarote.lib.datafile import DataFileError, DataFolder
from lanzarote.lib.dates import PartialDate
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring import services as monitoring
from lanzarote.monitoring.models import Indicator, Questionnaire
from lanzarote.parties.models import State
from lanzarote.replies import services as replies
from lanzarote.replies.models import Passage
from lanzarote.treaties.models import Provision
from tests.pdfgen import make_pdf

# --- the reference data ---------------------------------------------------------------------


def test_the_eight_activities_of_the_issue_are_loaded_with_their_sources(treaty):
    activities = CapacityBuildingActivity.objects.filter(treaty=treaty)
    assert activities.count() == 8
    years = sorted(a.start.year for a in activities)
    assert years == [2012, 2012, 2013, 2015, 2016, 2017, 2018, 2019]
    assert all(a.sources and a.sources[0].startswith("http") for a in activities)
    rome = activities.get(uid="2012-rome-international-cooperation")
    assert (rome.start, rome.end, rome.kind) == (
        dt.date(2012, 11, 29),
        dt.date(2012, 11, 30),
        "conference",
    )
    # an article named by the source stands for its paragraphs
    assert {p.uid for p in rome.provisions.all()} >= {"cets201:38.1", "cets201:38.4"}
    assert "Council of Europe" in rome.organisers


def test_a_date_known_only_to_the_month_is_kept_so(treaty):
    reykjavik = CapacityBuildingActivity.objects.get(uid="2012-reykjavik-barnahus")
    assert reykjavik.start_date == PartialDate.parse("2012-05")
    assert reykjavik.end is None
    assert reykjavik.participants.get().state.iso2 == "IS"


def test_the_european_days_and_the_barnahus_practice_are_loaded(treaty):
    days = {d.year: d for d in EuropeanDay.objects.filter(treaty=treaty)}
    assert 2019 in days and days[2019].theme_fr.startswith("Donner aux enfants")
    assert days[2015].theme_en == ""  # the first Day: no theme in the sources
    barnahus = GoodPractice.objects.get(uid="barnahus-iceland")
    assert barnahus.is_published and barnahus.published_at is not None
    assert [s.iso2 for s in barnahus.states.all()] == ["IS"]
    assert barnahus.activity.uid == "2012-reykjavik-barnahus"
    assert "2015" in barnahus.publication


def _read(tmp_path, name, payload):
    """Read one co-operation file alone (a folder of its own each time)."""
    root = tmp_path / str(len(list(tmp_path.iterdir())))
    (root / "cets201").mkdir(parents=True)
    (root / "cets201" / name).write_text(json.dumps(payload))
    return cooperation_data_read(
        DataFolder(root, "cets201"),
        provision_uids={"cets201:38.1", "cets201:35.1"},
        state_codes={"IS", "FR"},
    )


ACTIVITY = {
    "id": "2020-somewhere",
    "kind": "event",
    "title_en": "An event",
    "start": "2020-03",
    "sources": ["https://example.org/event"],
}


def test_the_loader_refuses_an_activity_without_a_source_naming_file_and_entry(tmp_path):
    bad = {k: v for k, v in ACTIVITY.items() if k != "sources"}
    with pytest.raises(DataFileError, match=r"capacity_building.json: activity 2020-somewhere: "):
        _read(tmp_path, "capacity_building.json", {"activities": [bad]})
    with pytest.raises(DataFileError, match="no source"):
        _read(tmp_path, "capacity_building.json", {"activities": [{**ACTIVITY, "sources": []}]})


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "party"}, "unknown kind"),
        ({"start": "2020-13"}, "not a real date"),
        ({"start": "2020-03-05", "end": "2020-03-01"}, "ends .* before it starts"),
        ({"start": "2199-01"}, "in the future"),
        ({"provisions": ["cets201:99"]}, "no provision cets201:99"),
        ({"participants": [{"state": "XX"}]}, "unknown State 'XX'"),
        ({"sources": ["somewhere"]}, "web address"),
        ({"colour": "blue"}, "unknown key"),
        ({"id": "Not A Slug"}, "slug"),
    ],
)
def test_the_loader_refuses_bad_activities(tmp_path, change, problem):
    with pytest.raises(DataFileError, match=problem):
        _read(tmp_path, "capacity_building.json", {"activities": [{**ACTIVITY, **change}]})


def test_the_loader_refuses_a_practice_or_a_day_without_a_source(tmp_path):
    practice = {"id": "p", "title_en": "A practice", "title_fr": "Une pratique"}
    with pytest.raises(DataFileError, match=r"good_practices\.json: practice p: no source"):
        _read(tmp_path, "good_practices.json", {"gathered": "2026-12-05", "practices": [practice]})
    with pytest.raises(DataFileError, match=r"european_day\.json: year 2019: no source"):
        _read(tmp_path, "european_day.json", {"days": [{"year": 2019, "theme_en": "x"}]})
    with pytest.raises(DataFileError, match="first European Day"):
        _read(
            tmp_path,
            "european_day.json",
            {"days": [{"year": 2010, "sources": ["https://example.org"]}]},
        )


# --- services, audit, permissions ----------------------------------------------------------------


def test_the_secretariat_records_publishes_and_withdraws_a_practice_all_audited(
    treaty, secretariat
):
    article_35 = Provision.objects.get(uid="cets201:35.1")
    practice = services.practice_create(
        actor=secretariat,
        treaty=treaty,
        title_en="Interview rooms adapted to children",
        title_fr="Salles d'audition adaptées aux enfants",
        states=[State.objects.get(iso2="FR")],
        provisions=[article_35],
        sources=["https://example.org/synthetic-source"],
    )
    assert practice.status == "draft" and practice.published_at is None
    services.practice_publish(actor=secretariat, practice=practice)
    with pytest.raises(services.CooperationError, match="published already"):
        services.practice_publish(actor=secretariat, practice=practice)
    services.practice_withdraw(actor=secretariat, practice=practice, reason="to check")
    actions = list(
        AuditEvent.objects.filter(
            object_type="cooperation.goodpractice", object_id=str(practice.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["practice.create", "practice.publish", "practice.withdraw"]


def test_only_the_secretariat_writes(treaty, committee_member, focal_point_france, ngo_member):
    for actor in (None, committee_member, focal_point_france, ngo_member):
        with pytest.raises(NotAllowed):
            services.practice_create(actor=actor, treaty=treaty, title_en="x")
        with pytest.raises(NotAllowed):
            services.european_day_save(
                actor=actor, treaty=treaty, year=2020, sources=["https://example.org"]
            )


def test_an_activity_needs_a_source_and_is_audited(treaty, secretariat):
    with pytest.raises(services.CooperationError, match="source"):
        services.activity_create(actor=secretariat, treaty=treaty, kind="event", title_en="x")
    activity = services.activity_create(
        actor=secretariat,
        treaty=treaty,
        kind="study_visit",
        title_en="Synthetic study visit",
        start=PartialDate.parse("2021-06"),
        participants=[(State.objects.get(iso2="FR"), ""), (None, "A synthetic organisation")],
        sources=["https://example.org/visit"],
    )
    assert activity.uid.startswith("2021-") and activity.participants.count() == 2
    assert AuditEvent.objects.filter(action="activity.create", object_id=str(activity.pk)).exists()
    assert activity in activities_in_year(year=2021)
    with pytest.raises(services.CooperationError, match="once it is held"):
        services.activity_create(
            actor=secretariat,
            treaty=treaty,
            kind="event",
            title_en="Later",
            start=PartialDate.parse("2199"),
            sources=["https://example.org"],
        )


def test_the_european_day_is_recorded_once_a_year_and_audited(treaty, secretariat):
    day = services.european_day_save(
        actor=secretariat,
        treaty=treaty,
        year=2020,
        theme_en="A synthetic theme",
        materials=[{"title_en": "Leaflet", "url": "https://example.org/leaflet"}],
        sources=["https://example.org/2020"],
    )
    again = services.european_day_save(
        actor=secretariat, treaty=treaty, year=2020, theme_en="Corrected", sources=day.sources
    )
    assert again.pk == day.pk and again.theme_en == "Corrected"
    assert AuditEvent.objects.filter(action="european_day.save", object_id=str(day.pk)).count() == 2


def test_drafts_are_read_by_the_secretariat_only(client, treaty, secretariat, committee_member):
    draft = services.practice_create(actor=secretariat, treaty=treaty, title_en="A draft practice")
    assert draft not in practice_list(treaty=treaty, viewer=committee_member)
    assert draft in practice_list(treaty=treaty, viewer=secretariat)
    assert client.get(f"/en/good-practices/{draft.pk}/").status_code == 404
    client.force_login(secretariat)
    assert client.get(f"/en/good-practices/{draft.pk}/").status_code == 200


# --- the library: filters and search ----------------------------------------------------------


@pytest.fixture
def practices(treaty, secretariat):
    """Two published practices of different pillars and States (synthetic texts)."""
    made = {}
    for key, title_en, title_fr, iso2, uid in [
        (
            "interviews",
            "Video-recorded interviews of child victims",
            "Auditions filmées des enfants victimes",
            "FR",
            "cets201:35.1",
        ),
        (
            "screening",
            "Criminal record checks before recruitment",
            "Vérification du casier judiciaire avant le recrutement",
            "IT",
            "cets201:5.3",
        ),
    ]:
        practice = services.practice_create(
            actor=secretariat,
            treaty=treaty,
            title_en=title_en,
            title_fr=title_fr,
            states=[State.objects.get(iso2=iso2)],
            provisions=[Provision.objects.get(uid=uid)],
            sources=["https://example.org/synthetic"],
        )
        made[key] = services.practice_publish(actor=secretariat, practice=practice)
    return made


def test_the_library_filters_by_provision_pillar_and_state(client, practices):
    page = client.get("/en/good-practices/?provision=cets201:35")
    assert "Video-recorded interviews" in page.text and "Criminal record" not in page.text
    page = client.get("/en/good-practices/?pillar=prevention")
    assert "Criminal record" in page.text and "Video-recorded" not in page.text
    page = client.get("/en/good-practices/?state=FR")
    assert "Video-recorded interviews" in page.text and "Criminal record" not in page.text
    page = client.get("/fr/good-practices/?state=IT")
    assert "Vérification du casier judiciaire" in page.text


def test_search_finds_a_practice_in_english_and_in_french(client, practices):
    page = client.get("/en/good-practices/?q=recorded interviews")
    assert "Video-recorded interviews" in page.text and "Criminal record" not in page.text
    page = client.get("/fr/good-practices/?q=casier judiciaire")
    assert "Vérification du casier judiciaire" in page.text and "Auditions" not in page.text
    # the site's search finds it too, linked to its page
    page = client.get("/fr/search/?q=auditions filmées")
    assert f"/fr/good-practices/{practices['interviews'].pk}/" in page.text


def test_search_finds_a_european_day_by_its_theme_in_english_and_french(
    client, treaty, secretariat
):
    page = client.get("/en/search/", {"q": "Empowering children", "kind": "cooperation"})
    assert "European Day 2019" in page.text and "/en/european-day/#day-2019" in page.text
    page = client.get("/fr/search/", {"q": "Donner aux enfants", "kind": "cooperation"})
    assert "Journée européenne 2019" in page.text and "/fr/european-day/#day-2019" in page.text
    # a year the Secretariat corrects is found by its new theme, no longer by the old one
    services.european_day_save(
        actor=secretariat,
        treaty=treaty,
        year=2019,
        theme_en="A synthetic corrected theme",
        sources=["https://example.org/2019"],
    )
    assert "/en/european-day/#day-2019" in client.get("/en/search/?q=synthetic corrected").text
    assert "#day-2019" not in client.get("/en/search/?q=Empowering children").text


def test_a_withdrawn_practice_leaves_search_and_the_panels(client, practices, secretariat):
    practice = practices["interviews"]
    services.practice_withdraw(actor=secretariat, practice=practice)
    assert "Video-recorded" not in client.get("/en/good-practices/?q=interviews").text
    assert "Video-recorded" not in client.get("/en/provisions/cets201:35.1/").text


# --- what others do -----------------------------------------------------------------------------


def test_what_others_do_shows_on_the_provision_and_state_pages(client, practices):
    provision = client.get("/en/provisions/cets201:35.1/")
    assert "What others do" in provision.text and "Video-recorded interviews" in provision.text
    state = client.get("/en/states/IT/")
    assert "Criminal record checks" in state.text
    iceland = html.unescape(client.get("/fr/states/IS/").text)
    assert "Barnahus" in iceland and "Visite d'étude" in iceland


def test_what_others_do_shows_beside_the_indicator(client, treaty, secretariat):
    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    practice = services.practice_create(
        actor=secretariat,
        treaty=treaty,
        title_en="A synthetic practice on terminology",
        indicators=[indicator],
        sources=["https://example.org"],
    )
    services.practice_publish(actor=secretariat, practice=practice)
    page = client.get("/en/rounds/round-2/scheme/")
    assert "A synthetic practice on terminology" in page.text


# --- promotion of a finding's passage ---------------------------------------------------------------

PAGES = [["Question 13", "A specialised police unit investigates offences committed online."]]


@pytest.fixture
def evidence(secretariat, django_capture_on_commit_callbacks):
    """France's (synthetic) reply, published, and a finding citing one of its passages."""
    france = State.objects.get(iso2="FR")
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=france)
    with django_capture_on_commit_callbacks(execute=True):
        replies.attachment_add(
            reply=reply, name="reply.pdf", data=make_pdf(PAGES), actor=secretariat
        )
    replies.reply_submit(reply=reply, actor=secretariat)
    passage = Passage.objects.filter(
        document__attachments__reply=reply, text__contains="police"
    ).get()
    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    finding = assessments.finding_save(
        indicator=indicator, party=france, value="yes", rationale="", actor=secretariat
    )
    return assessments.evidence_add(finding=finding, actor=secretariat, passage=passage)


def test_a_passage_of_a_reply_not_yet_public_cannot_be_published(evidence, secretariat):
    with pytest.raises(services.CooperationError, match="not public"):
        services.practice_promote(actor=secretariat, evidence=evidence, title_en="Police unit")
    draft = services.practice_promote(
        actor=secretariat, evidence=evidence, title_en="Police unit", publish=False
    )
    assert draft.status == "draft" and draft.quote == evidence.quote


def test_the_secretariat_promotes_a_passage_in_one_step(client, evidence, secretariat):
    monitoring.questionnaire_publish_replies(
        questionnaire=evidence.finding.indicator.scheme.round.questionnaires.first()
        or Questionnaire.objects.get(uid="round-2-thematic"),
        actor=secretariat,
    )
    client.force_login(secretariat)
    finding_page = client.get(f"/en/findings/{evidence.finding_id}/")
    assert f"/en/good-practices/promote/{evidence.pk}/" in finding_page.text
    answer = client.post(
        f"/en/good-practices/promote/{evidence.pk}/",
        {"title_en": "Specialised police unit for online offences", "publish": "on"},
    )
    practice = GoodPractice.objects.get(evidence=evidence)
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{practice.pk}/")
    assert practice.is_published and practice.finding_id == evidence.finding_id
    assert [s.iso2 for s in practice.states.all()] == ["FR"]
    assert list(practice.indicators.all()) == [evidence.finding.indicator]
    assert set(practice.provisions.all()) == set(evidence.finding.indicator.provisions.all())
    assert AuditEvent.objects.filter(action="practice.promote", object_id=str(practice.pk)).exists()
    # the passage now says it is a good practice; the public reads the practice
    assert (
        "This passage is a good practice" in client.get(f"/en/findings/{evidence.finding_id}/").text
    )
    client.logout()
    assert "Specialised police unit" in client.get(f"/en/good-practices/{practice.pk}/").text


def test_only_the_secretariat_may_promote(client, evidence, committee_member):
    with pytest.raises(NotAllowed):
        services.practice_promote(actor=committee_member, evidence=evidence, title_en="x")
    client.force_login(committee_member)
    answer = client.post(f"/en/good-practices/promote/{evidence.pk}/", {"title_en": "x"})
    assert answer.status_code == 403


# --- the year's record, open data ---------------------------------------------------------------


def test_the_years_record_for_the_annual_report(treaty, practices):
    assert [a.uid for a in activities_in_year(year=2012)] == [
        "2012-reykjavik-barnahus",
        "2012-rome-international-cooperation",
    ]
    year = practices["interviews"].published_at.year
    assert set(practices_added_in_year(year=year)) >= set(practices.values())


def test_the_open_data_gives_what_the_reader_may_read(client, treaty, secretariat):
    draft = services.practice_create(actor=secretariat, treaty=treaty, title_en="A hidden draft")
    rows = client.get("/en/treaties/cets201/good-practices.json").json()["practices"]
    assert "barnahus-iceland" in {r["id"] for r in rows} and draft.uid not in {
        r["id"] for r in rows
    }
    activities = client.get("/en/treaties/cets201/activities.json").json()["activities"]
    reykjavik = next(a for a in activities if a["id"] == "2012-reykjavik-barnahus")
    assert reykjavik["start"] == "2012-05" and reykjavik["end"] is None
    csv = client.get("/en/treaties/cets201/european-day.csv").text
    assert csv.splitlines()[0] == "year,theme_en,theme_fr,materials,notes,sources"


def test_the_pages_in_english_and_french(client, treaty):
    for lang, words in (
        ("en", "Capacity-building activities"),
        ("fr", "renforcement des capacités"),
    ):
        assert words in client.get(f"/{lang}/cooperation/activities/").text
    assert "Empowering children" in client.get("/en/european-day/").text
    assert "Donner aux enfants" in client.get("/fr/european-day/").text
    assert "Barnahus" in client.get("/fr/good-practices/").text
    # a list's items: French puts a narrow no-break space before the semicolon
    rome = "/cooperation/activities/2012-rome-international-cooperation/"
    assert "\u202f; " in client.get(f"/fr{rome}").text
    assert "\u202f; " not in client.get(f"/en{rome}").text


def test_the_api_lists_paginated_with_what_the_reader_may_read(client, treaty, secretariat):
    draft = services.practice_create(actor=secretariat, treaty=treaty, title_en="A hidden draft")
    listed = client.get("/api/activities?limit=3").json()
    assert listed["count"] == 8 and len(listed["items"]) == 3
    madrid = client.get("/api/activities?year=2013").json()["items"][0]
    assert (madrid["start"], madrid["end"]) == ("2013-12-10", "2013-12-11")
    public = client.get("/api/good-practices").json()
    assert draft.uid not in {p["uid"] for p in public["items"]}
    barnahus = client.get("/api/good-practices?state=IS").json()["items"][0]
    assert barnahus["activity"] == "2012-reykjavik-barnahus" and barnahus["states"] == ["IS"]
    client.force_login(secretariat)
    assert draft.uid in {p["uid"] for p in client.get("/api/good-practices").json()["items"]}
    days = client.get("/api/european-days").json()["items"]
    assert days[0]["year"] == 2025 and days[-1] == {**days[-1], "year": 2015, "theme_en": None}
    assert client.get("/api/good-practices?pillar=nowhere").status_code == 422


def test_search_finds_a_practice_by_its_meaning_across_languages(
    client, treaty, secretariat, settings
):
    """An English practice found from French words it does not contain (embeddings on)."""
    settings.LANZAROTE_EMBEDDINGS = True
    for title in (
        "Specialised police units investigating child sexual abuse committed online",
        "Criminal record checks before recruitment of staff working with children",
    ):
        practice = services.practice_create(
            actor=secretariat, treaty=treaty, title_en=title, sources=["https://example.org"]
        )
        services.practice_publish(actor=secretariat, practice=practice)
    assert GoodPractice.objects.get(title_en__startswith="Specialised").embedding_en
    query = "brigade dédiée aux violences sexuelles sur internet contre les mineurs"
    page = client.get("/fr/good-practices/", {"q": query})
    assert "Specialised police units" in page.text and "Criminal record" not in page.text
    found = client.get("/fr/search/", {"q": query, "kind": "cooperation"})
    assert "Specialised police units" in found.text and "de sens voisin" in found.text
    barnahus = GoodPractice.objects.get(uid="barnahus-iceland").pk
    assert found.text.count(f"/fr/good-practices/{barnahus}/") <= 1  # once, not once a language
    settings.LANZAROTE_EMBEDDINGS = False  # off: found by its words only, so not at all
    assert "Specialised police units" not in client.get("/fr/good-practices/", {"q": query}).text


def test_the_secretariat_records_an_activity_and_a_european_day_from_the_pages(
    client, treaty, secretariat
):
    client.force_login(secretariat)
    answer = client.post(
        "/en/cooperation/activities/new/",
        {
            "kind": "study_visit",
            "title_en": "Synthetic study visit",
            "start": "2021-06",
            "place_en": "Synthetic town",
            "participants": "FR: Synthetic ministry\nA synthetic organisation",
            "themes_en": "Interviews of children",
            "themes_fr": "Auditions d'enfants",
            "provisions": "cets201:35.1",
            "sources": "https://example.org/visit",
        },
    )
    activity = CapacityBuildingActivity.objects.get(title_en="Synthetic study visit")
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{activity.uid}/")
    assert activity.start_date == PartialDate.parse("2021-06")
    assert [(p.state and p.state.iso2, p.organisation) for p in activity.participants.all()] == [
        ("FR", "Synthetic ministry"),
        (None, "A synthetic organisation"),
    ]
    edit = client.get(f"/en/cooperation/activities/{activity.uid}/edit/")
    assert "FR: Synthetic ministry" in edit.text and "2021-06" in edit.text
    refused = client.post(
        "/en/cooperation/activities/new/",
        {"kind": "event", "title_en": "No source", "start": "2021-13"},
    )
    assert refused.status_code == 400 and "not a real date" in refused.text
    answer = client.post(
        "/en/european-day/save/",
        {
            "year": 2020,
            "theme_en": "A synthetic theme",
            "materials": "https://example.org/leaflet Leaflet",
            "sources": "https://example.org/2020",
        },
    )
    assert answer.status_code == 302
    day = EuropeanDay.objects.get(treaty=treaty, year=2020)
    assert day.materials == [
        {"url": "https://example.org/leaflet", "title_en": "Leaflet", "title_fr": ""}
    ]
    assert client.post("/en/european-day/save/", {"year": 2020}).status_code == 400  # no source
