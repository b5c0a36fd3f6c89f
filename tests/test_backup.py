"""A backup holds one moment of the database and the files it names, and its restore brings back
the same rows and files, checked by content hashes, or nothing at all. These tests run in the
test database (SQLite, and PostgreSQL in the suite's second run); tests/test_backup_live.py
takes backups of running instances, across engines."""

import hashlib
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from lanzarote.core import backup
from lanzarote.replies import services
from lanzarote.replies.models import Document, Passage, Reply
from tests.pdfgen import make_pdf

PAGES = [
    ["Synthetic reply of a fictional Party", "Question 1"],
    ["Professionals follow a compulsory training module on reporting duties."],
]


@pytest.fixture
def world(questionnaire, focal_point_france, django_capture_on_commit_callbacks):
    """A reply with an attached PDF, read into passages (the background reading runs)."""
    reply = services.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(
            reply=reply, name="reply.pdf", data=make_pdf(PAGES), actor=focal_point_france
        )
    document = Document.objects.get()
    assert document.passages.exists()
    return reply, document


def digests_of(manifest):
    return {
        label: {"rows": m["rows"], "digest": m["digest"]} for label, m in manifest["models"].items()
    }


def read_manifest(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(backup.MANIFEST))


def stored_sha256(name):
    with default_storage.open(name, "rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def test_a_backup_holds_every_table_and_the_files_the_database_names(world, tmp_path):
    _, document = world
    report = backup.backup_write(path=tmp_path / "b.zip")
    manifest = read_manifest(report.path)
    assert manifest["engine"] in ("sqlite", "postgresql")
    assert manifest["models"]["replies.passage"]["rows"] == Passage.objects.count()
    assert manifest["models"]["treaties.provision"]["rows"] > 200  # the reference data
    assert manifest["files"] == {
        document.file.name: {
            "size": document.file.size,
            "sha256": stored_sha256(document.file.name),
        }
    }
    assert manifest["migrations"] and not manifest["missing_files"]
    assert digests_of(manifest) == backup.database_digests()
    assert not list(tmp_path.glob(".*.part"))  # written through a temporary file, renamed


def test_times_keep_their_microseconds(world, tmp_path):
    reply, _ = world
    path = backup.backup_write(path=tmp_path / "b.zip").path
    with zipfile.ZipFile(path) as zf:
        rows = [json.loads(line) for line in zf.open("database/replies.reply.jsonl")]
    assert rows[0]["fields"]["created_at"] == reply.created_at.isoformat().replace("+00:00", "Z")


def test_a_restore_brings_back_the_same_rows_and_files(world, tmp_path):
    reply, document = world
    path = backup.backup_write(path=tmp_path / "b.zip").path
    manifest = read_manifest(path)
    # what happens after the backup: a passage lost, a reply changed, the stored file removed
    Passage.objects.filter(pk=Passage.objects.order_by("pk").first().pk).delete()
    Reply.objects.filter(pk=reply.pk).update(language="fr")
    default_storage.delete(document.file.name)

    report = backup.restore(path=path, replace=True)

    assert report.rows == sum(m["rows"] for m in manifest["models"].values())
    assert backup.database_digests() == digests_of(manifest)
    assert Reply.objects.get(pk=reply.pk).language == reply.language
    assert stored_sha256(document.file.name) == manifest["files"][document.file.name]["sha256"]


def test_a_restore_refuses_a_database_that_holds_data_unless_told(world, tmp_path):
    path = backup.backup_write(path=tmp_path / "b.zip").path
    before = backup.database_digests()
    with pytest.raises(backup.BackupError, match=r"already holds data.*--replace"):
        backup.restore(path=path)
    assert backup.database_digests() == before


def rewrite(path, target, change):
    """A copy of the backup at `target` with one entry changed (the manifest left as it was)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, change(info.filename, data))
    return target


@pytest.mark.parametrize(
    "damaged",
    ["database/replies.passage.jsonl", "database/auth.user.jsonl", "files/"],
    ids=["a table", "another table", "a stored file"],
)
def test_a_damaged_backup_restores_nothing(world, tmp_path, damaged):
    _, document = world
    path = backup.backup_write(path=tmp_path / "b.zip").path
    bad = rewrite(
        path,
        tmp_path / "bad.zip",
        lambda name, data: data.replace(b"e", b"a", 1) if name.startswith(damaged) else data,
    )
    Reply.objects.update(language="fr")  # changed after the backup: must stay changed
    before = backup.database_digests()
    default_storage.delete(document.file.name)

    with pytest.raises(backup.BackupError, match="does not match"):
        backup.restore(path=bad, replace=True)

    assert backup.database_digests() == before
    assert not default_storage.exists(document.file.name)
    assert not list(tmp_path.glob("files/.restore-*"))  # the staging folder is gone


def test_a_backup_of_another_version_is_refused_with_the_way_out(world, tmp_path):
    path = backup.backup_write(path=tmp_path / "b.zip").path

    def migrations(change):
        def edit(name, data):
            if name != backup.MANIFEST:
                return data
            manifest = json.loads(data)
            change(manifest["migrations"])
            return json.dumps(manifest).encode()

        return edit

    newer = rewrite(
        path,
        tmp_path / "newer.zip",
        migrations(lambda m: m.append(["replies", "9999_future", "x"])),
    )
    with pytest.raises(backup.BackupError, match="newer version"):
        backup.restore(path=newer, replace=True)
    older = rewrite(path, tmp_path / "older.zip", migrations(lambda m: m.pop()))
    with pytest.raises(backup.BackupError, match=r"older version.*lanzarote migrate"):
        backup.restore(path=older, replace=True)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "not a backup")
    with pytest.raises(backup.BackupError, match="not a Lanzarote Monitor backup"):
        backup.restore(path=other)
    (tmp_path / "plain.txt").write_text("plain")
    with pytest.raises(backup.BackupError, match="cannot read the backup"):
        backup.restore(path=tmp_path / "plain.txt")


def test_a_database_behind_this_version_s_migrations_is_not_backed_up(world, tmp_path, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    next_one = type("Migration", (), {"app_label": "replies", "name": "9999_next"})
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets, **kw: [(next_one, False)]
    )
    with pytest.raises(backup.BackupError, match=r"replies\.9999_next.*lanzarote migrate"):
        backup.backup_write(path=tmp_path / "b.zip")
    assert not list(tmp_path.glob("*.zip*"))
