"""Reads of a store's buyer blacklist (黑名单), scoped to the staff member's stores."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores

from ..models import BlacklistEntry
from .rules import normalised_phone


def blacklist_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[BlacklistEntry]:
    """Blacklist entries of ``user``'s stores, newest first; ``filters``: ``store`` (id),
    ``keyword`` (part of a nickname, or the phone number's digits)."""
    require_perm(user, "orders.blacklist")
    filters = filters or {}
    queryset = scope_to_stores(BlacklistEntry.objects.select_related("store", "created_by"), user)
    if store := filters.get("store"):
        queryset = queryset.filter(store_id=store)
    if keyword := str(filters.get("keyword") or "").strip():
        matches = Q(nickname__icontains=keyword)
        if (digits := normalised_phone(keyword)) and len(digits) >= 4:
            matches |= Q(phone__contains=digits)
        queryset = queryset.filter(matches)
    return queryset.order_by("-created_at", "-pk")


def blacklist_entry_get(*, user: Actor, entry_id: int) -> BlacklistEntry:
    """One entry; missing when it belongs to a store outside ``user``'s."""
    entry = blacklist_list(user=user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFoundError()
    return entry
