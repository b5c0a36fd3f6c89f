"""Deadline day: many focal points saving and submitting at once, through a real server
(gunicorn, several workers) on SQLite (WAL, busy timeout) and on PostgreSQL. Every save and
every submission the server acknowledged is in the database afterwards, with its audit record;
no answer is a server error or says "database is locked"; two tabs of one person saving the same
answer at the same moment give one save and one conflict, never a silent overwrite.

SQLite runs in the suite's SQLite run, PostgreSQL in its PostgreSQL run (a fresh database)."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.test_backup_live import IN_POSTGRESQL_RUN, Instance, _django
from tests.test_cli import free_port
from tests.test_deployment import wait_for

pytestmark = pytest.mark.slow

FOCAL_POINTS = 24
SAVES = 6  # each focal point's autosaves before it submits
CSRF = "deadlinedaysyntheticcsrftoken000"  # 32 characters, as Django's secret

PREPARE = """
import json, sys
from django.contrib.auth import get_user_model
from django.test import Client
from lanzarote.accounts.models import Profile
from lanzarote.monitoring.models import Questionnaire
from lanzarote.parties.models import State
from lanzarote.replies import services
questionnaire = Questionnaire.objects.get(uid="demo-open-questionnaire")
questions = [q.pk for q in questionnaire.questions.order_by("pk") if q.addressed_to_parties()]
people = []
states = questionnaire.round.parties.all() or State.objects.filter(
    treaty_statuses__treaty__code="cets201")
for state in states.exclude(iso2="IT").order_by("iso2").distinct()[: int(sys.argv[-1])]:
    user = get_user_model().objects.create(username=f"deadline-{state.iso2.lower()}")
    Profile.objects.create(user=user, role=Profile.Role.FOCAL_POINT, party=state, is_demo=True)
    reply = services.reply_start(questionnaire=questionnaire, actor=user)
    client = Client()
    client.force_login(user)
    people.append({"session": client.cookies["sessionid"].value, "reply": reply.pk,
                   "user": user.username})
print(json.dumps({"people": people, "questions": questions}))
"""

STATE = """
import json, sys
from lanzarote.audit.models import AuditEvent
from lanzarote.replies.models import Reply
rows = {}
for reply in Reply.objects.filter(pk__in=json.loads(sys.argv[-1])):
    rows[reply.pk] = {
        "status": reply.status,
        "answers": {str(a.question_id): a.text for a in reply.answers.all()},
        "saves": {str(a.question_id): [a.version, AuditEvent.objects.filter(
            object_type="replies.answer", object_id=str(a.pk), action="answer.save").count()]
            for a in reply.answers.all()},
        "submissions_audited": AuditEvent.objects.filter(
            object_type="replies.reply", object_id=str(reply.pk), action="reply.submit").count(),
    }
