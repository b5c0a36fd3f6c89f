"""Trends: an indicator that recurs across the rounds of a treaty (same series) is shown with its
adopted findings in each round up to the one being read, in the overview and its publications."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lanzarote.assessments.models import Finding
from lanzarote.core.refdata import load_reference_data
from lanzarote.monitoring import services
from lanzarote.monitoring.models import CodingScheme, Indicator, Round
from lanzarote.parties.models import State
from lanzarote.reports.overview import overview_build, overview_from_json, overview_to_json

YES_NO_NOT_EXAMINED = [
    {"value": "yes", "label_en": "Yes", "label_fr": "Oui"},
    {"value": "no", "label_en": "No", "label_fr": "Non"},
    {"value": "not_examined", "label_en": "Not examined", "label_fr": "Non examiné"},
]


def adopt(round_uid, code, iso2, value, status="adopted"):
    return Finding.objects.create(
        indicator=Indicator.objects.get(scheme__round__uid=round_uid, code=code),
        party=State.objects.get(iso2=iso2),
        value=value,
        scheme_version=1,
        status=status,
    )


def scheme_with(round_uid, code, *, secretariat, series="", scales=None, scale="yes-partly-no"):
    round_ = Round.objects.get(uid=round_uid)
    scheme = CodingScheme.objects.filter(round=round_).first() or services.scheme_create(
        round_=round_,
        title_en=f"Scheme of {round_uid} (synthetic)",
        actor=secretariat,
        scales=scales,
    )
    indicator = services.indicator_save(
        scheme=scheme,
        code=code,
        actor=secretariat,
        scale=scale,
        texts={"label_en": f"{code} in {round_uid}", "label_fr": f"{code} au {round_uid}"},
        keywords_en=[],
        keywords_fr=[],
        provisions=[],
        questions=[],
    )
    if series:  # set by the reference data only (indicators.json)
        Indicator.objects.filter(pk=indicator.pk).update(series=series)
    return scheme


@pytest.fixture
def rounds(secretariat):
    """Round 1 (no launch date in the sources, so first) coded "term-used" on a yes / no scale,
    the same measure as round 2's "csam-term"; round 3 (2023) codes "csam-term" again."""
    scheme_with(
        "round-1",
        "term-used",
        secretariat=secretariat,
        series="csam-term",
        scales={"yes-no": YES_NO_NOT_EXAMINED},
        scale="yes-no",
    )
    scheme_with("round-3", "csam-term", secretariat=secretariat)
    adopt("round-1", "term-used", "FR", "yes")
    adopt("round-1", "term-used", "DE", "no")
    adopt("round-1", "term-used", "IT", "no")
    adopt("round-1", "term-used", "ES", "not_examined")
    adopt("round-1", "term-used", "AT", "yes", status="draft")  # not adopted: not counted
    adopt("round-2", "csam-term", "FR", "yes")
    adopt("round-2", "csam-term", "DE", "no")
    adopt("round-2", "csam-term", "IT", "partly")
    adopt("round-2", "csam-term", "AT", "yes")
    adopt("round-2", "csam-term", "PT", "yes", status="reviewed")
    adopt("round-2", "ex-officio", "FR", "yes")
    adopt("round-3", "csam-term", "FR", "yes")
    adopt("round-3", "csam-term", "DE", "partly")


def build(round_uid, lang="en"):
    return overview_build(
        scheme=CodingScheme.objects.select_related("round").get(round__uid=round_uid), lang=lang
    )


def test_a_recurring_indicator_counts_adopted_findings_per_value_in_each_earlier_round(rounds):
    data = build("round-2")
    assert [t.indicator for t in data.trends] == ["csam-term"]  # ex-officio recurs nowhere
    trend = data.trends[0]
    assert trend.series == "csam-term" and trend.label.startswith("Use of the term")
    # round 2's scale first, then the value only round 1 had
    assert [(v.code, v.label) for v in trend.values] == [
        ("yes", "Yes"),
        ("partly", "Partly"),
        ("no", "No"),
        ("not_reported", "Not reported"),
        ("not_examined", "Not examined"),
    ]
    assert [r.round for r in trend.rounds] == ["round-1", "round-2"]  # round 3 is later
    first, second = trend.rounds
    assert first.counts == {"yes": 1, "no": 2, "not_examined": 1} and first.assessed == 4
    assert second.counts == {"yes": 2, "no": 1, "partly": 1} and second.assessed == 4
    assert trend.rows()[0][1] == [1, None, 2, None, 1]  # "partly" was no choice in round 1
    assert trend.rows()[1][1] == [2, 1, 1, 0, None]
    assert trend.off_scale()


