"""Writing a validated order file: orders already known go through ``order_upsert``, new ones set-wise.

Runs inside the import job's single transaction (``core.imports.import_job_run``). An order already
in the store with the same or an older status is left alone, so importing a file again changes
nothing; a newer status (or a larger refund) is applied by ``order_upsert``, the same path as the
API and webhooks. New orders are built in memory — the state machine's steps (``move``), payment,
the warehouse choice and all-or-nothing reservation of the services — and written with one
``executemany`` per table; stock rows are locked first, in SKU order, and updated once each.

Orders that arrive paid but not shipped are then routed by the review rules against the database,
which by then holds the whole file (so two new orders of one buyer see each other as merge
candidates). Orders that arrive already shipped were reviewed elsewhere: their units are reserved
and deducted, and no review rule runs. Step times are the file's (``platform_times``), never the
import's moment. Last, the file's cancellations refund their orders (``order_refunds_record``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Sku
from zhanggui.catalog.selectors import skus_by_merchant_code
from zhanggui.catalog.services import StockBatch, stock_batch_write
from zhanggui.core.actors import Actor
from zhanggui.core.imports.sql import rows_for_keys, time_parameter
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import MemoFlag, Order, OrderLine
from ..selectors.rules import BatchLookups, payable, review_reasons, store_rules
from ..services import OrderData, order_refunds_record, order_upsert, platform_paid, platform_refund, platform_times
from ..services.stock import pick_warehouse
from ..services.transitions import STATUS_TIMES, move, move_along
from ..states import PROGRESS, OrderStatus
from .validation import OrderBatch

S = OrderStatus
ZERO = Decimal("0.00")

IN_STORE = "FROM orders_order WHERE store_id = {store} AND platform_order_id IN ({keys})"
EXISTING = "SELECT platform_order_id, status, refunded_amount " + IN_STORE
ORDER_IDS = "SELECT platform_order_id, id " + IN_STORE
BUYERS = "SELECT nickname, id FROM orders_buyer WHERE store_id = {store} AND nickname IN ({keys})"
BUYER_INSERT = "INSERT INTO orders_buyer (store_id, nickname, name, phone, created_at) VALUES (%s, %s, %s, %s, %s)"
ORDER_INSERT = """
INSERT INTO orders_order (
    store_id, platform_order_id, buyer_id, status, out_of_stock, goods_amount, shipping_fee, platform_discount,
    seller_discount, paid_amount, refunded_amount, receiver_name, receiver_phone, province, city, district,
    address_detail, buyer_message, seller_memo, memo_flag, created_at, paid_at, shipped_at, delivered_at,
    completed_at, closed_at, close_reason, review_reasons, anomalies, warehouse_id, updated_at
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
          %s, %s, %s, %s, %s)
