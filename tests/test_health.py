"""/healthz tells a load balancer whether this app server can serve (database, task queue, this
data folder's worker, its disk), anonymously and without anything confidential; every request
has an id, echoed and written on its log lines."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lanzarote.core import health, operations
from lanzarote.lib.logs import JsonFormatter

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def data_dir(db, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_a_healthy_server_answers_200_with_each_check(client, data_dir, settings):
    settings.TASKS = DB_TASKS
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "task_queue", "worker", "disk"}
    assert report["checks"]["task_queue"]["oldest_queued_seconds"] == 0
    assert report["checks"]["worker"] == {"ok": True, "here": False}  # an app server alone
    assert report["checks"]["disk"]["writable"] is True
    assert "no-store" in response["Cache-Control"]
    assert len(queries) <= 3
    assert str(data_dir) not in response.text


def test_a_queue_no_worker_takes_fails_the_check(client, data_dir, settings):
    from django_tasks_db.models import DBTaskResult

    from lanzarote.replies.ingestion import ingest_document

    settings.TASKS = DB_TASKS
    ingest_document.enqueue(1)
    assert client.get("/healthz").status_code == 200  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/healthz")
    assert response.status_code == 503
    queue = response.json()["checks"]["task_queue"]
    assert (queue["ok"], queue["queued"], queue["oldest_queued_seconds"] >= 1200) == (
        False,
        1,
        True,
    )


def test_a_worker_that_stopped_beating_fails_and_one_stopped_on_purpose_does_not(client, data_dir):
    started = timezone.now() - timedelta(minutes=10)
    operations.heartbeat_write(data_dir=data_dir, worker_id="here-1", started_at=started)
    assert client.get("/healthz").json()["checks"]["worker"]["here"] is True
    state = json.loads((data_dir / "worker.json").read_text())
    state["heartbeat_at"] = (timezone.now() - timedelta(minutes=3)).isoformat()
    (data_dir / "worker.json").write_text(json.dumps(state))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["heartbeat_age_seconds"] >= 180
    operations.heartbeat_stopped(data_dir=data_dir)  # the same process stops it
    assert client.get("/healthz").status_code == 200


def test_a_full_or_read_only_disk_fails_the_check(client, data_dir, settings, monkeypatch):
    settings.LANZAROTE_HEALTH_MIN_FREE_MB = 10**12
    assert client.get("/healthz").status_code == 503
    settings.LANZAROTE_HEALTH_MIN_FREE_MB = 1
    monkeypatch.setattr(health.os, "access", lambda path, mode: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"]["writable"] is False


def test_an_unreachable_database_fails_without_saying_where_it_is(client, data_dir, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError('connection to server at "db.internal" (10.0.0.5) refused')

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "error": "OperationalError"}
    assert checks["task_queue"]["ok"] is False
    assert "db.internal" not in response.text


def test_a_request_id_from_the_proxy_is_echoed_and_logged(client, data_dir, caplog):
    with caplog.at_level(logging.INFO, logger="lanzarote.request"):
        response = client.get("/healthz", headers={"X-Request-ID": "lb-42.a"})
    assert response["X-Request-ID"] == "lb-42.a"
    [line] = [r for r in caplog.records if r.name == "lanzarote.request"]
    assert line.request_id == "lb-42.a"
    assert (line.method, line.path, line.status) == ("GET", "/healthz", 200)


def test_a_forged_request_id_is_replaced_and_an_error_page_s_log_line_carries_the_id(
    client, caplog
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/en/no-such-page/", headers={"X-Request-ID": "x\nERROR forged line"})
    assert response.status_code == 404
    rid = response["X-Request-ID"]
    assert len(rid) == 32 and "\n" not in rid
    [line] = [r for r in caplog.records if r.name == "django.request"]
    assert line.request_id == rid


def test_json_lines_hold_the_request_id_and_plain_extras_only(client, data_dir, caplog):
    with caplog.at_level(logging.INFO, logger="lanzarote.request"):
        client.get("/healthz", headers={"X-Request-ID": "abc"})
    record = next(r for r in caplog.records if r.name == "lanzarote.request")
    record.request = object()  # as Django's own records carry the request: never written
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc" and line["status"] == 200
    assert line["message"] == "GET /healthz 200" and line["level"] == "INFO"
    assert "request" not in line
