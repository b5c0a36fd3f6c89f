"""Writing findings: one service per action, each one transaction with its audit event."""

from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.legislation.models import Link, Unit
from lanzarote.legislation.permissions import can_read_assessment
from lanzarote.lib.comments import comment_text
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.sanitise import html_to_text
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import CodingScheme, Indicator
from lanzarote.parties.models import State
from lanzarote.replies.models import Answer, Passage, Reply

from .models import Comment, Evidence, Finding, Suggestion
from .permissions import (
    can_accept_suggestions_of_party,
    can_assess,
    can_comment,
    can_step_many,
)

QUOTE_MAX = 5000


class FindingError(ServiceError):
    """A change that cannot be made as asked; the message says why, for the person."""


class SavedValueWouldBeReplaced(FindingError):
    """Accepting a suggestion would replace the value a person saved: asked first, never silent."""

    def __init__(self, *, indicator: Indicator, saved: str, proposed: str) -> None:
        self.saved, self.proposed = saved, proposed
        self.question = replace_question(indicator=indicator, saved=saved, proposed=proposed)
        super().__init__(self.question)


def replace_question(*, indicator: Indicator, saved: str, proposed: str) -> str:
    """What the page asks before a suggestion replaces the value a person saved."""
    labels = value_labels(indicator)
    return _("Replace your value %(saved)s by the suggestion %(proposed)s?") % {
        "saved": labels.get(saved, saved),
        "proposed": labels.get(proposed, proposed),
    }


REPLACED_BY_SUGGESTION = "suggestion accepted, replacing the saved value"


def value_labels(indicator: Indicator) -> dict[str, str]:
    """The indicator's values as the active language names them."""
    lang = (get_language() or "en")[:2]
    return {v["value"]: v.get(f"label_{lang}") or v["label_en"] for v in indicator.values()}


def _require_assess(actor: Any, indicator: Indicator) -> None:
    if not can_assess(actor, indicator.scheme.round):
        raise NotAllowed(_("only the Secretariat writes findings, once a round is open"))


def _check_value(indicator: Indicator, value: str) -> None:
    if value not in indicator.value_codes():
        raise FindingError(
            _("“%(value)s” is not a value of this indicator (%(values)s)")
            % {"value": value, "values": ", ".join(indicator.value_codes())}
        )


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",))
        .select_related("indicator__scheme__round", "party")
        .get(pk=finding.pk)
    )


@durable
def finding_save(
    *,
    indicator: Indicator,
    party: State,
    value: str,
    rationale: str,
    actor: Any,
    suggestion: Suggestion | None = None,
    reason: str = "",
) -> Finding:
    """Create or change the finding of a Party on an indicator. A reviewed finding that is
    changed goes back to draft (its review no longer holds); an adopted one must be reopened."""
    _require_assess(actor, indicator)
    _check_value(indicator, value)
    rationale = rationale.strip()[:20000]
    finding = Finding.objects.filter(indicator=indicator, party=party).first()
    if finding is None:
        finding = Finding.objects.create(
            indicator=indicator,
            party=party,
            value=value,
            rationale=rationale,
            author=actor,
            scheme_version=indicator.scheme.version,
            suggestion=suggestion,
            is_demo=indicator.scheme.round.is_demo,
        )
        audit_record(
            actor=actor, action=Action.FINDING_CREATE, obj=finding, after=snapshot(finding)
        )
        return finding
    finding = _locked(finding)
    if finding.status == Finding.Status.ADOPTED:
        raise FindingError(_("this finding is adopted: reopen it before changing it"))
    before = snapshot(finding)
    if (finding.value, finding.rationale) == (value, rationale) and suggestion is None:
        return finding
    finding.value, finding.rationale = value, rationale
    finding.scheme_version = indicator.scheme.version
    if suggestion is not None:
        finding.suggestion = suggestion
    if finding.status == Finding.Status.REVIEWED:
        finding.status, finding.reviewer, finding.reviewed_at = Finding.Status.DRAFT, None, None
    finding.save()
    audit_record(
        actor=actor,
        action=Action.FINDING_CHANGE,
        obj=finding,
        before=before,
        after=snapshot(finding),
        reason=reason,
    )
    return finding


