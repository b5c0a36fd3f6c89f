import datetime as dt
import json
import shutil

import pytest
from django.core.management import call_command

from lanzarote.audit.models import AuditEvent
from lanzarote.core.refdata import DATA_DIR, load_reference_data
from lanzarote.lib.datafile import DataFileError
from lanzarote.parties.models import CommitteeMembership, Reservation, State, TreatyStatus
from lanzarote.treaties.models import Article, Obligation, Provision, Treaty


@pytest.fixture
def data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def edit(root, relative, change):
    path = root / relative
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False))


def test_the_convention_is_loaded_whole_in_both_languages(treaty):
    assert Article.objects.filter(treaty=treaty).count() == 50
    assert Provision.objects.get(uid="cets201:20.1.a").text_en == "producing child pornography;"
    assert Provision.objects.get(uid="cets201:20.1.a").text_fr.startswith("la production")
    articles_without_french = Provision.objects.filter(
        treaty=treaty, article__isnull=False, text_fr=""
    )
    assert not articles_without_french.exists()


def test_the_incomplete_french_preamble_is_left_empty_not_filled_in(treaty):
    recitals = Provision.objects.filter(treaty=treaty, kind="recital").order_by("position")
    assert recitals.count() == 13
    assert all(r.text_fr for r in recitals[:6])
    assert not any(r.text_fr for r in recitals[6:])  # recital 7 is cut off in the source


def test_the_48_parties_are_loaded_with_unknown_dates_left_unknown(db):
    assert TreatyStatus.objects.filter(treaty__code="cets201", status="party").count() == 48
    belgium = TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE")
    assert belgium.deposit is None  # its 2012 assent law is not the deposit
    assert str(belgium.entry_into_force) == "2013-07-01"  # bound from then per Dz.U. 2015 poz. 609
    armenia = TreatyStatus.objects.get(treaty__code="cets201", state__iso2="AM")
    assert str(armenia.signature_date) == "2010"  # known only to the year
    assert str(armenia.deposit_date) == "2020-09-07"


def test_every_party_is_a_member_of_the_committee(db):
    assert CommitteeMembership.objects.filter(kind="member").count() == 48


def test_declarations_made_are_attached_to_their_clause_and_provisions(db):
    latvia = Reservation.objects.get(state__iso2="LV", clause__provision__uid="cets201:25.3")
    assert [p.uid for p in latvia.provisions.all()] == ["cets201:25.1.e"]


REQUIRED = (
    ["18.1.a", "18.1.b", "19.1.a", "19.1.b", "19.1.c", "22", "23", "24.1", "24.2", "32", "33"]
    + [f"20.1.{c}" for c in "abcdef"]
    + [f"21.1.{c}" for c in "abc"]
    + [f"25.1.{c}" for c in "abcde"]
)


@pytest.mark.parametrize("ref", REQUIRED)
def test_each_conduct_and_procedural_rule_has_an_obligation(db, ref):
    assert Obligation.objects.filter(provision__uid=f"cets201:{ref}").exists()


@pytest.mark.parametrize("article", range(4, 15))
def test_each_preventive_and_protective_article_has_obligations(db, article):
    assert Obligation.objects.filter(provision__article__number=article).exists()


def test_a_second_load_of_unchanged_data_changes_nothing(db):
    events = AuditEvent.objects.count()
    reports = load_reference_data()
    assert [r.dataset for r in reports if not r.skipped] == []
    assert {"cets201", "ets185", "opsc"} <= {r.dataset for r in reports}
    assert AuditEvent.objects.count() == events


def test_a_changed_data_file_updates_only_what_changed_and_audits_it(db, data_copy):
    edit(
        data_copy,
        "cets201/signatures_ratifications.json",
        lambda d: d["records"][5].update(signature="2008-05-06"),
    )  # Belgium
    report = load_reference_data(root=data_copy)[0]
    assert report.updated == {"treaty statuses": 1}
    event = AuditEvent.objects.get(action="refdata.update")
    # a date given without a source of its own takes the record's source_url
    source = json.loads((data_copy / "cets201/signatures_ratifications.json").read_text())
    source_url = source["records"][5]["source_url"]
    assert event.before == {
        "signature": None,
        "signature_precision": "",
        "signature_citation_url": "",
    }
    assert event.after == {
        "signature": "2008-05-06",
        "signature_precision": "day",
        "signature_citation_url": source_url,
    }


