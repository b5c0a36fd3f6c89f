"""Nothing half-done survives a crash, a full disk or a second worker: what a dead worker left is
recovered, a publication's languages appear together, orphan files and old task rows go, the
Secretariat sees the worker, a full disk is said in words."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lanzarote.assessments.models import Finding
from lanzarote.core import operations
from lanzarote.monitoring.models import Indicator
from lanzarote.parties.models import State
from lanzarote.reports import services as reports
from lanzarote.reports.models import Publication, Rendering

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def adopted(db):
    Finding.objects.create(
        indicator=Indicator.objects.get(scheme__round__uid="round-2", code="csam-term"),
        party=State.objects.get(iso2="FR"),
        value="yes",
        scheme_version=1,
        status="adopted",
    )


@pytest.fixture
def quick_render(monkeypatch):
    """Rendering as the product does it, without WeasyPrint's seconds."""
    monkeypatch.setattr(
        reports,
        "publication_files",
        lambda publication: {
            fmt: (
                f"{publication.key.replace(':', '-')}-v{publication.version}.{fmt}",
                f"{fmt} of {publication.key}".encode(),
            )
            for fmt in reports.CONTENT_TYPES
        },
    )


def publish_overview(client, secretariat, capture):
    from lanzarote.monitoring.models import Round

    with capture(execute=True):
        reports.overview_publish(round_=Round.objects.get(uid="round-2"), actor=secretariat)
    return {p.lang: p for p in Publication.objects.filter(kind="overview")}


