"""The Committee's plenary meetings: the reference data (19 real meetings, gaps shown as gaps),
the Secretariat's services and their audit, who reads what (restricted documents, unpublished
decisions), the pages, the API, the open data and search."""

import datetime as dt
import json
import shutil

import pytest
from django.core.files.storage import default_storage

from lanzarote.audit.models import AuditEvent
from lanzarote.committee import services
from lanzarote.committee.models import AgendaItem, Decision, Meeting, MeetingDocument, ordinal
from lanzarote.committee.refdata import committee_data_read
from lanzarote.committee.selectors import (
    Gap,
    decisions_in_year,
    gap_numbers,
    meeting_list,
    meeting_rows,
    meetings_in_year,
)
from lanzarote.core.refdata import DATA_DIR, load_reference_data
from lanzarote.lib.datafile import DataFileError, DataFolder
from lanzarote.lib.errors import NotAllowed
from lanzarote.treaties.models import InterpretiveText

MEETINGS = "cets201/committee_meetings.json"


# --- the reference data ---------------------------------------------------------------------


def test_the_19_meetings_of_the_sources_are_loaded_with_their_agenda_and_sources(treaty):
    meetings = Meeting.objects.filter(treaty=treaty)
    assert meetings.count() == 19
    assert sorted(meetings.values_list("number", flat=True))[:3] == [8, 9, 10]
    nicosia = meetings.get(number=25)
    assert (nicosia.start, nicosia.end) == (dt.date(2019, 10, 15), dt.date(2019, 10, 18))
    assert (nicosia.venue_en, nicosia.venue_fr) == ("Nicosia", "Nicosie")
    assert nicosia.status == Meeting.Status.HELD
    assert nicosia.sources == [
        "https://www.coe.int/en/web/children/25th-meeting-of-the-committee-of-the-parties-t-es-"
    ]
    assert list(nicosia.agenda.values_list("title_en", flat=True))[-1] == (
        "Residential care declaration for adoption"
    )
    # an item in brackets is a note about the meeting, not an agenda item
    ninth = meetings.get(number=9)
    assert not ninth.agenda.exists() and ninth.notes == "announced as next meeting"
    # a day's meeting ends the day it starts; a venue the sources do not give stays unknown
    assert meetings.get(number=29).end == dt.date(2020, 11, 23)
    assert meetings.get(number=8).venue_en == ""


def test_a_document_the_sources_name_is_recorded_by_its_reference_as_public(treaty):
    document = MeetingDocument.objects.get(meeting__number=28)
    assert (document.reference, document.kind) == ("T-ES(2020)25", "decisions")
    assert not document.restricted and not document.file
    assert document.url.startswith("https://")


def test_the_meetings_not_in_the_sources_are_gaps_never_invented(treaty):
    meetings = list(Meeting.objects.filter(treaty=treaty))
    gaps = gap_numbers(meetings=meetings)
    assert gaps[:8] == [1, 2, 3, 4, 5, 6, 7, 12]
    assert len(gaps) == 41 - 19
    rows = meeting_rows(meetings=meetings)
    assert rows[1] == Gap(39, 40) and rows[-1] == Gap(1, 7)
    assert Gap(12, 13) in rows and Gap(21, 21) in rows


def _folder(tmp_path, meetings):
    folder = tmp_path / "cets201"
    folder.mkdir()
    (folder / "committee_meetings.json").write_text(json.dumps({"meetings": meetings}))
    return DataFolder(tmp_path, "cets201")


def _meeting(number=30, dates="2020-12-01/2020-12-03", **more):
    return {
        "number": number,
        "dates": dates,
        "items": ["Item"],
        "source_url": "https://x.org",
        **more,
    }


