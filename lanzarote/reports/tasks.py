"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task


# Above embeddings (which may take hours for a large document): a publication the Secretariat
# asked for is not queued behind them.
@task(priority=50)
def render_publication(publication_id: int) -> None:
    from .services import publication_render

    publication_render(publication_id=publication_id)
