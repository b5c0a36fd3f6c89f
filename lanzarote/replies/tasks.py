"""The old import path of the reply documents' background tasks.

The tasks are defined beside their services: ``ingestion.ingest_document``,
``ingestion.link_attachment`` and ``embedding.embed_document``. django-tasks-db stores the dotted
path of each queued task (``lanzarote.replies.tasks.ingest_document`` for rows queued before the
move); this module keeps those rows runnable. Nothing in the code imports it.
"""

from .embedding import embed_document
from .ingestion import ingest_document, link_attachment

__all__ = ["embed_document", "ingest_document", "link_attachment"]
