from django.shortcuts import render

from .selectors import QueryError, provisions_for_hits, search

PER_PAGE = 50
MAX_PAGE = 200


def search_page(request):
    text = request.GET.get("q", "").strip()[:300]
    lang = request.GET.get("lang", "")
    if lang not in ("en", "fr"):
        lang = ""
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    results, error, hits = None, "", []
    if text:
        try:
            results = search(text=text, lang=lang, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        except QueryError as exc:
            error = str(exc)
        else:
            provisions = provisions_for_hits(results.hits)
            hits = [(hit, provisions.get(hit.ref)) for hit in results.hits]
    first = (page - 1) * PER_PAGE + 1
    context = {
        "q": text,
        "lang": lang,
        "results": results,
        "hits": hits,
        "error": error,
        "page": page,
        "first": first,
        "last": first + len(hits) - 1,
    }
    return render(request, "search/search.html", context)
