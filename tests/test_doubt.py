"""Nothing doubtful is shown as fact: confidence levels, derived dates, unknown steps."""

import csv
import datetime as dt
import io

import pytest

from lanzarote.parties import services
from lanzarote.parties.models import Confidence, State, TreatyStatus


def status_of(iso2: str) -> TreatyStatus:
    return TreatyStatus.objects.select_related("treaty", "state").get(
        treaty__code="cets201", state__iso2=iso2
    )


# --- confidence levels ---------------------------------------------------------------------


def test_the_loader_sets_the_levels_the_source_notes_give(db):
    russia, greece, albania = status_of("RU"), status_of("GR"), status_of("AL")
    assert russia.status_confidence == Confidence.UNCERTAIN
    assert "continuing status as a Party was not checked" in russia.status_basis
    assert greece.deposit_confidence == Confidence.UNCERTAIN
    assert "mirror of French Wikipedia" in greece.deposit_basis
    assert albania.signature_confidence == Confidence.UNCERTAIN
    assert "only the first cells were readable" in albania.signature_basis
    assert status_of("AD").deposit_confidence == Confidence.CONFIRMED


def test_a_doubted_status_shows_a_marker_and_its_source_on_the_state_page(client, db):
    page = client.get("/en/states/RU/").text
    assert 'class="confidence confidence-uncertain"' in page
    assert "continuing status as a Party was not checked" in page


def test_a_doubted_date_shows_a_marker_and_its_source_on_the_state_page(client, db):
    page = client.get("/en/states/TR/").text
    assert page.count('class="confidence confidence-uncertain"') >= 2  # deposit, entry into force
    assert "may name the deposit or a domestic approval" in page


def test_a_confirmed_value_carries_no_doubt_marker(client, db):
    assert "confidence-uncertain" not in client.get("/en/states/AD/").text


def test_the_parties_table_marks_doubted_values(client, db):
    page = client.get("/en/treaties/cets201/parties/?q=alban").text
    assert 'class="confidence confidence-uncertain"' in page
    assert "only the first cells were readable" in page  # the marker names its source


def test_the_markers_are_in_french_on_french_pages(client, db):
    page = client.get("/fr/states/RU/").text
    assert "incertain" in page


def test_the_downloads_carry_machine_readable_levels(client, db):
    content = client.get("/en/treaties/cets201/parties.csv").content.decode("utf-8-sig")
    rows = {r["iso2"]: r for r in csv.DictReader(io.StringIO(content))}
    assert rows["RU"]["status_confidence"] == "uncertain"
    assert "not checked" in rows["RU"]["status_basis"]
    assert rows["TR"]["deposit_confidence"] == "uncertain"
    data = client.get("/en/treaties/cets201/parties.json").json()
    albania = next(r for r in data["parties"] if r["iso2"] == "AL")
    assert albania["signature_confidence"] == "uncertain"


def test_the_api_gives_each_value_its_level_and_basis(client, db):
    rows = {
        r["state"]["iso2"]: r for r in client.get("/api/treaties/cets201/statuses").json()["items"]
    }
    assert rows["RU"]["status_confidence"] == "uncertain"
    assert "not checked" in rows["RU"]["status_basis"]
    assert rows["AL"]["signature_confidence"] == "uncertain"
    assert rows["AD"]["deposit_confidence"] == "confirmed"
    schema = client.get("/api/openapi.json").json()
    levels = schema["components"]["schemas"]["StatusOut"]["properties"]["status_confidence"]
    assert "uncertain" in str(levels) or "$ref" in str(levels)


def test_the_secretariat_edits_levels_in_the_admin(secretariat_client, db):
    status = status_of("RU")
    page = secretariat_client.get(f"/admin/parties/treatystatus/{status.pk}/change/").text
    assert 'name="status_confidence"' in page and 'name="status_basis"' in page


def test_a_party_whose_notes_name_reservations_does_not_say_none(client, db):
    page = client.get("/en/states/RU/").text
    assert "None recorded" not in page
    assert "Not recorded here" in page
    assert "20(3)" in page


def test_a_state_whose_notes_name_no_reservations_keeps_the_hedged_none(client, db):
    assert "None recorded" in client.get("/en/states/BE/").text


# --- entry into force derived by the treaty's rule -----------------------------------------


def test_an_entry_into_force_known_to_the_month_is_derived_to_the_day(db):
    status = status_of("GB")
    status.entry_into_force_precision = "month"  # as the first source gave it: "October 2018"
    shown = status.entry_into_force_shown
    assert shown.date.date == dt.date(2018, 10, 1)
    assert shown.derived and not shown.conflict
    assert str(shown.source) == "2018-10"


