"""The analyst's workspace, the Committee's review and the history of a finding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lanzarote.accounts.permissions import can_read_analysis
from lanzarote.monitoring.selectors import round_get
from lanzarote.parties.models import State
from lanzarote.search.selectors import QueryError, search

from . import selectors, services
from .models import Evidence, Finding, Suggestion
from .permissions import (
    can_accept_suggestions_of_party,
    can_assess,
    can_comment,
    can_read_suggestions,
    can_step_many,
    can_view_finding,
)


def _reader(request) -> None:
    if not can_read_analysis(request.user):
        raise PermissionDenied(_("Findings are read by the Secretariat and the Committee."))


@require_safe
@login_required
def overview(request, uid):
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    return render(
        request,
        "assessments/overview.html",
        {
            "round": round_,
            "scheme": scheme,
            "indicators": list(scheme.indicators.all()),
            "rows": selectors.parties_overview(scheme=scheme, viewer=request.user),
            "can_assess": can_assess(request.user, round_),
            "use": selectors.suggestion_use(scheme=scheme)
            if can_read_suggestions(request.user)
            else None,
        },
    )


def _passage_hits(request, round_, party, text):
    """Search within the Party's replies to the round, for other evidence."""
    if not text:
        return [], ""
    try:
        results = search(
            text=text,
            viewer=request.user,
            kinds=("passage",),
            party=party.iso2,
            round_uid=round_.uid,
            limit=20,
        )
    except QueryError as exc:
        return [], str(exc)
    keys = {}
    for hit in results.hits:
        keys[(hit.document_id, int(hit.ref.rsplit(":", 1)[1]))] = hit
    passages = selectors.passages_at(positions=keys)
    by_key = {(p.document_id, p.index): p for p in passages}
    return [(hit, by_key.get(key)) for key, hit in keys.items() if key in by_key], ""


@require_safe
@login_required
def workspace(request, uid, iso2):
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    party = get_object_or_404(State, iso2=iso2.upper())
    indicators = list(scheme.indicators.prefetch_related("questions", "provisions"))
    if not indicators:
        raise PermissionDenied(_("This scheme has no indicators yet."))
    code = request.GET.get("indicator", "")
    current = next((i for i in indicators if i.code == code), indicators[0])
    position = indicators.index(current)
    findings = selectors.party_findings(scheme=scheme, party=party, viewer=request.user)
    finding = findings.get(current.pk)
    analyst = can_assess(request.user, round_)
    suggested = selectors.open_suggestion_values(scheme=scheme, party=party) if analyst else {}
    context = {
        "round": round_,
        "scheme": scheme,
        "party": party,
        "indicators": indicators,
        "current": current,
        "finding": finding,
        "analyst": analyst,
        "indicator_rows": [
            (i, findings.get(i.pk), suggested.get(i.pk), services.value_labels(i))
            for i in indicators
        ],
        "previous": indicators[position - 1] if position > 0 else None,
        "next": indicators[position + 1] if position + 1 < len(indicators) else None,
        "can_comment": finding is not None and can_comment(request.user, finding),
        "labels_current": services.value_labels(current),
    }
    if finding is not None:
        context["evidence"] = [
            (e, selectors.marked(e.passage.text, (e.start, e.end)) if e.passage else None)
            for e in finding.evidence.all()
        ]
    if analyst:
        suggestion = selectors.open_suggestion(indicator=current, party=party)
        proposed = []
        if suggestion is not None:
            proposed = selectors.suggestion_evidence(suggestion)
        q = request.GET.get("q", "").strip()[:300]
        hits, error = _passage_hits(request, round_, party, q)
        context.update(
            {
                "suggestion": suggestion,
                "proposed": proposed,
                "q": q,
                "hits": hits,
                "search_error": error,
                "linked": selectors.question_passages(indicator=current, party=party),
                "answers": selectors.question_answers(indicator=current, party=party),
                "legislation": selectors.party_legislation(
                    indicator=current, party=party, viewer=request.user
                ),
                "values": [
                    (v["value"], v.get(f"label_{get_language()}") or v["label_en"])
                    for v in current.values()
                ],
                "replied": selectors.submitted_replies(round_=round_, party=party).exists(),
                "replace_question": services.replace_question(
                    indicator=current, saved=finding.value, proposed=suggestion.value
                )
                if finding is not None
                and suggestion is not None
                and finding.value != suggestion.value
                else "",
            }
        )
    return render(request, "assessments/workspace.html", context)


