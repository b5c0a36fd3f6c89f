"""Every list page reads a fixed number of queries, whatever the number of rows it lists: each
page is read with N rows and with 2N (the rows built as the other tests build them), and both
readings must make the pinned number of queries. A page that runs one query per row fails here.

A pinned number that changes is a change to look at: fewer is better (lower it here), more needs
a reason."""

import itertools
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import built_once, make_user

PERSONA_USERNAMES = {
    "secretariat": "sofia",
    "committee_member": "carla",
    "focal_point_france": "francois",
}


def _world_build():
    """The demonstration and the personas, built once for the module (tests/conftest.py,
    `built_once`): each test grows its rows inside it, in a savepoint rolled back after it."""
    from lanzarote.accounts.models import Profile
    from lanzarote.core.demo import demo_load
    from lanzarote.parties.models import State

    demo_load(password="synthetic-pass")
    make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    make_user("carla", Profile.Role.COMMITTEE)
    make_user("francois", Profile.Role.FOCAL_POINT, party=State.objects.get(iso2="FR"))


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("query-counts") / "files"
    with built_once(django_db_blocker, media, _world_build):
        yield media


@pytest.fixture
def world(_world, db, settings):
    if _world.exists():
        shutil.copytree(_world, settings.MEDIA_ROOT, dirs_exist_ok=True)


_serial = itertools.count(1)


def _states(k: int):
    """k States that no other builder here uses yet."""
    from lanzarote.parties.models import State

    used = set(_used)
    states = [s for s in State.objects.order_by("iso2") if s.iso2 not in used][:k]
    _used.extend(s.iso2 for s in states)
    return states


_used: list[str] = ["FR", "IT", "MT"]  # the focal points' Parties stay as they are


def reservations(k, actors):
    from lanzarote.parties.models import Reservation
    from lanzarote.treaties.models import Provision

    provision = Provision.objects.get(uid="cets201:20.1.a")
    for state in _states(k) + [_fr()] * k:
        reservation = Reservation.objects.create(
            treaty=provision.treaty,
            state=state,
            kind="reservation",
            text_en=f"Synthetic reservation {next(_serial)}",
        )
        reservation.provisions.add(provision)


def _fr():
    from lanzarote.parties.models import State

    return State.objects.get(iso2="FR")


def accessions(k, actors):
    from lanzarote.parties.models import AccessionRequest
    from lanzarote.treaties.models import Treaty

    treaty = Treaty.objects.get(code="cets201")
    for state in _states(k):
        AccessionRequest.objects.create(treaty=treaty, state=state)


def meetings(k, actors):
    """k meetings held, each with an agenda item, a decision and a public document."""
    import datetime as dt

    from lanzarote.committee import services
    from lanzarote.treaties.models import Treaty

    secretariat = actors["secretariat"]
    for _ in range(k):
        n = next(_serial)
        meeting = services.meeting_create(
            treaty=Treaty.objects.get(code="cets201"),
            number=100 + n,
            start=dt.date(2025, 1, 1) + dt.timedelta(days=n),
            status="held",
            actor=secretariat,
        )
        services.agenda_set(actor=secretariat, meeting=meeting, items=[(f"Item {n}", "")])
        services.decision_record(actor=secretariat, meeting=meeting, text_en=f"Decision {n}")
        services.document_attach(
            actor=secretariat,
            meeting=meeting,
            name="notice.txt",
            data=f"Synthetic notice {n}".encode(),
            title_en=f"Notice {n}",
            restricted=False,
        )


def activities(k, actors):
    """k capacity-building activities, each with two participants and a provision."""
    from lanzarote.cooperation import services
    from lanzarote.lib.dates import PartialDate
    from lanzarote.parties.models import State
    from lanzarote.treaties.models import Provision, Treaty

    france, italy = State.objects.get(iso2="FR"), State.objects.get(iso2="IT")
    for _ in range(k):
        n = next(_serial)
        services.activity_create(
            actor=actors["secretariat"],
            treaty=Treaty.objects.get(code="cets201"),
            kind="event",
            title_en=f"Synthetic event {n}",
            start=PartialDate.parse("2021-05"),
            participants=[(france, ""), (italy, "Synthetic organisation")],
            provisions=[Provision.objects.get(uid="cets201:35.1")],
            sources=["https://example.org/synthetic"],
        )


