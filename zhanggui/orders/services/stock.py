"""The stock of an order's lines: where to reserve, reserving all or nothing, releasing, deducting."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Stock, Warehouse
from zhanggui.catalog.selectors import stock_available, stock_rows_for_skus, warehouse_get
from zhanggui.catalog.services import stock_deduct, stock_release, stock_reserve, stock_reserve_rows
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ConflictError
from zhanggui.core.models import AuditEvent

from ..models import Order, OrderLine


def _needs(lines: list[OrderLine]) -> dict[int, int]:
    """Units per SKU of the lines that match one."""
    needs: dict[int, int] = {}
    for line in lines:
        if line.sku_id is not None:
            needs[line.sku_id] = needs.get(line.sku_id, 0) + line.quantity
    return needs


def choose_warehouse(lines: list[OrderLine]) -> Warehouse | None:
    """Where to reserve: the first active warehouse (by id) able to serve every line, else the
    first holding any of the SKUs, else None. A read without locks: the reservation decides."""
    needs = _needs(lines)
    if not needs:
        return None
    chosen = pick_warehouse(needs, stock_available(sku_ids=needs))
    return warehouse_get(warehouse_id=chosen) if chosen is not None else None


@dataclass(frozen=True)
class ReservationPlan:
    """Where a new order's lines would be reserved, read before its transaction: the warehouse
    ``choose_warehouse`` picks, and its stock rows with the units each must hold (empty when a
    line matches no SKU or the warehouse has no row of one of them: nothing can be held)."""

    warehouse_id: int | None
    units: list[tuple[Stock, int]]


def reservation_plan(lines: list[OrderLine]) -> ReservationPlan:
    needs = _needs(lines)
    if not needs:
        return ReservationPlan(None, [])
    rows = stock_rows_for_skus(sku_ids=needs)
    holding: dict[int, dict[int, int]] = {}
    for row in rows:
        holding.setdefault(row.warehouse_id, {})[row.sku_id] = row.on_hand - row.reserved
    chosen = pick_warehouse(needs, holding)
    in_chosen = {row.sku_id: row for row in rows if row.warehouse_id == chosen}
    if any(line.sku_id is None for line in lines) or set(needs) - set(in_chosen):
        return ReservationPlan(chosen, [])
    return ReservationPlan(chosen, [(in_chosen[sku_id], units) for sku_id, units in needs.items()])


def reserve_planned(order: Order, plan: ReservationPlan, *, by: Actor | None) -> list[AuditEvent] | None:
    """Hold a new order's planned units (see ``stock_reserve_rows``: call it last before the
    commit); the moves' unsaved audit events, or None when the order cannot have them all."""
    if not plan.units:
        return None
    reason = _("Order %(number)s") % {"number": order.platform_order_id}
    return stock_reserve_rows(units=plan.units, by=by, reason=reason)


def pick_warehouse(needs: dict[int, int], holding: dict[int, dict[int, int]]) -> int | None:
    """Of the active warehouses' available units (warehouse → SKU → units), the first able to serve
    every SKU's ``needs``, else the first holding any of them, else None (shared with bulk imports)."""
    for warehouse_id in sorted(holding):
        if all(holding[warehouse_id].get(sku_id, 0) >= qty for sku_id, qty in needs.items()):
            return warehouse_id
    return min(holding) if holding else None


class _NotEnough(Exception):
    """A line could not be reserved (internal: rolls back the reservation savepoint)."""


def reserve_lines(order: Order, lines: list[OrderLine], *, by: Actor) -> bool:
    """Reserve every unreserved line, in SKU order (so concurrent orders cannot deadlock);
    all or nothing: if one line cannot be held, none stays reserved and False is returned."""
    pending = sorted((line for line in lines if not line.reserved), key=lambda line: (line.sku_id or 0, line.pk))
    if not pending:
        return True
    if order.warehouse_id is None:
        order.warehouse = choose_warehouse(lines)
    if order.warehouse_id is None or any(line.sku_id is None for line in pending):
        return False
    reason = _("Order %(number)s") % {"number": order.platform_order_id}
    try:
        with transaction.atomic():  # a savepoint: a failed line rolls back the ones held before it
            for line in pending:
                assert line.sku_id is not None
                if not stock_reserve(
                    sku_id=line.sku_id, warehouse_id=order.warehouse_id, quantity=line.quantity, by=by, reason=reason
                ):
                    raise _NotEnough
    except _NotEnough:
        return False
    OrderLine.objects.filter(pk__in=[line.pk for line in pending]).update(reserved=True)
    for line in pending:
        line.reserved = True
    return True


def release_lines(order: Order, lines: list[OrderLine], *, by: Actor | None) -> None:
    """Give back every reserved line's units (the order closed or changed)."""
    reason = _("Order %(number)s") % {"number": order.platform_order_id}
    held = [line for line in sorted(lines, key=lambda line: (line.sku_id or 0, line.pk)) if line.reserved]
    for line in held:
        assert line.sku_id is not None and order.warehouse_id is not None
        if not stock_release(
            sku_id=line.sku_id, warehouse_id=order.warehouse_id, quantity=line.quantity, by=by, reason=reason
        ):
            raise ConflictError(_("The reserved stock of this order is inconsistent; nothing was changed."))
    OrderLine.objects.filter(pk__in=[line.pk for line in held]).update(reserved=False)
    for line in held:
        line.reserved = False


def deduct_lines(order: Order, lines: list[OrderLine], *, by: Actor) -> None:
    """The reserved units leave the warehouse with the parcel."""
    reason = _("Order %(number)s") % {"number": order.platform_order_id}
    held = [line for line in sorted(lines, key=lambda line: (line.sku_id or 0, line.pk)) if line.reserved]
    for line in held:
        assert line.sku_id is not None and order.warehouse_id is not None
        if not stock_deduct(
            sku_id=line.sku_id, warehouse_id=order.warehouse_id, quantity=line.quantity, by=by, reason=reason
        ):
            raise ConflictError(_("The reserved stock of this order is inconsistent; nothing was changed."))
    OrderLine.objects.filter(pk__in=[line.pk for line in held]).update(reserved=False)
    for line in held:
        line.reserved = False
