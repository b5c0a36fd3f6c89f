"""The Budapest Convention (ETS 185), loaded from data files only, beside the Lanzarote Convention.

Its folder, lanzarote/data/ets185/, holds the real texts (English from the Dutch treaty database,
French from the Swiss Classified Compilation), editorial obligation summaries and the Parties
found in official charts; no code names it."""

import json
import shutil
from pathlib import Path

import pytest

from lanzarote.audit.models import AuditEvent
from lanzarote.core.refdata import DATA_DIR, load_reference_data
from lanzarote.lib.datafile import DataFileError
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


# --- the Optional Protocol and the concordance ------------------------------------------------


def test_the_opsc_is_a_treaty_record_with_its_articles_2_and_3(db):
    opsc = Treaty.objects.get(code="opsc")
    assert str(opsc.entry_into_force) == "2002-01-18"
    definition = Provision.objects.get(uid="opsc:2.c")
    assert definition.text_en.startswith("Child pornography means any representation")
    assert "pornographie mettant en scène des enfants" in definition.text_fr
    assert Provision.objects.get(uid="opsc:3.1.c").text_fr.startswith("le fait de produire")
    assert not TreatyStatus.objects.filter(treaty=opsc).exists()  # its Parties: unknown here


def test_the_concordance_pairs_lanzarote_with_budapest_and_the_opsc(db):
    rows = {(r.provision.uid, r.counterpart.uid if r.counterpart else None): r for r in _rows()}
    for letter in "abcde":
        row = rows[(f"cets201:20.1.{letter}", f"ets185:9.1.{letter}")]
        assert row.relation == "narrower" and "computer" in row.lacks_en
    assert rows[("cets201:20.1.f", None)].counterpart_treaty.code == "ets185"
    assert "16" in rows[("cets201:20.2", "ets185:9.3")].lacks_en
    assert {("cets201:24.1", "ets185:11.1"), ("cets201:24.2", "ets185:11.2")} <= set(rows)
    assert {("cets201:19.1", "opsc:3.1.b"), ("cets201:20.2", "opsc:2.c")} <= set(rows)
    assert all(r.note_en and r.note_fr and r.source for r in rows.values())
    assert all(r.lacks_fr for r in rows.values() if r.lacks_en)


def _rows():
    from lanzarote.treaties.models import Concordance

    return Concordance.objects.select_related("provision", "counterpart", "counterpart_treaty")


@pytest.fixture
def data_copy(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _edit_concordance(root, change):
    path = root / "cets201" / "concordance.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["rows"])
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda rows: rows[0].update(counterpart="ets185:9.1.z"), "ets185:9.1.z"),
        (lambda rows: rows[0].update(provision="cets201:99.1"), "cets201:99.1"),
        (lambda rows: rows[0].update(relation="similar"), "relation 'similar'"),
        (lambda rows: rows.append(dict(rows[0])), "duplicate row"),
        (lambda rows: rows[0].update(counterpart="cets201:20.1.b"), "another treaty"),
    ],
    ids=["unknown counterpart", "unknown provision", "relation", "duplicate", "same treaty"],
)
def test_a_bad_concordance_row_is_refused_naming_file_and_entry(db, data_copy, change, problem):
    _edit_concordance(data_copy, change)
    before = _rows().count()
    with pytest.raises(DataFileError) as caught:
        load_reference_data(root=data_copy)
    assert caught.value.file == str(Path("cets201/concordance.json"))
    assert caught.value.entry.startswith("row ")
    assert problem in caught.value.problem
    assert _rows().count() == before


def test_a_changed_concordance_row_is_updated_and_audited(db, data_copy):
    _edit_concordance(data_copy, lambda rows: rows[0].update(relation="partial"))
    report = load_reference_data(root=data_copy)[0]
    assert report.updated == {"concordances": 1}
    row = _rows().get(provision__uid="cets201:20.1.a", counterpart__uid="ets185:9.1.a")
    assert row.relation == "partial"
    assert AuditEvent.objects.filter(action="refdata.update", object_id=str(row.pk)).exists()


# --- pages ---------------------------------------------------------------------------------------


def test_the_provision_page_shows_its_counterparts_side_by_side(client, db):
    page = client.get("/en/provisions/cets201:20.1.e/").text
    assert "In other treaties" in page
    assert "possessing child pornography in a computer system" in page  # Budapest's own words
    assert "computer-data storage medium" in page and "editorial reading" in page
    access = client.get("/en/provisions/cets201:20.1.f/").text
    assert "No counterpart" in access and "Budapest Convention" in access
    french = client.get("/fr/provisions/cets201:20.1.a/").text
    assert "en vue de sa diffusion par le biais d’un système informatique" in french
    # read from the other side too
    assert "Lanzarote" in client.get("/en/provisions/ets185:9.1.a/").text


