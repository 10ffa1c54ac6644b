"""Batch actions, each item on its own: one bad item does not stop the rest, and the answer says
per item what happened. Every context's batch services run through ``batch_run``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction

from .exceptions import ServiceError

T = TypeVar("T")


@dataclass
class BatchResult:
    """What a batch did: the ids done, and per failed id its (translated) error."""

    done: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def error_text(exc: ServiceError) -> str:
    """A service error as one line: the field messages if it has any, else its message."""
    if exc.errors:
        return "; ".join(dict.fromkeys(error.message for error in exc.errors))
    return exc.message


def batch_run(
    ids: Sequence[int], found: Mapping[int, T], action: Callable[[T, int], Any], *, missing: str
) -> BatchResult:
    """Run ``action(item, index)`` for each id in its own savepoint; an id not in ``found`` (absent,
    or outside the staff member's scope) is reported with ``missing``."""
    result = BatchResult()
    for index, item_id in enumerate(ids):
        item = found.get(item_id)
        if item is None:
            result.errors[item_id] = missing
            continue
        try:
            with transaction.atomic():  # a savepoint: a failed item leaves no trace
                action(item, index)
        except ServiceError as exc:
            result.errors[item_id] = error_text(exc)
        else:
            result.done.append(item_id)
    return result
