"""The meetings that adopted the Committee's opinions and declarations, for the treaty's pages
(treaties is below committee: its templates load this library, its Python imports nothing of
it; docs/architecture.md, "compose in the higher app")."""

from django import template

from ..models import Decision
from ..selectors import visible_decisions_q

register = template.Library()


@register.simple_tag(takes_context=True)
def adopting_meetings(context, texts):
    """{text id: the meeting whose decision (readable by the reader) adopted it}: one query for
    the whole page."""
    viewer = context["request"].user
    decisions = (
        Decision.objects.filter(interpretive_text__in=[t.pk for t in texts])
        .filter(visible_decisions_q(viewer))
        .select_related("meeting")
        .order_by("meeting__start")
    )
    return {d.interpretive_text_id: d.meeting for d in decisions}


@register.filter
def meeting_of(meetings, text):
    return meetings.get(text.pk)
