"""What a cancellation can reverse: the lines of a store's paid orders, by buyer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..models import Order, OrderLine
from ..states import OrderStatus
from .rules import Lookups

ReturnableLine = tuple[str, str, dt.datetime, str, str, int]  # order number, buyer, ordered, code, title, units


def returnable_lines(*, store_id: int, nicknames: Iterable[str]) -> list[ReturnableLine]:
    """Lines of the store's orders of these buyers that were paid and not closed (the import's check
    reads them for a store the importing user was already checked for)."""
    return list(
        OrderLine.objects.filter(order__store_id=store_id, order__buyer__nickname__in=sorted(set(nicknames)))
        .exclude(order__status__in=(OrderStatus.PENDING_PAYMENT, OrderStatus.CLOSED))
        .order_by("order_id", "pk")
        .values_list(
            "order__platform_order_id",
            "order__buyer__nickname",
            "order__created_at",
            "merchant_code",
            "title",
            "quantity",
        )
    )


def buyer_blacklist_reasons(order: Order) -> list[str]:
    """Why the order's buyer (by nickname or phone) is on the store's blacklist; empty if not listed."""
    return Lookups().blacklist_reasons(order)
