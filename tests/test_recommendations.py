"""Recommendations and their follow-up: reference data, drafting, adoption, follow-up
requests, Parties' reports, the Committee's evaluations with history, permissions, pages, API."""

import datetime

import pytest
from django.utils import timezone

from lanzarote.audit.models import AuditEvent
from lanzarote.core.refdata import load_reference_data
from lanzarote.lib.datafile import DataFileError
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State
from lanzarote.recommendations import services
from lanzarote.recommendations.models import ComplianceEvaluation, FollowUpReport, Recommendation
from lanzarote.recommendations.selectors import addressee_ids, followup_statuses
from lanzarote.treaties.models import Provision
from tests.test_refdata import data_copy, edit  # noqa: F401 (fixture)

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture
def ict(db):
    return Round.objects.get(uid="round-2")


@pytest.fixture
def france(db):
    return State.objects.get(iso2="FR")


@pytest.fixture
def italy(db):
    return State.objects.get(iso2="IT")


@pytest.fixture
def adopted(ict, france, italy, secretariat):
    recommendation = services.recommendation_save(
        round_=ict,
        actor=secretariat,
        number="R7",
        grade="urge",
        text_en="Urges Parties to criminalise the solicitation of children (synthetic).",
        addressees=[france, italy],
        provisions=[Provision.objects.get(uid="cets201:23")],
    )
    return services.recommendation_adopt(
        recommendation=recommendation, actor=secretariat, adopted_on=datetime.date(2022, 3, 10)
    )


def test_the_recommendations_read_in_reports_are_reference_data_and_marked_partial(db):
    r1 = Recommendation.objects.get(uid="round-1-r1")
    assert (r1.number, r1.grade, r1.status, str(r1.adopted_on)) == (
        "R1",
        "urge",
        "adopted",
        "2015-12-04",
    )
    assert [p.uid for p in r1.provisions.all()] == ["cets201:18.1.b"]
    # addressed to all Parties monitored in the first round: the 26 named in the sources
    assert len(addressee_ids(r1)) == 26 == r1.round.parties.count()
    r2 = Recommendation.objects.get(uid="round-1-r2")
    assert sorted(s.iso2 for s in r2.addressees.all()) == ["BE", "LU"]
    assert Recommendation.objects.get(uid="round-1-r4").text_complete is False
    removal = Recommendation.objects.get(uid="round-3-child-removal")
    assert (removal.number, removal.grade, removal.adopted_on) == ("", "request", None)
    assert removal.addressees_note == "Parties that have not yet done so"
    # no follow-up was retrieved: nothing is invented
    assert not ComplianceEvaluation.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r.update(grade="recommends"), "unknown grade 'recommends'"),
        (lambda r: r.update(addressees=["XX"]), "unknown State 'XX'"),
        (lambda r: r.update(provisions=["cets201:99"]), "no provision cets201:99"),
        (lambda r: r.update(round="round-9"), "unknown round 'round-9'"),
        (lambda r: r.update(uid="Round 1"), "unique slug"),
    ],
)
def test_the_loader_refuses_a_bad_recommendation_naming_file_and_entry(
    db,
    data_copy,  # noqa: F811
    change,
    message,
):
    edit(data_copy, "cets201/recommendations.json", lambda d: change(d["recommendations"][1]))
    before = Recommendation.objects.count()
    with pytest.raises(DataFileError) as error:
        load_reference_data(root=data_copy)
    assert "recommendations.json" in str(error.value) and message in str(error.value)
    assert Recommendation.objects.count() == before


