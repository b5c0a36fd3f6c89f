"""Reads for the assessment pages, with the permissions applied in the query."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lanzarote.accounts.permissions import is_demo_user
from lanzarote.audit.models import AuditEvent
from lanzarote.legislation.models import Link, Unit
from lanzarote.legislation.permissions import assessment_visibility_q
from lanzarote.lib.sanitise import html_to_text
from lanzarote.monitoring.models import CodingScheme, Indicator, Round
from lanzarote.parties.models import State
from lanzarote.replies.models import Answer, Attachment, Passage, PassageLink, Reply

from .models import Finding, Suggestion
from .permissions import finding_visibility_q
from .services import REPLACED_BY_SUGGESTION, value_labels


def scheme_get(*, round_: Round) -> CodingScheme:
    scheme = CodingScheme.objects.filter(round=round_).first()
    if scheme is None:
        raise Http404("this round has no coding scheme")
    return scheme


def submitted_replies(*, round_: Round, party: State | None = None):
    replies = Reply.objects.filter(
        questionnaire__round=round_, status=Reply.Status.SUBMITTED, party__isnull=False
    )
    return replies.filter(party=party) if party is not None else replies


def parties_overview(*, scheme: CodingScheme, viewer: Any) -> list[dict]:
    """Each Party with replies or findings in the round: how far its assessment is."""
    round_ = scheme.round
    findings = Finding.objects.filter(finding_visibility_q(viewer), indicator__scheme=scheme)
    counts: dict[int, dict[str, int]] = {}
    for party_id, status, n in findings.values_list("party_id", "status").annotate(n=Count("id")):
        counts.setdefault(party_id, {})[status] = n
    open_suggestions = dict(
        Suggestion.objects.filter(indicator__scheme=scheme, status=Suggestion.Status.OPEN)
        .values_list("party_id")
        .annotate(n=Count("id"))
    )
    replying = set(submitted_replies(round_=round_).values_list("party_id", flat=True))
    parties = State.objects.filter(Q(pk__in=replying) | Q(pk__in=counts)).order_by("name_en")
    return [
        {
            "party": p,
            "replied": p.pk in replying,
            "counts": counts.get(p.pk, {}),
            "suggestions": open_suggestions.get(p.pk, 0),
        }
        for p in parties
    ]


def party_findings(*, scheme: CodingScheme, party: State, viewer: Any) -> dict[int, Finding]:
    """The Party's findings the viewer may see, by indicator id."""
    findings = (
        Finding.objects.filter(finding_visibility_q(viewer), indicator__scheme=scheme, party=party)
        .select_related("author", "reviewer", "adopted_by")
        .prefetch_related("evidence", "comments__author")
    )
    return {f.indicator_id: f for f in findings}


def open_suggestion(*, indicator: Indicator, party: State) -> Suggestion | None:
    return (
        Suggestion.objects.filter(indicator=indicator, party=party, status=Suggestion.Status.OPEN)
        .order_by("-created_at")
        .first()
    )


def open_suggestion_values(*, scheme: CodingScheme, party: State) -> dict[int, str]:
    """The value each open suggestion proposes for the Party, by indicator id."""
    return dict(
        Suggestion.objects.filter(
            indicator__scheme=scheme, party=party, status=Suggestion.Status.OPEN
        ).values_list("indicator_id", "value")
    )


def passages_at(*, positions: Iterable[tuple[int, int]]):
    """The passages at these (document id, index) positions, with their document: search hits
    name a passage by its position. A superset: the caller keeps the positions it asked for."""
    positions = list(positions)
    return Passage.objects.filter(
        document_id__in={d for d, _i in positions}, index__in={i for _d, i in positions}
    ).select_related("document")


def party_answer(*, round_: Round, party: State, pk: int) -> Answer | None:
    """A typed answer from the Party's submitted replies to the round (one a finding may cite)."""
    return (
        Answer.objects.filter(pk=pk, reply__in=submitted_replies(round_=round_, party=party))
        .select_related("reply__questionnaire")
        .first()
    )


def party_passages(*, round_: Round, party: State):
    """The passages of the Party's submitted replies to the round."""
    return Passage.objects.filter(
        document__attachments__reply__in=submitted_replies(round_=round_, party=party)
    ).distinct()


def question_passages(*, indicator: Indicator, party: State) -> list[PassageLink]:
    """Passages linked to the indicator's questions in the Party's replies: where the answer
    usually is."""
    return list(
        PassageLink.objects.filter(
            attachment__reply__in=submitted_replies(round_=indicator.scheme.round, party=party),
            question__in=indicator.questions.all(),
        )
        .select_related("passage", "attachment", "question")
        .order_by("attachment", "passage__index")[:40]
    )


