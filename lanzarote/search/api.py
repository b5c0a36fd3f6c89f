"""The search API: the same search(), the same visibility as the search page."""

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from lanzarote.lib.params import MAX_ID
from lanzarote.replies.selectors import confidential_reply_ids

from .selectors import QueryError, links_for_hits, search

router = Router(tags=["search"])
KINDS = {"provision", "answer", "passage", "meeting"}


class HitOut(Schema):
    kind: str
    ref: str
    lang: str
    title: str
    snippet_html: str
    question: int | None
    document: int | None
    page: int | None
    url: str | None
    similarity: float | None  # set when found by meaning (embeddings), across languages
    confidential: bool = Field(
        False, description="From a stakeholder reply whose author has not agreed to publication"
    )


class ResultsOut(Schema):
    total: int
    hits: list[HitOut]


@router.get(
    "/search",
    response=ResultsOut,
    summary="Search treaty text, meetings, typed answers and document passages you may read",
)
def search_api(
    request,
    q: str = Query(..., min_length=1),
    kind: str = "",
    lang: str = "",
    round: str = "",
    party: str = "",
    respondent: str = "",
    question: int | None = Query(None, ge=1, le=MAX_ID),
    document: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = 20,
    offset: int = 0,
    semantic: bool = True,
):
    kinds = tuple(k for k in kind.split(",") if k in KINDS)
    party = party.upper() if party.isalpha() and len(party) == 2 else ""
    try:
        results = search(
            text=q[:300],
            viewer=request.user,
            kinds=kinds,
            lang=lang[:2],
            round_uid=round[:50],
            party=party,
            respondent_kind=respondent[:20],
            question_id=question,
            document_id=document,
            limit=max(1, min(limit, 100)),
            offset=max(0, min(offset, 10_000)),
            semantic=semantic,
        )
    except QueryError as exc:
        raise HttpError(422, str(exc)) from None
    links = links_for_hits(results.hits)
    confidential = confidential_reply_ids(reply_ids={h.reply_id for h in results.hits})
    return {
        "total": results.total,
        "hits": [
            {
                "kind": h.kind,
                "ref": h.ref,
                "lang": h.lang,
                "title": h.title,
                "snippet_html": str(h.snippet),
                "question": h.question_id,
                "document": h.document_id,
                "page": h.page,
                "url": links.get(h.ref),
                "similarity": h.similarity,
                "confidential": h.reply_id in confidential,
            }
            for h in results.hits
        ],
    }