def practices(k, actors):
    """k published good practices of France, each serving a provision of protection."""
    from lanzarote.cooperation import services
    from lanzarote.parties.models import State
    from lanzarote.treaties.models import Provision, Treaty

    for _ in range(k):
        n = next(_serial)
        practice = services.practice_create(
            actor=actors["secretariat"],
            treaty=Treaty.objects.get(code="cets201"),
            title_en=f"Synthetic practice {n}",
            title_fr=f"Pratique synthétique {n}",
            states=[State.objects.get(iso2="FR")],
            provisions=[Provision.objects.get(uid="cets201:35.1")],
            sources=["https://example.org/synthetic"],
        )
        services.practice_publish(actor=actors["secretariat"], practice=practice)


def european_days(k, actors):
    from lanzarote.cooperation.models import EuropeanDay
    from lanzarote.treaties.models import Treaty

    treaty = Treaty.objects.get(code="cets201")
    for _ in range(k):
        EuropeanDay.objects.create(
            treaty=treaty, year=2100 + next(_serial), sources=["https://x.org"]
        )


def rounds(k, actors):
    from lanzarote.monitoring import services
    from lanzarote.treaties.models import Treaty

    for _ in range(k):
        n = next(_serial)
        services.round_create(
            treaty=Treaty.objects.get(code="cets201"),
            uid=f"synthetic-round-{n}",
            kind="thematic",
            name_en=f"Synthetic round {n}",
            actor=actors["secretariat"],
        )


def questionnaires(k, actors):
    import datetime as dt

    from lanzarote.monitoring import services
    from lanzarote.monitoring.models import Round
    from lanzarote.treaties.models import Treaty

    round_ = Round.objects.filter(uid="synthetic-preparing").first() or services.round_create(
        treaty=Treaty.objects.get(code="cets201"),
        uid="synthetic-preparing",
        kind="thematic",
        name_en="Synthetic round in preparation",
        actor=actors["secretariat"],
    )
    for _ in range(k):
        n = next(_serial)
        services.questionnaire_create(
            treaty=Treaty.objects.get(code="cets201"),
            uid=f"synthetic-questionnaire-{n}",
            kind="thematic",
            round_=round_,
            title_en=f"Synthetic questionnaire {n}",
            title_fr=f"Questionnaire synthétique {n}",
            deadline=dt.date.today() + dt.timedelta(days=30),
            actor=actors["secretariat"],
        )


def replies(k, actors):
    from lanzarote.monitoring.models import Questionnaire
    from lanzarote.replies import services

    secretariat = actors["secretariat"]
    questionnaire = Questionnaire.objects.get(uid="demo-published-questionnaire")
    question = questionnaire.questions.get(number="1")
    for state in _states(k):
        reply = services.reply_start(questionnaire=questionnaire, actor=secretariat, party=state)
        services.answer_save(reply=reply, question=question, text="Synthetic", actor=secretariat)
        services.reply_submit(reply=reply, actor=secretariat)


def answers(k, actors):
    """k more saves of France's answer: k more events in its reply's history."""
    from lanzarote.monitoring.models import Questionnaire
    from lanzarote.parties.models import State
    from lanzarote.replies import services
    from lanzarote.replies.models import Reply

    secretariat = actors["secretariat"]
    questionnaire = Questionnaire.objects.get(uid="demo-published-questionnaire")
    reply = Reply.objects.filter(questionnaire=questionnaire, party__iso2="MT").first()
    if reply is None:
        reply = services.reply_start(
            questionnaire=questionnaire, actor=secretariat, party=State.objects.get(iso2="MT")
        )
    for question in questionnaire.questions.all()[:1]:
        for _ in range(k):
            services.answer_save(
                reply=reply, question=question, text=f"Synthetic {next(_serial)}", actor=secretariat
            )


def findings(k, actors):
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring.models import Indicator

    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")
    for state in _states(k):
        Finding.objects.create(
            indicator=indicator,
            party=state,
            value="yes",
            scheme_version=1,
            status="adopted",
            rationale="Synthetic",
        )


