import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanzarote.audit.models import AuditEvent
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring import services
from lanzarote.monitoring.models import Questionnaire, Round
from lanzarote.monitoring.questionnaire_file import ParsedQuestion
from lanzarote.monitoring.services import ROUND_STEPS, WorkflowError


def test_past_rounds_and_their_known_questions_are_loaded_with_their_gaps(db):
    assert Round.objects.filter(is_demo=False).count() == 6
    round_2 = Round.objects.get(uid="round-2")
    assert (round_2.status, str(round_2.launched_date)) == ("report_adopted", "2017-05")
    assert round_2.parties.count() == 0 and round_2.parties_count == 43  # not named in sources
    assert Round.objects.get(uid="round-1").parties.count() == 26
    q = Questionnaire.objects.get(uid="round-2-thematic")
    assert not q.questions_complete
    assert q.questions.get(number="6").text_en.startswith("6.1. What specific reporting")
    assert Questionnaire.objects.get(uid="general-overview").round is None


def test_a_round_goes_through_its_lifecycle_step_by_step(questionnaire_draft, secretariat):
    round_ = questionnaire_draft.round
    for step in ROUND_STEPS:
        round_ = services.round_step(round_=round_, step=step, actor=secretariat)
    assert round_.status == "closed"
    steps = AuditEvent.objects.filter(object_id=str(round_.pk), action__startswith="round.")
    assert steps.count() == len(ROUND_STEPS) + 1  # and its creation


def test_an_impossible_transition_is_refused_with_a_clear_message(round_preparing, secretariat):
    with pytest.raises(WorkflowError, match="cannot go to “Report adopted”"):
        services.round_step(round_=round_preparing, step="adopt_report", actor=secretariat)


def test_a_round_opens_only_with_a_questionnaire_that_has_questions_and_a_deadline(
    round_preparing, secretariat, treaty
):
    with pytest.raises(WorkflowError, match="at least one questionnaire"):
        services.round_step(round_=round_preparing, step="open", actor=secretariat)
    services.questionnaire_create(
        treaty=treaty,
        uid="empty",
        kind="thematic",
        round_=round_preparing,
        title_en="Empty",
        actor=secretariat,
    )
    with pytest.raises(WorkflowError, match="has no question yet"):
        services.round_step(round_=round_preparing, step="open", actor=secretariat)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from([*ROUND_STEPS, "publish_replies", "nonsense"]), max_size=9))
def test_any_sequence_of_steps_keeps_the_round_on_its_path(treaty, steps):
    """Property: whatever is asked, a round is only ever in a status reachable by the allowed
    steps in order, and every refused step leaves it unchanged."""
    from django.db import transaction

    from tests.conftest import make_user

    order = [Round.Status.PREPARING, *(target for _, target in ROUND_STEPS.values())]
    # One example, rolled back: the next starts afresh. The services run nested in its transaction.
    with transaction.atomic():
        secretariat = make_user("prop-sofia", "secretariat")
        questionnaire = _prepared_questionnaire(secretariat)
        round_ = questionnaire.round
        for step in steps:
            before = Round.objects.get(pk=round_.pk).status
            try:
                if step == "publish_replies":
                    services.round_publish_replies.nested(round_=round_, actor=secretariat)
                else:
                    services.round_step.nested(round_=round_, step=step, actor=secretariat)
            except WorkflowError:
                assert Round.objects.get(pk=round_.pk).status == before
            after = Round.objects.get(pk=round_.pk).status
            assert order.index(after) - order.index(before) in (0, 1)
        transaction.set_rollback(True)


def _prepared_questionnaire(secretariat):
    from lanzarote.treaties.models import Treaty

    treaty = Treaty.objects.get(code="cets201")
    round_ = services.round_create.nested(
        treaty=treaty,
        uid="prop-round",
        kind="thematic",
        name_en="Property round",
        actor=secretariat,
    )
    questionnaire = services.questionnaire_create.nested(
        treaty=treaty,
        uid="prop-q",
        kind="thematic",
        round_=round_,
        title_en="Q",
        deadline=dt.date.today(),
        actor=secretariat,
    )
    services.questionnaire_import.nested(
        questionnaire=questionnaire,
        actor=secretariat,
        questions=[ParsedQuestion("1", None, "", "Synthetic?")],
    )
    return questionnaire


def test_only_the_secretariat_runs_rounds(round_preparing, focal_point_france, committee_member):
    for person in (focal_point_france, committee_member):
        with pytest.raises(NotAllowed):
            services.round_step(round_=round_preparing, step="open", actor=person)


