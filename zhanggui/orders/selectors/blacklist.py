"""Reads of a store's order rules: its blacklist and its settings, scoped to the staff member's stores."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, require_store_access, scope_to_stores
from zhanggui.stores.models import Store

from ..models import BlacklistEntry
from .rules import StoreRules, normalised_phone, store_rules


def blacklist_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[BlacklistEntry]:
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


def blacklist_entry_get(*, user: Any, entry_id: int) -> BlacklistEntry:
    """One entry; missing when it belongs to a store outside ``user``'s."""
    entry = blacklist_list(user=user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFoundError()
    return entry


def order_settings_get(*, user: Any, store_id: int) -> StoreRules:
    """The order rules in force in one store: its own settings, or the defaults."""
    require_perm(user, "orders.view")
    require_store_access(user, store_id)
    if not Store.objects.filter(pk=store_id).exists():
        raise NotFoundError()
    return store_rules(store_id)