def _source(reply: Reply, name: str = "", page: int | None = None) -> str:
    parts = [reply.respondent_name, reply.questionnaire.uid]
    if name:
        parts.append(name)
    label = " – ".join(parts)
    return (f"{label}, p. {page}" if page else label)[:300]


LEGAL_FRAMEWORK = "legal-framework"  # the coding scheme's group of legal indicators


def _legal_unit_text(unit: Unit, finding: Finding, actor: Any) -> str:
    """A unit of legislation may be cited for a legal-framework indicator of the Party whose law
    it is, once a person has confirmed its link to an obligation in a self-assessment the
    analyst may read."""
    if finding.indicator.group != LEGAL_FRAMEWORK:
        raise FindingError(_("legislation is cited as evidence of legal-framework indicators only"))
    assessment = unit.act.assessment
    if assessment.state_id != finding.party_id or not can_read_assessment(actor, assessment):
        raise FindingError(_("this legislation is not from a self-assessment of this Party"))
    if not unit.links.filter(status=Link.Status.CONFIRMED).exists():
        raise FindingError(_("confirm the unit's link to an obligation before citing it"))
    return unit.text


def _legal_source(unit: Unit) -> str:
    links = ", ".join(unit.links.filter(status=Link.Status.CONFIRMED).values_list("ref", flat=True))
    return f"{unit.act.title}, {unit} ({links})"[:300]


def _reply_of_passage(passage: Passage, finding: Finding) -> tuple[Reply, str]:
    """The Party's reply, in the indicator's round, that the passage's document is attached to."""
    attachment = (
        passage.document.attachments.select_related("reply__questionnaire", "reply__party")
        .filter(
            reply__party=finding.party, reply__questionnaire__round=finding.indicator.scheme.round
        )
        .first()
    )
    if attachment is None:
        raise FindingError(_("this passage is not from this Party's replies to this round"))
    return attachment.reply, attachment.original_name


@durable
def evidence_add(
    *,
    finding: Finding,
    actor: Any,
    passage: Passage | None = None,
    answer: Answer | None = None,
    legal_unit: Unit | None = None,
    start: int | None = None,
    end: int | None = None,
    from_suggestion: bool = False,
) -> Evidence:
    """Cite a passage, a typed answer or a confirmed unit of the Party's legislation, whole or a
    span of it, as evidence of the finding."""
    finding = _locked(finding)
    _require_assess(actor, finding.indicator)
    if finding.status == Finding.Status.ADOPTED:
        raise FindingError(_("this finding is adopted: reopen it before changing it"))
    if sum(x is not None for x in (passage, answer, legal_unit)) != 1:
        raise FindingError(_("cite one passage or one answer"))
    if legal_unit is not None:
        reply, name = None, ""
        text, page = _legal_unit_text(legal_unit, finding, actor), legal_unit.page
    elif passage is not None:
        reply, name = _reply_of_passage(passage, finding)
        text, page = passage.text, passage.page
    else:
        assert answer is not None
        reply, name, page = answer.reply, "", None
        if reply.party_id != finding.party_id or (
            reply.questionnaire.round_id != finding.indicator.scheme.round.pk
        ):
            raise FindingError(_("this answer is not from this Party's replies to this round"))
        text = html_to_text(answer.text)
    start = 0 if start is None else start
    end = len(text) if end is None else end
    if not 0 <= start < end <= len(text):
        raise FindingError(_("the quoted span is not inside the text"))
    if end - start > QUOTE_MAX:
        raise FindingError(_("a quote is at most %(n)s characters") % {"n": QUOTE_MAX})
    if legal_unit is not None:
        source = _legal_source(legal_unit)
    else:
        assert reply is not None
        source = _source(reply, name, page)
    evidence = Evidence.objects.create(
        finding=finding,
        passage=passage,
        answer=answer,
        legal_unit=legal_unit,
        quote=text[start:end],
        start=start,
        end=end,
        page=page,
        source=source,
        reply=reply,
        from_suggestion=from_suggestion,
        added_by=actor,
    )
    _back_to_draft(finding)
    audit_record(
        actor=actor,
        action=Action.FINDING_EVIDENCE_ADD,
        obj=finding,
        after={"evidence": evidence.pk, "source": evidence.source, "quote": evidence.quote[:500]},
    )
    return evidence


