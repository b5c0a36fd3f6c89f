"""Panels: sections that a higher app adds to the pages of lower ones, without those importing it.

A page of a lower app names a *slot* and the object it shows (``{% panels "provision" provision
%}``, core's template library); any app registers, from its ``AppConfig.ready``, a panel for that
slot: a template and a function that reads what the panel shows (or None: nothing to show). The
lower page knows the slot's name only; the registry knows no app (docs/architecture.md,
"Panels"). A panel's function must read in a fixed number of queries per page (it may keep what
it read on the request for the next call).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# (request, the object the page shows) -> the panel's template context, or None to show nothing
PanelContext = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    name: str
    template: str
    context: PanelContext
    order: int = 100


_PANELS: dict[str, dict[str, Panel]] = {}


def panel_register(
    *, slot: str, name: str, template: str, context: PanelContext, order: int = 100
) -> Panel:
    """Add (or replace, by name: ``ready`` may run twice) a panel to a slot."""
    panel = Panel(slot=slot, name=name, template=template, context=context, order=order)
    _PANELS.setdefault(slot, {})[name] = panel
    return panel


def panels_of(slot: str) -> list[Panel]:
    return sorted(_PANELS.get(slot, {}).values(), key=lambda p: (p.order, p.name))


def panels_render(*, slot: str, request: Any, obj: Any) -> SafeString:
    """The panels of a slot for this object, rendered in order ("" when none has anything)."""
    parts = []
    for panel in panels_of(slot):
        context = panel.context(request, obj)
        if context is not None:
            parts.append((render_to_string(panel.template, context, request=request),))
    if not parts:
        return mark_safe("")
    return format_html_join("", "{}", ((mark_safe(html),) for (html,) in parts))
