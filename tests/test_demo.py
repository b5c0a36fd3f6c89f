import io

import docx
import pytest
from django.core.management import call_command

from lanzarote.core.demo import demo_load
from lanzarote.monitoring.models import Questionnaire, Round
from lanzarote.replies.models import Reply
from lanzarote.search.models import SearchEntry
from tests.search_rows import orphan_entries


def adopted_demo_finding(round_):
    from lanzarote.assessments.models import Finding
    from lanzarote.parties.models import State

    Finding.objects.create(
        indicator=round_.scheme.indicators.first(),
        status="adopted",
        party=State.objects.get(iso2="FR"),
        value="yes",
        scheme_version=1,
        is_demo=True,
    )


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
    overview_publish(
        round_=Round.objects.get(uid="demo-published"),
        actor=get_user_model().objects.get(username="demo-secretariat"),
    )
    demo_replies = Reply.objects.filter(questionnaire__is_demo=True)
    assert SearchEntry.objects.filter(reply_id__in=demo_replies.values("pk")).exists()
    call_command("demo", remove=True, stdout=io.StringIO())
    assert not Round.objects.filter(is_demo=True).exists()
    assert not Recommendation.objects.filter(is_demo=True).exists()
    assert not Reply.objects.filter(questionnaire__is_demo=True).exists()
    assert not orphan_entries()  # their answers left the search index with them


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

    return client.post(
        "/en/questionnaires/test-questionnaire/import/",
        {"action": "preview", "audience": "both", "file": SimpleUploadedFile(name, content)},
    )


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
    nothing = client.post(
        "/en/questionnaires/test-questionnaire/import/", {"action": "confirm"}, follow=True
    )
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
    from lanzarote.monitoring import questionnaire_file

    monkeypatch.setattr(questionnaire_file, "MAX_BYTES", 1024)
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
    page = client.post(
        f"/en/replies/{reply.pk}/attachments/",
        {"file": SimpleUploadedFile("reply.pdf", b"")},
        follow=True,
    ).text
    assert "The file is empty" in page
    assert not reply.attachments.exists()


PERSONAS = ["demo-secretariat", "demo-committee", "demo-focal-fr", "demo-focal-it", "demo-ngo"]


def _demo_client(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_demonstration_is_not_loaded_next_to_real_replies_unasked(questionnaire, secretariat):
    from django.core.management.base import CommandError

    from lanzarote.parties.models import State
    from lanzarote.replies import services as replies

    replies.reply_start(
        questionnaire=questionnaire, actor=secretariat, party=State.objects.get(iso2="FR")
    )
    with pytest.raises(CommandError, match=r"1 real replies.*--alongside-real-data"):
        call_command("demo", password="synthetic-pass", stdout=io.StringIO())
    assert not Round.objects.filter(is_demo=True).exists()
    out = io.StringIO()
    call_command("demo", password="synthetic-pass", alongside_real_data=True, stdout=out)
    assert "Demonstration data loaded" in out.getvalue()


def test_loading_and_removing_the_demonstration_are_each_one_audit_event(db):
    from lanzarote.audit.models import AuditEvent
    from lanzarote.core.demo import demo_remove

    demo_load(password="synthetic-pass")
    demo_load(password="synthetic-pass")  # loaded already: nothing written, nothing recorded
    loaded = AuditEvent.objects.get(action="demo.load")
    assert loaded.actor_label == "lanzarote-demo" and loaded.object_type == "treaties.treaty"
    assert loaded.after["rounds"] == ["demo-published", "demo-open"]
    demo_remove()
    removed = AuditEvent.objects.get(action="demo.remove")
    assert removed.actor_label == "lanzarote-demo"
    assert removed.after["rounds"] == ["demo-open", "demo-published"]
    demo_remove()  # nothing left: nothing recorded
    assert AuditEvent.objects.filter(action="demo.remove").count() == 1
