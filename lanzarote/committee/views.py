"""The Committee's meetings: the list (with the gaps in the record), a meeting's page, the
Secretariat's forms, the documents, and the open-data downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lanzarote.lib.downloads import csv_download, json_download
from lanzarote.treaties.selectors import treaty_get

from . import selectors, services
from .forms import AgendaForm, DecisionForm, DocumentForm, MeetingForm
from .models import MeetingDocument
from .permissions import (
    SECRETARIAT_ONLY,
    can_manage_meetings,
    can_read_decisions,
    can_read_document,
    can_read_restricted,
)


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    treaty = selectors.site_treaty()
    meetings = list(selectors.meeting_list(treaty=treaty, viewer=request.user))
    return render(
        request,
        "committee/meeting_list.html",
        {
            "treaty": treaty,
            "rows": selectors.meeting_rows(meetings=meetings),
            "known": len(meetings),
            "gaps": len(selectors.gap_numbers(meetings=meetings)),
            "manager": can_manage_meetings(request.user),
        },
    )


@require_safe
def meeting_detail(request: HttpRequest, number: int) -> HttpResponse:
    treaty = selectors.site_treaty()
    meeting = selectors.meeting_get(treaty=treaty, number=number, viewer=request.user)
    return render(
        request,
        "committee/meeting_detail.html",
        {
            "treaty": treaty,
            "meeting": meeting,
            # the opinions and declarations its decisions adopted (treaties, lower: named by
            # the decision)
            "adopted_texts": [
                d.interpretive_text for d in meeting.visible_decisions if d.interpretive_text
            ],
            "decisions_readable": can_read_decisions(request.user, meeting),
            "restricted_reader": can_read_restricted(request.user),
            "manager": can_manage_meetings(request.user),
        },
    )


# --- the Secretariat's forms ---------------------------------------------------------------------


def _manager(request: HttpRequest) -> None:
    if not can_manage_meetings(request.user):
        raise PermissionDenied(SECRETARIAT_ONLY)


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    treaty = selectors.site_treaty()
    latest = selectors.meeting_choices(treaty=treaty).first()
    initial = {"number": latest.number + 1 if latest else 1, "status": "planned"}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, treaty=treaty, **form.cleaned_data
            )
        except services.MeetingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("committee:meeting_edit", number=meeting.number)
    # refused input is answered 400 with the form and its errors, as the edit page does
    status = 400 if form.errors else 200
    return render(request, "committee/meeting_new.html", {"form": form}, status=status)


def _edit_page(request: HttpRequest, meeting, **bound) -> HttpResponse:
    meeting = selectors.meeting_get(
        treaty=meeting.treaty, number=meeting.number, viewer=request.user
    )
    agenda = list(meeting.agenda.all())
    forms = {
        "meeting_form": MeetingForm(
            editing=True,
            initial={
                "start": meeting.start,
                "end": meeting.end,
                "venue_en": meeting.venue_en,
                "venue_fr": meeting.venue_fr,
                "status": meeting.status,
            },
        ),
        "agenda_form": AgendaForm(
            initial={
                "items_en": "\n".join(a.title_en for a in agenda),
                "items_fr": "\n".join(a.title_fr for a in agenda)
                if all(a.title_fr for a in agenda)
                else "",
            }
        ),
        "decision_form": DecisionForm(treaty=meeting.treaty),
        "document_form": DocumentForm(),
        **bound,
    }
    status = 400 if bound else 200
    return render(
        request, "committee/meeting_edit.html", {"meeting": meeting, **forms}, status=status
    )


@login_required
def meeting_edit(request: HttpRequest, number: int) -> HttpResponse:
    _manager(request)
    meeting = selectors.meeting_by_number(treaty=selectors.site_treaty(), number=number)
    if request.method != "POST":
        return _edit_page(request, meeting)
    form = MeetingForm(request.POST, editing=True)
    if form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except services.MeetingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("committee:meeting_edit", number=number)
    return _edit_page(request, meeting, meeting_form=form)


@require_POST
@login_required
def agenda_save(request: HttpRequest, number: int) -> HttpResponse:
    _manager(request)
    meeting = selectors.meeting_by_number(treaty=selectors.site_treaty(), number=number)
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_set(
                actor=request.user, meeting=meeting, items=form.cleaned_data["items"]
            )
        except services.MeetingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The agenda was saved."))
            return redirect("committee:meeting_edit", number=number)
    return _edit_page(request, meeting, agenda_form=form)


@require_POST
@login_required
def decision_add(request: HttpRequest, number: int) -> HttpResponse:
    _manager(request)
    meeting = selectors.meeting_by_number(treaty=selectors.site_treaty(), number=number)
    form = DecisionForm(request.POST, treaty=meeting.treaty)
    if form.is_valid():
        try:
            services.decision_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except services.MeetingError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("committee:meeting_edit", number=number)
    return _edit_page(request, meeting, decision_form=form)


@require_POST
@login_required
def document_add(request: HttpRequest, number: int) -> HttpResponse:
    _manager(request)
    meeting = selectors.meeting_by_number(treaty=selectors.site_treaty(), number=number)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        if upload.size is not None and upload.size > services.max_document_bytes():
            form.add_error("file", _("The file is larger than the size allowed."))
        else:
            try:
                services.document_attach(
                    actor=request.user,
                    meeting=meeting,
                    name=upload.name or "",
                    data=upload.read(),
                    **data,
                )
            except services.MeetingError as refused:
                form.add_error("file", str(refused))
            else:
                messages.success(request, _("The document was attached."))
                return redirect("committee:meeting_edit", number=number)
    return _edit_page(request, meeting, document_form=form)


def _document(request: HttpRequest, number: int, pk: int) -> MeetingDocument:
    """The meeting's document, or 404 when there is none or the reader may not read it (the
    same answer: it tells nothing of restricted documents)."""
    meeting = selectors.meeting_by_number(treaty=selectors.site_treaty(), number=number)
    document = get_object_or_404(MeetingDocument, meeting=meeting, pk=pk)
    if not can_read_document(request.user, document):
        raise Http404
    return document


@require_POST
@login_required
def document_declassify(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    _manager(request)
    document = _document(request, number, pk)
    try:
        services.document_declassify(actor=request.user, document=document)
    except services.MeetingError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The document is public now."))
    return redirect("committee:meeting_edit", number=number)


@require_POST
@login_required
def decisions_publish(request: HttpRequest, number: int) -> HttpResponse:
    _manager(request)
    meeting = selectors.meeting_by_number(treaty=selectors.site_treaty(), number=number)
    try:
        services.decisions_publish(actor=request.user, meeting=meeting)
    except services.MeetingError as refused:
        messages.error(request, str(refused))
        return redirect("committee:meeting_edit", number=number)
    messages.success(request, _("The list of decisions is published."))
    return redirect("committee:meeting", number=number)


@require_safe
def document_download(request: HttpRequest, number: int, pk: int) -> HttpResponse | FileResponse:
    document = _document(request, number, pk)
    name = document.file.name
    if not name:
        raise Http404
    try:
        stored_size = default_storage.size(name)
    except OSError:
        stored_size = -1
    if stored_size != document.size:  # never serve a cut copy as the document
        response = HttpResponse(
            _("The stored copy is damaged; attach the document again."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "private, no-store"
        return response
    download = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,  # an uploaded page never runs in the site's origin
        filename=document.original_name,
        content_type=document.content_type,
    )
    download["Cache-Control"] = (
        "private, no-store" if document.restricted else "public, max-age=300"
    )
    return download


# --- open data ----------------------------------------------------------------------------------

EXPORT_FIELDS = [
    "number",
    "start",
    "end",
    "venue_en",
    "venue_fr",
    "status",
    "agenda_en",
    "agenda_fr",
    "decisions_published",
    "decisions_en",
    "decisions_fr",
    "documents",
    "notes",
    "sources",
]


def _export_rows(treaty, viewer):
    """One row per meeting, with what the reader may read: the public gets the decisions of
    published lists and the public documents only. Lists in a cell are joined by " | "."""
    for meeting in selectors.meetings_for_export(treaty=treaty, viewer=viewer):
        decisions = meeting.export_decisions
        yield {
            "number": meeting.number,
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "venue_en": meeting.venue_en,
            "venue_fr": meeting.venue_fr,
            "status": meeting.status,
            "agenda_en": [a.title_en for a in meeting.agenda.all()],
            "agenda_fr": [a.title_fr for a in meeting.agenda.all()],
            "decisions_published": meeting.decisions_published,
            "decisions_en": [d.text_en for d in decisions],
            "decisions_fr": [d.text_fr for d in decisions],
            "documents": [
                " ".join(filter(None, [d.reference, d.title_en, d.url]))
                for d in meeting.export_documents
            ],
            "notes": meeting.notes,
            "sources": list(meeting.sources),
        }


def _joined(row):
    return {k: " | ".join(v) if isinstance(v, list) else v for k, v in row.items()}


@require_safe
def meetings_csv(request: HttpRequest, code: str) -> HttpResponse:
    rows = (_joined(r) for r in _export_rows(treaty_get(code=code), request.user))
    return csv_download(filename=f"{code}-meetings.csv", fields=EXPORT_FIELDS, rows=rows)


@require_safe
def meetings_json(request: HttpRequest, code: str) -> HttpResponse:
    treaty = treaty_get(code=code)
    rows = list(_export_rows(treaty, request.user))
    return json_download(
        filename=f"{code}-meetings.json",
        payload={
            "treaty": code,
            "gaps": selectors.gap_numbers(meetings=selectors.meeting_choices(treaty=treaty)),
            "meetings": rows,
        },
    )
