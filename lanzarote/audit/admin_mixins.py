"""Admin changes are audited like every other write: before/after, in the same transaction."""

from django.contrib import admin
from django.db import transaction

from lanzarote.accounts.permissions import can_edit_treaty_data

from .services import audit_record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions each write an AuditEvent.

    Only the Secretariat may change anything through it (deny by default).
    """

    def has_module_permission(self, request):
        return can_edit_treaty_data(request.user)

    def has_view_permission(self, request, obj=None):
        return can_edit_treaty_data(request.user)

    def has_add_permission(self, request):
        return can_edit_treaty_data(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_treaty_data(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_treaty_data(request.user)

    def after_save(self, obj) -> None:
        """Hook for derived data to refresh (a search index, say) inside the same transaction."""

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk:
            before = snapshot(type(obj).objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            obj=obj,
            before=before,
            after=snapshot(obj),
        )
        self.after_save(obj)

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="admin.delete", obj=obj, before=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
