"""How the order console shows statuses, flags, review reasons and anomalies."""

from __future__ import annotations

from typing import Any

from ..constants import anomaly_label
from ..models import MemoFlag, Order
from ..selectors.rules import REASON_LABELS
from ..states import OrderStatus

S = OrderStatus

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

FLAG_COLOURS: dict[str, str] = {
    MemoFlag.RED: "red",
    MemoFlag.YELLOW: "yellow",
    MemoFlag.GREEN: "green",
    MemoFlag.BLUE: "blue",
    MemoFlag.PURPLE: "purple",
}


def review_reason_rows(order: Order) -> list[dict[str, Any]]:
    """The order's review reasons as the clerk reads them: label and detail."""
    rows = []
    for reason in order.review_reasons or []:
        code = reason.get("code", "")
        rows.append({"code": code, "label": REASON_LABELS.get(code, code), "detail": reason.get("detail", "")})
    return rows


def anomaly_labels(order: Order) -> list[str]:
    return [anomaly_label(code) for code in order.anomalies or []]


def anomaly_rows(order: Order) -> list[dict[str, str]]:
    return [{"code": code, "label": anomaly_label(code)} for code in order.anomalies or []]
