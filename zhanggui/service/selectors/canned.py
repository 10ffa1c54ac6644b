"""Reading canned replies: those an agent may use in a store (their own and the team's), by shortcut."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, store_ids_for

from ..models import CannedReply


def _team_stores(user: Actor) -> Q:
    """Team replies for every store, or for one of ``user``'s stores."""
    ids = store_ids_for(user)
    if ids is None:
        return Q(owner__isnull=True)
    return Q(owner__isnull=True) & (Q(store__isnull=True) | Q(store_id__in=ids))


def canned_reply_list(
    *, user: Actor, store: Any = None, filters: dict[str, Any] | None = None
) -> QuerySet[CannedReply]:
    """The agent's own replies and the team's, most used first within a category.

    ``store`` (a store or its id) keeps replies for that store or for all stores. Filters: ``scope``
    (``mine`` or ``team``), ``category``, ``q`` (a ``/shortcut`` prefix, or words of title and text).
    """
    require_perm(user, "service.view")
    filters = filters or {}
    queryset = CannedReply.objects.filter(Q(owner_id=user.pk) | _team_stores(user)).select_related("store")
    store_id = getattr(store, "pk", store)
    if store_id not in (None, ""):
        queryset = queryset.filter(Q(store__isnull=True) | Q(store_id=store_id))
    if filters.get("scope") == "mine":
        queryset = queryset.filter(owner_id=user.pk)
    elif filters.get("scope") == "team":
        queryset = queryset.filter(owner__isnull=True)
    if filters.get("category"):
        queryset = queryset.filter(category=filters["category"])
    words = (filters.get("q") or "").strip()
    if words.startswith("/"):
        queryset = queryset.filter(shortcut__startswith=words)
    elif words:
        queryset = queryset.filter(Q(title__icontains=words) | Q(body__icontains=words) | Q(shortcut__icontains=words))
    return queryset.order_by("category", "-use_count", "shortcut", "pk")


def canned_reply_get(*, user: Actor, reply_id: int) -> CannedReply:
    found = canned_reply_list(user=user).filter(pk=reply_id).first()
    if found is None:
        raise NotFoundError()
    return found


def canned_reply_by_shortcut(*, user: Actor, store: Any, shortcut: str) -> CannedReply | None:
    """The reply ``/shortcut`` names for ``user`` in ``store``: their own before the team's, a
    store's own before the one for all stores."""
    found = list(canned_reply_list(user=user, store=store).filter(shortcut=shortcut.strip()))
    found.sort(key=lambda reply: (reply.owner_id is None, reply.store_id is None))
    return found[0] if found else None


def canned_categories(*, user: Actor) -> list[str]:
    names = canned_reply_list(user=user).exclude(category="").values_list("category", flat=True)
    return sorted(set(names))
