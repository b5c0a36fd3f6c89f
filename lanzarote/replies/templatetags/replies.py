"""Pieces of reply pages shown on the pages of lower apps, read here so that those apps need not
import replies (docs/architecture.md)."""

from typing import Any

from django import template

from lanzarote.replies.selectors import reply_list

register = template.Library()


@register.inclusion_tag("replies/questionnaire_replies.html", takes_context=True)
def questionnaire_replies(context: template.Context, questionnaire: Any) -> dict:
    """The replies to a questionnaire that the viewer may read, with how many answers each has:
    the table of the questionnaire's page (one query)."""
    replies = reply_list(questionnaire=questionnaire, viewer=context["user"])
    return {"questionnaire": questionnaire, "replies": replies}
