"""Reads for the home pages: what the public home page lists and the rounds of "My work"."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from lanzarote.committee.models import Meeting
from lanzarote.cooperation.models import CapacityBuildingActivity, EuropeanDay, GoodPractice
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


def open_data_treaties() -> Sequence[Treaty]:
    """Every treaty, each saying which records of its Committee's work it holds (meetings,
    activities, good practices, European Days), in one query: the open-data page offers those
    downloads for the treaty this site monitors, and for another only where it holds any (the
    Budapest Convention and the OPSC are loaded for their text and Parties alone)."""
    treaties = list(
        treaty_list().annotate(
            has_meetings=Exists(Meeting.objects.filter(treaty=OuterRef("pk"))),
            has_activities=Exists(
                CapacityBuildingActivity.objects.filter(treaty=OuterRef("pk"), published=True)
            ),
            has_practices=Exists(
                GoodPractice.objects.filter(
                    treaty=OuterRef("pk"), status=GoodPractice.Status.PUBLISHED
                )
            ),
            has_days=Exists(EuropeanDay.objects.filter(treaty=OuterRef("pk"))),
        )
    )
    for treaty in treaties:
        treaty.monitored = treaty.code == settings.LANZAROTE_TREATY  # type: ignore[attr-defined]
    return treaties


def rounds_listed(*, ids: Iterable[int]) -> QuerySet[Round]:
    """The rounds of these ids, newest launched first (the caller chose the ids from what the
    viewer may see)."""
    return Round.objects.filter(pk__in=ids).order_by("-launched", "uid")