@durable
def evidence_remove(*, evidence: Evidence, actor: Any) -> None:
    finding = _locked(evidence.finding)
    _require_assess(actor, finding.indicator)
    if finding.status == Finding.Status.ADOPTED:
        raise FindingError(_("this finding is adopted: reopen it before changing it"))
    audit_record(
        actor=actor,
        action=Action.FINDING_EVIDENCE_REMOVE,
        obj=finding,
        before={"evidence": evidence.pk, "source": evidence.source, "quote": evidence.quote[:500]},
    )
    evidence.delete()
    _back_to_draft(finding)


def _back_to_draft(finding: Finding) -> None:
    if finding.status == Finding.Status.REVIEWED:
        finding.status, finding.reviewer, finding.reviewed_at = Finding.Status.DRAFT, None, None
        finding.save(update_fields=["status", "reviewer", "reviewed_at", "updated_at"])


@durable
def finding_review(*, finding: Finding, actor: Any) -> Finding:
    """A second person of the Secretariat confirms a draft: it then goes to the Committee."""
    finding = _locked(finding)
    _require_assess(actor, finding.indicator)
    if finding.status != Finding.Status.DRAFT:
        raise FindingError(_("only a draft finding is reviewed"))
    if finding.author_id == getattr(actor, "pk", None):
        raise FindingError(_("a finding is reviewed by someone other than its author"))
    if finding.value != "not_reported" and not finding.evidence.exists():
        raise FindingError(
            _("cite at least one passage before review: a finding rests on evidence")
        )
    before = snapshot(finding)
    finding.status, finding.reviewer, finding.reviewed_at = (
        Finding.Status.REVIEWED,
        actor,
        timezone.now(),
    )
    finding.save()
    audit_record(
        actor=actor,
        action=Action.FINDING_REVIEW,
        obj=finding,
        before=before,
        after=snapshot(finding),
    )
    return finding


@durable
def finding_adopt(*, finding: Finding, actor: Any) -> Finding:
    """The Secretariat records the Committee's adoption of a reviewed finding."""
    finding = _locked(finding)
    _require_assess(actor, finding.indicator)
    if finding.status != Finding.Status.REVIEWED:
        raise FindingError(_("only a reviewed finding is adopted"))
    before = snapshot(finding)
    finding.status, finding.adopted_by, finding.adopted_at = (
        Finding.Status.ADOPTED,
        actor,
        timezone.now(),
    )
    finding.save()
    audit_record(
        actor=actor,
        action=Action.FINDING_ADOPT,
        obj=finding,
        before=before,
        after=snapshot(finding),
    )
    return finding


@durable
def finding_reopen(*, finding: Finding, actor: Any, reason: str) -> Finding:
    finding = _locked(finding)
    _require_assess(actor, finding.indicator)
    if finding.status == Finding.Status.DRAFT:
        raise FindingError(_("this finding is already a draft"))
    if not reason.strip():
        raise FindingError(_("say why the finding is reopened"))
    before = snapshot(finding)
    finding.status = Finding.Status.DRAFT
    finding.reviewer = finding.adopted_by = None
    finding.reviewed_at = finding.adopted_at = None
    finding.save()
    audit_record(
        actor=actor,
        action=Action.FINDING_REOPEN,
        obj=finding,
        before=before,
        after=snapshot(finding),
        reason=reason.strip()[:500],
    )
    return finding


@durable
def comment_add(*, finding: Finding, actor: Any, text: str) -> Comment:
    finding = _locked(finding)
    if not can_comment(actor, finding):
        raise NotAllowed(_("Committee members comment on reviewed findings"))
    text = comment_text(text, error=FindingError)
    comment = Comment.objects.create(finding=finding, author=actor, text=text)
    audit_record(
        actor=actor,
        action=Action.FINDING_COMMENT,
        obj=finding,
        after={"comment": comment.pk, "text": comment.text[:500]},
    )
    return comment