def test_a_new_data_release_keeps_the_secretariats_corrections_of_other_values(db, data_copy):
    belgium = TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE")
    belgium.signature, belgium.signature_precision = dt.date(2007, 10, 25), "day"  # a correction
    belgium.save()
    edit(
        data_copy,
        "cets201/signatures_ratifications.json",
        lambda d: d["records"][1].update(signature="2008-01-01"),
    )  # Andorra, in a new release
    load_reference_data(root=data_copy)
    assert (
        str(TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE").signature)
        == "2007-10-25"
    )
    assert (
        str(TreatyStatus.objects.get(treaty__code="cets201", state__iso2="AD").signature)
        == "2008-01-01"
    )
    load_reference_data(root=data_copy, force=True)  # --force re-applies the files' values
    assert TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE").signature is None


def _assert_refused(root, file, entry, problem):
    before = (Treaty.objects.count(), Provision.objects.count(), State.objects.count())
    with pytest.raises(DataFileError) as caught:
        load_reference_data(root=root)
    assert caught.value.file == file
    assert entry in caught.value.entry
    assert problem in caught.value.problem
    assert (Treaty.objects.count(), Provision.objects.count(), State.objects.count()) == before


def test_an_unknown_key_stops_the_load_naming_file_and_entry(db, data_copy):
    edit(data_copy, "cets201/obligations.json", lambda d: d["obligations"][3].update(colour="red"))
    entry = json.loads((data_copy / "cets201/obligations.json").read_text())["obligations"][3]["id"]
    _assert_refused(data_copy, "cets201/obligations.json", entry, "unknown key(s) 'colour'")


def test_a_duplicate_id_stops_the_load(db, data_copy):
    def duplicate(d):
        d["obligations"][1]["id"] = d["obligations"][0]["id"]

    edit(data_copy, "cets201/obligations.json", duplicate)
    _assert_refused(data_copy, "cets201/obligations.json", "cets201:obl:", "duplicate id")


def test_a_broken_reference_stops_the_load(db, data_copy):
    edit(
        data_copy,
        "cets201/obligations.json",
        lambda d: d["obligations"][0].update(provision="cets201:99.1"),
    )
    _assert_refused(
        data_copy,
        "cets201/obligations.json",
        "cets201:obl:",
        "refers to cets201:99.1, which is not in the text",
    )


def test_an_unknown_state_stops_the_load(db, data_copy):
    edit(
        data_copy,
        "cets201/signatures_ratifications.json",
        lambda d: d["records"][0].update(state="Atlantis"),
    )
    _assert_refused(
        data_copy, "cets201/signatures_ratifications.json", "Atlantis", "unknown State 'Atlantis'"
    )


def test_a_malformed_date_stops_the_load(db, data_copy):
    edit(
        data_copy,
        "cets201/signatures_ratifications.json",
        lambda d: d["records"][1].update(ratification_or_accession="30/04/2014"),
    )
    _assert_refused(
        data_copy, "cets201/signatures_ratifications.json", "Andorra", "'30/04/2014' is not a date"
    )


def test_invalid_json_is_reported_with_its_line(db, data_copy):
    (data_copy / "parties/states.json").write_text('{"states": [\n{"iso2": }]}')
    _assert_refused(data_copy, "parties/states.json", "line 2", "not valid UTF-8 JSON")


def test_the_load_command_reports_a_refusal_without_a_traceback(db, data_copy, monkeypatch):
    from django.core.management.base import CommandError

    edit(data_copy, "cets201/treaty.json", lambda d: d.update(code="cets999"))
    monkeypatch.setattr("lanzarote.core.refdata.DATA_DIR", data_copy)
    monkeypatch.setattr(
        "lanzarote.core.management.commands.load.load_reference_data",
        lambda **options: load_reference_data(root=data_copy, **options),
    )
    with pytest.raises(CommandError, match=r"nothing was changed: cets201/treaty\.json: code"):
        call_command("load")


def test_a_past_accession_is_recorded_with_its_computed_entry_into_force(client, db):
    from lanzarote.parties.models import AccessionRequest

    tunisia = AccessionRequest.objects.get(state__iso2="TN")
    assert (tunisia.step, str(tunisia.deposited_on)) == ("deposited", "2019-10-15")
    assert str(tunisia.entry_into_force) == "2020-02-01"
    page = client.get(f"/en/accessions/{tunisia.pk}/").text
    assert "1 February 2020" in page and page.count("done (date unknown)") == 3


def test_the_ict_round_has_its_coding_scheme_linked_to_provisions(db):
    from lanzarote.monitoring.models import Indicator

    indicators = Indicator.objects.filter(scheme__round__uid="round-2")
    codes = {i.code for i in indicators}
    assert len(codes) == 11 and {"csam-term", "no-dual-criminality", "ex-officio"} <= codes
    for indicator in indicators:
        assert indicator.provisions.exists(), indicator.code
        assert indicator.label_fr and indicator.keywords_en and indicator.keywords_fr
        assert indicator.value_codes()[-1] == "not_reported"
    dual = indicators.get(code="no-dual-criminality")
    assert "cets201:25.4" in {p.uid for p in dual.provisions.all()}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda i: i.update(provisions=["cets201:99.1"]), "no provision cets201:99.1"),
        (lambda i: i.update(questions=["99"]), "no question 99 in the questionnaires of round-2"),
        (lambda i: i.update(scale="stars"), "unknown scale 'stars'"),
        (lambda i: i.update(code="Not A Slug"), "unique slug"),
        (lambda i: i.update(colour="red"), "unknown key(s) 'colour'"),
    ],
)
def test_a_bad_indicator_stops_the_load_naming_it(db, data_copy, change, problem):
    edit(data_copy, "cets201/indicators.json", lambda d: change(d["schemes"][0]["indicators"][0]))
    _assert_refused(data_copy, "cets201/indicators.json", "schemes round-2", problem)


def test_a_scheme_for_an_unknown_round_stops_the_load(db, data_copy):
    edit(data_copy, "cets201/indicators.json", lambda d: d["schemes"][0].update(round="round-9"))
    _assert_refused(data_copy, "cets201/indicators.json", "round-9", "unknown round round-9")
