"""Reads for the home pages: what the public home page lists and the rounds of "My work"."""

from collections.abc import Iterable

from django.db.models import QuerySet

from lanzarote.monitoring.models import Round
from lanzarote.parties.models import TreatyStatus
from lanzarote.treaties.models import Treaty
from lanzarote.treaties.selectors import treaty_list


def treaties_with_party_count() -> list[tuple[Treaty, int]]:
    """Every treaty with the number of its Parties, in two queries."""
    treaties = list(treaty_list())
    parties = {t.pk: 0 for t in treaties}
    for treaty_id in TreatyStatus.objects.filter(status=TreatyStatus.Status.PARTY).values_list(
        "treaty_id", flat=True
    ):
        parties[treaty_id] += 1
    return [(t, parties[t.pk]) for t in treaties]


def rounds_listed(*, ids: Iterable[int]) -> QuerySet[Round]:
    """The rounds of these ids, newest launched first (the caller chose the ids from what the
    viewer may see)."""
    return Round.objects.filter(pk__in=ids).order_by("-launched", "uid")
