"""Writing recommendations and their follow-up: one service per action, each one transaction
with its audit event."""

import datetime
import uuid
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lanzarote.accounts.permissions import organisation_of, party_of
from lanzarote.assessments.models import Finding
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record, snapshot
from lanzarote.committee.models import Meeting
from lanzarote.committee.selectors import adoption_problem
from lanzarote.lib.comments import comment_text
from lanzarote.lib.dates import date_text
from lanzarote.lib.errors import NotAllowed, ServiceError
from lanzarote.lib.transactions import durable
from lanzarote.monitoring.models import Round
from lanzarote.parties.models import State
from lanzarote.treaties.models import Provision

from . import notifications
from .models import Comment, ComplianceEvaluation, FollowUpReport, FollowUpRequest, Recommendation
from .permissions import can_comment, can_edit_recommendations, can_report_followup
from .selectors import addressee_ids


class RecommendationError(ServiceError):
    """A change that cannot be made as asked; the message says why, for the person."""


def _require_editor(actor: Any, round_: Round) -> None:
    if not can_edit_recommendations(actor, round_):
        raise NotAllowed(_("only the Secretariat records recommendations and follow-up"))


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=recommendation.pk)
    )


@durable
def recommendation_save(
    *,
    round_: Round,
    actor: Any,
    grade: str,
    text_en: str,
    text_fr: str = "",
    number: str = "",
    report_en: str = "",
    report_fr: str = "",
    section: str = "",
    addressed_to_all: bool = False,
    addressees: Iterable[State] = (),
    addressees_note: str = "",
    provisions: Iterable[Provision] = (),
    findings: Iterable[Finding] = (),
    text_complete: bool = True,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """Create a draft recommendation, or change a draft. An adopted recommendation is the
    Committee's text and is not changed here."""
    _require_editor(actor, round_)
    if grade not in Recommendation.Grade.values:
        raise RecommendationError(
            _("“%(grade)s” is not a grade (%(grades)s)")
            % {"grade": grade, "grades": ", ".join(Recommendation.Grade.values)}
        )
    text_en, number = text_en.strip(), number.strip()
    if not text_en:
        raise RecommendationError(_("the English text of the recommendation is missing"))
    addressees, provisions, findings = list(addressees), list(provisions), list(findings)
    if not addressed_to_all and not addressees:
        raise RecommendationError(_("name the Parties it is addressed to, or address it to all"))
    foreign = [f for f in findings if f.indicator.scheme.round_id != round_.pk]
    if foreign:
        raise RecommendationError(_("a linked finding belongs to another round"))
    if any(p.treaty_id != round_.treaty_id for p in provisions):
        raise RecommendationError(_("a linked provision belongs to another treaty"))
    values = {
        "number": number[:20],
        "grade": grade,
        "text_en": text_en,
        "text_fr": text_fr.strip(),
        "report_en": report_en.strip()[:300],
        "report_fr": report_fr.strip()[:300],
        "section": section.strip()[:300],
        "addressed_to_all": addressed_to_all,
        "addressees_note": addressees_note.strip()[:300],
        "text_complete": text_complete,
    }
    if recommendation is None:
        before = None
        last = round_.recommendations.order_by("-position").values_list("position", flat=True)
        uid = slugify(f"{round_.uid}-{number}") if number else ""
        if not uid or Recommendation.objects.filter(uid=uid).exists():
            uid = f"{round_.uid}-{uuid.uuid4().hex[:8]}"
        recommendation = Recommendation(
            round=round_,
            uid=uid,
            is_demo=round_.is_demo,
            position=(last.first() or 0) + 1,
            **values,
        )
    else:
        recommendation = _locked(recommendation)
        if recommendation.round_id != round_.pk:
            raise RecommendationError(_("this recommendation belongs to another round"))
        if recommendation.status != Recommendation.Status.DRAFT:
            raise RecommendationError(_("an adopted recommendation is not changed"))
        before = snapshot(recommendation, with_links=True)
        for name, value in values.items():
            setattr(recommendation, name, value)
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError:
        raise RecommendationError(
            _("this round already has a recommendation numbered %(number)s") % {"number": number}
        ) from None
    recommendation.addressees.set([] if addressed_to_all else addressees)
    recommendation.provisions.set(provisions)
    recommendation.findings.set(findings)
    audit_record(
        actor=actor,
        obj=recommendation,
        action=Action.RECOMMENDATION_CREATE if before is None else Action.RECOMMENDATION_UPDATE,
        before=before,
        after=snapshot(recommendation, with_links=True),
    )
    return recommendation


@durable
def recommendation_adopt(
    *,
    recommendation: Recommendation,
    adopted_on: datetime.date,
    actor: Any,
    adopted_at: Meeting | None = None,
) -> Recommendation:
    """Record that the Committee adopted the recommendation (in its report, on that day, at
    that meeting if named: the day must be one of the meeting's)."""
    _require_editor(actor, recommendation.round)
    recommendation = _locked(recommendation)
    if recommendation.status != Recommendation.Status.DRAFT:
        raise RecommendationError(_("this recommendation is already adopted"))
    if adopted_on > timezone.localdate():
        raise RecommendationError(_("the adoption date is in the future"))
    problem = adoption_problem(
        meeting=adopted_at,
        treaty_id=recommendation.round.treaty_id,
        day=adopted_on,
        demo=recommendation.is_demo,
    )
    if problem:
        raise RecommendationError(problem)
    before = snapshot(recommendation)
    recommendation.status = Recommendation.Status.ADOPTED
    recommendation.adopted_on = adopted_on
    recommendation.adopted_at = adopted_at
    recommendation.save(update_fields=["status", "adopted_on", "adopted_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.RECOMMENDATION_ADOPT,
        obj=recommendation,
        before=before,
        after=snapshot(recommendation),
    )
    return recommendation


@durable
def followup_request(
    *,
    recommendation: Recommendation,
    deadline: datetime.date,
    actor: Any,
    note: str = "",
    requested_on: datetime.date | None = None,
) -> FollowUpRequest:
    """Ask the addressees to report on the follow-up they gave, by a deadline; asking again
    after an evaluation is a new request."""
    _require_editor(actor, recommendation.round)
    recommendation = _locked(recommendation)
    if recommendation.status != Recommendation.Status.ADOPTED:
        raise RecommendationError(_("follow-up is requested of adopted recommendations only"))
    requested_on = requested_on or timezone.localdate()
    if deadline < requested_on:
        raise RecommendationError(_("the deadline is before the request"))
    request = FollowUpRequest.objects.create(
        recommendation=recommendation,
        requested_on=requested_on,
        deadline=deadline,
        note=note.strip()[:5000],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action=Action.FOLLOWUP_REQUEST, obj=request, after=snapshot(request))
    transaction.on_commit(
        partial(notifications.followup_requested, request_id=request.pk), robust=True
    )
    return request


def followup_report_sent_message(report: FollowUpReport) -> str:
    """A report answers a follow-up request once per Party (and once per stakeholder on it)."""
    who = report.submitted_by
    return _(
        "%(party)s's report on this follow-up request was already submitted on %(when)s by "
        "%(who)s; it is with the Committee"
    ) % {
        "party": report.party.name,
        "when": date_text(report.submitted_at),
        "who": (who.get_full_name() or who.get_username()) if who is not None else "–",
    }


@durable
def followup_report_submit(
    *, recommendation: Recommendation, party: State, text: str, actor: Any
) -> FollowUpReport:
    """A focal point's account of its Party's follow-up, or a stakeholder's input on a Party,
    answering the latest request."""
    recommendation = _locked(recommendation)
    if not can_report_followup(actor, recommendation):
        raise NotAllowed(_("follow-up is reported by the Parties and stakeholders"))
    own_party, organisation = party_of(actor), organisation_of(actor)
    if own_party is not None and own_party != party.pk:
        raise NotAllowed(_("a focal point reports for its own Party"))
    if party.pk not in addressee_ids(recommendation, candidates=[party.pk]):
        raise RecommendationError(
            _("this recommendation is not addressed to %(party)s") % {"party": party.name}
        )
    request = recommendation.followup_requests.order_by("-requested_on", "-pk").first()
    if request is None:
        raise RecommendationError(_("no follow-up has been requested on this recommendation"))
    text = text.strip()
    if not text:
        raise RecommendationError(_("the report is empty"))
    # The recommendation's row is locked: a second click or a second focal point waits here and
    # then finds the first report.
    earlier = (
        FollowUpReport.objects.filter(request=request, party=party)
        .filter(Q(organisation_id=organisation) if organisation else Q(organisation__isnull=True))
        .select_related("submitted_by")
        .first()
    )
    if earlier is not None:
        raise RecommendationError(followup_report_sent_message(earlier))
    report = FollowUpReport.objects.create(
        request=request,
        party=party,
        organisation_id=organisation,
        text=text[:50000],
        submitted_by=actor,
    )
    audit_record(actor=actor, action=Action.FOLLOWUP_REPORT, obj=report, after=snapshot(report))
    return report


@durable
def evaluation_record(
    *,
    recommendation: Recommendation,
    party: State,
    grade: str,
    rationale: str,
    evaluated_on: datetime.date,
    actor: Any,
    closes: bool = False,
    adopted_at: Meeting | None = None,
) -> ComplianceEvaluation:
    """Record the Committee's evaluation of one addressee's compliance (at that meeting if
    named: the day must be one of the meeting's). It supersedes the previous one; the history
    stays."""
    _require_editor(actor, recommendation.round)
    recommendation = _locked(recommendation)
    if recommendation.status != Recommendation.Status.ADOPTED:
        raise RecommendationError(_("only an adopted recommendation is evaluated"))
    if grade not in ComplianceEvaluation.Grade.values:
        raise RecommendationError(_("“%(grade)s” is not an evaluation grade") % {"grade": grade})
    if party.pk not in addressee_ids(recommendation, candidates=[party.pk]):
        raise RecommendationError(
            _("this recommendation is not addressed to %(party)s") % {"party": party.name}
        )
    if evaluated_on > timezone.localdate():
        raise RecommendationError(_("the evaluation date is in the future"))
    if recommendation.adopted_on and evaluated_on < recommendation.adopted_on:
        raise RecommendationError(_("the evaluation date is before the adoption"))
    problem = adoption_problem(
        meeting=adopted_at,
        treaty_id=recommendation.round.treaty_id,
        day=evaluated_on,
        demo=recommendation.is_demo,
    )
    if problem:
        raise RecommendationError(problem)
    rationale = rationale.strip()
    if not rationale:
        raise RecommendationError(_("give the Committee's reasons for the evaluation"))
    evaluation = ComplianceEvaluation.objects.create(
        adopted_at=adopted_at,
        recommendation=recommendation,
        party=party,
        grade=grade,
        rationale=rationale[:20000],
        evaluated_on=evaluated_on,
        closes=closes,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor, action=Action.EVALUATION_RECORD, obj=evaluation, after=snapshot(evaluation)
    )
    return evaluation


@durable
def comment_add(*, recommendation: Recommendation, actor: Any, text: str) -> Comment:
    """The Committee (and the Secretariat) discuss a draft before it is adopted."""
    recommendation = _locked(recommendation)
    if not can_comment(actor, recommendation):
        raise NotAllowed(_("the Committee and the Secretariat comment on drafts only"))
    text = comment_text(text, error=RecommendationError)
    comment = Comment.objects.create(recommendation=recommendation, author=actor, text=text)
    audit_record(
        actor=actor,
        action=Action.RECOMMENDATION_COMMENT,
        obj=recommendation,
        after={"comment": comment.pk, "text": comment.text[:500]},
    )
    return comment


@durable
def recommendation_adopted_at_set(
    *, recommendation: Recommendation, meeting: Meeting | None, actor: Any
) -> Recommendation:
    """Name the Committee's meeting that adopted an adopted recommendation (or none: not
    known); its adoption day, where recorded, must be one of the meeting's."""
    _require_editor(actor, recommendation.round)
    recommendation = _locked(recommendation)
    if recommendation.status != Recommendation.Status.ADOPTED:
        raise RecommendationError(_("only an adopted recommendation names its meeting"))
    problem = adoption_problem(
        meeting=meeting,
        treaty_id=recommendation.round.treaty_id,
        day=recommendation.adopted_on,
        demo=recommendation.is_demo,
    )
    if problem:
        raise RecommendationError(problem)
    before = recommendation.adopted_at_id
    recommendation.adopted_at = meeting
    recommendation.save(update_fields=["adopted_at", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.ADOPTION_MEETING,
        obj=recommendation,
        before={"adopted_at_id": before},
        after={"adopted_at_id": recommendation.adopted_at_id},
    )
    return recommendation
