"""Legal self-assessment end to end: upload real statute extracts as PDF, Word and HTML, read
them into units, link the units to obligations element by element, correct, report, export."""

import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lanzarote.audit.models import AuditEvent
from lanzarote.legislation import services
from lanzarote.legislation.models import Act, Link, SelfAssessment, Unit
from lanzarote.legislation.segment import segment
from lanzarote.lib.errors import NotAllowed
from lanzarote.lib.extract import Page
from lanzarote.parties.models import State
from tests.pdfgen import make_image_only_pdf, make_pdf
from tests.statutes import CANADA_163_1, CANADA_172_1, FRANCE_227_23


def word(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html(lines: list[str]) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return f"<!doctype html><html lang='fr'><body>{body}</body></html>".encode()


@pytest.fixture
def assessment(focal_point_france, treaty):
    return services.assessment_create(
        actor=focal_point_france,
        treaty=treaty,
        state=State.objects.get(iso2="CA")
        if State.objects.filter(iso2="CA").exists()
        else State.objects.get(iso2="FR"),
        title="Criminal law against the Convention",
    )


def upload(assessment, actor, data, name, capture):
    with capture(execute=True):  # the reading runs when the upload commits
        act = services.act_add(actor=actor, assessment=assessment, name=name, data=data)
    act.refresh_from_db()
    return act


# --- units -----------------------------------------------------------------------------------


def test_a_canadian_section_is_one_unit_with_its_marginal_heading_and_subsections():
    cut = segment([Page(1, "Criminal Code\n" + "\n".join(CANADA_163_1 + CANADA_172_1))])
    assert cut.recognised and cut.layout == "number-margin"
    sections = [u for u in cut.units if u.kind == "section"]
    assert [(u.number, u.heading) for u in sections] == [
        ("163.1", "Child pornography"),
        ("172.1", "Luring a child"),
    ]
    assert "(2) Every person who makes" in sections[0].text
    assert "Luring a child" not in sections[0].text  # the next section's heading is its own
    assert [u.number for u in cut.units if u.kind == "subsection"][:2] == ["163.1(1)", "163.1(2)"]


def test_a_french_code_is_cut_at_its_articles_and_cross_references_start_nothing():
    lines = [*FRANCE_227_23, "Article 227-24", "Le fait soit de fabriquer, de transporter."]
    cut = segment([Page(1, "Code pénal\n" + "\n".join(lines))])
    assert cut.layout == "article-alone"
    articles = [u for u in cut.units if u.kind == "article"]
    assert [u.label for u in articles] == ["Article 227-23", "Article 227-24"]
    assert "détenir" in articles[0].text and "fabriquer" not in articles[0].text


def test_prose_without_numbering_is_read_by_paragraph_and_the_person_is_told():
    cut = segment([Page(1, "A note on the law.\n\nIt has no numbered sections at all.\n")])
    assert not cut.recognised and cut.layout == "paragraphs"
    assert "paragraph by paragraph" in cut.message


# --- the journey -----------------------------------------------------------------------------


def test_acts_in_three_formats_become_a_gap_report_element_by_element(
    assessment, focal_point_france, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    pdf = upload(assessment, focal_point_france, make_pdf([CANADA_163_1]), "c-46.pdf", capture)
    doc = upload(assessment, focal_point_france, word(CANADA_172_1), "luring.docx", capture)
    page = upload(assessment, focal_point_france, html(FRANCE_227_23), "cp.html", capture)
    assert [a.status for a in (pdf, doc, page)] == ["ready"] * 3, [
        a.error for a in (pdf, doc, page)
    ]
    assert (pdf.kind, doc.kind, page.kind) == ("pdf", "docx", "html")
    assert (pdf.language, page.language) == ("en", "fr")
    assert pdf.units_linked == pdf.units_total >= 1
    section = Unit.objects.get(act=pdf, number="163.1")
    refs = list(section.links.values_list("ref", flat=True))
    assert {"20(2)"} & set(refs), refs  # the definition of child pornography
    article = Unit.objects.get(act=page, number="227-23")
    link = article.links.filter(ref__startswith="20(1)").first()
    assert link is not None and link.reason and link.elements.exists()

    from lanzarote.legislation.selectors import gap_report

    rows = {row.ref: row for row in gap_report(assessment)}
    assert rows["20(2)"].status in ("covered", "partly")
    assert any(s.unit == section for s in rows["20(2)"].supports)
    assert rows["26(1)"].status == "not_found" and rows["26(1)"].missing  # nothing on legal persons
    grooming = rows["23"].positions  # what the Committee said about solicitation, with its source
    assert grooming and grooming[0].url.startswith("http") and grooming[0].quote


def test_a_person_confirms_rejects_and_corrects_and_each_is_audited(
    assessment, focal_point_france, django_capture_on_commit_callbacks
):
    act = upload(
        assessment,
        focal_point_france,
        html(FRANCE_227_23),
        "cp.html",
        django_capture_on_commit_callbacks,
    )
    link = Link.objects.filter(unit__act=act).first()
    services.link_decide(actor=focal_point_france, link=link, confirmed=False)
    assert Link.objects.get(pk=link.pk).status == "rejected"
    code = link.elements.first().code
    check = services.element_set(actor=focal_point_france, link=link, code=code, satisfied=False)
    assert check.corrected_by == focal_point_france and not check.satisfied
    assert Link.objects.get(pk=link.pk).coverage == "partly"
    added = services.link_add(actor=focal_point_france, unit=link.unit, ref="26(1)")
    assert added.status == "confirmed" and not added.by_machine
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"legal_link.decide", "legal_element.set", "legal_link.add", "act.add"} <= actions
    with pytest.raises(services.LegislationError, match="already"):
        services.link_add(actor=focal_point_france, unit=link.unit, ref="26(1)")


def test_the_corrections_export_as_a_labelled_set_the_evaluation_reads(
    client, assessment, focal_point_france, django_capture_on_commit_callbacks, tmp_path
):
    from lanzarote.legislation.evaluation import load_set

    act = upload(
        assessment,
        focal_point_france,
        html(FRANCE_227_23),
        "cp.html",
        django_capture_on_commit_callbacks,
    )
    link = Link.objects.filter(unit__act=act).order_by("rank").first()
    services.link_decide(actor=focal_point_france, link=link, confirmed=True)
    client.force_login(focal_point_france)
    response = client.get(f"/en/self-assessments/{assessment.pk}/labels.jsonl")
    assert response.status_code == 200
    exported = tmp_path / "labels.jsonl"
    exported.write_bytes(response.content)
    (record,) = load_set(exported)
    assert record.articles[0] == link.ref and record.language == "fr"


def test_it_is_private_until_shared_or_published(
    client, assessment, focal_point_france, secretariat, committee_member
):
    url = f"/en/self-assessments/{assessment.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(secretariat)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/self-assessments/{assessment.pk}").status_code == 404
    services.assessment_share(actor=focal_point_france, assessment=assessment, shared=True)
    assert client.get(url).status_code == 200
    client.force_login(committee_member)
    assert client.get(url).status_code == 404
    with pytest.raises(NotAllowed):
        services.act_add(actor=secretariat, assessment=assessment, name="x.txt", data=b"x")