def _back(round_, party, indicator, **extra) -> str:
    url = reverse("assessments:workspace", args=[round_.uid, party.iso2])
    query = "&".join(f"{k}={v}" for k, v in {"indicator": indicator.code, **extra}.items())
    return f"{url}?{query}"


def _refused(request, exc: Exception) -> None:
    messages.error(request, str(exc))


@require_POST
@login_required
def finding_save(request, uid, iso2, code):
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    party = get_object_or_404(State, iso2=iso2.upper())
    indicator = get_object_or_404(scheme.indicators, code=code)
    try:
        services.finding_save(
            indicator=indicator,
            party=party,
            actor=request.user,
            value=request.POST.get("value", ""),
            rationale=request.POST.get("rationale", ""),
        )
    except services.FindingError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The finding is saved."))
    return redirect(_back(round_, party, indicator))


@require_POST
@login_required
def evidence_add(request, uid, iso2, code):
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    party = get_object_or_404(State, iso2=iso2.upper())
    indicator = get_object_or_404(scheme.indicators, code=code)
    if not can_assess(request.user, round_):
        raise PermissionDenied(_("Only the Secretariat cites evidence."))
    passage = (
        selectors.party_passages(round_=round_, party=party)
        .filter(pk=_int(request.POST.get("passage")) or 0)
        .first()
    )
    answer = None
    if request.POST.get("answer"):
        answer = selectors.party_answer(
            round_=round_, party=party, pk=_int(request.POST.get("answer")) or 0
        )
    legal_unit = None
    if request.POST.get("legal_unit"):
        legal_unit = next(
            (
                u
                for u in selectors.party_legislation(
                    indicator=indicator, party=party, viewer=request.user
                )
                if u.pk == _int(request.POST.get("legal_unit"))
            ),
            None,
        )
    finding = Finding.objects.filter(indicator=indicator, party=party).first()
    try:
        if legal_unit is not None:
            if finding is None:
                raise services.FindingError(
                    _("choose a value and save the finding before citing evidence")
                )
            start, end = (_int(request.POST.get(k)) for k in ("start", "end"))
            services.evidence_add(
                finding=finding, actor=request.user, legal_unit=legal_unit, start=start, end=end
            )
            messages.success(request, _("The passage is cited."))
            return redirect(_back(round_, party, indicator))
        if passage is None and answer is None:
            raise services.FindingError(
                _("this passage is not from this Party's replies to this round")
            )
        if finding is None:
            raise services.FindingError(
                _("choose a value and save the finding before citing evidence")
            )
        start, end = (_int(request.POST.get(k)) for k in ("start", "end"))
        services.evidence_add(
            finding=finding,
            actor=request.user,
            passage=passage,
            answer=None if passage else answer,
            start=start,
            end=end,
        )
    except services.FindingError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The passage is cited."))
    return redirect(_back(round_, party, indicator))


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@require_POST
@login_required
def evidence_remove(request, pk):
    _reader(request)
    evidence = get_object_or_404(
        Evidence.objects.select_related("finding__indicator__scheme__round", "finding__party"),
        pk=pk,
    )
    finding = evidence.finding
    try:
        services.evidence_remove(evidence=evidence, actor=request.user)
    except services.FindingError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The citation is removed."))
    return redirect(_back(finding.indicator.scheme.round, finding.party, finding.indicator))


STEPS = {"review": services.finding_review, "adopt": services.finding_adopt}


