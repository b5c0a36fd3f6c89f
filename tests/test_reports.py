"""The comparative overview: adopted findings only, accessible values, statements, open data."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lanzarote.assessments.models import Finding
from lanzarote.monitoring.models import CodingScheme, Indicator
from lanzarote.parties.models import State
from lanzarote.reports.overview import overview_build


@pytest.fixture
def scheme(db):
    return CodingScheme.objects.select_related("round").get(round__uid="round-2")


def adopt(code, iso2, value, status="adopted"):
    return Finding.objects.create(
        indicator=Indicator.objects.get(scheme__round__uid="round-2", code=code),
        party=State.objects.get(iso2=iso2),
        value=value,
        scheme_version=1,
        status=status,
    )


@pytest.fixture
def findings(scheme):
    adopt("csam-term", "FR", "yes")
    adopt("csam-term", "DE", "no")
    adopt("csam-term", "IT", "partly")
    adopt("csam-term", "AT", "yes")
    adopt("csam-term", "PT", "yes", status="reviewed")  # not adopted: not in the overview
    adopt("ex-officio", "FR", "not_reported")


def test_the_overview_is_built_from_adopted_findings_only(scheme, findings):
    data = overview_build(scheme=scheme, lang="en")
    assert data.cells[("FR", "csam-term")].value == "yes"
    assert data.cells[("FR", "csam-term")].label == "Yes"
    assert data.cells[("DE", "csam-definition")].value == "not_assessed"
    assert ("PT", "csam-term") not in data.cells or data.cells[("PT", "csam-term")].value == (
        "not_assessed"
    )
    total = len(data.parties)
    assert data.counts["csam-term"]["yes"] == 2
    term = next(s.text for s in data.statements if s.indicator == "csam-term")
    assert f"yes for 2 of {total} Parties (Austria, France)" in term
    assert "no for 1 (Germany)" in term and "partly for 1 (Italy)" in term
    assert total == 4 and "no adopted finding" not in term  # all four have one
    officio = next(s.text for s in data.statements if s.indicator == "ex-officio")
    assert "not reported for 1 of 4 Parties (France); no adopted finding yet for 3" in officio


def test_the_statements_are_written_in_french_too(scheme, findings):
    data = overview_build(scheme=scheme, lang="fr")
    term = next(s.text for s in data.statements if s.indicator == "csam-term")
    assert term.startswith("Emploi de l’expression")
    assert "oui pour 2 Parties sur" in term and "(Autriche, France)" in term
    assert "\u202f:" in term  # French typography


def test_the_overview_reads_a_constant_number_of_queries(scheme, findings):
    with CaptureQueriesContext(connection) as few:
        overview_build(scheme=scheme, lang="en")
    for iso2 in ("BE", "NL", "ES", "SE", "FI", "DK"):
        for code in ("csam-definition", "training-justice", "coercion-extortion"):
            adopt(code, iso2, "yes")
    with CaptureQueriesContext(connection) as many:
        overview_build(scheme=scheme, lang="en")
    assert len(many) == len(few) <= 8


def test_the_live_overview_is_for_the_secretariat_and_the_committee(
    client, findings, committee_member, focal_point_france
):
    assert client.get("/en/rounds/round-2/overview/").status_code == 302  # to log in
    client.force_login(focal_point_france)
    assert client.get("/en/rounds/round-2/overview/").status_code == 403
    client.force_login(committee_member)
    page = client.get("/en/rounds/round-2/overview/").text
    assert 'class="v v-yes"' in page and ">Yes</a>" in page  # colour and words
    filtered = client.get("/en/rounds/round-2/overview/?value=no").context["rows"]
    assert [party.iso2 for party, _cells in filtered] == ["DE"]
    by_term = client.get("/en/rounds/round-2/overview/?sort=csam-term").context["rows"]
    assert [party.iso2 for party, _cells in by_term][:4] == ["AT", "FR", "IT", "DE"]
    group = client.get("/en/rounds/round-2/overview/?group=jurisdiction").context["indicators"]
    assert {i.group for i in group} == {"jurisdiction"}


def test_the_open_data_matches_the_matrix(client, findings, secretariat):
    client.force_login(secretariat)
    csv_text = client.get("/en/rounds/round-2/overview.csv").content.decode()
    assert "round-2,FR,France,csam-term" in csv_text and ",yes,Yes," in csv_text
    payload = json.loads(client.get("/en/rounds/round-2/overview.json").content)
    assert payload["source"] == "adopted findings only"
    assert {(r["party"], r["value"]) for r in payload["rows"] if r["indicator"] == "csam-term"} >= {
        ("FR", "yes"),
        ("DE", "no"),
        ("IT", "partly"),
    }
    book = load_workbook(io.BytesIO(client.get("/fr/rounds/round-2/overview.xlsx").content))
    matrix = book.worksheets[0]
    header = [c.value for c in matrix[1]]
    assert header[0] == "Partie" and header[1].startswith("Emploi de l’expression")
    france = next(row for row in matrix.iter_rows(values_only=True) if row[0] == "France")
    assert france[1] == "Oui"
    assert client.get("/en/rounds/round-2/overview.pdf").status_code == 404


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


@pytest.mark.rendering
def test_the_secretariat_publishes_the_overview_in_two_languages_and_four_formats(
    client, findings, secretariat, focal_point_france, django_capture_on_commit_callbacks
):
    import docx

    from lanzarote.reports.models import Publication

    client.force_login(focal_point_france)
    assert client.post("/en/rounds/round-2/overview/publish/").status_code == 403
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/overview/publish/")
    english, french = (Publication.objects.get(lang=lang, version=1) for lang in ("en", "fr"))
    assert english.status == french.status == "published"
    assert {r.format for r in english.renderings.all()} == {"html", "pdf", "docx", "xlsx"}
    client.logout()  # the public reads and downloads
    listing = client.get("/en/publications/").text
    assert "Comparative overview" in listing and "Version 1" in listing

    def download(publication, fmt):
        response = client.get(f"/en/publications/{publication.pk}.{fmt}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        rendering = publication.renderings.get(format=fmt)
        assert response["Digest"] == f"sha-256={rendering.sha256}"
        import hashlib

        assert hashlib.sha256(content).hexdigest() == rendering.sha256
        return content

    pdf_en = _pdf_text(download(english, "pdf"))
    assert "Comparative overview" in pdf_en and "Austria" in pdf_en
    assert "yes for 2 of 4 Parties (Austria, France)" in " ".join(pdf_en.split())
    assert "1 / 1" in pdf_en or "1 / 2" in pdf_en  # page numbers
    pdf_fr = " ".join(_pdf_text(download(french, "pdf")).split())
    assert "Vue d’ensemble comparative" in pdf_fr and "oui pour 2 Parties sur 4" in pdf_fr
    word = docx.Document(io.BytesIO(download(french, "docx")))
    assert word.paragraphs[0].text.startswith("Vue d’ensemble comparative")
    table = word.tables[0]
    assert table.rows[0].cells[0].text == "Partie"
    assert {row.cells[0].text for row in table.rows[1:]} == {
        "Allemagne",
        "Autriche",
        "France",
        "Italie",
    }
    assert "w:tblHeader" in table.rows[0]._tr.xml  # the header repeats on each page
    api = client.get("/api/rounds/round-2/overview?lang=fr").json()
    assert (
        api["version"] == 1
        and {
            "party": "FR",
            "party_name": "France",
            "indicator": "csam-term",
            "indicator_label": api["rows"][0]["indicator_label"],
            "value": "yes",
            "value_label": "Oui",
        }
        in api["rows"]
    )
    sheet = load_workbook(io.BytesIO(download(english, "xlsx"))).worksheets[0]
    assert sheet["A1"].value == "Party"
    assert "<h1>Comparative overview" in download(english, "html").decode()

    # a correction is a new version; the first stays downloadable, unchanged
    adopt("csam-definition", "FR", "partly")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/overview/publish/")
    assert Publication.objects.get(lang="en", version=2).status == "published"
    assert client.get(f"/en/publications/{english.pk}.pdf").status_code == 200
    english.refresh_from_db()
    assert english.renderings.count() == 4


def test_nothing_is_published_without_an_adopted_finding(client, scheme, secretariat):
    client.force_login(secretariat)
    response = client.post("/en/rounds/round-2/overview/publish/", follow=True)
    assert "nothing to publish" in response.text


@pytest.mark.rendering
def test_country_factsheets_cite_their_evidence_in_both_languages(
    client, findings, secretariat, django_capture_on_commit_callbacks
):
    import docx

    from lanzarote.assessments.models import Evidence
    from lanzarote.reports.models import Publication

    france = Finding.objects.get(party__iso2="FR", indicator__code="csam-term")
    france.rationale = "Synthetic rationale: the Criminal Code uses the term."
    france.save()
    Evidence.objects.create(
        finding=france,
        quote="child sexual abuse material",
        source="France – round-2-thematic – reply.pdf, p. 4",
    )
    # a recommendation of this round addressed to France, evaluated by the Committee
    import datetime

    from lanzarote.recommendations import services as recommendations

    urge = recommendations.recommendation_save(
        round_=france.indicator.scheme.round,
        actor=secretariat,
        number="R12",
        grade="urge",
        text_en="Urges France to define the material in law (synthetic).",
        text_fr="Exhorte la France à définir ce matériel dans la loi (synthétique).",
        addressees=[france.party],
    )
    recommendations.recommendation_adopt(
        recommendation=urge, actor=secretariat, adopted_on=datetime.date(2022, 3, 10)
    )
    recommendations.evaluation_record(
        recommendation=urge,
        party=france.party,
        grade="partially",
        rationale="Synthetic.",
        actor=secretariat,
        evaluated_on=datetime.date(2024, 2, 1),
    )
    client.force_login(secretariat)
    client.post("/en/rounds/round-2/factsheets/draft/")
    assert Publication.objects.filter(kind="country", status="draft").count() == 8
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/factsheets/publish/")
    sheets = Publication.objects.filter(kind="country", status="published")
    assert {(p.party.iso2, p.lang) for p in sheets} == {
        (iso2, lang) for iso2 in ("AT", "DE", "FR", "IT") for lang in ("en", "fr")
    }
    english = sheets.get(party__iso2="FR", lang="en")
    pdf = " ".join(
        _pdf_text(
            b"".join(client.get(f"/en/publications/{english.pk}.pdf").streaming_content)
        ).split()
    )
    assert "Country factsheet: France" in pdf and "Synthetic rationale" in pdf
    assert "child sexual abuse material" in pdf and "reply.pdf, p. 4" in pdf
    assert "Entry into force" in pdf
    # the recommendations addressed to France, this round's and the first round's (France was
    # among its 26 Parties; R2 was addressed to Belgium and Luxembourg only)
    assert "Urges France to define the material in law (synthetic)." in pdf
    assert "partially implemented (evaluated on 1 February 2024)" in pdf
    assert "R1" in pdf and "Urges Parties to review their legislation" in pdf
    assert "Urges Belgium and Luxembourg" not in pdf
    assert "no follow-up requested yet" in pdf
    french = sheets.get(party__iso2="FR", lang="fr")
    word = docx.Document(
        io.BytesIO(b"".join(client.get(f"/en/publications/{french.pk}.docx").streaming_content))
    )
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Fiche pays\u202f: France" in text and "Constats du Comité" in text
    assert "Entrée en vigueur" in "\n".join(c.text for r in word.tables[0].rows for c in r.cells)
    recommended = word.tables[-1]
    assert recommended.rows[0].cells[0].text == "Recommandation"
    assert "w:tblHeader" in recommended.rows[0]._tr.xml
    cells = [row.cells[0].text for row in recommended.rows[1:]]
    assert any("Exhorte la France à définir" in c for c in cells)
    # the first round's R1 has no French text: shown in English, and said so
    assert any("Urges Parties to review" in c and c.endswith("(en anglais)") for c in cells)
    assert not any("Exhorte la France" in c and "(en anglais)" in c for c in cells)
    assert any(
        row.cells[1].text.startswith("partiellement mise en œuvre") for row in recommended.rows[1:]
    )
    book = load_workbook(
        io.BytesIO(b"".join(client.get(f"/en/publications/{english.pk}.xlsx").streaming_content))
    )
    rows = list(book["Recommendations"].values)
    assert rows[0][:3] == ("Round", "Number", "Grade") and ("R12" in [r[1] for r in rows])


def test_the_party_replies_to_its_draft_before_publication(
    client, findings, secretariat, focal_point_france, focal_point_italy, committee_member
):
    from lanzarote.reports.models import Publication

    client.force_login(secretariat)
    client.post("/en/rounds/round-2/factsheets/draft/")
    draft = Publication.objects.get(kind="country", party__iso2="FR", lang="en")
    client.force_login(focal_point_france)
    assert f"/en/publications/{draft.pk}/draft/" in client.get("/en/publications/").text
    page = client.get(f"/en/publications/{draft.pk}/draft/").text
    assert "Country factsheet: France" in page and "right of reply" in page
    client.post(
        f"/en/publications/{draft.pk}/draft/",
        {"text": "Synthetic reply: the 2021 amendment is in force."},
    )
    assert draft.comments.get().author == focal_point_france
    client.force_login(focal_point_italy)  # another Party's draft
    assert client.get(f"/en/publications/{draft.pk}/draft/").status_code == 404  # as if absent
    client.force_login(committee_member)  # reads, does not comment
    assert client.post(f"/en/publications/{draft.pk}/draft/", {"text": "x"}).status_code == 403
    client.force_login(secretariat)
    listing = client.get("/en/publications/").text
    assert "1 comment" in listing
    assert (
        "Synthetic reply: the 2021 amendment"
        in client.get(f"/en/publications/{draft.pk}/draft/").text
    )
    # a rebuilt draft keeps its comments; the public sees no draft
    client.post("/en/rounds/round-2/factsheets/draft/")
    assert Publication.objects.get(pk=draft.pk).comments.count() == 1
    client.logout()
    assert "France" not in client.get("/en/publications/").text


@pytest.mark.rendering
def test_each_indicator_has_a_chart_and_a_map_beside_its_data_table(
    client, findings, committee_member
):
    client.force_login(committee_member)
    page = client.get("/en/rounds/round-2/overview/?group=legal-framework")
    figures = dict(page.context["figures"])
    term = next(i for i in figures if i.code == "csam-term")
    assert figures[term] == [("Yes", 2), ("Partly", 1), ("No", 1), ("Not reported", 0)]
    chart = client.get("/en/rounds/round-2/overview/csam-term/chart.svg")
    assert chart["Content-Type"] == "image/svg+xml" and chart.content.startswith(b"<svg")
    assert b"Partly" in chart.content
    world = client.get("/en/rounds/round-2/overview/csam-term/map.svg")
    assert world.status_code == 200 and b"Not in this overview" in world.content
    assert client.get("/en/rounds/round-2/overview/nothing/map.svg").status_code == 404


def test_the_matrix_rows_are_escaped():
    from lanzarote.reports.overview import CellOut, PartyOut
    from lanzarote.reports.views import _matrix_body

    html = _matrix_body(
        [
            (
                PartyOut("FR", "<b>France</b>"),
                [CellOut("yes", "<script>x</script>", 7), CellOut("no", "No", None)],
            )
        ],
        "/en/findings/",
    )
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;France" in html
    assert '<a href="/en/findings/7/">' in html and '<td class="v v-no">No</td>' in html


@pytest.mark.rendering
def test_thematic_factsheets_carry_findings_charts_and_maps(
    client, findings, secretariat, django_capture_on_commit_callbacks
):
    import docx

    from lanzarote.reports.models import Publication

    client.force_login(secretariat)
    page = client.get("/en/rounds/round-2/overview/?group=legal-framework").text
    assert "/en/rounds/round-2/thematic/legal-framework/publish/" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/thematic/legal-framework/publish/")
    themes = Publication.objects.filter(kind="thematic", status="published")
    assert {(p.subject, p.lang) for p in themes} == {
        ("legal-framework", "en"),
        ("legal-framework", "fr"),
    }
    refused = client.post("/en/rounds/round-2/thematic/victim-assistance/publish/", follow=True)
    assert "nothing to publish" in refused.text  # no finding of that group is adopted
    legal = themes.get(subject="legal-framework", lang="en")
    html = b"".join(client.get(f"/en/publications/{legal.pk}.html").streaming_content).decode()
    assert html.count("data:image/svg+xml;base64,") == 10  # a chart and a map per indicator
    assert "Thematic factsheet:" in html and "yes for 2 of 4 Parties (Austria, France)" in html
    assert "Jurisdiction over transnational cases" not in html  # another group's indicator
    pdf = " ".join(
        _pdf_text(
            b"".join(client.get(f"/en/publications/{legal.pk}.pdf").streaming_content)
        ).split()
    )
    assert "Thematic factsheet" in pdf and "Parties by value" not in pdf
    french = themes.get(subject="legal-framework", lang="fr")
    word = docx.Document(
        io.BytesIO(b"".join(client.get(f"/en/publications/{french.pk}.docx").streaming_content))
    )
    assert word.paragraphs[0].text.startswith("Fiche thématique")
    assert len(word.inline_shapes) == 10  # the charts and maps, as pictures


def test_one_action_publishes_everything_and_prepares_the_drafts(
    client, secretariat, django_capture_on_commit_callbacks
):
    from lanzarote.reports.models import Publication

    adopt("ex-officio", "FR", "yes")  # one group, one Party: keeps the rendering short
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/rounds/round-2/publish-all/", follow=True)
    assert "4 publications are being rendered, and 2 country factsheet drafts" in response.text
    made = {(p.kind, p.subject, p.lang, p.status) for p in Publication.objects.all()}
    assert made == {
        ("overview", "", "en", "published"),
        ("overview", "", "fr", "published"),
        ("thematic", "jurisdiction", "en", "published"),
        ("thematic", "jurisdiction", "fr", "published"),
        ("country", "", "en", "draft"),
        ("country", "", "fr", "draft"),
    }


def test_a_rendering_failure_publishes_nothing_and_says_why(
    client, findings, secretariat, django_capture_on_commit_callbacks, monkeypatch, settings
):
    from lanzarote.audit.models import AuditEvent
    from lanzarote.reports.models import Publication, Rendering
    from lanzarote.reports.renderers import pdf

    def broken(html):
        raise RuntimeError("synthetic renderer failure")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/overview/publish/")
    assert set(Publication.objects.values_list("status", flat=True)) == {"failed"}
    assert "synthetic renderer failure" in Publication.objects.first().error
    assert not Rendering.objects.exists()
    failed = AuditEvent.objects.filter(action="publication.failed")
    assert sorted(failed.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Publication.objects.values_list("pk", flat=True)
    )  # each member of the set, recorded with its status change
    assert failed.first().after["status"] == "failed"
    stored = settings.MEDIA_ROOT / "publications"
    assert not stored.exists() or not any(stored.iterdir())  # no file left behind
    assert (
        "synthetic renderer failure" in client.get("/en/publications/").text
    )  # Secretariat sees it
    client.logout()
    assert "Comparative overview" not in client.get("/en/publications/").text


def test_files_stored_before_a_failure_are_removed(
    client, findings, secretariat, django_capture_on_commit_callbacks, monkeypatch, settings
):
    from lanzarote.reports.models import Publication, Rendering

    def refuse(*args, **kwargs):
        raise RuntimeError("synthetic database failure")

    monkeypatch.setattr(Rendering.objects, "bulk_create", refuse)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/overview/publish/")
    assert set(Publication.objects.values_list("status", flat=True)) == {"failed"}
    stored = settings.MEDIA_ROOT / "publications"
    assert stored.exists() and not any(stored.iterdir())  # written, then taken back


@pytest.mark.rendering
def test_the_secretariat_writes_and_publishes_the_implementation_report(
    client, findings, secretariat, committee_member, django_capture_on_commit_callbacks
):
    import docx

    from lanzarote.reports.models import Publication, ReportSection

    client.force_login(committee_member)
    assert client.get("/en/rounds/round-2/report/").status_code == 403
    client.force_login(secretariat)
    refused = client.post("/en/rounds/round-2/report/publish/", follow=True)
    assert "the report has no section yet" in refused.text
    client.post(
        "/en/rounds/round-2/report/",
        {
            "kind": "text",
            "title_en": "Introduction",
            "title_fr": "Introduction",
            "text_en": "Synthetic introduction by the Secretariat.\n\nA second paragraph.",
            "text_fr": "Introduction synthétique du Secrétariat.",
        },
    )
    client.post(
        "/en/rounds/round-2/report/",
        {"kind": "findings", "group": "legal-framework", "title_en": "The legal framework"},
    )
    # recommendations: those resting on the group's provisions, then all adopted ones
    import datetime

    from lanzarote.monitoring.models import Round
    from lanzarote.recommendations import services as recommendations
    from lanzarote.treaties.models import Provision

    ict = Round.objects.get(uid="round-2")
    for number, provision, status in (
        ("R1", "cets201:20.1", "adopted"),
        ("R2", "cets201:36.1", "adopted"),
        ("R3", "cets201:20.1", "draft"),
    ):
        made = recommendations.recommendation_save(
            round_=ict,
            actor=secretariat,
            number=number,
            grade="urge",
            addressed_to_all=True,
            text_en=f"Synthetic recommendation {number}.",
            provisions=[Provision.objects.get(uid=provision)],
        )
        if status == "adopted":
            recommendations.recommendation_adopt(
                recommendation=made, actor=secretariat, adopted_on=datetime.date(2022, 3, 10)
            )
    client.post(
        "/en/rounds/round-2/report/",
        {
            "kind": "recommendations",
            "group": "legal-framework",
            "title_en": "Recommendations on the legal framework",
        },
    )
    client.post("/en/rounds/round-2/report/", {"kind": "recommendations", "group": ""})
    bad = client.post(
        "/en/rounds/round-2/report/", {"kind": "findings", "group": "nothing"}, follow=True
    )
    assert "no group of indicators &#x27;nothing&#x27;" in bad.text
    assert ReportSection.objects.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/report/publish/")
    english = Publication.objects.get(kind="report", lang="en")
    assert english.status == "published"
    word = docx.Document(
        io.BytesIO(b"".join(client.get(f"/en/publications/{english.pk}.docx").streaming_content))
    )
    text = [p.text for p in word.paragraphs]
    assert text[0].startswith("Implementation report")
    assert "Synthetic introduction by the Secretariat." in text and "A second paragraph." in text
    assert "The legal framework" in text
    assert any(t.startswith("Use of the term") and "yes for 2 of 4 Parties" in t for t in text)
    assert "France – Use of the term “child sexual abuse material”: Yes" in text
    legal = text.index("Recommendations on the legal framework")
    everything = text.index("Recommendations", legal + 1)
    assert "Synthetic recommendation R1." in text[legal:everything]
    assert "Synthetic recommendation R2." not in text[legal:everything]
    assert {"Synthetic recommendation R1.", "Synthetic recommendation R2."} <= set(
        text[everything:]
    )
    assert "R1 · urges – all Parties monitored" in text
    assert not any("R3" in t for t in text)  # a draft is not in the report
    book = load_workbook(
        io.BytesIO(b"".join(client.get(f"/en/publications/{english.pk}.xlsx").streaming_content))
    )
    assert [r[1] for r in book["Recommendations"].values] == ["Number", "R1", "R1", "R2"]
    french = Publication.objects.get(kind="report", lang="fr")
    pdf = " ".join(
        _pdf_text(
            b"".join(client.get(f"/en/publications/{french.pk}.pdf").streaming_content)
        ).split()
    )
    assert "Introduction synthétique du Secrétariat." in pdf and "Rapport de mise en œuvre" in pdf


@pytest.mark.rendering
def test_publications_fetch_nothing_but_data_urls(tmp_path):
    from lanzarote.lib import pdf as render

    secret = tmp_path / "secret.css"
    secret.write_text("h1 { color: red }")
    fetcher = render._fetcher()
    for url in (secret.as_uri(), "http://127.0.0.1:9/style.css", "https://example.org/x.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok") is not None
    # a document that links elsewhere still renders, without what it links to
    pdf = render.html_to_pdf(f'<link rel="stylesheet" href="{secret.as_uri()}"><h1>Synthetic</h1>')
    assert "Synthetic" in _pdf_text(pdf)