@durable
def suggestion_accept(
    *,
    suggestion: Suggestion,
    actor: Any,
    value: str | None = None,
    keep: list[str] | None = None,
    replace: bool = False,
) -> Finding:
    """A person takes the machine's proposal, as it is or changed: it becomes (or updates) a
    draft finding with the kept evidence ("p12", "a3": see assist.services.evidence_key; None keeps
    all). What was kept is recorded on the suggestion. A value a person saved is replaced only
    when the request says so (``replace``): otherwise SavedValueWouldBeReplaced asks first."""
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("indicator__scheme__round", "party")
        .get(pk=suggestion.pk)
    )
    _require_assess(actor, suggestion.indicator)
    if suggestion.status != Suggestion.Status.OPEN:
        raise FindingError(_("this suggestion was already decided"))
    from .assist.services import evidence_key

    proposed = [evidence_key(e) for e in suggestion.evidence]
    kept = proposed if keep is None else [k for k in proposed if k in set(keep)]
    value = suggestion.value if value is None else value
    saved = Finding.objects.filter(indicator=suggestion.indicator, party=suggestion.party).first()
    replacing = saved is not None and saved.value != value
    if replacing and not replace:
        assert saved is not None
        raise SavedValueWouldBeReplaced(
            indicator=suggestion.indicator, saved=saved.value, proposed=value
        )
    finding = finding_save.nested(
        indicator=suggestion.indicator,
        party=suggestion.party,
        value=value,
        rationale=saved.rationale if saved else "",
        actor=actor,
        suggestion=suggestion,
        reason=REPLACED_BY_SUGGESTION if replacing else "",
    )
    cited = {f"p{p}" for p in finding.evidence.values_list("passage_id", flat=True) if p}
    cited |= {f"a{a}" for a in finding.evidence.values_list("answer_id", flat=True) if a}
    spans = {evidence_key(e): e.get("span") for e in suggestion.evidence}
    wanted = [k for k in kept if k not in cited]
    passages = Passage.objects.in_bulk([int(k[1:]) for k in wanted if k[0] == "p"])
    answers = Answer.objects.select_related("reply__questionnaire").in_bulk(
        [int(k[1:]) for k in wanted if k[0] == "a"]
    )
    for key in wanted:
        span = spans.get(key) or [None, None]
        source = (
            {"passage": passages.get(int(key[1:]))}
            if key[0] == "p"
            else {"answer": answers.get(int(key[1:]))}
        )
        if next(iter(source.values())) is None:
            continue  # gone since the suggestion was made
        evidence_add.nested(
            finding=finding, actor=actor, start=span[0], end=span[1], from_suggestion=True, **source
        )
    edited = value != suggestion.value or kept != proposed
    suggestion.status = Suggestion.Status.EDITED if edited else Suggestion.Status.ACCEPTED
    suggestion.final_value, suggestion.kept_evidence = value, kept
    suggestion.decided_by, suggestion.decided_at = actor, timezone.now()
    suggestion.save()
    audit_record(
        actor=actor,
        action=Action.SUGGESTION_EDITED if edited else Action.SUGGESTION_ACCEPTED,
        obj=suggestion,
        after={"value": value, "kept": kept, "proposed": suggestion.value},
    )
    return finding


@durable
def suggestion_reject(*, suggestion: Suggestion, actor: Any) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update(of=("self",)).get(pk=suggestion.pk)
    _require_assess(actor, suggestion.indicator)
    if suggestion.status != Suggestion.Status.OPEN:
        raise FindingError(_("this suggestion was already decided"))
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.decided_by, suggestion.decided_at = actor, timezone.now()
    suggestion.save()
    audit_record(
        actor=actor,
        action=Action.SUGGESTION_REJECTED,
        obj=suggestion,
        after={"value": suggestion.value},
    )
    return suggestion


@durable
def suggestions_request(*, scheme: CodingScheme, party: State, actor: Any) -> None:
    """Ask the machine for a Party's suggestions: recorded with who asked, computed in the
    background once this commits (the computation records its own event)."""
    if not can_assess(actor, scheme.round):
        raise NotAllowed(_("Only the Secretariat asks for suggestions."))
    audit_record(
        actor=actor, action=Action.SUGGESTIONS_REQUEST, obj=scheme, after={"party": party.iso2}
    )
    transaction.on_commit(lambda: suggest_for_party.enqueue(scheme.pk, party.pk))


