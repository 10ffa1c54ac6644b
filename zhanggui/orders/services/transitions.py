"""What every order service shares: the authorised actor, the locked order, checks and status moves."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ConflictError
from zhanggui.core.permissions import require_perm, require_store_access

from ..models import Order, OrderLine
from ..states import BEFORE_SHIPMENT, OrderStatus, status_label, transition_check, transition_path

# The timestamp each status sets when an order reaches it.
STATUS_TIMES = {
    OrderStatus.PAID: "paid_at",
    OrderStatus.SHIPPED: "shipped_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.COMPLETED: "completed_at",
    OrderStatus.CLOSED: "closed_at",
}


def authorise(by: Actor | None, code: str, order: Order) -> None:
    """``by`` may do ``code`` to ``order``; None is the system (a platform or a scheduled task)."""
    if by is None:
        return
    require_perm(by, code)
    require_store_access(by, order.store_id)


def locked(order: Order) -> Order:
    """The order re-read under a row lock, so two clerks cannot act on the same order at once."""
    return Order.objects.select_for_update().select_related("store").get(pk=order.pk)


def lines_of(order: Order) -> list[OrderLine]:
    return list(order.lines.select_related("sku").order_by("pk"))


def check_before_shipment(order: Order) -> None:
    if order.status not in BEFORE_SHIPMENT:
        raise ConflictError(
            _("Order %(number)s is already “%(status)s”; it can no longer be edited.")
            % {"number": order.platform_order_id, "status": status_label(order.status)},
            code="already_shipped",
        )


def move(order: Order, to: str, path: list[str], *, at: Any = None) -> None:
    """Move ``order`` one allowed step to ``to`` (not saved) and note the step in ``path``."""
    transition_check(order, to)
    if not path:
        path.append(order.status)
    order.status = to
    path.append(to)
    if (field := STATUS_TIMES.get(OrderStatus(to))) and getattr(order, field) is None:
        setattr(order, field, at or timezone.now())


def move_along(order: Order, to: str, path: list[str], *, at: Any = None) -> None:
    """Move ``order`` to ``to`` through the shortest chain of allowed steps."""
    steps = transition_path(order.status, to)
    if steps is None:
        transition_check(order, to)  # raises: no allowed way there
        return
    for step in steps[1:]:
        move(order, step, path, at=at)


def status_audit(before_status: str, path: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The audit before/after of a status change: from, to and every status passed through."""
    return {"status": before_status}, {"status": path[-1] if path else before_status, "status_path": path}
