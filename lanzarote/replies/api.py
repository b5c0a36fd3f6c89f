"""Read-only API of replies and answers, with the same visibility as the pages: a reply or an
answer the reader may not see is neither listed nor counted."""

import datetime as dt

from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lanzarote.monitoring.selectors import question_get, questionnaire_get
from lanzarote.parties.models import State

from . import selectors
from .models import Answer, Reply

router = Router(tags=["replies"])


class RespondentOut(Schema):
    kind: str
    party: str | None
    organisation: str | None
    name: str


def _respondent(reply: Reply) -> dict:
    party, organisation = reply.party, reply.organisation
    if party is not None:
        return {"kind": "party", "party": party.iso2, "organisation": None, "name": party.name_en}
    assert organisation is not None  # a reply has exactly one respondent (database constraint)
    return {
        "kind": organisation.kind,
        "party": None,
        "organisation": str(organisation.pk),
        "name": organisation.name_en,
    }


class ReplyOut(Schema):
    id: int
    questionnaire: str
    respondent: RespondentOut
    status: str
    language: str
    late: bool
    submitted_at: dt.datetime | None
    entered_by_secretariat: bool
    publication_agreed: bool
    confidential: bool = Field(
        description="A stakeholder's reply whose author has not agreed to publication: "
        "not to be quoted in a public document"
    )

    @staticmethod
    def resolve_questionnaire(obj: Reply) -> str:
        return obj.questionnaire.uid

    @staticmethod
    def resolve_respondent(obj: Reply) -> dict:
        return _respondent(obj)

    @staticmethod
    def resolve_late(obj: Reply) -> bool:
        return obj.is_late

    @staticmethod
    def resolve_confidential(obj: Reply) -> bool:
        return obj.publication_not_agreed


class AnswerOut(Schema):
    question: str
    html: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    status: str = Field(description="queued, reading, ready or failed")
    stage: str = Field(description="while reading: reading, passages or linking")
    progress_page: int = Field(description="while reading: the page being read")
    pages: int | None
    cut: str = Field(
        description="when only part was read: pages, characters, passages or "
        "time (the limit it reached); empty when all was read"
    )
    pages_read: int | None = Field(description="when cut: how many pages were read")
    error: str = Field(description="when failed: why, in words")
    error_reason: str = Field(description="when failed: a short code (disk_full, damaged…)")
    passages: int
    embedded: int = Field(description="passages searchable by meaning so far")
    url: str


class ReplyDetailOut(ReplyOut):
    answers: list[AnswerOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_answers(obj: Reply) -> list[dict]:
        return [
            {"question": row.question.number, "html": row.answer.text}
            for row in selectors.reply_answers(reply=obj)
            if row.answer and row.answer.text
        ]

    @staticmethod
    def resolve_attachments(obj: Reply) -> list[dict]:
        return [
            {
                "id": a.pk,
                "name": a.original_name,
                "kind": a.document.kind,
                "size": a.document.size,
                "status": a.document.status,
                "stage": a.document.stage,
                "progress_page": a.document.progress_page,
                "pages": a.document.pages,
                "cut": a.document.cut_reason,
                "pages_read": a.document.cut_pages,
                "error": a.document.error,
                "error_reason": a.document.error_reason,
                "passages": a.document.passages.count(),
                "embedded": a.document.embedded,
                "url": reverse("replies:attachment", args=[a.pk]),
            }
            for a in obj.attachments.select_related("document")
        ]


class QuestionAnswerOut(Schema):
    reply: int
    respondent: RespondentOut
    html: str
    confidential: bool = Field(
        description="From a stakeholder's reply whose author has not agreed to publication"
    )

    @staticmethod
    def resolve_confidential(obj: Answer) -> bool:
        return obj.reply.publication_not_agreed

    @staticmethod
    def resolve_reply(obj: Answer) -> int:
        return obj.reply_id

    @staticmethod
    def resolve_respondent(obj: Answer) -> dict:
        return _respondent(obj.reply)

    @staticmethod
    def resolve_html(obj: Answer) -> str:
        return obj.text


@router.get(
    "/questionnaires/{uid}/replies",
    response=list[ReplyOut],
    summary="List the replies to a questionnaire that you may read",
)
@paginate
def replies(request, uid: str):
    return selectors.reply_list(
        questionnaire=questionnaire_get(uid=uid, viewer=request.user), viewer=request.user
    )


@router.get("/replies/{pk}", response=ReplyDetailOut, summary="Get one reply with its answers")
def reply(request, pk: int):
    return selectors.reply_get(pk=pk, viewer=request.user)


@router.get(
    "/questionnaires/{uid}/questions/{number}/answers",
    response=list[QuestionAnswerOut],
    summary="Every answer to one question that you may read, side by side",
)
@paginate
def answers(request, uid: str, number: str, kind: str = "", party: str = ""):
    questionnaire = questionnaire_get(uid=uid, viewer=request.user)
    question = question_get(questionnaire=questionnaire, number=number)
    code = party.upper()
    state = State.objects.filter(iso2=code).first() if code.isalpha() and len(code) == 2 else None
    return selectors.answers_to_question(
        question=question, viewer=request.user, respondent_kind=kind, party=state
    )
