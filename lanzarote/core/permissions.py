"""Who may see the process-level pages. Deny by default."""

from typing import Any

from lanzarote.accounts.permissions import is_secretariat


def can_view_system(user: Any) -> bool:
    """The background worker's state (running since, last heartbeat, tasks, failures): the
    Secretariat."""
    return is_secretariat(user)
