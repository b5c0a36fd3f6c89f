import io

import docx
import pytest
from django.core.management import call_command

from lanzarote.core.demo import demo_load
from lanzarote.monitoring.models import Questionnaire, Round
from lanzarote.replies.models import Reply


def adopted_demo_finding(round_):
    from lanzarote.assessments.models import Finding
    from lanzarote.parties.models import State

    Finding.objects.create(indicator=round_.scheme.indicators.first(), status="adopted",
                           party=State.objects.get(iso2="FR"), value="yes", scheme_version=1,
                           is_demo=True)  # fmt: skip


def test_no_demonstration_data_is_loaded_by_default(db):
    assert not Round.objects.filter(is_demo=True).exists()


def test_the_demo_command_loads_once_and_removes_cleanly(db):
    out = io.StringIO()
    call_command("demo", password="synthetic-pass", stdout=out)
    assert "demo-focal-fr" in out.getvalue() and "synthetic-pass" in out.getvalue()
    assert Reply.objects.filter(questionnaire__is_demo=True).count() == 7
    again = io.StringIO()
    call_command("demo", stdout=again)
    assert "already loaded" in again.getvalue()
    from lanzarote.recommendations.models import Recommendation
    from lanzarote.recommendations.selectors import followup_statuses

    demo_rec = Recommendation.objects.get(round__uid="demo-published")
    statuses = {party: s.code for (_r, party), s in followup_statuses([demo_rec]).items()}
    assert sorted(statuses.values()) == ["evaluated", "requested"]
    # a publication of a demonstration round does not stand in the way of its removal
    from django.contrib.auth import get_user_model

    from lanzarote.reports.services import overview_publish

    adopted_demo_finding(Round.objects.get(uid="demo-published"))
    overview_publish(round_=Round.objects.get(uid="demo-published"),
                     actor=get_user_model().objects.get(username="demo-secretariat"))  # fmt: skip
    call_command("demo", remove=True, stdout=io.StringIO())
    assert not Round.objects.filter(is_demo=True).exists()
    assert not Recommendation.objects.filter(is_demo=True).exists()
    assert not Reply.objects.filter(questionnaire__is_demo=True).exists()


@pytest.mark.parametrize(
    "url",
    ["/{lang}/rounds/demo-published/", "/{lang}/questionnaires/demo-published-questionnaire/",
     "/{lang}/questionnaires/demo-published-questionnaire/states/FR/",
     "/{lang}/questionnaires/demo-published-questionnaire/questions/1/"],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_showing_demonstration_data_says_so(client, db, url, lang):
    demo_load(password="synthetic-pass")
    page = client.get(url.format(lang=lang)).text
    assert 'class="demo-banner"' in page


def test_real_pages_carry_no_demonstration_label(client, db):
    demo_load(password="synthetic-pass")
    assert 'class="demo-banner"' not in client.get("/en/rounds/round-2/").text


# --- questionnaire import through the page ---------------------------------------------------


def word_questionnaire(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client, content: bytes, name="questionnaire.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/en/questionnaires/test-questionnaire/import/", {
        "action": "preview", "audience": "both", "file": SimpleUploadedFile(name, content)})  # fmt: skip


def test_a_word_questionnaire_is_previewed_then_added_on_confirmation(
    client, questionnaire_draft, secretariat
):
    client.force_login(secretariat)
    content = word_questionnaire(
        "Introduction (synthetic).",
        "Question 3: Data collection",
        "What data are collected on reports?",
        "a) By whom?",
    )
    preview = upload(client, content)
    assert "2 questions found" in preview.text and "3.a" in preview.text
    assert not questionnaire_draft.questions.filter(number="3").exists()  # nothing yet
    done = client.post("/en/questionnaires/test-questionnaire/import/", {"action": "confirm"})
    assert done.status_code == 302
    assert questionnaire_draft.questions.get(number="3.a").parent.number == "3"


def test_a_malformed_file_is_refused_with_a_reason_and_changes_nothing(
    client, questionnaire_draft, secretariat
):
    client.force_login(secretariat)
    before = questionnaire_draft.questions.count()
    page = upload(client, b"\x89PNG\r\n\x1a\n" + b"\0" * 32, name="questions.docx").text
    assert 'role="alert"' in page
    assert questionnaire_draft.questions.count() == before
    nothing = client.post("/en/questionnaires/test-questionnaire/import/", {"action": "confirm"},
                          follow=True)  # fmt: skip
    assert "Nothing to confirm" in nothing.text
    assert Questionnaire.objects.get(uid="test-questionnaire").questions.count() == before


def test_an_empty_questionnaire_file_is_refused_as_empty(client, questionnaire_draft, secretariat):
    client.force_login(secretariat)
    page = upload(client, b"", name="questions.csv").text
    assert "The file is empty" in page
    assert "Choose a document" not in page


def test_a_questionnaire_file_over_the_cap_is_refused_before_it_is_read(
    client, questionnaire_draft, secretariat, monkeypatch
):
    from lanzarote.lib import questionnaire_import

    monkeypatch.setattr(questionnaire_import, "MAX_BYTES", 1024)
    client.force_login(secretariat)
    page = upload(client, b"number,text_en\n" + b"1,x\n" * 400, name="questions.csv").text
    assert "questionnaires over" in page and 'role="alert"' in page
    assert questionnaire_draft.questions.count() == 3


def test_an_empty_document_attached_to_a_reply_is_refused_as_empty(
    client, questionnaire, focal_point_france
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lanzarote.replies import services

    reply = services.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    client.force_login(focal_point_france)
    page = client.post(f"/en/replies/{reply.pk}/attachments/",
                       {"file": SimpleUploadedFile("reply.pdf", b"")}, follow=True).text  # fmt: skip
    assert "The file is empty" in page
    assert not reply.attachments.exists()


def test_the_demonstration_round_can_be_assessed_with_suggestions(client, db):
    from django.contrib.auth import get_user_model

    from lanzarote.assessments.models import Suggestion

    demo_load(password="synthetic-pass")
    assert Suggestion.objects.filter(indicator__scheme__round__uid="demo-published",
                                     party__iso2="FR").count() == 3  # fmt: skip
    client.force_login(get_user_model().objects.get(username="demo-secretariat"))
    page = client.get("/en/rounds/demo-published/assessment/FR/?indicator=training-compulsory")
    assert page.status_code == 200 and 'class="demo-banner"' in page.text
    assert "Suggested by the machine" in page.text and "compulsory" in page.text
    # a demonstration login acts on demonstration data only
    assert client.post("/en/rounds/round-2/assessment/FR/csam-term/",
                       {"value": "yes"}).status_code == 403  # fmt: skip
    from lanzarote.assessments import services

    suggestion = Suggestion.objects.filter(party__iso2="FR").first()
    services.suggestion_accept(suggestion=suggestion, actor=get_user_model().objects.get(
        username="demo-secretariat"))  # fmt: skip
    call_command("demo", remove=True, stdout=io.StringIO())  # findings go with their round
    assert not Suggestion.objects.exists()