def test_a_round_never_shows_one_language_of_a_publication_without_the_other(
    client, adopted, secretariat, quick_render, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS  # queued, rendered one by one below as the worker would
    made = publish_overview(client, secretariat, django_capture_on_commit_callbacks)
    reports.publication_render(publication_id=made["fr"].pk)
    made["fr"].refresh_from_db()
    assert made["fr"].status == "building"  # stored, waiting for its English version
    assert made["fr"].renderings.count() == 4
    assert "Comparative overview" not in client.get("/en/publications/").text
    assert "Vue d’ensemble comparative" not in client.get("/fr/publications/").text
    reports.publication_render(publication_id=made["en"].pk)
    assert set(Publication.objects.values_list("status", flat=True)) == {"published"}
    assert "Vue d’ensemble comparative" in client.get("/fr/publications/").text


def test_when_one_language_fails_the_other_is_failed_too_and_its_files_removed(
    client,
    adopted,
    secretariat,
    quick_render,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = DB_TASKS
    made = publish_overview(client, secretariat, django_capture_on_commit_callbacks)
    reports.publication_render(publication_id=made["fr"].pk)

    def broken(publication):
        raise RuntimeError("synthetic renderer failure")

    monkeypatch.setattr(reports, "publication_files", broken)
    reports.publication_render(publication_id=made["en"].pk)
    made["fr"].refresh_from_db()
    assert made["fr"].status == "failed"
    assert "synthetic renderer failure" in made["fr"].error
    assert not Rendering.objects.exists()
    assert not any((settings.MEDIA_ROOT / "publications").iterdir())


def claimed_by_a_dead_worker(times=1):
    """Claimed by a worker of this machine whose process is gone, `times` times."""
    import socket

    from django_tasks_db.models import DBTaskResult

    for row in DBTaskResult.objects.filter(status="READY"):
        for attempt in range(times):
            row.claim(f"{socket.gethostname()}-{99999990 + attempt}")  # no such process


def test_a_task_of_a_live_worker_is_left_alone_and_one_of_another_machine_after_an_hour(
    db, settings
):
    import os
    import socket

    from django_tasks_db.models import DBTaskResult

    from lanzarote.reports.services import render_publication

    settings.TASKS = DB_TASKS
    live, elsewhere = (render_publication.enqueue(pk) for pk in (1, 2))
    DBTaskResult.objects.get(pk=live.id).claim(f"{socket.gethostname()}-{os.getpid()}")
    DBTaskResult.objects.get(pk=elsewhere.id).claim("another-machine-4242")
    assert operations.tasks_recover(worker_id="new-worker") == (0, 0)
    DBTaskResult.objects.filter(pk=elsewhere.id).update(
        started_at=timezone.now() - operations.TASK_STALE_AFTER - timedelta(minutes=1)
    )
    assert operations.tasks_recover(worker_id="new-worker") == (1, 0)


def test_a_publication_whose_worker_died_is_queued_again_and_published(
    client, adopted, secretariat, quick_render, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    made = publish_overview(client, secretariat, django_capture_on_commit_callbacks)
    claimed_by_a_dead_worker()  # the worker took both renderings, then was killed
    done = operations.worker_maintain(worker_id="new-worker", at_start=True)
    assert done["tasks_requeued"] == 2
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # the same rows, no copies
    for pk in (made["en"].pk, made["fr"].pk):
        reports.publication_render(publication_id=pk)
    assert set(Publication.objects.values_list("status", flat=True)) == {"published"}


def test_a_publication_that_no_task_will_render_is_queued_again(
    client, adopted, secretariat, quick_render, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    publish_overview(client, secretariat, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the queue lost them (a task table restored, say)
    done = operations.worker_maintain(worker_id="new-worker")
    assert done["publications_requeued"] == 2
    assert operations.worker_maintain(worker_id="new-worker")["publications_requeued"] == 0


def test_a_rendering_interrupted_three_times_fails_with_its_reason(
    client, adopted, secretariat, quick_render, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    publish_overview(client, secretariat, django_capture_on_commit_callbacks)
    claimed_by_a_dead_worker(times=operations.MAX_ATTEMPTS)
    done = operations.worker_maintain(worker_id="new-worker")
    assert done["tasks_failed"] == 2 and done["publications_failed"] == 2
    failed = DBTaskResult.objects.filter(status="FAILED").first()
    assert "The worker stopped while running this task 3 times" in failed.traceback
    assert set(Publication.objects.values_list("status", flat=True)) == {"failed"}
    assert "the worker stopped while rendering it" in Publication.objects.first().error


def test_orphan_publication_files_are_removed_and_stored_ones_kept(
    client, adopted, secretariat, quick_render, settings, django_capture_on_commit_callbacks
):
    publish_overview(client, secretariat, django_capture_on_commit_callbacks)  # rendered at once
    folder = settings.MEDIA_ROOT / "publications"
    orphan = folder / "overview-round-2---en-v9.pdf"  # a crash between the file and its row
    orphan.write_bytes(b"half a PDF")
    assert reports.publication_files_orphaned(min_age=timedelta(hours=1)) == 0  # maybe writing
    assert reports.publication_files_orphaned(min_age=timedelta(0)) == 1
    assert not orphan.exists()
    assert len(list(folder.iterdir())) == 8
    for rendering in Rendering.objects.all():
        assert rendering.file.storage.exists(rendering.file.name)


def test_finished_task_results_are_deleted_after_the_retention_period(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    settings.LANZAROTE_TASK_RESULTS_DAYS = 14
    from lanzarote.reports.services import render_publication

    old, recent, queued = (render_publication.enqueue(pk) for pk in (1, 2, 3))
    now = timezone.now()
    DBTaskResult.objects.filter(pk=old.id).update(
        status="SUCCESSFUL", finished_at=now - timedelta(days=15)
    )
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="FAILED", finished_at=now - timedelta(days=13)
    )
    assert operations.task_results_prune() == 1
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert kept == {str(recent.id), str(queued.id)}


def test_documents_left_unread_are_queued_once(db, settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from lanzarote.replies import embedding, ingestion

    settings.TASKS = DB_TASKS
    monkeypatch.setattr(ingestion, "document_requeue_unfinished", lambda **kwargs: [7, 8])
    monkeypatch.setattr(embedding, "documents_to_embed", lambda: [8, 9])
    assert operations.documents_requeue() == (2, 1, 0)
    assert operations.documents_requeue() == (0, 0, 0)  # queued already: not twice
    assert DBTaskResult.objects.count() == 3


def test_publications_render_before_embeddings_wait():
    from lanzarote.replies.embedding import embed_document
    from lanzarote.reports.services import render_publication

    assert render_publication.priority > embed_document.priority


# --- the worker's state, for the Secretariat ---------------------------------------------------


def test_the_secretariat_sees_the_worker_and_is_warned_when_it_is_silent(
    client, secretariat, focal_point_france, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    started = timezone.now() - timedelta(hours=2)
    beat = timezone.now() - timedelta(minutes=7)
    (tmp_path / operations.STATE_FILE).write_text(
        json.dumps(
            {
                "pid": 4242,
                "worker_id": "w",
                "started_at": started.isoformat(),
                "heartbeat_at": beat.isoformat(),
            }
        )
    )
    client.force_login(focal_point_france)
    assert client.get("/en/system/").status_code == 403
    client.force_login(secretariat)
    page = client.get("/en/system/").text
    assert "4242" in page
    assert "The worker has not been seen for 7 minutes" in page
    assert "/en/system/" in client.get(reverse("my_work")).text
    operations.heartbeat_write(data_dir=tmp_path, worker_id="w", started_at=started)
    page = client.get("/en/system/").text
    assert "has not been seen" not in page and "Running since" in page
    french = client.get("/fr/system/").text
    assert "n’a pas été vu" not in french and "En marche depuis" in french


def test_the_worker_state_counts_the_tasks_of_the_database_queue(db, settings, tmp_path):
    from lanzarote.reports.services import render_publication

    settings.TASKS = DB_TASKS
    settings.DATA_DIR = tmp_path
    render_publication.enqueue(999_999)
    assert operations.worker_state().queued == 1


# --- the data folder belongs to one database ---------------------------------------------------


def test_a_data_folder_of_another_database_is_refused_and_can_be_set_aside(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert operations.data_folder_refusal() is None  # a new folder
    operations.database_marker_write()
    assert operations.data_folder_refusal() is None  # its own database
    (tmp_path / operations.MARKER_FILE).write_text(
        json.dumps({"identity": "sqlite:2020-01-01T00:00:00", "created": "2020-01-01"})
    )
    (tmp_path / "secret_key").write_text("synthetic")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "stored.pdf").write_bytes(b"synthetic")
    refusal = operations.data_folder_refusal()
    assert "belongs to the database created 2020-01-01" in refusal
    assert "lanzarote up --start-afresh" in refusal
    aside = operations.data_folder_set_aside()
    assert (aside / "secret_key").exists() and (aside / "files").is_dir()
    assert not (tmp_path / operations.MARKER_FILE).exists()
    assert operations.data_folder_refusal() is None


# --- a full disk, said in words ----------------------------------------------------------------


class PostgresDiskFull(Exception):
    sqlstate = "53100"  # as psycopg's DiskFull carries it


def disk_full_errors():
    import errno

    from django.db import OperationalError

    yield OSError(errno.ENOSPC, "No space left on device")
    yield OperationalError("database or disk is full")
    wrapped = OperationalError('could not extend file "base/16384/2619"')
    wrapped.__cause__ = PostgresDiskFull()
    yield wrapped


@pytest.mark.parametrize("error", list(disk_full_errors()), ids=["os", "sqlite", "postgresql"])
def test_a_full_disk_answers_503_saying_nothing_was_saved_and_logs_it(
    client, secretariat, monkeypatch, caplog, error
):
    from lanzarote.accounts import services as accounts

    def full(**kwargs):
        raise error

    monkeypatch.setattr(accounts, "profile_set_language", full)
    client.force_login(secretariat)
    response = client.post(reverse("my_work"), {"language": "fr"})
    assert response.status_code == 503
    assert "The server’s disk is full; nothing you sent was saved" in response.text
    assert "tell the Secretariat" in response.text
    assert any("disk is full" in record.getMessage() for record in caplog.records)
    french = client.post(reverse("my_work").replace("/en/", "/fr/"), {"language": "fr"})
    assert french.status_code == 503 and "Le disque du serveur est plein" in french.text


def test_other_errors_still_give_the_server_error_page(client, secretariat, monkeypatch):
    from lanzarote.accounts import services as accounts

    def broken(**kwargs):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr(accounts, "profile_set_language", broken)
    client.raise_request_exception = False
    client.force_login(secretariat)
    assert client.post(reverse("my_work"), {"language": "fr"}).status_code == 500


def test_a_full_disk_met_outside_a_view_is_said_too(rf):
    import errno

    from lanzarote.core.middleware import server_error

    request = rf.post("/en/accounts/")
    try:
        raise OSError(errno.ENOSPC, "No space left on device")  # saving the session, say
    except OSError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "600"


def _unreachable_errors():
    """Real errors of a database that cannot be reached, as Django raises them: PostgreSQL
    refusing a connection (nothing listens on port 1), SQLite unable to open its file."""
    import sqlite3

    import psycopg
    from django.db import OperationalError

    errors = []
    try:
        psycopg.connect("host=127.0.0.1 port=1 dbname=x connect_timeout=2").close()
    except psycopg.OperationalError as exc:
        wrapped = OperationalError(*exc.args)
        wrapped.__cause__ = exc
        errors.append(wrapped)
    try:
        sqlite3.connect("/nonexistent-folder/lanzarote.sqlite3").execute("select 1")
    except sqlite3.OperationalError as exc:
        wrapped = OperationalError(*exc.args)
        wrapped.__cause__ = exc
        errors.append(wrapped)
    assert len(errors) == 2
    return errors


@pytest.mark.parametrize("which", ["postgresql", "sqlite"])
def test_a_database_that_cannot_be_reached_answers_503_saying_nothing_was_saved(
    client, secretariat, monkeypatch, caplog, which
):
    from lanzarote.accounts import services as accounts

    error = _unreachable_errors()[0 if which == "postgresql" else 1]

    def unreachable(**kwargs):
        raise error

    monkeypatch.setattr(accounts, "profile_set_language", unreachable)
    client.force_login(secretariat)
    response = client.post(reverse("my_work"), {"language": "fr"})
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "The database cannot be reached just now; nothing you sent was saved" in response.text
    assert any("database cannot be reached" in r.getMessage() for r in caplog.records)
    api = client.post(reverse("my_work"), {"language": "fr"}, HTTP_HX_REQUEST="true")
    assert api.status_code == 503 and "cannot be reached" in api.json()["detail"]


def test_an_unreachable_database_met_outside_a_view_is_said_too(rf):
    from lanzarote.core.middleware import server_error

    request = rf.get("/en/")
    try:
        raise _unreachable_errors()[0]
    except Exception:
        response = server_error(request)
    assert response.status_code == 503


def test_a_database_error_that_is_not_about_reaching_it_stays_a_server_error():
    from django.db import IntegrityError, OperationalError

    from lanzarote.core.middleware import is_database_unreachable

    assert not is_database_unreachable(IntegrityError("UNIQUE constraint failed: x.y"))
    assert not is_database_unreachable(OperationalError("no such table: x"))
    assert not is_database_unreachable(RuntimeError("could not connect the dots"))


# --- a real worker, killed in the middle of a rendering ------------------------------------------

PUBLISH = """
from django.contrib.auth import get_user_model
from lanzarote.accounts.models import Profile
from lanzarote.assessments.models import Finding
from lanzarote.monitoring.models import Indicator, Round
from lanzarote.parties.models import State
from lanzarote.reports.services import overview_publish

user = get_user_model().objects.create_user("sofia")
Profile.objects.create(user=user, role=Profile.Role.SECRETARIAT)
Finding.objects.create(indicator=Indicator.objects.get(scheme__round__uid="round-2",
                       code="csam-term"), party=State.objects.get(iso2="FR"), value="yes",
                       scheme_version=1, status="adopted")
overview_publish(round_=Round.objects.get(uid="round-2"), actor=user)
"""


@pytest.mark.slow
@pytest.mark.rendering
def test_a_worker_killed_while_rendering_leaves_nothing_half_done(tmp_path):
    """The worker is killed once the first file of a rendering is written (before its rows):
    nothing is published, and a new worker removes the orphan files and publishes both."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    data_dir = tmp_path / "var"
    data_dir.mkdir()
    environment = {**os.environ, "LANZAROTE_DATA_DIR": str(data_dir)}
    for name in ("DATABASE_URL", "SITE_URL"):
        environment.pop(name, None)

    def lanzarote(*args):
        return [sys.executable, "-m", "lanzarote.cli", *args]

    for step in (lanzarote("migrate"), lanzarote("load"), lanzarote("shell", "-c", PUBLISH)):
        done = subprocess.run(step, env=environment, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    database = sqlite3.connect(data_dir / "lanzarote.sqlite3", timeout=20)
    folder = data_dir / "files" / "publications"

    def statuses():
        return dict(database.execute("SELECT lang, status FROM reports_publication").fetchall())

    def renderings():
        return {row[0] for row in database.execute("SELECT file FROM reports_rendering")}

    def stored():
        return {f"publications/{p.name}" for p in folder.iterdir()} if folder.exists() else set()

    worker = subprocess.Popen(
        lanzarote("worker"), env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 300
        while not stored() and time.monotonic() < deadline:
            time.sleep(0.005)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert stored(), "the worker wrote no file in time"
        assert statuses() == {"en": "building", "fr": "building"}  # nothing published
        # most often some files of the interrupted rendering are there without their rows

        worker = subprocess.Popen(
            lanzarote("worker"),
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300
        while statuses() != {"en": "published", "fr": "published"}:
            assert time.monotonic() < deadline, statuses()
            time.sleep(0.2)
        assert stored() == renderings() and len(renderings()) == 8  # no orphan left
    finally:
        worker.kill()
        worker.wait()
        database.close()


def test_a_document_that_stops_the_worker_three_times_fails_with_its_reason_until_retried(
    questionnaire, focal_point_france, secretariat, settings, django_capture_on_commit_callbacks
):
    from lanzarote.replies import ingestion
    from lanzarote.replies import services as replies
    from lanzarote.replies.models import Document
    from tests.pdfgen import make_pdf

    settings.TASKS = DB_TASKS  # queued, not read: the worker that takes it dies each time
    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = replies.attachment_add(
            reply=reply,
            name="reply.pdf",
            actor=focal_point_france,
            data=make_pdf([["Synthetic reply", "Text."]]),
        )
    document = Document.objects.get(pk=attachment.document_id)
    for _ in range(operations.MAX_ATTEMPTS):
        claimed_by_a_dead_worker()
        Document.objects.filter(pk=document.pk).update(status="reading")  # as it was left
        operations.worker_maintain(worker_id="new-worker")
    document.refresh_from_db()
    assert document.status == "failed"
    assert "the worker stopped while reading it" in document.error
    operations.worker_maintain(worker_id="new-worker")  # not queued again by itself
    document.refresh_from_db()
    assert document.status == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        ingestion.document_retry(document=document, actor=secretariat)
    operations.worker_maintain(worker_id="new-worker")
    document.refresh_from_db()
    assert document.status == "queued"  # the Secretariat's new attempt stands


# --- several workers on one queue: one that starts leaves the others' work alone -----------------


def _running_for_a_live_worker(task, *args):
    """A call of the task claimed by a live worker of this machine (this very process)."""
    import os
    import socket

    from django_tasks_db.models import DBTaskResult

    result = task.enqueue(*args)
    DBTaskResult.objects.get(pk=result.id).claim(f"{socket.gethostname()}-{os.getpid()}")


def test_a_worker_that_starts_leaves_a_document_another_worker_is_reading(
    questionnaire, focal_point_france, settings, django_capture_on_commit_callbacks
):
    from lanzarote.replies import ingestion
    from lanzarote.replies import services as replies
    from lanzarote.replies.models import Document
    from tests.pdfgen import make_pdf

    settings.TASKS = DB_TASKS
    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    with django_capture_on_commit_callbacks(execute=False):
        attachment = replies.attachment_add(
            reply=reply,
            name="r.pdf",
            data=make_pdf([["Synthetic reply"]]),
            actor=focal_point_france,
        )
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    _running_for_a_live_worker(ingestion.ingest_document, attachment.document_id)
    token = ingestion._claim(attachment.document_id)  # the other worker reads it now
    Document.objects.filter(pk=attachment.document_id).update(
        embedding_until=timezone.now() + timedelta(minutes=5)
    )
    done = operations.worker_maintain(worker_id="starting-worker", at_start=True)
    document = Document.objects.get(pk=attachment.document_id)
    assert (document.status, document.claim) == ("reading", token)  # still the other's
    assert done["tasks_requeued"] == 0 and done["documents_to_read"] == 0
    assert document.embedding_until is not None  # nor its embedding lease


def test_a_worker_that_starts_keeps_the_files_another_worker_is_rendering(
    db, settings, quick_render
):
    from lanzarote.reports.services import render_publication

    settings.TASKS = DB_TASKS
    folder = settings.MEDIA_ROOT / "publications"
    folder.mkdir(parents=True)
    (folder / "overview-round-2---en-v1.pdf").write_bytes(b"being written")
    _running_for_a_live_worker(render_publication, 4242)
    assert (
        operations.worker_maintain(worker_id="starting-worker", at_start=True)["orphans_removed"]
        == 0
    )
    assert (folder / "overview-round-2---en-v1.pdf").exists()


# --- uploads a killed server left: files without their rows ---------------------------------------


def _aged(path, hours=2):
    import os
    import time

    old = time.time() - hours * 3600
    os.utime(path, (old, old))
    return path


def test_uploaded_files_without_their_rows_are_removed_once_old_and_named_ones_kept(
    questionnaire,
    focal_point_france,
    secretariat,
    treaty,
    settings,
    django_capture_on_commit_callbacks,
):
    from lanzarote.legislation import services as legislation
    from lanzarote.replies import services as replies
    from tests.pdfgen import make_pdf

    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    with django_capture_on_commit_callbacks(execute=False):
        kept = replies.attachment_add(
            reply=reply, name="r.pdf", data=make_pdf([["Synthetic"]]), actor=focal_point_france
        )
    assessment = legislation.assessment_create(
        actor=secretariat, treaty=treaty, state=State.objects.get(iso2="FR"), title="Synthetic"
    )
    with django_capture_on_commit_callbacks(execute=False):
        act = legislation.act_add(
            actor=secretariat, assessment=assessment, name="a.txt", data=b"Article 1. Synthetic."
        )
    legislation.act_remove(actor=secretariat, act=act)  # its history still cites the file
    root = settings.MEDIA_ROOT
    for name in (kept.document.file.name, act.file.name):
        _aged(root / name)
    left = {
        "documents/ab/" + "ab" * 32 + ".pdf": True,  # the server died before the row committed
        "documents/ab/.upload-x1.part": True,  # a write cut off
        "legislation/cd/" + "cd" * 32 + ".txt": True,
        "meetings/ef/" + "ef" * 32 + ".pdf": True,
        "documents/12/" + "12" * 32 + ".pdf": False,  # young: maybe being written now
    }
    for name, old in left.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"synthetic")
        if old:
            _aged(path)
    assert operations.uploads_orphaned(min_age=operations.ORPHAN_MIN_AGE) == 4
    assert {name for name, old in left.items() if (root / name).exists()} == {
        "documents/12/" + "12" * 32 + ".pdf"
    }
    assert (root / kept.document.file.name).exists() and (root / act.file.name).exists()
