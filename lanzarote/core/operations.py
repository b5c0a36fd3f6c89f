"""The product at the process level: one background worker per data folder (a lock file), its
heartbeat and what the Secretariat is shown of it, work a dead worker left half-done (task rows
left "running", publications left "being rendered", documents left unread), orphan files and old
task results. The worker runs these at start and every few minutes."""

import errno
import fcntl
import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from lanzarote.lib.heartbeat import WORKER_SILENT_AFTER, WORKER_STATE_FILE
from lanzarote.monitoring.notifications import reminders_deliver
from lanzarote.recommendations.notifications import followup_reminders_due
from lanzarote.replies.notifications import deadline_reminders_due

logger = logging.getLogger(__name__)

LOCK_FILE = "worker.lock"
STATE_FILE = WORKER_STATE_FILE
HEARTBEAT_SECONDS = 10
MAINTENANCE_SECONDS = 300
# A task of a worker of another machine running longer than this is taken as left by a dead
# worker (tasks are short: reading is bounded, embedding goes by chunks).
TASK_STALE_AFTER = timedelta(hours=1)
# A task interrupted this many times (the worker died while running it) is not tried again.
MAX_ATTEMPTS = 3
# Files younger than this are never orphans: a rendering may be writing them right now.
ORPHAN_MIN_AGE = timedelta(hours=1)
STOPPED = "lanzarote.core.operations.WorkerStopped"


class WorkerAlreadyRunning(Exception):
    def __init__(self, pid: int | None):
        super().__init__(pid)
        self.pid = pid


def worker_lock(data_dir: Path) -> int:
    """Take the data folder's worker lock (flock, released by the kernel when the process dies,
    however it dies) and write our pid into it; WorkerAlreadyRunning names the holder."""
    path = data_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EWOULDBLOCK, errno.EACCES):
            raise
        holder = os.read(fd, 32).decode(errors="replace").strip()
        os.close(fd)
        raise WorkerAlreadyRunning(int(holder) if holder.isdigit() else None) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


# --- the worker's heartbeat, and what it shows ----------------------------------------------


def heartbeat_write(*, data_dir: Path, worker_id: str, started_at: datetime) -> None:
    """Replace the state file atomically: a reader never sees half of it. A full disk only
    costs a heartbeat (the page then says the worker has not been seen)."""
    state = {
        "pid": os.getpid(),
        "worker_id": worker_id,
        "started_at": started_at.isoformat(),
        "heartbeat_at": timezone.now().isoformat(),
    }
    path = data_dir / STATE_FILE
    temporary = path.with_suffix(".tmp")
    try:
        temporary.write_text(json.dumps(state))
        os.replace(temporary, path)
    except OSError as exc:
        logger.warning("could not write the worker's heartbeat to %s: %s", path, exc)


def heartbeat_stopped(*, data_dir: Path) -> None:
    """The worker stopped on purpose (its server stopped, or SIGTERM): said in its state file,
    so a health check tells a worker that stopped from one that died."""
    path = data_dir / STATE_FILE
    try:
        state = json.loads(path.read_text())
        if state.get("pid") != os.getpid():
            return  # another worker's since
        state["stopped_at"] = timezone.now().isoformat()
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        os.replace(temporary, path)
    except (OSError, ValueError) as exc:
        logger.warning("could not record that the worker stopped in %s: %s", path, exc)


@dataclass(frozen=True)
class WorkerState:
    pid: int | None
    started_at: datetime | None
    heartbeat_at: datetime | None
    silent_minutes: int | None  # None: seen within WORKER_SILENT_AFTER (or never seen)
    queued: int
    running: int
    failed: int

    @property
    def seen(self) -> bool:
        return self.heartbeat_at is not None and self.silent_minutes is None


