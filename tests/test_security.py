import csv
import io
import os
import subprocess
import sys

import pytest


def test_pages_send_a_content_security_policy_without_inline_script(client, db):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(client, db):
    for url in [
        "/en/",
        "/en/treaties/cets201/articles/20/",
        "/en/treaties/cets201/parties/",
        "/en/search/?q=child",
    ]:
        page = client.get(url).text
        assert "<script>" not in page and " style=" not in page and "<style" not in page


def test_the_admin_login_is_protected_against_csrf(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403


@pytest.mark.slow
def test_the_production_settings_pass_the_deployment_check(tmp_path):
    env = {
        **os.environ,
        "LANZAROTE_DATA_DIR": str(tmp_path),
        "LANZAROTE_DEBUG": "0",
        "SECRET_KEY": "a-production-secret-" + "x" * 50,
        "SECURE_COOKIES": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "ALLOWED_HOSTS": "monitor.example.org",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "lanzarote.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- side doors -------------------------------------------------------------------------------


def test_my_work_hides_a_questionnaire_whose_round_is_still_in_preparation(
    client, questionnaire_draft, secretariat, focal_point_france
):
    from lanzarote.parties.models import State
    from lanzarote.replies import services as replies

    replies.reply_start(
        questionnaire=questionnaire_draft, actor=secretariat, party=State.objects.get(iso2="FR")
    )
    client.force_login(focal_point_france)
    page = client.get("/en/accounts/").text
    assert "Synthetic questionnaire" not in page
    assert "/questionnaires/test-questionnaire/" not in page


# --- spreadsheets show text as typed, never run it (CSV / formula injection) -----------------

HOSTILE = '=HYPERLINK("http://example.invalid/","Click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_starting_like_a_formula_is_quoted(start):
    from lanzarote.lib.spreadsheet import csv_cell

    assert csv_cell(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("value", [-5, -2.5, "-12", "+3.5", "Plain text", "", None, 0])
def test_numbers_and_plain_text_are_left_as_they_are(value):
    from lanzarote.lib.spreadsheet import csv_cell

    assert csv_cell(value) == value


def test_the_csv_download_writer_quotes_formula_like_text():
    from lanzarote.lib.downloads import csv_download

    response = csv_download(
        filename="x.csv", fields=["a", "b", "c"], rows=[{"a": HOSTILE, "b": -3, "c": "@SUM(A1)"}]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == ["'" + HOSTILE, "-3", "'@SUM(A1)"]


def _cells(content: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_text_not_formula(content: bytes, text: str = HOSTILE) -> None:
    cells = [c for c in _cells(content) if c.value == text]
    assert cells, "the text is kept exactly as typed"
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for c in _cells(content))


def test_the_xlsx_download_writer_keeps_formula_like_text_as_text():
    from lanzarote.lib.downloads import xlsx_download

    response = xlsx_download(filename="x.xlsx", fields=["a", "b"], rows=[{"a": HOSTILE, "b": -3}])
    _assert_text_not_formula(response.content)
    assert any(c.value == -3 and c.data_type == "n" for c in _cells(response.content))


def _xlsx(kind, data) -> bytes:
    """The publication XLSX renderer's bytes for built data."""
    from lanzarote.reports.renderers import PUBLICATION, Edition

    edition = Edition(kind=kind, data=data, version=1, demo=False, stem="x")
    return PUBLICATION["xlsx"].render(edition, data.lang)[2]


def test_a_country_factsheet_xlsx_keeps_a_quoted_answer_as_text():
    from lanzarote.reports.factsheet import CitationOut, Fact, FactsheetData, FindingOut

    data = FactsheetData(
        lang="en",
        round="r",
        round_name="Synthetic round",
        party="FR",
        party_name="France",
        scheme_version=1,
        status=(Fact("Status", "-Party"),),
        reservations=(),
        findings=(
            FindingOut(
                "i",
                "Indicator",
                "g",
                "yes",
                "Yes",
                "+rationale",
                (CitationOut(HOSTILE, "@reply.pdf, p. 1"),),
            ),
        ),
        not_assessed=(),
        recommendations_note="",
    )
    content = _xlsx("country", data)
    _assert_text_not_formula(content)
    _assert_text_not_formula(content, "+rationale")
    _assert_text_not_formula(content, "@reply.pdf, p. 1")


def test_a_report_xlsx_keeps_a_quoted_answer_as_text():
    from lanzarote.reports.report import PartyFinding, RecommendationOut, ReportData, SectionOut

    data = ReportData(
        lang="en",
        round="r",
        round_name="Synthetic",
        scheme_version=1,
        sections=(
            SectionOut(
                "findings",
                "Findings",
                "",
                findings=(
                    PartyFinding("France", "Indicator", "Yes", "-rationale", ((HOSTILE, "src"),)),
                ),
            ),
            SectionOut(
                "recommendations",
                "Recommendations",
                "",
                recommendations=(RecommendationOut("R1", "urges", "=1+1", True, "France"),),
            ),
        ),
    )
    content = _xlsx("report", data)
    _assert_text_not_formula(content)
    _assert_text_not_formula(content, "=1+1")


def test_the_overview_xlsx_keeps_formula_like_labels_as_text_and_numbers_as_numbers(db):
    import dataclasses

    from lanzarote.monitoring.models import CodingScheme
    from lanzarote.reports.overview import Statement, overview_build

    data = overview_build(scheme=CodingScheme.objects.get(round__uid="round-2"), lang="en")
    data = dataclasses.replace(data, statements=(Statement("csam-term", HOSTILE),))
    content = _xlsx("overview", data)
    _assert_text_not_formula(content)
    numbers = [c for c in _cells(content) if isinstance(c.value, int | float)]
    assert all(c.data_type == "n" for c in numbers)


# --- hostile numbers get a clear 4xx and write nothing ---------------------------------------

TWENTY_DIGITS = "9" * 20


def _events():
    from lanzarote.audit.models import AuditEvent

    return AuditEvent.objects.count()


def test_a_search_for_a_question_number_too_large_is_a_clear_422(client, db):
    response = client.get(f"/api/search?q=child&question={TWENTY_DIGITS}")
    assert response.status_code == 422
    assert "question" in response.text
    response = client.get(f"/api/search?q=child&document={'9' * 5000}")
    assert response.status_code == 422


@pytest.mark.parametrize("value", ["abc", TWENTY_DIGITS, "9" * 5000, "-1"])
def test_resending_an_invitation_to_a_non_number_is_a_clear_400(client, secretariat, value):
    client.force_login(secretariat)
    before = _events()
    response = client.post("/en/accounts/users/", {"resend": value})
    assert response.status_code == 400
    assert "resend" in response.text
    assert _events() == before


@pytest.mark.parametrize(
    "post",
    [{"section": "abc"}, {"section": "9" * 5000}, {"section": "1", "delete": "1"}],
)
def test_a_report_section_that_is_not_a_number_is_a_clear_4xx(client, secretariat, post):
    client.force_login(secretariat)
    before = _events()
    response = client.post("/en/rounds/round-2/report/", post)
    assert response.status_code in (400, 404)
    assert _events() == before


def test_a_report_section_at_a_position_of_twenty_digits_is_placed_last(client, secretariat):
    from lanzarote.reports.models import ReportSection

    client.force_login(secretariat)
    response = client.post(
        "/en/rounds/round-2/report/",
        {"kind": "text", "title_en": "Synthetic", "position": TWENTY_DIGITS},
    )
    assert response.status_code == 302
    assert ReportSection.objects.get(round__uid="round-2", title_en="Synthetic").position > 0


def _page_patterns():
    """Every page address with a number in it, as (pattern, address with that number)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns):
        if "<int:" in route and not route.startswith(("admin/", "api/")):
            yield route


@pytest.mark.parametrize("number", [TWENTY_DIGITS, "9" * 5000])
def test_every_page_address_with_a_number_answers_a_huge_one_with_404(client, secretariat, number):
    import re

    client.force_login(secretariat)
    routes = list(_page_patterns())
    assert len(routes) >= 10
    for route in routes:
        url = "/" + re.sub(r"<int:\w+>", number, re.sub(r"<(?:str|slug):\w+>", "x", route))
        url = url.replace("^", "").replace("$", "")
        for method in (client.get, client.post):
            assert method(url.replace("//", "/")).status_code in (400, 403, 404, 405), url


# --- caches keep nothing of a signed-in person's pages ---------------------------------------


@pytest.mark.parametrize(
    "url", ["/en/", "/en/accounts/", "/en/rounds/round-2/", "/api/rounds", "/en/search/?q=child"]
)
def test_a_signed_in_persons_pages_and_api_answers_are_not_stored(client, secretariat, url):
    client.force_login(secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_error_page_for_a_signed_in_person_is_not_stored_either(client, focal_point_france):
    client.force_login(focal_point_france)
    response = client.get("/en/replies/999999/")
    assert response.status_code == 404 and "no-store" in response["Cache-Control"]


def test_public_pages_stay_cacheable_for_anonymous_visitors(client, db):
    assert "no-store" not in client.get("/en/treaties/cets201/parties/").get("Cache-Control", "")


# --- read pages answer reads only ---------------------------------------------------------------

READ_PAGES = [
    "/en/",
    "/en/data/",
    "/en/search/?q=child",
    "/en/treaties/cets201/",
    "/en/treaties/cets201/articles/20/",
    "/en/treaties/cets201/parties/",
    "/en/treaties/cets201/parties.csv",
    "/en/states/FR/",
    "/en/rounds/round-2/overview/",
    "/en/publications/",
    "/en/questionnaires/round-2-thematic/",
    "/en/recommendations/1/",
]


@pytest.mark.parametrize("url", READ_PAGES)
def test_a_read_page_refuses_a_post_with_405(client, secretariat, url):
    client.force_login(secretariat)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_no_page_answers_a_method_the_site_does_not_use(client, secretariat, method):
    client.force_login(secretariat)
    for url in ["/en/", "/en/accounts/users/", "/en/rounds/round-2/"]:
        assert getattr(client, method)(url).status_code == 405, url


def test_the_api_refuses_other_methods_naming_the_one_it_serves(client, secretariat):
    client.force_login(secretariat)
    response = client.options("/api/rounds")
    assert response.status_code == 405 and response["Allow"] == "GET"


def test_a_null_character_in_an_address_is_refused_in_words_on_every_database(client, db):
    api = client.get("/api/rounds/%00")
    assert api.status_code == 422 and "null character" in api.json()["detail"][0]["msg"]
    assert client.get("/api/search?q=child%00").status_code == 422
    page = client.get("/fr/states/%00/")
    assert page.status_code == 400 and "caractère nul" in page.text
    assert client.get("/en/states/FR/").status_code == 200
