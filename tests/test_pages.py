import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGES = [
    "/{lang}/",
    "/{lang}/treaties/cets201/",
    "/{lang}/treaties/cets201/?pillar=prosecution",
    "/{lang}/treaties/cets201/articles/20/",
    "/{lang}/treaties/cets201/obligations/",
    "/{lang}/treaties/cets201/obligations/?kind=criminalise",
    "/{lang}/provisions/cets201:20.1.a/",
    "/{lang}/treaties/cets201/parties/",
    "/{lang}/states/FR/",
    "/{lang}/accessions/",
    "/{lang}/search/?q=enfant",
    "/{lang}/data/",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_opens_in_both_languages(client, db, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text


def test_the_root_sends_readers_to_a_language(client, db):
    assert client.get("/").status_code == 302


def test_an_article_shows_paragraphs_items_and_permalinks(client, db):
    page = client.get("/en/treaties/cets201/articles/20/").text
    assert 'id="p20-1-a"' in page
    assert "cets201:20.1.a" in page
    assert 'href="/en/provisions/cets201:20.1.a/"' in page
    assert "producing child pornography;" in page


def test_an_article_shows_obligations_reservation_clauses_and_committee_texts(client, db):
    page = client.get("/en/treaties/cets201/articles/20/").text
    assert "cets201:obl:20.1.f" in page
    assert 'href="/en/provisions/cets201:20.4/"' in page  # reservation clause for 20(1)(f)
    assert "Declaration on web addresses advertising" in page  # concerns Art. 20


def test_a_declaration_made_by_a_party_shows_beside_its_provision(client, db):
    page = client.get("/en/treaties/cets201/articles/25/").text
    assert "Latvia" in page


@pytest.mark.parametrize(
    "url", ["/en/treaties/cets201/articles/20/", "/en/provisions/cets201:20.1.a/"]
)
def test_reservations_beside_provisions_take_the_same_queries_whatever_their_number(
    client, db, url
):
    """Parties' reservations are read once for the page (parties' template tag), not once per
    provision or per reservation."""
    from lanzarote.parties.models import Reservation, State
    from lanzarote.treaties.models import Provision

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).text
        return len(queries), page

    before, _page = count()
    provisions = Provision.objects.filter(uid__startswith="cets201:20.1.").order_by("position")
    for state in State.objects.order_by("iso2")[:5]:
        for provision in provisions:
            reservation = Reservation.objects.create(
                treaty=provision.treaty,
                state=state,
                kind="reservation",
                text_en=f"Synthetic reservation of {state.iso2}",
            )
            reservation.provisions.add(provision)
    after, page = count()
    assert after == before
    assert "Synthetic reservation of" in page


def test_the_french_article_is_in_french_and_links_to_the_english_one(client, db):
    page = client.get("/fr/treaties/cets201/articles/20/").text
    assert "la production de pornographie enfantine" in page
    assert 'href="/en/treaties/cets201/articles/20/"' in page


def test_missing_french_text_is_shown_in_english_with_a_visible_notice(client, db):
    page = client.get("/fr/treaties/cets201/").text
    assert page.count('class="notice fallback"') >= 7  # recitals 7-13
    assert 'lang="en"' in page


def test_english_pages_carry_no_fallback_notice(client, db):
    assert 'class="notice fallback"' not in client.get("/en/treaties/cets201/").text


def test_the_pillar_filter_keeps_only_its_chapters(client, db):
    page = client.get("/en/treaties/cets201/?pillar=prosecution").text
    assert "Article 20 – Offences concerning child pornography" in page
    assert "Article 5 –" not in page


def test_the_parties_table_filters_and_sorts(client, db):
    page = client.get("/en/treaties/cets201/parties/?q=tun").text
    assert "Tunisia" in page and "France" not in page
    rows = client.get("/en/treaties/cets201/parties/?sort=entry_into_force&dir=desc").context[
        "rows"
    ]
    assert rows[0].state.iso2 == "IE"  # latest known entry into force, 2021-04-01
    assert rows[-1].entry_into_force is None  # unknown dates last


def test_a_state_page_shows_unknown_dates_as_unknown(client, db):
    page = client.get("/en/states/SE/").text  # no date of Sweden was found (2026-12-04)
    assert page.count('class="unknown"') >= 3


@pytest.mark.rendering
def test_the_map_is_an_svg_rendered_by_the_app(client, db):
    response = client.get("/en/treaties/cets201/parties/map.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b"Party" in response.content


def test_unknown_things_are_404(client, db):
    assert client.get("/en/states/XX/").status_code == 404
    assert client.get("/en/provisions/cets201:99.9/").status_code == 404
    assert client.get("/en/treaties/cets201/articles/51/").status_code == 404


def test_downloads_carry_every_party_and_every_provision(client, db):
    csv_lines = client.get("/en/treaties/cets201/parties.csv").content.decode().splitlines()
    assert csv_lines[0].startswith("iso2,iso3,name_en")
    assert len(csv_lines) == 49
    assert "TN,TUN,Tunisia,Tunisie,False,party,,2019-10-15,accession,2020-02-01" in csv_lines[
        -4:
    ] or any(line.startswith("TN,TUN,Tunisia") and "2019-10-15" in line for line in csv_lines)
    provisions = client.get("/en/treaties/cets201/provisions.json").json()["provisions"]
    assert {"cets201:20.1.a", "cets201:preamble.1", "cets201:50"} <= {p["uid"] for p in provisions}
    belgium = next(
        p
        for p in client.get("/en/treaties/cets201/parties.json").json()["parties"]
        if p["iso2"] == "BE"
    )
    assert belgium["deposit"] is None


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("/en/treaties/cets201/", 12),
        ("/en/treaties/cets201/articles/20/", 14),
        ("/en/treaties/cets201/parties/", 8),
        ("/en/treaties/cets201/obligations/", 6),
        ("/en/states/LV/", 12),
    ],
)
def test_pages_run_a_fixed_number_of_queries(client, db, url, limit):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= limit, [q["sql"][:120] for q in queries]


