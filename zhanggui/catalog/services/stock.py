"""Stock counts: staff set counts; orders reserve, release, deduct and sell units.

Every change of a count is a single conditional UPDATE (``... WHERE on_hand >= reserved + n``)
checked by its row count, never a read-modify-write in Python: on PostgreSQL concurrent
buyers of the last units queue on the row lock and re-check the condition, and on SQLite writes
are serialised anyway. The database check constraints (on_hand >= 0, 0 <= reserved <= on_hand)
are the last line of defence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_event, audit_record
from zhanggui.core.exceptions import ConflictError, FieldError, NotFoundError, ValidationFailed
from zhanggui.core.imports.sql import chunked
from zhanggui.core.inputs import count, reason_text
from zhanggui.core.models import AuditEvent
from zhanggui.core.permissions import require_perm

from ..models import Sku, Stock, Warehouse
from ..selectors import products_in_scope, require_product_access


class StockCount(NamedTuple):
    """One line of a stock count: this SKU in this warehouse has ``on_hand`` units."""

    sku: Sku
    warehouse: Warehouse
    on_hand: int


def audit_key(sku: Sku, warehouse: Warehouse) -> str:
    """How batch audit rows name a stock row: ``<merchant code>@<warehouse code>``."""
    return f"{sku.merchant_code}@{warehouse.code}"


def _locked_row(sku: Sku, warehouse: Warehouse) -> tuple[Stock, bool]:
    """The stock row (locked), created empty if this warehouse never held the SKU; and whether it is new."""
    stock, created = Stock.objects.get_or_create(sku=sku, warehouse=warehouse)
    return Stock.objects.select_for_update().get(pk=stock.pk), created


def _set_on_hand(stock: Stock, on_hand: int) -> bool:
    """Set the count unless fewer units would remain than are reserved for orders."""
    return bool(
        Stock.objects.filter(pk=stock.pk, reserved__lte=on_hand).update(on_hand=on_hand, updated_at=timezone.now())
    )


def _below_reserved(sku: Sku, warehouse: Warehouse, reserved: int) -> str:
    return _("%(key)s: %(reserved)d units are reserved for orders; the count cannot be lower.") % {
        "key": audit_key(sku, warehouse),
        "reserved": reserved,
    }


@transaction.atomic
def stock_adjust(*, by: Actor, sku: Sku, warehouse: Warehouse, on_hand: int, reason: str) -> Stock:
    """Set how many units of ``sku`` ``warehouse`` holds (after a count, a delivery, damage...)."""
    require_perm(by, "catalog.stock")
    require_product_access(user=by, product_id=sku.product_id)
    on_hand = count(on_hand, "on_hand")
    reason = reason_text(reason)
    stock, created = _locked_row(sku, warehouse)
    if stock.on_hand == on_hand and not created:
        return stock
    if not _set_on_hand(stock, on_hand):
        raise ConflictError.for_field("on_hand", _below_reserved(sku, warehouse, stock.reserved))
    before = {"on_hand": None if created else stock.on_hand}
    stock.refresh_from_db()
    audit_record(
        actor=by, action="catalog.stock.adjust", obj=stock, before=before, after={"on_hand": on_hand}, reason=reason
    )
    return stock


def _check_scope(by: Actor, skus: Sequence[Sku]) -> None:
    product_ids = {sku.product_id for sku in skus}
    if products_in_scope(user=by).filter(pk__in=product_ids).count() != len(product_ids):
        raise NotFoundError()


@transaction.atomic
def stock_batch_adjust(*, by: Actor, counts: Sequence[StockCount], reason: str) -> list[Stock]:
    """Set many counts at once; if any would fall below its reserved units, none changes."""
    require_perm(by, "catalog.stock")
    if not counts:
        raise ValidationFailed.for_field("counts", _("Choose at least one SKU."))
    _check_scope(by, [c.sku for c in counts])
    reason = reason_text(reason)
    errors: list[FieldError] = []
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    rows: list[Stock] = []
    # Lock rows in a fixed order so two batches over the same rows cannot deadlock.
    for line in sorted(counts, key=lambda c: (c.sku.pk, c.warehouse.pk)):
        on_hand = count(line.on_hand, "on_hand")
        stock, created = _locked_row(line.sku, line.warehouse)
        rows.append(stock)
        if stock.on_hand == on_hand and not created:
            continue
        key = audit_key(line.sku, line.warehouse)
        if not _set_on_hand(stock, on_hand):
            errors.append(FieldError(f"counts.{key}", _below_reserved(line.sku, line.warehouse, stock.reserved)))
            continue
        before[key], after[key] = {"on_hand": None if created else stock.on_hand}, {"on_hand": on_hand}
    if errors:
        message = _("No count was changed: %(details)s") % {"details": " ".join(e.message for e in errors[:5])}
        raise ConflictError(message, errors=errors)
    if after:
        audit_record(
            actor=by,
            action="catalog.stock.batch_adjust",
            before=before,
            after=after,
            reason=reason,
            object_repr=_("Stock count of %(count)d row(s)") % {"count": len(after)},
        )
    for stock in rows:
        stock.refresh_from_db()
    return rows


@transaction.atomic
def stock_threshold_set(*, by: Actor, stocks: Sequence[Stock], low_stock_threshold: int) -> list[Stock]:
    """Set the available-units level at or below which these rows count as low stock."""
    require_perm(by, "catalog.stock")
    threshold = count(low_stock_threshold, "low_stock_threshold")
    ids = sorted({s.pk for s in stocks})
    if not ids:
        raise ValidationFailed.for_field("stock_ids", _("Choose at least one stock row."))
    locked = list(
        Stock.objects.select_for_update(of=("self",))
        .select_related("sku", "warehouse")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise NotFoundError()
    _check_scope(by, [s.sku for s in locked])
    to_change = [s for s in locked if s.low_stock_threshold != threshold]
    if to_change:
        before = {audit_key(s.sku, s.warehouse): {"low_stock_threshold": s.low_stock_threshold} for s in to_change}
        Stock.objects.filter(pk__in=[s.pk for s in to_change]).update(
            low_stock_threshold=threshold, updated_at=timezone.now()
        )
        audit_record(
            actor=by,
            action="catalog.stock.threshold_set",
            before=before,
            after={key: {"low_stock_threshold": threshold} for key in before},
            object_repr=_("Low-stock threshold of %(count)d row(s)") % {"count": len(to_change)},
        )
        for stock in to_change:
            stock.low_stock_threshold = threshold
    return locked


# --- units moved by orders -------------------------------------------------------------------
# These are called by other contexts' services, which have already authorised the actor;
# ``by`` is the staff member to credit in the audit log (None = the system, e.g. a payment webhook).


def _move(
    *,
    action: str,
    by: Actor | None,
    sku_id: int,
    warehouse_id: int,
    quantity: int,
    condition: Q,
    on_hand_delta: int,
    reserved_delta: int,
    reason: str,
) -> bool:
    quantity = count(quantity, "quantity", positive=True)
    with transaction.atomic():
        updated = Stock.objects.filter(condition, sku_id=sku_id, warehouse_id=warehouse_id).update(
            on_hand=F("on_hand") + on_hand_delta * quantity,
            reserved=F("reserved") + reserved_delta * quantity,
            updated_at=timezone.now(),
        )
        if not updated:
            return False
        # Our UPDATE holds the row lock until commit, so this read sees exactly our result.
        stock = Stock.objects.select_related("sku", "warehouse").get(sku_id=sku_id, warehouse_id=warehouse_id)
        audit_record(
            actor=by,
            action=action,
            obj=stock,
            before={
                "on_hand": stock.on_hand - on_hand_delta * quantity,
                "reserved": stock.reserved - reserved_delta * quantity,
            },
            after={"on_hand": stock.on_hand, "reserved": stock.reserved, "quantity": quantity},
            reason=reason,
        )
    return True


def stock_reserve(*, sku_id: int, warehouse_id: int, quantity: int, by: Actor | None = None, reason: str = "") -> bool:
    """Hold ``quantity`` units for a paid order; False (nothing changes) if fewer are available."""
    return _move(
        action="catalog.stock.reserve",
        by=by,
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        condition=Q(on_hand__gte=F("reserved") + quantity),
        on_hand_delta=0,
        reserved_delta=1,
        reason=reason,
    )


def stock_release(*, sku_id: int, warehouse_id: int, quantity: int, by: Actor | None = None, reason: str = "") -> bool:
    """Give back units held for an order that closed; False if fewer than ``quantity`` are reserved."""
    return _move(
        action="catalog.stock.release",
        by=by,
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        condition=Q(reserved__gte=quantity),
        on_hand_delta=0,
        reserved_delta=-1,
        reason=reason,
    )


def stock_deduct(*, sku_id: int, warehouse_id: int, quantity: int, by: Actor | None = None, reason: str = "") -> bool:
    """Units reserved for an order leave on shipment: on hand and reserved both fall by ``quantity``."""
    return _move(
        action="catalog.stock.deduct",
        by=by,
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        condition=Q(reserved__gte=quantity),
        on_hand_delta=-1,
        reserved_delta=-1,
        reason=reason,
    )


def stock_decrement(
    *, sku_id: int, warehouse_id: int, quantity: int, by: Actor | None = None, reason: str = ""
) -> bool:
    """Sell units straight from stock (no reservation); False if fewer than ``quantity`` are available."""
    return _move(
        action="catalog.stock.decrement",
        by=by,
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        condition=Q(on_hand__gte=F("reserved") + quantity),
        on_hand_delta=-1,
        reserved_delta=0,
        reason=reason,
    )


def stock_return_receive(
    *, sku_id: int, warehouse_id: int, quantity: int, by: Actor | None = None, reason: str = ""
) -> bool:
    """Returned goods that passed inspection go back on the shelf: on hand rises by ``quantity``.

    The SKU may never have been stocked in that warehouse: its row is created first (empty).
    """
    Stock.objects.get_or_create(sku_id=sku_id, warehouse_id=warehouse_id)
    return _move(
        action="catalog.stock.return_receive",
        by=by,
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        condition=Q(),
        on_hand_delta=1,
        reserved_delta=0,
        reason=reason,
    )


# --- units held for one new order -----------------------------------------------------------
STOCK_ROW_RESERVE = """
UPDATE catalog_stock SET reserved = reserved + %s, updated_at = %s
WHERE id = %s AND on_hand - reserved >= %s RETURNING on_hand, reserved
"""
STOCK_ROW_UNRESERVE = "UPDATE catalog_stock SET reserved = reserved - %s WHERE id = %s"


def stock_reserve_rows(*, units: Sequence[tuple[Stock, int]], by: Actor | None, reason: str) -> list[AuditEvent] | None:
    """Hold units of several stock rows for one order, all or none; None (nothing changed) when a
    row has too few units available.

    Each row is one conditional ``UPDATE … RETURNING`` (the same rule as ``stock_reserve``), in SKU
    order like every stock writer, so the rows stay locked from their UPDATE to the commit and no
    longer: call it last in the transaction. Rows held before a refused one are given back in the
    same transaction. Returns the moves' audit events (one per row, as ``stock_reserve`` writes
    them) unsaved: the caller writes them with its own in one ``audit_record_all`` just before
    committing. ``units``: stock rows read with their SKU and warehouse (``stock_rows_for_skus``),
    each with the units to hold.
    """
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    ordered = sorted(
        ((stock, count(quantity, "quantity", positive=True)) for stock, quantity in units),
        key=lambda pair: (pair[0].sku_id, pair[0].warehouse_id),
    )
    held: list[tuple[Stock, int, int, int]] = []  # row, units, on hand and reserved after
    with connection.cursor() as cursor:
        for stock, quantity in ordered:
            cursor.execute(STOCK_ROW_RESERVE, [quantity, stamp, stock.pk, quantity])
            row = cursor.fetchone()
            if row is None:
                for taken, taken_units, _on_hand, _reserved in held:
                    cursor.execute(STOCK_ROW_UNRESERVE, [taken_units, taken.pk])
                return None
            held.append((stock, quantity, row[0], row[1]))
    events = []
    for stock, quantity, on_hand, reserved in held:
        stock.on_hand, stock.reserved = on_hand, reserved
        events.append(
            audit_event(
                actor=by,
                action="catalog.stock.reserve",
                obj=stock,
                before={"on_hand": on_hand, "reserved": reserved - quantity},
                after={"on_hand": on_hand, "reserved": reserved, "quantity": quantity},
                reason=reason,
            )
        )
    return events


# --- units moved by a batch of orders (imports) ---------------------------------------------
STOCK_BATCH_UPDATE = """
UPDATE catalog_stock SET on_hand = on_hand + %s, reserved = reserved + %s, updated_at = %s
WHERE sku_id = %s AND warehouse_id = %s
"""


class StockBatch:
    """The stock of a set of SKUs, locked for one batch of orders, whose moves are written at once.

    For imports of many orders: the rows of the SKUs in active warehouses are locked in SKU order
    (the order every stock writer locks in), reservations and deductions are decided in memory
    against the locked counts with the same rules as ``stock_reserve`` and ``stock_deduct``, and
    ``stock_batch_write`` applies every row's change with one ``executemany`` and one audit row.
    Create and write it inside one transaction.
    """

    def __init__(self, sku_ids: set[int]) -> None:
        # warehouse → SKU → available units (on hand − reserved), as the batch moves them
        self.available: dict[int, dict[int, int]] = defaultdict(dict)
        self.on_hand: dict[tuple[int, int], int] = defaultdict(int)  # (SKU, warehouse) → change
        self.reserved: dict[tuple[int, int], int] = defaultdict(int)
        self.counts: dict[tuple[int, int], tuple[str, int, int]] = {}  # (SKU, warehouse) → key, before
        for chunk in chunked(sorted(sku_ids)):
            rows = (
                Stock.objects.select_for_update(of=("self",))
                .filter(sku_id__in=chunk, warehouse__is_active=True)
                .order_by("sku_id", "warehouse_id")
                .values_list("sku_id", "warehouse_id", "on_hand", "reserved", "sku__merchant_code", "warehouse__code")
            )
            for sku_id, warehouse_id, on_hand, reserved, merchant_code, warehouse_code in rows:
                self.available[warehouse_id][sku_id] = on_hand - reserved
                self.counts[sku_id, warehouse_id] = (f"{merchant_code}@{warehouse_code}", on_hand, reserved)

    def reserve(self, *, warehouse_id: int, units: dict[int, int]) -> bool:
        """Hold ``units`` (SKU → units) in the warehouse, all of them or none."""
        available = self.available.get(warehouse_id, {})
        if any(available.get(sku_id, -1) < quantity for sku_id, quantity in units.items()):
            return False
        for sku_id, quantity in units.items():
            available[sku_id] -= quantity
            self.reserved[sku_id, warehouse_id] += quantity
        return True

    def deduct(self, *, warehouse_id: int, units: dict[int, int]) -> None:
        """Units this batch reserved leave with a parcel: on hand and reserved both fall."""
        for sku_id, quantity in units.items():
            if self.reserved[sku_id, warehouse_id] < quantity:
                raise ValueError("a batch deducts only units it reserved")
            self.on_hand[sku_id, warehouse_id] -= quantity
            self.reserved[sku_id, warehouse_id] -= quantity


def stock_batch_write(*, by: Actor, batch: StockBatch, reason: str) -> dict[str, int]:
    """Write the batch's moves (one UPDATE per changed row, sent at once) and one audit row.

    Called by other contexts' services that have authorised the actor, inside the transaction
    that created ``batch``. The audit row holds each changed row's counts before and after,
    keyed ``<merchant code>@<warehouse code>``. Returns the units reserved and shipped.
    """
    changed = sorted(
        key for key in set(batch.on_hand) | set(batch.reserved) if batch.on_hand[key] or batch.reserved[key]
    )
    if changed:
        stamp = connection.ops.adapt_datetimefield_value(timezone.now())
        params = [(batch.on_hand[key], batch.reserved[key], stamp, *key) for key in changed]
        with connection.cursor() as cursor:
            cursor.executemany(STOCK_BATCH_UPDATE, params)
        before, after = {}, {}
        for key in changed:
            name, on_hand, reserved = batch.counts[key]
            before[name] = {"on_hand": on_hand, "reserved": reserved}
            after[name] = {"on_hand": on_hand + batch.on_hand[key], "reserved": reserved + batch.reserved[key]}
        audit_record(actor=by, action="catalog.stock.batch_move", obj=None, before=before, after=after, reason=reason)
    return {
        "units_reserved": sum(units for units in batch.reserved.values() if units > 0),
        "units_shipped": -sum(batch.on_hand.values()),
    }
