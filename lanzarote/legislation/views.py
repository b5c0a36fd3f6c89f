"""Pages of the legal self-assessment: the list, one self-assessment with its acts and its gap
report, one unit of legislation with its links to obligations (confirm, reject, correct)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lanzarote.parties.models import State
from lanzarote.treaties.models import Treaty

from . import catalogue as catalogues
from . import selectors, services
from .models import Act, Link, SelfAssessment, Unit
from .permissions import can_change_assessment, can_create_assessment, can_read_assessment

MAX_FILES = 20


def _assessment(request: HttpRequest, pk: int) -> SelfAssessment:
    assessment = get_object_or_404(SelfAssessment.objects.select_related("state", "treaty"), pk=pk)
    if not can_read_assessment(request.user, assessment):
        raise Http404("no such self-assessment")  # private: not even its existence is shown
    return assessment


def _language() -> str:
    return "fr" if get_language().startswith("fr") else "en"


@require_http_methods(["GET", "HEAD", "POST"])
def assessments(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        treaty = get_object_or_404(Treaty, code=request.POST.get("treaty", "cets201"))
        state = State.objects.filter(iso2=request.POST.get("state", "").upper()[:2]).first()
        if state is None:
            messages.error(request, _("Choose the State whose legislation is assessed."))
            return redirect("legislation:assessments")
        try:
            assessment = services.assessment_create(
                actor=request.user, treaty=treaty, state=state, title=request.POST.get("title", "")
            )
        except services.LegislationError as refused:
            messages.error(request, str(refused))
            return redirect("legislation:assessments")
        return redirect("legislation:assessment", pk=assessment.pk)
    return render(
        request,
        "legislation/assessments.html",
        {
            "assessments": selectors.assessments_for(request.user),
            "can_create": can_create_assessment(request.user),
            "states": State.objects.order_by("name_en"),
            "treaties": [t for t in Treaty.objects.all() if catalogues.has_catalogue(t.code)],
        },
    )


@require_safe
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    rows = selectors.gap_report(assessment, language=_language())
    return render(
        request,
        "legislation/assessment.html",
        {
            "assessment": assessment,
            "acts": selectors.acts_of(assessment),
            "rows": rows,
            "counts": selectors.gap_counts(rows),
            "can_change": can_change_assessment(request.user, assessment),
            "max_files": MAX_FILES,
            "formats": [("html", "HTML"), ("pdf", "PDF"), ("docx", "DOCX"), ("xlsx", "XLSX")],
        },
    )


@require_safe
def act_status(request: HttpRequest, pk: int, act_pk: int) -> HttpResponse:
    """The act's line, refreshed while it is read (htmx)."""
    assessment = _assessment(request, pk)
    act = get_object_or_404(Act, pk=act_pk, assessment=assessment)
    response = render(request, "legislation/_act.html", {"act": act, "assessment": assessment})
    if request.headers.get("HX-Request") and act.status in (Act.Status.READY, Act.Status.FAILED):
        # the gap report below was drawn before this act was read: reload the page once
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def acts_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not can_change_assessment(request.user, assessment):
        raise PermissionDenied(_("only the author of this self-assessment can change it"))
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose one or more files of legislation to upload."))
    elif len(files) > MAX_FILES:
        messages.error(
            request, _("At most %(n)s files can be uploaded at once.") % {"n": MAX_FILES}
        )
    else:
        for upload in files:
            if upload.size is not None and upload.size > services.max_act_bytes():
                messages.error(
                    request,
                    _("%(name)s: the file is larger than the size allowed.")
                    % {"name": upload.name},
                )
                continue
            try:
                services.act_add(
                    actor=request.user,
                    assessment=assessment,
                    name=upload.name or "",
                    data=upload.read(),
                )
            except services.LegislationError as refused:
                messages.error(request, f"{upload.name}: {refused}")
            else:
                messages.success(
                    request, _("%(name)s was uploaded and is being read.") % {"name": upload.name}
                )
    return redirect("legislation:assessment", pk=assessment.pk)


@require_POST
@login_required
def act_remove(request: HttpRequest, pk: int, act_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    act = get_object_or_404(Act, pk=act_pk, assessment=assessment)
    try:
        services.act_remove(actor=request.user, act=act)
    except services.LegislationError as refused:
        messages.error(request, str(refused))
    return redirect("legislation:assessment", pk=assessment.pk)


@require_POST
@login_required
def assessment_state(request: HttpRequest, pk: int) -> HttpResponse:
    """Share with the Secretariat, stop sharing, publish or delete."""
    assessment = _assessment(request, pk)
    what = request.POST.get("do", "")
    try:
        if what in ("share", "unshare"):
            services.assessment_share(
                actor=request.user, assessment=assessment, shared=what == "share"
            )
        elif what == "publish":
            services.assessment_publish(actor=request.user, assessment=assessment)
        elif what == "delete":
            services.assessment_delete(actor=request.user, assessment=assessment)
            messages.success(request, _("The self-assessment was deleted."))
            return redirect("legislation:assessments")
        else:
            return HttpResponse(_("Unknown action."), status=400)
    except services.LegislationError as refused:
        messages.error(request, str(refused))
    return redirect("legislation:assessment", pk=assessment.pk)


@require_safe
def labels(request: HttpRequest, pk: int) -> HttpResponse:
    """The author's corrections as labelled data (JSON Lines, the evaluation format)."""
    assessment = _assessment(request, pk)
    records = selectors.labelled_records(assessment, site=request.build_absolute_uri("/")[:-1])
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    response = HttpResponse(body.encode(), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="self-assessment-{assessment.pk}-labels.jsonl"'
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def unit(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    found = get_object_or_404(Unit, pk=unit_pk, act__assessment=assessment)
    catalogue = catalogues.for_treaty(assessment.treaty.code)
    if request.method == "POST":
        if not can_change_assessment(request.user, assessment):
            raise PermissionDenied(_("only the author of this self-assessment can change it"))
        try:
            _correct(request, found)
        except services.LegislationError as refused:
            messages.error(request, str(refused))
        return redirect("legislation:unit", pk=assessment.pk, unit_pk=found.pk)
    found = selectors.unit_with_links(found)
    language = _language()
    links = []
    for link in found.links.all():
        spec = catalogues.obligation(catalogue, link.ref)
        checks = {c.code: c for c in link.elements.all()}
        elements = [
            {
                "code": e.id,
                "label": e.label_fr if language == "fr" and e.label_fr else e.label_en,
                "required": e.required,
                "check": checks.get(e.id),
            }
            for e in (spec.elements if spec else ())
        ]
        links.append({"link": link, "spec": spec, "elements": elements})
    return render(
        request,
        "legislation/unit.html",
        {
            "assessment": assessment,
            "unit": found,
            "links": links,
            "obligations": catalogue.obligations,
            "can_change": can_change_assessment(request.user, assessment),
        },
    )


def _correct(request: HttpRequest, unit: Unit) -> None:
    what = request.POST.get("do", "")
    if what == "add":
        services.link_add(
            actor=request.user,
            unit=unit,
            ref=request.POST.get("ref", ""),
            partly=request.POST.get("partly") == "1",
        )
        return
    link = get_object_or_404(Link, pk=_int(request.POST.get("link")), unit=unit)
    if what in ("confirm", "reject"):
        services.link_decide(actor=request.user, link=link, confirmed=what == "confirm")
    elif what == "element":
        services.element_set(
            actor=request.user,
            link=link,
            code=request.POST.get("code", ""),
            satisfied=request.POST.get("satisfied") == "1",
        )
    else:
        raise services.LegislationError(_("Unknown action."))


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404("no such link") from None