def worker_state(*, now: datetime | None = None) -> WorkerState:
    """The worker as its heartbeat file tells it, and the task table's counts."""
    now = now or timezone.now()
    pid = started = beat = None
    try:
        state = json.loads((Path(settings.DATA_DIR) / STATE_FILE).read_text())
        pid = int(state["pid"])
        started = datetime.fromisoformat(state["started_at"])
        beat = datetime.fromisoformat(state["heartbeat_at"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    silent = None
    if beat is not None and now - beat > WORKER_SILENT_AFTER:
        silent = int((now - beat).total_seconds() // 60)
    counts = {"READY": 0, "RUNNING": 0, "FAILED": 0}
    if _database_tasks():
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.values("status").annotate(n=Count("id"))
        counts.update({row["status"]: row["n"] for row in rows})
    return WorkerState(
        pid=pid,
        started_at=started,
        heartbeat_at=beat,
        silent_minutes=silent,
        queued=counts["READY"],
        running=counts["RUNNING"],
        failed=counts["FAILED"],
    )


def _database_tasks() -> bool:
    from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    # the backend itself: `default_task_backend` is a proxy, never an instance of it (the page
    # showed no task counts in production)
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


# --- work a dead worker left half-done --------------------------------------------------------


def worker_id_new() -> str:
    """This worker's id as it is recorded on the tasks it claims: machine and process."""
    return f"{socket.gethostname()}-{os.getpid()}"[:64]


def _worker_dead(worker_id: str, started_at: datetime | None, now: datetime) -> bool:
    """A worker of this machine is dead when its process is; of another machine (a database
    shared by several), when its task has run longer than TASK_STALE_AFTER."""
    host, _, pid = worker_id.rpartition("-")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # alive, another user's
    return started_at is None or now - started_at > TASK_STALE_AFTER


def tasks_recover(*, worker_id: str) -> tuple[int, int]:
    """Tasks left "running" by a dead worker go back to the queue, or fail with the reason after
    MAX_ATTEMPTS interruptions (a document that kills the worker every time must not kill it for
    ever). Returns (re-queued, failed)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    requeued = failed = 0
    now = timezone.now()
    left = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for row in left:
        dead = row.worker_ids[-1] if row.worker_ids else "unknown"
        if dead == worker_id or not _worker_dead(dead, row.started_at, now):
            continue  # running now
        if len(row.worker_ids) >= MAX_ATTEMPTS:
            row.status = TaskResultStatus.FAILED
            row.finished_at = timezone.now()
            row.exception_class_path = STOPPED
            row.traceback = (
                f"The worker stopped while running this task {len(row.worker_ids)} times "
                f"(last: worker {dead}); it is not tried again."
            )
            row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            failed += 1
        else:
            row.status = TaskResultStatus.READY
            row.started_at = None
            row.save(update_fields=["status", "started_at"])
            requeued += 1
        logger.warning(
            "task %s (%s) was left running by worker %s: %s",
            row.pk,
            row.task_path,
            dead,
            "failed" if row.status == TaskResultStatus.FAILED else "re-queued",
        )
    return requeued, failed


def pending_arguments(task: Any, *, running_only: bool = False) -> set[Any]:
    """The first argument (an id) of every queued or running call of a task (``running_only``:
    of the calls a worker is running now)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    statuses = [TaskResultStatus.RUNNING]
    if not running_only:
        statuses.append(TaskResultStatus.READY)
    rows = DBTaskResult.objects.filter(task_path=task.module_path, status__in=statuses).values_list(
        "args_kwargs", flat=True
    )
    return {row["args"][0] for row in rows if row.get("args")}


def interrupted_arguments(task: Any) -> dict[Any, datetime]:
    """The first argument of every call of a task that failed because the worker kept dying,
    with when it last did."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path=task.module_path, exception_class_path=STOPPED
    ).values_list("args_kwargs", "finished_at")
    stopped: dict[Any, datetime] = {}
    for arguments, finished in rows:
        if arguments.get("args") and finished is not None:
            key = arguments["args"][0]
            stopped[key] = max(stopped.get(key, finished), finished)
    return stopped


def documents_requeue(*, at_start: bool = False) -> tuple[int, int, int]:
    """Documents left unfinished (the document pipeline's own re-queue: half-read by a dead
    worker, failed for a full disk) and read documents without all their embeddings, queued for
    the worker unless a queued or running task covers them already. A document whose reading
    stopped the worker MAX_ATTEMPTS times since it was queued fails with that reason (the
    Secretariat may try again) rather than stop it for ever. Returns (to read, to embed,
    failed)."""
    from django.utils.translation import gettext as _

    from lanzarote.replies import embedding, ingestion
    from lanzarote.replies.models import Document

    stale = timedelta(0) if at_start else ingestion.STALE_CLAIM
    # Tasks still running after tasks_recover are those of live workers (others sharing the
    # queue): their documents are theirs, not left by a dead worker.
    busy = pending_arguments(ingestion.ingest_document, running_only=True) | pending_arguments(
        embedding.embed_document, running_only=True
    )
    queued = ingestion.document_requeue_unfinished(stale_after=stale, enqueue=False, busy=busy)
    reading = pending_arguments(ingestion.ingest_document)
    stopped = interrupted_arguments(ingestion.ingest_document)
    to_read, failed = [], 0
    for pk in (pk for pk in queued if pk not in reading):
        document = Document.objects.filter(pk=pk).first() if pk in stopped else None
        if document is not None and (document.queued_at or stopped[pk]) <= stopped[pk]:
            ingestion._fail(
                document,
                None,
                "internal",
                _(
                    "the worker stopped while reading it, %(times)s times (it may need more memory "
                    "than the server has); the Secretariat can try again"
                )
                % {"times": MAX_ATTEMPTS},
            )
            failed += 1
            continue
        ingestion.ingest_document.enqueue(pk)  # embedded by the worker once read
        to_read.append(pk)
    covered = pending_arguments(embedding.embed_document) | reading | set(to_read)
    to_embed = [pk for pk in embedding.documents_to_embed() if pk not in covered]
    for pk in to_embed:
        embedding.embed_document.enqueue(pk)
    return len(to_read), len(to_embed), failed


def worker_maintain(*, worker_id: str, at_start: bool = False) -> dict[str, Any]:
    """What the worker does at start and every MAINTENANCE_SECONDS: recover what a dead worker
    left, queue what nothing queues, remove orphan files and old task results."""
    from lanzarote.reports.services import publication_files_orphaned, publications_recover

    requeued, failed = tasks_recover(worker_id=worker_id)
    done = {"tasks_requeued": requeued, "tasks_failed": failed}
    documents = documents_requeue(at_start=at_start)
    done["documents_to_read"], done["documents_to_embed"], done["documents_failed"] = documents
    done["publications_requeued"], done["publications_failed"] = publications_recover(
        interrupted=set(interrupted_arguments(_render_task())),
        pending=pending_arguments(_render_task()),
    )
    # At start this worker renders nothing, so no file can be half-way to its row — unless
    # another worker sharing the queue and the files is rendering now.
    rendering = pending_arguments(_render_task(), running_only=True)
    done["orphans_removed"] = publication_files_orphaned(
        min_age=timedelta(0) if at_start and not rendering else ORPHAN_MIN_AGE
    )
    # An upload's file is stored before its row commits, and the web server may be storing
    # one right now: only files older than ORPHAN_MIN_AGE are taken for a crash's leftovers.
    done["orphans_removed"] += uploads_orphaned(min_age=ORPHAN_MIN_AGE)
    done["task_results_deleted"] = task_results_prune()
    done["reminders_sent"] = reminders_send()
    return done


def uploads_orphaned(*, min_age: timedelta) -> int:
    """Remove uploaded files that no row and no audit event names, older than ``min_age``: a
    server killed between storing a file and committing its row left them. Returns how many."""
    from lanzarote.committee.services import meeting_files_orphaned
    from lanzarote.legislation.services import act_files_orphaned
    from lanzarote.replies.services import document_files_orphaned

    return sum(
        orphaned(min_age=min_age)
        for orphaned in (document_files_orphaned, act_files_orphaned, meeting_files_orphaned)
    )


def reminders_due(*, today: date) -> list:
    """The questionnaire and follow-up deadline reminders due on a day, less those already sent
    (each sent reminder is recorded in the audit trail)."""
    return deadline_reminders_due(today=today) + followup_reminders_due(today=today)


def reminders_send(*, today: date | None = None) -> int:
    """Send today's reminders that were not sent yet. The worker does this with its maintenance,
    so deadlines are chased without a scheduled `lanzarote remind`; a failing mail server leaves
    them for the next round and does not stop the worker. With several workers on one database
    one sends at a time (the others skip this round), so no reminder goes out twice."""
    try:
        with one_worker_at_a_time("reminders") as mine:
            if not mine:
                return 0
            due = reminders_due(today=today or timezone.localdate())
            return sum(1 for _, addresses in reminders_deliver(due) if addresses)
    except Exception:
        logger.exception("deadline reminders could not be sent; tried again at the next round")
        return 0


@contextmanager
def one_worker_at_a_time(name: str) -> Iterator[bool]:
    """Whether this process holds the database-wide lock `name` (PostgreSQL: a session advisory
    lock, released at the end or when the connection drops); False when another holds it. A
    SQLite database belongs to one data folder, so to one worker: always True."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = int.from_bytes(hashlib.sha256(f"lanzarote:{name}".encode()).digest()[:8], signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        mine = bool(cursor.fetchone()[0])
    try:
        yield mine
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _render_task() -> Any:
    from lanzarote.reports.services import render_publication

    return render_publication


def task_results_prune(*, now: datetime | None = None) -> int:
    """Delete finished task results older than LANZAROTE_TASK_RESULTS_DAYS."""
    from django_tasks_db.models import DBTaskResult

    limit = (now or timezone.now()) - timedelta(days=settings.LANZAROTE_TASK_RESULTS_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    return deleted


class Heartbeat(threading.Thread):
    """Beside the worker's loop: writes the heartbeat, runs the maintenance every few minutes,
    and stops the worker (SIGTERM to itself, which finishes the task at hand) when the process
    that started it is gone — `lanzarote serve` killed with SIGKILL included."""

    def __init__(self, *, data_dir: Path, worker_id: str, parent_pid: int | None):
        super().__init__(name="lanzarote-heartbeat", daemon=True)
        self.data_dir, self.worker_id, self.parent_pid = data_dir, worker_id, parent_pid
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        import signal

        last_beat = last_maintenance = time.monotonic()
        heartbeat_write(
            data_dir=self.data_dir, worker_id=self.worker_id, started_at=self.started_at
        )
        while not self.stopping.wait(1):
            if self.parent_pid is not None and os.getppid() != self.parent_pid:
                logger.warning("the process that started this worker is gone: stopping")
                os.kill(os.getpid(), signal.SIGTERM)
                self.parent_pid = None
            now = time.monotonic()
            if now - last_beat >= HEARTBEAT_SECONDS:
                heartbeat_write(
                    data_dir=self.data_dir, worker_id=self.worker_id, started_at=self.started_at
                )
                last_beat = now
            if now - last_maintenance >= MAINTENANCE_SECONDS:
                last_maintenance = now
                try:
                    worker_maintain(worker_id=self.worker_id)
                except Exception:
                    logger.exception("the worker's maintenance failed; it is tried again later")
                finally:
                    close_old_connections()
                    connection.close()


# --- the data folder belongs to one database ------------------------------------------------

MARKER_FILE = "database.json"


def database_identity() -> str | None:
    """Who the database is: its engine and when its first migration was applied (kept by a
    backup and its restore, new for a database made afresh); None when it has no schema."""
    from django.db import DatabaseError

    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        name = Path(str(connection.settings_dict["NAME"]))
        if not (name.is_file() and name.stat().st_size):
            return None  # connecting would create an empty file
    try:
        if "django_migrations" not in connection.introspection.table_names():
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT applied FROM django_migrations ORDER BY id LIMIT 1")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    if row is None:
        return None
    applied = row[0] if isinstance(row[0], str) else row[0].isoformat()
    return f"{connection.vendor}:{applied}"


def _database_label() -> str:
    name = connection.settings_dict["NAME"]
    return str(name) if connection.vendor == "sqlite" else f"PostgreSQL database {name!r}"


def _stored_files() -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum(len(files) for _, _, files in os.walk(root)) if root.is_dir() else 0


def data_folder_refusal() -> str | None:
    """Why this data folder must not be served with this database, or None. Its stored files,
    secret key and marker belong to one database: with that database gone (a deleted file, an
    empty PostgreSQL), serving would show a silently empty site beside them."""
    from django.db import OperationalError

    data_dir = Path(settings.DATA_DIR)
    marker = data_dir / MARKER_FILE
    if connection.vendor != "sqlite":
        try:
            connection.ensure_connection()
        except OperationalError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return (
                f"Cannot reach the database ({_database_label()}): {reason}. Start it, or "
                "check DATABASE_URL."
            )
    identity = database_identity()
    recorded = None
    if marker.exists():
        try:
            recorded = json.loads(marker.read_text())
        except (OSError, ValueError):
            recorded = {"identity": "unreadable", "created": "?"}
    files = _stored_files()
    if identity is not None:
        if recorded is None or recorded.get("identity") == identity:
            return None
        what = f"the data folder {data_dir} belongs to the database created {recorded['created']}"
        return (
            f"Refusing to start: {what}, but {_database_label()} is another one (created "
            f"{identity.split(':', 1)[1]}). Point DATABASE_URL or LANZAROTE_DATA_DIR at the "
            "pair that belong together, or start afresh with `lanzarote up --start-afresh`, "
            "which sets the old files and secret key aside in the data folder."
        )
    # A secret key alone may be new (any command writes one); beside collected static files it
    # is the trace of a site served before the database was recorded.
    served = (data_dir / "secret_key").exists() and (
        data_dir / "static" / "staticfiles.json"
    ).exists()
    if recorded is None and not files and not served:
        return None  # a new data folder: `up` migrates it
    there = [f"{files} stored file(s) in {settings.MEDIA_ROOT}"] if files else []
    if (data_dir / "secret_key").exists():
        there.append("a secret key")
    if recorded is not None:
        there.append(f"the record of a database created {recorded.get('created', '?')}")
    return (
        f"Refusing to start: the data folder {data_dir} holds {', '.join(there)}, but the "
        f"database ({_database_label()}) is missing or empty. Restore the database from your "
        "backup, or start afresh with `lanzarote up --start-afresh`, which sets the old files "
        "and secret key aside in the data folder."
    )


def database_marker_write(*, replace: bool = False) -> None:
    """Record which database the data folder belongs to (at the first migrate; adopts a data
    folder made before the record existed). A restore `replace`s the record: the data folder
    now belongs to the database it restored."""
    marker = Path(settings.DATA_DIR) / MARKER_FILE
    identity = database_identity()
    if identity is None or (marker.exists() and not replace):
        return
    marker.write_text(
        json.dumps(
            {
                "identity": identity,
                "created": identity.split(":", 1)[1],
                "database": _database_label(),
            }
        )
    )


def data_folder_set_aside() -> Path:
    """Move the stored files, the secret key and the database record (and an empty SQLite file)
    into <data folder>/set-aside-<time>/, for a fresh start; nothing is deleted."""
    data_dir = Path(settings.DATA_DIR)
    aside = data_dir / f"set-aside-{timezone.now():%Y%m%d-%H%M%S}"
    aside.mkdir()
    names = ["files", "secret_key", MARKER_FILE]
    database = Path(str(connection.settings_dict["NAME"]))
    if connection.vendor == "sqlite" and database.parent == data_dir:
        connection.close()
        names += [database.name + suffix for suffix in ("", "-wal", "-shm")]
    for name in names:
        if (data_dir / name).exists():
            os.replace(data_dir / name, aside / name)
    return aside