def test_a_recommendation_goes_from_draft_to_adoption_to_evaluated_follow_up(
    ict, france, italy, secretariat, focal_point_france, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    draft = services.recommendation_save(
        round_=ict,
        actor=secretariat,
        number="R7",
        grade="consider",
        text_en="Considers that Parties should train judges (synthetic).",
        addressees=[france, italy],
    )
    assert draft.status == "draft" and draft.uid == "round-2-r7"
    draft = services.recommendation_save(
        round_=ict,
        actor=secretariat,
        recommendation=draft,
        number="R7",
        grade="urge",
        addressees=[france, italy],
        text_en="Urges Parties to train judges (synthetic).",
    )
    assert Recommendation.objects.get(pk=draft.pk).grade == "urge"
    with pytest.raises(services.RecommendationError, match=r"already has .* numbered R7"):
        services.recommendation_save(
            round_=ict,
            actor=secretariat,
            number="R7",
            grade="invite",
            text_en="Another (synthetic).",
            addressed_to_all=True,
        )
    assert Recommendation.objects.filter(round=ict).count() == 1  # nothing half-written
    with pytest.raises(services.RecommendationError, match="follow-up is requested of adopted"):
        services.followup_request(
            recommendation=draft, actor=secretariat, deadline=datetime.date(2026, 6, 1)
        )
    rec = services.recommendation_adopt(
        recommendation=draft, actor=secretariat, adopted_on=datetime.date(2022, 3, 10)
    )
    with pytest.raises(services.RecommendationError, match="adopted recommendation is not"):
        services.recommendation_save(
            round_=ict,
            actor=secretariat,
            recommendation=rec,
            grade="invite",
            text_en="x",
            addressed_to_all=True,
        )

    def status(party):
        return followup_statuses([rec])[(rec.pk, party.pk)]

    assert status(france).code == "none"
    services.followup_request(
        recommendation=rec, actor=secretariat, deadline=datetime.date(2026, 6, 1)
    )
    assert status(france).code == "requested"
    assert status(france).label == "follow-up requested, due on 1 June 2026"
    services.followup_report_submit(
        recommendation=rec,
        party=france,
        actor=focal_point_france,
        text="Training sessions were held (synthetic).",
    )
    assert (status(france).code, status(italy).code) == ("reported", "requested")
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 7, 1))
    assert status(italy).overdue and status(italy).label == "no report; due on 1 June 2026"
    services.evaluation_record(
        recommendation=rec,
        party=france,
        grade="partially",
        rationale="Judges only (synthetic).",
        actor=secretariat,
        evaluated_on=datetime.date(2026, 6, 20),
    )
    assert status(france).label == "partially implemented (evaluated on 20 June 2026)"
    services.evaluation_record(
        recommendation=rec,
        party=france,
        grade="implemented",
        rationale="Prosecutors too (synthetic).",
        actor=secretariat,
        evaluated_on=datetime.date(2026, 6, 30),
        closes=True,
    )
    assert status(france).closed and status(france).grade == "implemented"
    # the history stays: both evaluations, in order
    assert list(
        ComplianceEvaluation.objects.filter(party=france).values_list("grade", flat=True)
    ) == ["partially", "implemented"]
    actions = set(
        AuditEvent.objects.filter(action__startswith=("recommendation.")).values_list(
            "action", flat=True
        )
    )
    assert actions == {"recommendation.create", "recommendation.update", "recommendation.adopt"}
    assert AuditEvent.objects.filter(action="evaluation.record").count() == 2
    assert AuditEvent.objects.filter(action="followup.report").count() == 1


def test_asking_again_after_an_evaluation_reopens_the_follow_up(adopted, france, secretariat):
    services.followup_request(
        recommendation=adopted,
        actor=secretariat,
        requested_on=datetime.date(2023, 1, 1),
        deadline=datetime.date(2023, 6, 1),
    )
    services.evaluation_record(
        recommendation=adopted,
        party=france,
        grade="not_implemented",
        rationale="Nothing reported (synthetic).",
        actor=secretariat,
        evaluated_on=datetime.date(2023, 9, 1),
    )
    assert followup_statuses([adopted])[(adopted.pk, france.pk)].code == "evaluated"
    services.followup_request(
        recommendation=adopted,
        actor=secretariat,
        requested_on=datetime.date(2024, 1, 1),
        deadline=datetime.date(2099, 1, 1),
    )
    assert followup_statuses([adopted])[(adopted.pk, france.pk)].code == "requested"


