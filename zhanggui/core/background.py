"""Background work that services queue by name, so a service never imports a task module.

Task modules sit above services: a task calls a service, never the other way round. A task a
service may queue registers under a name (``@queued_as("imports.check")``); ``CoreConfig.ready``
imports every app's ``tasks`` module, so every process (web and worker) knows the names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

_QUEUED: dict[str, Callable[..., Any]] = {}


def queued_as(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a task under ``name`` for ``enqueue_on_commit``."""

    def register(task: Callable[..., Any]) -> Callable[..., Any]:
        if _QUEUED.get(name, task) is not task:
            raise ImproperlyConfigured(f"two tasks are queued as {name!r}")
        _QUEUED[name] = task
        return task

    return register


def enqueue_on_commit(name: str, *args: Any) -> None:
    """Queue the task registered as ``name`` once the current transaction commits."""
    try:
        task = _QUEUED[name]
    except KeyError as exc:
        raise ImproperlyConfigured(f"no task is queued as {name!r}; is its tasks module imported?") from exc
    transaction.on_commit(partial(task, *args))