"""
LINE_INSERT = """
INSERT INTO orders_orderline (
    order_id, sku_id, merchant_code, title, attributes, unit_price, quantity, discount, line_total, reserved
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""
SHIPMENT_INSERT = "INSERT INTO orders_shipment (order_id, carrier, tracking_no, shipped_at) VALUES (%s, %s, %s, %s)"
ROUTE_UPDATE = "UPDATE orders_order SET status = %s, review_reasons = %s WHERE id = %s"


NO_SKU = (None, None)


def order_batch_write(*, by: Actor, batch: OrderBatch) -> dict[str, Any]:
    """Apply a validated file to its store; returns what changed."""
    store = Store.objects.get(pk=batch.store_id)
    if by is not None:
        require_perm(by, "orders.import")
        require_store_access(by, store.pk)
    known = {
        number: (status, Decimal(str(refunded)))
        for number, status, refunded in rows_for_keys(
            EXISTING.replace("{store}", str(int(store.pk))), [o.platform_order_id for o in batch.orders]
        )
    }
    fresh = [o for o in batch.orders if o.platform_order_id not in known]
    newer = sorted(
        (o for o in batch.orders if o.platform_order_id in known and _is_newer(o, *known[o.platform_order_id])),
        key=lambda o: o.platform_order_id,
    )
    updated = sum(order_upsert(by=by, store=store, data=data)[1] == "updated" for data in newer)
    counts: dict[str, Any] = NewOrders(by=by, store=store).write(fresh)
    counts.update(orders_updated=updated, orders_unchanged=len(batch.orders) - len(fresh) - updated)
    if batch.refunds:  # after the orders they reverse are written
        counts.update(
            order_refunds_record(by=by, store=store, refunds=batch.refunds), cancellations=batch.cancellations
        )
    counts["created"], counts["updated"] = counts["orders_created"], updated  # what the progress bar shows
    return counts


def _is_newer(data: OrderData, status: str, refunded: Decimal) -> bool:
    return PROGRESS[data.status] > PROGRESS[status] or data.refunded_amount > refunded


@dataclass(slots=True)
class NewLine:
    """A new order line in memory (a model instance costs ten times more); the review rules read it as
    they read an ``OrderLine``."""

    sku: Sku | None
    sku_id: int | None
    merchant_code: str
    title: str
    attributes: str
    unit_price: Decimal
    quantity: int
    discount: Decimal
    line_total: Decimal
    reserved: bool = False


@dataclass(slots=True)
class NewOrder:
    """A new order in memory, with the fields ``Order`` has; ``move``, ``StockPlan`` and the review
    rules work on it."""

    store_id: int
    platform_order_id: str
    buyer_id: int
    goods_amount: Decimal
    shipping_fee: Decimal
    platform_discount: Decimal
    seller_discount: Decimal
    receiver_name: str
    receiver_phone: str
    province: str
    city: str
    district: str
    address_detail: str
    buyer_message: str
    seller_memo: str
    created_at: dt.datetime
    status: str = S.PENDING_PAYMENT
    out_of_stock: bool = False
    paid_amount: Decimal = ZERO
    refunded_amount: Decimal = ZERO
    memo_flag: str = MemoFlag.NONE
    paid_at: dt.datetime | None = None
    shipped_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    close_reason: str = ""
    warehouse_id: int | None = None
    pk: int | None = None

    full_address = Order.full_address  # the model's own property: the rules read the same text


class StockPlan:
    """The catalog's stock batch of the file's SKUs, and the order rules that decide its moves."""

    def __init__(self, sku_ids: set[int]) -> None:
        self.batch = StockBatch(sku_ids)

    def reserve(self, order: NewOrder, lines: list[NewLine]) -> bool:
        """Hold every line's units in one warehouse, or none (as ``reserve_lines`` does)."""
        needs: dict[int, int] = {}
        for line in lines:
            if line.sku_id is None:
                return False
            needs[line.sku_id] = needs.get(line.sku_id, 0) + line.quantity
        warehouse_id = order.warehouse_id
        if warehouse_id is None:  # among the warehouses stocking any of its SKUs, as ``choose_warehouse``
            available = self.batch.available
            stocking = {w: units for w, units in available.items() if not needs.keys().isdisjoint(units.keys())}
            # the only warehouse stocking any of them is the choice whether or not it can serve them all
            warehouse_id = next(iter(stocking)) if len(stocking) == 1 else pick_warehouse(needs, stocking)
            order.warehouse_id = warehouse_id
        if warehouse_id is None or not self.batch.reserve(warehouse_id=warehouse_id, units=needs):
            return False
        for line in lines:
            line.reserved = True
        return True

    def deduct(self, order: NewOrder, lines: list[NewLine]) -> None:
        """The reserved units left with the parcel."""
        units: dict[int, int] = {}
        for line in lines:
            if line.reserved:
                assert line.sku_id is not None and order.warehouse_id is not None
                units[line.sku_id] = units.get(line.sku_id, 0) + line.quantity
                line.reserved = False
        if units:
            assert order.warehouse_id is not None
            self.batch.deduct(warehouse_id=order.warehouse_id, units=units)


class NewOrders:
    """New orders of one store built in memory by the services' rules, then written set-wise."""

    def __init__(self, *, by: Actor, store: Store) -> None:
        self.by, self.store = by, store
        self.now = timezone.now()
        self.closed_reason = _("Closed on the platform")
        self.stock_reason = _("Orders imported for %(store)s") % {"store": store.name}
        self.learnt: dict[str, str] = {}  # target status → the status ``build`` leaves a new order in

    def write(self, orders: list[OrderData]) -> dict[str, int]:
        if not orders:
            return {"orders_created": 0, "lines_created": 0, "buyers_created": 0, "orders_held": 0}
        buyers, buyers_created = self.buyers(orders)
        codes = {line.merchant_code for data in orders for line in data.lines}
        skus = {code: (sku, sku.pk) for code, sku in skus_by_merchant_code(codes).items()}
        stock = StockPlan({sku_id for _sku, sku_id in skus.values()})
        built = [self.build(data, buyers[data.buyer_nickname], skus, stock) for data in orders]
        adapt = time_parameter()
        stamp = adapt(self.now)

        def moment(value: dt.datetime | None) -> Any:
            return None if value is None else adapt(value)

        with connection.cursor() as cursor:
            cursor.executemany(ORDER_INSERT, [self.order_row(order, moment, stamp) for order, _l, _s in built])
            ids = dict(rows_for_keys(self.scoped(ORDER_IDS), [order.platform_order_id for order, _l, _s in built]))
            line_rows: list[tuple[Any, ...]] = []
            shipments: list[tuple[Any, ...]] = []
            for order, lines, shipment in built:
                order.pk = order_id = ids[order.platform_order_id]
                line_rows.extend(
                    (
                        order_id,
                        line.sku_id,
                        line.merchant_code,
                        line.title,
                        line.attributes,
                        line.unit_price,
                        line.quantity,
                        line.discount,
                        line.line_total,
                        line.reserved,
                    )
                    for line in lines
                )
                if shipment is not None:
                    shipments.append((order_id, *shipment, moment(order.shipped_at)))
            cursor.executemany(LINE_INSERT, line_rows)
            if shipments:
                cursor.executemany(SHIPMENT_INSERT, shipments)
        counts = stock_batch_write(by=self.by, batch=stock.batch, reason=self.stock_reason)
        held = self.route([(order, lines) for order, lines, _s in built if order.status == S.PAID])
        return {
            "orders_created": len(built),
            "lines_created": len(line_rows),
            "buyers_created": buyers_created,
            "orders_held": held,
            **counts,
        }

    def scoped(self, sql: str) -> str:
        return sql.replace("{store}", str(int(self.store.pk)))

    def buyers(self, orders: list[OrderData]) -> tuple[dict[str, int], int]:
        """The store's buyer id of each nickname, creating the missing ones (first order's name and phone)."""
        first: dict[str, OrderData] = {}
        for data in orders:
            first.setdefault(data.buyer_nickname, data)
        found = dict(rows_for_keys(self.scoped(BUYERS), sorted(first)))
        missing = sorted(nickname for nickname in first if nickname not in found)
        if missing:
            stamp = connection.ops.adapt_datetimefield_value(self.now)
            rows = [(self.store.pk, n, first[n].buyer_name[:60], first[n].buyer_phone[:20], stamp) for n in missing]
            with connection.cursor() as cursor:
                cursor.executemany(BUYER_INSERT, rows)
            found.update(rows_for_keys(self.scoped(BUYERS), missing))
        return found, len(missing)

    def steps(self, target: str) -> str:
        """The status the state machine's moves leave a new order in on its way to ``target``, as
        ``build`` takes it there: it depends on the target alone, so ``move`` runs once per target, on a
        stand-in. (Its times are the platform's, ``platform_times``.)"""
        status = self.learnt.get(target)
        if status is not None:
            return status
        probe = SimpleNamespace(status=S.PENDING_PAYMENT, platform_order_id="", **dict.fromkeys(STATUS_TIMES.values()))
        steps_to = cast(Order, probe)
        path: list[str] = []
        if target == S.CLOSED:
            move(steps_to, S.CLOSED, path)
        elif target != S.PENDING_PAYMENT:
            move(steps_to, S.PAID, path)
            if PROGRESS[target] >= PROGRESS[S.SHIPPED]:
                move(steps_to, S.AWAITING_SHIPMENT, path)
                move_along(steps_to, S.SHIPPED, path)
                move_along(steps_to, target, path)
        status = self.learnt[target] = probe.status
        return status

    def build(
        self, data: OrderData, buyer_id: int, skus: dict[str, tuple[Sku, int]], stock: StockPlan
    ) -> tuple[NewOrder, list[NewLine], tuple[str, str] | None]:
        """The order as ``order_upsert`` would leave it, its lines, and its shipment (carrier, tracking)."""
        lines = []
        goods = ZERO
        for item in data.lines:
            sku, sku_id = skus.get(item.merchant_code, NO_SKU)
            price, quantity, discount = item.unit_price, item.quantity, item.discount
            total = price * quantity - discount
            goods += total
            lines.append(
                NewLine(sku, sku_id, item.merchant_code, item.title, item.attributes, price, quantity, discount, total)
            )
        order = NewOrder(
            self.store.pk,
            data.platform_order_id,
            buyer_id,
            goods,
            data.shipping_fee,
            data.platform_discount,
            data.seller_discount,
            data.receiver_name,
            data.receiver_phone,
            data.province,
            data.city,
            data.district,
            data.address_detail,
            data.buyer_message,
            data.seller_memo,
            data.created_at,
        )
        target = data.status
        if target == S.PENDING_PAYMENT:
            return order, lines, None
        order.status = self.steps(target)
        times = platform_times(data)
        order.paid_at, order.shipped_at, order.delivered_at = (
            times["paid_at"],
            times["shipped_at"],
            times["delivered_at"],
        )
        order.completed_at, order.closed_at = times["completed_at"], times["closed_at"]
        if platform_paid(data):
            owed = payable(cast(Order, order), cast(list[OrderLine], lines))  # reads only the amounts
            order.paid_amount = data.paid_amount if data.paid_amount is not None else max(owed, ZERO)
        if target == S.CLOSED:
            order.close_reason = data.close_reason or self.closed_reason
            order.refunded_amount = min(platform_refund(data, order.paid_amount), order.paid_amount)
            return order, lines, None
        order.refunded_amount = data.refunded_amount
        unmatched = any(line.sku_id is None for line in lines)
        order.out_of_stock = not unmatched and not stock.reserve(order, lines)
        if PROGRESS[target] < PROGRESS[S.SHIPPED]:
            return order, lines, None  # routed by the review rules once the whole file is written
        stock.deduct(order, lines)
        order.out_of_stock = False
        shipment = (data.carrier, data.tracking_no) if data.tracking_no else None
        return order, lines, shipment

    def order_row(self, order: NewOrder, moment: Any, stamp: Any) -> tuple[Any, ...]:
        return (
            order.store_id,
            order.platform_order_id,
            order.buyer_id,
            order.status,
            order.out_of_stock,
            order.goods_amount,
            order.shipping_fee,
            order.platform_discount,
            order.seller_discount,
            order.paid_amount,
            order.refunded_amount,
            order.receiver_name,
            order.receiver_phone,
            order.province,
            order.city,
            order.district,
            order.address_detail,
            order.buyer_message,
            order.seller_memo,
            order.memo_flag,
            moment(order.created_at),
            moment(order.paid_at),
            moment(order.shipped_at),
            moment(order.delivered_at),
            moment(order.completed_at),
            moment(order.closed_at),
            order.close_reason,
            "[]",
            "[]",
            order.warehouse_id,
            stamp,
        )

    def route(self, paid: list[tuple[NewOrder, list[NewLine]]]) -> int:
        """Hold the new paid orders a review rule catches, release the others for shipment; how many held."""
        params, held = [], 0
        if not paid:
            return 0
        rules = store_rules(self.store.pk)
        window = dt.timedelta(hours=rules.merge_window_hours)
        times = [new.created_at for new, _lines in paid]
        lookups = BatchLookups(store_id=self.store.pk, since=min(times) - window, until=max(times) + window)
        for order, lines in paid:
            reasons = review_reasons(cast(Order, order), cast(list[OrderLine], lines), rules, lookups)
            move(cast(Order, order), S.UNDER_REVIEW if reasons else S.AWAITING_SHIPMENT, [])
            held += bool(reasons)
            params.append((order.status, json.dumps(reasons, ensure_ascii=False), order.pk))
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(ROUTE_UPDATE, params)
        return held
