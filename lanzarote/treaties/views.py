"""Public pages of the treaty text, and its open-data downloads."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from lanzarote.lib import pagecache
from lanzarote.lib.downloads import csv_download, json_download
from lanzarote.lib.query import QueryError, parse

from . import selectors
from .models import Obligation, Pillar


def _highlight_query(request):
    """The query of a search result being followed, so its words are marked on the page."""
    text = request.GET.get("q", "").strip()[:300]
    if not text:
        return None
    try:
        return parse(text)
    except QueryError:
        return None


@require_safe
def treaty_detail(request, code):
    treaty = selectors.treaty_get(code=code)
    pillar = request.GET.get("pillar", "")
    if pillar and pillar not in Pillar.values:
        pillar = ""
    # the whole Convention (about 80 ms): the public's copy from the page cache until the
    # treaty data, the reservations or the Committee's meetings change (lib/pagecache.py)
    return pagecache.cached_page(
        request,
        name="treaties.treaty",
        audience=pagecache.public_only(request),
        topics=("treaties", "parties", "committee"),
        render=lambda extra: render(
            request,
            "treaties/treaty_detail.html",
            {
                "treaty": treaty,
                "chapters": selectors.chapter_list(treaty=treaty, pillar=pillar or None),
                "pillars": Pillar.choices,
                "pillar": pillar,
                "recitals": [] if pillar else selectors.recitals(treaty=treaty),
                "interpretive": selectors.interpretive_list(treaty=treaty),
                "query": _highlight_query(request),
                **extra,
            },
        ),
    )


@require_safe
def article_detail(request, code, number):
    treaty = selectors.treaty_get(code=code)
    article = selectors.article_get(treaty=treaty, number=number)
    neighbours = {a.number for a in treaty.articles.filter(number__in=[number - 1, number + 1])}
    return render(
        request,
        "treaties/article_detail.html",
        {
            "treaty": treaty,
            "article": article,
            "paragraphs": selectors.article_provisions(article=article),
            "previous": number - 1 if number - 1 in neighbours else None,
            "next": number + 1 if number + 1 in neighbours else None,
            "query": _highlight_query(request),
        },
    )


@require_safe
def provision_detail(request, uid):
    view = selectors.provision_get(uid=uid)
    if view.provision.article_id is None:
        # a recital lives on the treaty's page, not on an article's
        url = reverse("treaties:treaty", args=[view.provision.treaty.code])
        return redirect(f"{url}#{view.provision.anchor}")
    return render(
        request,
        "treaties/provision_detail.html",
        {
            "treaty": view.provision.treaty,
            "view": view,
            "query": _highlight_query(request),
        },
    )


@require_safe
def obligation_list(request, code):
    treaty = selectors.treaty_get(code=code)
    kind = request.GET.get("kind", "")
    if kind and kind not in Obligation.Kind.values:
        raise Http404("unknown kind of obligation")
    return render(
        request,
        "treaties/obligation_list.html",
        {
            "treaty": treaty,
            "obligations": selectors.obligation_list(treaty=treaty, kind=kind or None),
            "kinds": Obligation.Kind.choices,
            "kind": kind,
        },
    )


PROVISION_FIELDS = [
    "uid",
    "label",
    "article",
    "paragraph",
    "item",
    "chapter",
    "pillar",
    "text_en",
    "text_fr",
]


def _provision_rows(treaty):
    for p in selectors.provisions_for_export(treaty=treaty):
        yield {
            "uid": p.uid,
            "label": p.label,
            "article": p.article.number if p.article else None,
            "paragraph": p.paragraph or None,
            "item": p.item or None,
            "chapter": p.article.chapter.number if p.article else None,
            "pillar": p.article.chapter.pillar if p.article else None,
            "text_en": " ".join([p.text_en, *p.indents_en]),
            "text_fr": " ".join([p.text_fr, *p.indents_fr]) if p.text_fr else None,
        }


@require_safe
def provisions_csv(request, code):
    rows = _provision_rows(selectors.treaty_get(code=code))
    return csv_download(filename=f"{code}-provisions.csv", fields=PROVISION_FIELDS, rows=rows)


@require_safe
def provisions_json(request, code):
    rows = list(_provision_rows(selectors.treaty_get(code=code)))
    return json_download(
        filename=f"{code}-provisions.json", payload={"treaty": code, "provisions": rows}
    )


def _concordance_treaty(request):
    """The ``treaty`` filter of the concordance: a treaty's code, or none."""
    code = request.GET.get("treaty", "")
    if code and not selectors.treaty_list().filter(code=code).exists():
        raise Http404("unknown treaty")
    return code or None


@require_safe
def concordance_list(request):
    code = _concordance_treaty(request)
    return render(
        request,
        "treaties/concordance_list.html",
        {
            "rows": selectors.concordance_list(treaty=code),
            "treaties": selectors.treaty_list(),
            "treaty": code or "",
        },
    )


CONCORDANCE_FIELDS = [
    "uid",
    "provision",
    "provision_label",
    "counterpart_treaty",
    "counterpart",
    "counterpart_label",
    "relation",
    "adds_en",
    "adds_fr",
    "lacks_en",
    "lacks_fr",
    "note_en",
    "note_fr",
    "source",
]


def _concordance_rows(code):
    for row in selectors.concordance_list(treaty=code):
        yield {
            "uid": row.uid,
            "provision": row.provision.uid,
            "provision_label": row.provision.label,
            "counterpart_treaty": row.counterpart_treaty.code,
            "counterpart": row.counterpart.uid if row.counterpart else None,
            "counterpart_label": row.counterpart.label if row.counterpart else None,
            "relation": row.relation,
            **{
                k: getattr(row, k) or None
                for k in ("adds_en", "adds_fr", "lacks_en", "lacks_fr", "note_en", "note_fr")
            },
            "source": row.source,
        }


@require_safe
def concordance_csv(request):
    rows = _concordance_rows(_concordance_treaty(request))
    return csv_download(filename="concordance.csv", fields=CONCORDANCE_FIELDS, rows=rows)


@require_safe
def concordance_json(request):
    rows = list(_concordance_rows(_concordance_treaty(request)))
    return json_download(filename="concordance.json", payload={"concordance": rows})
