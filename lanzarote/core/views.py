from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lanzarote.accounts import services as accounts
from lanzarote.accounts.permissions import can_read_analysis, role_of
from lanzarote.assessments.selectors import findings_pending_by_round
from lanzarote.core import operations, selectors
from lanzarote.core.permissions import can_view_system
from lanzarote.lib.errors import NotAllowed
from lanzarote.recommendations import selectors as recommendations
from lanzarote.replies.permissions import can_follow_replies
from lanzarote.replies.selectors import my_replies, replies_received_by_round
from lanzarote.reports.selectors import drafts_by_round


@require_safe
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "treaties": selectors.treaties_with_party_count(),
        },
    )


@require_safe
def open_data(request):
    return render(request, "core/open_data.html", {"treaties": selectors.open_data_treaties()})


@login_required
def my_work(request):
    """Each person's work with counts: the Secretariat's and the Committee's per round, a
    respondent's replies and follow-up due; and the language of their e-mails."""
    user = request.user
    if request.method == "POST":
        try:
            accounts.profile_set_language(
                user=user, language=request.POST.get("language", ""), actor=user
            )
        except NotAllowed:
            raise PermissionDenied from None
        except accounts.AccountError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Your e-mails will be in %(language)s.")
                % {"language": dict(settings.LANGUAGES)[request.POST["language"]]},
            )
        return redirect("my_work")
    role = role_of(user)
    rows = my_replies(viewer=user)
    followup = recommendations.followup_work(viewer=user)
    context = {
        "role": role,
        "rows": rows,
        "followup": followup,
        "languages": settings.LANGUAGES,
        "rounds": [],
    }
    if can_read_analysis(user):
        received = replies_received_by_round(viewer=user) if can_follow_replies(user) else {}
        findings = findings_pending_by_round(viewer=user)
        drafts = recommendations.drafts_by_round(viewer=user)
        factsheets = drafts_by_round(viewer=user)
        ids = set(received) | set(findings) | set(drafts) | set(factsheets)
        context["rounds"] = [
            {
                "round": round_,
                "received": received.get(round_.pk, 0),
                "to_review": findings.get(round_.pk, {}).get("draft", 0),
                "to_adopt": findings.get(round_.pk, {}).get("reviewed", 0),
                "recommendations": drafts.get(round_.pk, 0),
                "drafts": factsheets.get(round_.pk, {}).get("drafts", 0),
                "commented": factsheets.get(round_.pk, {}).get("commented", 0),
            }
            for round_ in selectors.rounds_listed(ids=ids)
        ]
        context["overdue"] = recommendations.followup_overdue_count(viewer=user)
    else:
        due = [
            q
            for q, reply in rows
            if q.accepts_replies() and (reply is None or reply.status == "draft")
        ]
        context["due"] = len(due)
        context["next_deadline"] = min((q.deadline for q in due if q.deadline), default=None)
        context["overdue_replies"] = sum(
            1 for q in due if q.deadline and q.deadline < timezone.localdate()
        )
    return render(request, "core/my_work.html", context)


@require_safe
@never_cache
def healthz(request):
    """For a load balancer and monitoring, anonymous: 200 when the database, the task queue,
    this data folder's worker and its disk are well, 503 otherwise; JSON either way
    (core/health.py)."""
    from .health import health

    ok, report = health()
    return JsonResponse(report, status=200 if ok else 503)


@require_safe
@login_required
def system(request):
    """The background worker as the Secretariat sees it: running since, last heartbeat, tasks
    queued, running and failed, and a warning when it has not been seen for a while."""
    if not can_view_system(request.user):
        raise PermissionDenied
    return render(request, "core/system.html", {"state": operations.worker_state()})
