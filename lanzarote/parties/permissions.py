"""Who may change treaty data. Deny by default; checked in services, pages, the API and the admin.

Roles belong to accounts, an app above this one: the rule is asked as a named permission,
``user.has_perm("parties.edit_treaty_data")``, which lanzarote.accounts.backends answers from
the user's role.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

# What a refusal says when a page or an action is the Secretariat's (the 403 page shows it).
SECRETARIAT_ONLY = _("This page, or this action, is for the Secretariat.")


def can_edit_treaty_data(user: Any) -> bool:
    """Treaty text, obligations, States, statuses, reservations and accessions: the Secretariat,
    not a demonstration login."""
    return user is not None and user.has_perm("parties.edit_treaty_data")