def test_questions_are_fixed_once_the_round_is_open(questionnaire, secretariat):
    with pytest.raises(WorkflowError, match="fixed once the round is open"):
        services.questionnaire_import(
            questionnaire=questionnaire,
            actor=secretariat,
            questions=[ParsedQuestion("9", None, "", "Late?")],
        )


def test_an_import_that_repeats_a_number_adds_nothing(questionnaire_draft, secretariat):
    with pytest.raises(WorkflowError, match="already has question"):
        services.questionnaire_import(
            questionnaire=questionnaire_draft,
            actor=secretariat,
            questions=[
                ParsedQuestion("3", None, "", "New"),
                ParsedQuestion("1", None, "", "Again"),
            ],
        )
    assert not questionnaire_draft.questions.filter(number="3").exists()


def test_questions_link_to_provisions_by_stable_id(questionnaire_draft, secretariat):
    question = questionnaire_draft.questions.get(number="1")
    services.question_link_provisions(question=question, uids=["cets201:5.2"], actor=secretariat)
    assert [p.uid for p in question.provisions.all()] == ["cets201:5.2"]
    with pytest.raises(WorkflowError, match="unknown provision"):
        services.question_link_provisions(question=question, uids=["cets201:99"], actor=secretariat)


def test_the_general_overview_questionnaire_always_accepts_replies(db):
    assert Questionnaire.objects.get(uid="general-overview").accepts_replies()
    assert not Questionnaire.objects.get(uid="round-2-thematic").accepts_replies()


def test_a_round_in_preparation_is_seen_by_the_secretariat_only(
    client, round_preparing, secretariat
):
    assert client.get("/en/rounds/test-round/").status_code == 404
    assert "test-round" not in client.get("/api/rounds").text
    client.force_login(secretariat)
    assert client.get("/en/rounds/test-round/").status_code == 200


def test_the_secretariat_opens_a_round_from_its_page(client, questionnaire_draft, secretariat):
    client.force_login(secretariat)
    client.post("/en/rounds/test-round/step/", {"step": "open"})
    assert Round.objects.get(uid="test-round").status == "open"
    page = client.post("/en/rounds/test-round/step/", {"step": "close"}, follow=True).text
    assert "cannot go to" in page


def test_the_secretariat_prepares_a_round_and_its_questionnaire_on_the_pages(client, secretariat):
    client.force_login(secretariat)
    created = client.post(
        "/en/rounds/",
        {
            "uid": "round-9",
            "kind": "thematic",
            "name_en": "Synthetic ninth round",
            "treaty": "cets201",
        },
    )
    assert created["Location"] == "/en/rounds/round-9/"
    added = client.post(
        "/en/rounds/round-9/",
        {"uid": "round-9-q", "title_en": "Synthetic Q", "deadline": "2031-01-31"},
    )
    assert added["Location"] == "/en/questionnaires/round-9-q/"
    assert Questionnaire.objects.get(uid="round-9-q").round.uid == "round-9"


def test_a_round_belongs_to_the_treaty_chosen_when_it_is_created(client, secretariat):
    from lanzarote.treaties.models import Treaty

    other = Treaty.objects.create(
        code="ftx1", series_en="FTX No. 1", title_en="Fictional", short_title_en="Fictional"
    )
    client.force_login(secretariat)
    form = client.get("/en/rounds/").text  # the configured treaty is offered first
    assert '<option value="cets201" selected>' in form
    fields = {"kind": "thematic", "name_en": "Synthetic round"}
    refused = client.post("/en/rounds/", {"uid": "round-8", **fields})
    assert refused.status_code == 200 and not Round.objects.filter(uid="round-8").exists()
    client.post("/en/rounds/", {"uid": "round-8", "treaty": "ftx1", **fields})
    assert Round.objects.get(uid="round-8").treaty == other


def test_the_general_overview_has_a_state_of_play_of_every_party(client, secretariat):
    client.force_login(secretariat)
    page = client.get("/en/questionnaires/general-overview/state-of-play/").text
    assert page.count("not started") == 48


def test_a_past_questionnaire_without_a_recorded_round_accepts_no_reply(db):
    assert not Questionnaire.objects.get(uid="focused-age-and-limitation").accepts_replies()


def test_the_secretariat_links_a_question_to_provisions_on_its_page(
    client, questionnaire_draft, secretariat
):
    client.force_login(secretariat)
    url = "/en/questionnaires/test-questionnaire/questions/1/provisions/"
    client.post(url, {"provisions": "cets201:5.2, cets201:5.3"})
    question = questionnaire_draft.questions.get(number="1")
    assert sorted(p.uid for p in question.provisions.all()) == ["cets201:5.2", "cets201:5.3"]
    page = client.post(url, {"provisions": "cets201:99"}, follow=True).text
    assert "unknown provision" in page
    assert question.provisions.count() == 2