def test_who_may_do_what_with_recommendations(
    adopted,
    ict,
    france,
    italy,
    secretariat,
    committee_member,
    focal_point_france,
    focal_point_italy,
    ngo_member,
    outsider,
):
    for user in (committee_member, focal_point_france, outsider):
        with pytest.raises(NotAllowed):
            services.recommendation_save(
                round_=ict, actor=user, grade="urge", text_en="x", addressed_to_all=True
            )
    with pytest.raises(NotAllowed):
        services.evaluation_record(
            recommendation=adopted,
            party=france,
            grade="implemented",
            rationale="x",
            actor=committee_member,
            evaluated_on=datetime.date(2024, 1, 1),
        )
    with pytest.raises(services.RecommendationError, match="no follow-up has been requested"):
        services.followup_report_submit(
            recommendation=adopted, party=france, text="x", actor=focal_point_france
        )
    services.followup_request(
        recommendation=adopted, actor=secretariat, deadline=datetime.date(2099, 1, 1)
    )
    with pytest.raises(NotAllowed, match="its own Party"):
        services.followup_report_submit(
            recommendation=adopted, party=france, text="x", actor=focal_point_italy
        )
    with pytest.raises(NotAllowed):
        services.followup_report_submit(
            recommendation=adopted, party=france, text="x", actor=secretariat
        )
    belgium = State.objects.get(iso2="BE")
    with pytest.raises(services.RecommendationError, match="not addressed to Belgium"):
        services.evaluation_record(
            recommendation=adopted,
            party=belgium,
            grade="implemented",
            rationale="x",
            actor=secretariat,
            evaluated_on=datetime.date(2024, 1, 1),
        )
    with pytest.raises(services.RecommendationError, match="in the future"):
        services.evaluation_record(
            recommendation=adopted,
            party=france,
            grade="implemented",
            rationale="x",
            actor=secretariat,
            evaluated_on=datetime.date(2099, 1, 1),
        )
    own = services.followup_report_submit(
        recommendation=adopted, party=france, text="Ours.", actor=focal_point_france
    )
    input_ = services.followup_report_submit(
        recommendation=adopted, party=france, text="NGO.", actor=ngo_member
    )
    assert input_.organisation_id == ngo_member.profile.organisation_id
    from lanzarote.recommendations.permissions import followup_report_q

    def can_view_followup_report(user, report):  # as the recommendation's page filters them
        return FollowUpReport.objects.filter(followup_report_q(user), pk=report.pk).exists()

    assert can_view_followup_report(focal_point_france, own)
    assert not can_view_followup_report(focal_point_france, input_)  # the NGO's, not France's
    assert not can_view_followup_report(focal_point_italy, own)
    assert not can_view_followup_report(outsider, own)
    assert can_view_followup_report(committee_member, input_)
    assert FollowUpReport.objects.count() == 2


