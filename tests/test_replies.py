import datetime as dt
import io
from html.parser import HTMLParser

import docx
import pytest
from django.core import mail

from lanzarote.audit.models import AuditEvent
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring import services as monitoring
from lanzarote.parties.models import State
from lanzarote.replies import services
from lanzarote.replies.models import Reply
from lanzarote.replies.services import ReplyError


def start(questionnaire, person):
    return services.reply_start(questionnaire=questionnaire, actor=person)


def answer(reply, number, text, person):
    question = reply.questionnaire.questions.get(number=number)
    return services.answer_save(reply=reply, question=question, text=text, actor=person)


def pdf_bytes(text: str = "Synthetic reply") -> bytes:
    """A small real PDF, written by hand."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Synthetic annex: list of training programmes.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_focal_point_replies_for_its_own_party(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    assert reply.party.iso2 == "FR" and reply.status == "draft"
    assert start(questionnaire, focal_point_france) == reply  # the same draft, not a second one


def test_answers_are_sanitised_on_the_server(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    saved = answer(
        reply, "1", '<p onclick="x()">Course<script>alert(1)</script></p>', focal_point_france
    )
    assert saved.text == "<p>Course</p>"
    plain = answer(reply, "1.a", "Yes, for teachers.\n\nNot for coaches.", focal_point_france)
    assert plain.text == "<p>Yes, for teachers.</p>\n<p>Not for coaches.</p>"


def test_a_party_cannot_answer_a_question_for_stakeholders(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    with pytest.raises(ReplyError, match="not addressed"):
        answer(reply, "2", "Synthetic", focal_point_france)


def test_a_submitted_reply_is_locked(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic answer", focal_point_france)
    services.reply_submit(reply=reply, actor=focal_point_france)
    with pytest.raises(services.ReplyLocked, match="already submitted"):
        answer(reply, "1", "Changed", focal_point_france)


def test_an_empty_reply_cannot_be_submitted(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    with pytest.raises(ReplyError, match="empty"):
        services.reply_submit(reply=reply, actor=focal_point_france)


def test_a_reply_after_the_deadline_is_accepted_and_marked_late(
    questionnaire, secretariat, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic answer", focal_point_france)
    monitoring.questionnaire_set_deadline(
        questionnaire=questionnaire,
        actor=secretariat,
        deadline=dt.date.today() - dt.timedelta(days=1),
    )
    reply = services.reply_submit(reply=reply, actor=focal_point_france)
    assert reply.status == "submitted" and reply.is_late
    assert AuditEvent.objects.get(action="reply.submit", object_id=str(reply.pk)).reason == "late"


def test_the_secretariat_reopens_a_reply_and_says_why(
    questionnaire, secretariat, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic answer", focal_point_france)
    services.reply_submit(reply=reply, actor=focal_point_france)
    with pytest.raises(NotAllowed):
        services.reply_reopen(reply=reply, actor=focal_point_france, reason="oops")
    with pytest.raises(ReplyError, match="why"):
        services.reply_reopen(reply=reply, actor=secretariat, reason=" ")
    reply = services.reply_reopen(reply=reply, actor=secretariat, reason="Annex missing")
    assert reply.status == "draft"
    answer(reply, "1", "Synthetic answer, completed", focal_point_france)


def test_the_secretariat_enters_a_reply_on_a_partys_behalf(questionnaire, secretariat):
    reply = services.reply_start(
        questionnaire=questionnaire, actor=secretariat, party=State.objects.get(iso2="PT")
    )
    answer(reply, "1", "Transcribed from the letter of 3 March (synthetic)", secretariat)
    reply.refresh_from_db()
    assert reply.entered_by_secretariat
    event = AuditEvent.objects.get(action="answer.save")
    assert event.actor == secretariat
    assert event.reason == "entered by the Secretariat for the respondent"


def test_nobody_replies_for_someone_else(questionnaire, focal_point_france, focal_point_italy):
    reply = start(questionnaire, focal_point_france)
    with pytest.raises(NotAllowed):
        answer(reply, "1", "Not mine", focal_point_italy)


def test_a_closed_round_accepts_no_new_reply(questionnaire, secretariat, focal_point_france):
    monitoring.round_step(round_=questionnaire.round, step="close_replies", actor=secretariat)
    questionnaire.refresh_from_db()
    with pytest.raises(ReplyError, match="not open"):
        start(questionnaire, focal_point_france)


def test_a_stakeholder_reply_is_confidential_unless_it_agrees(
    client, questionnaire, secretariat, ngo_member, focal_point_france, committee_member
):
    reply = start(questionnaire, ngo_member)
    answer(reply, "2", "Synthetic assessment", ngo_member)
    services.reply_submit(reply=reply, actor=ngo_member)
    monitoring.round_step(round_=questionnaire.round, step="close_replies", actor=secretariat)
    monitoring.round_publish_replies(round_=questionnaire.round, actor=secretariat)
    url = f"/en/questionnaires/test-questionnaire/organisations/{reply.organisation_id}/"
    assert client.get(url).status_code == 404
    client.force_login(focal_point_france)
    assert client.get(url).status_code == 404
    client.force_login(committee_member)
    assert client.get(url).status_code == 200
    Reply.objects.filter(pk=reply.pk).update(publication_agreed=True)
    client.logout()
    assert "Synthetic assessment" in client.get(url).text


def test_a_partys_reply_is_public_once_the_replies_are_published(
    client, questionnaire, secretariat, focal_point_france, focal_point_italy
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic French answer", focal_point_france)
    url = "/en/questionnaires/test-questionnaire/states/FR/"
    client.force_login(focal_point_italy)
    assert client.get(url).status_code == 404  # a draft is never public
    client.force_login(focal_point_france)
    assert "Synthetic French answer" in client.get(url).text  # its own draft
    services.reply_submit(reply=reply, actor=focal_point_france)
    client.force_login(focal_point_italy)
    assert client.get(url).status_code == 404  # submitted, not yet published
    monitoring.round_step(round_=questionnaire.round, step="close_replies", actor=secretariat)
    monitoring.round_publish_replies(round_=questionnaire.round, actor=secretariat)
    client.logout()
    assert "Synthetic French answer" in client.get(url).text


def test_the_by_question_view_sets_every_visible_answer_side_by_side(
    client, questionnaire, secretariat, focal_point_france, focal_point_italy, ngo_member
):
    for person, text in (
        (focal_point_france, "Answer of France (synthetic)"),
        (focal_point_italy, "Answer of Italy (synthetic)"),
    ):
        reply = start(questionnaire, person)
        answer(reply, "1", text, person)
        services.reply_submit(reply=reply, actor=person)
    ngo_reply = start(questionnaire, ngo_member)
    answer(ngo_reply, "2", "Confidential view (synthetic)", ngo_member)
    services.reply_submit(reply=ngo_reply, actor=ngo_member)
    monitoring.round_step(round_=questionnaire.round, step="close_replies", actor=secretariat)
    monitoring.round_publish_replies(round_=questionnaire.round, actor=secretariat)
    page = client.get("/en/questionnaires/test-questionnaire/questions/1/").text
    assert "Answer of France" in page and "Answer of Italy" in page
    assert (
        "Answer of Italy"
        not in client.get("/en/questionnaires/test-questionnaire/questions/1/?party=FR").text
    )
    assert (
        "Confidential view"
        not in client.get("/en/questionnaires/test-questionnaire/questions/2/").text
    )
    assert (
        "Confidential view"
        not in client.get("/api/questionnaires/test-questionnaire/questions/2/answers").text
    )
    client.force_login(secretariat)
    assert (
        "Confidential view"
        in client.get("/en/questionnaires/test-questionnaire/questions/2/?kind=ngo").text
    )


def test_documents_are_attached_after_their_content_is_checked(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    pdf = services.attachment_add(
        reply=reply, name="annex.pdf", data=pdf_bytes(), actor=focal_point_france
    )
    word = services.attachment_add(
        reply=reply, name="annex.docx", data=docx_bytes(), actor=focal_point_france
    )
    assert (pdf.document.kind, word.document.kind) == ("pdf", "docx")
    with pytest.raises(ReplyError, match="image"):
        services.attachment_add(
            reply=reply,
            name="photo.pdf",
            actor=focal_point_france,
            data=b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        )
    with pytest.raises(ReplyError, match="already attached"):
        services.attachment_add(
            reply=reply, name="again.pdf", data=pdf_bytes(), actor=focal_point_france
        )
    assert reply.attachments.count() == 2


def test_a_document_is_stored_once_however_many_replies_attach_it(
    questionnaire, focal_point_france, focal_point_italy
):
    first = services.attachment_add(
        reply=start(questionnaire, focal_point_france),
        name="a.pdf",
        data=pdf_bytes("Shared"),
        actor=focal_point_france,
    )
    second = services.attachment_add(
        reply=start(questionnaire, focal_point_italy),
        name="b.pdf",
        data=pdf_bytes("Shared"),
        actor=focal_point_italy,
    )
    assert first.document == second.document  # one file, one reading


def test_an_attachment_is_downloaded_only_by_those_entitled(
    client, questionnaire, focal_point_france, focal_point_italy
):
    reply = start(questionnaire, focal_point_france)
    attachment = services.attachment_add(
        reply=reply, name="annex.pdf", data=pdf_bytes(), actor=focal_point_france
    )
    url = f"/en/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(focal_point_italy)
    assert client.get(url).status_code == 404
    client.force_login(focal_point_france)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_reply_page_saves_answers_with_and_without_javascript(
    client, questionnaire, focal_point_france
):
    client.force_login(focal_point_france)
    response = client.post("/en/questionnaires/test-questionnaire/reply/")
    url = response["Location"]
    reply = Reply.objects.get(party__iso2="FR")
    q1 = questionnaire.questions.get(number="1")
    htmx = client.post(
        f"/en/replies/{reply.pk}/answers/{q1.pk}/",
        {f"answer-{q1.pk}": "Autosaved (synthetic)"},
        HTTP_HX_REQUEST="true",
    )
    assert "Saved" in htmx.text and "1 of 2 questions answered" in htmx.text
    q1a = questionnaire.questions.get(number="1.a")
    client.post(url, {f"answer-{q1a.pk}": "Whole form (synthetic)"})
    assert reply.answers.get(question=q1a).text == "<p>Whole form (synthetic)</p>"
    client.post(f"/en/replies/{reply.pk}/submit/")
    reply.refresh_from_db()
    assert reply.status == "submitted"
    assert "submitted and locked" in client.get(url).text


def test_the_secretariat_sees_the_history_of_a_reply(
    client, questionnaire, secretariat, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "First version", focal_point_france)
    answer(reply, "1", "Second version", focal_point_france)
    client.force_login(focal_point_france)
    assert client.get(f"/en/replies/{reply.pk}/history/").status_code == 403
    client.force_login(secretariat)
    page = client.get(f"/en/replies/{reply.pk}/history/").text
    assert page.count("answer saved") == 2 and "francois" in page


def test_the_state_of_play_shows_who_replied_and_who_is_late(
    client, questionnaire, secretariat, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic", focal_point_france)
    client.force_login(secretariat)
    page = client.get("/en/rounds/test-round/state-of-play/").text
    assert "France" in page and "1 / 2" in page and "not started" in page
    assert mail.outbox == []


def test_a_refused_document_is_explained_in_the_readers_language(questionnaire, focal_point_france):
    from django.utils import translation

    reply = start(questionnaire, focal_point_france)
    with translation.override("fr"), pytest.raises(ReplyError) as refused:
        services.attachment_add(
            reply=reply,
            name="photo.pdf",
            actor=focal_point_france,
            data=b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        )
    assert str(refused.value).startswith("les images ne sont pas acceptées")


def test_general_overview_replies_are_published_from_its_page(
    client, secretariat, focal_point_france
):
    from lanzarote.monitoring.models import Questionnaire

    overview = Questionnaire.objects.get(uid="general-overview")
    reply = start(overview, focal_point_france)
    answer(reply, "1", "Synthetic definition of a child", focal_point_france)
    services.reply_submit(reply=reply, actor=focal_point_france)
    assert client.get("/en/questionnaires/general-overview/states/FR/").status_code == 404
    client.force_login(secretariat)
    client.post("/en/questionnaires/general-overview/publish/")
    client.logout()
    assert (
        "Synthetic definition" in client.get("/en/questionnaires/general-overview/states/FR/").text
    )


def test_the_history_reads_as_sentences(client, questionnaire, secretariat, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic", focal_point_france)
    services.attachment_add(
        reply=reply, name="annex.pdf", data=pdf_bytes(), actor=focal_point_france
    )
    client.force_login(secretariat)
    page = client.get(f"/en/replies/{reply.pk}/history/").text
    assert "answer saved" in page and "document attached" in page and "reply started" in page


def test_a_reply_submitted_in_another_tab_is_not_changed_by_a_late_autosave(
    client, questionnaire, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic", focal_point_france)
    services.reply_submit(reply=reply, actor=focal_point_france)
    client.force_login(focal_point_france)
    q1 = questionnaire.questions.get(number="1")
    late = client.post(
        f"/en/replies/{reply.pk}/answers/{q1.pk}/",
        {f"answer-{q1.pk}": "Late"},
        HTTP_HX_REQUEST="true",
    )
    assert late.status_code == 409
    again = client.post(f"/en/replies/{reply.pk}/submit/")
    assert again["Location"] == f"/en/replies/{reply.pk}/"
    assert reply.answers.get(question=q1).text == "<p>Synthetic</p>"


def test_lateness_is_judged_by_the_day_in_the_committees_time_zone(questionnaire):
    from django.utils import timezone

    questionnaire.deadline = dt.date(2026, 11, 22)
    # 23:30 UTC on the 22nd is already the 23rd in Strasbourg (settings.TIME_ZONE)
    late = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)
    on_time = dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC)
    assert timezone.get_default_timezone_name() == "Europe/Paris"
    assert questionnaire.is_late(late) and not questionnaire.is_late(on_time)


class ReplyForm(HTMLParser):
    """The fields of the reply form (#answers) as a browser would post them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside, self._textarea = False, ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("id") == "answers"
        elif self._inside and tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif self._inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "textarea":
            self._textarea = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def reply_form(client, reply) -> dict[str, str]:
    return ReplyForm(client.get(f"/en/replies/{reply.pk}/").text).fields


def saves_recorded() -> int:
    return AuditEvent.objects.filter(action="answer.save").count()


def test_save_all_with_an_answer_over_the_limit_saves_nothing_and_keeps_every_text(
    client, questionnaire, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    q1, q1a = (questionnaire.questions.get(number=n) for n in ("1", "1.a"))
    client.force_login(focal_point_france)
    form = reply_form(client, reply)
    long_text = "Synthetic statute text. " * 4200  # 100,800 characters
    form[f"answer-{q1.pk}"] = "Training is given to teachers (synthetic)."
    form[f"answer-{q1a.pk}"] = long_text
    response = client.post(f"/en/replies/{reply.pk}/", form)
    assert response.status_code == 422  # the form again, not a server error
    assert reply.answers.count() == 0 and saves_recorded() == 0  # all or nothing
    again = ReplyForm(response.text).fields
    assert again[f"answer-{q1.pk}"] == "Training is given to teachers (synthetic)."
    assert again[f"answer-{q1a.pk}"] == long_text  # every typed text is still in its field
    assert "100,800 characters long, 800 over the limit of 100,000" in response.text
    assert "nothing was saved" in response.text
    again[f"answer-{q1a.pk}"] = "Yes (synthetic)."
    assert client.post(f"/en/replies/{reply.pk}/", again).status_code == 302
    assert reply.answers.exclude(text="").count() == 2


def test_save_all_records_only_the_answers_the_person_changed(
    client, questionnaire, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Yes, for teachers.\n\nNot for coaches.", focal_point_france)
    q1, q1a = (questionnaire.questions.get(number=n) for n in ("1", "1.a"))
    client.force_login(focal_point_france)
    form = reply_form(client, reply)
    before = saves_recorded()
    client.post(f"/en/replies/{reply.pk}/", form)  # nothing changed
    # as a browser sends it: line breaks as CR LF
    form[f"answer-{q1.pk}"] = form[f"answer-{q1.pk}"].replace("\n", "\r\n")
    client.post(f"/en/replies/{reply.pk}/", form)
    assert saves_recorded() == before and not reply.answers.filter(question=q1a).exists()
    form[f"answer-{q1a.pk}"] = "Compulsory for teachers (synthetic)."
    client.post(f"/en/replies/{reply.pk}/", form)
    assert saves_recorded() == before + 1


def test_the_second_of_two_tabs_is_shown_both_texts_instead_of_overwriting(
    client, questionnaire, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    q1 = questionnaire.questions.get(number="1")
    client.force_login(focal_point_france)
    first_tab, second_tab = reply_form(client, reply), reply_form(client, reply)
    url = f"/en/replies/{reply.pk}/answers/{q1.pk}/"
    first_tab[f"answer-{q1.pk}"] = "Text of the first tab (synthetic)."
    saved = client.post(url, first_tab, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and 'data-version="1"' in saved.text
    second_tab[f"answer-{q1.pk}"] = "Text of the second tab (synthetic)."
    conflict = client.post(url, second_tab, HTTP_HX_REQUEST="true")
    assert conflict.status_code == 409
    assert "Text of the first tab" in conflict.text and "Text of the second tab" in conflict.text
    assert reply.answers.get(question=q1).text == "<p>Text of the first tab (synthetic).</p>"
    # "Save all" from the second tab is refused the same way, its text kept in the field
    page = client.post(f"/en/replies/{reply.pk}/", second_tab)
    assert page.status_code == 422 and "Their text (saved)" in page.text
    kept = ReplyForm(page.text).fields
    assert kept[f"answer-{q1.pk}"] == "Text of the second tab (synthetic)."
    # having seen theirs, saving again keeps the second tab's text
    assert client.post(f"/en/replies/{reply.pk}/", kept).status_code == 302
    assert "second tab" in reply.answers.get(question=q1).text


def test_a_save_carrying_an_older_version_is_a_conflict(questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    question = questionnaire.questions.get(number="1")
    first = services.answer_save(
        reply=reply, question=question, text="One", version=0, actor=focal_point_france
    )
    assert first.version == 1
    with pytest.raises(services.AnswerConflict) as conflict:
        services.answer_save(
            reply=reply, question=question, text="Two", version=0, actor=focal_point_france
        )
    assert conflict.value.answer.text == "<p>One</p>"
    # the same text typed twice is no conflict; without a version, the save goes through
    services.answer_save(
        reply=reply, question=question, text="One", version=0, actor=focal_point_france
    )
    assert (
        services.answer_save(
            reply=reply, question=question, text="Three", actor=focal_point_france
        ).version
        == 2
    )


def test_autosave_says_why_an_answer_is_not_saved(client, questionnaire, focal_point_france):
    reply = start(questionnaire, focal_point_france)
    q1 = questionnaire.questions.get(number="1")
    url = f"/en/replies/{reply.pk}/answers/{q1.pk}/"
    client.force_login(focal_point_france)
    too_long = client.post(url, {f"answer-{q1.pk}": "x" * 100_001}, HTTP_HX_REQUEST="true")
    assert too_long.status_code == 422 and "over the limit of 100,000" in too_long.text
    client.logout()
    ended = client.post(url, {f"answer-{q1.pk}": "Synthetic"}, HTTP_HX_REQUEST="true")
    assert ended.status_code == 401
    assert ended.text == "Your session has ended; sign in in another tab, your text is kept here."
    assert not reply.answers.exists()


def test_the_reply_page_shows_the_limit_and_a_counter_beside_each_answer(
    client, questionnaire, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Twelve chars", focal_point_france)
    client.force_login(focal_point_france)
    page = client.get(f"/en/replies/{reply.pk}/").text
    assert "12 of 100,000 characters" in page and "0 of 100,000 characters" in page
    assert "replies/reply_edit.js" in page


def test_a_second_focal_point_submitting_is_told_who_submitted_first(
    client, questionnaire, focal_point_france
):
    from tests.conftest import make_user

    colleague = make_user("fabienne", "focal_point", party=State.objects.get(iso2="FR"))
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic", focal_point_france)
    stale = Reply.objects.get(pk=reply.pk)  # what the colleague's page loaded
    services.reply_submit(reply=reply, actor=focal_point_france)
    with pytest.raises(services.ReplyLocked, match="already submitted by francois on"):
        services.reply_submit(reply=stale, actor=colleague)
    with pytest.raises(services.ReplyLocked, match="already submitted"):
        services.answer_save(
            reply=stale,
            question=questionnaire.questions.get(number="1"),
            text="Changed",
            actor=colleague,
        )
    client.force_login(colleague)
    response = client.post(f"/en/replies/{reply.pk}/submit/", follow=True)
    assert response.status_code == 200 and "already submitted by francois on" in response.text


def test_the_respondent_reads_why_the_secretariat_reopened_the_reply(
    client, questionnaire, secretariat, focal_point_france
):
    reply = start(questionnaire, focal_point_france)
    answer(reply, "1", "Synthetic", focal_point_france)
    services.reply_submit(reply=reply, actor=focal_point_france)
    services.reply_reopen(reply=reply, actor=secretariat, reason="Annex 2 is missing")
    client.force_login(focal_point_france)
    page = client.get(f"/en/replies/{reply.pk}/").text
    assert "The Secretariat reopened this reply on" in page and "Annex 2 is missing" in page
    own = client.get("/en/questionnaires/test-questionnaire/states/FR/").text
    assert "Annex 2 is missing" in own
    with pytest.raises(ReplyError, match="already open"):
        services.reply_reopen(reply=reply, actor=secretariat, reason="again")
    services.reply_submit(reply=reply, actor=focal_point_france)
    assert "Annex 2 is missing" not in client.get(f"/en/replies/{reply.pk}/").text


def link_passages(reply, question, count: int, tag: str) -> None:
    """``count`` read passages of a document attached to ``reply``, linked to ``question``
    (made directly: reading a real document of thousands of paragraphs takes too long here)."""
    from lanzarote.replies.models import Attachment, Document, Passage, PassageLink

    document = Document.objects.create(
        sha256=f"{tag:0>64}",
        file="documents/synthetic.txt",
        kind="text",
        content_type="text/plain; charset=utf-8",
        size=1,
        status="ready",
    )
    attachment = Attachment.objects.create(reply=reply, document=document, original_name="a.txt")
    passages = Passage.objects.bulk_create(
        Passage(
            document=document,
            index=i,
            page=1,
            start=0,
            end=1,
            text=f"Synthetic passage {tag}-{i:04d}.",
        )
        for i in range(count)
    )
    PassageLink.objects.bulk_create(
        PassageLink(
            attachment=attachment, passage=p, question=question, method="numbering", confidence=0.9
        )
        for p in passages
    )


def test_the_by_question_view_is_paged_and_its_queries_do_not_grow(
    client, questionnaire, secretariat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    q1 = questionnaire.questions.get(number="1")
    for state in State.objects.order_by("iso2")[:23]:
        reply = services.reply_start(questionnaire=questionnaire, actor=secretariat, party=state)
        answer(reply, "1", f"Synthetic answer of {state.iso2}", secretariat)
    client.force_login(secretariat)
    url = "/en/questionnaires/test-questionnaire/questions/1/"
    link_passages(reply, q1, 60, "a")
    with CaptureQueriesContext(connection) as fewer:
        client.get(url)
    link_passages(reply, q1, 600, "b")
    with CaptureQueriesContext(connection) as more:
        page = client.get(url)
    assert len(more) == len(fewer)
    assert (
        page.text.count('class="answer-card"') == 20 and "23 answers · 1 to 20 shown" in page.text
    )
    assert page.text.count('class="passage-card"') == 50
    assert "660 passages · 1 to 50 shown" in page.text and len(page.content) < 300_000
    last = client.get(url + "?passages=14")
    assert "651 to 660 shown" in last.text and "Synthetic passage b-0599." in last.text
    assert client.get(url + "?page=2").text.count('class="answer-card"') == 3
    for nonsense in ("abc", "-1", "9" * 5000):  # never a server error
        assert client.get(url + f"?passages={nonsense}&page={nonsense}").status_code == 200
