"""Work at scale: several findings at once, a Party's suggestions at once, many invitations from
a CSV, questions edited and reordered, the Parties a round monitors, any State of the world, and a
focal point's own reply and draft factsheet as files."""

import pytest

from lanzarote.accounts.models import Profile
from lanzarote.assessments import services as assessments
from lanzarote.assessments.models import Finding, Suggestion
from lanzarote.audit.models import AuditEvent
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring.models import Indicator, Questionnaire
from lanzarote.parties.models import State
from lanzarote.replies import services as replies
from lanzarote.replies.models import Passage
from tests.conftest import make_user
from tests.pdfgen import make_pdf

PAGES = [["Question 8-11", "The Criminal Code uses the term child sexual abuse material."]]


@pytest.fixture
def second_analyst(db):
    return make_user("samuel", Profile.Role.SECRETARIAT, staff=True)


@pytest.fixture
def passage(secretariat, django_capture_on_commit_callbacks):
    """France's (synthetic) submitted reply to the ICT round, with one PDF."""
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    france = State.objects.get(iso2="FR")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=france)
    with django_capture_on_commit_callbacks(execute=True):
        replies.attachment_add(
            reply=reply, name="reply.pdf", data=make_pdf(PAGES), actor=secretariat
        )
    replies.reply_submit(reply=reply, actor=secretariat)
    return Passage.objects.get(document__attachments__reply=reply, text__startswith="The Crim")


def indicator(code):
    return Indicator.objects.get(scheme__round__uid="round-2", code=code)


def draft(code, iso2, actor, value="not_reported"):
    return assessments.finding_save(
        indicator=indicator(code),
        party=State.objects.get(iso2=iso2),
        value=value,
        rationale="Synthetic.",
        actor=actor,
    )


def suggest(code, passage, value="yes"):
    return Suggestion.objects.create(
        indicator=indicator(code),
        party=State.objects.get(iso2="FR"),
        value=value,
        confidence=0.7,
        method="keyword",
        scheme_version=1,
        evidence=[
            {
                "passage": passage.pk,
                "answer": None,
                "score": 1.0,
                "terms": [],
                "span": None,
                "similarity": None,
                "via_question": True,
            }
        ],
    )


# Several findings at once


def test_several_findings_are_reviewed_at_once_each_with_its_audit_event(
    secretariat, second_analyst
):
    chosen = [draft("csam-term", "FR", secretariat), draft("csam-term", "IT", secretariat)]
    done = assessments.findings_step(findings=chosen, step="review", actor=second_analyst)
    assert [f.status for f in done] == ["reviewed", "reviewed"]
    assert AuditEvent.objects.filter(action="finding.review").count() == 2


def test_one_refused_finding_leaves_all_unchanged_and_says_which_and_why(
    secretariat, second_analyst, passage
):
    own = draft("csam-term", "FR", second_analyst)  # its author cannot review it
    other = draft("ex-officio", "FR", secretariat)
    wanting = draft("csam-definition", "FR", secretariat, value="yes")  # no evidence
    with pytest.raises(assessments.ManyRefused) as refused:
        assessments.findings_step(
            findings=[other, own, wanting], step="review", actor=second_analyst
        )
    reasons = {f.pk: reason for f, reason in refused.value.refused}
    assert set(reasons) == {own.pk, wanting.pk}
    assert "other than its author" in reasons[own.pk]
    assert "cite at least one passage" in reasons[wanting.pk]
    assert set(Finding.objects.values_list("status", flat=True)) == {"draft"}
    assert not AuditEvent.objects.filter(action="finding.review").exists()


def test_only_the_secretariat_takes_a_step_on_several_findings(
    secretariat, committee_member, second_analyst
):
    chosen = [draft("csam-term", "FR", secretariat)]
    with pytest.raises(NotAllowed):
        assessments.findings_step(findings=chosen, step="review", actor=committee_member)
    with pytest.raises(assessments.FindingError, match="choose at least one"):
        assessments.findings_step(findings=[], step="review", actor=second_analyst)


