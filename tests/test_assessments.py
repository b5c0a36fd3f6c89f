"""Findings resting on evidence: writing, review, adoption, comments, suggestions, permissions."""

import pytest

from lanzarote.accounts.models import Profile
from lanzarote.assessments import services
from lanzarote.assessments.models import Finding, Suggestion
from lanzarote.assessments.permissions import finding_visibility_q
from lanzarote.audit.models import AuditEvent
from lanzarote.lib.errors import NotAllowed
from lanzarote.monitoring.models import Indicator, Questionnaire
from lanzarote.parties.models import State
from lanzarote.replies import services as replies
from lanzarote.replies.models import Passage
from tests.conftest import make_user
from tests.pdfgen import make_pdf

PAGES = [
    [
        "Question 8-11",
        "The Criminal Code uses the term child sexual abuse material since 2021.",
        "Article 227-23 defines such material as any representation of a child.",
    ],
    ["Question 13", "A specialised police unit investigates offences committed online."],
]


@pytest.fixture
def france(db):
    return State.objects.get(iso2="FR")


@pytest.fixture
def indicator(db):
    return Indicator.objects.get(scheme__round__uid="round-2", code="csam-term")


@pytest.fixture
def second_analyst(db):
    return make_user("samuel", Profile.Role.SECRETARIAT, staff=True)


@pytest.fixture
def passages(secretariat, france, django_capture_on_commit_callbacks):
    """France's (synthetic) reply to the ICT round, entered by the Secretariat, with a PDF."""
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=france)
    with django_capture_on_commit_callbacks(execute=True):
        replies.attachment_add(
            reply=reply, name="reply.pdf", data=make_pdf(PAGES), actor=secretariat
        )
    replies.reply_submit(reply=reply, actor=secretariat)
    return {p.text[:20]: p for p in Passage.objects.filter(document__attachments__reply=reply)}


