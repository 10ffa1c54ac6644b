"""Page slots: a named place on one context's page where another context adds its part.

A context may not import the contexts built on it (orders knows nothing of after-sales), yet its
pages should show them. The page names a slot and renders whatever was registered for it; the
depending context registers its renderer in its ``AppConfig.ready()``. Two kinds:

- a *panel* slot (``"orders.order_detail.panels"``) answers HTML for one object's page;
- a *badge* slot (``"orders.order_list.badges"``) gets a list page's objects at once and answers
  HTML per object id, in a fixed number of queries (never one per row).

Renderers check the reader's permissions themselves and answer "" (or leave the object out) when
there is nothing to show. Filled in ``ready()`` (the same in every process), read only afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

PanelRenderer = Callable[[HttpRequest, Any], str]
BadgeRenderer = Callable[[HttpRequest, Sequence[Any]], Mapping[int, str]]

_PANELS: dict[str, list[PanelRenderer]] = {}
_BADGES: dict[str, list[BadgeRenderer]] = {}


def slot_panel_register(slot: str, renderer: PanelRenderer) -> None:
    """Add ``renderer(request, obj) -> html`` to the panel slot ``slot`` (once per renderer)."""
    renderers = _PANELS.setdefault(slot, [])
    if renderer not in renderers:
        renderers.append(renderer)


def slot_badge_register(slot: str, renderer: BadgeRenderer) -> None:
    """Add ``renderer(request, objects) -> {pk: html}`` to the badge slot ``slot`` (once per renderer)."""
    renderers = _BADGES.setdefault(slot, [])
    if renderer not in renderers:
        renderers.append(renderer)


def slot_panels(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    """The HTML every renderer of ``slot`` gives for ``obj``, one after another."""
    return mark_safe("".join(conditional_escape(render(request, obj)) for render in _PANELS.get(slot, [])))  # noqa: S308 - each part is escaped unless it is already safe


def slot_badges(slot: str, request: HttpRequest, objects: Sequence[Any]) -> dict[int, SafeString]:
    """Per object id, the HTML every renderer of ``slot`` gives for it (objects without any left out)."""
    shown: dict[int, list[str]] = {}
    if objects:
        for render in _BADGES.get(slot, []):
            for pk, html in render(request, objects).items():
                shown.setdefault(pk, []).append(str(conditional_escape(html)))
    return {pk: mark_safe("".join(parts)) for pk, parts in shown.items()}  # noqa: S308 - escaped above
