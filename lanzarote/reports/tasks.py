"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task


@task()
def render_publication(publication_id: int) -> None:
    from .services import publication_render

    publication_render(publication_id=publication_id)
