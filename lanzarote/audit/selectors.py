from django.db.models import Model, QuerySet

from .models import AuditEvent


def audit_events_for(*, obj: Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
