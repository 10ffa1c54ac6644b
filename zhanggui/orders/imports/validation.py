"""Checking order files row by row into ``OrderData``: Taobao's pair, and one-row-per-line files (JD, generic).

Every problem is reported with its file row and column; a file with any problem imports nothing.
Order-level cells (status, buyer, address…) are read once per order: from Taobao's order file, or
from the first row of the order in a one-row-per-line file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from operator import itemgetter
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.imports import ErrorReport, HeaderMap
from zhanggui.core.imports.sql import rows_for_keys
from zhanggui.stores.selectors import store_zone

from ..models import Buyer, Order, OrderLine
from ..services import OrderData, OrderLineData, RefundReport, shipment_fields
from ..services.upsert import platform_update_conflict
from ..states import PROGRESS, OrderStatus
from . import cells
from .cancellations import CancellationChecks
from .formats import REFUNDED, status_key

S = OrderStatus
ZERO = Decimal("0.00")


def _limit(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


LIMITS = {
    "order_no": _limit(Order, "platform_order_id"),
    "buyer": _limit(Buyer, "nickname"),
    "receiver": _limit(Order, "receiver_name"),
    "phone": _limit(Order, "receiver_phone"),
    "province": _limit(Order, "province"),
    "city": _limit(Order, "city"),
    "district": _limit(Order, "district"),
    "detail": _limit(Order, "address_detail"),
    "title": _limit(OrderLine, "title"),
    "merchant_code": _limit(OrderLine, "merchant_code"),
    "attributes": _limit(OrderLine, "attributes"),
}


STATUSES_IN_STORE = (
    "SELECT platform_order_id, status FROM orders_order WHERE store_id = {store} AND platform_order_id IN ({keys})"
)


T = TypeVar("T")


def frozen_builder(cls: type[T]) -> Callable[[dict[str, Any]], T]:
    """Makes instances of the frozen dataclass ``cls`` from a dict of field values, equal to what its
    ``__init__`` makes (defaults filled in) without setting each field through ``object.__setattr__``,
    which doubles the cost of ``OrderData``'s 26 fields, and an import makes one per order."""
    assert "__post_init__" not in vars(cls), "the builder would skip it"
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}  # type: ignore[arg-type]
    factories = [(f.name, f.default_factory) for f in fields(cls) if f.default_factory is not MISSING]  # type: ignore[arg-type]
    new, set_state = object.__new__, object.__setattr__

    def build(values: dict[str, Any]) -> T:
        instance = new(cls)
        state = defaults | values
        for name, factory in factories:
            if name not in values:
                state[name] = factory()
        set_state(instance, "__dict__", state)
        return instance

    return build


new_order_data = frozen_builder(OrderData)


@dataclass(slots=True)
class Draft:
    """An order gathered from the rows: where it was read, its order-level values, its lines."""

    row: int
    report: ErrorReport
    values: dict[str, Any]
    total: Decimal | None = None  # what the buyer owes by the export, for the platform's discount
    line_rows: int = 0  # rows naming the order, good or not
    refunded_in_full: bool = False  # the platform's "refunded": a missing refund amount is all that was paid
    goods: Decimal = ZERO  # the lines' totals
    lines: list[OrderLineData] = field(default_factory=list)


@dataclass
class OrderBatch:
    """A validated order file: the store, its orders in file order, and what its cancellations refund."""

    store_id: int
    orders: list[OrderData]
    refunds: list[RefundReport] = field(default_factory=list)
    cancellations: int = 0  # documents reversing orders (generic files: lines of negative quantities)


# The cells of an order, in the order ``OrderRowChecks.order`` reads them (see ``picker``).
ORDER_KEYS = (
    *("order_no", "buyer", "receiver", "status", "created", "paid_at", "shipping", "total", "paid", "refunded"),
    *("address", "province", "city", "district", "detail", "phone", "message", "memo", "carrier", "tracking"),
    *("shipped_at", "delivered_at", "completed_at", "closed_at", "close_reason"),
)
STEP_TIMES = ("shipped_at", "delivered_at", "completed_at", "closed_at")  # ORDER_KEYS[20:24]
# The cells of a line: its order number, then the values ``OrderRowChecks.line`` reads.
LINE_KEYS = ("order_no", "title", "price", "quantity", "discount", "merchant_code", "external", "attributes")
ADDRESS_PARTS = ("province", "city", "district", "detail")
SHORTEST_PART = min(LIMITS[key] for key in ADDRESS_PARTS)
SHIPPED_OR_LATER = frozenset(status for status, step in PROGRESS.items() if step >= PROGRESS[S.SHIPPED])


