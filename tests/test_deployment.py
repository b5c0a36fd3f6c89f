"""docs/operations.md's deployment, run on one machine: two app servers (`lanzarote serve
--no-worker`, two ports) and two workers, each with its own data folder, against one fresh
PostgreSQL database and one S3 bucket (moto's server), the same SECRET_KEY everywhere. A sign-in
on one server is valid on the other, each answers /healthz, and a document uploaded through one
is read once, by exactly one of the workers, and downloaded through the other."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest

from tests.pdfgen import make_pdf

pytestmark = pytest.mark.slow

SERVER = os.environ.get("DATABASE_URL", "")
PASSWORD = "synthetic deployment passphrase 42"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database():
    """A fresh database on the suite's PostgreSQL server (127.0.0.1:5432, trust)."""
    if not SERVER:
        pytest.skip("runs in the suite's PostgreSQL run (DATABASE_URL names the server)")
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = f"lanzarote_deploy_{uuid.uuid4().hex[:10]}"
    admin = make_conninfo(SERVER, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = conninfo_to_dict(SERVER)
    url = f"postgres://{parts.get('user', 'postgres')}@{parts.get('host', '127.0.0.1')}:{parts.get('port', 5432)}/{name}"
    yield url, make_conninfo(SERVER, dbname=name)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def bucket():
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {
        "AWS_ACCESS_KEY_ID": "synthetic-test-key",
        "AWS_SECRET_ACCESS_KEY": "synthetic-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(Bucket="lanzarote-files")
    yield {
        "LANZAROTE_S3_BUCKET": "lanzarote-files",
        "LANZAROTE_S3_ENDPOINT_URL": endpoint,
        **credentials,
    }
    server.stop()


class Machine:
    """One machine of the deployment: its own data folder, the shared environment file."""

    def __init__(self, folder, shared):
        folder.mkdir()
        self.folder = folder
        self.env = {**os.environ, **shared, "LANZAROTE_DATA_DIR": str(folder)}
        self.env.pop("SITE_URL", None)

    def run(self, *args, **extra):
        result = subprocess.run(
            [sys.executable, "-m", "lanzarote.cli", *args],
            env={**self.env, **extra},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result

    def start(self, *args):
        self.log = open(self.folder / "process.log", "w")  # noqa: SIM115 -- closed by stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lanzarote.cli", *args],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self):
        if getattr(self, "process", None) and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def output(self):
        return (self.folder / "process.log").read_text()


def wait_for(check, what, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(requests, base):
    try:
        return requests.get(f"{base}/healthz", timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def test_two_app_servers_and_two_workers_share_one_database_and_read_a_document_once(
    tmp_path, database, bucket
):
    import psycopg
    import requests

    url, conninfo = database
    shared = {
        "DATABASE_URL": url,
        "SECRET_KEY": f"synthetic-shared-key-{uuid.uuid4().hex}",
        "LANZAROTE_DEBUG": "1",  # static files copied rather than compressed: seconds, not minutes
        "LANZAROTE_EMBEDDINGS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WEB_CONCURRENCY": "1",
        **bucket,
    }
    setup = Machine(tmp_path / "setup", shared)
    setup.run("migrate", "-v0")
    setup.run("load")
    setup.run("demo", "--password", PASSWORD)

    ports = [free_port(), free_port()]
    machines = [
        Machine(tmp_path / f"app-{n}", shared).start(
            "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)
        )
        for n, port in enumerate(ports, 1)
    ]
    workers = [Machine(tmp_path / f"worker-{n}", shared).start("worker") for n in (1, 2)]
    machines += workers
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, machine in zip(bases, machines, strict=False):
            wait_for(lambda base=base: healthy(requests, base), f"{base}: {machine.output()}")
        for worker in workers:
            wait_for(lambda w=worker: (w.folder / "worker.json").exists(), "the worker's heartbeat")
        for base in bases:
            report = requests.get(f"{base}/healthz", timeout=5).json()
            assert report["status"] == "ok"
            assert report["checks"]["worker"]["here"] is False  # app servers have none

        # sign in through app server 1; the session is good on app server 2
        person = requests.Session()
        login = person.get(f"{bases[0]}/en/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
        signed_in = person.post(
            f"{bases[0]}/en/accounts/login/",
            data={"username": "demo-focal-it", "password": PASSWORD, "csrfmiddlewaretoken": token},
            timeout=30,
        )
        assert signed_in.status_code == 200 and "sessionid" in person.cookies
        with psycopg.connect(conninfo) as connection:
            [(reply,)] = connection.execute(
                "SELECT id FROM replies_reply WHERE status = 'draft'"
            ).fetchall()
        page = person.get(f"{bases[1]}/en/replies/{reply}/", timeout=30)
        assert page.status_code == 200 and "/accounts/login/" not in page.url

        # upload through app server 2; one of the workers reads it
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        data = make_pdf([["Synthetic reply of a fictional Party", "Question 1"], ["Training."]])
        uploaded = person.post(
            f"{bases[1]}/en/replies/{reply}/attachments/",
            data={"csrfmiddlewaretoken": token},
            files={"file": ("reply.pdf", data, "application/pdf")},
            headers={"Referer": f"{bases[1]}/en/replies/{reply}/"},
            timeout=60,
        )
        assert uploaded.status_code == 200 and "Attached." in uploaded.text

        def read():
            with psycopg.connect(conninfo) as connection:
                row = connection.execute("SELECT status, attempts FROM replies_document").fetchone()
            return row if row and row[0] in ("ready", "failed") else None

        status, attempts = wait_for(read, "the document to be read")
        assert (status, attempts) == ("ready", 1)
        with psycopg.connect(conninfo) as connection:
            tasks = connection.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE '%%ingest_document'"
            ).fetchall()
            [(attachment,)] = connection.execute("SELECT id FROM replies_attachment").fetchall()
        [(task_status, worker_ids)] = tasks  # queued once, run once
        assert task_status == "SUCCESSFUL" and len(worker_ids) == 1
        pids = {str(w.process.pid) for w in workers}
        assert worker_ids[0].rsplit("-", 1)[1] in pids  # by one of our two workers

        # the file, stored in the bucket by server 2, is downloaded through server 1
        download = person.get(f"{bases[0]}/en/attachments/{attachment}/", timeout=30)
        assert download.status_code == 200 and download.content == data
        assert "X-Request-ID" in download.headers
    finally:
        for machine in machines:
            machine.stop()
    for worker in workers:
        assert "Traceback" not in worker.output(), worker.output()