def marked(text: str, span: list | tuple | None) -> SafeString:
    """The text as HTML with the span marked (the quote a suggestion or a finding rests on)."""
    if not span or span[0] is None:
        return mark_safe(escape(text))
    start, end = max(0, int(span[0])), min(len(text), int(span[1]))
    return mark_safe(
        f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"
    )


def suggestion_evidence(suggestion: Suggestion) -> list[dict]:
    """The suggestion's evidence as the workspace shows it: key, text with the quote marked,
    where it stands, and why it was proposed."""
    passages = Passage.objects.select_related("document").in_bulk(
        [e["passage"] for e in suggestion.evidence if e.get("passage")]
    )
    answers = Answer.objects.select_related("question").in_bulk(
        [e["answer"] for e in suggestion.evidence if e.get("answer")]
    )
    shown = []
    for e in suggestion.evidence:
        if e.get("passage") in passages:
            passage = passages[e["passage"]]
            attachment = passage.document.attachments.filter(reply__party=suggestion.party).first()
            shown.append(
                {
                    "key": f"p{passage.pk}",
                    "why": e,
                    "lang": passage.language,
                    "text": marked(passage.text, e.get("span")),
                    "page": passage.page,
                    "attachment": attachment,
                    "question": None,
                }
            )
        elif e.get("answer") in answers:
            answer = answers[e["answer"]]
            shown.append(
                {
                    "key": f"a{answer.pk}",
                    "why": e,
                    "lang": "",
                    "text": marked(html_to_text(answer.text), e.get("span")),
                    "page": None,
                    "attachment": None,
                    "question": answer.question.number,
                }
            )
    return shown


def suggestion_use(*, scheme: CodingScheme) -> dict:
    """How the Secretariat treated the machine's suggestions: the quality measured on real use."""
    decided = Suggestion.objects.filter(indicator__scheme=scheme).exclude(
        status__in=[Suggestion.Status.OPEN, Suggestion.Status.SUPERSEDED]
    )
    counts = dict(decided.values_list("status").annotate(n=Count("id")))
    taken = decided.filter(status__in=[Suggestion.Status.ACCEPTED, Suggestion.Status.EDITED])
    kept = sum(1 for value, final in taken.values_list("value", "final_value") if value == final)
    total_taken = taken.count()
    return {
        "decided": sum(counts.values()),
        "accepted": counts.get(Suggestion.Status.ACCEPTED, 0),
        "edited": counts.get(Suggestion.Status.EDITED, 0),
        "rejected": counts.get(Suggestion.Status.REJECTED, 0),
        "value_kept": round(100 * kept / total_taken) if total_taken else None,
    }


def question_answers(*, indicator: Indicator, party: State) -> list[tuple]:
    """Typed answers of the Party to the indicator's questions: (answer, plain text)."""
    answers = Answer.objects.filter(
        reply__in=submitted_replies(round_=indicator.scheme.round, party=party),
        question__in=indicator.questions.all(),
    ).select_related("question", "reply")
    return [(a, html_to_text(a.text)) for a in answers if html_to_text(a.text)]


def finding_evidence(*, finding: Finding):
    """The evidence a finding cites, with its passage."""
    return finding.evidence.select_related("passage")


def finding_comments(*, finding: Finding):
    """The comments on a finding, with their author."""
    return finding.comments.select_related("author")


def finding_history(*, finding: Finding) -> list[dict]:
    """The finding's audit events, oldest first, each with what changed in words: the value
    before and after (as the reader's language names it), and whether the rationale changed."""
    from django.utils.translation import gettext as _

    labels = value_labels(finding.indicator)
    reasons = {REPLACED_BY_SUGGESTION: _("suggestion accepted, replacing the saved value")}
    events = AuditEvent.objects.filter(
        object_type="assessments.finding", object_id=str(finding.pk)
    ).select_related("actor")
    history = []
    for event in events.order_by("created_at", "pk"):
        before, after = event.before or {}, event.after or {}
        changes = []
        if before.get("value") and after.get("value") and before["value"] != after["value"]:
            changes.append(
                f"{labels.get(before['value'], before['value'])} → "
                f"{labels.get(after['value'], after['value'])}"
            )
        if "rationale" in before and before.get("rationale") != after.get("rationale"):
            changes.append(_("rationale changed"))
        history.append(
            {"event": event, "changes": changes, "reason": reasons.get(event.reason, event.reason)}
        )
    return history


