"""Backups of running instances, through the command line: the round trip restores identical
data (by content hashes) on SQLite, on PostgreSQL and from SQLite to PostgreSQL, and a backup
taken while a writer saves continuously holds every save acknowledged before it, none torn.

SQLite cases run in the suite's SQLite run; PostgreSQL cases in its PostgreSQL run (DATABASE_URL
names the server), each in a fresh database of its own."""

import json
import os
import subprocess
import sys
import time
import uuid
import zipfile

import pytest

from tests.pdfgen import make_pdf

pytestmark = pytest.mark.slow

IN_POSTGRESQL_RUN = bool(os.environ.get("DATABASE_URL"))


def fresh_postgresql_database():
    """A new, empty database on the suite's PostgreSQL server; returns (url, drop)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    server = os.environ["DATABASE_URL"]
    name = f"lanzarote_backup_{uuid.uuid4().hex[:10]}"
    admin = make_conninfo(server, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = conninfo_to_dict(server)
    user = parts.get("user", "postgres")
    password = f":{parts['password']}" if parts.get("password") else ""
    url = f"postgres://{user}{password}@{parts.get('host', '127.0.0.1')}:{parts.get('port', 5432)}/{name}"

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


class Instance:
    """A data folder and its database (SQLite inside it, or a fresh PostgreSQL database)."""

    def __init__(self, folder, engine):
        if engine == "postgresql" and not IN_POSTGRESQL_RUN:
            pytest.skip("PostgreSQL cases run in the suite's PostgreSQL run (DATABASE_URL)")
        self.folder, self.engine = folder, engine
        folder.mkdir(parents=True)
        self.url, self.drop = (
            fresh_postgresql_database() if engine == "postgresql" else (None, None)
        )

    def env(self):
        environment = {**os.environ, "LANZAROTE_DATA_DIR": str(self.folder)}
        environment.pop("DATABASE_URL", None)
        if self.url:
            environment["DATABASE_URL"] = self.url
        return environment

    def cli(self, *args):
        result = subprocess.run(
            [sys.executable, "-m", "lanzarote.cli", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result

    def close(self):
        if self.drop:
            self.drop()


ATTACH = """
import sys
from django.contrib.auth.models import User
from lanzarote.replies import services
from lanzarote.replies.models import Reply
data = open(sys.argv[-1], "rb").read()
services.attachment_add(reply=Reply.objects.get(status="draft"), name="reply.pdf", data=data,
                        actor=User.objects.get(username="demo-focal-it"))
"""


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """Running instances with the demonstration data and a stored document, built once per
    engine: `sources(engine)` gives one."""
    built, made = {}, []

    def source(engine):
        if engine not in built:
            instance = Instance(tmp_path_factory.mktemp("source") / engine, engine)
            made.append(instance)
            instance.cli("migrate", "-v0")
            instance.cli("load")
            instance.cli("demo")
            pdf = instance.folder / "reply.pdf"
            pdf.write_bytes(make_pdf([["Synthetic reply of a fictional Party", "Question 1"]]))
            result = subprocess.run(
                [sys.executable, "-c", _django(ATTACH), str(pdf)],
                env=instance.env(),
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stderr
            built[engine] = instance
        return built[engine]

    yield source
    for instance in made:
        instance.close()


SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "lanzarote.settings"
django.setup()
"""


def _django(code):
    return SETUP + code


def manifest_of(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))


def content(manifest):
    models = {label: (m["rows"], m["digest"]) for label, m in manifest["models"].items()}
    return models, manifest["files"]


@pytest.mark.parametrize(
    ("source_engine", "target_engine"),
    [("sqlite", "sqlite"), ("postgresql", "postgresql"), ("sqlite", "postgresql")],
)
def test_a_backup_restores_identical_data(sources, tmp_path, source_engine, target_engine):
    if source_engine == target_engine == "sqlite" and IN_POSTGRESQL_RUN:
        pytest.skip("run in the suite's SQLite run")
    target = Instance(tmp_path / "target", target_engine)
    source = sources(source_engine)
    taken = tmp_path / "backup.zip"
    source.cli("backup", str(taken))
    original = manifest_of(taken)
    assert original["files"] and original["models"]["replies.reply"]["rows"] >= 7

    try:
        restored = target.cli("restore", str(taken))
        assert f"taken {original['created_at']} on {source_engine}" in restored.stdout
        again = tmp_path / "again.zip"
        target.cli("backup", str(again))
        assert content(manifest_of(again)) == content(original)
        record = json.loads((target.folder / "database.json").read_text())
        assert record["identity"].startswith(f"{target_engine}:")
        # a second restore over the data is refused, and says how to replace it
        refused = subprocess.run(
            [sys.executable, "-m", "lanzarote.cli", "restore", str(taken)],
            env=target.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert refused.returncode == 1 and "--replace" in refused.stderr
    finally:
        target.close()


WRITER = """
import os, sys, time
from django.contrib.auth.models import User
from django.db import transaction
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record
acknowledged, stop = sys.argv[-2], sys.argv[-1]
deadline = time.monotonic() + 120
with open(acknowledged, "a", buffering=1) as out:
    for k in range(1, 50_000):
        if os.path.exists(stop) or time.monotonic() > deadline:
            break
        with transaction.atomic():  # a save: two rows in two tables, or none
            user = User.objects.create(username=f"writer-{k}")
            audit_record(actor=None, actor_label="writer", action=Action.ACCOUNT_INVITE, obj=user)
        out.write(f"{k}\\n")  # acknowledged: committed
"""


def acknowledged(path):
    return [int(line) for line in path.read_text().split()] if path.exists() else []


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_backup_taken_while_saves_go_on_holds_every_save_acknowledged_before_it(tmp_path, engine):
    if engine == "sqlite" and IN_POSTGRESQL_RUN:
        pytest.skip("run in the suite's SQLite run")
    instance = Instance(tmp_path / "live", engine)
    acks, stop = tmp_path / "acknowledged.txt", tmp_path / "stop"
    try:
        instance.cli("migrate", "-v0")
        writer = subprocess.Popen(
            [sys.executable, "-c", _django(WRITER), str(acks), str(stop)],
            env=instance.env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while len(acknowledged(acks)) < 50 and writer.poll() is None:
                assert time.monotonic() < deadline, "the writer did not start saving"
                time.sleep(0.05)
            before = len(acknowledged(acks))
            instance.cli("backup", str(tmp_path / "backup.zip"))
            during = len(acknowledged(acks)) - before
        finally:
            stop.touch()
            _, errors = writer.communicate(timeout=60)
        assert writer.returncode == 0, errors
    finally:
        instance.close()
    with zipfile.ZipFile(tmp_path / "backup.zip") as zf:
        users = [json.loads(line) for line in zf.open("database/auth.user.jsonl")]
        events = [json.loads(line) for line in zf.open("database/audit.auditevent.jsonl")]
    saved = {int(u["fields"]["username"].split("-")[1]) for u in users}
    audited = {int(e["fields"]["object_repr"].split("-")[1]) for e in events}
    assert during > 0  # saves went on while the backup was taken
    assert saved == audited  # no save torn between its two tables
    assert saved == set(range(1, len(saved) + 1))  # one moment: every save before it, none after
    assert len(saved) >= before  # every save acknowledged before the backup is in it
    assert len(acknowledged(acks)) > len(saved)  # and later ones come after it