def test_the_pages_show_adopted_recommendations_to_everyone_and_drafts_to_the_secretariat(
    client, adopted, ict, france, secretariat
):
    draft = services.recommendation_save(
        round_=ict,
        actor=secretariat,
        number="R8",
        grade="invite",
        addressed_to_all=True,
        text_en="Invites Parties to publish data (synthetic).",
    )
    page = client.get(f"/en/rounds/{ict.uid}/recommendations/").content.decode()
    assert "criminalise the solicitation" in page and "publish data" not in page
    assert client.get(f"/en/recommendations/{draft.pk}/").status_code == 404
    detail = client.get(f"/en/recommendations/{adopted.pk}/").content.decode()
    assert "Art. 23" in detail and "no follow-up requested yet" in detail and "France" in detail
    assert "Record the evaluation" not in detail
    client.force_login(secretariat)
    assert "publish data" in client.get(f"/en/rounds/{ict.uid}/recommendations/").content.decode()
    response = client.post(
        f"/en/rounds/{ict.uid}/recommendations/new/",
        {
            "number": "R9",
            "grade": "urge",
            "text_en": "Urges Parties to act (synthetic).",
            "addressees": ["FR"],
            "provisions": "cets201:99",
            "text_complete": "on",
        },
    )
    assert response.status_code == 200 and "no provision cets201:99" in response.content.decode()
    response = client.post(
        f"/en/rounds/{ict.uid}/recommendations/new/",
        {
            "number": "R9",
            "grade": "urge",
            "text_en": "Urges Parties to act (synthetic).",
            "addressees": ["FR"],
            "provisions": "cets201:18.1.b",
            "text_complete": "on",
        },
    )
    created = Recommendation.objects.get(round=ict, number="R9")
    assert response.url == f"/en/recommendations/{created.pk}/"
    assert [s.iso2 for s in created.addressees.all()] == ["FR"]
    client.post(
        f"/en/recommendations/{adopted.pk}/step/",
        {
            "action": "evaluate",
            "party": "FR",
            "grade": "partially",
            "evaluated_on": "2025-05-05",
            "rationale": "Some progress (synthetic).",
        },
    )
    detail = client.get(f"/en/recommendations/{adopted.pk}/").content.decode()
    assert "partially implemented (evaluated on 5 May 2025)" in detail
    # asked again: the follow-up is awaited anew, the evaluation stays in the history
    client.post(
        f"/en/recommendations/{adopted.pk}/step/", {"action": "request", "deadline": "2099-01-31"}
    )
    detail = client.get(f"/en/recommendations/{adopted.pk}/").content.decode()
    assert "follow-up requested, due on 31 January 2099" in detail
    assert "Some progress (synthetic)." in detail
    # an evaluation dated before that request is history: the follow-up stays open, and said so
    response = client.post(
        f"/en/recommendations/{adopted.pk}/step/",
        {
            "action": "evaluate",
            "party": "FR",
            "grade": "implemented",
            "evaluated_on": "2025-06-06",
            "rationale": "Backfilled (synthetic).",
        },
        follow=True,
    )
    assert "dated before the latest follow-up request" in response.content.decode()
    assert "follow-up requested, due on 31 January 2099" in response.content.decode()
    french = client.get("/fr/states/FR/recommendations/").content.decode()
    assert "suivi demandé" in french


def test_the_api_serves_recommendations_with_their_follow_up(client, adopted, france, secretariat):
    services.evaluation_record(
        recommendation=adopted,
        party=france,
        grade="implemented",
        rationale="Done (synthetic).",
        actor=secretariat,
        evaluated_on=datetime.date(2024, 1, 1),
    )
    rows = client.get("/api/rounds/round-2/recommendations").json()["items"]
    assert [r["number"] for r in rows] == ["R7"]
    assert rows[0]["addressees"] == ["FR", "IT"] and rows[0]["provisions"] == ["cets201:23"]
    by_party = {f["party"]: f for f in rows[0]["followup"]}
    assert by_party["FR"]["grade"] == "implemented" and by_party["IT"]["status"] == "none"
    first = client.get("/api/rounds/round-1/recommendations").json()["items"]
    assert [r["number"] for r in first] == ["R1", "R2", "R3", "R4"]


def test_home_pages_list_the_follow_up_to_do(
    client, adopted, france, secretariat, focal_point_france, focal_point_italy
):
    services.followup_request(
        recommendation=adopted, actor=secretariat, deadline=datetime.date(2099, 1, 31)
    )
    client.force_login(focal_point_france)
    home = client.get("/en/accounts/").content.decode()
    assert "Follow-up the Committee awaits from your Party" in home
    assert "R7" in home and "due on 31 January 2099" in home
    client.force_login(secretariat)
    assert "Follow-up reports to evaluate" not in client.get("/en/accounts/").content.decode()
    services.followup_report_submit(
        recommendation=adopted, party=france, text="Done.", actor=focal_point_france
    )
    home = client.get("/en/accounts/").content.decode()
    assert "Follow-up reports to evaluate" in home and "report received" in home
    client.force_login(focal_point_france)
    assert "awaits from your Party" not in client.get("/en/accounts/").content.decode()
    client.force_login(focal_point_italy)  # Italy's report is still awaited, France's is not
    home = client.get("/en/accounts/").content.decode()
    assert "awaits from your Party" in home and "France" not in home


