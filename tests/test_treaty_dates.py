"""The complete treaty record: each date with its source and confidence, ambiguous dates left
unknown with their note, conflicts with the entry-into-force rule reported and kept, the counts
of known dates, and the merge of the evidence file (tools/treaty_dates_merge.py)."""

import csv
import io
import json
import shutil

import pytest
from django.core.management import call_command

from lanzarote.core.refdata import DATA_DIR, load_reference_data
from lanzarote.lib.datafile import DataFileError
from lanzarote.parties import selectors, services
from lanzarote.parties.models import TreatyStatus
from lanzarote.treaties.models import Treaty
from tools import treaty_dates_merge

RECORDS = "cets201/signatures_ratifications.json"
PL_GAZ = "https://eli.gov.pl/api/acts/DU/2015/609/text.html"


@pytest.fixture
def data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def edit_record(root, state, change):
    path = root / RECORDS
    data = json.loads(path.read_text())
    change(next(r for r in data["records"] if r["state"] == state))
    path.write_text(json.dumps(data, ensure_ascii=False))


def status_of(iso2):
    return TreatyStatus.objects.select_related("treaty", "state").get(
        treaty__code="cets201", state__iso2=iso2
    )


# --- the real data, loaded ---------------------------------------------------------------------


def test_the_dates_known_after_loading_the_evidence(db):
    treaty = Treaty.objects.get(code="cets201")
    known = selectors.dates_known(rows=selectors.treaty_statuses(treaty=treaty))
    assert known.parties == 48
    # before the evidence of 2026-12-04: 34, 5 and 16
    assert (known.entry_into_force, known.signature, known.deposit) == (41, 12, 21)
    assert known.entry_into_force_derived == 1  # Italy: deposit known, entry into force ambiguous
    assert known.conflicts == ()


def test_every_recorded_date_names_its_source(db):
    for status in TreatyStatus.objects.filter(treaty__code="cets201"):
        for name in ("signature", "deposit", "entry_into_force"):
            if getattr(status, name):
                cited = getattr(status, f"{name}_citation") or getattr(
                    status, f"{name}_citation_url"
                )
                assert cited, f"{status.state} {name}"


def test_a_date_from_the_polish_notice_cites_it_with_its_address(db):
    belgium = status_of("BE")
    assert str(belgium.entry_into_force) == "2013-07-01"
    assert belgium.entry_into_force_citation_url == PL_GAZ
    assert "Dz.U. 2015 poz. 609" in belgium.entry_into_force_citation
    assert belgium.entry_into_force_confidence == "confirmed"


def test_new_dates_enter_with_their_source_and_confidence(db):
    czechia = status_of("CZ")
    assert str(czechia.deposit_date) == "2016-05-02"  # was "2016-05"
    assert str(czechia.entry_into_force_date) == "2016-09-01"  # was unknown
    assert czechia.deposit_confidence == "probable"
    assert czechia.deposit_citation.startswith("Sdělení MZV 59/2016")
    assert "earlier record: 2016-05" in czechia.deposit_basis


def test_an_ambiguous_date_stays_unknown_with_its_note(db):
    italy, portugal = status_of("IT"), status_of("PT")
    assert italy.entry_into_force is None
    assert "without a year" in italy.entry_into_force_note
    assert portugal.signature is None
    assert "opened for signature" in portugal.signature_note


def test_a_domestic_step_is_a_note_not_a_deposit(db):
    ukraine = status_of("UA")
    assert ukraine.deposit is None
    assert "Law No. 4988-VI of 20 June 2012" in ukraine.deposit_note


def test_a_source_that_disagrees_is_kept_in_the_note_not_in_the_date(db):
    norway = status_of("NO")
    assert str(norway.deposit) == "2018-06-13"
    assert "Another source gives 2018-05-15" in norway.deposit_note
    assert "would enter into force on 2018-09-01" in norway.deposit_note


# --- pages, downloads, API ---------------------------------------------------------------------


def test_the_parties_page_says_how_many_dates_are_known(client, db):
    page = client.get("/en/treaties/cets201/parties/").text
    assert "entry into force for 41 of 48 Parties; signature for 12;" in page
    assert "deposit of the instrument of ratification or accession for 21." in page
    assert "The entry into force of 1 more Party is derived" in page
    french = client.get("/fr/treaties/cets201/parties/").text
    assert "entrée en vigueur pour 41 des 48 Parties" in french
    assert "signature pour 12" in french


