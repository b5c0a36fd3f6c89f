"""Every upload and import meets the hostile-file corpus (tests/hostile.py): each file is refused
with a reason a person can act on, or handled safely (read as the harmless text it is, or failed
at reading with the reason); nothing is half-written — no row, no stored file, no audit event of
a refused file, and what was there before is untouched.

The uploads: reply attachments (read in the background), legislation acts (read too) and
committee meeting documents (stored). The imports: questionnaire files (previewed, then
confirmed) and the treaty-status CSV. The world is built once for the module
(tests/conftest.py, `built_once`); each test runs in a savepoint rolled back after it."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from lanzarote.audit.models import AuditEvent
from tests import hostile
from tests.conftest import build_questionnaire_draft, built_once, make_user, open_for_replies

ANSWER = "An answer that must stay untouched"


def _world_build():
    import datetime as dt

    from lanzarote.accounts.models import Profile
    from lanzarote.committee import services as committee
    from lanzarote.legislation import services as legislation
    from lanzarote.monitoring import services as monitoring
    from lanzarote.parties.models import State
    from lanzarote.replies import services as replies
    from lanzarote.treaties.models import Treaty

    treaty = Treaty.objects.get(code="cets201")
    secretariat = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    france = make_user("francois", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="FR"))
    round_ = monitoring.round_create(
        treaty=treaty, uid="test-round", kind="thematic", name_en="Test round", actor=secretariat
    )
    questionnaire = open_for_replies(
        build_questionnaire_draft(round_, secretariat, treaty), round_, secretariat
    )
    reply = replies.reply_start(questionnaire=questionnaire, actor=france)
    replies.answer_save(
        reply=reply, actor=france, question=questionnaire.questions.get(number="1"), text=ANSWER
    )
    other = monitoring.round_create(
        treaty=treaty,
        uid="import-round",
        kind="thematic",
        name_en="Import round",
        actor=secretariat,
    )
    draft = monitoring.questionnaire_create(
        treaty=treaty,
        uid="import-questionnaire",
        kind="thematic",
        round_=other,
        title_en="Questionnaire to import into (synthetic)",
        deadline=dt.date.today() + dt.timedelta(days=30),
        actor=secretariat,
    )
    assessment = legislation.assessment_create(
        actor=france, treaty=treaty, state=State.objects.get(iso2="FR"), title="Synthetic review"
    )
    meeting = committee.meeting_create(
        actor=secretariat,
        treaty=treaty,
        number=90,
        start=dt.date(2025, 3, 4),
        end=dt.date(2025, 3, 6),
        venue_en="Strasbourg",
    )
    return {
        "reply": reply.pk,
        "draft": draft.pk,
        "assessment": assessment.pk,
        "meeting": meeting.pk,
    }


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("hostile") / "files"
    with built_once(django_db_blocker, media, _world_build) as built:
        yield media, built


@pytest.fixture
def world(_world, db, settings):
    from django.contrib.auth import get_user_model

    from lanzarote.committee.models import Meeting
    from lanzarote.legislation.models import SelfAssessment
    from lanzarote.monitoring.models import Questionnaire
    from lanzarote.replies.models import Reply

    media, ids = _world
    if media.exists():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    settings.LANZAROTE_MAX_UPLOAD_MB = 5
    settings.LANZAROTE_MAX_ACT_MB = 5
    users = get_user_model().objects
    return {
        "secretariat": users.get(username="sofia"),
        "france": users.get(username="francois"),
        "reply": Reply.objects.get(pk=ids["reply"]),
        "draft": Questionnaire.objects.get(pk=ids["draft"]),
        "assessment": SelfAssessment.objects.get(pk=ids["assessment"]),
        "meeting": Meeting.objects.get(pk=ids["meeting"]),
    }


def test_the_corpus_holds_at_least_200_cases_across_every_upload_and_import():
    assert hostile.total() >= 200
    assert len(hostile.documents()) >= 150
    assert len(hostile.questionnaires()) >= 40 and len(hostile.status_csvs()) >= 50


def _stored_files(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _named_files() -> set[str]:
    from lanzarote.committee.models import MeetingDocument
    from lanzarote.legislation.models import Act
    from lanzarote.replies.models import Document

    names = set(Document.objects.values_list("file", flat=True))
    names |= set(Act.objects.values_list("file", flat=True))
    names |= set(MeetingDocument.objects.values_list("file", flat=True))
    return names - {""}


DOCUMENTS = hostile.documents()


@pytest.mark.parametrize("case", hostile.params(DOCUMENTS))
def test_a_hostile_document_is_refused_or_handled_safely_by_every_upload(
    case, world, settings, django_capture_on_commit_callbacks
):
    from lanzarote.committee import services as committee
    from lanzarote.legislation import services as legislation
    from lanzarote.legislation.models import Act, Unit
    from lanzarote.replies import services as replies
    from lanzarote.replies.models import Document
    from lanzarote.search.models import SearchEntry

    events = AuditEvent.objects.count()
    reply, france = world["reply"], world["france"]
    outcomes = {}

    try:
        with django_capture_on_commit_callbacks(execute=True):  # read when the upload commits
            attachment = replies.attachment_add(
                reply=reply, name="reply.pdf", data=case.data, actor=france
            )
    except replies.ReplyError as refused:
        assert str(refused) and "accepted" in str(refused), str(refused)
        assert not reply.attachments.exists() and not Document.objects.exists()
        outcomes["attachment"] = "refused"
    else:
        document = Document.objects.get(pk=attachment.document_id)
        if document.status == "failed":
            assert document.error and document.error_reason
            assert not document.passages.exists() and not attachment.links.exists()
            assert not SearchEntry.objects.filter(document_id=document.pk).exists()
            outcomes["attachment"] = "failed"
        else:
            assert document.status == "ready", document.status
            assert document.passages.exists()
            assert all("\x00" not in p.text for p in document.passages.all())
            outcomes["attachment"] = "read"
    assert reply.answers.get().text == f"<p>{ANSWER}</p>"

    try:
        with django_capture_on_commit_callbacks(execute=True):
            act = legislation.act_add(
                actor=france, assessment=world["assessment"], name="act.pdf", data=case.data
            )
    except legislation.LegislationError as refused:
        assert "not accepted" in str(refused)
        assert not Act.objects.exists()
        outcomes["act"] = "refused"
    else:
        act.refresh_from_db()
        if act.status == "failed":
            assert act.error and act.error_reason
            assert not Unit.objects.filter(act=act).exists()
            outcomes["act"] = "failed"
        else:
            assert act.status == "ready", act.status
            outcomes["act"] = "read"

    try:
        committee.document_attach(
            actor=world["secretariat"],
            meeting=world["meeting"],
            name="document.pdf",
            data=case.data,
            title_en="Synthetic working document",
        )
    except committee.MeetingError as refused:
        assert "not accepted" in str(refused)
        assert not world["meeting"].documents.exists()
        outcomes["meeting"] = "refused"
    else:
        outcomes["meeting"] = "stored"

    # one gate for all three: refused by one, refused by all
    refused = {name for name, outcome in outcomes.items() if outcome == "refused"}
    assert refused in (set(), set(outcomes)), outcomes
    if case.expect == hostile.READ:
        assert outcomes["attachment"] == "read", outcomes
    else:  # an act is read only if it holds legislation, which these files do not
        assert "read" not in outcomes.values(), f"{case.name} was read: {outcomes}"
    # nothing half-written: every stored file is named by its row, no temporary file is left
    root = Path(settings.MEDIA_ROOT)
    stored = _stored_files(root)
    assert not [name for name in stored if name.rsplit("/", 1)[-1].startswith(".upload-")]
    assert stored == _named_files()
    if refused:
        assert AuditEvent.objects.count() == events


QUESTIONNAIRES = hostile.questionnaires()


def _import_outcome(world, data: bytes, filename: str):
    """Parse (preview), then confirm what was previewed: returns "refused" or the questions."""
    from lanzarote.monitoring import services as monitoring
    from lanzarote.monitoring.questionnaire_file import (
        QuestionnaireImportError,
        parse_questionnaire,
    )

    try:
        preview = parse_questionnaire(content=data, filename=filename)
    except QuestionnaireImportError as refused:
        assert str(refused).strip()
        return "refused"
    made = monitoring.questionnaire_import(
        questionnaire=world["draft"], questions=preview.questions, actor=world["secretariat"]
    )
    assert [q.number for q in made] == [q.number for q in preview.questions]
    for question, parsed in zip(made, preview.questions, strict=True):
        question.refresh_from_db()
        assert (question.text_en, question.title_en) == (parsed.text_en, parsed.title_en)
    return made


@pytest.mark.parametrize("case", hostile.params(QUESTIONNAIRES))
def test_a_hostile_questionnaire_file_is_refused_or_imported_whole(case, world):
    events = AuditEvent.objects.count()
    outcome = _import_outcome(world, case.data, case.filename)
    if case.expect == hostile.REFUSED:
        assert outcome == "refused", f"{case.name} was imported"
        assert not world["draft"].questions.exists()
        assert AuditEvent.objects.count() == events
    else:
        assert outcome != "refused" and outcome, f"{case.name} was refused"


@pytest.mark.parametrize("case", hostile.params(DOCUMENTS))
def test_a_hostile_document_given_as_a_questionnaire_is_refused_or_imported_whole(case, world):
    events = AuditEvent.objects.count()
    outcome = _import_outcome(world, case.data, "questionnaire.docx")
    if outcome == "refused":
        assert not world["draft"].questions.exists()
        assert AuditEvent.objects.count() == events


STATUS_CSVS = hostile.status_csvs()


def _statuses():
    from lanzarote.parties.models import TreatyStatus

    return list(TreatyStatus.objects.order_by("pk").values())


@pytest.mark.parametrize("case", hostile.params(STATUS_CSVS))
def test_a_hostile_status_csv_is_refused_by_line_or_applied_as_written(case, world):
    from lanzarote.parties.services import treaty_status_import
    from lanzarote.treaties.models import Treaty

    before, events = _statuses(), AuditEvent.objects.count()
    report = treaty_status_import(
        treaty=Treaty.objects.get(code="cets201"),
        content=case.data,
        actor=world["secretariat"],
        dry_run=False,
    )
    if case.expect == hostile.REFUSED:
        assert report.errors and not report.applied, f"{case.name} was applied"
        assert all(isinstance(line, int) and line >= 1 and reason for line, reason in report.errors)
        assert _statuses() == before and AuditEvent.objects.count() == events
        return
    assert report.ok and report.applied, report.errors
    assert AuditEvent.objects.count() == events + len(report.changed_rows)


@pytest.mark.parametrize(
    "case",
    [c for c in STATUS_CSVS if "formula" in c.name and c.expect == hostile.APPLIED],
    ids=lambda c: c.name,
)
def test_a_formula_imported_as_a_note_is_exported_as_text(case, world, client):
    from lanzarote.lib.spreadsheet import is_formula_like
    from lanzarote.parties.services import treaty_status_import
    from lanzarote.treaties.models import Treaty

    report = treaty_status_import(
        treaty=Treaty.objects.get(code="cets201"),
        content=case.data,
        actor=world["secretariat"],
        dry_run=False,
    )
    assert report.applied
    rows = list(csv.DictReader(io.StringIO(client.get("/en/treaties/cets201/parties.csv").text)))
    belgium = next(row for row in rows if row["iso2"] == "BE")
    assert any(value.startswith("'") for value in belgium.values())  # the formula, quoted
    assert not [value for value in belgium.values() if is_formula_like(value)]