def recommendations(k, actors):
    from lanzarote.monitoring.models import Round
    from lanzarote.recommendations.models import Recommendation

    round_ = Round.objects.get(uid="round-2")
    for _ in range(k):
        n = next(_serial)
        recommendation = Recommendation.objects.create(
            round=round_,
            uid=f"synthetic-{n}",
            number=f"S{n}",
            grade="urge",
            status="adopted",
            text_en=f"Synthetic {n}",
        )
        recommendation.addressees.add(_fr())


def annual_reports(k, actors):
    from lanzarote.reports.models import Publication, Rendering

    start = 2000 + Publication.objects.filter(kind="annual").count()
    for year in range(start, start + k):
        key = f"annual:cets201:{year}:en"
        publication = Publication.objects.create(
            kind="annual",
            year=year,
            subject="cets201",
            lang="en",
            key=key,
            version=1,
            status="published",
            data={},
        )
        Rendering.objects.create(
            publication=publication, format="html", file=f"x{year}.html", sha256="0" * 64, size=1
        )


def publications(k, actors):
    from lanzarote.monitoring.models import Round
    from lanzarote.reports.models import Publication, Rendering

    round_ = Round.objects.get(uid="round-2")
    for state in _states(k):
        for status in ("published", "draft"):
            key = Publication.series("country", round_.uid, state.iso2, "", "en")
            publication = Publication.objects.create(
                kind="country",
                round=round_,
                party=state,
                lang="en",
                key=key,
                version=1 if status == "published" else 2,
                status=status,
                data={},
            )
            if status == "published":
                for fmt in ("html", "pdf"):
                    Rendering.objects.create(
                        publication=publication,
                        format=fmt,
                        file=f"x/{key}.{fmt}",
                        sha256="0",
                        size=1,
                    )


def users(k, actors):
    from lanzarote.accounts.models import Profile

    for state in _states(k):
        make_user(f"synthetic-{next(_serial)}", Profile.Role.FOCAL_POINT, party=state)


def passages(k, actors):
    """k more replies whose answer the search finds."""
    from lanzarote.monitoring.models import Questionnaire
    from lanzarote.replies import services

    secretariat = actors["secretariat"]
    questionnaire = Questionnaire.objects.get(uid="demo-published-questionnaire")
    question = questionnaire.questions.get(number="1")
    for state in _states(k):
        reply = services.reply_start(questionnaire=questionnaire, actor=secretariat, party=state)
        services.answer_save(
            reply=reply, question=question, text="Synthetic zebrafish training", actor=secretariat
        )
        services.reply_submit(reply=reply, actor=secretariat)


def _reply_history_url():
    from lanzarote.replies.models import Reply

    reply = Reply.objects.get(questionnaire__uid="demo-published-questionnaire", party__iso2="MT")
    return f"/en/replies/{reply.pk}/history/"


