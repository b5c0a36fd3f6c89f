"""The project's named permissions, answered from the user's role.

Apps below accounts (audit, treaties, parties) cannot import accounts' predicates; they ask
``user.has_perm("parties.edit_treaty_data")`` instead, and this backend answers from the role.
A permission named here that the role does not grant raises PermissionDenied, which ends the
question: ModelBackend is not asked, and no query is made for it. Any other permission is not
this backend's: it answers False and the next backend decides. An active superuser is granted
everything by Django before any backend is asked (a superuser counts as Secretariat anyway).
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .permissions import is_real_secretariat, is_secretariat

NAMED_PERMISSIONS: dict[str, Callable[[Any], bool]] = {
    # Treaty text, obligations, States, statuses, reservations and accessions; the audited
    # admin pages where they are edited by hand.
    "parties.edit_treaty_data": is_real_secretariat,
    "audit.change_audited": is_real_secretariat,
    # The audit trail, read in the admin.
    "audit.view_history": is_secretariat,
}


class RoleBackend:
    """Answers the permissions in NAMED_PERMISSIONS. It authenticates nobody and loads no user
    (no ``get_user``: the test client's force_login then picks the backend that does)."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        rule = NAMED_PERMISSIONS.get(perm)
        if rule is None:
            return False
        if rule(user_obj):
            return True
        raise PermissionDenied


class ProfileModelBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in user with their profile in one query:
    every signed-in page asks the role, Party or organisation (permissions.role_of), so the
    profile would otherwise cost a query of its own on each request."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("profile").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
