"""Reads of publications for pages that summarise them."""

from typing import Any

from django.db.models import Count, Q

from lanzarote.accounts.permissions import can_read_analysis, is_demo_user

from .models import Publication


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
