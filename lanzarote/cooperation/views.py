"""Co-operation pages: capacity-building activities, the good-practices library (filters and
search), the European Day, the Secretariat's forms, and the open-data downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lanzarote.assessments.models import Evidence
from lanzarote.lib.downloads import csv_download, json_download
from lanzarote.lib.errors import NotAllowed
from lanzarote.lib.params import id_param
from lanzarote.parties.models import State
from lanzarote.search.selectors import QueryError, search
from lanzarote.treaties.models import Pillar
from lanzarote.treaties.selectors import treaty_get

from . import exports, selectors, services
from .forms import ActivityForm, EuropeanDayForm, PracticeForm, PromoteForm
from .indexing import PRACTICE
from .models import CapacityBuildingActivity
from .permissions import SECRETARIAT_ONLY, can_manage_cooperation, can_promote_evidence

MAX_QUERY = 300


@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    treaty = selectors.site_treaty()
    kind = request.GET.get("kind", "")
    if kind not in CapacityBuildingActivity.Kind.values:
        kind = ""
    return render(
        request,
        "cooperation/activity_list.html",
        {
            "treaty": treaty,
            "activities": list(
                selectors.activity_list(treaty=treaty, viewer=request.user, kind=kind)
            ),
            "kinds": CapacityBuildingActivity.Kind.choices,
            "kind": kind,
            "manager": can_manage_cooperation(request.user),
        },
    )


@require_safe
def activity_detail(request: HttpRequest, uid: str) -> HttpResponse:
    activity = selectors.activity_get(uid=uid, viewer=request.user)
    practices = selectors.practice_list(treaty=activity.treaty, viewer=request.user).filter(
        activity=activity
    )
    return render(
        request,
        "cooperation/activity_detail.html",
        {
            "activity": activity,
            "practices": list(practices),
            "manager": can_manage_cooperation(request.user),
        },
    )


def _practice_ids(request: HttpRequest, text: str) -> tuple[list[int] | None, str]:
    """The practices a query finds (full text, and by meaning when embeddings are on), best
    first; or None without a query, or an error to show."""
    if not text:
        return None, ""
    try:
        results = search(
            text=text,
            viewer=request.user,
            kinds=(PRACTICE,),
            limit=200,
            show_lang=request.LANGUAGE_CODE,
        )
    except QueryError as error:
        return [], str(error)
    ids: list[int] = []
    for hit in results.hits:
        pk = id_param(hit.ref.rsplit(".", 1)[-1])
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids, ""


@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    treaty = selectors.site_treaty()
    provision = request.GET.get("provision", "").strip()[:64]
    pillar = request.GET.get("pillar", "")
    if pillar not in Pillar.values:
        pillar = ""
    state = request.GET.get("state", "").strip().upper()[:2]
    if not state.isalpha():
        state = ""
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    ids, error = _practice_ids(request, text)
    practices = list(
        selectors.practice_list(
            treaty=treaty,
            viewer=request.user,
            provision=provision,
            pillar=pillar,
            state=state,
            ids=ids,
        )
    )
    if ids:  # best match first
        rank = {pk: n for n, pk in enumerate(ids)}
        practices.sort(key=lambda p: rank.get(p.pk, len(rank)))
    return render(
        request,
        "cooperation/practice_list.html",
        {
            "treaty": treaty,
            "practices": practices,
            "provision": provision,
            "pillar": pillar,
            "pillars": Pillar.choices,
            "state": state,
            "states": State.objects.filter(good_practices__isnull=False).distinct(),
            "q": text,
            "error": error,
            "manager": can_manage_cooperation(request.user),
        },
    )


@require_safe
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = selectors.practice_get(pk=pk, viewer=request.user)
    return render(
        request,
        "cooperation/practice_detail.html",
        {"practice": practice, "manager": can_manage_cooperation(request.user)},
    )


# --- the Secretariat's forms ---------------------------------------------------------------------


def _manager(request: HttpRequest) -> None:
    if not can_manage_cooperation(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)


@login_required
def practice_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    treaty = selectors.site_treaty()
    form = PracticeForm(request.POST or None, treaty=treaty)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(
                actor=request.user, treaty=treaty, **form.cleaned_data
            )
        except services.CooperationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The good practice is recorded as a draft."))
            return redirect("cooperation:practice", pk=practice.pk)
    return render(
        request,
        "cooperation/practice_form.html",
        {"form": form, "practice": None},
        status=400 if form.errors else 200,
    )


@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    practice = selectors.practice_get(pk=pk, viewer=request.user)
    initial = {
        "title_en": practice.title_en,
        "title_fr": practice.title_fr,
        "summary_en": practice.summary_en,
        "summary_fr": practice.summary_fr,
        "states": ", ".join(s.iso2 for s in practice.states.all()),
        "provisions": "\n".join(p.uid for p in practice.provisions.all()),
        "publication": practice.publication,
        "publication_url": practice.publication_url,
        "notes": practice.notes,
        "sources": "\n".join(practice.sources),
    }
    form = PracticeForm(request.POST or None, initial=initial, treaty=practice.treaty)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(
                actor=request.user,
                practice=practice,
                indicators=list(practice.indicators.all()),
                **form.cleaned_data,
            )
        except services.CooperationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The good practice is saved."))
            return redirect("cooperation:practice", pk=practice.pk)
    return render(
        request,
        "cooperation/practice_form.html",
        {"form": form, "practice": practice},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    practice = selectors.practice_get(pk=pk, viewer=request.user)
    try:
        services.practice_publish(actor=request.user, practice=practice)
    except services.CooperationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The good practice is published."))
    return redirect("cooperation:practice", pk=pk)


@require_POST
@login_required
def practice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    practice = selectors.practice_get(pk=pk, viewer=request.user)
    try:
        services.practice_withdraw(
            actor=request.user, practice=practice, reason=request.POST.get("reason", "")
        )
    except services.CooperationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("The good practice is withdrawn: the public no longer reads it.")
        )
    return redirect("cooperation:practice", pk=pk)


@require_POST
@login_required
def practice_promote(request: HttpRequest, evidence: int) -> HttpResponse:
    """The button under a finding's evidence passage: the passage becomes a good practice."""
    _manager(request)
    found = get_object_or_404(
        Evidence.objects.select_related(
            "finding__indicator__scheme__round__treaty", "finding__party"
        ),
        pk=evidence,
    )
    if not can_promote_evidence(request.user, found):
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = PromoteForm(request.POST)
    back = redirect("assessments:finding", pk=found.finding_id)
    if not form.is_valid():
        messages.error(request, _("Give the good practice a title in English."))
        return back
    try:
        practice = services.practice_promote(
            actor=request.user, evidence=found, **form.cleaned_data
        )
    except NotAllowed:
        raise PermissionDenied(SECRETARIAT_ONLY) from None
    except services.CooperationError as refused:
        messages.error(request, str(refused))
        return back
    if practice.is_published:
        messages.success(request, _("The passage is a published good practice now."))
    else:
        messages.success(request, _("The passage is a good practice now, as a draft."))
    return redirect("cooperation:practice", pk=practice.pk)


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    treaty = selectors.site_treaty()
    form = ActivityForm(request.POST or None, treaty=treaty)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user, treaty=treaty, **form.cleaned_data
            )
        except services.CooperationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("cooperation:activity", uid=activity.uid)
    return render(
        request,
        "cooperation/activity_form.html",
        {"form": form, "activity": None},
        status=400 if form.errors else 200,
    )