def test_the_findings_page_reviews_and_adopts_several_after_confirmation(
    client, secretariat, second_analyst, django_assert_max_num_queries
):
    chosen = [draft(code, "FR", secretariat) for code in ("csam-term", "ex-officio")]
    ids = [str(f.pk) for f in chosen]
    client.force_login(second_analyst)
    url = "/en/rounds/round-2/assessment/findings/"
    with django_assert_max_num_queries(20):
        page = client.get(f"{url}?status=draft")
    assert page.status_code == 200 and f'name="finding" value="{ids[0]}"' in page.text
    response = client.post(url, {"finding": ids, "step": "review"})
    assert response.status_code == 302
    assert set(Finding.objects.values_list("status", flat=True)) == {"reviewed"}
    asked = client.post(url, {"finding": ids, "step": "adopt"})
    assert "Record the Committee's adoption of 2 findings?" in asked.text
    assert set(Finding.objects.values_list("status", flat=True)) == {"reviewed"}
    client.post(url, {"finding": ids, "step": "adopt", "confirm": "1"})
    assert set(Finding.objects.values_list("status", flat=True)) == {"adopted"}


def test_the_findings_page_lists_the_refused_and_changes_nothing(client, second_analyst):
    own = draft("csam-term", "FR", second_analyst)
    client.force_login(second_analyst)
    response = client.post(
        "/en/rounds/round-2/assessment/findings/", {"finding": [own.pk], "step": "review"}
    )
    assert response.status_code == 200
    assert "Nothing was changed" in response.text and "other than its author" in response.text
    assert Finding.objects.get(pk=own.pk).status == "draft"


def test_committee_members_read_the_list_but_take_no_step(
    client, secretariat, second_analyst, committee_member
):
    reviewed = draft("csam-term", "FR", secretariat)
    assessments.finding_review(finding=reviewed, actor=second_analyst)
    draft("ex-officio", "FR", secretariat)
    client.force_login(committee_member)
    page = client.get("/en/rounds/round-2/assessment/findings/")
    assert page.status_code == 200 and page.text.count("<tr>") == 2  # header and the reviewed
    assert 'name="finding"' not in page.text
    response = client.post(
        "/en/rounds/round-2/assessment/findings/",
        {"finding": [reviewed.pk], "step": "adopt", "confirm": "1"},
    )
    assert response.status_code == 403


# A Party's suggestions at once


def test_a_partys_suggestions_become_draft_findings_skipping_saved_values(secretariat, passage):
    draft("csam-definition", "FR", secretariat, value="no")
    taken = [suggest("csam-term", passage), suggest("ex-officio", passage, value="not_reported")]
    skipped = suggest("csam-definition", passage)
    scheme = taken[0].indicator.scheme
    result = assessments.suggestions_accept_party(
        scheme=scheme, party=passage_party(), actor=secretariat
    )
    assert sorted(f.indicator.code for f in result["accepted"]) == ["csam-term", "ex-officio"]
    assert [r["suggestion"].pk for r in result["skipped"]] == [skipped.pk]
    assert "a value is already saved (No, Draft)" in result["skipped"][0]["reason"]
    assert Finding.objects.get(indicator__code="csam-definition").value == "no"
    assert Suggestion.objects.get(pk=skipped.pk).status == "open"
    term = Finding.objects.get(indicator__code="csam-term")
    assert (term.status, term.value, term.evidence.count()) == ("draft", "yes", 1)
    event = AuditEvent.objects.get(action="suggestion.accept_party")
    assert event.after["skipped"].keys() == {"csam-definition"}


def passage_party():
    return State.objects.get(iso2="FR")


def test_the_page_shows_what_is_accepted_and_skipped_before_accepting(
    client, secretariat, passage, committee_member
):
    draft("csam-definition", "FR", secretariat, value="no")
    suggest("csam-term", passage)
    suggest("csam-definition", passage)
    url = "/en/rounds/round-2/assessment/FR/accept-all/"
    client.force_login(committee_member)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    preview = client.get(url).text
    assert "1 suggestion becomes a draft finding" in preview and "already saved" in preview
    assert not Finding.objects.filter(indicator__code="csam-term").exists()
    done = client.post(url, follow=True).text
    assert "1 suggestions are accepted as draft findings." in done
    assert "Skipped:" in done and "already saved (No, Draft)" in done
    assert Finding.objects.get(indicator__code="csam-term").value == "yes"


# Many invitations from a CSV file