def test_the_report_is_exported_in_four_formats_and_two_languages(
    client, assessment, focal_point_france, django_capture_on_commit_callbacks
):
    upload(
        assessment,
        focal_point_france,
        html(FRANCE_227_23),
        "cp.html",
        django_capture_on_commit_callbacks,
    )
    client.force_login(focal_point_france)
    heads = {"html": b"<!doctype html>", "pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}
    for fmt, head in heads.items():
        for lang in ("en", "fr"):
            response = client.get(f"/en/self-assessments/{assessment.pk}/report.{fmt}?lang={lang}")
            assert response.status_code == 200 and response.content.startswith(head), (fmt, lang)
    page = client.get(f"/en/self-assessments/{assessment.pk}/report.html?lang=fr").text
    assert "Auto-évaluation" in page or "auto-évaluation" in page.lower()
    api = client.get(f"/api/self-assessments/{assessment.pk}").json()
    assert api["acts"][0]["status"] == "ready" and {g["ref"] for g in api["gaps"]} >= {"20(1)(e)"}


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "scan.png", "image"),
    ],
)
def test_a_file_that_is_not_accepted_leaves_nothing_behind(
    assessment, focal_point_france, data, name, words
):
    with pytest.raises(services.LegislationError, match=words):
        services.act_add(actor=focal_point_france, assessment=assessment, name=name, data=data)
    assert not Act.objects.exists()


def test_the_same_file_twice_is_refused(
    assessment, focal_point_france, django_capture_on_commit_callbacks
):
    data = html(FRANCE_227_23)
    upload(assessment, focal_point_france, data, "cp.html", django_capture_on_commit_callbacks)
    with pytest.raises(services.LegislationError, match="already"):
        services.act_add(
            actor=focal_point_france, assessment=assessment, name="again.html", data=data
        )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_image_only_pdf(), "no_text"),
        (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n" * 20, ""),
    ],
)
def test_an_act_that_cannot_be_read_fails_with_a_reason_and_no_units(
    assessment, focal_point_france, django_capture_on_commit_callbacks, data, reason
):
    act = upload(assessment, focal_point_france, data, "act", django_capture_on_commit_callbacks)
    assert act.status == "failed" and act.error
    if reason:
        assert act.error_reason == reason
    assert not Unit.objects.filter(act=act).exists()


