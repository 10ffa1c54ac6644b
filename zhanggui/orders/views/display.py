"""How the order console shows statuses, flags, review reasons and anomalies."""

from __future__ import annotations

from typing import Any

from zhanggui.core.actors import Actor

from ..constants import anomaly_label
from ..models import MemoFlag, Order
from ..selectors.rules import review_reasons_shown
from ..states import LogisticsStatus, OrderStatus

S = OrderStatus
L = LogisticsStatus

# Tabler colour of each status badge: waiting states warm, moving states blue, done green, closed grey.
STATUS_COLOURS: dict[str, str] = {
    S.PENDING_PAYMENT: "secondary",
    S.PAID: "azure",
    S.UNDER_REVIEW: "orange",
    S.AWAITING_SHIPMENT: "blue",
    S.SHIPPED: "cyan",
    S.DELIVERED: "teal",
    S.COMPLETED: "green",
    S.CLOSED: "secondary",
}

# Tabler colour of each logistics status badge: moving blue, at the door cyan, signed green, trouble red.
LOGISTICS_COLOURS: dict[str, str] = {
    L.COLLECTED: "azure",
    L.IN_TRANSIT: "blue",
    L.OUT_FOR_DELIVERY: "cyan",
    L.SIGNED: "green",
    L.EXCEPTION: "red",
}

FLAG_COLOURS: dict[str, str] = {
    MemoFlag.RED: "red",
    MemoFlag.YELLOW: "yellow",
    MemoFlag.GREEN: "green",
    MemoFlag.BLUE: "blue",
    MemoFlag.PURPLE: "purple",
}


def review_reason_rows(order: Order, user: Actor) -> list[dict[str, Any]]:
    """The order's review reasons as ``user`` reads them: label and, where they may see it, detail."""
    return review_reasons_shown(user=user, reasons=order.review_reasons)


def anomaly_labels(order: Order) -> list[str]:
    return [anomaly_label(code) for code in order.anomalies or []]


def anomaly_rows(order: Order) -> list[dict[str, str]]:
    return [{"code": code, "label": anomaly_label(code)} for code in order.anomalies or []]