def test_the_committee_comments_on_a_draft_not_on_an_adopted_recommendation(
    client, ict, adopted, secretariat, committee_member, focal_point_france
):
    draft = services.recommendation_save(
        round_=ict,
        actor=secretariat,
        number="R8",
        grade="invite",
        addressed_to_all=True,
        text_en="Invites Parties to publish data (synthetic).",
    )
    client.force_login(committee_member)
    client.post(
        f"/en/recommendations/{draft.pk}/step/",
        {"action": "comment", "text": "Say which data (synthetic)."},
    )
    page = client.get(f"/en/recommendations/{draft.pk}/").content.decode()
    assert "Say which data (synthetic)." in page and "comment added" in page
    with pytest.raises(NotAllowed):
        services.comment_add(recommendation=adopted, actor=committee_member, text="Late.")
    with pytest.raises(NotAllowed):
        services.comment_add(recommendation=draft, actor=focal_point_france, text="Mine.")
    assert draft.comments.count() == 1


def test_a_round_without_a_coding_scheme_has_a_report_of_text_and_recommendations(
    client, secretariat, django_capture_on_commit_callbacks
):
    import io

    import docx

    from lanzarote.reports.models import Publication, ReportSection

    client.force_login(secretariat)
    assert "Write the implementation report" in client.get("/en/rounds/round-1/").text
    client.post(
        "/en/rounds/round-1/report/",
        {"kind": "text", "title_en": "Follow-up", "text_en": "Synthetic introduction."},
    )
    refused = client.post(
        "/en/rounds/round-1/report/", {"kind": "findings", "group": "legal-framework"}, follow=True
    )
    assert "this round has no coding scheme" in refused.text
    client.post("/en/rounds/round-1/report/", {"kind": "recommendations", "group": ""})
    assert ReportSection.objects.filter(round__uid="round-1").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-1/report/publish/")
    english = Publication.objects.get(kind="report", round__uid="round-1", lang="en")
    assert english.status == "published"
    word = docx.Document(
        io.BytesIO(b"".join(client.get(f"/en/publications/{english.pk}.docx").streaming_content))
    )
    text = [p.text for p in word.paragraphs]
    assert "Synthetic introduction." in text
    assert "R2 · urges – Belgium, Luxembourg" in text
    assert any(
        t.startswith("Invites Parties to review their legislation") and t.endswith("[…]")
        for t in text
    )  # R4, cut off in the source


def test_the_secretariat_corrects_a_recorded_recommendation_in_the_admin_audited(
    secretariat_client, secretariat
):
    r2 = Recommendation.objects.get(uid="round-1-r2")
    url = f"/admin/recommendations/recommendation/{r2.pk}/change/"
    form = secretariat_client.get(url).context["adminform"].form
    data = {}
    for name, value in form.initial.items():
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = "" if value is None else value
    data.update(
        round=r2.round_id,
        text_fr="Exhorte la Belgique et le Luxembourg (synthétique).",
        sources="[]",
    )
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    r2.refresh_from_db()
    assert r2.text_fr.startswith("Exhorte") and sorted(s.iso2 for s in r2.addressees.all()) == [
        "BE",
        "LU",
    ]
    event = AuditEvent.objects.get(action="admin.change", object_id=str(r2.pk))
    assert event.actor == secretariat and event.after["text_fr"].startswith("Exhorte")


