"""Reads about stores, scoped to the stores a staff member may see."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_store_access, scope_to_stores

from ..constants import MERCHANT_TIME_ZONES
from ..models import Store, StoreCredential

DEFAULT_ZONE = "Asia/Shanghai"


@lru_cache(maxsize=1)
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names this machine knows (``zoneinfo.available_timezones()``)."""
    return frozenset(zoneinfo.available_timezones())


def store_zone(store: Store | None) -> dt.tzinfo:
    """The zone a store's days and files are in (China's when the store names none we know)."""
    try:
        return zoneinfo.ZoneInfo(store.time_zone if store is not None else DEFAULT_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_ZONE)


def time_zone_label(name: str) -> str:
    """``北京时间 · Asia/Shanghai``: the place people know, and the zone's name to tell it apart."""
    label = MERCHANT_TIME_ZONES.get(name)
    return f"{label} · {name}" if label is not None else name


def time_zone_choices(current: str = "") -> list[tuple[str, str]]:
    """The zones merchants sell in, in the order the form offers them; ``current`` is kept if another."""
    names = [*MERCHANT_TIME_ZONES, *([current] if current and current not in MERCHANT_TIME_ZONES else [])]
    return [(name, time_zone_label(name)) for name in names]


def _with_staff_count(queryset: QuerySet[Store]) -> QuerySet[Store]:
    return queryset.annotate(staff_count=Count("staff", distinct=True))


def store_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Store]:
    """The stores ``user`` may see: every store for roles that span all stores, else the ones assigned to them.

    The one answer to "which stores may this user see" for every context; ``filters``: platform,
    is_active (bool or "1"/"0"), q (code or name).
    """
    filters = filters or {}
    queryset = _with_staff_count(scope_to_stores(Store.objects.all(), user, lookup="pk"))
    if platform := filters.get("platform"):
        queryset = queryset.filter(platform=platform)
    if (active := filters.get("is_active")) not in (None, ""):
        queryset = queryset.filter(is_active=active == "1" if isinstance(active, str) else bool(active))
    if q := (filters.get("q") or "").strip():
        queryset = queryset.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return queryset.order_by("name", "pk")


def store_get(*, user: Actor, store_id: int) -> Store:
    """One store; a store outside ``user``'s scope is reported as missing."""
    require_store_access(user, store_id)
    store = _with_staff_count(Store.objects.filter(pk=store_id)).first()
    if store is None:
        raise NotFoundError()
    return store


def store_credential_status(*, store: Store) -> dict[str, Any]:
    """Which credentials a store has and when they changed, without any of their values."""
    credential = StoreCredential.objects.filter(store=store).first()
    return {
        "exists": credential is not None,
        "app_key": bool(credential and credential.app_key),
        "app_secret": bool(credential and credential.app_secret),
        "webhook_secret": bool(credential and credential.webhook_secret),
        "previous_webhook_secret": bool(credential and credential.previous_webhook_secret),
        "rotated_at": credential.rotated_at if credential else None,
        "updated_at": credential.updated_at if credential else None,
    }
