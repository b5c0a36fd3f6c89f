"""Background tasks: thin, they take ids and call a service (tests run them immediately)."""

from django.tasks import task


# The default priority (0): after reading documents (50), before embeddings (-50, which may take
# hours for a large document), so a publication is not queued behind them (replies/tasks.py).
@task()
def render_publication(publication_id: int) -> None:
    from .services import publication_render

    publication_render(publication_id=publication_id)