# (page, persona, the rows it lists, queries): every page of the product that lists objects.
LIST_PAGES = [
    # +1 since the meetings that adopted the opinions are read (committee)
    ("/en/treaties/cets201/", "anonymous", reservations, 8),
    # +1: "what others do", the good practices of the provision (cooperation's panel)
    # +1: its counterparts in other treaties (the concordance), both sides in one query
    ("/en/provisions/cets201:20.1.a/", "anonymous", reservations, 8),
    ("/en/provisions/ets185:9.1.e/", "anonymous", reservations, 8),
    ("/en/concordance/", "anonymous", reservations, 2),
    ("/en/treaties/cets201/obligations/", "anonymous", reservations, 2),
    ("/en/treaties/cets201/parties/", "anonymous", reservations, 6),
    # +2: the State's good practices and capacity-building activities (cooperation's panel)
    # +1: the treaties under which its status is not recorded (shown as unknown)
    ("/en/states/FR/", "anonymous", reservations, 10),
    ("/en/accessions/", "secretariat", accessions, 5),
    ("/en/meetings/", "anonymous", meetings, 2),
    ("/en/cooperation/activities/", "anonymous", activities, 5),
    ("/en/good-practices/", "anonymous", practices, 7),
    ("/en/good-practices/", "secretariat", practices, 9),
    ("/en/good-practices/?state=FR&pillar=prosecution", "anonymous", practices, 7),
    ("/en/european-day/", "anonymous", european_days, 2),
    ("/en/meetings/", "committee_member", meetings, 4),
    (
        "/en/rounds/",
        "secretariat",
        rounds,
        5,
    ),  # the new-round form is drawn once (not also in <title>)
    # +2: the meetings the Secretariat may name as launching the round and adopting its report
    ("/en/rounds/synthetic-preparing/", "secretariat", questionnaires, 8),
    # the States a round in preparation may monitor (reference data: a fixed list)
    ("/en/rounds/synthetic-preparing/parties/", "secretariat", questionnaires, 5),
    # +1: the meetings the Secretariat may name as adopting it
    ("/en/questionnaires/demo-published-questionnaire/", "secretariat", replies, 11),
    ("/en/rounds/demo-published/state-of-play/", "secretariat", replies, 10),
    ("/en/questionnaires/demo-published-questionnaire/state-of-play/", "secretariat", replies, 9),
    ("/en/questionnaires/demo-published-questionnaire/questions/1/", "secretariat", replies, 8),
    ("/en/questionnaires/demo-published-questionnaire/states/MT/", "secretariat", answers, 9),
    (_reply_history_url, "secretariat", answers, 7),
    ("/en/rounds/round-2/assessment/", "secretariat", findings, 13),
    # +1: the count of the findings, which are listed 200 a page
    ("/en/rounds/round-2/assessment/findings/", "secretariat", findings, 7),
    # the page cache reads its versions from the cache, not the database
    ("/en/rounds/round-2/overview/", "committee_member", findings, 9),
    ("/en/rounds/round-2/recommendations/", "secretariat", recommendations, 9),
    ("/en/states/FR/recommendations/", "focal_point_france", recommendations, 12),
    # +2: the treaty and the meetings the Secretariat may name as adopting a report
    ("/en/publications/", "secretariat", publications, 7),
    ("/en/annual-reports/", "anonymous", annual_reports, 2),
    ("/en/accounts/users/", "secretariat", users, 5),
    ("/en/accounts/", "secretariat", findings, 17),
    ("/en/search/?q=zebrafish", "secretariat", passages, 9),
]


# Pages whose rows do not grow with what is added: reference data (provisions, obligations,
# States: the reservations added are read on the page, but not shown there), one reply's answer
# per question (saved again), and counts (my work).
FIXED_LISTS = {
    "/en/rounds/synthetic-preparing/parties/",
    "/en/treaties/cets201/",
    "/en/treaties/cets201/parties/",
    "/en/treaties/cets201/obligations/",
    "/en/provisions/ets185:9.1.e/",
    "/en/concordance/",
    "/en/questionnaires/demo-published-questionnaire/states/MT/",
    "/en/accounts/",
}


@pytest.mark.parametrize(
    ("url", "persona", "grow", "pinned"),
    LIST_PAGES,
    ids=[f"{p[0] if isinstance(p[0], str) else p[0].__name__} as {p[1]}" for p in LIST_PAGES],
)
def test_a_list_page_reads_the_same_queries_for_n_rows_and_for_2n(
    world, client, url, persona, grow, pinned
):
    users = get_user_model().objects
    actors = {name: users.get(username=username) for name, username in PERSONA_USERNAMES.items()}
    if persona != "anonymous":
        client.force_login(actors[persona])
    _used[:] = ["FR", "IT", "MT"]

    def queries() -> tuple[int, int]:
        page = url if isinstance(url, str) else url()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page)
        assert response.status_code == 200
        return len(captured), len(response.content)

    n = 3
    grow(n, actors)
    queries()  # warm: the caches of a running server (site, content types) are filled
    with_n, size_n = queries()
    grow(n, actors)
    with_2n, size_2n = queries()
    assert (with_n, with_2n) == (pinned, pinned)
    if url not in FIXED_LISTS:
        assert size_2n > size_n, "the rows added are not on the page: grow what it lists"
