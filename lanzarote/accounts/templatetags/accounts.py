from typing import Any

from django import template
from django.utils.translation import gettext as _

from lanzarote.accounts.models import Profile

register = template.Library()


@register.simple_tag
def role_description(user: Any) -> str:
    """What the signed-in user speaks as, in words: "National focal point of France"."""
    if user.is_superuser:
        return str(Profile.Role.SECRETARIAT.label)
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is None:
        return _("no role in the monitoring")
    role = profile.get_role_display()
    if profile.party_id:
        return _("%(role)s of %(party)s") % {"role": role, "party": profile.party.name}
    if profile.organisation_id:
        return _("%(role)s for %(organisation)s") % {
            "role": role,
            "organisation": profile.organisation.name,
        }
    return str(role)