def test_rounds_are_ordered_by_launch_an_undated_round_in_preparation_last(rounds, secretariat):
    services.round_create(
        treaty=Round.objects.get(uid="round-2").treaty,
        uid="round-9",
        kind="thematic",
        name_en="Ninth round (synthetic)",
        actor=secretariat,
    )
    scheme_with("round-9", "csam-term", secretariat=secretariat)
    assert [r.round for r in build("round-3").trends[0].rounds] == ["round-1", "round-2", "round-3"]
    assert [r.round for r in build("round-9").trends[0].rounds] == [
        "round-1",
        "round-2",
        "round-3",
        "round-9",
    ]
    assert build("round-9").trends[0].rounds[-1].assessed == 0


def test_the_trend_is_in_the_language_of_the_overview(rounds):
    Round.objects.filter(uid="round-1").update(name_fr="Premier cycle (synthétique)")
    trend = build("round-2", lang="fr").trends[0]
    assert trend.label.startswith("Emploi de l’expression")
    assert [v.label for v in trend.values] == [
        "Oui",
        "En partie",
        "Non",
        "Non communiqué",
        "Non examiné",
    ]
    assert trend.rounds[0].round_name == "Premier cycle (synthétique)"
    assert trend.rounds[1].round_name == Round.objects.get(uid="round-2").name_en  # no French


def test_nothing_recurs_in_the_reference_data(db):
    assert build("round-2").trends == ()


def test_the_trend_reads_a_constant_number_of_queries(rounds, secretariat):
    with CaptureQueriesContext(connection) as few:
        build("round-2")
    scheme_with(
        "round-1",
        "officio",
        secretariat=secretariat,
        series="ex-officio",
        scales={"yes-no": YES_NO_NOT_EXAMINED},
        scale="yes-no",
    )
    scheme_with("round-3", "ex-officio", secretariat=secretariat)
    for iso2 in ("BE", "NL", "ES", "SE"):
        adopt("round-1", "officio", iso2, "yes")
        adopt("round-3", "ex-officio", iso2, "no")
    with CaptureQueriesContext(connection) as many:
        data = build("round-2")
    assert len(data.trends) == 2
    assert len(many) == len(few)
    for indicator in Indicator.objects.exclude(scheme__round__uid="round-2"):
        Indicator.objects.filter(pk=indicator.pk).update(series=f"elsewhere-{indicator.pk}")
    with CaptureQueriesContext(connection) as none_recur:
        build("round-2")
    assert len(none_recur) == len(few) - 1  # no count of findings when nothing recurs


def test_the_trend_survives_the_json_of_a_publication_and_older_json_loads(rounds):
    data = build("round-2", lang="fr")
    plain = json.loads(json.dumps(overview_to_json(data)))
    assert overview_from_json(plain) == data
    del plain["trends"]  # stored before trends existed
    assert overview_from_json(plain).trends == ()


@pytest.mark.rendering
def test_the_live_overview_shows_the_trend_beside_each_recurring_indicator(
    client, rounds, committee_member
):
    client.force_login(committee_member)
    page = client.get("/en/rounds/round-2/overview/").text
    assert page.count("<caption>Across rounds</caption>") == 1
    section = page[page.index('id="fig-csam-term"') : page.index('id="fig-csam-definition"')]
    assert "Across rounds" in section and "Parties assessed" in section
    assert "/en/rounds/round-2/overview/csam-term/trend.svg" in section
    chart = client.get("/en/rounds/round-2/overview/csam-term/trend.svg")
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert "Not examined" in chart.content.decode()
    assert client.get("/en/rounds/round-2/overview/ex-officio/trend.svg").status_code == 404


def test_the_live_overview_shows_no_trend_when_nothing_recurs(client, committee_member):
    client.force_login(committee_member)
    assert "Across rounds" not in client.get("/en/rounds/round-2/overview/").text