def test_a_source_date_that_matches_the_rule_is_not_marked_derived(db):
    shown = status_of("AD").entry_into_force_shown
    assert str(shown.date) == "2014-08-01" and not shown.derived


def test_a_missing_entry_into_force_is_derived_from_a_deposit_known_to_the_day(db):
    status = status_of("AD")
    status.entry_into_force = None
    status.entry_into_force_precision = ""
    shown = status.entry_into_force_shown
    assert str(shown.date) == "2014-08-01" and shown.derived and shown.source is None


def test_a_source_date_against_the_rule_is_shown_beside_the_derived_one_and_flagged(db):
    status = status_of("GB")
    status.entry_into_force = dt.date(2018, 11, 1)
    status.entry_into_force_precision = "month"
    shown = status.entry_into_force_shown
    assert shown.conflict and str(shown.date) == "2018-10-01" and str(shown.source) == "2018-11"


def test_no_date_is_derived_from_a_deposit_known_only_to_the_month(db):
    status = status_of("CZ")
    status.deposit_precision = "month"
    status.entry_into_force, status.entry_into_force_precision = None, ""
    shown = status.entry_into_force_shown
    assert shown.date is None and not shown.derived


def test_the_state_page_shows_the_derived_date_as_derived(client, db):
    page = client.get("/en/states/IT/").text  # deposited on 3 January 2013
    assert "1 May 2013" in page
    assert "derived from the deposit date" in page


def test_the_downloads_and_the_api_flag_a_derived_date(client, db):
    content = client.get("/en/treaties/cets201/parties.csv").content.decode("utf-8-sig")
    rows = {r["iso2"]: r for r in csv.DictReader(io.StringIO(content))}
    assert rows["IT"]["entry_into_force"] == "2013-05-01"
    assert rows["IT"]["entry_into_force_derived"] == "True"
    assert rows["IT"]["entry_into_force_source"] == ""
    assert rows["AD"]["entry_into_force_derived"] == "False"
    api = {
        r["state"]["iso2"]: r for r in client.get("/api/treaties/cets201/statuses").json()["items"]
    }
    assert api["IT"]["entry_into_force"] == "2013-05-01"
    assert api["IT"]["entry_into_force_derived"] is True
    assert api["IT"]["entry_into_force_source"] is None
    assert api["TN"]["entry_into_force_derived"] is False


# --- accession steps -----------------------------------------------------------------------


@pytest.fixture
def tunisia_accession(db):
    return State.objects.get(iso2="TN").accession_requests.get()


def test_an_unknown_step_is_not_ticked_as_dated_and_a_done_one_is_not_left_open(
    client, tunisia_accession
):
    page = client.get(f"/en/accessions/{tunisia_accession.pk}/").text
    assert tunisia_accession.requested_on is None
    assert page.count('class="done-undated"') == 3  # request, consultation, decision
    assert page.count("done (date unknown)") == 3
    assert page.count('class="done"') == 2  # deposit and entry into force, dated


def test_a_step_not_yet_reached_is_open(client, secretariat, db):
    state = State.objects.create(iso2="ZZ", iso3="ZZZ", iso_numeric="999", name_en="Testland")
    treaty = status_of("FR").treaty
    request = services.accession_request_create(
        treaty=treaty, state=state, requested_on=dt.date(2026, 1, 5), actor=secretariat
    )
    page = client.get(f"/en/accessions/{request.pk}/").text
    assert page.count('class="done"') == 1
    assert "done-undated" not in page


def test_a_level_outside_the_scale_stops_the_load_naming_the_entry(db, tmp_path):
    import json
    import shutil

    from lanzarote.core.refdata import DATA_DIR, read_treaty
    from lanzarote.lib.datafile import DataFileError

    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    path = root / "cets201/signatures_ratifications.json"
    data = json.loads(path.read_text())
    data["records"][1]["levels"]["entry_into_force"]["level"] = "high"
    path.write_text(json.dumps(data, ensure_ascii=False))
    with pytest.raises(DataFileError) as error:
        read_treaty(root, "cets201")
    assert "Andorra levels.entry_into_force" in str(error.value)
    assert "'high' is not one of confirmed, probable, uncertain, unknown" in str(error.value)


# --- stakeholder replies whose publication is not agreed -----------------------------------

MARKER = 'class="confidential-marker"'


