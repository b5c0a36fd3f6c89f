"""Reply documents read by the system: passages, links to questions, search, failures."""

import errno
import hashlib
import io
import subprocess
from pathlib import Path

import docx
import pytest

from lanzarote.lib import storage
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring import services as monitoring
from lanzarote.replies import ingestion, services
from lanzarote.replies.models import Document, Passage, PassageLink
from lanzarote.replies.services import ReplyError
from lanzarote.search.models import SearchEntry
from lanzarote.search.selectors import search
from tests.pdfgen import make_pdf
from tests.search_rows import orphan_entries

REPLY_PAGES = [
    [
        "Reply of a synthetic Party to the thematic questionnaire",
        "Introduction.",
        "This reply was prepared by the ministries concerned.",
    ],
    [
        "Question 1",
        "Professionals working with children follow a training",
        "module on recognising signs of abuse and on reporting duties.",
    ],
    ["Question 1.a", "The training is compulsory for teachers and police officers."],
]


def attach(reply, data, actor, capture, name="reply.pdf"):
    with capture(execute=True):  # the background reading runs when the upload commits
        return services.attachment_add(reply=reply, name=name, data=data, actor=actor)


@pytest.fixture
def french_reply(questionnaire, focal_point_france):
    return services.reply_start(questionnaire=questionnaire, actor=focal_point_france)


