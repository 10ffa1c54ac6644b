"""The order state machine (DESIGN.md): one table of allowed transitions, enforced by the services.

Every status change goes through ``transition_check``; the audit row of the change records the
statuses it passed through (``status_path``), so the log can be checked against this table.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import ConflictError


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", gettext_lazy("Awaiting payment")  # 待付款
    PAID = "paid", gettext_lazy("Paid")  # 已付款
    UNDER_REVIEW = "under_review", gettext_lazy("Under review")  # 待审核
    AWAITING_SHIPMENT = "awaiting_shipment", gettext_lazy("Awaiting shipment")  # 待发货
    SHIPPED = "shipped", gettext_lazy("Shipped")  # 已发货
    DELIVERED = "delivered", gettext_lazy("Delivered")  # 已签收
    COMPLETED = "completed", gettext_lazy("Completed")  # 交易成功
    CLOSED = "closed", gettext_lazy("Closed")  # 交易关闭


S = OrderStatus

# from → the statuses an order may move to next. ``closed`` is reachable only before shipment:
# unpaid orders time out or are cancelled; paid ones close on a cancel or full refund.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CLOSED}),
    S.PAID: frozenset({S.UNDER_REVIEW, S.AWAITING_SHIPMENT, S.CLOSED}),
    S.UNDER_REVIEW: frozenset({S.AWAITING_SHIPMENT, S.CLOSED}),
    S.AWAITING_SHIPMENT: frozenset({S.SHIPPED, S.CLOSED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CLOSED: frozenset(),
}

# Paid, not yet shipped: the order holds (or tries to hold) stock and may still be edited.
BEFORE_SHIPMENT: frozenset[str] = frozenset({S.PENDING_PAYMENT, S.PAID, S.UNDER_REVIEW, S.AWAITING_SHIPMENT})
OPEN_PAID: frozenset[str] = frozenset({S.PAID, S.UNDER_REVIEW, S.AWAITING_SHIPMENT})

# How far along an order is as a platform sees it; a platform update never moves an order back.
# Our review statuses are finer steps of the platform's "paid".
PROGRESS: dict[str, int] = {
    S.PENDING_PAYMENT: 0,
    S.PAID: 1,
    S.UNDER_REVIEW: 1,
    S.AWAITING_SHIPMENT: 1,
    S.SHIPPED: 2,
    S.DELIVERED: 3,
    S.COMPLETED: 4,
    S.CLOSED: 5,
}


def status_label(status: str) -> str:
    return str(OrderStatus(status).label)


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def transition_check(order: Any, to: str) -> None:
    """Raise ConflictError unless ``order`` may move from its status to ``to``."""
    if not is_allowed(order.status, to):
        raise ConflictError(
            _("Order %(number)s cannot go from “%(from)s” to “%(to)s”.")
            % {"number": order.platform_order_id, "from": status_label(order.status), "to": status_label(to)},
            code="invalid_transition",
        )


def transition_path(from_status: str, to_status: str) -> list[str] | None:
    """The shortest chain of allowed steps from one status to another (both ends included), or None."""
    queue: deque[list[str]] = deque([[from_status]])
    seen = {from_status}
    while queue:
        path = queue.popleft()
        if path[-1] == to_status:
            return path
        for following in sorted(TRANSITIONS[path[-1]]):
            if following not in seen:
                seen.add(following)
                queue.append([*path, following])
    return None
