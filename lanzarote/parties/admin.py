from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from lanzarote.audit.admin_mixins import AuditedAdmin
from lanzarote.treaties.models import Treaty

from .models import (
    AccessionConsultation,
    AccessionRequest,
    CommitteeMembership,
    Reservation,
    State,
    TreatyStatus,
)
from .permissions import can_edit_treaty_data
from .services import IMPORT_COLUMNS, treaty_status_import, treaty_status_problems

MAX_IMPORT_BYTES = 1_000_000


@admin.register(State)
class StateAdmin(AuditedAdmin):
    list_display = ["name_en", "name_fr", "iso2", "iso3", "coe_member"]
    list_filter = ["coe_member"]
    search_fields = ["name_en", "name_fr", "iso2", "iso3"]


class StatusImportForm(forms.Form):
    treaty = forms.ModelChoiceField(queryset=Treaty.objects.all(), label=_("Treaty"))
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, comma-separated, with a header line")
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check and show the changes, change nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; split it."))
        return upload


class TreatyStatusForm(forms.ModelForm):
    """The same consistency checks as the CSV import: dates in order, the treaty's rule."""

    class Meta:
        model = TreatyStatus
        fields = [
            "treaty",
            "state",
            "status",
            "signature",
            "signature_precision",
            "deposit",
            "deposit_precision",
            "deposit_kind",
            "entry_into_force",
            "entry_into_force_precision",
            "source_url",
            "confidence",
            "notes",
            "status_confidence",
            "status_basis",
            "signature_confidence",
            "signature_basis",
            "signature_citation",
            "signature_citation_url",
            "signature_note",
            "deposit_confidence",
            "deposit_basis",
            "deposit_citation",
            "deposit_citation_url",
            "deposit_note",
            "entry_into_force_confidence",
            "entry_into_force_basis",
            "entry_into_force_citation",
            "entry_into_force_citation_url",
            "entry_into_force_note",
            "reservations_note",
        ]

    def clean(self):
        data = super().clean()
        if data.get("treaty"):
            for problem in treaty_status_problems(treaty=data["treaty"], values=data):
                self.add_error(None, problem)
        return data


@admin.register(TreatyStatus)
class TreatyStatusAdmin(AuditedAdmin):
    form = TreatyStatusForm
    list_display = [
        "state",
        "treaty",
        "status",
        "status_confidence",
        "signature",
        "deposit",
        "deposit_confidence",
        "entry_into_force",
    ]
    list_filter = [
        "treaty",
        "status",
        "status_confidence",
        "signature_confidence",
        "deposit_confidence",
        "entry_into_force_confidence",
    ]
    search_fields = ["state__name_en", "state__iso2"]
    change_list_template = "admin/parties/treatystatus/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="parties_treatystatus_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not can_edit_treaty_data(request.user):
            raise PermissionDenied
        report = None
        form = StatusImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = treaty_status_import(
                treaty=form.cleaned_data["treaty"],
                content=form.cleaned_data["file"].read(),
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.applied:
                messages.success(
                    request, _("%(n)d rows changed.") % {"n": len(report.changed_rows)}
                )
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "report": report,
            "columns": IMPORT_COLUMNS,
            "opts": self.model._meta,
            "title": _("Import treaty status from CSV"),
        }
        return render(request, "admin/parties/treatystatus/import.html", context)


@admin.register(Reservation)
class ReservationAdmin(AuditedAdmin):
    list_display = [
        "state",
        "treaty",
        "kind",
        "clause",
        "made_on",
        "withdrawn_on",
        "reservation_confidence",
    ]
    list_filter = ["treaty", "kind", "reservation_confidence"]
    autocomplete_fields = ["provisions"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(AuditedAdmin):
    list_display = ["treaty", "state", "body_en", "kind"]
    list_filter = ["treaty", "kind"]


class ConsultationInline(admin.TabularInline):
    model = AccessionConsultation
    extra = 0
    can_delete = False
    fields = ["party", "response", "responded_on", "note"]
    readonly_fields = ["party", "response", "responded_on", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessionRequest)
class AccessionRequestAdmin(AuditedAdmin):
    """Read-only here: each step is recorded on the accession's page, through the services that
    check the order of the steps and the unanimity of the Parties."""

    list_display = ["state", "treaty", "step", "requested_on", "deposited_on", "entry_into_force"]
    inlines = [ConsultationInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
