import datetime as dt

import pytest

from lanzarote.audit.models import AuditEvent
from lanzarote.lib.errors import NotAllowed
from lanzarote.parties.models import AccessionConsultation, State, TreatyStatus
from lanzarote.parties.services import (
    WorkflowError,
    accession_consultation_open,
    accession_consultation_record,
    accession_decide,
    accession_deposit,
    accession_request_create,
    treaty_status_import,
)

D = dt.date.fromisoformat


@pytest.fixture
def candidate(db):
    """A fictional non-member State for workflow tests (ISO user-assigned codes)."""
    return State.objects.create(
        iso2="XA", iso3="XAA", iso_numeric="900", name_en="Testland", name_fr="Testlande"
    )


@pytest.fixture
def request_(treaty, candidate, secretariat):
    return accession_request_create(
        treaty=treaty, state=candidate, requested_on=D("2026-01-05"), actor=secretariat
    )


def consult_all(request, secretariat, response="consent"):
    accession_consultation_open(request=request, opened_on=D("2026-02-01"), actor=secretariat)
    for consultation in request.consultations.all():
        accession_consultation_record(
            request=request,
            party=consultation.party,
            response=response,
            responded_on=D("2026-03-01"),
            actor=secretariat,
        )


def test_an_accession_goes_from_request_to_entry_into_force(request_, secretariat, candidate):
    accession_consultation_open(request=request_, opened_on=D("2026-02-01"), actor=secretariat)
    assert request_.consultations.count() == 48  # every Party is consulted
    for consultation in request_.consultations.all():
        accession_consultation_record(
            request=request_,
            party=consultation.party,
            response="consent",
            responded_on=D("2026-03-01"),
            actor=secretariat,
        )
    accession_decide(
        request=request_,
        decided_on=D("2026-05-06"),
        invite=True,
        actor=secretariat,
        reference="CM decision (synthetic)",
    )
    request_ = accession_deposit(request=request_, deposited_on=D("2026-10-15"), actor=secretariat)
    assert request_.entry_into_force == D("2027-02-01")
    status = TreatyStatus.objects.get(state=candidate)
    assert (status.status, status.deposit_kind) == ("party", "accession")
    assert status.entry_into_force == D("2027-02-01")
    actions = set(AuditEvent.objects.filter(actor=secretariat).values_list("action", flat=True))
    assert {
        "accession.request",
        "accession.consult",
        "accession.answer",
        "accession.decide",
        "accession.deposit",
        "status.accession",
    } <= actions


def test_one_objection_prevents_an_invitation(request_, secretariat):
    consult_all(request_, secretariat)
    france = State.objects.get(iso2="FR")
    consultation = AccessionConsultation.objects.get(request=request_, party=france)
    consultation.response = "objection"
    consultation.save()
    with pytest.raises(WorkflowError, match=r"unanimous consent.*1 objection"):
        accession_decide(
            request=request_, decided_on=D("2026-05-06"), invite=True, actor=secretariat
        )


def test_an_invitation_waits_for_every_answer(request_, secretariat):
    accession_consultation_open(request=request_, opened_on=D("2026-02-01"), actor=secretariat)
    with pytest.raises(WorkflowError, match="48 answer"):
        accession_decide(
            request=request_, decided_on=D("2026-05-06"), invite=True, actor=secretariat
        )


def test_steps_cannot_be_skipped(request_, secretariat):
    with pytest.raises(WorkflowError, match="only follow an invitation"):
        accession_deposit(request=request_, deposited_on=D("2026-10-15"), actor=secretariat)
    with pytest.raises(WorkflowError, match="after the Parties have been consulted"):
        accession_decide(
            request=request_, decided_on=D("2026-05-06"), invite=True, actor=secretariat
        )


def test_a_member_state_or_a_party_cannot_request_accession(treaty, secretariat):
    with pytest.raises(WorkflowError, match="already a Party"):
        accession_request_create(
            treaty=treaty,
            state=State.objects.get(iso2="TN"),
            requested_on=D("2026-01-05"),
            actor=secretariat,
        )


def test_only_the_secretariat_records_accession_steps(treaty, candidate, outsider):
    with pytest.raises(NotAllowed):
        accession_request_create(
            treaty=treaty, state=candidate, requested_on=D("2026-01-05"), actor=outsider
        )


