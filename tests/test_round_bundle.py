"""A round's record in one ZIP: its submitted replies with their documents, its findings with
their evidence, its publications' files, and a manifest whose hashes match every member."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from lanzarote.assessments.models import Evidence, Finding
from lanzarote.monitoring.models import Indicator, Round
from lanzarote.parties.models import State
from lanzarote.replies import services
from lanzarote.replies.models import Document
from lanzarote.reports import services as reports
from lanzarote.reports.bundle import round_bundle_write
from lanzarote.reports.models import Publication, Rendering
from tests.pdfgen import make_pdf


def bundle_of(round_, tmp_path):
    path = tmp_path / "bundle.zip"
    with open(path, "wb") as out:
        round_bundle_write(round_=round_, out=out, exported_by="test")
    return zipfile.ZipFile(path)


def checked_manifest(zf):
    """The manifest, after checking that it lists every member with its size and SHA-256."""
    manifest = json.loads(zf.read("manifest.json"))
    assert set(manifest["members"]) == set(zf.namelist()) - {"manifest.json"}
    for name, member in manifest["members"].items():
        data = zf.read(name)
        assert (len(data), hashlib.sha256(data).hexdigest()) == (member["size"], member["sha256"])
    return manifest


@pytest.fixture
def replied(
    questionnaire, focal_point_france, focal_point_italy, django_capture_on_commit_callbacks
):
    """France submitted a reply with an answer and a PDF; Italy's reply is a draft."""
    reply = services.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    question = questionnaire.questions.order_by("position").first()
    services.answer_save(
        reply=reply, question=question, text="A synthetic answer.", actor=focal_point_france
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(
            reply=reply,
            name="reply of France.pdf",
            data=make_pdf([["Synthetic reply", "Question 1"]]),
            actor=focal_point_france,
        )
    services.reply_submit(reply=reply, actor=focal_point_france)
    services.reply_start(questionnaire=questionnaire, actor=focal_point_italy)
    return reply


def test_the_bundle_holds_the_submitted_replies_and_their_documents(replied, tmp_path):
    zf = bundle_of(replied.questionnaire.round, tmp_path)
    manifest = checked_manifest(zf)

    assert manifest["counts"] == {"replies": 1, "documents": 1, "findings": 0, "publications": 0}
    name = f"replies/{replied.questionnaire.uid}/FR-{replied.pk}"
    data = json.loads(zf.read(f"{name}.json"))
    assert data["party"] == "FR" and data["public"] is False  # replies not published yet
    assert data["answers"][0]["text_html"].startswith("<p>A synthetic answer.")
    document = Document.objects.get()
    [attached] = data["attachments"]
    assert attached["name"] == "reply of France.pdf"
    assert hashlib.sha256(zf.read(attached["file"])).hexdigest() == document.sha256
    assert "A synthetic answer." in zf.read(f"{name}.html").decode()
    rows = list(csv.reader(io.StringIO(zf.read("replies.csv").decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["FR"]  # Italy's draft is not in it
    round_data = json.loads(zf.read("round.json"))
    assert [q["uid"] for q in round_data["questionnaires"]] == [replied.questionnaire.uid]


@pytest.fixture
def quick_render(monkeypatch):
    """Rendering as the product does it, without WeasyPrint's seconds."""
    monkeypatch.setattr(
        reports,
        "publication_files",
        lambda publication: {
            fmt: (
                f"{publication.key.replace(':', '-')}-v{publication.version}.{fmt}",
                f"{fmt}".encode(),
            )
            for fmt in reports.CONTENT_TYPES
        },
    )


def test_the_bundle_holds_the_findings_with_their_evidence_and_the_published_files(
    secretariat, quick_render, tmp_path, django_capture_on_commit_callbacks
):
    round_ = Round.objects.get(uid="round-2")
    finding = Finding.objects.create(
        indicator=Indicator.objects.get(scheme__round=round_, code="csam-term"),
        party=State.objects.get(iso2="FR"),
        value="yes",
        scheme_version=1,
        status="adopted",
        rationale="Synthetic rationale.",
    )
    Evidence.objects.create(
        finding=finding, quote="a synthetic quote", source="France, p. 3", page=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        reports.overview_publish(round_=round_, actor=secretariat)
    assert set(Publication.objects.values_list("status", flat=True)) == {"published"}

    zf = bundle_of(round_, tmp_path)
    manifest = checked_manifest(zf)

    [row] = json.loads(zf.read("findings.json"))
    assert (row["indicator"], row["party"], row["value"], row["status"]) == (
        "csam-term",
        "FR",
        "yes",
        "adopted",
    )
    assert row["evidence"] == [
        {
            "quote": "a synthetic quote",
            "source": "France, p. 3",
            "page": 3,
            "reply": None,
            "document_sha256": None,
        }
    ]
    publications = json.loads(zf.read("publications.json"))
    assert manifest["counts"]["publications"] == len(publications) == 2  # English and French
    files = [f for p in publications for f in p["files"]]
    assert len(files) == Rendering.objects.count()
    for f in files:
        assert hashlib.sha256(zf.read(f["file"])).hexdigest() == f["sha256"]


def test_the_secretariat_downloads_the_bundle_and_others_may_not(
    replied, client, secretariat, focal_point_france
):
    url = f"/en/rounds/{replied.questionnaire.round.uid}/export.zip"
    client.force_login(focal_point_france)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    zf = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert checked_manifest(zf)["exported_by"] == secretariat.get_username()
    assert "Download the round" in client.get(f"/en/rounds/{replied.questionnaire.round.uid}/").text


def test_the_command_writes_the_bundle_and_names_the_rounds_when_one_is_unknown(
    replied, tmp_path, capsys
):
    path = tmp_path / "out" / "round.zip"
    call_command("export_round", replied.questionnaire.round.uid, str(path))
    assert "1 replies, 1 documents" in capsys.readouterr().out
    checked_manifest(zipfile.ZipFile(path))
    with pytest.raises(SystemExit):
        call_command("export_round", "no-such-round", str(tmp_path / "x.zip"))
    assert "round-2" in capsys.readouterr().err