def finding_rows_for_round(
    *, scheme: CodingScheme, viewer: Any, status: str = "", party: str = ""
) -> QuerySet[Finding]:
    """The round's findings the viewer may see, by Party then indicator, optionally of one
    status and one Party (ISO code), each with its evidence counted; give the rows read to
    `with_indicators`."""
    findings = Finding.objects.filter(finding_visibility_q(viewer), indicator__scheme=scheme)
    if status in Finding.Status.values:
        findings = findings.filter(status=status)
    if party:
        findings = findings.filter(party__iso2=party.upper()[:2])
    return (
        findings.select_related("party", "author")
        .annotate(evidence_count=Count("evidence"))
        .order_by("party__name_en", "indicator__position", "indicator__code", "pk")
    )


def with_indicators(rows: Iterable[Finding], *, scheme: CodingScheme) -> list[Finding]:
    """The scheme's indicators read once and set on each finding: joined on every row, their
    JSON (key phrases, the scheme's scales) made most of the time of a 528-row page."""
    indicators = {i.pk: i for i in scheme.indicators.all()}
    for indicator in indicators.values():
        indicator.scheme = scheme
    rows = list(rows)
    for finding in rows:
        finding.indicator = indicators[finding.indicator_id]
    return rows


def finding_list_for_round(
    *, scheme: CodingScheme, viewer: Any, status: str = "", party: str = ""
) -> list[Finding]:
    """All of them, in a fixed number of queries (finding_rows_for_round)."""
    rows = finding_rows_for_round(scheme=scheme, viewer=viewer, status=status, party=party)
    return with_indicators(rows, scheme=scheme)


def findings_for_api(*, round_: Round, viewer: Any, party: str = "", status: str = ""):
    """The round's findings the viewer may see, with their indicator, Party and evidence, by
    Party then indicator; optionally of one Party (ISO code) and one status."""
    findings = (
        Finding.objects.filter(finding_visibility_q(viewer), indicator__scheme__round=round_)
        .select_related("indicator", "party")
        .prefetch_related("evidence")
        .order_by("party__iso2", "indicator__position", "pk")
    )
    if party:
        findings = findings.filter(party__iso2=party.upper()[:2])
    if status:
        findings = findings.filter(status=status[:10])
    return findings


def findings_pending_by_round(*, viewer: Any) -> dict[int, dict[str, int]]:
    """Per round, the viewer's visible findings not yet adopted, by status (draft: to review;
    reviewed: to comment on and adopt)."""
    findings = Finding.objects.filter(
        finding_visibility_q(viewer), status__in=[Finding.Status.DRAFT, Finding.Status.REVIEWED]
    )
    if is_demo_user(viewer):
        findings = findings.filter(indicator__scheme__round__is_demo=True)
    out: dict[int, dict[str, int]] = {}
    rows = findings.values_list("indicator__scheme__round_id", "status").annotate(n=Count("id"))
    for round_id, status, n in rows:
        out.setdefault(round_id, {})[status] = n
    return out


def evidence_citation(evidence: Any) -> str:
    """Where a cited quote comes from, in the active language: the respondent's name, the
    questionnaire's title, the document (or the question answered) and the page. The stored
    ``source`` keeps the wording of the day it was cited, with the questionnaire's internal id;
    it is used only when the reply is gone."""
    from django.utils.translation import gettext as _

    reply = evidence.reply
    if reply is None:
        return evidence.source
    respondent = reply.party if reply.party_id else reply.organisation
    title = reply.questionnaire.title
    parts = [str(respondent.name), f"{title} ({_('in English')})" if title.fallback else str(title)]
    if evidence.passage_id:
        name = (
            Attachment.objects.filter(reply=reply, document__passages=evidence.passage_id)
            .values_list("original_name", flat=True)
            .first()
        )
        if name:
            parts.append(name)
    elif evidence.answer_id:
        parts.append(
            _("answer to question %(number)s") % {"number": evidence.answer.question.number}
        )
    label = " – ".join(parts)
    return (
        _("%(source)s, p. %(page)s") % {"source": label, "page": evidence.page}
        if evidence.page
        else label
    )


def party_legislation(*, indicator: Indicator, party: State, viewer: Any) -> list[Unit]:
    """Units of the Party's legislation whose link to an obligation a person confirmed, in the
    self-assessments ``viewer`` may read: citable for a legal-framework indicator."""
    if indicator.group != "legal-framework":
        return []
    return list(
        Unit.objects.filter(
            assessment_visibility_q(viewer, "act__assessment__"),
            act__assessment__state=party,
            links__status=Link.Status.CONFIRMED,
        )
        .distinct()
        .select_related("act")
        .order_by("act_id", "order")[:50]
    )
