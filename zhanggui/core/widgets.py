"""The home page's widgets (工作台): each app declares its own in ``<app>/widgets.py`` as ``WIDGETS``.

A widget shows only to staff whose role holds its permission (deny by default); its context
function reads through the app's selectors, which keep to the user's stores. Widgets that are
the user's own work (their role is in ``roles``) come first, the rest they may see after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.functional import Promise

from .actors import Actor
from .permissions import has_perm
from .registry import contributions

FIGURES_TEMPLATE = "core/home/figures.html"  # a card of ``figures`` (a list of ``Figure``)


@dataclass(frozen=True)
class HomeWidget:
    """One card of the home page: what it is called, who may see it, and how it reads its figures.

    ``context(user)`` returns the template's context, or None when nothing in it concerns the user
    (the card is then left out); a ``todo`` entry counts the things waiting for them in it.
    """

    key: str
    title: str | Promise
    permission: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100
    roles: frozenset[str] = frozenset()
    wide: bool = False
    scripts: tuple[str, ...] = ()  # static files the card needs, in load order (e.g. a chart library)


@dataclass(frozen=True)
class Figure:
    """One number of a card and the page, filtered, where its work gets done."""

    key: str
    label: str | Promise
    value: Any
    url: str
    note: str | Promise = ""
    alert: bool = False  # the number is work waiting: shown in red unless it is zero


@dataclass(frozen=True)
class HomePanel:
    """A widget as one user sees it: its context, and whether it is their own work."""

    widget: HomeWidget
    context: dict[str, Any]
    own: bool

    @property
    def todo(self) -> int:
        return int(self.context.get("todo") or 0)


@lru_cache(maxsize=1)
def all_widgets() -> tuple[HomeWidget, ...]:
    return tuple(contributions("widgets", "WIDGETS"))


def widgets_for(user: Actor) -> list[HomeWidget]:
    """The widgets ``user`` may see: their own work first, each group in declared order."""
    role = getattr(user, "role", None)
    visible = [widget for widget in all_widgets() if has_perm(user, widget.permission)]
    return sorted(visible, key=lambda widget: (role not in widget.roles, widget.order, widget.key))


def home_panels(user: Actor) -> list[HomePanel]:
    """The cards of ``user``'s home, in order, without those that have nothing for them."""
    panels = []
    role = getattr(user, "role", None)
    for widget in widgets_for(user):
        context = widget.context(user)
        if context is not None:
            panels.append(HomePanel(widget=widget, context=context, own=role in widget.roles))
    return panels