def test_french_dates_write_the_first_of_the_month_as_1er(client, db):
    page = client.get("/fr/states/TN/").text
    assert "1er février 2020" in page and "15 octobre 2019" in page


def test_french_readers_get_french_errors(client, db):
    assert "Saisissez au moins un mot" in client.get("/fr/search/?q=%22%22").text


def test_the_committee_of_the_parties_is_shown_with_its_participants(client, db):
    page = client.get("/en/treaties/cets201/parties/").text
    assert "the 48 Parties" in page and "Commissioner for Human Rights" in page


@pytest.mark.parametrize(
    "url",
    [
        "/en/questionnaires/demo-published-questionnaire/",
        "/en/questionnaires/demo-published-questionnaire/questions/1/",
        "/en/rounds/demo-published/state-of-play/",
        "/en/questionnaires/demo-published-questionnaire/states/FR/",
        "/api/questionnaires/demo-published-questionnaire/replies",
        "/api/questionnaires/demo-published-questionnaire/questions/1/answers",
    ],
)
def test_reply_pages_run_the_same_queries_for_6_or_16_replies(client, secretariat, url):
    """No query per reply: the count with ten more replies is the count without them."""
    from lanzarote.core.demo import demo_load
    from lanzarote.monitoring.models import Questionnaire
    from lanzarote.parties.models import State
    from lanzarote.replies import services

    demo_load(password="synthetic-pass")
    client.force_login(secretariat)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    questionnaire = Questionnaire.objects.get(uid="demo-published-questionnaire")
    question = questionnaire.questions.get(number="1")
    for state in State.objects.exclude(iso2__in=["FR", "DE", "IT", "PT"])[:10]:
        reply = services.reply_start(questionnaire=questionnaire, actor=secretariat, party=state)
        services.answer_save(reply=reply, question=question, text="Synthetic", actor=secretariat)
        services.reply_submit(reply=reply, actor=secretariat)
    assert count() == before


def _finding(iso2, status, code="csam-term"):
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring.models import Indicator
    from lanzarote.parties.models import State

    return Finding.objects.create(
        indicator=Indicator.objects.get(scheme__round__uid="round-2", code=code),
        party=State.objects.get(iso2=iso2),
        value="yes",
        scheme_version=1,
        status=status,
    )


def test_my_work_counts_what_awaits_the_secretariat_and_the_committee_in_each_round(
    client, secretariat, committee_member
):
    _finding("FR", "draft")
    _finding("IT", "reviewed")
    _finding("DE", "reviewed")
    client.force_login(secretariat)
    page = client.get("/en/accounts/").text
    row = page[page.index('/en/rounds/round-2/"') :]
    row = row[: row.index("</tr>")]
    assert ">1</a>" in row and ">2</a>" in row  # one finding to review, two to adopt
    assert "follow-up reports overdue" in page
    client.force_login(committee_member)
    page = client.get("/en/accounts/").text
    assert "Findings to adopt" in page and "Findings to review" not in page


