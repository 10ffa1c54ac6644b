"""Every console URL and API route, with the permission it declares and sample arguments.

The permission-matrix test walks these. Routes with path parameters take their sample values
from ``SAMPLES`` (keyed by URL name or API operation name); a route missing there fails the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from ninja.utils import normalize_path

import zhanggui.urls  # noqa: F401 - mounts the API routers
from zhanggui.core.api import api


@dataclass(frozen=True)
class ConsoleRoute:
    name: str
    pattern: str
    permission: str | None
    params: tuple[str, ...]
    methods: tuple[str, ...]


@dataclass(frozen=True)
class ApiRoute:
    name: str
    path: str
    method: str
    permission: str | None
    params: tuple[str, ...]


def _view_permission(callback: Callable[..., Any]) -> str | None:
    code = getattr(callback, "zhanggui_permission", None)
    if code is None and hasattr(callback, "view_class"):
        code = getattr(callback.view_class, "permission", None) or None
    return code


def _view_methods(callback: Callable[..., Any]) -> tuple[str, ...]:
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        return ("get",)
    methods = tuple(m for m in ("get", "post") if hasattr(view_class, m))
    return methods or ("get",)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("api/"):
                continue
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield name, prefix + str(entry.pattern), entry


def console_routes() -> list[ConsoleRoute]:
    routes = []
    for name, pattern, entry in _walk(get_resolver().url_patterns):
        if pattern.startswith(("static/", "media/", "^media/", "^static/")):
            continue
        routes.append(
            ConsoleRoute(
                name=name,
                pattern=pattern,
                permission=_view_permission(entry.callback),
                params=tuple(entry.pattern.converters.keys()) if hasattr(entry.pattern, "converters") else (),
                methods=_view_methods(entry.callback),
            )
        )
    return routes


def api_routes() -> list[ApiRoute]:
    routes = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                # Build the URL the way django-ninja does (empty parts dropped, slashes collapsed).
                route = normalize_path("/".join(part for part in (prefix, path) if part)).lstrip("/")
                full = "/api/v1/" + route
                params = tuple(part[1:-1].split(":")[-1] for part in full.split("/") if part.startswith("{"))
                for method in operation.methods:
                    routes.append(
                        ApiRoute(
                            name=operation.view_func.__name__,
                            path=full,
                            method=method,
                            permission=getattr(operation.view_func, "zhanggui_permission", None),
                            params=params,
                        )
                    )
    return routes
