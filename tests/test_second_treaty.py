"""The core is treaty-agnostic: a second treaty, loaded from its own folder, runs a round.

The treaty is fictional (tests/data/ftx1/README.md): a three-article "Fictional Lighthouse
Convention" with one Party (Iceland, a real State of the States list)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from lanzarote.core.refdata import load_reference_data
from lanzarote.lib.datafile import DataFileError
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import Reservation, State, TreatyStatus
from lanzarote.treaties.models import Obligation, Provision, ReservationClause, Treaty
from tests.conftest import make_user

FOLDER = Path(__file__).parent / "data" / "ftx1"


@pytest.fixture
def fictional(db):
    *shipped, ftx1 = load_reference_data(folders=[FOLDER])
    assert all(r.skipped for r in shipped) and not ftx1.skipped and ftx1.dataset == "ftx1"
    return Treaty.objects.get(code="ftx1")


def test_a_second_treaty_folder_loads_beside_the_shipped_one(fictional):
    assert fictional.short_title_en == "Fictional Lighthouse Convention"
    assert Provision.objects.get(uid="ftx1:1.2.b").text_fr.startswith("consigner")
    assert Obligation.objects.filter(provision__treaty=fictional).count() == 3
    clause = ReservationClause.objects.get(provision__uid="ftx1:2")
    assert [p.uid for p in clause.concerns.all()] == ["ftx1:1.2.b"]
    iceland = TreatyStatus.objects.get(treaty=fictional, state__iso2="IS")
    assert (iceland.status, str(iceland.entry_into_force)) == ("party", "2021-01-01")
    assert TreatyStatus.objects.filter(treaty=fictional).count() == 1
    loaded = Round.objects.get(uid="ftx1-round-1")
    assert loaded.treaty == fictional and [s.iso2 for s in loaded.parties.all()] == ["IS"]
    assert loaded.questionnaires.get().questions.get(number="1").title_en == "Lighthouses"
    assert not Reservation.objects.filter(treaty=fictional).exists()


def test_loading_the_second_folder_again_changes_nothing(fictional):
    reports = load_reference_data(folders=[FOLDER])
    assert all(r.skipped for r in reports)


def test_the_load_command_takes_another_treaty_folder(db, capsys):
    call_command("load", "--folder", str(FOLDER))
    assert "ftx1: created" in capsys.readouterr().out
    assert Treaty.objects.filter(code="ftx1").exists()


def test_a_folder_of_a_treaty_already_loaded_from_the_data_is_refused(db, tmp_path):
    (tmp_path / "cets201").mkdir()
    with pytest.raises(DataFileError, match="a second data set of the treaty cets201"):
        load_reference_data(folders=[tmp_path / "cets201"])


def test_the_second_treaty_has_its_own_pages(client, fictional):
    assert "Fictional Lighthouse Convention" in client.get("/en/treaties/ftx1/").text
    assert "Iceland" in client.get("/en/treaties/ftx1/parties/").text
    assert "train lighthouse keepers" in client.get("/en/treaties/ftx1/articles/1/").text
    home = client.get("/en/").text
    assert "Fictional Lighthouse Convention" in home and "Lanzarote Convention" in home


def test_a_round_runs_on_the_second_treaty(client, fictional, secretariat):
    from lanzarote.assessments import services as assessments
    from lanzarote.monitoring import services as monitoring
    from lanzarote.monitoring.questionnaire_file import ParsedQuestion
    from lanzarote.replies import services as replies

    client.force_login(secretariat)
    fields = {"uid": "ftx1-round-2", "kind": "thematic", "name_en": "2nd fictional round"}
    client.post("/en/rounds/", {"treaty": "ftx1", **fields})
    round_ = Round.objects.get(uid="ftx1-round-2")
    assert round_.treaty == fictional
    deadline = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    client.post(
        "/en/rounds/ftx1-round-2/",
        {"uid": "ftx1-round-2-q", "title_en": "Keepers", "deadline": deadline},
    )
    questionnaire = round_.questionnaires.get(uid="ftx1-round-2-q")
    assert questionnaire.treaty == fictional
    (question,) = monitoring.questionnaire_import(
        questionnaire=questionnaire,
        questions=[ParsedQuestion("1", None, "Training", "How are keepers trained?")],
        actor=secretariat,
    )
    monitoring.question_link_provisions(question=question, uids=["ftx1:1.2.a"], actor=secretariat)
    monitoring.round_step(round_=round_, step="open", actor=secretariat)

    iceland = State.objects.get(iso2="IS")
    focal_point = make_user("inga", "focal_point", party=iceland)
    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point)
    replies.answer_save(
        reply=reply, question=question, text="Keepers follow a fictional course.", actor=focal_point
    )
    assert replies.reply_submit(reply=reply, actor=focal_point).status == "submitted"

    scheme = monitoring.scheme_create(round_=round_, title_en="Fictional scheme", actor=secretariat)
    indicator = monitoring.indicator_save(
        scheme=scheme,
        code="keepers-trained",
        actor=secretariat,
        scale="yes-partly-no",
        texts={"label_en": "Keepers are trained"},
        keywords_en=["training"],
        keywords_fr=["formation"],
        provisions=["ftx1:1.2.a"],
        questions=["1"],
    )
    finding = assessments.finding_save(
        indicator=indicator,
        party=iceland,
        value="yes",
        rationale="The reply describes a course (fictional).",
        actor=secretariat,
    )
    assert finding.indicator.scheme.round.treaty == fictional
    assert "Keepers are trained" in client.get("/en/rounds/ftx1-round-2/assessment/").text