INVITATIONS = (
    "email,name,role,party,organisation,language\n"
    "anna@example.org,Anna Synthetic,focal_point,AT,,de\n"  # line 2: no German e-mails
    "bruno@example.org,Bruno Synthetic,Point de contact national,BE,,fr\n"
    "carla@example.org,Carla Synthetic,committee,,,\n"  # carla has an account (a persona)
    "dora@example.org,,stakeholder,,No Such NGO,en\n"
    "not-an-address,Eva Synthetic,focal_point,XX,,\n"
    "bruno@example.org,Bruno Again,secretariat,,,\n"
    "fritz@example.org,Fritz Synthetic,focal_point,,,\n"
)


def test_a_csv_dry_run_lists_every_bad_line_with_its_reason_and_writes_nothing(
    secretariat, committee_member
):
    from lanzarote.accounts import imports

    check = imports.invitations_check(data=INVITATIONS.encode())
    problems = dict(check.problems)
    assert sorted(problems) == [2, 4, 5, 6, 7, 8] and not check.valid
    assert "unknown language “de”" in problems[2]
    assert "carla@example.org already has an account" in problems[4]
    assert "the name is empty" in problems[5] and "No Such NGO" in problems[5]
    assert "not an e-mail address" in problems[6] and "“XX”" in problems[6]
    assert "also on line 3" in problems[7]
    assert "choose the Party" in problems[8]
    assert [i.email for i in check.invitees] == ["bruno@example.org"]
    from django.contrib.auth import get_user_model

    before = get_user_model().objects.count()
    with pytest.raises(imports.InviteCsvError):
        imports.invitations_import(data=INVITATIONS, actor=secretariat)
    assert get_user_model().objects.count() == before