print(json.dumps(rows))
"""


def _script(instance, code, *args):
    result = subprocess.run(
        [sys.executable, "-c", _django(code), *map(str, args)],
        env=instance.env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", "postgresql"])
def deadline(request, tmp_path):
    engine = request.param
    if engine == "sqlite" and IN_POSTGRESQL_RUN:
        pytest.skip("run in the suite's SQLite run")
    instance = Instance(tmp_path / engine, engine)
    try:
        instance.cli("migrate", "-v0")
        instance.cli("load")
        instance.cli("demo")
        world = _script(instance, PREPARE, FOCAL_POINTS)
        port = free_port()
        log = (tmp_path / "server.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lanzarote.cli",
                "serve",
                "--no-worker",
                "--workers",
                "3",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            # quick static files, as the other tests that serve (tests/test_cli.py)
            env={**instance.env(), "LANZAROTE_DEBUG": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn and its workers
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: _up(base), "the server to answer")
            yield instance, world, base, server
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            log.close()
    finally:
        instance.close()


def _up(base):
    try:
        return requests.get(f"{base}/healthz", timeout=5).status_code in (200, 503)
    except requests.ConnectionError:
        return False


def _post(base, session, path, data):
    return requests.post(
        base + path,
        data=data,
        headers={"X-CSRFToken": CSRF, "HX-Request": "true"},
        cookies={"csrftoken": CSRF, "sessionid": session},
        allow_redirects=False,
        timeout=120,
    )


def test_every_acknowledged_save_and_submission_is_kept_on_deadline_day(deadline):
    instance, world, base, _server = deadline
    questions, people = world["questions"], world["people"]
    start = threading.Barrier(len(people))
    problems: list[str] = []

    def focal_point(person):
        acknowledged: dict[str, str] = {}
        start.wait()  # all at once
        for k in range(SAVES):
            question = questions[k % len(questions)]
            text = f"Synthetic answer of {person['user']}, save {k}."
            path = f"/en/replies/{person['reply']}/answers/{question}/"
            response = _post(base, person["session"], path, {f"answer-{question}": text})
            if response.status_code != 200 or "locked" in response.text:
                problems.append(f"{person['user']} save {k}: {response.status_code}")
            else:
                acknowledged[str(question)] = f"<p>{text}</p>"
        response = _post(base, person["session"], f"/en/replies/{person['reply']}/submit/", {})
        submitted = response.status_code == 302
        if not submitted:
            problems.append(f"{person['user']} submit: {response.status_code}")
        return person["reply"], acknowledged, submitted

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        outcomes = list(pool.map(focal_point, people))

    assert problems == []  # no server error, no "database is locked", no refused save
    stored = _script(instance, STATE, json.dumps([p["reply"] for p in people]))
    for reply, acknowledged, submitted in outcomes:
        row = stored[str(reply)]
        assert submitted and row["status"] == "submitted"
        assert row["submissions_audited"] == 1
        for question, text in acknowledged.items():
            assert row["answers"][question] == text  # no acknowledged save lost


def test_two_tabs_saving_the_same_answer_at_once_give_one_save_and_one_conflict(deadline):
    instance, world, base, _server = deadline
    person, question = world["people"][0], world["questions"][0]
    page = requests.get(
        f"{base}/en/replies/{person['reply']}/",
        cookies={"sessionid": person["session"]},
        timeout=60,
    ).text
    version = re.search(rf'name="version-{question}"[^>]*value="(\d*)"', page)
    seen = version[1] if version else ""
    both = threading.Barrier(2)

    def tab(name):
        both.wait()
        path = f"/en/replies/{person['reply']}/answers/{question}/"
        data = {
            f"answer-{question}": f"Synthetic text of the {name} tab.",
            f"version-{question}": seen,
        }
        return name, _post(base, person["session"], path, data).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(tab, ["first", "second"]))
    assert sorted(results.values()) == [200, 409], results
    saved = next(name for name, status in results.items() if status == 200)
    stored = _script(instance, STATE, json.dumps([person["reply"]]))[str(person["reply"])]
    assert stored["answers"][str(question)] == f"<p>Synthetic text of the {saved} tab.</p>"


def test_a_server_killed_on_deadline_day_leaves_no_half_done_save_or_submission(deadline):
    """The web server and its workers killed with SIGKILL while the focal points save and
    submit: whatever was in flight is wholly there or wholly absent — a reply is submitted
    exactly when its submission is audited, every answer's version is the number of its audited
    saves — and every save and submission acknowledged before the kill is kept."""
    instance, world, base, server = deadline
    questions, people = world["questions"], world["people"]
    start = threading.Barrier(len(people) + 1)

    def focal_point(person):
        # per question: the texts sent in order, and how many of them were acknowledged
        sent: dict[str, list[str]] = {}
        acknowledged: dict[str, int] = {}
        submitted = False
        start.wait()
        try:
            for k in range(40):
                question = str(questions[k % len(questions)])
                text = f"Synthetic answer of {person['user']}, save {k}."
                sent.setdefault(question, []).append(f"<p>{text}</p>")
                path = f"/en/replies/{person['reply']}/answers/{question}/"
                if _post(base, person["session"], path, {f"answer-{question}": text}).ok:
                    acknowledged[question] = len(sent[question])
                if k == 20:
                    path = f"/en/replies/{person['reply']}/submit/"
                    submitted = _post(base, person["session"], path, {}).status_code == 302
        except requests.ConnectionError:
            pass  # the server is gone
        return person["reply"], sent, acknowledged, submitted

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        running = pool.map(focal_point, people)
        start.wait()
        time.sleep(1.5)  # saves and submissions in flight
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        outcomes = list(running)

    stored = _script(instance, STATE, json.dumps([p["reply"] for p in people]))
    assert any(acknowledged for _, _, acknowledged, _ in outcomes)  # work done before the kill
    for reply, sent, acknowledged, submitted in outcomes:
        row = stored[str(reply)]
        assert row["submissions_audited"] == (1 if row["status"] == "submitted" else 0)
        for version, audited in row["saves"].values():
            assert version == audited  # each save wholly there, with its audit record
        if submitted:
            assert row["status"] == "submitted"
        for question, count in acknowledged.items():
            # the last save acknowledged, or one sent after it whose answer the kill cut off
            assert row["answers"][question] in sent[question][count - 1 :]
