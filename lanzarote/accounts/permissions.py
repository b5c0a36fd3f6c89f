"""Named permission predicates. Deny by default: anything not granted here is refused."""

from typing import Any

SECRETARIAT_GROUP = "Secretariat"


def is_secretariat(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()


def can_edit_treaty_data(user: Any) -> bool:
    """Treaty text, obligations, States, statuses, reservations and accessions."""
    return is_secretariat(user)
