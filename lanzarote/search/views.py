from django.shortcuts import render
from django.views.decorators.http import require_safe

from lanzarote.accounts.models import Organisation
from lanzarote.monitoring.selectors import questionnaire_list, round_list
from lanzarote.replies.selectors import confidential_reply_ids

from .selectors import (
    SOURCES,
    QueryError,
    links_for_hits,
    provisions_for_hits,
    registered_kinds,
    search,
)

PER_PAGE = 50
MAX_PAGE = 200
KINDS = {
    "treaty": ("provision",),
    "replies": ("answer", "passage"),
    "answers": ("answer",),
    "documents": ("passage",),
    "committee": ("meeting",),
    "concordance": ("concordance",),
}


@require_safe
def search_page(request):
    text = request.GET.get("q", "").strip()[:300]
    lang = request.GET.get("lang", "")
    if lang not in ("en", "fr"):
        lang = ""
    kinds = {**KINDS, **{g: tuple(s.kinds) for g, s in SOURCES.items()}}
    kind = request.GET.get("kind", "")
    if kind not in kinds:
        kind = ""
    respondent = request.GET.get("respondent", "")
    if respondent not in ("party", *Organisation.Kind.values):
        respondent = ""
    party = request.GET.get("party", "").strip().upper()[:2]
    party = party if party.isalpha() else ""
    # Round, questionnaire and question: only those the reader may see are offered or applied.
    rounds = list(round_list(viewer=request.user))
    round_uid = request.GET.get("round", "")
    if round_uid not in {r.uid for r in rounds}:
        round_uid = ""
    questionnaires = list(questionnaire_list(viewer=request.user))
    questionnaire = next(
        (q for q in questionnaires if q.uid == request.GET.get("questionnaire")), None
    )
    questions = list(questionnaire.questions.all()) if questionnaire else []
    question = next((q for q in questions if str(q.pk) == request.GET.get("question")), None)
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    results, error, hits, links, confidential = None, "", [], {}, set()
    if text:
        try:
            results = search(
                text=text,
                viewer=request.user,
                lang=lang,
                kinds=kinds.get(kind, ()),
                party=party,
                respondent_kind=respondent,
                round_uid=round_uid,
                scope=questionnaire.uid if questionnaire else "",
                question_id=question.pk if question else None,
                limit=PER_PAGE,
                offset=(page - 1) * PER_PAGE,
                show_lang=request.LANGUAGE_CODE,
            )
        except QueryError as exc:
            error = str(exc)
        else:
            provisions = provisions_for_hits(results.hits)
            links = links_for_hits(results.hits)
            hits = [(hit, provisions.get(hit.ref), links.get(hit.ref)) for hit in results.hits]
            confidential = confidential_reply_ids(reply_ids={h.reply_id for h in results.hits})
    first = (page - 1) * PER_PAGE + 1
    context = {
        "q": text,
        "lang": lang,
        "kind": kind,
        "respondent": respondent,
        "party": party,
        "results": results,
        "hits": hits,
        "error": error,
        "page": page,
        "first": first,
        "last": first + len(hits) - 1,
        "respondent_kinds": Organisation.Kind.choices,
        "rounds": rounds,
        "round_uid": round_uid,
        "questionnaires": questionnaires,
        "questionnaire": questionnaire,
        "questions": questions,
        "question": question,
        "confidential_replies": confidential,
        "sources": [(group, source.label) for group, source in SOURCES.items()],
        "kind_tags": registered_kinds(),
    }
    return render(request, "search/search.html", context)