@pytest.fixture
def ngo_reply(questionnaire, ngo_member, secretariat):
    """A submitted stakeholder reply whose author has not agreed to publication."""
    from lanzarote.replies import services as replies

    reply = replies.reply_start(questionnaire=questionnaire, actor=ngo_member)
    question = questionnaire.questions.get(number="2")
    replies.answer_save(
        reply=reply, question=question, text="Synthetic assessment (fictional)", actor=ngo_member
    )
    return replies.reply_submit(reply=reply, actor=ngo_member)


@pytest.mark.parametrize("reader", ["secretariat", "committee_member"])
def test_privileged_readers_see_that_publication_is_not_agreed(client, ngo_reply, reader, request):
    client.force_login(request.getfixturevalue(reader))
    uid, pk = ngo_reply.questionnaire.uid, ngo_reply.organisation_id
    reply_page = client.get(f"/en/questionnaires/{uid}/organisations/{pk}/").text
    assert MARKER in reply_page and "Publication not agreed" in reply_page
    assert MARKER in client.get(f"/en/questionnaires/{uid}/questions/2/").text
    assert MARKER in client.get(f"/en/questionnaires/{uid}/").text  # the list of replies


def test_a_reply_agreed_for_publication_carries_no_marker(client, ngo_reply, secretariat):
    type(ngo_reply).objects.filter(pk=ngo_reply.pk).update(publication_agreed=True)
    client.force_login(secretariat)
    uid, pk = ngo_reply.questionnaire.uid, ngo_reply.organisation_id
    assert MARKER not in client.get(f"/en/questionnaires/{uid}/organisations/{pk}/").text


def test_a_partys_reply_carries_no_marker(client, questionnaire, focal_point_france, secretariat):
    from lanzarote.replies import services as replies

    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    replies.answer_save(
        reply=reply,
        question=questionnaire.questions.get(number="1"),
        text="Synthetic answer",
        actor=focal_point_france,
    )
    replies.reply_submit(reply=reply, actor=focal_point_france)
    client.force_login(secretariat)
    page = client.get(f"/en/questionnaires/{questionnaire.uid}/states/FR/").text
    assert MARKER not in page


def test_search_results_mark_a_reply_whose_publication_is_not_agreed(
    client, ngo_reply, secretariat
):
    client.force_login(secretariat)
    page = client.get("/en/search/?q=fictional&kind=answers").text
    assert "Synthetic" in page and MARKER in page
    hits = client.get("/api/search?q=fictional&kind=answer").json()["hits"]
    assert hits and hits[0]["confidential"] is True


def test_the_api_says_a_reply_is_not_to_be_published(client, ngo_reply, committee_member):
    client.force_login(committee_member)
    uid = ngo_reply.questionnaire.uid
    rows = client.get(f"/api/questionnaires/{uid}/replies").json()["items"]
    assert rows[0]["publication_agreed"] is False and rows[0]["confidential"] is True
    detail = client.get(f"/api/replies/{ngo_reply.pk}").json()
    assert detail["confidential"] is True
    answers = client.get(f"/api/questionnaires/{uid}/questions/2/answers").json()["items"]
    assert answers[0]["confidential"] is True


def test_the_marker_is_in_french_on_french_pages(client, ngo_reply, secretariat):
    client.force_login(secretariat)
    uid, pk = ngo_reply.questionnaire.uid, ngo_reply.organisation_id
    assert (
        "Publication non autorisée"
        in client.get(f"/fr/questionnaires/{uid}/organisations/{pk}/").text
    )


# --- French pages and publications carry no unmarked English -------------------------------


def test_the_addressees_of_a_recommendation_are_worded_in_french(client, db):
    from lanzarote.recommendations.models import Recommendation

    recommendation = Recommendation.objects.get(addressees_note="Parties that have not yet done so")
    page = client.get(f"/fr/recommendations/{recommendation.pk}/").text
    assert "Parties qui ne l’ont pas encore fait" in page
    assert "Parties that have not yet done so" not in page
    listing = client.get(f"/fr/rounds/{recommendation.round.uid}/recommendations/").text
    assert "Parties that have not yet done so" not in listing


def test_an_addressee_wording_without_a_french_form_says_it_is_english(client, secretariat, db):
    from lanzarote.recommendations.models import Recommendation

    recommendation = Recommendation.objects.get(addressees_note="Parties that have not yet done so")
    Recommendation.objects.filter(pk=recommendation.pk).update(
        addressees_note="Parties that have not yet reported (synthetic wording)"
    )
    page = client.get(f"/fr/recommendations/{recommendation.pk}/").text
    assert '<span lang="en">Parties that have not yet reported' in page
    assert "en anglais" in page


