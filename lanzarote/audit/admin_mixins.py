"""Admin changes are audited like every other write: before/after, in the same transaction."""

from django.contrib import admin
from django.db import transaction

from .actions import Action
from .permissions import can_change_audited
from .services import audit_record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions each write an AuditEvent.

    Only the Secretariat may change anything through it (deny by default).
    """

    def has_module_permission(self, request):
        return can_change_audited(request.user)

    def has_view_permission(self, request, obj=None):
        return can_change_audited(request.user)

    def has_add_permission(self, request):
        return can_change_audited(request.user)

    def has_change_permission(self, request, obj=None):
        return can_change_audited(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_change_audited(request.user)

    def after_save(self, obj) -> None:
        """Hook for derived data to refresh (a search index, say) inside the same transaction."""

    def save_model(self, request, obj, form, change):
        # Django's admin runs save_model and save_related in one transaction; the audit event is
        # written after save_related so that it sees the many-to-many links as saved.
        form.audit_before = (
            snapshot(type(obj).objects.get(pk=obj.pk), with_links=True) if change else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit_record(
            actor=request.user,
            action=Action.ADMIN_CHANGE if change else Action.ADMIN_ADD,
            obj=obj,
            before=form.audit_before,
            after=snapshot(obj, with_links=True),
        )
        self.after_save(obj)

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=Action.ADMIN_DELETE,
            obj=obj,
            before=snapshot(obj, with_links=True),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