@pytest.mark.parametrize(
    ("meetings", "entry", "problem"),
    [
        ([_meeting(dates="2099-01-10", status="held")], "meeting 30", "marked held, but it starts"),
        ([_meeting(), _meeting()], "meeting 30", "a second meeting numbered 30"),
        ([_meeting(dates="2020-12-03/2020-12-01")], "meeting 30", "ends (2020-12-01) before it"),
        ([_meeting(dates="December 2020")], "meeting 30", "dates must be YYYY-MM-DD"),
        ([_meeting(number=0)], "meeting 0", "a whole number from 1"),
        ([_meeting(number="31")], "meeting no. 1 in the list", "a whole number from 1"),
        ([_meeting(colour="red")], "meeting 30", "unknown key(s) 'colour'"),
        ([_meeting(source_url="")], "meeting 30", "source_url must be a non-empty text"),
        ([_meeting(status="cancelled")], "meeting 30", "unknown status 'cancelled'"),
        ([_meeting(items_fr=["Un", "Deux"])], "meeting 30", "one for each item"),
        ([_meeting(document="list of decisions")], "meeting 30", "start with its reference"),
        (
            [_meeting(), _meeting(number=31, dates="2020-11-01")],
            "meeting 31",
            "before meeting 30 ends",
        ),
    ],
)
def test_bad_meetings_are_refused_naming_the_file_and_the_meeting(
    tmp_path, meetings, entry, problem
):
    with pytest.raises(DataFileError) as caught:
        committee_data_read(_folder(tmp_path, meetings), today=dt.date(2026, 12, 4))
    assert caught.value.file == MEETINGS
    assert caught.value.entry == entry
    assert problem in caught.value.problem


def test_a_meeting_still_to_come_is_planned_and_one_past_is_held(tmp_path):
    data = committee_data_read(
        _folder(tmp_path, [_meeting(), _meeting(number=31, dates="2027-03-01/2027-03-03")]),
        today=dt.date(2026, 12, 4),
    )
    assert [m["status"] for m in data.meetings] == ["held", "planned"]


def test_a_refused_meeting_stops_the_whole_load(db, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    path = root / MEETINGS
    data = json.loads(path.read_text())
    data["meetings"][3]["dates"] = "2099-03-17/2099-03-19"
    data["meetings"][3]["status"] = "held"
    path.write_text(json.dumps(data))
    before = Meeting.objects.count()
    with pytest.raises(DataFileError) as caught:
        load_reference_data(root=root)
    assert (caught.value.file, caught.value.entry) == (MEETINGS, "meeting 11")
    assert Meeting.objects.count() == before


def test_ordinals_are_written_as_each_language_writes_them():
    assert [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 41)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "41st"
    ]  # fmt: skip
    assert [ordinal(n, "fr") for n in (1, 2, 41)] == ["1re", "2e", "41e"]


# --- the Secretariat's services -------------------------------------------------------------


NEXT_YEAR = dt.date(dt.date.today().year + 1, 1, 12)  # a planned meeting's first day


def _new_meeting(treaty, secretariat, number=90, **more):
    values = {"start": dt.date(2025, 3, 4), "end": dt.date(2025, 3, 6), "venue_en": "Strasbourg"}
    return services.meeting_create(actor=secretariat, treaty=treaty, number=number, **values | more)


def _events(obj):
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_secretariat_prepares_holds_and_publishes_a_meeting_each_step_audited(
    treaty, secretariat
):
    meeting = _new_meeting(treaty, secretariat)
    services.agenda_set(
        actor=secretariat,
        meeting=meeting,
        items=[("Adoption of the agenda", "Adoption de l'ordre du jour"), ("Synthetic item", "")],
    )
    document = services.document_attach(
        actor=secretariat,
        meeting=meeting,
        name="C:\\drafts\\report.txt",
        data=b"Synthetic draft meeting report.",
        title_en="Draft meeting report",
        kind="report",
    )
    decision = services.decision_record(
        actor=secretariat, meeting=meeting, text_en="The Committee adopted its agenda."
    )
    services.meeting_update(
        actor=secretariat,
        meeting=meeting,
        start=meeting.start,
        end=meeting.end,
        venue_en="Strasbourg",
        venue_fr="Strasbourg",
        status="held",
    )
    services.decisions_publish(actor=secretariat, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.decisions_published_at is not None
    assert [a.title_fr for a in meeting.agenda.all()] == ["Adoption de l'ordre du jour", ""]
    assert document.restricted and document.original_name == "report.txt"
    assert document.file_kind == "text" and default_storage.exists(document.file.name)
    assert decision.number == 1
    assert _events(meeting) == [
        "meeting.create",
        "meeting.agenda",
        "meeting.update",
        "meeting.publish",
    ]
    assert _events(document) == ["meeting.document.add"]
    assert _events(decision) == ["meeting.decision"]
    services.document_declassify(actor=secretariat, document=document)
    document.refresh_from_db()
    assert not document.restricted and document.declassified_at is not None


def test_only_the_secretariat_changes_meetings(treaty, secretariat, committee_member):
    with pytest.raises(NotAllowed):
        _new_meeting(treaty, committee_member)
    meeting = _new_meeting(treaty, secretariat)
    with pytest.raises(NotAllowed):
        services.decision_record(actor=committee_member, meeting=meeting, text_en="Synthetic")
    assert _events(meeting) == ["meeting.create"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": 24}, "recorded already"),
        ({"end": dt.date(2025, 3, 1)}, "cannot end before it starts"),
        ({"start": NEXT_YEAR, "end": None, "status": "held"}, "not started yet"),
        ({"start": dt.date(2926, 3, 4), "end": None}, r"at most 5 years ahead .* \(2926\)"),
        ({"start": dt.date(2005, 3, 4), "end": None}, r"once the treaty is in force .* \(2005\)"),
    ],
)
def test_a_meeting_that_cannot_be_is_refused(treaty, secretariat, change, message):
    with pytest.raises(services.MeetingError, match=message):
        _new_meeting(treaty, secretariat, **change)