@require_POST
@login_required
def finding_step(request, pk):
    _reader(request)
    finding = get_object_or_404(
        Finding.objects.select_related("indicator__scheme__round", "party"), pk=pk
    )
    if not can_view_finding(request.user, finding):
        raise PermissionDenied(_("Findings are read by the Secretariat and the Committee."))
    step = request.POST.get("step", "")
    try:
        if step == "reopen":
            services.finding_reopen(
                finding=finding, actor=request.user, reason=request.POST.get("reason", "")
            )
        elif step in STEPS:
            STEPS[step](finding=finding, actor=request.user)
        else:
            raise services.FindingError(_("unknown step"))
    except services.FindingError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The finding's status is changed."))
    return redirect(_back(finding.indicator.scheme.round, finding.party, finding.indicator))


@require_POST
@login_required
def suggestion_decide(request, pk):
    _reader(request)
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("indicator__scheme__round", "party"), pk=pk
    )
    if not can_assess(request.user, suggestion.indicator.scheme.round):
        raise PermissionDenied(_("Only the Secretariat decides on suggestions."))
    decision = request.POST.get("decision", "")
    try:
        if decision == "accept":
            value = request.POST.get("value") or None
            keep = request.POST.getlist("keep") if "choose" in request.POST else None
            services.suggestion_accept(
                suggestion=suggestion,
                actor=request.user,
                value=value,
                keep=keep,
                replace=request.POST.get("replace") == "1",
            )
            messages.success(request, _("The suggestion is accepted as a draft finding."))
        elif decision == "reject":
            services.suggestion_reject(suggestion=suggestion, actor=request.user)
            messages.success(request, _("The suggestion is rejected (kept for measuring quality)."))
        else:
            raise services.FindingError(_("accept or reject"))
    except services.SavedValueWouldBeReplaced as exc:
        # Asked on a page of its own when the workspace's script did not ask first: the same
        # request, sent again with replace=1 (or not at all).
        return render(
            request,
            "assessments/confirm_replace.html",
            {
                "suggestion": suggestion,
                "question": exc.question,
                "fields": [
                    (k, v)
                    for k in request.POST
                    if k not in ("csrfmiddlewaretoken", "replace")
                    for v in request.POST.getlist(k)
                ],
                "back": _back(
                    suggestion.indicator.scheme.round, suggestion.party, suggestion.indicator
                ),
            },
        )
    except services.FindingError as exc:
        _refused(request, exc)
    return redirect(
        _back(suggestion.indicator.scheme.round, suggestion.party, suggestion.indicator)
    )


@require_POST
@login_required
def suggest(request, uid, iso2):
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    party = get_object_or_404(State, iso2=iso2.upper())
    if not can_assess(request.user, round_):
        raise PermissionDenied(_("Only the Secretariat asks for suggestions."))
    services.suggestions_request(scheme=scheme, party=party, actor=request.user)
    messages.success(request, _("Suggestions are being computed; reload the page in a moment."))
    return redirect(reverse("assessments:workspace", args=[round_.uid, party.iso2]))


@login_required
def finding_detail(request, pk):
    _reader(request)
    finding = get_object_or_404(
        Finding.objects.select_related(
            "indicator__scheme__round", "party", "author", "reviewer", "adopted_by"
        ),
        pk=pk,
    )
    if not can_view_finding(request.user, finding):
        raise PermissionDenied(_("Findings are read by the Secretariat and the Committee."))
    if request.method == "POST":
        try:
            services.comment_add(
                finding=finding, actor=request.user, text=request.POST.get("text", "")
            )
        except services.FindingError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your comment is recorded."))
        return redirect("assessments:finding", pk=finding.pk)
    return render(
        request,
        "assessments/finding.html",
        {
            "finding": finding,
            "indicator": finding.indicator,
            "evidence": [
                (e, selectors.marked(e.passage.text, (e.start, e.end)) if e.passage else None)
                for e in selectors.finding_evidence(finding=finding)
            ],
            "comments": selectors.finding_comments(finding=finding),
            "history": selectors.finding_history(finding=finding),
            "can_comment": can_comment(request.user, finding),
        },
    )


