"""Public pages about States: the Parties table and map, a State's page, accessions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import condition, require_safe

from lanzarote.lib import pagecache
from lanzarote.lib.downloads import csv_download, json_download
from lanzarote.lib.i18n import Localised, current_language
from lanzarote.treaties.models import Provision
from lanzarote.treaties.selectors import treaty_get

from . import selectors, services
from .forms import (
    AccessionRequestForm,
    ConsultationAnswerForm,
    ConsultationOpenForm,
    DecisionForm,
    DepositForm,
)
from .maps import status_map_etag, status_map_svg
from .models import AccessionRequest, TreatyStatus
from .permissions import SECRETARIAT_ONLY, can_edit_treaty_data


def _table_params(request):
    status = request.GET.get("status", "")
    if status not in TreatyStatus.Status.values:
        status = ""
    sort = request.GET.get("sort", "name")
    if sort not in selectors.SORTS:
        sort = "name"
    return {
        "status": status,
        "query": request.GET.get("q", "").strip()[:100],
        "sort": sort,
        "descending": request.GET.get("dir") == "desc",
    }


@require_safe
def status_list(request, code):
    # every Party's status (about 90 ms): the public's copy from the page cache until the
    # treaty or the Parties' data change (lib/pagecache.py)
    return pagecache.cached_page(
        request,
        name="parties.status_list",
        audience=pagecache.public_only(request),
        topics=("parties", "treaties"),
        render=lambda extra: _status_list(request, code, extra),
    )


def _status_list(request, code, extra):
    treaty = treaty_get(code=code)
    params = _table_params(request)
    rows = selectors.status_list(treaty=treaty, lang=current_language(), **params)
    everyone = selectors.treaty_statuses(treaty=treaty)
    counts = selectors.status_counts(rows=everyone)
    columns = [
        ("name", _("State")),
        ("status", _("Status")),
        ("signature", _("Signature")),
        ("deposit", _("Ratification or accession")),
        ("entry_into_force", _("Entry into force")),
    ]
    return render(
        request,
        "parties/status_list.html",
        {
            "treaty": treaty,
            "rows": rows,
            "doubted": selectors.status_doubted(treaty=treaty),
            "columns": columns,
            "statuses": TreatyStatus.Status.choices,
            "counts": [(label, counts[value]) for value, label in TreatyStatus.Status.choices],
            "known": selectors.dates_known(rows=everyone),
            "members": selectors.committee_member_count(treaty=treaty),
            "bodies": selectors.committee_bodies(treaty=treaty),
            **params,
            **extra,
        },
    )


def _map_data(code):
    treaty = treaty_get(code=code)
    statuses = {row.state.iso_numeric: row.status for row in selectors.status_list(treaty=treaty)}
    labels = {value: str(label) for value, label in TreatyStatus.Status.choices}
    return statuses, labels


def _map_etag(request, code):
    statuses, labels = _map_data(code)
    return status_map_etag(statuses=statuses, labels=labels)


# An SVG used as an image runs no script; Vega's output needs no inline style either, but the
# header is kept strict for it as for every response.
@require_safe
@csp_override({"default-src": ["'none'"], "style-src": ["'self'"]})
@condition(etag_func=_map_etag)
def status_map(request, code):
    statuses, labels = _map_data(code)
    svg = status_map_svg(statuses=statuses, labels=labels, title=_("Status"))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def state_detail(request, iso2):
    state = selectors.state_get(iso2=iso2)
    statuses = list(selectors.state_statuses(state=state))
    return render(
        request,
        "parties/state_detail.html",
        {
            "state": state,
            "statuses": statuses,
            "unrecorded": selectors.treaties_not_recorded(statuses=statuses),
            "reservations_noted": any(s.reservations_note for s in statuses),
            "reservations": selectors.state_reservations(state=state),
            "memberships": selectors.state_memberships(state=state),
            "accessions": state.accession_requests.select_related("treaty"),
        },
    )


def accession_list(request):
    editor = can_edit_treaty_data(request.user)
    if request.method == "POST" and not editor:
        raise PermissionDenied(SECRETARIAT_ONLY)
    form = AccessionRequestForm(request.POST or None) if editor else None
    if form is not None and form.is_valid():
        try:
            accession = services.accession_request_create(actor=request.user, **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("parties:accession", pk=accession.pk)
    context = {"requests": selectors.accession_list(), "form": form}
    return render(request, "parties/accession_list.html", context)


STEP_FORMS = {
    AccessionRequest.Step.REQUESTED: ("consult", ConsultationOpenForm),
    AccessionRequest.Step.CONSULTATION: ("answer", ConsultationAnswerForm),
    AccessionRequest.Step.INVITED: ("deposit", DepositForm),
}


def _accession_forms(request, accession):
    """The forms for the next step, bound to the posted data of the one submitted."""
    posted = request.POST.get("step") if request.method == "POST" else None
    forms = {}
    if accession.step in STEP_FORMS:
        name, form_class = STEP_FORMS[accession.step]
        kwargs = {"request": accession} if form_class is ConsultationAnswerForm else {}
        forms[name] = form_class(request.POST if posted == name else None, prefix=name, **kwargs)
    if accession.step == AccessionRequest.Step.CONSULTATION:
        forms["decide"] = DecisionForm(
            request.POST if posted == "decide" else None, prefix="decide"
        )
    return posted, forms


def _accession_step(*, name, accession, data, actor):
    if name == "consult":
        services.accession_consultation_open(request=accession, actor=actor, **data)
    elif name == "answer":
        services.accession_consultation_record(request=accession, actor=actor, **data)
    elif name == "decide":
        services.accession_decide(request=accession, actor=actor, **data)
    elif name == "deposit":
        services.accession_deposit(request=accession, actor=actor, **data)


def accession_detail(request, pk):
    accession = selectors.accession_get(pk=pk)
    editor = can_edit_treaty_data(request.user)
    if request.method == "POST" and not editor:
        raise PermissionDenied(SECRETARIAT_ONLY)
    posted, forms = _accession_forms(request, accession) if editor else (None, {})
    if posted:
        form = forms.get(posted)
        if form is None:
            return HttpResponseBadRequest("This step is not open for this request.")
        if form.is_valid():
            try:
                _accession_step(
                    name=posted, accession=accession, data=form.cleaned_data, actor=request.user
                )
            except services.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("parties:accession", pk=accession.pk)
    consultations = list(accession.consultations.all())
    tally = {value: 0 for value in ("pending", "consent", "objection")}
    for consultation in consultations:
        tally[consultation.response] += 1
    return render(
        request,
        "parties/accession_detail.html",
        {
            "accession": accession,
            "consultations": consultations,
            "tally": tally,
            "forms": forms,
            "show_answers": editor,
        },
    )


# --- open data ----------------------------------------------------------------------------------

LEVELLED = ("status", "signature", "deposit", "entry_into_force")
DATED = LEVELLED[1:]
DATE_PARTS = ("citation", "citation_url", "note")  # each date's source and note
EXPORT_FIELDS = [
    "iso2",
    "iso3",
    "name_en",
    "name_fr",
    "coe_member",
    "status",
    "signature",
    "deposit",
    "deposit_kind",
    "entry_into_force",
    "entry_into_force_derived",
    "entry_into_force_source",
    "entry_into_force_conflict",
    *(f"{name}_{part}" for name in LEVELLED for part in ("confidence", "basis")),
    *(f"{name}_{part}" for name in DATED for part in DATE_PARTS),
    "reservations_note",
    "source_url",
]


def _export_rows(treaty):
    """One row per State. ``entry_into_force`` is the date shown on the pages: derived by the
    treaty's rule where the deposit is known to the day (``entry_into_force_derived``), the
    source's own date kept beside it; each value has its confidence level and its basis, each
    date its source (``_citation``, ``_citation_url``) and its note."""
    for row in selectors.status_list(treaty=treaty):
        eif = row.entry_into_force_shown
        yield {
            "iso2": row.state.iso2,
            "iso3": row.state.iso3,
            "name_en": row.state.name_en,
            "name_fr": row.state.name_fr,
            "coe_member": row.state.coe_member,
            "status": row.status,
            "signature": str(row.signature_date or ""),
            "deposit": str(row.deposit_date or ""),
            "deposit_kind": row.deposit_kind,
            "entry_into_force": str(eif.date or ""),
            "entry_into_force_derived": eif.derived,
            "entry_into_force_source": str(eif.source or ""),
            "entry_into_force_conflict": eif.conflict,
            **{
                f"{name}_{part}": getattr(row, f"{name}_{part}")
                for name in LEVELLED
                for part in ("confidence", "basis")
            },
            **{
                f"{name}_{part}": getattr(row, f"{name}_{part}")
                for name in DATED
                for part in DATE_PARTS
            },
            "reservations_note": row.reservations_note,
            "source_url": row.source_url,
        }


@require_safe
def status_csv(request, code):
    rows = _export_rows(treaty_get(code=code))
    return csv_download(filename=f"{code}-parties.csv", fields=EXPORT_FIELDS, rows=rows)


@require_safe
def status_json(request, code):
    treaty = treaty_get(code=code)
    rows = [
        {k: v if isinstance(v, bool) else (v or None) for k, v in row.items()}
        for row in _export_rows(treaty)
    ]
    known = selectors.dates_known(rows=selectors.treaty_statuses(treaty=treaty))
    return json_download(
        filename=f"{code}-parties.json",
        payload={"treaty": code, "dates_known": known.as_dict(), "parties": rows},
    )


def _in_language(item: dict, name: str, lang: str) -> Localised:
    """A text of the reference data in the reader's language, or English, said so."""
    wanted = item.get(f"{name}_{lang}") or ""
    if wanted or lang == "en":
        return Localised(wanted, lang, False)
    return Localised(item.get(f"{name}_en") or "", "en", True)


@require_safe
def joining(request, code):
    """Why join the treaty and how: for States that are not yet Parties (reference data)."""
    treaty = treaty_get(code=code)
    if not treaty.joining:
        raise Http404("no accession guide for this treaty")
    lang = current_language()
    steps = treaty.joining.get("steps", [])
    provisions = Provision.objects.select_related("article").in_bulk(
        [s["provision"] for s in steps if s["provision"]], field_name="uid"
    )
    benefits = [
        {
            "text": _in_language(b, "text", lang),
            "source": b["source_fr"] if lang == "fr" and b.get("text_fr") else b["source_en"],
            "speaker": b.get("speaker", ""),
        }
        for b in treaty.joining.get("benefits", [])
    ]
    shown = [
        {
            "then": step["then"],
            "title": _in_language(step, "title", lang),
            "text": _in_language(step, "text", lang),
            "provision": provisions.get(step["provision"]),
            "source_url": step["source_url"],
        }
        for step in steps
    ]
    return render(
        request,
        "parties/joining.html",
        {
            "treaty": treaty,
            "benefits": benefits,
            "steps": [s for s in shown if not s["then"]],
            "then": [s for s in shown if s["then"]],
        },
    )