def test_a_valid_csv_invites_everyone_and_the_emails_leave_on_commit(
    secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    from lanzarote.accounts import imports
    from lanzarote.accounts.models import Organisation

    Organisation.objects.create(name_en="Synthetic Children's Rights NGO", kind="ngo")
    data = (
        "\ufeffEmail;Name;Role;Party;Organisation\n"
        "anna@example.org;Anna Synthetic;National focal point;AUT;\n"
        "\n"
        "dora@example.org;Dora Synthetic;stakeholder;;synthetic children's rights ngo\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        users = imports.invitations_import(data=data.encode(), actor=secretariat, lang="fr")
    assert [u.profile.role for u in users] == ["focal_point", "stakeholder"]
    assert users[0].profile.party.iso2 == "AT" and users[0].profile.language == "fr"
    assert [m.to for m in mailoutbox] == [["anna@example.org"], ["dora@example.org"]]
    assert AuditEvent.objects.filter(action="account.invite").count() == 2
    assert AuditEvent.objects.get(action="account.invite_csv").after["invited"] == [
        "anna@example.org",
        "dora@example.org",
    ]


def test_the_csv_page_checks_then_sends_and_is_the_secretariats(
    client, secretariat, focal_point_france, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/en/accounts/users/import/"
    client.force_login(focal_point_france)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    bad = client.post(
        url,
        {
            "action": "check",
            "file": SimpleUploadedFile("people.csv", INVITATIONS.encode(), "text/csv"),
        },
    )
    assert bad.status_code == 200 and "<td>8</td>" in bad.text and "Send the" not in bad.text
    good = "email,name,role,party\nanna@example.org,Anna Synthetic,focal_point,AT\n"
    checked = client.post(
        url,
        {"action": "check", "file": SimpleUploadedFile("people.csv", good.encode(), "text/csv")},
    )
    assert checked.status_code == 200 and "Send the invitation to this person" in checked.text
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"action": "send", "data": good}, follow=True)
    assert "1 invitations sent." in sent.text and len(mailoutbox) == 1


# Questions edited, translated and reordered; the Parties a round monitors


def _order(questionnaire):
    return list(questionnaire.questions.order_by("position").values_list("number", flat=True))


def test_questions_are_edited_translated_and_reordered_in_preparation(
    questionnaire_draft, secretariat
):
    from lanzarote.monitoring import services as monitoring

    question = questionnaire_draft.questions.get(number="1")
    monitoring.question_edit(
        question=question,
        actor=secretariat,
        audience="parties",
        texts={
            "title_en": "Training",
            "text_en": "What training do professionals receive?",
            "title_fr": "Formation",
            "text_fr": "Quelle formation les professionnels reçoivent-ils ?",
        },
    )
    question.refresh_from_db()
    assert (question.title_fr, question.audience) == ("Formation", "parties")
    event = AuditEvent.objects.get(action="question.edit")
    assert event.before["text_fr"] == "" and event.after["text_fr"].startswith("Quelle")
    assert _order(questionnaire_draft) == ["1", "1.a", "2"]
    monitoring.question_move(
        question=questionnaire_draft.questions.get(number="2"), direction="up", actor=secretariat
    )
    assert _order(questionnaire_draft) == ["2", "1", "1.a"]  # 1.a moves with its question
    with pytest.raises(monitoring.WorkflowError, match="comes after question 1"):
        monitoring.questions_reorder(
            questionnaire=questionnaire_draft, numbers=["1.a", "1", "2"], actor=secretariat
        )
    with pytest.raises(monitoring.WorkflowError, match="every question"):
        monitoring.questions_reorder(
            questionnaire=questionnaire_draft, numbers=["1", "2"], actor=secretariat
        )
    assert AuditEvent.objects.get(action="questionnaire.reorder").after == {
        "order": ["2", "1", "1.a"]
    }


def test_once_the_round_is_open_a_question_is_corrected_with_a_reason_and_not_reordered(
    questionnaire, secretariat, focal_point_france, client
):
    from lanzarote.monitoring import services as monitoring

    question = questionnaire.questions.get(number="1")
    texts = {
        "title_en": "Training",
        "text_en": "What training do professionals receive?",
        "title_fr": "",
        "text_fr": "Quelle formation les professionnels reçoivent-ils ?",
    }
    with pytest.raises(monitoring.WorkflowError, match="say why"):
        monitoring.question_edit(question=question, texts=texts, actor=secretariat)
    with pytest.raises(monitoring.WorkflowError, match="fixed once the round is open"):
        monitoring.question_edit(
            question=question,
            texts=texts,
            actor=secretariat,
            audience="stakeholders",
            reason="Synthetic",
        )
    with pytest.raises(monitoring.WorkflowError, match="fixed once the round is open"):
        monitoring.question_move(question=question, direction="down", actor=secretariat)
    with pytest.raises(NotAllowed):
        monitoring.question_edit(
            question=question, texts=texts, actor=focal_point_france, reason="Mine"
        )
    monitoring.question_edit(
        question=question,
        texts=texts,
        actor=secretariat,
        reason="The French translation was missing",
    )
    event = AuditEvent.objects.get(action="question.correct")
    assert event.reason == "The French translation was missing"
    page = client.get(f"/en/questionnaires/{questionnaire.uid}/").text
    assert "Corrected on" in page and "The French translation was missing" in page


def test_the_secretariat_edits_and_moves_questions_on_the_pages(
    client, questionnaire_draft, secretariat, focal_point_france
):
    base = f"/en/questionnaires/{questionnaire_draft.uid}/questions"
    client.force_login(focal_point_france)
    assert client.get(f"{base}/1/edit/").status_code == 404  # a round in preparation is unseen
    client.force_login(secretariat)
    page = client.get(f"/en/questionnaires/{questionnaire_draft.uid}/").text
    assert "Edit or translate" in page and "Move question 2 up" in page
    form = client.get(f"{base}/1/edit/").text
    assert 'name="reason"' not in form and 'name="text_fr"' in form
    client.post(
        f"{base}/1/edit/",
        {
            "title_en": "Training",
            "text_en": "What training?",
            "title_fr": "Formation",
            "text_fr": "Quelle formation ?",
            "audience": "both",
        },
    )
    assert questionnaire_draft.questions.get(number="1").text_fr == "Quelle formation ?"
    client.post(f"{base}/1/move/", {"direction": "down"})
    assert _order(questionnaire_draft) == ["2", "1", "1.a"]
    refused = client.post(f"{base}/2/edit/", {"audience": "both"}, follow=True)
    assert "a title or a text in English" in refused.text


def test_the_secretariat_chooses_the_parties_a_round_monitors_while_preparing(
    client, round_preparing, secretariat, committee_member
):
    from lanzarote.monitoring import services as monitoring
    from lanzarote.monitoring.selectors import round_party_ids

    every_party = round_party_ids(round_preparing)
    assert len(every_party) >= 40  # nothing chosen: every Party to the treaty
    url = f"/en/rounds/{round_preparing.uid}/parties/"
    client.force_login(committee_member)
    assert client.get(url).status_code in (403, 404)
    client.force_login(secretariat)
    assert 'value="FR"' in client.get(url).text
    assert client.post(url, {"party": ["FR", "IT", "ZZ"]}).status_code == 200  # refused
    assert not round_preparing.parties.exists()
    client.post(url, {"party": ["FR", "IT"]})
    assert sorted(round_preparing.parties.values_list("iso2", flat=True)) == ["FR", "IT"]
    assert round_party_ids(round_preparing) == {
        State.objects.get(iso2="FR").pk,
        State.objects.get(iso2="IT").pk,
    }
    event = AuditEvent.objects.get(action="round.parties")
    assert (event.before, event.after) == ({"parties": []}, {"parties": ["FR", "IT"]})
    client.post(url, {})  # none: back to every Party
    assert round_party_ids(round_preparing) == every_party
    round_preparing.status = "open"
    round_preparing.save()
    with pytest.raises(monitoring.WorkflowError, match="in preparation"):
        monitoring.round_set_parties(round_=round_preparing, states=[], actor=secretariat)


# An accession request from any State in the world


def test_every_iso_3166_state_is_known_with_english_and_french_names(db):
    from lanzarote.parties.world import world_states_read

    listed = world_states_read()
    assert len(listed) == 249
    assert State.objects.filter(iso2__in=[s["iso2"] for s in listed]).count() == 249
    japan = State.objects.get(iso2="JP")
    assert (japan.iso3, japan.iso_numeric, japan.name_en, japan.name_fr, japan.coe_member) == (
        "JPN",
        "392",
        "Japan",
        "Japon",
        False,
    )
    # the Council of Europe names of states.json win over the ISO list's
    assert State.objects.get(iso2="RU").name_en == "Russian Federation"
    assert State.objects.get(iso2="TR").name_fr == "Türkiye"


def test_loading_the_world_list_again_adds_nothing_and_a_bad_file_names_its_entry(db, tmp_path):
    import json

    from lanzarote.lib.datafile import DataFileError
    from lanzarote.parties.world import WORLD_FILE, world_states_load

    assert world_states_load(actor="test") == []
    data = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    data["states"][1]["iso3"] = data["states"][0]["iso3"]
    bad = tmp_path / "iso3166-1.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"states\[1\] .*duplicate iso3"):
        world_states_load(actor="test", path=bad)


def test_an_accession_request_is_recorded_from_a_state_outside_the_treaty_data(
    client, secretariat, treaty
):
    japan = State.objects.get(iso2="JP")
    client.force_login(secretariat)
    page = client.get("/en/accessions/").text
    assert f'<option value="{japan.pk}">Japan</option>' in page
    assert f'value="{State.objects.get(iso2="FR").pk}"' not in page  # a member signs instead
    client.post(
        "/en/accessions/",
        {
            "treaty": treaty.pk,
            "state": japan.pk,
            "requested_on": "2026-11-02",
            "notes": "Synthetic.",
        },
    )
    assert japan.accession_requests.get().requested_on.isoformat() == "2026-11-02"
    french = client.get("/fr/accessions/").text  # named in the reader's language
    assert (
        f'<option value="{State.objects.get(iso2="KR").pk}">Corée, République de</option>' in french
    )


def test_a_state_of_the_world_list_is_not_offered_as_a_party_to_invite_or_address(secretariat):
    from lanzarote.accounts.forms import InviteForm
    from lanzarote.recommendations.forms import RecommendationForm

    assert not InviteForm().fields["party"].queryset.filter(iso2="JP").exists()
    assert InviteForm().fields["party"].queryset.filter(iso2="FR").exists()
    assert not RecommendationForm().fields["addressees"].queryset.filter(iso2="JP").exists()


# A focal point's own reply and draft factsheet, as files


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    return " ".join(text.split())


def _docx_text(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.rendering
def test_a_focal_point_downloads_its_submitted_reply_as_pdf_and_docx(
    client, questionnaire, focal_point_france, focal_point_italy, secretariat
):
    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    first, second = questionnaire.questions.filter(number__in=["1", "1.a"]).order_by("position")
    replies.answer_save(
        reply=reply,
        question=first,
        actor=focal_point_france,
        text="<p>Synthetic: judges and police officers are trained.</p>"
        "<p>A second synthetic paragraph.</p>",
    )
    url = f"/en/replies/{reply.pk}/download"
    client.force_login(focal_point_france)
    assert client.get(f"{url}.pdf").status_code == 403  # a draft is not a reply yet
    replies.reply_submit(reply=reply, actor=focal_point_france)
    page = client.get(f"/en/questionnaires/{questionnaire.uid}/states/FR/").text
    assert f'href="{url}.pdf"' in page and f'href="{url}.docx"' in page
    pdf = client.get(f"{url}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and "no-store" in pdf["Cache-Control"]
    text = _pdf_text(_body(pdf))
    assert "Reply of France" in text and "judges and police officers are trained" in text
    assert "Question 1.a" in text and "No answer." in text and second.number == "1.a"
    word = _docx_text(_body(client.get(f"{url}.docx")))
    assert "Reply of France" in word
    assert "Synthetic: judges and police officers are trained.\nA second synthetic" in word
    client.force_login(focal_point_italy)  # another Party's reply: not even told it exists
    assert client.get(f"{url}.pdf").status_code == 404
    client.logout()
    assert client.get(f"{url}.docx").status_code == 302  # to the login page
    client.force_login(secretariat)
    assert client.get(f"{url}.docx").status_code == 200
    assert client.get(f"{url}.xlsx").status_code == 404


@pytest.mark.rendering
def test_a_focal_point_downloads_its_draft_factsheet_as_pdf_and_docx(
    client, secretariat, second_analyst, focal_point_france, focal_point_italy
):
    from lanzarote.reports import services as reports
    from lanzarote.reports.models import Publication

    finding = draft("csam-term", "FR", secretariat)
    assessments.finding_review(finding=finding, actor=second_analyst)
    assessments.finding_adopt(finding=finding, actor=secretariat)
    reports.country_factsheets_draft(round_=finding.indicator.scheme.round, actor=secretariat)
    sheet = Publication.objects.get(kind="country", party__iso2="FR", lang="fr", status="draft")
    url = f"/en/publications/{sheet.pk}/draft"
    client.force_login(focal_point_france)
    assert f'href="{url}.pdf"' in client.get(f"{url}/").text
    text = _pdf_text(_body(client.get(f"{url}.pdf")))
    assert "Fiche pays" in text and "France" in text and "non publié" in text
    word = client.get(f"{url}.docx")
    assert "no-store" in word["Cache-Control"] and "v1" in word["Content-Disposition"]
    assert "Fiche pays\u202f: France" in _docx_text(_body(word))
    client.force_login(focal_point_italy)
    assert client.get(f"{url}.pdf").status_code == 404  # as for a draft that does not exist
    assert client.get(f"/en/publications/{sheet.pk + 10_000}/draft.pdf").status_code == 404


def test_a_csv_over_the_row_limit_is_refused_at_the_first_line_over(secretariat):
    from lanzarote.accounts import imports

    rows = "email,name,role\n" + "".join(
        f"person{i}@example.org,Person {i},committee\n" for i in range(imports.MAX_ROWS + 1)
    )
    check = imports.invitations_check(data=rows)
    assert check.problems == [(imports.MAX_ROWS + 2, "at most 500 people in one file")]
    assert not check.valid


def test_the_findings_page_lists_a_round_of_thousands_by_pages(client, second_analyst):
    indicators = list(Indicator.objects.filter(scheme__round__uid="round-2"))
    states = list(State.objects.order_by("iso2")[:40])
    Finding.objects.bulk_create(
        Finding(indicator=i, party=s, value="yes", scheme_version=1, rationale="Synthetic.")
        for s in states
        for i in indicators
    )
    total = len(states) * len(indicators)
    client.force_login(second_analyst)
    url = "/en/rounds/round-2/assessment/findings/"
    first = client.get(url).text
    assert first.count('name="finding"') == 200
    assert f"{total} findings" in first and "1 to 200 shown" in first and 'rel="next"' in first
    last = client.get(f"{url}?page=99").text  # past the end: the last page
    assert last.count('name="finding"') == total - 200 * (total // 200)