@pytest.fixture
def cited_finding(secretariat):
    """Italy's finding on a synthetic passage of its reply, rationale written in English."""
    from lanzarote.assessments import services as assessments
    from lanzarote.monitoring.models import Indicator, Questionnaire
    from lanzarote.replies import services as replies

    italy = State.objects.get(iso2="IT")
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=italy)
    replies.answer_save(
        reply=reply,
        question=questionnaire.questions.order_by("position")[0],
        text="The Criminal Code defines child sexual abuse material (synthetic).",
        actor=secretariat,
    )
    replies.reply_submit(reply=reply, actor=secretariat)
    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    finding = assessments.finding_save(
        indicator=indicator,
        party=italy,
        value="yes",
        actor=secretariat,
        rationale="The Criminal Code uses the term, as the reply explains in some detail.",
    )
    assessments.evidence_add(finding=finding, actor=secretariat, answer=reply.answers.get())
    return finding


def test_a_french_finding_page_cites_in_french_and_marks_an_english_rationale(
    client, cited_finding, secretariat
):
    client.force_login(secretariat)
    page = client.get(f"/fr/findings/{cited_finding.pk}/").text
    assert "Italie" in page
    assert "round-2-thematic" not in page  # an internal id
    assert 'class="notice fallback"' in page  # the rationale is in English
    english = client.get(f"/en/findings/{cited_finding.pk}/").text
    assert 'class="notice fallback"' not in english and "Italy" in english


def test_a_french_rationale_carries_no_notice(client, cited_finding, secretariat):
    type(cited_finding).objects.filter(pk=cited_finding.pk).update(
        rationale="Le code pénal emploie ce terme, comme la réponse l’explique en détail."
    )
    client.force_login(secretariat)
    assert 'class="notice fallback"' not in client.get(f"/fr/findings/{cited_finding.pk}/").text


def test_the_french_workspace_cites_in_french(client, cited_finding, secretariat):
    client.force_login(secretariat)
    page = client.get("/fr/rounds/round-2/assessment/IT/?indicator=csam-term").text
    assert "round-2-thematic" not in page


def test_a_french_factsheet_cites_in_french_and_marks_an_english_rationale(cited_finding):
    from lanzarote.reports.factsheet import factsheet_build

    Finding = type(cited_finding)
    Finding.objects.filter(pk=cited_finding.pk).update(status="adopted")
    data = factsheet_build(
        scheme=cited_finding.indicator.scheme, party=cited_finding.party, lang="fr"
    )
    finding = next(f for f in data.findings if f.indicator == "csam-term")
    assert finding.rationale_in_english
    assert "Italie" in finding.citations[0].source
    assert "round-2-thematic" not in finding.citations[0].source


@pytest.mark.parametrize(
    "url", ["/fr/states/BE/", "/fr/rounds/round-2/scheme/", "/fr/rounds/round-2/"]
)
def test_english_source_notes_on_french_pages_say_so(client, secretariat, url):
    client.force_login(secretariat)
    page = client.get(url).text
    assert "(en anglais)" in page


# --- country factsheets state the same doubts -----------------------------------------------


def _facts(iso2, lang):
    from lanzarote.monitoring.models import CodingScheme
    from lanzarote.reports.factsheet import factsheet_build

    scheme = CodingScheme.objects.get(round__uid="round-2")
    data = factsheet_build(scheme=scheme, party=State.objects.get(iso2=iso2), lang=lang)
    return data, {fact.label: fact.value for fact in data.status}


def test_a_factsheet_marks_a_doubted_status_with_its_source(db):
    data, facts = _facts("RU", "en")
    assert "uncertain" in facts["Status"] and "not checked" in facts["Status"]
    assert "20(3)" in data.reservations_note  # not "None recorded"
    _data, french = _facts("RU", "fr")
    assert "incertain" in french["Statut"]


def test_a_factsheet_gives_the_derived_entry_into_force_as_derived(db):
    _data, facts = _facts("IT", "en")
    assert facts["Entry into force"].startswith("1 May 2013")
    assert "derived from the deposit date" in facts["Entry into force"]


def test_a_factsheet_with_no_reservation_recorded_does_not_claim_there_is_none(db):
    from django.template.loader import render_to_string

    data = _facts("BE", "en")[0]
    html = render_to_string("reports/publications/_country_body.html", {"data": data})
    assert "may be incomplete" in html