def test_the_accession_page_follows_the_steps(client, request_, secretariat):
    consult_all(request_, secretariat)
    page = client.get(f"/en/accessions/{request_.pk}/").text
    assert "Testland" in page and "2 February 2026" not in page
    assert "1 February 2026" in page  # the consultation's date is public
    assert "48 consent" not in page and "seen by the Secretariat only" in page
    client.force_login(secretariat)
    assert (
        "48 consent, 0 objection, 0 awaiting an answer"
        in client.get(f"/en/accessions/{request_.pk}/").text
    )


def test_the_parties_answers_are_in_the_api_for_the_secretariat_only(client, request_, secretariat):
    consult_all(request_, secretariat)
    assert client.get(f"/api/accessions/{request_.pk}").json()["consultations"] is None
    client.force_login(secretariat)
    answers = client.get(f"/api/accessions/{request_.pk}").json()["consultations"]
    assert len(answers) == 48 and {a["response"] for a in answers} == {"consent"}


# --- CSV import ---------------------------------------------------------------------------------

GOOD = (
    "iso2,status,signature,deposit,deposit_kind,entry_into_force,source_url\n"
    "BE,party,2007-10-25,2013-03-08,ratification,2013-07-01,https://example.org/be\n"
    "BG,party,2007-10-25,,,,\n"
)


def test_a_dry_run_shows_the_changes_and_changes_nothing(treaty, secretariat):
    report = treaty_status_import(treaty=treaty, content=GOOD, actor=secretariat, dry_run=True)
    assert report.ok and not report.applied
    assert report.rows[0].changes["deposit"] == (None, D("2013-03-08"))
    assert TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE").deposit is None


def test_a_valid_import_is_applied_and_audited_row_by_row(treaty, secretariat):
    report = treaty_status_import(treaty=treaty, content=GOOD, actor=secretariat, dry_run=False)
    assert report.applied
    belgium = TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE")
    assert belgium.entry_into_force == D("2013-07-01")
    event = AuditEvent.objects.get(action="status.import", object_id=str(belgium.pk))
    assert event.before["deposit"] is None and event.after["deposit"] == "2013-03-08"
    assert event.actor == secretariat


def test_every_bad_row_is_reported_by_line_and_reason_and_nothing_changes(treaty, secretariat):
    content = (
        "iso2,status,deposit,entry_into_force\n"
        "BE,party,2013-03-08,2013-07-01\n"  # valid, but must not be applied
        "XX,party,,\n"
        "BG,member,,\n"
        "HR,party,13/03/2013,\n"
        "CY,party,2014-04-30,2014-09-01\n"
        "BE,party,,\n"
        "AT,signatory,2011-02-25,\n"
    )
    report = treaty_status_import(treaty=treaty, content=content, actor=secretariat, dry_run=False)
    assert not report.applied
    lines = {line for line, _ in report.errors}
    assert lines == {3, 4, 5, 6, 7, 8}
    reasons = " | ".join(reason for _, reason in report.errors)
    assert "iso2 'XX' is not a known State" in reasons
    assert "status 'member' is not one of" in reasons
    assert "deposit: '13/03/2013' is not a date" in reasons
    assert "a deposit on 2014-04-30 enters into force on 2014-08-01" in reasons
    assert "BE already given on line 2" in reasons
    assert "cannot have a deposit date" in reasons
    assert TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE").deposit is None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "the file is empty"),
        ("iso2,colour\nBE,red\n", "unknown column(s) colour"),
        ("iso2\nBE\n", "missing column(s) status"),
        ("iso2,status\n", "no rows"),
        (b"\xff\xfeiso2", "not UTF-8"),
    ],
)
def test_a_malformed_file_is_refused_with_a_reason(treaty, secretariat, content, problem):
    report = treaty_status_import(treaty=treaty, content=content, actor=secretariat, dry_run=True)
    assert problem in report.errors[0][1]


def test_only_the_secretariat_imports(treaty, outsider):
    with pytest.raises(NotAllowed):
        treaty_status_import(treaty=treaty, content=GOOD, actor=outsider, dry_run=True)


# --- the Secretariat's pages ---------------------------------------------------------------------