def _ids(values) -> list[int]:
    return [n for n in (_int(v) for v in values) if n is not None]


FINDINGS_PER_PAGE = 200


@login_required
def findings_list(request, uid):
    """The round's findings in a list, to review or record the adoption of several at once."""
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    status, party = request.GET.get("status", ""), request.GET.get("party", "")[:2]
    context = {
        "round": round_,
        "scheme": scheme,
        "status": status,
        "party": party,
        "statuses": Finding.Status.choices,
        "refused": [],
        "chosen": set(),
        "can_step": can_step_many(request.user, round_),
    }
    if request.method == "POST":
        if not context["can_step"]:
            raise PermissionDenied(_("Only the Secretariat reviews findings and records adoption."))
        step = request.POST.get("step", "")
        chosen = [
            f
            for f in selectors.finding_list_for_round(scheme=scheme, viewer=request.user)
            if f.pk in set(_ids(request.POST.getlist("finding")))
        ]
        if step == "adopt" and chosen and request.POST.get("confirm") != "1":
            return render(
                request,
                "assessments/findings_confirm.html",
                {**context, "findings": chosen, "step": step},
            )
        try:
            done = services.findings_step(findings=chosen, step=step, actor=request.user)
        except services.ManyRefused as exc:
            messages.error(request, str(exc))
            context.update({"refused": exc.refused, "chosen": {f.pk for f in chosen}})
        except services.FindingError as exc:
            _refused(request, exc)
        else:
            text = (
                _("%(n)s findings are reviewed.")
                if step == "review"
                else _("The adoption of %(n)s findings is recorded.")
            )
            messages.success(request, text % {"n": len(done)})
            return redirect(request.get_full_path())
    # Bounded pages: a round of 200 Parties x 200 indicators has 40,000 findings (a 12 MB page
    # of 6 s, benchmarks/scale.py).
    page = Paginator(
        selectors.finding_rows_for_round(
            scheme=scheme, viewer=request.user, status=status, party=party
        ),
        FINDINGS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    findings = selectors.with_indicators(page.object_list, scheme=scheme)
    indicators = {f.indicator_id: f.indicator for f in findings}
    context.update(
        {
            "findings": findings,
            "page": page,
            "labels": {pk: services.value_labels(i) for pk, i in indicators.items()},
        }
    )
    # refused: the same page, with the list of those refused and why (a 200: the browser shows
    # a page, not a failed resource)
    return render(request, "assessments/findings.html", context)


@login_required
def accept_party_suggestions(request, uid, iso2):
    """Accept every open suggestion of one Party: first what will be accepted and what skipped,
    then, on confirmation, draft findings."""
    _reader(request)
    round_ = round_get(uid=uid, viewer=request.user)
    scheme = selectors.scheme_get(round_=round_)
    party = get_object_or_404(State, iso2=iso2.upper())
    if not can_accept_suggestions_of_party(request.user, round_):
        raise PermissionDenied(_("Only the Secretariat decides on suggestions."))
    back = reverse("assessments:workspace", args=[round_.uid, party.iso2])
    if request.method == "POST":
        try:
            result = services.suggestions_accept_party(
                scheme=scheme, party=party, actor=request.user
            )
        except services.FindingError as exc:
            _refused(request, exc)
        else:
            messages.success(
                request,
                _("%(n)s suggestions are accepted as draft findings.")
                % {"n": len(result["accepted"])},
            )
            for row in result["skipped"]:
                messages.warning(
                    request,
                    _("Skipped: %(indicator)s – %(reason)s")
                    % {"indicator": row["suggestion"].indicator.label, "reason": row["reason"]},
                )
        return redirect(back)
    taken, skipped = services.suggestions_to_accept(scheme=scheme, party=party)
    return render(
        request,
        "assessments/accept_party.html",
        {
            "round": round_,
            "party": party,
            "taken": taken,
            "skipped": skipped,
            "back": back,
            "labels": {s.indicator_id: services.value_labels(s.indicator) for s in taken},
        },
    )
