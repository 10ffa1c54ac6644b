"""Registration points: what each context contributes to the kernel, found by module name.

A context declares its part in a module of its own (``<app>/menu.py: ITEMS``,
``<app>/widgets.py: WIDGETS``); the kernel collects them here and never names a context.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps


def contributions(module_name: str, attribute: str) -> list[Any]:
    """Every item the installed ``zhanggui`` apps list in ``<app>.<module_name>.<attribute>``, in app order.

    An app without the module contributes nothing; an error inside an existing module is raised,
    not mistaken for an app with nothing to contribute.
    """
    found: list[Any] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhanggui."):
            continue
        name = f"{config.name}.{module_name}"
        if find_spec(name) is None:
            continue
        found.extend(getattr(import_module(name), attribute, []))
    return found
