from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lanzarote.lib.dates import PartialDate, Precision
from lanzarote.lib.highlight import highlight as highlight_html

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
    if isinstance(value, PartialDate):
        if value.precision == Precision.YEAR:
            return str(value.date.year)
        if value.precision == Precision.MONTH:
            return date_filter(value.date, "F Y")
        value = value.date
    return date_filter(value, "j F Y")


@register.simple_tag(takes_context=True)
def url_in_language(context, lang):
    """The current page in another language, query string kept."""
    request = context["request"]
    return translate_url(request.get_full_path(), lang)
