"""What the search index must never hold: a row naming a reply, document, passage or question
that no longer exists (the rows name them by id, without foreign keys)."""

from django.db.models import Exists, OuterRef, Q

from lanzarote.monitoring.models import Question
from lanzarote.replies.models import Document, Passage, Reply
from lanzarote.search.models import SearchEntry


def orphan_entries() -> list[SearchEntry]:
    def missing(column, model):
        return Q(**{f"{column}__isnull": False}) & ~Exists(
            model.objects.filter(pk=OuterRef(column))
        )

    return list(
        SearchEntry.objects.filter(
            missing("reply_id", Reply)
            | missing("document_id", Document)
            | missing("passage_id", Passage)
            | missing("question_id", Question)
        )
    )