@login_required
def activity_edit(request: HttpRequest, uid: str) -> HttpResponse:
    _manager(request)
    activity = selectors.activity_get(uid=uid, viewer=request.user)
    participants = [
        f"{p.state.iso2}: {p.organisation}"
        if p.state and p.organisation
        else (p.state.iso2 if p.state else p.organisation)
        for p in activity.participants.all()
    ]
    initial = {
        "kind": activity.kind,
        "title_en": activity.title_en,
        "title_fr": activity.title_fr,
        "start": activity.start_date.iso() if activity.start_date else "",
        "end": activity.end_date.iso() if activity.end_date else "",
        "place_en": activity.place_en,
        "place_fr": activity.place_fr,
        "organisers": "\n".join(activity.organisers),
        "participants": "\n".join(participants),
        "themes_en": "\n".join(activity.themes_en),
        "themes_fr": "\n".join(activity.themes_fr),
        "provisions": "\n".join(p.uid for p in activity.provisions.all()),
        "notes": activity.notes,
        "sources": "\n".join(activity.sources),
    }
    form = ActivityForm(request.POST or None, initial=initial, treaty=activity.treaty)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
        except services.CooperationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("cooperation:activity", uid=activity.uid)
    return render(
        request,
        "cooperation/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if form.errors else 200,
    )


