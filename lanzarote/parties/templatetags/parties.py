"""Parties' facts shown on the pages of the treaty text, read here so that treaties need not
import parties (docs/architecture.md)."""

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lanzarote.parties.models import Confidence, Reservation, TreatyStatus
from lanzarote.treaties.models import Provision
from lanzarote.treaties.selectors import ProvisionView

register = template.Library()


@register.simple_tag
def reservations_made(
    views: ProvisionView | Iterable[ProvisionView],
) -> dict[int, list[Reservation]]:
    """The reservations and declarations Parties have made on these provisions and their items,
    by provision id, in one query whatever the number of provisions."""
    pending = [views] if isinstance(views, ProvisionView) else list(views)
    ids = []
    while pending:
        view = pending.pop()
        ids.append(view.provision.pk)
        pending.extend(view.items)
    made: dict[int, list[Reservation]] = {}
    links = Reservation.provisions.through.objects.filter(provision_id__in=ids).select_related(
        "reservation__state", "reservation__clause__provision__article"
    )
    for link in links:
        made.setdefault(link.provision_id, []).append(link.reservation)
    return made


@register.filter
def made_on(made: dict[int, list[Reservation]] | str, provision: Provision) -> list[Reservation]:
    """The reservations made on one provision, from what ``reservations_made`` read."""
    return made.get(provision.pk, []) if isinstance(made, dict) else []


def _colon() -> str:
    return "\u202f:" if get_language().startswith("fr") else ":"


def _in_english(text: str) -> SafeString:
    """A text of the reference data (its notes are in English), marked as such on other pages."""
    if get_language().startswith("en"):
        return format_html("{}", text)
    return format_html('<span lang="en">{}</span> ({})', text, _("in English"))


@register.simple_tag
def date_record(record: TreatyStatus, name: str) -> SafeString:
    """What a State's page says of one of its dates (``signature``, ``deposit`` or
    ``entry_into_force``) besides the date itself: the marker of a value that is not confirmed,
    its confidence level in words with the source's words on it, its source (a link where it
    has an address) and its note (why a date a source mentions stays unknown, a domestic step,
    another source that disagrees). Nothing but the note for an unknown date."""
    parts = []
    level = record.level(name)
    basis = getattr(record, f"{name}_basis")
    if getattr(record, name):
        if level != Confidence.CONFIRMED:
            parts.append(
                format_html(
                    '<span class="confidence confidence-{}" title="{}">{}</span> ',
                    level,
                    basis,
                    Confidence(level).label,
                )
            )
        citation = getattr(record, f"{name}_citation")
        url = getattr(record, f"{name}_citation_url")
        source = citation or url
        if url:
            source = format_html(
                '<a href="{}" rel="noopener">{}</a>', url, Truncator(source).chars(90)
            )
        said = format_html("{}{} {}", _("confidence"), _colon(), Confidence(level).label)
        if basis:
            said = format_html("{} – {}", said, _in_english(basis))
        if source:
            said = format_html("{} · {}{} {}", said, _("source"), _colon(), source)
        parts.append(format_html('<span class="date-source note">{}</span>', said))
    note = getattr(record, f"{name}_note")
    if note:
        parts.append(
            format_html(
                '<span class="date-note note" role="note">{}{} {}</span>',
                _("note"),
                _colon(),
                _in_english(note),
            )
        )
    return format_html_join(" ", "{}", ((p,) for p in parts))