def test_a_finding_rests_on_quoted_evidence_through_review_and_adoption(
    indicator, france, passages, secretariat, second_analyst
):
    finding = services.finding_save(
        indicator=indicator,
        party=france,
        value="yes",
        rationale="The code uses the term.",
        actor=secretariat,
    )
    assert (finding.status, finding.scheme_version) == ("draft", 1)
    with pytest.raises(services.FindingError, match="cite at least one passage"):
        services.finding_review(finding=finding, actor=second_analyst)
    term = passages["The Criminal Code us"]
    evidence = services.evidence_add(
        finding=finding, actor=secretariat, passage=term, start=4, end=17
    )
    assert evidence.quote == "Criminal Code" and evidence.page == 1
    assert evidence.source == "France – round-2-thematic – reply.pdf, p. 1"
    with pytest.raises(services.FindingError, match="other than its author"):
        services.finding_review(finding=finding, actor=secretariat)
    services.finding_review(finding=finding, actor=second_analyst)
    services.finding_adopt(finding=finding, actor=secretariat)
    finding.refresh_from_db()
    assert (finding.status, finding.reviewer, finding.adopted_by) == (
        "adopted",
        second_analyst,
        secretariat,
    )
    with pytest.raises(services.FindingError, match="reopen it"):
        services.finding_save(
            indicator=indicator, party=france, value="no", rationale="", actor=secretariat
        )
    actions = list(
        AuditEvent.objects.filter(object_id=str(finding.pk), object_type="assessments.finding")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["finding.create", "finding.evidence.add", "finding.review", "finding.adopt"]


def test_changing_a_reviewed_finding_sends_it_back_to_draft(
    indicator, france, passages, secretariat, second_analyst
):
    finding = services.finding_save(
        indicator=indicator, party=france, value="yes", rationale="", actor=secretariat
    )
    services.evidence_add(
        finding=finding, actor=secretariat, passage=passages["The Criminal Code us"]
    )
    services.finding_review(finding=finding, actor=second_analyst)
    services.finding_save(
        indicator=indicator, party=france, value="partly", rationale="", actor=secretariat
    )
    finding.refresh_from_db()
    assert (finding.status, finding.value, finding.reviewer) == ("draft", "partly", None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": "maybe"}, "is not a value of this indicator"),
        ({"start": 5, "end": 500}, "not inside the text"),
        ({"start": 7, "end": 3}, "not inside the text"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_written(
    indicator, france, passages, secretariat, kwargs, message
):
    finding = services.finding_save(
        indicator=indicator, party=france, value="yes", rationale="", actor=secretariat
    )
    with pytest.raises(services.FindingError, match=message):
        if "value" in kwargs:
            services.finding_save(
                indicator=indicator, party=france, rationale="", actor=secretariat, **kwargs
            )
        else:
            services.evidence_add(
                finding=finding,
                actor=secretariat,
                passage=passages["The Criminal Code us"],
                **kwargs,
            )
    finding.refresh_from_db()
    assert finding.value == "yes" and not finding.evidence.exists()


def test_a_passage_of_another_party_cannot_be_cited(indicator, passages, secretariat):
    italy = State.objects.get(iso2="IT")
    finding = services.finding_save(
        indicator=indicator, party=italy, value="yes", rationale="", actor=secretariat
    )
    with pytest.raises(services.FindingError, match="not from this Party's replies"):
        services.evidence_add(
            finding=finding, actor=secretariat, passage=passages["The Criminal Code us"]
        )


def test_only_the_secretariat_writes_and_committee_members_see_reviewed_findings(
    indicator,
    france,
    passages,
    secretariat,
    second_analyst,
    committee_member,
    focal_point_france,
    outsider,
):
    for person in (committee_member, focal_point_france, outsider, None):
        with pytest.raises(NotAllowed):
            services.finding_save(
                indicator=indicator, party=france, value="yes", rationale="", actor=person
            )
    finding = services.finding_save(
        indicator=indicator, party=france, value="not_reported", rationale="", actor=secretariat
    )

    def visible(user):
        return Finding.objects.filter(finding_visibility_q(user)).exists()

    assert visible(secretariat) and not visible(committee_member)
    with pytest.raises(NotAllowed):
        services.comment_add(finding=finding, actor=committee_member, text="A remark")
    services.finding_review(finding=finding, actor=second_analyst)
    assert visible(committee_member)
    assert not visible(focal_point_france) and not visible(outsider) and not visible(None)
    comment = services.comment_add(finding=finding, actor=committee_member, text=" A remark ")
    assert comment.text == "A remark"
    with pytest.raises(NotAllowed):
        services.comment_add(finding=finding, actor=focal_point_france, text="Mine")


def _suggestion(indicator, party, passages, value="yes"):
    return Suggestion.objects.create(
        indicator=indicator,
        party=party,
        value=value,
        confidence=0.8,
        method="hybrid",
        scheme_version=1,
        evidence=[
            {
                "passage": p.pk,
                "answer": None,
                "score": 1.0,
                "terms": [],
                "span": None,
                "similarity": None,
                "via_question": True,
            }
            for p in passages
        ],
    )


def test_an_accepted_suggestion_becomes_a_draft_finding_with_its_evidence(
    indicator, france, passages, secretariat
):
    cited = [passages["The Criminal Code us"], passages["Article 227-23 defin"]]
    suggestion = _suggestion(indicator, france, cited)
    finding = services.suggestion_accept(suggestion=suggestion, actor=secretariat)
    assert (finding.status, finding.value, finding.author) == ("draft", "yes", secretariat)
    assert finding.evidence.count() == 2 and all(e.from_suggestion for e in finding.evidence.all())
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.final_value == "yes"
    with pytest.raises(services.FindingError, match="already decided"):
        services.suggestion_reject(suggestion=suggestion, actor=secretariat)


def test_an_edited_or_rejected_suggestion_is_kept_for_measurement(
    indicator, france, passages, secretariat
):
    cited = [passages["The Criminal Code us"], passages["Article 227-23 defin"]]
    edited = _suggestion(indicator, france, cited)
    services.suggestion_accept(
        suggestion=edited, actor=secretariat, value="partly", keep=[f"p{cited[1].pk}"]
    )
    edited.refresh_from_db()
    assert (edited.status, edited.final_value, edited.kept_evidence) == (
        "edited",
        "partly",
        [f"p{cited[1].pk}"],
    )
    rejected = _suggestion(indicator, france, cited, value="no")
    services.suggestion_reject(suggestion=rejected, actor=secretariat)
    assert Suggestion.objects.get(pk=rejected.pk).status == "rejected"
    assert Finding.objects.get(indicator=indicator, party=france).value == "partly"
    from lanzarote.assessments.selectors import suggestion_use

    use = suggestion_use(scheme=indicator.scheme)
    assert (use["decided"], use["edited"], use["rejected"], use["value_kept"]) == (2, 1, 1, 0)


def test_reopening_needs_a_reason(indicator, france, passages, secretariat, second_analyst):
    finding = services.finding_save(
        indicator=indicator, party=france, value="not_reported", rationale="", actor=secretariat
    )
    services.finding_review(finding=finding, actor=second_analyst)
    with pytest.raises(services.FindingError, match="say why"):
        services.finding_reopen(finding=finding, actor=secretariat, reason=" ")
    services.finding_reopen(finding=finding, actor=secretariat, reason="New information")
    assert Finding.objects.get(pk=finding.pk).status == "draft"


def test_the_analyst_works_an_indicator_through_the_workspace(
    client, france, passages, secretariat, second_analyst, committee_member
):
    client.force_login(secretariat)
    base = "/en/rounds/round-2/assessment/FR/"
    page = client.get(f"{base}?indicator=csam-term")
    assert page.status_code == 200
    assert "Criminal Code uses the term" in page.text  # a passage answering the questions
    assert 'data-key-value="1"' in page.text and "workspace.js" in page.text
    response = client.post(f"{base}csam-term/", {"value": "yes", "rationale": "Synthetic."})
    assert response.status_code == 302 and "indicator=csam-term" in response["Location"]
    term = passages["The Criminal Code us"]
    client.post(f"{base}csam-term/evidence/", {"passage": term.pk, "start": "4", "end": "17"})
    finding = Finding.objects.get(party=france, indicator__code="csam-term")
    assert [e.quote for e in finding.evidence.all()] == ["Criminal Code"]
    # the search box finds other evidence in the Party's replies only
    found = client.get(f"{base}?indicator=csam-term&q=specialised").text
    assert "<mark>specialised</mark> police unit" in found.lower()
    client.force_login(second_analyst)
    client.post(f"/en/findings/{finding.pk}/step/", {"step": "review"})
    client.force_login(committee_member)
    detail = client.get(f"/en/findings/{finding.pk}/")
    assert "Criminal Code" in detail.text and "finding reviewed" in detail.text
    client.post(f"/en/findings/{finding.pk}/", {"text": "Please check the 2021 amendment."})
    assert finding.comments.get().author == committee_member
    overview = client.get("/en/rounds/round-2/assessment/").text
    assert "France" in overview


def test_a_refused_change_is_explained_on_the_page(client, france, passages, secretariat):
    client.force_login(secretariat)
    base = "/en/rounds/round-2/assessment/FR/"
    response = client.post(f"{base}csam-term/", {"value": "perhaps"}, follow=True)
    assert "is not a value of this indicator" in response.text
    assert not Finding.objects.filter(party=france).exists()
    response = client.post(f"{base}csam-term/evidence/", {"passage": "999999"}, follow=True)
    assert "not from this Party&#x27;s replies" in response.text


def test_the_coding_scheme_is_public_and_the_secretariat_edits_it_in_versions(
    client, secretariat, focal_point_france
):
    page = client.get("/en/rounds/round-2/scheme/")
    assert page.status_code == 200 and "Edit this indicator" not in page.text
    assert "no-dual-criminality" in page.text and "Art. 25" in page.text
    form = {
        "code": "ex-officio",
        "scale": "yes-partly-no",
        "label_en": "Prosecution ex officio",
        "label_fr": "Poursuites d'office",
        "keywords_en": "ex officio\nwithout a complaint",
        "provisions": "cets201:32 cets201:25.6",
        "questions": "12",
    }
    client.force_login(focal_point_france)
    assert client.post("/en/rounds/round-2/scheme/", form).status_code == 403
    client.force_login(secretariat)
    client.post("/en/rounds/round-2/scheme/", form)
    indicator = Indicator.objects.get(scheme__round__uid="round-2", code="ex-officio")
    assert indicator.label_en == "Prosecution ex officio"
    assert indicator.keywords_en == ["ex officio", "without a complaint"]
    assert [q.number for q in indicator.questions.all()] == ["12"]
    assert indicator.scheme.version == 2
    event = AuditEvent.objects.get(action="indicator.save")
    assert (
        event.before["label_en"] != event.after["label_en"] and event.reason == "scheme version 2"
    )
    bad = client.post(
        "/en/rounds/round-2/scheme/", {**form, "provisions": "cets201:99.9"}, follow=True
    )
    assert "unknown provision(s) cets201:99.9" in bad.text
    indicator.scheme.refresh_from_db()
    assert indicator.scheme.version == 2  # refused: nothing changed
    assert "Changes" in client.get("/en/rounds/round-2/scheme/").text


def test_the_api_gives_findings_to_those_who_may_read_them(
    client, indicator, france, secretariat, second_analyst, committee_member, focal_point_france
):
    draft = services.finding_save(
        indicator=indicator, party=france, value="not_reported", rationale="", actor=secretariat
    )
    other = Indicator.objects.get(scheme__round__uid="round-2", code="ex-officio")
    reviewed = services.finding_save(
        indicator=other, party=france, value="not_reported", rationale="", actor=secretariat
    )
    services.finding_review(finding=reviewed, actor=second_analyst)

    def ids(user):
        client.logout()
        if user:
            client.force_login(user)
        return {f["id"] for f in client.get("/api/rounds/round-2/findings").json()["items"]}

    assert ids(secretariat) == {draft.pk, reviewed.pk}
    assert ids(committee_member) == {reviewed.pk}
    assert ids(focal_point_france) == set() and ids(None) == set()
    scheme = client.get("/api/rounds/round-2/scheme").json()
    assert len(scheme["indicators"]) == 11 and scheme["indicators"][0]["values"][0] == "yes"


def test_suggestions_propose_evidence_and_a_value_and_wait_for_a_person(
    client, france, passages, secretariat, settings, django_capture_on_commit_callbacks
):
    from lanzarote.monitoring.models import CodingScheme

    scheme = CodingScheme.objects.get(round__uid="round-2")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/assessment/FR/suggest/")
    made = Suggestion.objects.filter(party=france, indicator__scheme=scheme)
    assert made.count() == 11 and not Finding.objects.filter(party=france).exists()
    term = made.get(indicator__code="csam-term")
    cited = passages["The Criminal Code us"].pk
    assert term.evidence[0]["passage"] == cited and term.value == "yes"
    assert "child sexual abuse material" in [t.lower() for t in term.evidence[0]["terms"]]
    assert 0 < term.confidence <= 1 and term.method == "keyword"  # embeddings are off here
    page = client.get("/en/rounds/round-2/assessment/FR/?indicator=csam-term").text
    assert "Terms matched" in page and f'value="p{cited}"' in page
    assert "suggested: Yes" in page  # the indicator list says what is proposed
    client.post(f"/en/suggestions/{term.pk}/", {"decision": "accept"})
    finding = Finding.objects.get(party=france, indicator__code="csam-term")
    assert finding.value == "yes" and finding.evidence.get().passage_id == cited
    # a new run replaces what is still open, and keeps what a person decided
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/rounds/round-2/assessment/FR/suggest/")
    term.refresh_from_db()
    assert term.status == "accepted"
    assert made.filter(status="superseded").count() == 10


def test_asking_for_suggestions_is_audited_with_who_asked(
    client, france, secretariat, django_capture_on_commit_callbacks
):
    from lanzarote.audit.models import AuditEvent

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post("/en/rounds/round-2/assessment/FR/suggest/")
    asked = AuditEvent.objects.get(action="suggestions.request")
    assert asked.actor == secretariat and asked.object_type == "monitoring.codingscheme"
    from lanzarote.lib.pagecache import _Bump

    tasks = [c for c in queued if not isinstance(c, _Bump)]  # beside the page cache's bump
    assert asked.after == {"party": "FR"} and len(tasks) == 1  # computed once it commits


def test_the_suggestions_task_queued_under_its_old_path_still_runs():
    from django.utils.module_loading import import_string

    from lanzarote.assessments.services import suggest_for_party

    assert suggest_for_party.module_path == "lanzarote.assessments.services.suggest_for_party"
    assert import_string("lanzarote.assessments.tasks.suggest_for_party") is suggest_for_party


@pytest.mark.slow  # embeds the whole coding scheme with the real model: about 3 s
def test_a_typed_french_answer_is_proposed_for_an_english_indicator(france, secretariat, settings):
    from lanzarote.assessments.assist.services import suggestions_compute
    from lanzarote.monitoring.models import CodingScheme

    settings.LANZAROTE_EMBEDDINGS = True
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=france)
    replies.reply_update_settings(reply=reply, actor=secretariat, language="fr")
    answer = replies.answer_save(
        reply=reply,
        actor=secretariat,
        question=questionnaire.questions.get(number="13"),
        text="Une unité spécialisée de la police nationale enquête sur les infractions sexuelles "
        "commises en ligne contre des enfants.",
    )
    replies.reply_submit(reply=reply, actor=secretariat)
    scheme = CodingScheme.objects.get(round__uid="round-2")
    made = {s.indicator.code: s for s in suggestions_compute(scheme=scheme, party=france)}
    units = made["specialised-units"]
    assert units.method == "hybrid" and units.model.startswith("multilingual-e5-small")
    assert units.evidence[0]["answer"] == answer.pk and units.value == "yes"
    finding = services.suggestion_accept(suggestion=units, actor=secretariat)
    assert finding.evidence.get().answer == answer


def test_a_typed_answer_is_cited_from_the_workspace(client, france, secretariat):
    questionnaire = Questionnaire.objects.get(uid="round-2-thematic")
    reply = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=france)
    answer = replies.answer_save(
        reply=reply,
        actor=secretariat,
        question=questionnaire.questions.get(number="13"),
        text="<p>A synthetic specialised unit investigates.</p>",
    )
    replies.reply_submit(reply=reply, actor=secretariat)
    client.force_login(secretariat)
    base = "/en/rounds/round-2/assessment/FR/"
    page = client.get(f"{base}?indicator=specialised-units").text
    assert f'name="answer" value="{answer.pk}"' not in page  # no finding yet: nothing to cite to
    assert "A synthetic specialised unit investigates." in page
    client.post(f"{base}specialised-units/", {"value": "yes"})
    assert (
        f'name="answer" value="{answer.pk}"'
        in client.get(f"{base}?indicator=specialised-units").text
    )
    client.post(
        f"{base}specialised-units/evidence/", {"answer": answer.pk, "start": "2", "end": "28"}
    )
    finding = Finding.objects.get(party=france, indicator__code="specialised-units")
    assert [(e.quote, e.answer_id) for e in finding.evidence.all()] == [
        ("synthetic specialised unit", answer.pk)
    ]
    italy = State.objects.get(iso2="IT")
    other = replies.reply_start(questionnaire=questionnaire, actor=secretariat, party=italy)
    foreign = replies.answer_save(
        reply=other,
        actor=secretariat,
        question=questionnaire.questions.get(number="13"),
        text="Synthetic Italian answer.",
    )
    replies.reply_submit(reply=other, actor=secretariat)
    response = client.post(
        f"{base}specialised-units/evidence/", {"answer": foreign.pk}, follow=True
    )
    assert "not from this Party" in response.text and finding.evidence.count() == 1


def test_accepting_a_suggestion_does_not_silently_replace_a_saved_value(
    indicator, france, passages, secretariat
):
    services.finding_save(
        indicator=indicator,
        party=france,
        value="no",
        rationale="Synthetic: the analyst read it as a no.",
        actor=secretariat,
    )
    suggestion = _suggestion(indicator, france, [passages["The Criminal Code us"]])
    with pytest.raises(services.SavedValueWouldBeReplaced) as refused:
        services.suggestion_accept(suggestion=suggestion, actor=secretariat)
    assert (refused.value.saved, refused.value.proposed) == ("no", "yes")
    finding = Finding.objects.get(indicator=indicator, party=france)
    assert finding.value == "no" and not finding.evidence.exists()
    assert Suggestion.objects.get(pk=suggestion.pk).status == "open"
    services.suggestion_accept(suggestion=suggestion, actor=secretariat, replace=True)
    finding.refresh_from_db()
    assert finding.value == "yes" and finding.rationale.startswith("Synthetic: the analyst")
    event = AuditEvent.objects.filter(object_id=str(finding.pk), action="finding.change").get()
    assert (event.before["value"], event.after["value"]) == ("no", "yes")
    assert event.reason == "suggestion accepted, replacing the saved value"


def test_accepting_a_suggestion_with_the_saved_value_needs_no_confirmation(
    indicator, france, passages, secretariat
):
    services.finding_save(
        indicator=indicator, party=france, value="yes", rationale="", actor=secretariat
    )
    suggestion = _suggestion(indicator, france, [passages["The Criminal Code us"]])
    finding = services.suggestion_accept(suggestion=suggestion, actor=secretariat)
    assert finding.value == "yes" and finding.evidence.count() == 1


def test_the_workspace_asks_before_a_suggestion_replaces_a_saved_value(
    client, indicator, france, passages, secretariat
):
    client.force_login(secretariat)
    base = "/en/rounds/round-2/assessment/FR/"
    client.post(f"{base}csam-term/", {"value": "no", "rationale": "Synthetic."})
    suggestion = _suggestion(indicator, france, [passages["The Criminal Code us"]])
    page = client.get(f"{base}?indicator=csam-term").text
    assert 'data-confirm="Replace your value No by the suggestion Yes?"' in page
    refused = client.post(f"/en/suggestions/{suggestion.pk}/", {"decision": "accept"}, follow=True)
    assert "Replace your value No by the suggestion Yes?" in refused.text
    assert 'name="replace" value="1"' in refused.text  # the question, answered on the page
    assert Finding.objects.get(indicator=indicator, party=france).value == "no"
    client.post(f"/en/suggestions/{suggestion.pk}/", {"decision": "accept", "replace": "1"})
    finding = Finding.objects.get(indicator=indicator, party=france)
    assert finding.value == "yes"
    history = client.get(f"/en/findings/{finding.pk}/").text
    assert "No → Yes" in history and "suggestion accepted" in history
