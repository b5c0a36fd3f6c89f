"""Reads of treaty text, with the joins each page needs made up front."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    Article,
    Chapter,
    Concordance,
    InterpretiveText,
    Obligation,
    Provision,
    ReservationClause,
    Treaty,
)


def treaty_get(*, code: str) -> Treaty:
    return get_object_or_404(Treaty, code=code)


def treaty_list() -> QuerySet[Treaty]:
    return Treaty.objects.all()


def chapter_list(*, treaty: Treaty, pillar: str | None = None) -> QuerySet[Chapter]:
    chapters = treaty.chapters.prefetch_related(
        Prefetch("articles", queryset=Article.objects.order_by("number"))
    )
    if pillar:
        chapters = chapters.filter(pillar=pillar)
    return chapters


@dataclass
class ProvisionView:
    """A provision with everything shown beside it."""

    provision: Provision
    items: list[ProvisionView] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    clauses: list[ReservationClause] = field(default_factory=list)  # clauses that concern it
    own_clauses: list[ReservationClause] = field(default_factory=list)  # it is such a clause
    interpretive: list[InterpretiveText] = field(default_factory=list)
    concordances: list[CounterpartView] = field(default_factory=list)


@dataclass(frozen=True)
class CounterpartView:
    """A concordance row as read from one side: the provision on the other side (None when the
    other treaty has none), and whether the row is about the provision itself or its paragraph."""

    row: Concordance
    other: Provision | None
    other_treaty: Treaty
    read_from: Provision  # the provision of this side the row names (itself or its paragraph)
    reverse: bool  # read from the counterpart's side


def _provision_views(provisions: list[Provision]) -> dict[int, ProvisionView]:
    """Attach obligations, clauses and Committee texts in a fixed number of queries, whatever the
    number of provisions. The reservations Parties have made are parties' to read (its template
    tag ``reservations_made``)."""
    ids = [p.pk for p in provisions]
    views = {p.pk: ProvisionView(p) for p in provisions}
    for obligation in Obligation.objects.filter(provision_id__in=ids).select_related(
        "reservable_under__provision__article"
    ):
        views[obligation.provision_id].obligations.append(obligation)
    through = ReservationClause.concerns.through
    clauses = {c.pk: c for c in ReservationClause.objects.select_related("provision__article")}
    for link in through.objects.filter(provision_id__in=ids):
        views[link.provision_id].clauses.append(clauses[link.reservationclause_id])
    for clause in clauses.values():
        if clause.provision_id in views:
            views[clause.provision_id].own_clauses.append(clause)
    texts = InterpretiveText.provisions.through.objects.filter(provision_id__in=ids)
    interpretive = {
        t.pk: t
        for t in InterpretiveText.objects.filter(
            pk__in={text_link.interpretivetext_id for text_link in texts}
        )
    }
    for text_link in texts:
        views[text_link.provision_id].interpretive.append(
            interpretive[text_link.interpretivetext_id]
        )
    return views


def article_get(*, treaty: Treaty, number: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related("chapter", "treaty"), treaty=treaty, number=number
    )


def article_provisions(*, article: Article) -> list[ProvisionView]:
    """The article's paragraphs, each with its lettered items nested, in text order."""
    provisions = list(article.provisions.select_related("article", "treaty").order_by("position"))
    views = _provision_views(provisions)
    # each provision's counterparts in other treaties, named beside it (one query)
    for counterpart in sorted(
        _counterpart_views({p.pk: p for p in provisions}), key=lambda v: v.row.position
    ):
        views[counterpart.read_from.pk].concordances.append(counterpart)
    top: list[ProvisionView] = []
    for provision in provisions:
        view = views[provision.pk]
        if provision.parent_id:
            views[provision.parent_id].items.append(view)
        else:
            top.append(view)
    return top


def provision_get(*, uid: str) -> ProvisionView:
    provision = get_object_or_404(
        Provision.objects.select_related("article__chapter", "treaty", "parent__article"),
        uid=uid,
    )
    view = _provision_views([provision])[provision.pk]
    view.concordances = counterparts(provision=provision)
    return view


CONCORDANCE_JOINS = (
    "provision__article",
    "provision__treaty",
    "counterpart__article",
    "counterpart__treaty",
    "counterpart_treaty",
)


def _counterpart_views(by_id: dict[int, Provision]) -> list[CounterpartView]:
    """The concordance rows naming any of these provisions, from either side, in one query."""
    rows = Concordance.objects.filter(
        Q(provision_id__in=by_id) | Q(counterpart_id__in=by_id)
    ).select_related(*CONCORDANCE_JOINS)
    views = []
    for row in rows:
        if row.provision_id in by_id:
            views.append(
                CounterpartView(
                    row=row,
                    other=row.counterpart,
                    other_treaty=row.counterpart_treaty,
                    read_from=by_id[row.provision_id],
                    reverse=False,
                )
            )
        else:
            views.append(
                CounterpartView(
                    row=row,
                    other=row.provision,
                    other_treaty=row.provision.treaty,
                    read_from=by_id[row.counterpart_id or 0],
                    reverse=True,
                )
            )
    return views


def counterparts(*, provision: Provision) -> list[CounterpartView]:
    """The provisions of other treaties read beside this one or its paragraph, from either side
    of the concordance, in one query."""
    own = [provision] + ([provision.parent] if provision.parent is not None else [])
    views = _counterpart_views({p.pk: p for p in own})
    # the provision's own rows first, then its paragraph's
    return sorted(views, key=lambda v: (v.read_from.pk != provision.pk, v.row.position))


def concordance_list(*, treaty: str | None = None) -> QuerySet[Concordance]:
    """Every concordance row, both provisions joined; of one treaty's provisions (on either
    side) when ``treaty`` names it."""
    rows = Concordance.objects.select_related(*CONCORDANCE_JOINS)
    if treaty:
        rows = rows.filter(Q(provision__treaty__code=treaty) | Q(counterpart_treaty__code=treaty))
    return rows.order_by("position", "pk")


def recitals(*, treaty: Treaty) -> QuerySet[Provision]:
    return treaty.provisions.filter(kind=Provision.Kind.RECITAL).order_by("position")


def obligation_list(*, treaty: Treaty, kind: str | None = None) -> QuerySet[Obligation]:
    obligations = Obligation.objects.filter(provision__treaty=treaty).select_related(
        "provision__article", "reservable_under__provision__article"
    )
    if kind:
        obligations = obligations.filter(kind=kind)
    return obligations


def interpretive_list(*, treaty: Treaty) -> QuerySet[InterpretiveText]:
    return treaty.interpretive_texts.prefetch_related("provisions__article")


def provisions_for_export(
    *, treaty: Treaty, article: int | None = None, pillar: str | None = None
) -> QuerySet[Provision]:
    """A treaty's provisions in text order, optionally of one article or one pillar."""
    rows = treaty.provisions.select_related("article__chapter").order_by("position")
    if article is not None:
        rows = rows.filter(article__number=article)
    if pillar:
        rows = rows.filter(article__chapter__pillar=pillar)
    return rows


def reservation_clause_list(*, treaty: Treaty) -> QuerySet[ReservationClause]:
    """The provisions of a treaty that allow reservations or declarations, with what each
    clause concerns."""
    return (
        ReservationClause.objects.filter(provision__treaty=treaty)
        .select_related("provision")
        .prefetch_related("concerns")
    )
