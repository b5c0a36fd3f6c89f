"""The audit trail's vocabulary: one list of actions, each labelled in English and French."""

import pytest
from django.db import transaction
from django.utils import translation

from lanzarote.audit.actions import Action
from lanzarote.audit.models import AuditEvent
from lanzarote.audit.services import audit_record


def test_audit_record_refuses_an_action_that_is_not_a_member(db, secretariat):
    with transaction.atomic(), pytest.raises(ValueError, match="not an audit action"):
        audit_record(actor=secretariat, action="reply.sbumit", obj=secretariat)  # type: ignore[arg-type]
    assert not AuditEvent.objects.filter(action="reply.sbumit").exists()


def test_audit_record_stores_the_member_s_value(db, secretariat):
    with transaction.atomic():
        event = audit_record(actor=secretariat, action=Action.ACCOUNT_LANGUAGE, obj=secretariat)
    event.refresh_from_db()
    assert event.action == "account.language"
    assert event.get_action_display() == "language changed"


def test_every_action_is_labelled_in_french():
    with translation.override("en"):
        english = {action: str(action.label) for action in Action}
    with translation.override("fr"):
        same = [action.value for action in Action if str(action.label) == english[action]]
    assert not same, f"no French label: {same}"


def test_an_event_of_an_action_no_longer_written_shows_its_stored_name(db, secretariat):
    event = AuditEvent(action="reply.retired", actor_label="x", object_type="a.b", object_id="1")
    assert event.get_action_display() == "reply.retired"