def test_my_work_reads_a_constant_number_of_queries(client, secretariat):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/accounts/").status_code == 200
        return len(captured)

    client.force_login(secretariat)
    _finding("FR", "draft")
    queries()  # warm
    few = queries()
    for iso2 in ("IT", "DE", "AT", "PT"):
        _finding(iso2, "reviewed")
    _finding("FR", "draft", code="ex-officio")
    assert queries() == few


def test_a_focal_point_sees_what_is_due_and_by_when(client, questionnaire, focal_point_france):
    client.force_login(focal_point_france)
    page = client.get("/en/accounts/").text
    assert "replies due, the next by" in page or "reply due, the next by" in page


def test_a_person_chooses_the_language_of_their_e_mails(client, focal_point_france):
    from lanzarote.audit.models import AuditEvent

    client.force_login(focal_point_france)
    assert client.post("/en/accounts/", {"language": "fr"}).status_code == 302
    focal_point_france.profile.refresh_from_db()
    assert focal_point_france.profile.language == "fr"
    assert AuditEvent.objects.filter(action="account.language").exists()
    assert client.post("/en/accounts/", {"language": "de"}).status_code == 302
    focal_point_france.profile.refresh_from_db()
    assert focal_point_france.profile.language == "fr"


def test_the_state_of_play_shows_totals_focal_points_a_reminder_and_exports(
    client, questionnaire, secretariat, focal_point_france
):
    import io

    from openpyxl import load_workbook

    from lanzarote.replies import services as replies

    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    replies.answer_save(
        reply=reply,
        question=questionnaire.questions.get(number="1"),
        text="<p>Synthetic answer.</p>",
        actor=focal_point_france,
    )
    client.force_login(secretariat)
    page = client.get("/en/rounds/test-round/state-of-play/").text
    assert "of 48 submitted" in page or " submitted · " in page
    assert 'href="mailto:francois@example.org"' in page
    assert "Send a reminder to those who have not submitted" in page and "data-confirm=" in page
    csv = client.get("/en/rounds/test-round/state-of-play.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("questionnaire,respondent,kind,focal_points,status")
    assert any(
        line.startswith("test-questionnaire,France,party,francois@example.org,draft")
        for line in lines
    )
    xlsx = client.get("/en/rounds/test-round/state-of-play.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["questionnaire", "respondent", "kind"]
    assert client.get("/en/rounds/test-round/state-of-play.pdf").status_code == 404
    client.force_login(focal_point_france)
    assert client.get("/en/rounds/test-round/state-of-play.csv").status_code == 403


def test_the_state_of_play_reads_a_constant_number_of_queries(
    client, questionnaire, secretariat, focal_point_france, focal_point_italy
):
    from lanzarote.replies import services as replies

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/rounds/test-round/state-of-play/").status_code == 200
        return len(captured)

    client.force_login(secretariat)
    replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    queries()
    few = queries()
    replies.reply_start(questionnaire=questionnaire, actor=focal_point_italy)
    assert queries() == few


def test_irreversible_steps_say_what_will_happen_before_they_are_taken(
    client, questionnaire, secretariat, focal_point_france
):
    from lanzarote.replies import services as replies

    client.force_login(secretariat)
    page = client.get("/en/rounds/test-round/").text
    assert 'data-confirm="Replies to “Test round (synthetic)” will close' in page
    assert 'src="/static/lanzarote/confirm.js"' in page
    reply = replies.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    client.force_login(focal_point_france)
    page = client.get(f"/en/replies/{reply.pk}/").text
    assert "The reply of France will be submitted and locked" in page
    page = client.get(f"/fr/replies/{reply.pk}/").text
    assert "Cette réponse (France) sera soumise et verrouillée" in page


def test_no_page_title_holds_markup():
    """A page's <title> is text: a form or a heading written into the title block shows as raw
    markup in the browser's tab (the rounds page once held its new-round form there)."""
    import re
    from pathlib import Path

    import lanzarote

    root = Path(lanzarote.__file__).parent
    block = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)
    tags = re.compile(r"<[a-zA-Z/]")
    wrong = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        for title in block.findall(path.read_text(encoding="utf-8"))
        if tags.search(title)
    ]
    assert wrong == []