def test_more_pages_than_read_at_once_are_refused_saying_how_to_split(
    assessment, focal_point_france, django_capture_on_commit_callbacks, settings
):
    settings.LANZAROTE_MAX_ACT_PAGES = 2
    pages = [CANADA_163_1, CANADA_172_1, FRANCE_227_23[:1]]
    act = upload(
        assessment,
        focal_point_france,
        make_pdf(pages),
        "big.pdf",
        django_capture_on_commit_callbacks,
    )
    assert act.status == "failed" and act.error_reason == "too_many_pages"
    assert "in parts" in act.error
    focal_point_france.profile.language = "fr"  # the reason is written in the uploader's language
    focal_point_france.profile.save()
    again = upload(
        assessment,
        focal_point_france,
        make_pdf([*pages, CANADA_163_1]),
        "big2.pdf",
        django_capture_on_commit_callbacks,
    )
    assert "en plusieurs parties" in again.error


def test_a_guest_creates_a_self_assessment_and_a_demonstration_login_cannot(treaty, db):
    from tests.conftest import make_user

    guest = make_user("lena", "guest")
    made = services.assessment_create(
        actor=guest, treaty=treaty, state=State.objects.get(iso2="FR"), title="Draft law review"
    )
    assert made.owner == guest and made.visibility == SelfAssessment.Visibility.PRIVATE
    demo = make_user("demo-x", "secretariat", is_demo=True)
    with pytest.raises(NotAllowed):
        services.assessment_create(
            actor=demo, treaty=treaty, state=State.objects.get(iso2="FR"), title="x"
        )
    assert get_user_model().objects.filter(username="lena").exists()
    assert Client().get("/en/self-assessments/").status_code == 200


def test_a_confirmed_unit_becomes_evidence_of_the_partys_legal_framework_finding(
    client, secretariat, treaty, django_capture_on_commit_callbacks
):
    from lanzarote.assessments import services as assessments
    from lanzarote.monitoring.models import Indicator

    france = State.objects.get(iso2="FR")
    made = services.assessment_create(
        actor=secretariat, treaty=treaty, state=france, title="Round 2: France's criminal law"
    )
    act = upload(
        made, secretariat, html(FRANCE_227_23), "cp.html", django_capture_on_commit_callbacks
    )
    unit = Unit.objects.get(act=act, kind="article")
    legal = Indicator.objects.filter(scheme__round__uid="round-2", group="legal-framework").first()
    finding = assessments.finding_save(
        indicator=legal, party=france, value="partly", rationale="See the code.", actor=secretariat
    )
    with pytest.raises(assessments.FindingError, match="confirm"):
        assessments.evidence_add(finding=finding, actor=secretariat, legal_unit=unit)
    services.link_decide(actor=secretariat, link=unit.links.first(), confirmed=True)
    client.force_login(secretariat)
    page = client.get(f"/en/rounds/round-2/assessment/FR/?indicator={legal.code}").text
    assert "as confirmed in a legal self-assessment" in page and f'value="{unit.pk}"' in page
    response = client.post(
        f"/en/rounds/round-2/assessment/FR/{legal.code}/evidence/", {"legal_unit": unit.pk}
    )
    assert response.status_code == 302
    evidence = finding.evidence.get()
    assert evidence.legal_unit == unit and "Article 227-23" in evidence.source
    assert evidence.quote.startswith("Article 227-23")
    with pytest.raises(assessments.FindingError, match="Party"):
        assessments.evidence_add(
            finding=assessments.finding_save(
                indicator=legal,
                party=State.objects.get(iso2="IT"),
                value="partly",
                rationale="x",
                actor=secretariat,
            ),
            actor=secretariat,
            legal_unit=unit,
        )


def test_a_page_polling_an_act_reloads_once_the_act_is_read(
    client, assessment, focal_point_france, django_capture_on_commit_callbacks
):
    act = upload(
        assessment,
        focal_point_france,
        html(FRANCE_227_23),
        "cp.html",
        django_capture_on_commit_callbacks,
    )
    client.force_login(focal_point_france)
    url = f"/en/self-assessments/{assessment.pk}/acts/{act.pk}/"
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and polled["HX-Refresh"] == "true"  # the report is redrawn
    assert "HX-Refresh" not in client.get(url)  # a plain read of the line does not reload
    Act.objects.filter(pk=act.pk).update(status=Act.Status.LINKING)
    still = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in still and 'hx-trigger="every 2s"' in still.text