def test_the_secretariat_takes_an_accession_through_its_steps_on_the_page(
    secretariat_client, treaty, candidate
):
    response = secretariat_client.post(
        "/en/accessions/",
        {"treaty": treaty.pk, "state": candidate.pk, "requested_on": "2026-01-05"},
    )
    assert response.status_code == 302
    url = response["Location"]
    secretariat_client.post(url, {"step": "consult", "consult-opened_on": "2026-02-01"})
    page = secretariat_client.post(
        url, {"step": "decide", "decide-decided_on": "2026-05-06", "decide-invite": "yes"}
    ).text
    assert "unanimous consent" in page  # refused: 48 answers outstanding
    for consultation in AccessionConsultation.objects.filter(request__state=candidate):
        secretariat_client.post(
            url,
            {
                "step": "answer",
                "answer-party": consultation.party_id,
                "answer-response": "consent",
                "answer-responded_on": "2026-03-01",
            },
        )
    secretariat_client.post(
        url, {"step": "decide", "decide-decided_on": "2026-05-06", "decide-invite": "yes"}
    )
    secretariat_client.post(url, {"step": "deposit", "deposit-deposited_on": "2026-10-15"})
    page = secretariat_client.get(url).text
    assert "1 February 2027" in page
    assert TreatyStatus.objects.get(state=candidate).status == "party"


def test_readers_see_no_forms_and_cannot_post_steps(client, outsider, request_):
    assert "csrfmiddlewaretoken" not in client.get(f"/en/accessions/{request_.pk}/").text
    client.force_login(outsider)
    response = client.post(
        f"/en/accessions/{request_.pk}/", {"step": "consult", "consult-opened_on": "2026-02-01"}
    )
    assert response.status_code == 403
    assert client.post("/en/accessions/", {}).status_code == 403


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("iso2,status,signature,deposit\nTN,party\n", "fewer cells than columns"),
        ("iso2,status,status\nTN,party,party\n", "column(s) given twice: status"),
        ("iso2,status,deposit\nBE,party,9999-10-15\n", "not a plausible date"),
        ("iso2,status,source_url\nBE,party,https://example.org/" + "x" * 600 + "\n", "longer than"),
        ("iso2,status\nTN,signatory\n", "cannot have a deposit date"),  # TN's deposit is kept
        ("iso2,status,deposit\nTN,party,2020-06-01\n", "enters into force on 2020-10-01"),
        (
            "iso2,status,deposit,entry_into_force\nBE,party,2012-05,2011\n",
            "earlier than the deposit",
        ),
        ("iso2,status,signature\nAT,party,2012\n", "later than the deposit"),  # deposited 2011-02
    ],
)
def test_each_row_is_checked_as_the_record_it_will_make(treaty, secretariat, content, problem):
    report = treaty_status_import(treaty=treaty, content=content, actor=secretariat, dry_run=False)
    assert not report.applied
    assert problem in " ".join(reason for _, reason in report.errors)


def test_old_mac_line_endings_are_read(treaty, secretariat):
    content = "iso2,status,signature\rBE,party,2007-10-25\r"
    report = treaty_status_import(treaty=treaty, content=content, actor=secretariat, dry_run=True)
    assert report.ok and report.rows[0].changes["signature"] == (None, D("2007-10-25"))


def test_a_broken_csv_line_is_reported_not_crashed_on(treaty, secretariat):
    content = 'iso2,status,source_url\nBE,party,"' + "x" * 200_000 + '"\n'
    report = treaty_status_import(treaty=treaty, content=content, actor=secretariat, dry_run=True)
    assert not report.ok


def test_steps_are_dated_in_order_and_not_in_the_future(request_, secretariat):
    with pytest.raises(WorkflowError, match="earlier than the request"):
        accession_consultation_open(request=request_, opened_on=D("2025-12-01"), actor=secretariat)
    with pytest.raises(WorkflowError, match="in the future"):
        accession_consultation_open(request=request_, opened_on=D("9999-01-01"), actor=secretariat)
    accession_consultation_open(request=request_, opened_on=D("2026-02-01"), actor=secretariat)
    with pytest.raises(WorkflowError, match="earlier than the consultation"):
        accession_decide(
            request=request_, decided_on=D("2019-01-01"), invite=False, actor=secretariat
        )


def test_a_negotiating_non_member_state_ratifies_rather_than_accedes(
    treaty, candidate, secretariat
):
    TreatyStatus.objects.create(treaty=treaty, state=candidate, status="negotiating")
    with pytest.raises(WorkflowError, match="may sign and ratify"):
        accession_request_create(
            treaty=treaty, state=candidate, requested_on=D("2026-01-05"), actor=secretariat
        )
