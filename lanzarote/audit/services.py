"""Audit events are written by services, inside the transaction of the change they record."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from lanzarote.lib.pagecache import topics_bump

from .actions import Action
from .models import AuditEvent

# Writes that never change what an adopted finding says (they touch drafts, evidence before
# adoption, comments, suggestions): the pages built from adopted findings only (the overview
# matrix) depend on "assessments", not on this topic, and stay cached while analysts work.
ASSESSMENT_WORK = "assessments.work"
PAGE_TOPICS = {
    action: ASSESSMENT_WORK
    for action in (
        Action.FINDING_CREATE,
        Action.FINDING_CHANGE,
        Action.FINDING_EVIDENCE_ADD,
        Action.FINDING_EVIDENCE_REMOVE,
        Action.FINDING_REVIEW,
        Action.FINDING_COMMENT,
        Action.SUGGESTIONS_REQUEST,
        Action.SUGGESTIONS_COMPUTE,
        Action.SUGGESTION_ACCEPTED,
        Action.SUGGESTION_EDITED,
        Action.SUGGESTION_REJECTED,
        Action.SUGGESTION_ACCEPT_PARTY,
    )
}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name
    return value


def snapshot(obj: models.Model, *, with_links: bool = False) -> dict[str, Any]:
    """The object's own field values, as JSON-ready data (foreign keys as ids); with
    ``with_links``, its many-to-many links too, as sorted lists of ids."""
    data = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _plain(getattr(obj, field.attname))
    if with_links and obj.pk:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before, after = before or {}, after or {}
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def audit_record(
    *,
    actor: Any,
    action: Action,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit event. Must run inside the transaction of the change it records."""
    if action not in Action.values:
        raise ValueError(f"{action!r} is not an audit action: add it to lanzarote.audit.actions")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change")
    user = actor if getattr(actor, "pk", None) else None
    # Every audited write makes the cached pages built from its app's data stale once it
    # commits (lanzarote/lib/pagecache.py): the topic is the app, or PAGE_TOPICS' finer one.
    topics_bump(PAGE_TOPICS.get(Action(action), obj._meta.app_label))
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or (user.get_username() if user else str(actor or "system")),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        reason=reason,
    )
