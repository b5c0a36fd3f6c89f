from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lanzarote.assessments.selectors import evidence_citation
from lanzarote.committee.models import COMMITTEE_TEXT_KINDS
from lanzarote.lib.comments import COMMENT_MAX_LENGTH
from lanzarote.lib.dates import date_text
from lanzarote.lib.highlight import highlight as highlight_html
from lanzarote.lib.i18n import current_language
from lanzarote.lib.i18n import data_wording as wording
from lanzarote.lib.i18n import written as written_text
from lanzarote.lib.panels import panels_render
from lanzarote.lib.sanitise import html_for_editing
from lanzarote.parties.models import Confidence

register = template.Library()


@register.filter
def highlight(text, query):
    """Mark the words of a search query in a text (escaped; safe to show)."""
    return highlight_html(str(text), query)


@register.filter
def pdate(value):
    """A partial date in the reader's language, or a visible "unknown"."""
    if value is None or value == "":
        return format_html('<span class="unknown">{}</span>', _("unknown"))
    return date_text(value)


@register.simple_tag
def confidence(record, name, full=True):
    """A visible marker when a recorded value is not confirmed, with what its source says.

    ``record`` has ``<name>_confidence`` and ``<name>_basis`` (a TreatyStatus); a confirmed
    value shows nothing. ``full`` puts the source's words beside the marker (a State's page);
    otherwise they are in a smaller note after it (a table cell).
    """
    level = getattr(record, f"{name}_confidence", "") or Confidence.UNKNOWN
    if level == Confidence.CONFIRMED:
        return ""
    basis = getattr(record, f"{name}_basis", "")
    marker = format_html(
        '<span class="confidence confidence-{}" title="{}">{}</span>',
        level,
        basis,
        Confidence(level).label,
    )
    if not basis:
        return marker
    if get_language().startswith("en"):
        words = format_html("{}", basis)
    else:  # the source notes are in English: say so, as the fallback notice does
        words = format_html('<span lang="en">{}</span> ({})', basis, _("in English"))
    source = format_html(
        '<span class="note confidence-basis">{}{} {}</span>', _("source"), colon(), words
    )
    return format_html("{} {}", marker, source) if full else format_html("{}<br>{}", marker, source)


@register.filter
def written(text):
    """A single-language text (a rationale) with its language, for the fallback notice."""
    return written_text(str(text or ""))


@register.filter
def data_wording(text):
    """A fixed English wording of the reference data, in the reader's language if translated."""
    return wording(str(text or ""))


@register.filter
def value_label(finding):
    """A finding's value as its indicator's scale names it in the reader's language."""
    lang = current_language()
    for value in finding.indicator.values():
        if value["value"] == finding.value:
            return value.get(f"label_{lang}") or value.get("label_en") or finding.value
    return finding.value


@register.filter
def citation(evidence):
    """Where a cited quote comes from, in the reader's language (no internal ids)."""
    return evidence_citation(evidence)


@register.filter
def committee_kind(value):
    """The kind of a Committee text in the reader's language (the data names it in English)."""
    label = COMMITTEE_TEXT_KINDS.get(value)
    return label if label is not None else format_html('<span lang="en">{}</span>', value)


@register.simple_tag(takes_context=True)
def url_in_language(context, lang):
    """The current page in another language, query string kept."""
    request = context["request"]
    return translate_url(request.get_full_path(), lang)


@register.simple_tag
def comment_max_length():
    """The longest comment kept, for a comment box's maxlength (the services refuse longer)."""
    return COMMENT_MAX_LENGTH


@register.simple_tag
def colon():
    """A colon as the reader's language writes it: French puts a narrow no-break space before."""
    return "\u202f:" if get_language().startswith("fr") else ":"


@register.simple_tag
def semicolon():
    """A semicolon as the reader's language writes it, between the items of a list or two
    clauses: French puts a narrow no-break space before."""
    return "\u202f;" if get_language().startswith("fr") else ";"


@register.filter
def editable(stored_answer):
    """A stored answer as the reply form shows it (plain text where it was typed as such)."""
    return html_for_editing(stored_answer or "")


AUDIT_REASONS = {
    "late": gettext_lazy("after the deadline"),
    "entered by the Secretariat for the respondent": gettext_lazy(
        "entered by the Secretariat on the respondent's behalf"
    ),
}


@register.filter
def audit_reason(text):
    return AUDIT_REASONS.get(text, text)


@register.filter
def get_label(labels, code):
    """A value's label from a {code: label} mapping, the code itself when unknown."""
    return labels.get(code, code)


@register.simple_tag(takes_context=True)
def panels(context, slot, obj):
    """The sections other apps add to this page for this object (lib/panels.py): the page names
    the slot, the apps that fill it register themselves; nothing shows when none has anything."""
    return panels_render(slot=slot, request=context["request"], obj=obj)
