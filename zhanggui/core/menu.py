"""The console's left menu: each app declares its items in ``<app>/menu.py`` as ``ITEMS``.

An item shows only to roles whose policy grants its permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import reverse

from .actors import Actor
from .permissions import has_perm
from .registry import contributions


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url_name: str
    permission: str
    group: Any
    order: int = 100


@lru_cache(maxsize=1)
def all_items() -> tuple[MenuItem, ...]:
    return tuple(sorted(contributions("menu", "ITEMS"), key=lambda i: i.order))


def menu_for(user: Actor, current_path: str) -> list[dict[str, Any]]:
    """Groups of visible items for ``user``, in declaration order; the item whose URL is the
    longest prefix of the current path is marked active (so /stock/low/ is not also /stock/)."""
    groups: dict[str, dict[str, Any]] = {}
    entries = []
    for item in all_items():
        if not has_perm(user, item.permission):
            continue
        entry = {"label": item.label, "url": reverse(item.url_name), "active": False}
        groups.setdefault(str(item.group), {"label": item.group, "items": []})["items"].append(entry)
        entries.append(entry)
    matches = [e for e in entries if current_path.startswith(e["url"]) and (e["url"] != "/" or current_path == "/")]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return list(groups.values())


def _items() -> list[MenuItem]:
    from django.utils.translation import gettext_lazy as _

    from . import policy

    return [
        MenuItem(_("Workbench"), "core:home", policy.AUTHENTICATED, _("Home"), order=0),
        MenuItem(_("Audit log"), "core:audit_list", "audit.view", _("System"), order=910),
    ]


ITEMS = _items()
