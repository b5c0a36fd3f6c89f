"""What a Committee meeting adopted, gathered from the apps above the committee app (a meeting's
page loads this library: the committee app's Python imports none of them; docs/architecture.md,
"compose in the higher app"). A fixed number of queries, each with the reader's visibility."""

from django import template

from lanzarote.lib.i18n import current_language
from lanzarote.monitoring.selectors import questionnaire_list, round_list
from lanzarote.recommendations.models import ComplianceEvaluation
from lanzarote.recommendations.selectors import recommendation_list
from lanzarote.reports.models import Publication

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_adoptions(context, meeting):
    """The rounds it launched, the reports, questionnaires, recommendations, compliance
    evaluations and publications it adopted, that the reader may read (the opinions and
    declarations are on its list of decisions). The meetings are real: demonstration objects
    are never listed (their services refuse to name a meeting)."""
    viewer = context["request"].user
    rounds = round_list(viewer=viewer).filter(is_demo=False)
    recommendations = recommendation_list(viewer=viewer).filter(is_demo=False)
    adopted = {
        "rounds_launched": list(rounds.filter(launched_at=meeting).order_by("uid")),
        "reports": list(rounds.filter(report_adopted_at=meeting).order_by("uid")),
        "questionnaires": list(
            questionnaire_list(viewer=viewer)
            .filter(adopted_at=meeting, is_demo=False)
            .order_by("uid")
        ),
        "recommendations": list(
            recommendations.filter(adopted_at=meeting).order_by("round__uid", "position", "pk")
        ),
        "evaluations": list(
            ComplianceEvaluation.objects.filter(
                adopted_at=meeting, recommendation__in=recommendations.values("pk")
            )
            .select_related("recommendation", "party")
            .order_by("recommendation__pk", "party__iso2")
        ),
        "publications": list(
            Publication.objects.filter(
                adopted_at=meeting,
                status=Publication.Status.PUBLISHED,
                lang=current_language(),
            )
            .exclude(round__is_demo=True)
            .select_related("round")
        ),
    }
    adopted["any"] = any(adopted.values())
    return adopted