def _days_page(request: HttpRequest, form: EuropeanDayForm | None = None) -> HttpResponse:
    treaty = selectors.site_treaty()
    manager = can_manage_cooperation(request.user)
    return render(
        request,
        "cooperation/european_day.html",
        {
            "treaty": treaty,
            "days": list(selectors.european_days(treaty=treaty)),
            "form": form or (EuropeanDayForm() if manager else None),
        },
        status=400 if form is not None else 200,
    )


@require_safe
def european_day_list(request: HttpRequest) -> HttpResponse:
    return _days_page(request)


@require_POST
@login_required
def european_day_save(request: HttpRequest) -> HttpResponse:
    """Record or correct a year's European Day (a year already recorded is replaced)."""
    _manager(request)
    form = EuropeanDayForm(request.POST)
    if form.is_valid():
        try:
            services.european_day_save(
                actor=request.user, treaty=selectors.site_treaty(), **form.cleaned_data
            )
        except services.CooperationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The European Day is recorded."))
            return redirect("cooperation:european_day")
    return _days_page(request, form)


# --- open data ----------------------------------------------------------------------------------


def _joined(row: dict) -> dict:
    return {k: " | ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}


@require_safe
def activities_csv(request: HttpRequest, code: str) -> HttpResponse:
    rows = exports.activity_rows(treaty=treaty_get(code=code), viewer=request.user)
    return csv_download(
        filename=f"{code}-activities.csv",
        fields=exports.ACTIVITY_FIELDS,
        rows=(_joined(r) for r in rows),
    )


@require_safe
def activities_json(request: HttpRequest, code: str) -> HttpResponse:
    rows = list(exports.activity_rows(treaty=treaty_get(code=code), viewer=request.user))
    return json_download(
        filename=f"{code}-activities.json", payload={"treaty": code, "activities": rows}
    )


@require_safe
def practices_csv(request: HttpRequest, code: str) -> HttpResponse:
    rows = exports.practice_rows(treaty=treaty_get(code=code), viewer=request.user)
    return csv_download(
        filename=f"{code}-good-practices.csv",
        fields=exports.PRACTICE_FIELDS,
        rows=(_joined(r) for r in rows),
    )


@require_safe
def practices_json(request: HttpRequest, code: str) -> HttpResponse:
    rows = list(exports.practice_rows(treaty=treaty_get(code=code), viewer=request.user))
    return json_download(
        filename=f"{code}-good-practices.json", payload={"treaty": code, "practices": rows}
    )


@require_safe
def days_csv(request: HttpRequest, code: str) -> HttpResponse:
    rows = exports.day_rows(treaty=treaty_get(code=code))
    return csv_download(
        filename=f"{code}-european-day.csv",
        fields=exports.DAY_FIELDS,
        rows=(_joined(r) for r in rows),
    )


@require_safe
def days_json(request: HttpRequest, code: str) -> HttpResponse:
    rows = list(exports.day_rows(treaty=treaty_get(code=code)))
    return json_download(
        filename=f"{code}-european-day.json", payload={"treaty": code, "days": rows}
    )
