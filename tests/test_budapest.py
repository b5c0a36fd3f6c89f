"""The Budapest Convention (ETS 185), loaded from data files only, beside the Lanzarote Convention.

Its folder, lanzarote/data/ets185/, holds the real texts (English from the Dutch treaty database,
French from the Swiss Classified Compilation), editorial obligation summaries and the Parties
found in official charts; no code names it."""

from pathlib import Path

from lanzarote.parties.models import TreatyStatus
from lanzarote.treaties.models import Obligation, Provision, ReservationClause, Treaty

CODE = Path(__file__).resolve().parent.parent / "lanzarote"


def test_the_budapest_convention_is_loaded_from_its_data_folder(db):
    treaty = Treaty.objects.get(code="ets185")
    assert (treaty.series_en, treaty.short_title_en) == ("ETS No. 185", "Budapest Convention")
    assert str(treaty.entry_into_force) == "2004-07-01"
    assert treaty.articles.count() == 13


def test_article_9_1_e_is_citable_in_english_and_french(db):
    item = Provision.objects.get(uid="ets185:9.1.e")
    assert item.text_en.startswith("possessing child pornography in a computer system")
    assert item.text_fr.startswith("la possession de pornographie enfantine")
    assert item.label == "Art. 9(1)(e)"


def test_its_offences_are_obligations_with_their_reservation_clauses(db):
    criminalise = Obligation.objects.filter(provision__treaty__code="ets185", kind="criminalise")
    articles = {
        o.provision.article.number for o in criminalise.select_related("provision__article")
    }
    assert articles == set(range(2, 12))
    possession = Obligation.objects.get(uid="ets185:obl:9.1.e")
    assert possession.reservable_under.provision.uid == "ets185:9.4"
    clause = ReservationClause.objects.get(provision__uid="ets185:9.4")
    assert {p.uid for p in clause.concerns.all()} == {
        "ets185:9.1.d",
        "ets185:9.1.e",
        "ets185:9.2.b",
        "ets185:9.2.c",
    }


def test_its_parties_are_those_the_official_charts_show_and_no_others(db):
    statuses = TreatyStatus.objects.filter(treaty__code="ets185")
    albania = statuses.get(state__iso2="AL")
    assert (albania.status, str(albania.deposit), str(albania.entry_into_force)) == (
        "party",
        "2002-06-20",
        "2004-07-01",
    )
    germany = statuses.get(state__iso2="DE")
    assert germany.entry_into_force is None  # cut off in the stored chart: unknown, not computed
    assert not statuses.filter(state__iso2="IE").exists()  # not in the sources read: unknown


def test_no_code_names_the_second_treaty():
    hits = [
        path
        for path in CODE.rglob("*.py")
        if "migrations" not in path.parts and "ets185" in path.read_text(encoding="utf-8")
    ]
    assert hits == []
