"""Stored files on S3-compatible object storage (LANZAROTE_S3_BUCKET): every upload, reading,
download, publication and backup goes through Django's storage API to a real S3 server — moto's
server mode, started on a free loopback port — and nothing is written to the local files folder.
"""

import hashlib
import socket
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from lanzarote.core import backup
from lanzarote.legislation import services as legislation
from lanzarote.parties.models import State
from lanzarote.replies import services
from lanzarote.replies.models import Document
from lanzarote.settings import s3_storage
from tests.pdfgen import make_pdf

pytestmark = pytest.mark.slow  # starts a server; CI runs it (scripts/test runs slow tests)

PAGES = [
    ["Synthetic reply of a fictional Party", "Question 1"],
    ["Professionals follow a compulsory training module on reporting duties."],
]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    """A new bucket on the server, the default storage of the product (as LANZAROTE_S3_BUCKET
    and LANZAROTE_S3_ENDPOINT_URL make it); returns a boto3 client and the bucket's name."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "synthetic-test-key",
        "AWS_SECRET_ACCESS_KEY": "synthetic-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    name = f"lanzarote-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket=name, endpoint_url=s3_server, region="us-east-1", prefix="site-a"
        ),
    }
    settings.MEDIA_ROOT = tmp_path / "local-files"  # must stay empty
    settings.DATA_DIR = tmp_path
    return client, name


def objects(client, name):
    listed = client.list_objects_v2(Bucket=name).get("Contents", [])
    return {item["Key"]: item["Size"] for item in listed}


def test_a_reply_document_is_stored_read_and_downloaded_from_the_bucket(
    bucket, settings, questionnaire, focal_point_france, client, django_capture_on_commit_callbacks
):
    s3, name = bucket
    reply = services.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    data = make_pdf(PAGES)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(
            reply=reply, name="reply.pdf", data=data, actor=focal_point_france
        )
    document = Document.objects.get()
    assert objects(s3, name) == {f"site-a/{document.file.name}": len(data)}
    assert document.status == "ready" and document.passages.exists()  # read from the bucket

    client.force_login(focal_point_france)
    response = client.get(f"/en/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the local disk


def test_the_same_upload_again_keeps_the_stored_object_and_a_damaged_one_is_replaced(bucket):
    from lanzarote.lib.storage import store_file

    s3, name = bucket
    data = make_pdf(PAGES)
    digest = hashlib.sha256(data).hexdigest()
    assert store_file(name="documents/x.pdf", data=data, sha256=digest) is True
    assert store_file(name="documents/x.pdf", data=data, sha256=digest) is False  # intact
    s3.put_object(Bucket=name, Key="site-a/documents/x.pdf", Body=data[:100])  # damaged
    assert store_file(name="documents/x.pdf", data=data, sha256=digest) is True
    assert objects(s3, name)["site-a/documents/x.pdf"] == len(data)


def test_an_act_of_legislation_is_read_from_the_bucket(
    bucket, focal_point_france, treaty, django_capture_on_commit_callbacks
):
    s3, name = bucket
    assessment = legislation.assessment_create(
        actor=focal_point_france,
        treaty=treaty,
        state=State.objects.get(iso2="FR"),
        title="Synthetic criminal code",
    )
    text = "Section 1\nWhoever produces child sexual abuse material commits an offence.\n"
    with django_capture_on_commit_callbacks(execute=True):
        act = legislation.act_add(
            actor=focal_point_france, assessment=assessment, name="code.txt", data=text.encode()
        )
    act.refresh_from_db()
    assert act.status != "failed", act.error
    assert f"site-a/{act.file.name}" in objects(s3, name)


def test_a_backup_takes_the_files_from_the_bucket_and_a_restore_puts_them_back(
    bucket, questionnaire, focal_point_france, tmp_path, django_capture_on_commit_callbacks
):
    s3, name = bucket
    reply = services.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    data = make_pdf(PAGES)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(reply=reply, name="reply.pdf", data=data, actor=focal_point_france)
    document = Document.objects.get()
    path = backup.backup_write(path=tmp_path / "b.zip").path
    with zipfile.ZipFile(path) as zf:
        assert zf.read(f"files/{document.file.name}") == data
    s3.delete_object(Bucket=name, Key=f"site-a/{document.file.name}")

    backup.restore(path=path, replace=True)

    assert objects(s3, name) == {f"site-a/{document.file.name}": len(data)}
    with default_storage.open(document.file.name, "rb") as stored:
        assert stored.read() == data