def test_decisions_are_published_only_once_held_and_recorded_and_then_never_changed(
    treaty, secretariat
):
    meeting = _new_meeting(treaty, secretariat, start=NEXT_YEAR, end=None)
    with pytest.raises(services.MeetingError, match="as held"):
        services.decisions_publish(actor=secretariat, meeting=meeting)
    held = _new_meeting(treaty, secretariat, number=91, status="held")
    with pytest.raises(services.MeetingError, match="at least one decision"):
        services.decisions_publish(actor=secretariat, meeting=held)
    services.decision_record(actor=secretariat, meeting=held, text_en="Synthetic decision")
    services.decisions_publish(actor=secretariat, meeting=held)
    with pytest.raises(services.MeetingError, match="published already"):
        services.decision_record(actor=secretariat, meeting=held, text_en="Another")


def test_an_upload_that_is_not_a_document_is_refused(treaty, secretariat):
    meeting = _new_meeting(treaty, secretariat)
    with pytest.raises(services.MeetingError, match="not accepted"):
        services.document_attach(
            actor=secretariat,
            meeting=meeting,
            name="photo.pdf",
            data=b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
            title_en="Photo",
        )
    assert not meeting.documents.exists()


def test_an_adoption_names_the_opinion_it_adopted_and_the_opinion_its_meeting(treaty, secretariat):
    opinion = InterpretiveText.objects.filter(treaty=treaty).first()
    meeting = _new_meeting(treaty, secretariat, status="held")
    with pytest.raises(services.MeetingError, match="only the adoption"):
        services.decision_record(
            actor=secretariat, meeting=meeting, text_en="Synthetic", interpretive_text=opinion
        )
    services.decision_record(
        actor=secretariat,
        meeting=meeting,
        kind="adoption",
        text_en="The Committee adopted the opinion.",
        interpretive_text=opinion,
    )
    assert [d.meeting for d in opinion.adopting_decisions.all()] == [meeting]


def test_the_years_meetings_and_published_decisions_are_ready_for_the_annual_report(
    treaty, secretariat, committee_member
):
    held = _new_meeting(treaty, secretariat, status="held")
    services.decision_record(actor=secretariat, meeting=held, text_en="Synthetic decision")
    assert [m.number for m in meetings_in_year(treaty=treaty, year=2025)] == [90]
    assert [m.number for m in meetings_in_year(treaty=treaty, year=2019)] == [23, 24, 25]
    assert not decisions_in_year(treaty=treaty, year=2025).exists()  # not published yet
    assert decisions_in_year(treaty=treaty, year=2025, viewer=committee_member).count() == 1
    services.decisions_publish(actor=secretariat, meeting=held)
    assert [d.text_en for d in decisions_in_year(treaty=treaty, year=2025)] == [
        "Synthetic decision"
    ]


# --- who reads what ---------------------------------------------------------------------------


