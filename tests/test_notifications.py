"""People are told what happens: who receives which e-mail, in which language, with which link,
and reminders that are never sent twice."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from lanzarote.accounts.models import Profile
from lanzarote.audit.models import AuditEvent
from lanzarote.monitoring import services as monitoring
from lanzarote.monitoring.notifications import stage_of
from lanzarote.parties.models import State
from lanzarote.replies import services as replies
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITE_URL = "http://monitor.example.org:8123"


def speaks_french(user):
    Profile.objects.filter(user=user).update(language="fr")
    return user


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def opened(questionnaire_draft, round_preparing, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.round_step(round_=round_preparing, step="open", actor=secretariat)
    questionnaire_draft.refresh_from_db()
    return questionnaire_draft


def submit(reply, actor, capture):
    replies.answer_save(
        reply=reply,
        question=reply.questionnaire.questions.get(number="1"),
        text="<p>Synthetic answer for tests.</p>",
        actor=actor,
    )
    with capture(execute=True):
        return replies.reply_submit(reply=reply, actor=actor)


def test_the_focal_points_and_stakeholders_are_told_a_round_opens_each_in_their_language(
    questionnaire_draft,
    round_preparing,
    secretariat,
    focal_point_france,
    focal_point_italy,
    ngo_member,
    django_capture_on_commit_callbacks,
):
    speaks_french(focal_point_france)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.round_step(round_=round_preparing, step="open", actor=secretariat)
    (french,) = to(focal_point_france.email)
    (italian,) = to(focal_point_italy.email)
    (stakeholder,) = to(ngo_member.email)
    assert french.subject == "Cycle ouvert aux réponses : Test round (synthetic)"
    assert "Questionnaire synthétique" in french.body and "Votre Partie" in french.body
    assert "http://monitor.example.org:8123/fr/questionnaires/test-questionnaire/" in french.body
    assert italian.subject == "Round open for replies: Test round (synthetic)"
    assert "Your Party is asked" in italian.body and "/en/accounts/" in italian.body
    assert "Stakeholders are invited" in stakeholder.body
    assert secretariat.email not in [m.to[0] for m in mail.outbox]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees another's address


def test_nobody_is_told_of_a_round_until_it_is_committed(
    questionnaire_draft, round_preparing, secretariat, focal_point_france
):
    monitoring.round_step(round_=round_preparing, step="open", actor=secretariat)
    assert mail.outbox == []  # the transaction of the test is never committed


def test_a_submitted_reply_is_acknowledged_to_the_submitter_and_the_partys_other_focal_points(
    opened,
    focal_point_france,
    focal_point_italy,
    django_capture_on_commit_callbacks,
):
    colleague = speaks_french(
        make_user("fabienne", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="FR"))
    )
    reply = replies.reply_start(questionnaire=opened, actor=focal_point_france)
    mail.outbox.clear()
    submit(reply, focal_point_france, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [focal_point_france.email, colleague.email]
    )
    (receipt,) = to(focal_point_france.email)
    assert receipt.subject == "Reply received: Synthetic questionnaire"
    assert "The reply of France" in receipt.body and "by francois" in receipt.body
    assert f"http://monitor.example.org:8123/en/replies/{reply.pk}/" in receipt.body
    (french,) = to(colleague.email)
    assert french.subject == "Réponse reçue : Questionnaire synthétique"
    assert f"/fr/replies/{reply.pk}/" in french.body


def test_a_reopened_reply_tells_its_focal_points_why(
    opened, secretariat, focal_point_france, django_capture_on_commit_callbacks
):
    reply = replies.reply_start(questionnaire=opened, actor=focal_point_france)
    submit(reply, focal_point_france, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replies.reply_reopen(
            reply=reply, actor=secretariat, reason="Question 1.a is not answered yet."
        )
    (message,) = mail.outbox
    assert message.to == [focal_point_france.email]
    assert message.subject == "Reply reopened: Synthetic questionnaire"
    assert "Question 1.a is not answered yet." in message.body


def test_a_mail_server_failure_loses_the_e_mail_not_the_submission(
    opened, focal_point_france, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError("synthetic mail server failure")

    monkeypatch.setattr("lanzarote.lib.mail.send_mail", refuse)
    reply = replies.reply_start(questionnaire=opened, actor=focal_point_france)
    submit(reply, focal_point_france, django_capture_on_commit_callbacks)
    reply.refresh_from_db()
    assert reply.status == "submitted" and mail.outbox == []


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [
        (30, ""),
        (15, ""),
        (14, "14"),
        (4, "14"),
        (3, "3"),
        (0, "3"),
        (-1, "passed"),
    ],
)
def test_the_reminder_due_is_the_most_urgent_one(days_left, stage):
    today = dt.date(2027, 3, 1)
    assert stage_of(today + dt.timedelta(days=days_left), today) == stage


def remind(*args):
    call_command("remind", *args)


def test_deadline_reminders_go_to_those_who_have_not_submitted_and_never_twice(
    opened, focal_point_france, focal_point_italy, django_capture_on_commit_callbacks
):
    speaks_french(focal_point_italy)
    submit(
        replies.reply_start(questionnaire=opened, actor=focal_point_france),
        focal_point_france,
        django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()
    three_days_before = (opened.deadline - dt.timedelta(days=3)).isoformat()
    remind("--date", three_days_before)
    remind("--date", three_days_before)
    (message,) = mail.outbox  # France submitted; Italy is reminded once
    assert message.to == [focal_point_italy.email]
    assert message.subject.startswith("Rappel : Questionnaire synthétique, à rendre le ")
    assert "/fr/accounts/" in message.body  # Italy has no reply yet: start it from "My work"
    assert AuditEvent.objects.filter(action="notify.reminder").count() == 1
    day_after = (opened.deadline + dt.timedelta(days=1)).isoformat()
    remind("--date", day_after)
    remind("--date", day_after)
    assert [m.subject.split(" :")[0] for m in mail.outbox] == ["Rappel", "Échéance dépassée"]


def test_a_dry_run_lists_the_reminders_and_sends_nothing(opened, focal_point_italy, capsys):
    remind("--dry-run", "--date", opened.deadline.isoformat())
    assert "giulia@example.org" in capsys.readouterr().out
    assert mail.outbox == [] and not AuditEvent.objects.filter(action="notify.reminder").exists()


def test_a_reminder_the_mail_server_refused_is_tried_again(opened, focal_point_italy, monkeypatch):
    monkeypatch.setattr("lanzarote.lib.mail.send_mail", lambda *a, **k: 1 / 0)
    remind("--date", opened.deadline.isoformat())
    monkeypatch.undo()
    remind("--date", opened.deadline.isoformat())
    assert [m.to for m in mail.outbox] == [[focal_point_italy.email]]


def test_the_secretariat_reminds_the_respondents_from_the_state_of_play(
    opened, client, secretariat, focal_point_italy, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/questionnaires/{opened.uid}/remind/")
    assert response.status_code == 302
    assert focal_point_italy.email in [m.to[0] for m in mail.outbox]
    event = AuditEvent.objects.get(action="notify.reminder")
    assert event.actor == secretariat and focal_point_italy.email in event.after["to"]


def test_only_the_secretariat_sends_reminders(opened, client, focal_point_italy):
    client.force_login(focal_point_italy)
    assert client.post(f"/en/questionnaires/{opened.uid}/remind/").status_code == 403
    assert mail.outbox == []


@pytest.fixture
def adopted_findings(db):
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring.models import Indicator

    for iso2 in ("FR", "IT"):
        Finding.objects.create(
            indicator=Indicator.objects.get(scheme__round__uid="round-2", code="csam-term"),
            party=State.objects.get(iso2=iso2),
            value="yes",
            scheme_version=1,
            status="adopted",
        )


def test_a_partys_focal_points_are_told_its_draft_factsheet_is_ready_with_the_link_in_their_language(
    adopted_findings,
    secretariat,
    focal_point_france,
    focal_point_italy,
    django_capture_on_commit_callbacks,
):
    from lanzarote.monitoring.models import Round
    from lanzarote.reports import services as reports

    speaks_french(focal_point_france)
    with django_capture_on_commit_callbacks(execute=True):
        drafts = reports.country_factsheets_draft(
            round_=Round.objects.get(uid="round-2"), actor=secretariat
        )
    french_draft = next(d for d in drafts if d.party.iso2 == "FR" and d.lang == "fr")
    (message,) = to(focal_point_france.email)
    assert message.subject == "Projet de fiche pays (France) prêt pour vos commentaires"
    assert f"/fr/publications/{french_draft.pk}/draft/" in message.body
    (italian,) = to(focal_point_italy.email)
    assert "Draft factsheet of Italy" in italian.subject


def test_a_focal_points_comment_on_its_draft_goes_to_the_secretariat_and_back(
    adopted_findings,
    secretariat,
    focal_point_france,
    django_capture_on_commit_callbacks,
):
    from lanzarote.monitoring.models import Round
    from lanzarote.reports import services as reports

    drafts = reports.country_factsheets_draft(
        round_=Round.objects.get(uid="round-2"), actor=secretariat
    )
    draft = next(d for d in drafts if d.party.iso2 == "FR" and d.lang == "en")
    with django_capture_on_commit_callbacks(execute=True):
        reports.comment_add(
            publication=draft,
            actor=focal_point_france,
            text="Synthetic comment: the 2021 amendment is in force.",
        )
    (message,) = mail.outbox
    assert message.to == [secretariat.email]
    assert "francois commented on the draft country factsheet of France" in message.body
    assert "the 2021 amendment is in force" in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reports.comment_add(publication=draft, actor=secretariat, text="Synthetic answer.")
    assert [m.to for m in mail.outbox] == [[focal_point_france.email]]


def test_follow_up_reminders_go_to_the_parties_whose_report_is_awaited_once(
    secretariat, focal_point_france, focal_point_italy
):
    from lanzarote.monitoring.models import Round
    from lanzarote.recommendations import services as recs

    recommendation = recs.recommendation_save(
        round_=Round.objects.get(uid="round-2"),
        actor=secretariat,
        number="R7",
        grade="urge",
        text_en="Urges Parties to criminalise the solicitation of children (synthetic).",
        addressees=State.objects.filter(iso2__in=["FR", "IT"]),
    )
    recs.recommendation_adopt(
        recommendation=recommendation, actor=secretariat, adopted_on=dt.date(2022, 3, 10)
    )
    recs.followup_request(
        recommendation=recommendation, actor=secretariat, deadline=dt.date(2099, 1, 31)
    )
    recs.followup_report_submit(
        recommendation=recommendation,
        actor=focal_point_france,
        party=State.objects.get(iso2="FR"),
        text="Synthetic report.",
    )
    remind("--date", "2099-01-20")
    remind("--date", "2099-01-21")
    (message,) = mail.outbox
    assert message.to == [focal_point_italy.email]
    assert message.subject.startswith("Follow-up report due on 31 January 2099: recommendation R7")
    assert (
        f"http://monitor.example.org:8123/en/recommendations/{recommendation.pk}/" in message.body
    )
    remind("--date", "2099-02-01")
    assert mail.outbox[-1].subject == "Follow-up report overdue: recommendation R7"
    assert len(mail.outbox) == 2


def test_the_secretariat_invites_someone_in_the_language_of_the_page(client, secretariat):
    client.force_login(secretariat)
    form = client.get("/fr/accounts/users/").text
    assert '<option value="fr" selected>' in form
    client.post(
        "/fr/accounts/users/",
        {
            "email": "pat@example.org",
            "name": "Pat Synthetic",
            "role": "committee",
            "language": "fr",
        },
    )
    assert Profile.objects.get(user__email="pat@example.org").language == "fr"


def test_the_worker_sends_the_reminders_due_without_a_scheduled_command(
    opened, focal_point_italy, monkeypatch
):
    from lanzarote.core import operations

    three_days_before = opened.deadline - dt.timedelta(days=3)
    monkeypatch.setattr(operations.timezone, "localdate", lambda: three_days_before)
    assert operations.worker_maintain(worker_id="synthetic-worker")["reminders_sent"] == 1
    assert operations.worker_maintain(worker_id="synthetic-worker")["reminders_sent"] == 0
    (message,) = mail.outbox
    assert message.to == [focal_point_italy.email]


def test_a_failing_reminder_does_not_stop_the_workers_maintenance(opened, monkeypatch):
    from lanzarote.core import operations

    def broken(**kwargs):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr(operations, "deadline_reminders_due", broken)
    assert operations.worker_maintain(worker_id="synthetic-worker")["reminders_sent"] == 0


def test_with_several_workers_on_postgresql_one_sends_the_reminders_at_a_time(
    opened, focal_point_italy, monkeypatch
):
    """Two workers' maintenance at the same moment must not send a reminder twice: while one
    holds the database's reminders lock, the other skips the round."""
    import psycopg
    from django.db import connection

    from lanzarote.core import operations

    if connection.vendor != "postgresql":
        pytest.skip("a SQLite database belongs to one data folder, so to one worker")
    monkeypatch.setattr(
        operations.timezone, "localdate", lambda: opened.deadline - dt.timedelta(days=3)
    )
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:  # another worker's connection
        other.execute("SELECT pg_advisory_lock(%s)", [_reminders_key()])
        assert operations.reminders_send() == 0 and not mail.outbox  # it skips this round
        other.execute("SELECT pg_advisory_unlock(%s)", [_reminders_key()])
    assert operations.reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[focal_point_italy.email]]


def _reminders_key():
    import hashlib

    return int.from_bytes(hashlib.sha256(b"lanzarote:reminders").digest()[:8], signed=True)
