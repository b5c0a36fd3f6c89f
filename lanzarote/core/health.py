"""The health of one app server, for a load balancer and monitoring: the database answers, the
task queue is being served (the oldest task ready to run has not waited too long; a worker of
this data folder still beats), and the data folder can be written and has room. Counts and
ages only: nothing confidential, no path, no error text that names a host."""

import json
import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from lanzarote.lib.heartbeat import WORKER_SILENT_AFTER, WORKER_STATE_FILE

from .operations import _database_tasks


def _database() -> dict[str, Any]:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to answer is the answer
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _queue(now: datetime) -> dict[str, Any]:
    if not _database_tasks():
        return {"ok": True, "backend": "not the database: not watched here"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    try:
        ready = DBTaskResult.objects.ready()
        waiting = list(ready.order_by("enqueued_at").values_list("enqueued_at", "run_after")[:50])
        queued = ready.count() if waiting else 0
        running = DBTaskResult.objects.running().count()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    # a task waits from when it may run: enqueued, or its run_after when it was delayed
    ages = [
        (now - (enqueued if run_after == get_date_max() else max(enqueued, run_after)))
        for enqueued, run_after in waiting
    ]
    oldest = max((age.total_seconds() for age in ages), default=0.0)
    return {
        "ok": oldest <= settings.LANZAROTE_HEALTH_QUEUE_SECONDS,
        "queued": queued,
        "running": running,
        "oldest_queued_seconds": round(oldest),
        "limit_seconds": settings.LANZAROTE_HEALTH_QUEUE_SECONDS,
    }


def _worker(now: datetime) -> dict[str, Any]:
    """This data folder's worker, by its heartbeat: none (an app server started with
    --no-worker) or stopped on purpose is fine; one that stopped beating is not."""
    try:
        state = json.loads((Path(settings.DATA_DIR) / WORKER_STATE_FILE).read_text())
        beat = datetime.fromisoformat(state["heartbeat_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return {"ok": True, "here": False}
    if state.get("stopped_at"):
        return {"ok": True, "here": False, "stopped": True}
    age = (now - beat).total_seconds()
    return {
        "ok": age <= WORKER_SILENT_AFTER.total_seconds(),
        "here": True,
        "heartbeat_age_seconds": round(age),
    }


def _disk() -> dict[str, Any]:
    folder = Path(settings.DATA_DIR)
    try:
        usage = shutil.disk_usage(folder)
    except OSError as exc:
        return {"ok": False, "error": type(exc).__name__}
    free_mb = usage.free // (1024 * 1024)
    writable = os.access(folder, os.W_OK)
    return {
        "ok": writable and free_mb >= settings.LANZAROTE_HEALTH_MIN_FREE_MB,
        "writable": writable,
        "free_mb": free_mb,
        "free_percent": round(100 * usage.free / usage.total, 1) if usage.total else 0.0,
        "min_free_mb": settings.LANZAROTE_HEALTH_MIN_FREE_MB,
    }


def health() -> tuple[bool, dict[str, Any]]:
    """(healthy, the report): healthy when every check is."""
    now = timezone.now()
    checks = {"database": _database()}
    checks["task_queue"] = (
        _queue(now) if checks["database"]["ok"] else {"ok": False, "error": "no database"}
    )
    checks["worker"] = _worker(now)
    checks["disk"] = _disk()
    ok = all(check["ok"] for check in checks.values())
    return ok, {"status": "ok" if ok else "failing", "time": now.isoformat(), "checks": checks}