def test_an_articles_page_names_each_provisions_counterparts_and_leads_to_them(client, db):
    article = client.get("/en/treaties/cets201/articles/20/").text
    beside = article.split('id="p20-1-e"', 1)[1].split('class="provision ', 1)[0]
    assert "In other treaties" in beside and "/en/provisions/ets185:9.1.e/" in beside
    assert "/en/provisions/cets201:20.1.e/#counterparts" in beside
    assert "The counterpart is narrower" in beside
    # from the other side, in French: the relation is said of the Budapest article, not shown
    budapest = client.get("/fr/treaties/ets185/articles/9/").text
    assert "Dans d’autres traités" in budapest and "/fr/provisions/cets201:20.1.e/" in budapest
    assert "Côte à côte, avec ce que chacune ajoute ou omet" in budapest
    # the provision's own page shows them once, side by side, not also in the margin
    page = client.get("/en/provisions/cets201:20.1.e/").text
    assert page.count("In other treaties") == 1


def test_the_budapest_convention_has_its_pages_in_english_and_french(client, db):
    assert "Convention on Cybercrime" in client.get("/en/treaties/ets185/").text
    article = client.get("/fr/treaties/ets185/articles/9/").text
    assert "Infractions se rapportant à la pornographie enfantine" in article
    assert "moyen de stockage de données informatiques" in article
    assert "Albania" in client.get("/en/treaties/ets185/parties/").text
    assert "Article 3" in client.get("/en/treaties/opsc/").text


def test_a_states_page_shows_its_status_under_each_treaty_unknown_where_unknown(client, db):
    albania = client.get("/en/states/AL/").text
    assert "Budapest Convention" in albania and "20 June 2002" in albania
    ireland = client.get("/en/states/IE/").text
    assert "Budapest Convention" in ireland and "Optional Protocol" in ireland
    assert ireland.count('class="unknown"') >= 2


def test_the_why_join_page_quotes_its_sources_and_links_the_steps(client, db):
    page = client.get("/en/treaties/cets201/joining/").text
    assert "four Ps" in page and "https://www.coe.int/en/web/children/mapping-out" in page
    assert "unanimous consent" in page and "Art. 46(1)" in page
    assert "/en/accessions/" in page and "/en/self-assessments/" in page
    french = client.get("/fr/treaties/cets201/joining/").text
    assert "quatre P" in french and "assentiment unanime" in french
    assert "Texte français non disponible" in french  # a quote with no official French text
    assert client.get("/en/treaties/ets185/joining/").status_code == 404


def test_the_concordance_is_open_data_and_in_the_api(client, db):
    listing = client.get("/en/concordance/?treaty=ets185").text
    assert "Art. 9(1)(e)" in listing and "opsc:" not in listing and "Art. 2(c)" not in listing
    csv = client.get("/en/concordance.csv").content.decode()
    assert "cets201:20.1.a,Art. 20(1)(a),ets185,ets185:9.1.a" in csv
    body = client.get("/api/concordance?limit=100").json()
    assert body["count"] == _rows().count()
    assert {"provision", "counterpart", "relation", "adds_en", "lacks_fr"} <= set(body["items"][0])
    only = client.get("/api/concordance?treaty=opsc").json()
    assert only["count"] == 4


def test_the_open_data_page_offers_only_the_downloads_each_treaty_has(client, db):
    """The Budapest Convention and the OPSC are loaded for their text and Parties: the page
    does not offer them empty lists of meetings, activities, practices or European Days."""
    page = client.get("/en/data/").text
    for kind in ("meetings", "activities", "good-practices", "european-day"):
        assert f"/en/treaties/cets201/{kind}.csv" in page
        assert f"/en/treaties/ets185/{kind}.csv" not in page
        assert f"/en/treaties/opsc/{kind}.json" not in page
    for code in ("cets201", "ets185", "opsc"):
        assert f"/en/treaties/{code}/provisions.csv" in page
        assert f"/en/treaties/{code}/parties.json" in page
    assert "/en/concordance.csv" in page and "/api/openapi.json" in page


def test_the_new_treaties_text_is_searchable_in_english_and_french(client, db):
    from lanzarote.search.selectors import search

    english = search(text='"computer-data storage medium"', lang="en", semantic=False)
    assert "ets185:9.1.e" in [hit.ref for hit in english.hits]
    french = search(text='"moyen de stockage de données"', lang="fr", semantic=False)
    assert "ets185:9.1.e" in [hit.ref for hit in french.hits]
    page = client.get("/fr/search/?q=moyen+de+stockage").text
    assert "ets185:9.1.e" in page or "Art. 9(1)(e)" in page


def test_the_concordance_is_searchable_and_leads_to_the_side_by_side_reading(client, db):
    from lanzarote.search.selectors import search

    # what a counterpart lacks, in its own words, in English and in French
    english = search(text="no offence of knowingly obtaining access", lang="en", semantic=False)
    assert "cets201:20.1.f>ets185" in [hit.ref for hit in english.hits]
    french = search(text="ne prévoit pas d’infraction", lang="fr", semantic=False)
    assert "cets201:20.1.f>ets185" in [hit.ref for hit in french.hits]
    page = client.get("/en/search/", {"q": "lower age limit", "kind": "concordance"}).text
    assert "/en/provisions/cets201:20.2/#counterparts" in page
    assert "Art. 20(2) – Budapest Convention, Art. 9(3)" in page
    # once per pair, in the reader's language
    page = client.get("/fr/search/", {"q": "système informatique", "kind": "concordance"}).text
    assert "Art. 20(1)(e) – Convention de Budapest, Art. 9(1)(e)" in page
    assert page.count("/fr/provisions/cets201:20.1.e/#counterparts") == 1
