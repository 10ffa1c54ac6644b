"""Reads of a store's own order rules (订单规则): its settings, or the defaults, scoped to the staff member's stores."""

from __future__ import annotations

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from .rules import StoreRules, store_rules


def order_settings_get(*, user: Actor, store_id: int) -> StoreRules:
    """The order rules in force in one store: its own settings, or the defaults."""
    require_perm(user, "orders.view")
    require_store_access(user, store_id)
    if not Store.objects.filter(pk=store_id).exists():
        raise NotFoundError()
    return store_rules(store_id)