def test_the_published_overview_carries_the_trend_in_every_format(
    client, rounds, secretariat, django_capture_on_commit_callbacks
):
    import docx

    from lanzarote.reports.models import Publication

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/overview/publish/")
    english, french = (
        Publication.objects.get(kind="overview", lang=lang, round__uid="round-2")
        for lang in ("en", "fr")
    )

    def download(publication, fmt):
        return b"".join(client.get(f"/en/publications/{publication.pk}.{fmt}").streaming_content)

    html = download(english, "html").decode()
    assert "<h2>Across rounds</h2>" in html and "Not examined" in html
    word = docx.Document(io.BytesIO(download(french, "docx")))
    trend = next(t for t in word.tables if t.rows[0].cells[0].text == "Cycle")
    assert [c.text for c in trend.rows[0].cells][1:-1] == [
        "Oui",
        "En partie",
        "Non",
        "Non communiqué",
        "Non examiné",
    ]
    assert [c.text for c in trend.rows[1].cells][1:] == ["1", "–", "2", "–", "1", "4"]
    assert [c.text for c in trend.rows[2].cells][1:] == ["2", "1", "1", "0", "–", "4"]
    book = load_workbook(io.BytesIO(download(english, "xlsx")))
    rows = list(book["Trends"].iter_rows(values_only=True))
    assert rows[0][:3] == ("indicator", "indicator_label", "series")
    assert ("csam-term", "round-1", "no", 2, 4) in {(r[0], r[3], r[5], r[7], r[8]) for r in rows}
    assert not any(r[3] == "round-1" and r[5] == "partly" for r in rows)  # not a choice then


def test_the_thematic_factsheet_carries_the_trend_of_its_indicators(
    client, rounds, secretariat, django_capture_on_commit_callbacks
):
    import docx

    from lanzarote.reports.models import Publication

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/thematic/legal-framework/publish/")
    legal = Publication.objects.get(kind="thematic", subject="legal-framework", lang="en")

    def download(fmt):
        return b"".join(client.get(f"/en/publications/{legal.pk}.{fmt}").streaming_content)

    assert download("html").decode().count("<caption>Across rounds</caption>") == 1
    word = docx.Document(io.BytesIO(download("docx")))
    assert any(t.rows[0].cells[0].text == "Round" for t in word.tables)
    assert "Trends" in load_workbook(io.BytesIO(download("xlsx"))).sheetnames


def _indicators(root):
    return root / "cets201/indicators.json"


def test_the_reference_data_may_name_an_indicators_series(db, tmp_path):
    import shutil

    from lanzarote.core.refdata import DATA_DIR

    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    data = json.loads(_indicators(root).read_text())
    data["schemes"][0]["indicators"][1]["series"] = "csam-definition-2017"
    _indicators(root).write_text(json.dumps(data, ensure_ascii=False))
    load_reference_data(root=root)
    series = dict(
        Indicator.objects.filter(scheme__round__uid="round-2").values_list("code", "series")
    )
    assert series["csam-definition"] == "csam-definition-2017" and series["csam-term"] == ""


@pytest.mark.parametrize(
    ("series", "problem"),
    [
        ("Not A Slug", "the series must be a slug"),
        (["csam"], "the series must be a slug"),
        ("csam-term", "another indicator has the series 'csam-term'"),  # the first one's code
    ],
)
def test_a_bad_series_stops_the_load_naming_the_indicator(db, tmp_path, series, problem):
    import shutil

    from lanzarote.core.refdata import DATA_DIR
    from lanzarote.lib.datafile import DataFileError

    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    data = json.loads(_indicators(root).read_text())
    data["schemes"][0]["indicators"][1]["series"] = series
    _indicators(root).write_text(json.dumps(data, ensure_ascii=False))
    with pytest.raises(DataFileError) as caught:
        load_reference_data(root=root)
    assert caught.value.file == "cets201/indicators.json"
    assert "schemes round-2 indicator csam-definition" in caught.value.entry
    assert problem in caught.value.problem


def test_the_trends_are_open_data_in_the_json_download_and_the_api(
    client, rounds, committee_member, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    payload = json.loads(client.get("/en/rounds/round-2/overview.json").content)
    term = [r for r in payload["trends"] if r["indicator"] == "csam-term"]
    assert {(r["round"], r["value"], r["parties"]) for r in term} >= {
        ("round-1", "yes", 1),
        ("round-1", "no", 2),
        ("round-2", "yes", 2),
        ("round-2", "partly", 1),
    }
    # a value not on a round's scale is not a row (not "nobody"): round 1 had no "partly"
    assert ("round-1", "partly") not in {(r["round"], r["value"]) for r in term}
    assert {r["parties_assessed"] for r in term if r["round"] == "round-1"} == {4}
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/overview/publish/")
    api = client.get("/api/rounds/round-2/overview").json()
    assert {(r["round"], r["value"], r["parties"]) for r in api["trends"]} == {
        (r["round"], r["value"], r["parties"]) for r in payload["trends"]
    }