def test_the_secretariat_sets_levels_by_csv_import(treaty, secretariat):
    content = (
        "iso2,status,status_confidence,status_basis\n"
        "RU,party,confirmed,Checked against the Treaty Office chart (synthetic test source)\n"
    )
    report = services.treaty_status_import(
        treaty=treaty, content=content, actor=secretariat, dry_run=False
    )
    assert report.ok and report.applied
    russia = status_of("RU")
    assert russia.status_confidence == Confidence.CONFIRMED
    assert russia.status_basis.startswith("Checked against")


def test_a_level_outside_the_scale_is_refused_by_line_in_the_import(treaty, secretariat):
    content = "iso2,status,deposit_confidence\nCZ,party,high\n"
    report = services.treaty_status_import(
        treaty=treaty, content=content, actor=secretariat, dry_run=False
    )
    assert report.errors == [
        (2, "deposit_confidence 'high' is not one of confirmed, probable, uncertain, unknown")
    ]
    assert status_of("CZ").deposit_confidence == Confidence.PROBABLE  # unchanged


def test_an_accession_step_refused_for_its_date_names_the_dates_as_the_language_writes_them(
    secretariat, db
):
    from django.utils import translation

    state = State.objects.create(iso2="ZZ", iso3="ZZZ", iso_numeric="999", name_en="Testland")
    request = services.accession_request_create(
        treaty=status_of("FR").treaty,
        state=state,
        requested_on=dt.date(2026, 1, 5),
        actor=secretariat,
    )
    with pytest.raises(services.WorkflowError, match=r"1 December 2025.*5 January 2026"):
        services.accession_consultation_open(
            request=request, opened_on=dt.date(2025, 12, 1), actor=secretariat
        )
    with (
        translation.override("fr"),
        pytest.raises(services.WorkflowError, match="1er décembre 2025"),
    ):
        services.accession_consultation_open(
            request=request, opened_on=dt.date(2025, 12, 1), actor=secretariat
        )


def test_a_declaration_whose_note_doubts_it_carries_its_level(client, db):
    from lanzarote.parties.models import Reservation

    latvia = Reservation.objects.filter(state__iso2="LV").first()
    assert latvia.reservation_confidence == Confidence.UNCERTAIN
    page = client.get("/en/states/LV/").text
    assert 'class="confidence confidence-uncertain"' in page and "machine translation" in page
    rows = client.get("/api/treaties/cets201/reservations?state=LV").json()["items"]
    assert rows[0]["confidence_level"] == "uncertain"


def test_a_doubted_declaration_is_marked_beside_its_provision(client, db):
    page = client.get("/fr/treaties/cets201/articles/25/").text
    assert "Lettonie" in page and 'class="confidence confidence-uncertain"' in page
    assert "(en anglais)" in page


def test_a_date_on_the_first_of_the_month_is_written_one_way_on_every_french_page(client, db):
    from lanzarote.recommendations.models import Recommendation

    recommendation = Recommendation.objects.filter(status="adopted").first()
    Recommendation.objects.filter(pk=recommendation.pk).update(adopted_on=dt.date(2022, 3, 1))
    assert "1er mars 2022" in client.get(f"/fr/recommendations/{recommendation.pk}/").text
    assert "1 March 2022" in client.get(f"/en/recommendations/{recommendation.pk}/").text


def test_date_text_reads_a_moment_in_the_sites_time_zone(settings):
    from django.utils import timezone, translation

    from lanzarote.lib.dates import date_text

    settings.TIME_ZONE = "Europe/Paris"
    late_on_the_last_day = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # 1 Dec in Paris
    with translation.override("fr"), timezone.override("Europe/Paris"):
        assert date_text(late_on_the_last_day) == "1er décembre 2026"


def test_a_french_finding_page_names_the_value_in_french(client, cited_finding, secretariat):
    client.force_login(secretariat)
    page = client.get(f"/fr/findings/{cited_finding.pk}/").text
    assert "<dd>Oui</dd>" in page and "<dd>yes</dd>" not in page
    assert "(en anglais)" in page  # the questionnaire has no French title: said so in the citation


def test_a_recommendations_english_report_title_and_source_notes_say_so_in_french(client, db):
    from lanzarote.recommendations.models import Recommendation

    recommendation = Recommendation.objects.get(addressees_note="Parties that have not yet done so")
    page = client.get(f"/fr/recommendations/{recommendation.pk}/").text
    assert '<span lang="en">Protecting children against sexual abuse in the circle of trust' in page
    assert page.count("(en anglais)") >= 2  # the report's title and the source notes