def test_the_state_page_shows_each_dates_source_and_confidence(client, db):
    page = client.get("/en/states/BE/").text
    assert f'href="{PL_GAZ}"' in page
    assert "confidence: confirmed" in page
    czech = client.get("/en/states/CZ/").text
    assert "confidence: probable" in czech and "Sdělení MZV 59/2016" in czech
    french = client.get("/fr/states/CZ/").text
    assert "confiance" in french and "probable" in french


def test_the_state_page_shows_the_note_of_an_unknown_date(client, db):
    page = client.get("/en/states/PT/").text
    assert 'class="date-note note"' in page
    assert "whether Portugal signed that day is not said" in page


def test_the_api_and_the_downloads_carry_each_dates_source(client, db):
    api = {
        r["state"]["iso2"]: r for r in client.get("/api/treaties/cets201/statuses").json()["items"]
    }
    assert api["BE"]["entry_into_force_citation_url"] == PL_GAZ
    assert api["BE"]["entry_into_force_confidence"] == "confirmed"
    assert "without a year" in api["IT"]["entry_into_force_note"]
    content = client.get("/en/treaties/cets201/parties.csv").content.decode("utf-8-sig")
    rows = {r["iso2"]: r for r in csv.DictReader(io.StringIO(content))}
    assert rows["CZ"]["deposit_citation"].startswith("Sdělení MZV")
    data = client.get("/en/treaties/cets201/parties.json").json()
    assert data["dates_known"]["entry_into_force"] == 41
    assert data["dates_known"]["conflicts"] == []


# --- the loader's rules ------------------------------------------------------------------------


def _conflicting_andorra(data_copy):
    edit_record(data_copy, "Andorra", lambda r: r.update(entry_into_force="2014-09-01"))


def test_a_conflict_with_the_rule_is_reported_and_both_dates_kept(db, data_copy):
    _conflicting_andorra(data_copy)
    report = load_reference_data(root=data_copy)[0]
    assert len(report.conflicts) == 1
    (conflict,) = report.conflicts
    assert "Andorra" in conflict and "a deposit on 2014-04-30 enters into force on 2014-08-01"
    assert "conflict: " + conflict in report.summary()
    andorra = status_of("AD")
    assert (str(andorra.deposit), str(andorra.entry_into_force)) == ("2014-04-30", "2014-09-01")
    assert andorra.entry_into_force_shown.conflict
    # reported again by a load that has nothing to write
    again = load_reference_data(root=data_copy)[0]
    assert again.skipped and again.conflicts == report.conflicts


def test_a_conflict_is_shown_on_the_pages_and_in_the_api(client, db, data_copy):
    _conflicting_andorra(data_copy)
    load_reference_data(root=data_copy)
    page = client.get("/en/states/AD/").text
    assert "Conflict" in page and "enters into force on 1 August 2014" in page
    assert "1 September 2014" in page
    listing = client.get("/en/treaties/cets201/parties/").text
    assert "disagree with the treaty" in listing and "/en/states/AD/" in listing
    api = {
        r["state"]["iso2"]: r for r in client.get("/api/treaties/cets201/statuses").json()["items"]
    }
    assert api["AD"]["entry_into_force_conflict"] is True
    assert api["AD"]["entry_into_force_source"] == "2014-09-01"


def test_the_load_command_prints_the_conflicts(db, data_copy, monkeypatch):
    _conflicting_andorra(data_copy)
    monkeypatch.setattr(
        "lanzarote.core.management.commands.load.load_reference_data",
        lambda **options: load_reference_data(root=data_copy, **options),
    )
    out = io.StringIO()
    call_command("load", stdout=out)
    assert "conflict: cets201/signatures_ratifications.json: Andorra: entry into force" in (
        out.getvalue()
    )


def test_a_date_without_a_source_is_refused_naming_file_and_entry(db, data_copy):
    def unsourced(record):
        record["levels"]["entry_into_force"].pop("source", None)
        record["levels"]["entry_into_force"].pop("source_url", None)
        record["source_url"] = ""

    edit_record(data_copy, "Cyprus", unsourced)
    with pytest.raises(DataFileError) as caught:
        load_reference_data(root=data_copy)
    assert str(caught.value.file) == RECORDS
    assert caught.value.entry == "Cyprus levels.entry_into_force"
    assert "entry_into_force 2015-06-01 has no source" in caught.value.problem
    assert status_of("CY").entry_into_force_citation_url == PL_GAZ  # nothing written


