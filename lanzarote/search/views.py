from django.shortcuts import render

from lanzarote.treaties.models import Treaty

from .selectors import QueryError, search


def search_page(request):
    text = request.GET.get("q", "").strip()[:300]
    lang = request.GET.get("lang", "")
    if lang not in ("en", "fr"):
        lang = ""
    results, error = None, ""
    if text:
        try:
            results = search(text=text, lang=lang)
        except QueryError as exc:
            error = str(exc)
    provisions = {}
    if results:
        from lanzarote.treaties.models import Provision

        refs = [hit.ref for hit in results.hits]
        provisions = {
            p.uid: p
            for p in Provision.objects.filter(uid__in=refs).select_related("article", "treaty")
        }
    hits = [(hit, provisions.get(hit.ref)) for hit in results.hits] if results else []
    return render(
        request,
        "search/search.html",
        {
            "q": text,
            "lang": lang,
            "results": results,
            "hits": hits,
            "error": error,
            "treaties": Treaty.objects.all(),
        },
    )
