"""Checks against the policy table: permissions for actions, store scope for objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet

from . import policy
from .actors import Actor
from .exceptions import NotFoundError, PermissionDeniedError

M = TypeVar("M", bound=Model)


def has_perm(user: Any, code: str) -> bool:
    """Whether ``user`` may do ``code``: active staff whose role grants it."""
    if code == policy.PUBLIC:
        return True
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if code == policy.AUTHENTICATED:
        return True
    return policy.role_has(user.role, code)


def require_perm(user: Any, code: str) -> None:
    if not has_perm(user, code):
        raise PermissionDeniedError()


def spans_all_stores(user: Actor) -> bool:
    return user.role in policy.ALL_STORE_ROLES


def store_ids_for(user: Actor) -> list[int] | None:
    """The ids of the stores ``user`` may see, or None when the role spans every store."""
    if spans_all_stores(user):
        return None
    return list(user.stores.values_list("id", flat=True))


def scope_to_stores(queryset: QuerySet[M], user: Actor, lookup: str = "store") -> QuerySet[M]:
    """Keep rows whose ``lookup`` (a single-valued path to a store) is one of ``user``'s stores.

    For many-valued paths, filter on a subquery of ids instead, so rows are not repeated.
    The user's stores are a subquery of the same statement, not a query of their own: one round
    trip less on every scoped read (the order list API's, bench/order_api.py).
    """
    if spans_all_stores(user):
        return queryset
    assigned = user.stores.through.objects.filter(staff_id=user.pk).values("store_id")
    return queryset.filter(**{f"{lookup}__in": assigned})


def require_store_access(user: Actor, store_id: int | None) -> None:
    """Objects of other stores are reported as missing, never as forbidden."""
    ids = store_ids_for(user)
    if ids is not None and store_id not in ids:
        raise NotFoundError()


def require_store_ids(user: Actor, store_ids: Iterable[int]) -> None:
    for store_id in store_ids:
        require_store_access(user, store_id)


def permission_required(code: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Console view decorator: declares the route's permission and enforces it (403 otherwise)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            require_perm(request.user, code)
            return view(request, *args, **kwargs)

        guarded = wrapped if code == policy.PUBLIC else login_required(wrapped)
        guarded.zhanggui_permission = code  # type: ignore[attr-defined]
        return guarded

    return decorator