def test_a_source_address_that_is_not_a_web_address_is_refused(db, data_copy):
    edit_record(
        data_copy,
        "Cyprus",
        lambda r: r["levels"]["entry_into_force"].update(source_url="eli.gov.pl/DU/2015/609"),
    )
    with pytest.raises(DataFileError, match="must start with http"):
        load_reference_data(root=data_copy)


# --- the Secretariat completes the record ------------------------------------------------------


def test_the_csv_import_sets_a_dates_source_and_note(db, secretariat):
    treaty = Treaty.objects.get(code="cets201")
    content = (
        "iso2,status,signature,signature_citation,signature_citation_url,signature_note\n"
        "SE,party,2007-10-25,Treaty Office chart,https://example.org/chart,read by hand\n"
    )
    report = services.treaty_status_import(
        treaty=treaty, content=content, actor=secretariat, dry_run=False
    )
    assert report.ok, report.errors
    sweden = status_of("SE")
    assert sweden.signature_citation == "Treaty Office chart"
    assert sweden.signature_citation_url == "https://example.org/chart"
    assert sweden.signature_note == "read by hand"
    refused = services.treaty_status_import(
        treaty=treaty,
        content="iso2,status,deposit_citation_url\nSE,party,example.org\n",
        actor=secretariat,
        dry_run=True,
    )
    assert refused.errors == [(2, "deposit_citation_url must start with http:// or https://")]


# --- the merge of the evidence -----------------------------------------------------------------


def test_the_committed_records_are_what_the_merge_writes():
    changed, report = treaty_dates_merge.run(write=False)
    assert not changed  # running the merge again changes nothing
    assert report.conflicts == []
    assert report.counts == {"signature": 12, "deposit": 21, "entry_into_force": 41}


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ('"1 lipca 2010"', "2010-07-01"),
        ('"entrerà in vigore in Irlanda a partire dal 1° aprile 2021"', "2021-04-01"),
        ('"01.03.2017"', "2017-03-01"),
        ('"подписанную … в городе Страсбурге 1 октября 2012 года"', "2012-10-01"),
        ('"Konvensjonen vart ratifisert av Noreg 15. mai i år" (2018)', "2018-05-15"),
        ("ratified March 2010 (5th)", "2010-03"),
        ('"wird im Vereinigten Königreich am 1. Oktober 2018 in Kraft treten"', "2018-10-01"),
    ],
)
def test_the_merge_reads_dates_in_the_languages_of_the_evidence(quote, expected):
    assert expected in treaty_dates_merge.dates_in(quote)


def _readings():
    return json.loads(treaty_dates_merge.READINGS.read_text())


def _merge(readings):
    folder = treaty_dates_merge.READINGS.parent
    target = (folder / readings["target"]).resolve()
    return treaty_dates_merge.merge(
        json.loads(target.read_text()),
        evidence=json.loads((folder / readings["evidence"]).read_text()),
        readings=readings,
        names=treaty_dates_merge._names(DATA_DIR / "parties" / "states.json"),
        treaty=json.loads((target.parent / "treaty.json").read_text()),
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.update(date="2010-07-02"), "is not written in"),
        (lambda r: r.update(quote='"2 lipca 2010"'), "is not in the evidence"),
        (lambda r: r.update(source_url="https://example.org/"), "is not a known address"),
        (lambda r: r.update(level="unknown"), "needs a level"),
    ],
)
def test_the_merge_refuses_a_reading_its_evidence_does_not_support(change, problem):
    readings = _readings()
    albania = next(r for r in readings["readings"] if r["state"] == "Albania")
    change(albania)
    with pytest.raises(treaty_dates_merge.ReadingError, match=problem):
        _merge(readings)


def test_the_merge_refuses_to_leave_a_quoted_value_unread():
    readings = _readings()
    readings["readings"] = [r for r in readings["readings"] if r["state"] != "Hungary"]
    with pytest.raises(treaty_dates_merge.ReadingError, match="Hungary: the evidence quotes"):
        _merge(readings)
