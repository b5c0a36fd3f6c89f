"""Who may read the audit trail and change data through the audited admin. Deny by default.

Roles belong to accounts, far above this app: each rule is asked as a named permission
(``user.has_perm("audit.view_history")``), which lanzarote.accounts.backends answers from the
user's role.
"""

from typing import Any


def can_view_history(user: Any) -> bool:
    """Read the audit trail in the admin: the Secretariat."""
    return user is not None and user.has_perm("audit.view_history")


def can_change_audited(user: Any) -> bool:
    """Add, change or delete through an audited admin page (treaty text, States, statuses…):
    the Secretariat, not a demonstration login."""
    return user is not None and user.has_perm("audit.change_audited")
