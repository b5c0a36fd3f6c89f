"""Reads of publications: the lists of the publications page, a draft's comments, the report's
sections, and the counts of pages that summarise them."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lanzarote.accounts.permissions import can_read_analysis, demo_scope_q, is_demo_user, party_of
from lanzarote.monitoring.models import Round

from .annual import FIRST_YEAR
from .models import AnnualReportText, Publication, ReportSection
from .permissions import can_publish


def publications_published() -> QuerySet[Publication]:
    """Everything published, for everyone: by round, kind and series, newest version first,
    with the files of each."""
    return (
        Publication.objects.filter(status=Publication.Status.PUBLISHED)
        .select_related("round", "party", "adopted_at")
        .prefetch_related("renderings")
        .order_by("round__uid", "kind", "key", "-version")
    )


def publications_pending(*, viewer: Any) -> QuerySet[Publication] | list:
    """What is not published yet, with its comments counted, for those who publish (in their
    demonstration scope); nothing for anyone else."""
    if not can_publish(viewer):
        return []
    return (
        Publication.objects.exclude(status=Publication.Status.PUBLISHED)
        .filter(demo_scope_q(viewer, "round__is_demo"))
        .select_related("round", "party")
        .annotate(comment_count=Count("comments"))
    )


def publications_own_drafts(*, viewer: Any) -> QuerySet[Publication] | list:
    """The drafts about the viewer's Party (its right of reply), in their demonstration scope;
    nothing for one who speaks for no Party."""
    if not party_of(viewer):
        return []
    return (
        Publication.objects.filter(status=Publication.Status.DRAFT, party_id=party_of(viewer))
        .filter(demo_scope_q(viewer, "round__is_demo"))
        .select_related("round", "party")
    )


def overview_latest(*, round_uid: str, lang: str) -> Publication | None:
    """The newest published comparative overview of a round in a language."""
    return (
        Publication.objects.filter(
            kind=Publication.Kind.OVERVIEW,
            round__uid=round_uid,
            lang=lang,
            status=Publication.Status.PUBLISHED,
        )
        .order_by("-version")
        .first()
    )


def draft_comments(*, publication: Publication):
    """The comments on a draft, with their author."""
    return publication.comments.select_related("author")


def report_sections(*, round_: Round) -> QuerySet[ReportSection]:
    """The implementation report's written sections of a round."""
    return ReportSection.objects.filter(round=round_)


def drafts_by_round(*, viewer: Any) -> dict[int, dict[str, int]]:
    """Per round, the Parties with a draft country factsheet, and those whose draft has
    comments (for the Secretariat and the Committee)."""
    if not (can_read_analysis(viewer)):
        return {}
    drafts = Publication.objects.filter(
        kind=Publication.Kind.COUNTRY, status=Publication.Status.DRAFT
    )
    if is_demo_user(viewer):
        drafts = drafts.filter(round__is_demo=True)
    rows = drafts.values("round_id").annotate(
        drafts=Count("party", distinct=True),
        commented=Count("party", filter=Q(comments__isnull=False), distinct=True),
    )
    return {
        row["round_id"]: {"drafts": row["drafts"], "commented": row["commented"]} for row in rows
    }


def annual_published() -> QuerySet[Publication]:
    """The annual activity reports published: newest year first, each language's newest
    version first, with their files."""
    return (
        Publication.objects.filter(
            kind=Publication.Kind.ANNUAL, status=Publication.Status.PUBLISHED
        )
        .prefetch_related("renderings")
        .order_by("-year", "subject", "lang", "-version")
    )


def annual_years() -> list[int]:
    """The years the Secretariat may prepare a report for: this year back to FIRST_YEAR."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def annual_texts(*, treaty, year: int) -> QuerySet[AnnualReportText]:
    """The Secretariat's texts in a year's annual report."""
    return AnnualReportText.objects.filter(treaty=treaty, year=year)