@pytest.fixture
def prepared(treaty, secretariat):
    """A meeting held, with a restricted and a public document and a decision not yet
    published."""
    meeting = _new_meeting(treaty, secretariat, status="held")
    services.agenda_set(actor=secretariat, meeting=meeting, items=[("Zanzibarian item", "")])
    restricted = services.document_attach(
        actor=secretariat,
        meeting=meeting,
        name="draft.txt",
        data=b"Synthetic restricted draft.",
        title_en="Restricted draft",
    )
    public = services.document_attach(
        actor=secretariat,
        meeting=meeting,
        name="notice.txt",
        data=b"Synthetic notice.",
        title_en="Public notice",
        restricted=False,
    )
    services.decision_record(actor=secretariat, meeting=meeting, text_en="Quokka decision")
    return meeting, restricted, public


@pytest.mark.parametrize("persona", ["anonymous", "focal_point_france", "ngo_member"])
def test_the_public_reads_neither_restricted_documents_nor_unpublished_decisions(
    client, prepared, persona, request
):
    meeting, restricted, public = prepared
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    page = client.get("/en/meetings/90/").text
    assert "Zanzibarian item" in page and "Public notice" in page
    assert "Restricted draft" not in page and "Quokka decision" not in page
    assert client.get(f"/en/meetings/90/documents/{restricted.pk}/").status_code == 404
    assert client.get(f"/en/meetings/90/documents/{public.pk}/").status_code == 200
    listed = meeting_list(treaty=meeting.treaty).get(number=90)
    assert (listed.decision_count, listed.document_count) == (0, 1)


def test_a_committee_member_reads_restricted_documents_and_decisions_before_publication(
    client, prepared, committee_member
):
    _meeting, restricted, _public = prepared
    client.force_login(committee_member)
    page = client.get("/en/meetings/90/").text
    assert "Restricted draft" in page and "Quokka decision" in page
    assert "Not published yet" in page
    download = client.get(f"/en/meetings/90/documents/{restricted.pk}/")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == b"Synthetic restricted draft."


def test_once_published_everyone_reads_the_decisions_but_still_not_the_restricted_document(
    client, prepared, secretariat
):
    meeting, _restricted, _public = prepared
    services.decisions_publish(actor=secretariat, meeting=meeting)
    page = client.get("/fr/meetings/90/").text
    assert "Quokka decision" in page and "Restricted draft" not in page
    data = client.get("/en/treaties/cets201/meetings.json").json()
    ninety = next(m for m in data["meetings"] if m["number"] == 90)
    assert ninety["decisions_en"] == ["Quokka decision"]
    assert ninety["documents"] == ["Public notice"]


# --- pages ----------------------------------------------------------------------------------


def test_the_list_shows_the_meetings_and_the_gaps_in_both_languages(client, db):
    english = client.get("/en/meetings/").text
    assert "41st meeting" in english and "No record of the 1st to 7th meetings." in english
    assert "No record of the 12th and 13th meetings." in english
    assert "19 meetings are recorded; 22 earlier meetings have no record" in english
    french = client.get("/fr/meetings/").text
    assert "41e réunion" in french and "Nicosie" in french
    # French typography: a narrow no-break space before the semicolon
    assert "19 réunions sont enregistrées\u202f; 22 réunions antérieures n’ont laissé" in french


def test_a_meeting_page_shows_its_agenda_its_source_and_an_unknown_venue(client, db):
    page = client.get("/en/meetings/8/").text
    assert "Review of replies to General Overview Questionnaire" in page
    assert "decisions8thmeeting_EN.asp" in page
    assert "unknown" in page
    french = client.get("/fr/meetings/8/").text
    assert "Texte français non disponible" in french


def test_a_gap_has_no_page(client, db):
    assert client.get("/en/meetings/12/").status_code == 404


def test_the_secretariat_creates_a_meeting_from_the_list(client, secretariat, treaty):
    client.force_login(secretariat)
    form = client.get("/en/meetings/new/")
    assert 'value="42"' in form.text  # the next number
    response = client.post(
        "/en/meetings/new/",
        {"number": "42", "start": "2026-03-03", "end": "2026-03-05", "status": "held"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get(treaty=treaty, number=42).end == dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"start": "2926-03-03"}, "at most 5 years ahead"),  # a slip of the finger in the year
        ({"start": "2026-02-30"}, "Enter a valid date"),
        ({"start": "2026-03-03", "end": "2026-03-01"}, "cannot end before it starts"),
    ],
)
def test_a_new_meeting_refused_is_answered_400_with_the_reason(
    client, secretariat, treaty, posted, message
):
    client.force_login(secretariat)
    response = client.post("/en/meetings/new/", {"number": "42", "status": "planned", **posted})
    assert response.status_code == 400
    assert message in response.text
    assert not Meeting.objects.filter(treaty=treaty, number=42).exists()


