"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task

from lanzarote.monitoring.models import CodingScheme
from lanzarote.parties.models import State


@task()
def suggest_for_party(scheme_id: int, party_id: int) -> None:
    # The engine loads numpy and the language model: only a worker that computes needs them.
    from .assist.services import suggestions_compute

    suggestions_compute(
        scheme=CodingScheme.objects.get(pk=scheme_id), party=State.objects.get(pk=party_id)
    )