# Thin: ids in, the assistance service (tests run it immediately). Its dotted path is stored in
# queued task rows: assessments/tasks.py keeps the old one importable.
@task()
def suggest_for_party(scheme_id: int, party_id: int) -> None:
    # The engine loads numpy and the language model: only a worker that computes needs them.
    from .assist.services import suggestions_compute

    suggestions_compute(
        scheme=CodingScheme.objects.get(pk=scheme_id), party=State.objects.get(pk=party_id)
    )


class ManyRefused(FindingError):
    """A step asked of several findings at once, refused for some: nothing was written. Each
    refusal is (finding, reason), in the order asked."""

    def __init__(self, refused: list[tuple[Finding, str]]) -> None:
        self.refused = refused
        super().__init__(
            _("%(n)s of the findings chosen cannot take this step: nothing was changed")
            % {"n": len(refused)}
        )


BULK_STEPS = {"review": finding_review.nested, "adopt": finding_adopt.nested}


@durable
def findings_step(*, findings: list[Finding], step: str, actor: Any) -> list[Finding]:
    """Review or record the adoption of several findings at once, all or nothing: each is checked
    by the same rules as one at a time (the same service, each writing its own audit event);
    if any is refused, none is changed and ManyRefused lists them with the reason."""
    if step not in BULK_STEPS:
        raise FindingError(_("unknown step"))
    if not all(can_step_many(actor, f.indicator.scheme.round) for f in findings):
        raise NotAllowed(_("only the Secretariat writes findings, once a round is open"))
    if not findings:
        raise FindingError(_("choose at least one finding"))
    done, refused = [], []
    for finding in findings:
        try:
            done.append(BULK_STEPS[step](finding=finding, actor=actor))  # each in a savepoint
        except (FindingError, NotAllowed) as exc:
            refused.append((finding, str(exc)))
    if refused:
        raise ManyRefused(refused)  # leaving the transaction undoes the steps taken
    return done


def suggestions_to_accept(*, scheme: Any, party: State) -> tuple[list[Suggestion], list[dict]]:
    """The Party's open suggestions in the scheme's round that accepting them all would turn into
    draft findings, and those it would skip because the indicator already has a saved value
    ({"suggestion", "finding", "reason"})."""
    suggestions = list(
        Suggestion.objects.filter(
            indicator__scheme=scheme, party=party, status=Suggestion.Status.OPEN
        )
        .select_related("indicator__scheme__round", "party")
        .order_by("indicator__position", "indicator__code", "-created_at")
    )
    saved = {
        f.indicator_id: f for f in Finding.objects.filter(indicator__scheme=scheme, party=party)
    }
    taken, skipped, seen = [], [], set()
    for suggestion in suggestions:
        if suggestion.indicator_id in seen:
            continue  # an older open suggestion for the same indicator: the newest counts
        seen.add(suggestion.indicator_id)
        finding = saved.get(suggestion.indicator_id)
        if finding is None:
            taken.append(suggestion)
            continue
        labels = value_labels(suggestion.indicator)
        skipped.append(
            {
                "suggestion": suggestion,
                "finding": finding,
                "reason": _("a value is already saved (%(value)s, %(status)s)")
                % {
                    "value": labels.get(finding.value, finding.value),
                    "status": finding.get_status_display(),
                },
            }
        )
    return taken, skipped


@durable
def suggestions_accept_party(*, scheme: Any, party: State, actor: Any) -> dict:
    """Turn every open suggestion of one Party in a round into a draft finding (its value and all
    its evidence), after a person has reviewed them; indicators that already have a saved value
    are skipped, never replaced. Returns {"accepted": [Finding], "skipped": [...]}."""
    if not can_accept_suggestions_of_party(actor, scheme.round):
        raise NotAllowed(_("only the Secretariat writes findings, once a round is open"))
    taken, skipped = suggestions_to_accept(scheme=scheme, party=party)
    if not taken:
        raise FindingError(_("no open suggestion of this Party can be accepted"))
    accepted = [suggestion_accept.nested(suggestion=s, actor=actor) for s in taken]
    audit_record(
        actor=actor,
        action=Action.SUGGESTION_ACCEPT_PARTY,
        obj=scheme,
        after={
            "party": party.iso2,
            "accepted": [s.indicator.code for s in taken],
            "skipped": {row["suggestion"].indicator.code: row["reason"] for row in skipped},
        },
    )
    return {"accepted": accepted, "skipped": skipped}