def test_the_agenda_form_wants_as_many_french_lines_as_english_ones(client, secretariat, treaty):
    _new_meeting(treaty, secretariat)
    client.force_login(secretariat)
    response = client.post("/en/meetings/90/agenda/", {"items_en": "One\nTwo", "items_fr": "Un"})
    assert response.status_code == 400
    assert "as many French lines" in response.text
    assert not AgendaItem.objects.filter(meeting__number=90).exists()


def test_an_agenda_of_thousands_of_lines_is_refused_in_words(client, secretariat, treaty):
    """Positions are small integers (PostgreSQL refuses past 32,767: a 500); an agenda has far
    fewer items than the cap."""
    _new_meeting(treaty, secretariat)
    client.force_login(secretariat)
    response = client.post("/en/meetings/90/agenda/", {"items_en": "Item\n" * 40000})
    assert response.status_code == 400
    assert "at most 200 items" in response.text
    assert not AgendaItem.objects.filter(meeting__number=90).exists()


def test_the_secretariat_records_a_decision_from_the_edit_page(client, secretariat, treaty):
    _new_meeting(treaty, secretariat)
    client.force_login(secretariat)
    response = client.post(
        "/en/meetings/90/decisions/",
        {"kind": "election", "text_en": "Synthetic election", "text_fr": "Élection synthétique"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(meeting__number=90)
    assert (decision.kind, decision.text_fr) == ("election", "Élection synthétique")


# --- what a meeting adopted, both ways --------------------------------------------------------


def test_the_load_links_each_adoption_dated_to_a_meetings_day_and_says_how_many(db, treaty):
    from lanzarote.monitoring.models import Round
    from lanzarote.recommendations.models import Recommendation

    reported = dict(
        Round.objects.filter(treaty=treaty, report_adopted_at__isnull=False).values_list(
            "uid", "report_adopted_at__number"
        )
    )
    # the last report of each round, dated to the day: 31 Jan 2018, 3 Mar 2017, 30 Jan 2018,
    # 10 Mar 2022
    assert reported == {"round-1": 20, "urgent-refugee": 17, "urgent-hungary": 20, "round-2": 36}
    # adopted on 4 December 2015: the sources have no record of that meeting, so none is named
    assert not Recommendation.objects.filter(adopted_at__isnull=False, is_demo=False).exists()
    report = load_reference_data(force=True)[0]
    assert report.linked["round reports adopted"] == (4, 4)
    assert report.linked["recommendations adopted"] == (0, 4)
    assert "4 of 4 round reports adopted" in report.summary()


def test_a_meeting_page_lists_what_it_adopted_and_the_round_names_the_meeting(client, db):
    meeting_page = client.get("/en/meetings/36/").text
    assert "Report adopted" in meeting_page and "/en/rounds/round-2/" in meeting_page
    round_page = client.get("/en/rounds/round-2/").text
    assert 'href="/en/meetings/36/"' in round_page and "36th meeting" in round_page
    assert "36e réunion" in client.get("/fr/rounds/round-2/").text


def test_a_recommendation_adopted_at_a_meeting_must_be_adopted_on_one_of_its_days(
    treaty, secretariat
):
    from lanzarote.monitoring.models import Round
    from lanzarote.recommendations import services as recommendations

    meeting = Meeting.objects.get(treaty=treaty, number=36)
    recommendation = recommendations.recommendation_save(
        round_=Round.objects.get(uid="round-2"),
        actor=secretariat,
        grade="urge",
        number="R99",
        text_en="Synthetic recommendation.",
        addressed_to_all=True,
    )
    with pytest.raises(recommendations.RecommendationError, match="is not a day of the 36th"):
        recommendations.recommendation_adopt(
            recommendation=recommendation,
            actor=secretariat,
            adopted_on=dt.date(2022, 3, 11),
            adopted_at=meeting,
        )
    recommendations.recommendation_adopt(
        recommendation=recommendation,
        actor=secretariat,
        adopted_on=dt.date(2022, 3, 10),
        adopted_at=meeting,
    )
    recommendation.refresh_from_db()
    assert recommendation.adopted_at == meeting
    planned = _new_meeting(treaty, secretariat, start=NEXT_YEAR, end=None)
    with pytest.raises(recommendations.RecommendationError, match="has not been held"):
        recommendations.recommendation_adopted_at_set(
            recommendation=recommendation, meeting=planned, actor=secretariat
        )
    recommendations.recommendation_adopted_at_set(
        recommendation=recommendation, meeting=None, actor=secretariat
    )
    assert _events(recommendation)[-1] == "adoption.meeting"


def test_the_secretariat_names_the_meeting_of_a_questionnaire_and_of_a_round(
    client, secretariat, treaty
):
    from lanzarote.monitoring.models import Questionnaire, Round

    client.force_login(secretariat)
    response = client.post(
        "/en/questionnaires/survey-data-collection/meeting/", {"adopted_at": "41"}
    )
    assert response.status_code == 302
    survey = Questionnaire.objects.get(uid="survey-data-collection")
    assert survey.adopted_at.number == 41
    client.post("/en/rounds/round-3/meetings/", {"launched_at": "38", "report_adopted_at": ""})
    assert Round.objects.get(uid="round-3").launched_at.number == 38
    page = client.get("/en/meetings/41/").text
    assert "Questionnaire adopted" in page and "/en/questionnaires/survey-data-collection/" in page
    assert "Round launched" in client.get("/en/meetings/38/").text
    assert _events(survey) == ["adoption.meeting"]


def test_a_report_names_its_meeting_in_both_languages_and_the_publications_page_says_so(
    client, secretariat, treaty
):
    from lanzarote.monitoring.models import Round
    from lanzarote.reports.models import Publication
    from lanzarote.reports.services import publication_adopted_at_set

    round_ = Round.objects.get(uid="round-2")
    editions = [
        Publication.objects.create(
            kind="report",
            round=round_,
            lang=lang,
            key=f"report:round-2:::{lang}",
            version=1,
            status="published",
            data={},
        )
        for lang in ("en", "fr")
    ]
    meeting = Meeting.objects.get(treaty=treaty, number=36)
    publication_adopted_at_set(publication=editions[0], meeting=meeting, actor=secretariat)
    assert {p.adopted_at for p in Publication.objects.filter(round=round_)} == {meeting}
    assert 'href="/en/meetings/36/"' in client.get("/en/publications/").text
    assert "Implementation report" in client.get("/en/meetings/36/").text


def test_an_opinion_adopted_by_a_published_decision_names_its_meeting_on_the_treaty_page(
    client, secretariat, treaty
):
    opinion = InterpretiveText.objects.filter(treaty=treaty).first()
    meeting = _new_meeting(treaty, secretariat, status="held")
    services.decision_record(
        actor=secretariat,
        meeting=meeting,
        kind="adoption",
        text_en="The Committee adopted the opinion.",
        interpretive_text=opinion,
    )
    assert 'href="/en/meetings/90/"' not in client.get("/en/treaties/cets201/").text
    services.decisions_publish(actor=secretariat, meeting=meeting)
    assert 'href="/en/meetings/90/"' in client.get("/en/treaties/cets201/").text
    meeting_page = client.get("/en/meetings/90/").text
    assert "Opinion or declaration adopted" in meeting_page


# --- the API and search -------------------------------------------------------------------------


def test_the_api_lists_the_meetings_paginated_and_gives_one_by_number(client, db):
    listed = client.get("/api/meetings?limit=5").json()
    assert listed["count"] == 19
    assert [m["number"] for m in listed["items"]] == [8, 9, 10, 11, 14]
    assert listed["items"][0]["venue_en"] is None  # unknown is null
    assert client.get("/api/meetings?year=2019").json()["count"] == 3
    one = client.get("/api/meetings/28").json()
    assert one["documents"][0]["reference"] == "T-ES(2020)25"
    assert one["agenda"][0]["title_fr"] is None
    gap = client.get("/api/meetings/12")
    assert gap.status_code == 404 and gap.json()["detail"] == "No record of the 12th meeting."


def test_the_api_gives_the_public_only_published_decisions_and_public_documents(
    client, prepared, committee_member
):
    _meeting, restricted, _public = prepared
    anonymous = client.get("/api/meetings/90").json()
    assert anonymous["decisions"] == []
    assert [d["title_en"] for d in anonymous["documents"]] == ["Public notice"]
    client.force_login(committee_member)
    member = client.get("/api/meetings/90").json()
    assert [d["text_en"] for d in member["decisions"]] == ["Quokka decision"]
    assert {d["title_en"]: d["restricted"] for d in member["documents"]} == {
        "Restricted draft": True,
        "Public notice": False,
    }
    assert member["documents"][0]["download"] == f"/en/meetings/90/documents/{restricted.pk}/"


def test_search_finds_agenda_items_and_published_decisions_only(client, prepared, secretariat):
    meeting, _restricted, _public = prepared
    found = client.get("/en/search/?q=zanzibarian&kind=committee").text
    assert "/en/meetings/90/#agenda-1" in found and "90th meeting" in found
    # a decision not published is not found, by anyone
    client.force_login(secretariat)
    assert "/en/meetings/90/#decision-1" not in client.get("/en/search/?q=quokka").text
    services.decisions_publish(actor=secretariat, meeting=meeting)
    client.logout()
    assert "/en/meetings/90/#decision-1" in client.get("/en/search/?q=quokka").text
    hits = client.get("/api/search?q=quokka&kind=meeting").json()["hits"]
    assert [h["ref"] for h in hits] == ["cets201:meeting.90.decision.1"]


def test_search_finds_the_reference_meetings_agenda(client, db):
    page = client.get("/en/search/?q=residential+care+declaration&kind=committee").text
    assert "/en/meetings/24/#agenda-5" in page and "/en/meetings/25/#agenda-3" in page


def test_a_bilingual_agenda_item_is_one_hit_in_the_readers_language(client, treaty, secretariat):
    meeting = _new_meeting(treaty, secretariat)
    services.agenda_set(
        actor=secretariat,
        meeting=meeting,
        items=[("Synthetic wombat item", "Point synthétique wombat")],
    )
    page = client.get("/fr/search/?q=wombat").text
    assert page.count("/fr/meetings/90/#agenda-1") == 1
    assert "Point synthétique" in page


def test_a_demonstration_object_names_no_meeting_and_a_meeting_lists_no_demonstration(
    client, treaty
):
    """The Committee's meetings are real: a demonstration login (whose password is shown to
    all) cannot make a real meeting's public page list a fictional round as launched by it,
    and a link already made is not shown there."""
    from lanzarote.accounts.models import Profile
    from lanzarote.monitoring import services as monitoring_services
    from lanzarote.monitoring.models import Round
    from lanzarote.monitoring.services import WorkflowError

    from .conftest import make_user

    demo = make_user("demo-sec", Profile.Role.SECRETARIAT, is_demo=True)
    fictional = Round.objects.create(
        treaty=treaty,
        uid="demo-synthetic",
        kind="thematic",
        status="open",
        name_en="Fictional demonstration round",
        is_demo=True,
    )
    meeting = Meeting.objects.get(treaty=treaty, number=41)
    with pytest.raises(WorkflowError, match="demonstration"):
        monitoring_services.round_meetings_set(
            round_=fictional, launched_at=meeting, report_adopted_at=None, actor=demo
        )
    Round.objects.filter(pk=fictional.pk).update(launched_at=meeting)  # made before the rule
    assert "Fictional demonstration round" not in client.get("/en/meetings/41/").text


def test_a_meeting_named_as_adopting_something_stays_held(treaty, secretariat):
    """Only a meeting held can be named as the one that adopted something (docs/committee.md):
    the 36th adopted round 2's report, so it cannot be turned back into a planned meeting."""
    meeting = Meeting.objects.get(treaty=treaty, number=36)
    with pytest.raises(services.MeetingError, match="adopted"):
        services.meeting_update(
            actor=secretariat,
            meeting=meeting,
            start=meeting.start,
            end=meeting.end,
            status=Meeting.Status.PLANNED,
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
