"""Recommendations of a round, one recommendation with its follow-up Party by Party, and the
Secretariat's and the Parties' actions on them."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lanzarote.accounts.permissions import can_read_analysis, organisation_of, party_of
from lanzarote.committee.forms import AdoptedAtForm
from lanzarote.monitoring.selectors import round_get
from lanzarote.parties.models import State

from . import selectors, services
from .forms import (
    AdoptForm,
    CommentForm,
    EvaluationForm,
    FollowUpReportForm,
    FollowUpRequestForm,
    RecommendationForm,
)
from .models import FollowUpReport, Recommendation
from .permissions import (
    can_comment,
    can_edit_recommendations,
    can_report_followup,
)


@require_safe
def round_recommendations(request, uid):
    round_ = round_get(uid=uid, viewer=request.user)
    recommendations = list(selectors.recommendation_list(viewer=request.user, round_=round_))
    statuses = selectors.followup_statuses(
        [r for r in recommendations if r.status == Recommendation.Status.ADOPTED]
    )
    summary: dict[int, Counter] = {}
    for (rec_id, _party), status in statuses.items():
        summary.setdefault(rec_id, Counter())[status.code] += 1
    addressees = selectors.addressees_of(recommendations)
    return render(
        request,
        "recommendations/round.html",
        {
            "round": round_,
            "rows": [
                (r, sorted(summary.get(r.pk, Counter()).items()), addressees[r.pk])
                for r in recommendations
            ],
            "can_edit": can_edit_recommendations(request.user, round_),
        },
    )


def _form_values(form, round_, viewer):
    data = form.cleaned_data
    provisions = list(selectors.treaty_provisions(treaty=round_.treaty, uids=data["provisions"]))
    missing = set(data["provisions"]) - {p.uid for p in provisions}
    if missing:
        raise services.RecommendationError(
            _("no provision %(uids)s in this treaty") % {"uids": ", ".join(sorted(missing))}
        )
    findings = selectors.round_findings(round_=round_, viewer=viewer).filter(
        pk__in=[int(x) for x in data["findings"]]
    )
    return {
        "number": data["number"],
        "grade": data["grade"],
        "text_en": data["text_en"],
        "text_fr": data["text_fr"],
        "report_en": data["report_en"],
        "report_fr": data["report_fr"],
        "section": data["section"],
        "addressed_to_all": data["addressed_to_all"],
        "addressees": list(data["addressees"]),
        "addressees_note": data["addressees_note"],
        "provisions": provisions,
        "findings": list(findings),
        "text_complete": data["text_complete"],
    }


@login_required
def recommendation_edit(request, uid, pk=None):
    round_ = round_get(uid=uid, viewer=request.user)
    if not can_edit_recommendations(request.user, round_):
        raise PermissionDenied(_("Only the Secretariat records recommendations."))
    recommendation = None
    if pk is not None:
        recommendation = selectors.recommendation_get(pk=pk, viewer=request.user)
        if recommendation.round_id != round_.pk:
            raise PermissionDenied(_("This recommendation belongs to another round."))
    findings = list(selectors.round_findings(round_=round_, viewer=request.user))
    if request.method == "POST":
        form = RecommendationForm(request.POST, findings=findings)
        if form.is_valid():
            try:
                saved = services.recommendation_save(
                    round_=round_,
                    actor=request.user,
                    recommendation=recommendation,
                    **_form_values(form, round_, request.user),
                )
            except services.RecommendationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The recommendation is saved as a draft."))
                return redirect("recommendations:detail", pk=saved.pk)
    elif recommendation is not None:
        form = RecommendationForm(
            findings=findings,
            initial={
                **{
                    k: getattr(recommendation, k)
                    for k in (
                        "number",
                        "grade",
                        "text_en",
                        "text_fr",
                        "report_en",
                        "report_fr",
                        "section",
                        "addressed_to_all",
                        "addressees_note",
                        "text_complete",
                    )
                },
                "addressees": list(recommendation.addressees.all()),
                "provisions": " ".join(p.uid for p in recommendation.provisions.all()),
                "findings": [str(f.pk) for f in recommendation.findings.all()],
            },
        )
    else:
        form = RecommendationForm(findings=findings)
    return render(
        request,
        "recommendations/edit.html",
        {"round": round_, "recommendation": recommendation, "form": form},
    )


@require_safe
def recommendation_detail(request, pk):
    recommendation = selectors.recommendation_get(pk=pk, viewer=request.user)
    round_ = recommendation.round
    addressees = selectors.addressees_of([recommendation])[recommendation.pk]
    statuses = selectors.followup_statuses([recommendation])
    adopted = recommendation.status == Recommendation.Status.ADOPTED
    history: dict[int, list] = {}
    for evaluation in selectors.recommendation_evaluations(recommendation=recommendation):
        history.setdefault(evaluation.party_id, []).append(evaluation)
    reports = selectors.recommendation_followup_reports(
        recommendation=recommendation, viewer=request.user
    )
    can_edit = can_edit_recommendations(request.user, round_)
    reporters = addressees
    if party_of(request.user) is not None:
        reporters = [s for s in addressees if s.pk == party_of(request.user)]
    latest = recommendation.followup_requests.order_by("-requested_on", "-pk").first()
    sent: list[FollowUpReport] = []
    if latest is not None and can_report_followup(request.user, recommendation):
        # what this person's Party or organisation already sent for the latest request replaces
        # the form: a request is answered once
        organisation = organisation_of(request.user)
        reporter_ids = {s.pk for s in reporters}
        sent = [
            r
            for r in reports
            if r.request_id == latest.pk
            and r.organisation_id == organisation
            and r.party_id in reporter_ids
        ]
        reporters = [s for s in reporters if s.pk not in {r.party_id for r in sent}]
    can_report = (
        can_report_followup(request.user, recommendation) and bool(reporters) and latest is not None
    )
    audit = []
    if can_read_analysis(request.user):
        audit = selectors.recommendation_events(recommendation=recommendation)
    return render(
        request,
        "recommendations/detail.html",
        {
            "round": round_,
            "recommendation": recommendation,
            "provisions": selectors.recommendation_provisions(recommendation=recommendation),
            "findings": selectors.recommendation_findings(
                recommendation=recommendation, viewer=request.user
            ),
            "parties": [
                (s, statuses.get((recommendation.pk, s.pk)), history.get(s.pk, []))
                for s in addressees
            ],
            "requests": selectors.recommendation_followup_requests(recommendation=recommendation),
            "reports": reports,
            "sent_reports": sent,
            "audit": audit,
            "can_edit": can_edit,
            "comments": selectors.recommendation_comments(recommendation=recommendation)
            if audit
            else [],
            "comment_form": CommentForm() if can_comment(request.user, recommendation) else None,
            "adopt_form": AdoptForm(treaty=round_.treaty) if can_edit and not adopted else None,
            "meeting_form": AdoptedAtForm(
                treaty=round_.treaty,
                initial={
                    "adopted_at": recommendation.adopted_at.number
                    if recommendation.adopted_at
                    else None
                },
            )
            if can_edit and adopted
            else None,
            "request_form": FollowUpRequestForm() if can_edit and adopted else None,
            "evaluation_form": EvaluationForm(parties=addressees, treaty=round_.treaty)
            if can_edit and adopted
            else None,
            "report_form": FollowUpReportForm(parties=reporters) if can_report else None,
        },
    )


@require_POST
@login_required
def recommendation_step(request, pk):
    recommendation = selectors.recommendation_get(pk=pk, viewer=request.user)
    action = request.POST.get("action")
    addressees = selectors.addressees_of([recommendation])[recommendation.pk]
    try:
        if action == "adopt":
            form = AdoptForm(request.POST, treaty=recommendation.round.treaty)
            if form.is_valid():
                services.recommendation_adopt(
                    recommendation=recommendation, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("The adoption is recorded."))
        elif action == "meeting":
            form = AdoptedAtForm(request.POST, treaty=recommendation.round.treaty)
            if form.is_valid():
                services.recommendation_adopted_at_set(
                    recommendation=recommendation,
                    actor=request.user,
                    meeting=form.cleaned_data["adopted_at"],
                )
                messages.success(request, _("The meetings are recorded."))
        elif action == "request":
            form = FollowUpRequestForm(request.POST)
            if form.is_valid():
                services.followup_request(
                    recommendation=recommendation, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Follow-up is requested of the addressees."))
        elif action == "evaluate":
            form = EvaluationForm(
                request.POST, parties=addressees, treaty=recommendation.round.treaty
            )
            if form.is_valid():
                evaluation = services.evaluation_record(
                    recommendation=recommendation, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("The evaluation is recorded."))
                status = selectors.followup_statuses([recommendation])[
                    (recommendation.pk, evaluation.party_id)
                ]
                if status.code != "evaluated":
                    messages.warning(
                        request,
                        _(
                            "It is dated before the latest follow-up request: it stays in the "
                            "history and the follow-up of this Party remains open."
                        ),
                    )
        elif action == "comment":
            form = CommentForm(request.POST)
            if form.is_valid():
                services.comment_add(
                    recommendation=recommendation,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                )
                messages.success(request, _("Your comment is recorded."))
        elif action == "report":
            form = FollowUpReportForm(request.POST, parties=addressees)
            if form.is_valid():
                services.followup_report_submit(
                    recommendation=recommendation, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Your report is submitted to the Committee."))
        else:
            raise services.RecommendationError(_("unknown action"))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    except services.RecommendationError as exc:
        messages.error(request, str(exc))
    return redirect("recommendations:detail", pk=recommendation.pk)


@require_safe
def party_recommendations(request, iso2):
    """What is addressed to one Party, across rounds, with where its follow-up stands."""
    party = get_object_or_404(State, iso2=iso2.upper())
    return render(
        request,
        "recommendations/party.html",
        {
            "party": party,
            "rows": selectors.addressed_to(party=party, viewer=request.user),
        },
    )
