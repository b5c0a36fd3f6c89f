"""Replies in the search index: typed answers, and the passages of attached documents, each row
with its reply (whose visibility is the row's) and the question it answers.

The rows name replies, documents and passages by id: whatever deletes one of them removes its
rows here, in the same transaction (the index has no foreign keys, so no cascade does it).
"""

from django.db import transaction
from django.db.models import QuerySet

from lanzarote.lib.sanitise import html_to_text
from lanzarote.search.index import (
    Kind,
    Row,
    entry_lang,
    index_remove,
    index_remove_linked,
    index_replace,
)

from .models import Answer, Attachment, Document, Reply


@transaction.atomic
def answer_index(*, answer: Answer) -> None:
    """The typed answer, searchable with its reply's visibility."""
    reply = answer.reply
    text = html_to_text(answer.text)
    rows = (
        [
            Row(
                kind=Kind.ANSWER,
                ref=f"answer:{answer.pk}",
                scope=reply.questionnaire.uid,
                lang=reply.language,
                title=f"{reply.respondent_name} – Q{answer.question.number}",
                text=text,
                reply_id=reply.pk,
                question_id=answer.question_id,
            )
        ]
        if text
        else []
    )
    index_replace(kind=Kind.ANSWER, ref=f"answer:{answer.pk}", rows=rows)


def _attachment_prefix(attachment: Attachment) -> str:
    return f"attachment:{attachment.pk}:"


@transaction.atomic
def attachment_index(*, attachment: Attachment) -> int:
    """The passages of an attached document, each with the question it is linked to."""
    reply = attachment.reply
    prefix = _attachment_prefix(attachment)
    links = dict(attachment.links.values_list("passage_id", "question_id"))
    passages = attachment.document.passages.values_list("pk", "index", "page", "text", "language")
    scope, respondent = reply.questionnaire.uid, reply.respondent_name
    rows = [
        Row(
            kind=Kind.PASSAGE,
            ref=f"{prefix}{index}",
            scope=scope,
            lang=entry_lang(language),
            title=f"{respondent} – {attachment.original_name}, p. {page}",
            text=text,
            reply_id=reply.pk,
            question_id=links.get(pk),
            document_id=attachment.document_id,
            page=page,
            passage_id=pk,
        )
        for pk, index, page, text, language in passages
    ]
    return index_replace(kind=Kind.PASSAGE, prefix=prefix, rows=rows)


def attachment_unindex(*, attachment: Attachment) -> int:
    """A removed attachment's passages leave the index (the document may stay for others)."""
    return index_remove(kind=Kind.PASSAGE, prefix=_attachment_prefix(attachment))


def document_passages_unindex(*, document: Document) -> int:
    """The document's passages are about to be deleted (read again, or failed): their rows go,
    for every attachment of the document."""
    return index_remove_linked(passage_ids=document.passages.values("pk"))


def replies_unindex(*, replies: QuerySet[Reply]) -> int:
    """Replies about to be deleted: every row of their answers and passages goes."""
    return index_remove_linked(reply_ids=replies.values("pk"))