def test_an_uploaded_pdf_becomes_passages_linked_to_its_questions(
    french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    assert (document.status, document.pages, document.language) == ("ready", 3, "en")
    training = Passage.objects.get(document=document, text__startswith="Professionals")
    assert training.page == 2
    link = PassageLink.objects.get(attachment=attachment, passage=training)
    assert (link.question.number, link.method) == ("1", "numbering")
    compulsory = PassageLink.objects.get(
        attachment=attachment, passage__text__startswith="The training is compulsory"
    )
    assert compulsory.question.number == "1.a"


def test_the_same_file_is_read_once_for_every_reply_that_attaches_it(
    questionnaire, focal_point_france, focal_point_italy, django_capture_on_commit_callbacks
):
    data = make_pdf(REPLY_PAGES)
    first = attach(
        services.reply_start(questionnaire=questionnaire, actor=focal_point_france),
        data,
        focal_point_france,
        django_capture_on_commit_callbacks,
    )
    second = attach(
        services.reply_start(questionnaire=questionnaire, actor=focal_point_italy),
        data,
        focal_point_italy,
        django_capture_on_commit_callbacks,
    )
    assert first.document_id == second.document_id
    assert Document.objects.get(pk=first.document_id).attempts == 1
    assert second.links.exclude(question=None).exists()


def test_word_replies_are_read_too(
    french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    document = docx.Document()
    document.add_heading("Réponse à la question 1", level=2)
    document.add_paragraph(
        "Les enseignants et les policiers suivent une formation obligatoire "
        "sur les signes d'abus et le signalement."
    )
    out = io.BytesIO()
    document.save(out)
    attachment = attach(
        french_reply,
        out.getvalue(),
        focal_point_france,
        django_capture_on_commit_callbacks,
        name="reponse.docx",
    )
    stored = Document.objects.get(pk=attachment.document_id)
    assert (stored.status, stored.language) == ("ready", "fr")
    assert attachment.links.filter(question__number="1").exists()


def test_a_link_corrected_by_the_secretariat_survives_a_new_reading(
    french_reply, focal_point_france, secretariat, django_capture_on_commit_callbacks
):
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    link = attachment.links.get(passage__text__startswith="Professionals")
    question_1a = french_reply.questionnaire.questions.get(number="1.a")
    ingestion.link_correct(link=link, question=question_1a, actor=secretariat)
    ingestion.attachment_link(attachment=attachment)  # a re-run
    link = attachment.links.get(passage__text__startswith="Professionals")
    assert (link.question, link.method, link.corrected_by) == (
        question_1a,
        "secretariat",
        secretariat,
    )
    with pytest.raises(NotAllowed):
        ingestion.link_correct(link=link, question=None, actor=focal_point_france)


def test_passages_are_searchable_only_by_those_who_may_read_the_reply(
    french_reply,
    focal_point_france,
    focal_point_italy,
    secretariat,
    django_capture_on_commit_callbacks,
):
    attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )

    def found(viewer):
        return {hit.kind for hit in search(text="compulsory teachers", viewer=viewer).hits}

    assert "passage" in found(focal_point_france) and "passage" in found(secretariat)
    assert found(focal_point_italy) == set() and found(None) == set()  # a draft: not public
    assert search(text="compulsory teachers", viewer=None).total == 0  # not even counted
    services.answer_save(
        reply=french_reply,
        actor=focal_point_france,
        question=french_reply.questionnaire.questions.get(number="1"),
        text="Synthetic typed answer about compulsory teachers training",
    )
    services.reply_submit(reply=french_reply, actor=focal_point_france)
    round_ = french_reply.questionnaire.round
    monitoring.round_step(round_=round_, step="close_replies", actor=secretariat)
    monitoring.round_publish_replies(round_=round_, actor=secretariat)
    assert found(None) == {"passage", "answer"}  # published: now everyone's


def test_the_by_question_view_shows_passages_citing_document_and_page(
    client, french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    client.force_login(focal_point_france)
    page = client.get("/en/questionnaires/test-questionnaire/questions/1/").text
    assert "Professionals working with children" in page
    assert f"/en/attachments/{attachment.pk}/?inline=1#page=2" in page
    inline = client.get(f"/en/attachments/{attachment.pk}/?inline=1")
    assert inline["Content-Disposition"].startswith("inline")


def test_a_crash_leaves_no_passage_and_the_document_is_read_again(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, monkeypatch
):
    def crash(pages):
        raise MemoryError("simulated crash while splitting")

    monkeypatch.setattr(ingestion, "split_passages", crash)
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    assert document.status == "failed" and not document.passages.exists()
    Document.objects.filter(pk=document.pk).update(status="reading")  # as a killed worker leaves it
    assert document.pk in ingestion.documents_to_resume()
    monkeypatch.undo()
    assert ingestion.document_ingest(document_id=document.pk).status == "ready"
    assert document.passages.exists()


# --- hostile and broken files: tests/hostile.py and tests/test_hostile_files.py ------------


def _stored_path(data: bytes) -> Path:
    from django.conf import settings

    digest = hashlib.sha256(data).hexdigest()
    return Path(settings.MEDIA_ROOT) / "documents" / digest[:2] / f"{digest}.pdf"


def test_a_partial_file_left_by_an_interrupted_upload_is_replaced_by_the_intact_document(
    french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    data = make_pdf(REPLY_PAGES)
    path = _stored_path(data)
    path.parent.mkdir(parents=True)
    path.write_bytes(data[: len(data) // 3])  # what a write cut off by a full disk left there
    attachment = attach(french_reply, data, focal_point_france, django_capture_on_commit_callbacks)
    document = Document.objects.get(pk=attachment.document_id)
    assert document.status == "ready" and document.pages == 3
    assert path.read_bytes() == data


def test_a_write_cut_off_by_a_full_disk_stores_nothing_and_says_why(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, monkeypatch
):
    data = make_pdf(REPLY_PAGES)

    def full_disk(handle, chunk):
        handle.write(chunk[: len(chunk) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write", full_disk)
    with pytest.raises(ReplyError, match="disk is full"):
        attach(french_reply, data, focal_point_france, django_capture_on_commit_callbacks)
    assert not Document.objects.exists() and not french_reply.attachments.exists()
    folder = _stored_path(data).parent
    assert not folder.exists() or list(folder.iterdir()) == []  # no partial file, no temporary
    monkeypatch.undo()
    attachment = attach(french_reply, data, focal_point_france, django_capture_on_commit_callbacks)
    assert Document.objects.get(pk=attachment.document_id).status == "ready"
    assert _stored_path(data).read_bytes() == data


def test_a_stored_copy_damaged_after_upload_fails_with_a_reason_and_a_new_upload_repairs_it(
    french_reply,
    focal_point_france,
    focal_point_italy,
    questionnaire,
    django_capture_on_commit_callbacks,
):
    data = make_pdf(REPLY_PAGES)
    with django_capture_on_commit_callbacks(execute=False):  # uploaded, not yet read
        attachment = services.attachment_add(
            reply=french_reply, name="reply.pdf", data=data, actor=focal_point_france
        )
    _stored_path(data).write_bytes(data[:1000])
    document = ingestion.document_ingest(document_id=attachment.document_id)
    assert (document.status, document.error_reason) == ("failed", "stored_damaged")
    assert document.error == "the stored copy is damaged; upload it again"
    assert not document.passages.exists()
    italy = services.reply_start(questionnaire=questionnaire, actor=focal_point_italy)
    attach(italy, data, focal_point_italy, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.status == "ready" and _stored_path(data).read_bytes() == data


@pytest.mark.slow
def test_an_upload_on_a_really_full_filesystem_leaves_nothing_behind(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, settings, tmp_path
):
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    try:
        settings.MEDIA_ROOT = small
        data = make_pdf(REPLY_PAGES * 120)  # 147 kB: larger than the filesystem
        with pytest.raises(ReplyError, match="disk is full"):
            attach(french_reply, data, focal_point_france, django_capture_on_commit_callbacks)
        leftovers = [p for p in small.rglob("*") if p.is_file()]
        assert leftovers == [] and not Document.objects.exists()
    finally:
        subprocess.run(["umount", str(small)], check=False)


# --- one worker per document, bounded work, where a document stands ---------------------------


def _uploaded(reply, data, actor, capture):
    with capture(execute=False):  # uploaded, the worker has not started on it
        attachment = services.attachment_add(reply=reply, name="reply.pdf", data=data, actor=actor)
    return Document.objects.get(pk=attachment.document_id), attachment


def test_a_second_worker_given_the_same_document_skips_it(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, monkeypatch
):
    document, _ = _uploaded(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    real, readings, second = ingestion.read_pages, [], []

    def counting(*args, **kwargs):
        readings.append(1)
        return real(*args, **kwargs)

    def first_worker_at_page(page, total):
        if page == 1:  # meanwhile, a second worker gets the same document
            second.append(ingestion.document_ingest(document_id=document.pk).status)

    monkeypatch.setattr(ingestion, "read_pages", counting)
    result = ingestion.document_ingest(document_id=document.pk, on_page=first_worker_at_page)
    assert second == ["reading"] and len(readings) == 1
    assert (result.status, result.attempts) == ("ready", 1)
    assert result.passages.count() == len({p.index for p in result.passages.all()})


def test_a_document_that_failed_for_lack_of_disk_space_says_so_and_is_retried(
    client,
    french_reply,
    focal_point_france,
    secretariat,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from django.db import OperationalError

    def full(*args, **kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(ingestion, "insert_rows", full)
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    assert (document.status, document.error_reason) == ("failed", "disk_full")
    assert "the server's disk was full" in document.error and document.retryable
    monkeypatch.undo()
    client.force_login(focal_point_france)  # the focal point is told, and has no retry button
    status = client.get(f"/en/attachments/{attachment.pk}/status/").text
    assert "disk was full" in status and "try reading it again" not in status
    assert client.post(f"/en/attachments/{attachment.pk}/retry/").status_code == 403
    client.force_login(secretariat)
    status = client.get(f"/en/attachments/{attachment.pk}/status/").text
    assert f'action="/en/attachments/{attachment.pk}/retry/"' in status
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/attachments/{attachment.pk}/retry/")
    document.refresh_from_db()
    assert document.status == "ready" and document.passages.exists()


def test_a_disk_full_failure_is_queued_again_when_a_worker_starts(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, monkeypatch
):
    document, _ = _uploaded(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    monkeypatch.setattr(
        ingestion,
        "split_passages",
        lambda pages: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")),
    )
    assert ingestion.document_ingest(document_id=document.pk).error_reason == "disk_full"
    monkeypatch.undo()
    assert ingestion.document_requeue_unfinished(enqueue=False) == [document.pk]
    assert ingestion.document_ingest(document_id=document.pk).status == "ready"


def test_a_document_longer_than_the_limits_is_read_up_to_them_and_says_so(
    client, french_reply, focal_point_france, django_capture_on_commit_callbacks, settings
):
    settings.LANZAROTE_MAX_PAGES = 2
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    assert (document.status, document.cut_reason, document.cut_pages, document.pages) == (
        "ready",
        "pages",
        2,
        3,
    )
    assert not document.passages.filter(page=3).exists()
    client.force_login(focal_point_france)
    status = client.get(f"/en/attachments/{attachment.pk}/status/").text
    assert "read the first 2 of 3 pages; the rest was not read because" in status
    assert "documents are read up to 2 pages" in status


@pytest.mark.parametrize(
    ("limit", "value", "reason"),
    [
        ("LANZAROTE_MAX_PASSAGES", 3, "passages"),
        ("LANZAROTE_MAX_CHARACTERS", 100, "characters"),
        ("LANZAROTE_READ_SECONDS", 0, "time"),
    ],
)
def test_passages_characters_and_time_are_bounded_too(
    limit,
    value,
    reason,
    french_reply,
    focal_point_france,
    django_capture_on_commit_callbacks,
    settings,
):
    setattr(settings, limit, value)
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    assert (document.status, document.cut_reason) == ("ready", reason)
    assert document.passages.count() <= (3 if reason == "passages" else 4)


def test_the_page_says_where_a_document_stands(
    client, french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    first, _ = _uploaded(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    second, attachment = _uploaded(
        french_reply,
        make_pdf(REPLY_PAGES[:2]),
        focal_point_france,
        django_capture_on_commit_callbacks,
    )
    client.force_login(focal_point_france)

    def status():
        return client.get(f"/en/attachments/{attachment.pk}/status/").text

    assert "waiting to be read (number 2 in the queue)" in status()
    ingestion.document_ingest(document_id=first.pk)
    assert "waiting to be read (number 1 in the queue)" in status()
    Document.objects.filter(pk=second.pk).update(status="reading", stage="linking")
    assert "linking to questions and indexing for search" in status()


def test_the_api_says_where_a_document_stands_and_whether_it_was_cut(
    client, french_reply, focal_point_france, django_capture_on_commit_callbacks, settings
):
    settings.LANZAROTE_MAX_PAGES = 2
    attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    client.force_login(focal_point_france)
    [document] = client.get(f"/api/replies/{french_reply.pk}").json()["attachments"]
    assert (document["status"], document["cut"], document["pages_read"], document["pages"]) == (
        "ready",
        "pages",
        2,
        3,
    )
    assert document["passages"] >= 1 and document["error"] == ""


def test_an_operator_reads_a_failed_document_again_by_naming_it(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.management import call_command

    monkeypatch.setattr(
        ingestion,
        "split_passages",
        lambda pages: (_ for _ in ()).throw(RuntimeError("a library crash")),
    )
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    assert document.status == "failed"
    monkeypatch.undo()
    assert ingestion.document_ingest(document_id=document.pk).status == "failed"  # a stray task
    call_command("ingest", document=document.pk, stdout=io.StringIO(), stderr=io.StringIO())
    document.refresh_from_db()
    assert document.status == "ready" and document.error == ""


def test_a_damaged_stored_copy_is_never_served_as_the_document(
    client, french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    data = make_pdf(REPLY_PAGES)
    attachment = attach(french_reply, data, focal_point_france, django_capture_on_commit_callbacks)
    client.force_login(focal_point_france)
    assert b"".join(client.get(f"/en/attachments/{attachment.pk}/").streaming_content) == data
    _stored_path(data).write_bytes(data[:1000])  # cut by a disk fault after the upload
    response = client.get(f"/en/attachments/{attachment.pk}/")
    assert response.status_code == 410 and "upload the document again" in response.text


def test_a_waiting_document_says_when_the_worker_is_not_running(
    client,
    french_reply,
    focal_point_france,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    import datetime as dt
    import json

    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    _, attachment = _uploaded(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    client.force_login(focal_point_france)

    def status():
        return client.get(f"/en/attachments/{attachment.pk}/status/").text

    assert "the background worker that reads documents is not running" in status()

    def beat(minutes_ago):
        at = timezone.now() - dt.timedelta(minutes=minutes_ago)
        (tmp_path / "worker.json").write_text(json.dumps({"heartbeat_at": at.isoformat()}))

    beat(minutes_ago=7)
    assert "has not been seen for 7 minutes" in status()
    beat(minutes_ago=0)
    assert "background worker" not in status()
    assert "waiting to be read" in status()


# --- the search index follows the passages: its rows name them by id, no cascade removes them --


def test_a_removed_attachment_leaves_no_passage_in_search(
    french_reply, focal_point_france, django_capture_on_commit_callbacks
):
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    assert search(text="compulsory teachers", viewer=focal_point_france).total == 1
    services.attachment_remove(attachment=attachment, actor=focal_point_france)
    assert search(text="compulsory teachers", viewer=focal_point_france).total == 0
    assert not SearchEntry.objects.filter(reply_id=french_reply.pk).exists()


def test_a_document_read_again_leaves_no_entry_of_its_old_passages(
    french_reply, focal_point_france, django_capture_on_commit_callbacks, monkeypatch
):
    attachment = attach(
        french_reply, make_pdf(REPLY_PAGES), focal_point_france, django_capture_on_commit_callbacks
    )
    document = Document.objects.get(pk=attachment.document_id)
    old = set(document.passages.values_list("pk", flat=True))
    Document.objects.filter(pk=document.pk).update(status="queued")  # as a requeue leaves it
    assert ingestion.document_ingest(document_id=document.pk).status == "ready"
    passages = set(document.passages.values_list("pk", flat=True))
    entries = set(SearchEntry.objects.filter(document_id=document.pk).values_list("passage_id"))
    assert not old & passages and entries == {(pk,) for pk in passages}
    assert not orphan_entries()
    # read again, it fails this time: its passages go, and their rows with them
    Document.objects.filter(pk=document.pk).update(status="queued")
    monkeypatch.setattr(
        ingestion, "split_passages", lambda pages: (_ for _ in ()).throw(RuntimeError("crash"))
    )
    assert ingestion.document_ingest(document_id=document.pk).status == "failed"
    assert not SearchEntry.objects.filter(document_id=document.pk).exists()
    assert not orphan_entries()
    assert search(text="compulsory teachers", viewer=focal_point_france).total == 0
