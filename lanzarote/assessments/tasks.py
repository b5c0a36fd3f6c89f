"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task


@task()
def suggest_for_party(scheme_id: int, party_id: int) -> None:
    from lanzarote.monitoring.models import CodingScheme
    from lanzarote.parties.models import State

    from .assist.services import suggestions_compute

    suggestions_compute(
        scheme=CodingScheme.objects.get(pk=scheme_id), party=State.objects.get(pk=party_id)
    )
