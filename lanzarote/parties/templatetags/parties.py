"""Parties' facts shown on the pages of the treaty text, read here so that treaties need not
import parties (docs/architecture.md)."""

from collections.abc import Iterable

from django import template

from lanzarote.parties.models import Reservation
from lanzarote.treaties.models import Provision
from lanzarote.treaties.selectors import ProvisionView

register = template.Library()


@register.simple_tag
def reservations_made(
    views: ProvisionView | Iterable[ProvisionView],
) -> dict[int, list[Reservation]]:
    """The reservations and declarations Parties have made on these provisions and their items,
    by provision id, in one query whatever the number of provisions."""
    pending = [views] if isinstance(views, ProvisionView) else list(views)
    ids = []
    while pending:
        view = pending.pop()
        ids.append(view.provision.pk)
        pending.extend(view.items)
    made: dict[int, list[Reservation]] = {}
    links = Reservation.provisions.through.objects.filter(provision_id__in=ids).select_related(
        "reservation__state", "reservation__clause__provision__article"
    )
    for link in links:
        made.setdefault(link.provision_id, []).append(link.reservation)
    return made


@register.filter
def made_on(made: dict[int, list[Reservation]] | str, provision: Provision) -> list[Reservation]:
    """The reservations made on one provision, from what ``reservations_made`` read."""
    return made.get(provision.pk, []) if isinstance(made, dict) else []
