"""A real worker killed with SIGKILL in the middle of reading a document, then in the middle of
embedding its passages: nothing half-written is left (no passage of an interrupted reading),
a new worker reads the document again and embeds what was not embedded, and the document ends
ready with every passage once and every passage embedded. (Publishing: tests/test_operations.py,
`test_a_worker_killed_while_rendering_leaves_nothing_half_done`.)"""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.pdfgen import make_pdf
from tests.test_backup_live import IN_POSTGRESQL_RUN, Instance

pytestmark = pytest.mark.slow

ATTACH = """
from django.contrib.auth.models import User
from lanzarote.replies import services
from lanzarote.replies.models import Reply
data = open(PATH, "rb").read()
services.attachment_add(reply=Reply.objects.get(status="draft", party__iso2="IT"),
                        name="long.pdf", data=data, actor=User.objects.get(username="demo-focal-it"))
"""

PAGES = 150


def _long_reply() -> bytes:
    return make_pdf(
        [
            [
                f"Synthetic reply of a fictional Party, page {n}.",
                f"Question {n % 9 + 1}: the fictional authorities describe measure {n} in words.",
                "Training of professionals and awareness-raising are described in general terms.",
            ]
            for n in range(1, PAGES + 1)
        ]
    )


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_worker_killed_while_reading_then_while_embedding_leaves_nothing_half_done(
    tmp_path, engine
):
    if engine == "sqlite" and IN_POSTGRESQL_RUN:
        pytest.skip("run in the suite's SQLite run")
    instance = Instance(tmp_path / "var", engine)
    try:
        _killed_twice(tmp_path, instance)
    finally:
        instance.close()


def _connect(instance):
    """A connection of the test's own to the instance's database, and its parameter mark."""
    if instance.url is None:
        return sqlite3.connect(instance.folder / "lanzarote.sqlite3", timeout=20), "?"
    import psycopg

    return psycopg.connect(instance.url, autocommit=True), "%s"


def _killed_twice(tmp_path, instance):
    environment = instance.env()
    environment.pop("SITE_URL", None)

    def lanzarote(*args):
        return [sys.executable, "-m", "lanzarote.cli", *args]

    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(_long_reply())
    for step in (
        lanzarote("migrate", "-v0"),
        lanzarote("load"),
        lanzarote("demo"),
        lanzarote("shell", "-c", ATTACH.replace("PATH", repr(str(pdf)))),
    ):
        done = subprocess.run(step, env=environment, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    database, mark = _connect(instance)
    (document,) = database.execute(
        "SELECT d.id FROM replies_document d JOIN replies_attachment a ON a.document_id = d.id "
        "WHERE a.original_name = 'long.pdf'"
    ).fetchone()

    def state():
        (status,) = database.execute(
            f"SELECT status FROM replies_document WHERE id = {mark}", (document,)
        ).fetchone()
        passages, embedded, indexes = database.execute(
            'SELECT count(*), count(embedding), count(DISTINCT "index") FROM replies_passage '
            f"WHERE document_id = {mark}",
            (document,),
        ).fetchone()
        return status, passages, embedded, indexes

    def worker():
        return subprocess.Popen(
            lanzarote("worker"),
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def until(check, what, seconds=300):
        deadline = time.monotonic() + seconds
        while not (found := check()):
            assert time.monotonic() < deadline, f"{what}: {state()}"
            time.sleep(0.005)
        return found

    running = worker()
    try:
        until(lambda: state()[0] == "reading", "the worker to start reading")
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=10)
        status, passages, _embedded, _ = state()
        if status == "reading":
            assert passages == 0  # the interrupted reading left no passage behind
        killed_while_reading = status == "reading"

        running = worker()  # the document is read again (or, if it was done, left as it is)
        until(lambda: state()[0] == "ready" and state()[1] > 0, "the document to be read")
        until(lambda: 0 < state()[2] < state()[1], "the worker to start embedding", 600)
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=10)
        _status, passages, embedded, _ = state()
        assert 0 < embedded < passages  # killed in the middle of embedding

        running = worker()  # embeds what was left, keeps what was done
        until(lambda: state()[2] == state()[1], "every passage to be embedded", 600)
    finally:
        running.kill()
        running.wait()
    status, passages, embedded, indexes = state()
    database.close()
    assert killed_while_reading, "the worker finished reading before it was killed"
    assert status == "ready" and passages == embedded == indexes > PAGES  # each passage once
