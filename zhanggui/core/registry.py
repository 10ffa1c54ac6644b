"""How the kernel finds what each context contributes, without naming any context.

A context contributes by convention, in a module of its own package: ``menu.ITEMS``,
``widgets.WIDGETS``, ``api.ROUTES``, ``demo.build``. They are read in ``INSTALLED_APPS`` order,
which is the order the contexts depend on each other (accounts, stores, catalog, orders…).
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps

PROJECT_PACKAGE = "zhanggui."


def contributing_modules(module_name: str) -> Iterator[ModuleType]:
    """Each project app's ``<app>.<module_name>`` module, where it has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_PACKAGE):
            continue
        qualified = f"{config.name}.{module_name}"
        if find_spec(qualified) is not None:
            yield import_module(qualified)


def contributions(module_name: str, attribute: str) -> list[Any]:
    """The items every project app lists in ``<app>.<module_name>.<attribute>``, app after app."""
    items: list[Any] = []
    for module in contributing_modules(module_name):
        items.extend(getattr(module, attribute, ()))
    return items
