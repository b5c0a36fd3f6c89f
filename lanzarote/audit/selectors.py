from django.db.models import Model, QuerySet

from .models import AuditEvent


def audit_events_for(*, obj: Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


def recorded_values(*, actions: list[str], key: str) -> set[str]:
    """The value of one field (``key``) in the "after" snapshot of every event of these
    actions: what the history names (the stored file of every upload ever made, say)."""
    rows = AuditEvent.objects.filter(action__in=actions).values_list("after", flat=True)
    return {str(after[key]) for after in rows if isinstance(after, dict) and after.get(key)}