def test_a_factsheet_reads_recommendations_in_queries_that_do_not_grow_with_them(
    ict, france, secretariat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lanzarote.reports.factsheet import factsheet_build

    def queries():
        with CaptureQueriesContext(connection) as captured:
            data = factsheet_build(scheme=ict.scheme, party=france, lang="en")
        return len(captured), len(data.recommendations)

    def add(n):
        for i in range(n):
            rec = services.recommendation_save(
                round_=ict,
                actor=secretariat,
                grade="invite",
                text_en=f"Synthetic {i}.",
                addressed_to_all=True,
            )
            services.recommendation_adopt(
                recommendation=rec, actor=secretariat, adopted_on=datetime.date(2022, 3, 10)
            )

    add(1)
    queries()  # warm: the first call also fills per-process caches
    few, listed = queries()
    add(5)
    many, more = queries()
    assert more == listed + 5 and many == few


def test_the_focal_points_of_the_addressees_are_told_by_e_mail_once_it_is_saved(
    adopted,
    secretariat,
    focal_point_france,
    focal_point_italy,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from lanzarote.accounts.models import Profile
    from tests.conftest import make_user

    make_user("greta", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="DE"))
    Profile.objects.filter(user=focal_point_france).update(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_request(
            recommendation=adopted, actor=secretariat, deadline=datetime.date(2099, 1, 31)
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [focal_point_france.email, focal_point_italy.email]
    )  # not Germany's: not addressed
    (french,) = [m for m in mailoutbox if m.to == [focal_point_france.email]]
    (english,) = [m for m in mailoutbox if m.to == [focal_point_italy.email]]
    assert "recommandation R7" in french.subject and "le 31 janvier 2099" in french.body
    assert f"/fr/recommendations/{adopted.pk}/" in french.body
    assert "recommendation R7" in english.subject and "by 31 January 2099" in english.body
    assert f"/en/recommendations/{adopted.pk}/" in english.body


def test_a_mail_server_failure_loses_the_e_mail_not_the_request(
    adopted, secretariat, focal_point_france, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError("synthetic mail server failure")

    monkeypatch.setattr("lanzarote.lib.mail.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.followup_request(
            recommendation=adopted, actor=secretariat, deadline=datetime.date(2099, 1, 31)
        )
    assert adopted.followup_requests.get() == request


def test_a_follow_up_report_is_sent_once_and_the_page_says_when(
    client, adopted, france, secretariat, focal_point_france, ngo_member
):
    services.followup_request(
        recommendation=adopted, actor=secretariat, deadline=datetime.date(2099, 1, 1)
    )
    url = f"/en/recommendations/{adopted.pk}/"
    client.force_login(focal_point_france)
    assert "Submit the report" in client.get(url).text
    posted = {"action": "report", "party": "FR", "text": "Judges were trained (synthetic)."}
    response = client.post(f"{url}step/", posted)
    assert response.status_code == 302 and response["Location"] == url  # redirect after post
    page = client.get(url).text
    assert "Submit the report" not in page  # the form is replaced by what was sent, and when
    assert "France's report on this follow-up request was submitted on" in page
    again = client.post(f"{url}step/", posted, follow=True)
    assert "already submitted" in again.text
    assert FollowUpReport.objects.count() == 1
    with pytest.raises(services.RecommendationError, match="already submitted"):
        services.followup_report_submit(
            recommendation=adopted, party=france, text="Twice.", actor=focal_point_france
        )
    # a stakeholder's input on France is its own, once too
    services.followup_report_submit(
        recommendation=adopted, party=france, text="NGO view.", actor=ngo_member
    )
    with pytest.raises(services.RecommendationError, match="already submitted"):
        services.followup_report_submit(
            recommendation=adopted, party=france, text="NGO again.", actor=ngo_member
        )
    # asked again, the Party reports again
    services.followup_request(
        recommendation=adopted,
        actor=secretariat,
        requested_on=datetime.date(2099, 1, 1),
        deadline=datetime.date(2099, 6, 1),
    )
    assert "Submit the report" in client.get(url).text