def picker(header: HeaderMap, keys: tuple[str, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    """Picks a row's cells of ``keys`` in that order, with one call; columns the file lacks read as empty."""
    return itemgetter(*(header.index.get(key, header.width) for key in keys))


class OrderRowChecks:
    """The cell checks every order layout shares; ``finish`` turns the drafts into an ``OrderBatch``."""

    def __init__(self, *, store: Any, statuses: dict[str, str]) -> None:
        self.store = store
        self.zone = store_zone(store)  # export times are the seller centre's, in the store's zone
        self.statuses = statuses
        self.drafts: dict[str, Draft] = {}
        # Cell text → what it reads as (or the error): amounts, quantities and statuses repeat a lot.
        self.amounts: dict[str, Decimal | str] = {}
        self.quantities: dict[str, int | str] = {}
        self.known_statuses: dict[str, str] = {}
        self.carriers: dict[str, str] = {}
        self.required = _("This field is required.")

    # --- cells ---------------------------------------------------------------------------------

    def text(self, report: ErrorReport, number: int, key: str, value: str, *, required: bool = False) -> str:
        if not value:
            if required:
                report.add(number, key, self.required)
            return ""
        if len(value) > LIMITS[key]:
            report.add(number, key, _("Use at most %(count)d characters.") % {"count": LIMITS[key]})
        return value

    def money(self, report: ErrorReport, number: int, key: str, text: str) -> Decimal | None:
        if not text:
            return None
        parsed = self.amounts.get(text)
        if parsed is None:
            parsed = self.amounts[text] = cells.amount(text)
        if isinstance(parsed, str):
            report.add(number, key, parsed)
            return None
        return parsed

    def moment(self, report: ErrorReport, number: int, key: str, text: str) -> dt.datetime | None:
        parsed = cells.moment(text, self.zone) if text else self.required if key == "created" else None
        if isinstance(parsed, str):
            report.add(number, key, parsed)
            return None
        return parsed

    def status(self, report: ErrorReport, number: int, text: str) -> str | None:
        if not text:
            report.add(number, "status", self.required)
            return None
        status = self.known_statuses.get(text)
        if status is None:
            status = self.statuses.get(status_key(text))
            if status is None:
                report.add(number, "status", _("Unknown order status “%(text)s”.") % {"text": text})
                return None
            self.known_statuses[text] = status
        return status

    # --- an order ------------------------------------------------------------------------------

    def order(self, report: ErrorReport, number: int, values: tuple[str, ...]) -> None:
        """Read the order-level cells of a row (in ``ORDER_KEYS`` order) into a new draft (unless its
        number is a problem)."""
        order_no, buyer, receiver, status_text, created_text, paid_at_text = values[:6]
        order_no = cells.plain(order_no)
        if not order_no or len(order_no) > LIMITS["order_no"]:
            order_no = self.text(report, number, "order_no", order_no, required=True)
        buyer = cells.plain(buyer) or receiver  # JD: the account, else the customer's name
        if not buyer or len(buyer) > LIMITS["buyer"]:
            buyer = self.text(report, number, "buyer", buyer, required=True)
        status = self.status(report, number, status_text)
        refunded_in_full = status == REFUNDED
        if refunded_in_full:
            status = S.CLOSED
        created = self.moment(report, number, "created", created_text)
        paid_at = self.moment(report, number, "paid_at", paid_at_text) if paid_at_text else None
        money = self.money
        shipping = money(report, number, "shipping", values[6])
        total = money(report, number, "total", values[7])
        paid = money(report, number, "paid", values[8])
        refunded = money(report, number, "refunded", values[9]) or ZERO
        # A closed order was paid only if the file says so: a payment time, a refund, or "refunded".
        if status == S.PENDING_PAYMENT or (
            status == S.CLOSED and paid_at is None and not refunded and not refunded_in_full
        ):
            paid = None
        province, city, district, detail = self.address(report, number, values)
        if len(receiver) > LIMITS["receiver"]:
            receiver = self.text(report, number, "receiver", receiver)
        phone = cells.plain(values[15])
        if len(phone) > LIMITS["phone"]:
            phone = self.text(report, number, "phone", phone)
        draft_values = {
            "platform_order_id": order_no,
            "buyer_nickname": buyer,
            "status": status,
            "created_at": created,
            "paid_at": paid_at,
            "shipping_fee": shipping or ZERO,
            "paid_amount": paid,
            "refunded_amount": refunded,
            "buyer_name": receiver,
            "buyer_phone": phone,
            "receiver_name": receiver,
            "receiver_phone": phone,
            "province": province,
            "city": city,
            "district": district,
            "address_detail": detail,
            "buyer_message": values[16],
            "seller_memo": values[17],
        }
        for key, text in zip(STEP_TIMES, values[20:24], strict=True):
            if text:
                draft_values[key] = self.moment(report, number, key, text)
        if values[24]:
            draft_values["close_reason"] = values[24][:200]
        # A shipment is recorded when the export names its carrier and number (both are checked).
        carrier, tracking = values[18], values[19]
        if status in SHIPPED_OR_LATER and tracking and carrier:
            draft_values["carrier"], draft_values["tracking_no"] = self.shipment(report, number, carrier, tracking)
        if order_no in self.drafts:
            message = _("Order %(number)s is also on row %(row)s.")
            report.add(number, "order_no", message % {"number": order_no, "row": self.drafts[order_no].row})
        elif order_no:
            self.drafts[order_no] = Draft(
                row=number, report=report, values=draft_values, total=total, refunded_in_full=refunded_in_full
            )

    def address(self, report: ErrorReport, number: int, values: tuple[str, ...]) -> tuple[str, ...]:
        """Province, city, district and detail: split from one address cell, or from their own cells."""
        whole = values[10]
        parts = cells.address(whole) if whole else values[11:15]
        if max(map(len, parts)) > SHORTEST_PART:
            for key, value in zip(ADDRESS_PARTS, parts, strict=True):
                if len(value) > LIMITS[key]:
                    message = _("Use at most %(count)d characters.") % {"count": LIMITS[key]}
                    report.add(number, "address" if whole else key, message)
        return parts

    def shipment(self, report: ErrorReport, number: int, carrier: str, tracking: str) -> tuple[str, str]:
        code = self.carriers.get(carrier)
        if code is None:
            code = self.carriers[carrier] = cells.carrier_code(carrier)
        try:
            return shipment_fields(code, cells.tracking_number(tracking))
        except ValidationFailed as exc:
            for error in exc.errors:
                report.add(number, "carrier" if error.field == "carrier" else "tracking", error.message)
            return "", ""

    def line(self, report: ErrorReport, number: int, values: tuple[str, ...], draft: Draft) -> None:
        """A line's cells, in ``LINE_KEYS`` order (see ``picker``)."""
        draft.line_rows += 1
        _number, title, price_text, quantity_text, discount_text, code, external, attributes = values
        if not title or len(title) > LIMITS["title"]:
            title = self.text(report, number, "title", title, required=True)
        price = self.money(report, number, "price", price_text)
        if not price_text:
            report.add(number, "price", self.required)
        quantity = self.quantities.get(quantity_text)
        if quantity is None:
            quantity = self.quantities[quantity_text] = cells.quantity(quantity_text)
        if isinstance(quantity, str):
            report.add(number, "quantity", quantity)
        discount = self.money(report, number, "discount", discount_text) if discount_text else ZERO
        code = cells.plain(code) or cells.plain(external)
        if len(code) > LIMITS["merchant_code"]:
            code = self.text(report, number, "merchant_code", code)
        if len(attributes) > LIMITS["attributes"]:
            attributes = self.text(report, number, "attributes", attributes)
        if price is None or isinstance(quantity, str) or discount is None:
            return
        gross = price * quantity
        if discount > gross:
            report.add(number, "discount", _("The discount exceeds the line's price."))
            return
        draft.goods += gross - discount
        draft.lines.append(OrderLineData(title, price, quantity, code, attributes, discount))

    # --- across rows and against the database --------------------------------------------------

    def finish(self) -> OrderBatch:
        orders: list[OrderData] = []
        for draft in self.drafts.values():
            values = draft.values
            if not draft.lines:
                if draft.line_rows:  # its lines have errors of their own
                    continue
                message = _("Order %(number)s has no lines.") % {"number": values["platform_order_id"]}
                draft.report.add(draft.row, "order_no", message)
                continue
            goods = draft.goods
            if draft.total is not None and draft.total < goods + values["shipping_fee"]:
                values["platform_discount"] = goods + values["shipping_fee"] - draft.total
            paid = values["paid_amount"]
            owed = paid if paid is not None else goods + values["shipping_fee"] - values.get("platform_discount", ZERO)
            if draft.refunded_in_full and not values["refunded_amount"]:
                values["refunded_amount"] = owed
            if values["refunded_amount"] > owed and values["status"] != S.PENDING_PAYMENT:
                draft.report.add(draft.row, "refunded", _("The refund exceeds what the buyer paid."))
            if values["status"] is None or values["created_at"] is None:
                continue
            values["lines"] = draft.lines
            orders.append(new_order_data(values))
        self.check_existing(orders)
        return OrderBatch(store_id=self.store.pk, orders=orders)

    def check_existing(self, orders: list[OrderData]) -> None:
        """A platform status the store's order can no longer take (e.g. closed after shipment) is an error."""
        sql = STATUSES_IN_STORE.replace("{store}", str(int(self.store.pk)))
        statuses = dict(rows_for_keys(sql, [o.platform_order_id for o in orders]))
        for data in orders:
            current = statuses.get(data.platform_order_id)
            if current is not None and (problem := platform_update_conflict(current, data)) is not None:
                draft = self.drafts[data.platform_order_id]
                draft.report.add(draft.row, "status", problem)


class FlatOrderValidator(OrderRowChecks):
    """One row per order line (JD, generic): the first row of an order number gives its order-level cells.

    With ``cancellations``, lines of negative quantities are cancellations (``CancellationChecks``).
    """

    def __init__(
        self,
        *,
        store: Any,
        statuses: dict[str, str],
        header: HeaderMap,
        report: ErrorReport,
        cancellations: bool = False,
    ) -> None:
        super().__init__(store=store, statuses=statuses)
        self.report = report
        self.order_cells, self.line_cells = picker(header, ORDER_KEYS), picker(header, LINE_KEYS)
        self.bad_orders: set[str] = set()  # order numbers whose first row had errors
        self.cancellations = CancellationChecks(checks=self, report=report) if cancellations else None

    def row(self, number: int, cells_: list[str]) -> None:
        values = self.line_cells(cells_)
        order_no = cells.plain(values[0])
        returns = self.cancellations
        if returns is not None and (order_no in returns.found or cells.plain(values[3])[:1] == "-"):
            returns.row(number, order_no, self.order_cells(cells_), values)
            return
        draft = self.drafts.get(order_no)
        if draft is None and order_no not in self.bad_orders:
            errors = self.report.count
            self.order(self.report, number, self.order_cells(cells_))
            draft = self.drafts.get(order_no)
            if draft is None or self.report.count != errors:
                self.bad_orders.add(order_no)
        if draft is not None:
            self.line(self.report, number, values, draft)

    def finish(self) -> OrderBatch:
        batch = super().finish()
        if self.cancellations is not None:
            batch.refunds, batch.cancellations = self.cancellations.refunds(
                store_id=batch.store_id, orders=batch.orders
            )
        return batch


class TaobaoValidator(OrderRowChecks):
    """Taobao's pair: the order file's rows give the orders, the line file's rows their lines."""

    def __init__(self, *, store: Any, statuses: dict[str, str], header: HeaderMap, report: ErrorReport) -> None:
        super().__init__(store=store, statuses=statuses)
        self.report = report
        self.order_cells = picker(header, ORDER_KEYS)

    def row(self, number: int, cells_: list[str]) -> None:
        self.order(self.report, number, self.order_cells(cells_))

    def companion(self, header: HeaderMap, report: ErrorReport) -> Callable[[int, list[str]], None]:
        picked = picker(header, LINE_KEYS)
        drafts, line = self.drafts, self.line

        def line_row(number: int, cells_: list[str]) -> None:
            values = picked(cells_)
            order_no = cells.plain(values[0])
            draft = drafts.get(order_no)
            if draft is None:
                message = _("Order %(number)s is not in the order file.") % {"number": order_no}
                report.add(number, "order_no", message if order_no else self.required)
                return
            line(report, number, values, draft)

        return line_row
