"""Checking after-sales rows (any layout: Taobao, JD, generic) into platform requests to sync.

Each row is read on its own (``row``); ``finish`` finds the orders, lines and existing cases of the
store in a few queries and checks what the case services would refuse, so the preview names every
problem with its row and column. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.imports import ErrorReport, HeaderMap
from zhanggui.orders.models import Order
from zhanggui.orders.services import shipment_fields
from zhanggui.orders.states import OrderStatus
from zhanggui.stores.selectors import store_zone

from ..models import Case, CaseLine
from ..selectors.money import order_money
from ..selectors.platform import order_line_find, platform_cases, text_key
from ..services.platform import PlatformCaseData, PlatformStage
from ..states import GOODS_BACK, OPEN, REFUNDING
from . import cells
from .formats import RETURN_NEEDED_TABLE, TYPE_TABLE

P = PlatformStage
KEYS = (
    *("case_no", "order_no", "merchant_code", "sku_id", "title", "amount", "return_needed", "type"),
    *("requested_at", "respond_by", "status", "return_info", "tracking_no", "carrier", "reason"),
    *("description", "return_shipped_at", "quantity"),
)
NUMBER_MAX = Case._meta.get_field("platform_case_id").max_length or 40
STILL_OPEN = frozenset({P.REQUESTED, P.AGREED, P.RETURN_SHIPPED})  # where a new case stays open
WAYBILL_USED = frozenset({P.RETURN_SHIPPED, P.REFUNDED})


@dataclass
class _Row:
    number: int
    order_no: str
    merchant_code: str
    title: str
    data: PlatformCaseData


@dataclass(frozen=True)
class ImportRow:
    """A checked row: its file row, the order and what to sync."""

    number: int
    order: Order
    data: PlatformCaseData


@dataclass
class CaseBatch:
    store_id: int
    rows: list[ImportRow]


class CaseRowValidator:
    """Reads each row into a platform request; ``finish`` matches orders, lines and existing cases."""

    def __init__(self, *, store: Any, statuses: dict[str, str], header: HeaderMap, report: ErrorReport) -> None:
        self.store, self.statuses, self.report = store, statuses, report
        self.zone = store_zone(store)
        self.present = set(header.headers)
        self.cells = itemgetter(*(header.index.get(key, header.width) for key in KEYS))
        self.rows: list[_Row] = []
        self.seen: dict[str, int] = {}  # platform number → the row it was first read on
        self.line_column = next((k for k in ("merchant_code", "sku_id", "title") if k in self.present), "order_no")
        self.type_column = "type" if "type" in self.present or "return_needed" not in self.present else "return_needed"

    # --- one row -------------------------------------------------------------------------------

    def row(self, number: int, row_cells: list[str]) -> None:
        values = dict(zip(KEYS, map(str.strip, self.cells(row_cells)), strict=True))
        before = self.report.count
        case_no = self._required(number, "case_no", cells.plain(values["case_no"]), NUMBER_MAX)
        order_no = self._required(number, "order_no", cells.plain(values["order_no"]), 40)
        stage = self._stage(number, values["status"])
        type_ = self._type(number, values["type"], values["return_needed"])
        requested_at = self._moment(number, "requested_at", values["requested_at"], required=True)
        respond_by = self._moment(number, "respond_by", values["respond_by"])
        shipped_at = self._moment(number, "return_shipped_at", values["return_shipped_at"])
        amount = self._amount(number, values["amount"])
        quantity = self._quantity(number, values["quantity"])
        carrier, tracking_no = self._waybill(number, values, stage, type_)
        if case_no in self.seen:
            message = _("This request number is already on row %(row)s.") % {"row": self.seen[case_no]}
            self.report.add(number, "case_no", message)
        elif case_no:
            self.seen[case_no] = number
        if self.report.count > before:
            return
        data = PlatformCaseData(
            platform_case_id=case_no,
            type=type_,
            stage=stage,
            order_line_id=0,  # found in ``finish``
            quantity=quantity,
            amount=amount,
            reason_text=values["reason"][:200],
            description=values["description"][:2000],
            requested_at=requested_at,
            respond_by=respond_by,
            return_carrier=carrier,
            return_tracking_no=tracking_no,
            return_shipped_at=shipped_at,
        )
        code = cells.plain(values["merchant_code"]) or cells.plain(values["sku_id"])
        self.rows.append(_Row(number, order_no, code, values["title"], data))

    def _required(self, number: int, key: str, value: str, max_length: int) -> str:
        if not value:
            self.report.add(number, key, _("This field is required."))
        elif len(value) > max_length:
            self.report.add(number, key, _("Use at most %(count)d characters.") % {"count": max_length})
        return value

    def _stage(self, number: int, text: str) -> str:
        stage = self.statuses.get(text_key(text), "")
        if not text:
            self.report.add(number, "status", _("This field is required."))
        elif not stage:
            self.report.add(number, "status", _("Unknown status “%(text)s”.") % {"text": text})
        return stage

    def _type(self, number: int, type_text: str, return_needed: str) -> str:
        found = TYPE_TABLE.get(text_key(type_text), "") if type_text else ""
        if not found and return_needed:
            needed = RETURN_NEEDED_TABLE.get(text_key(return_needed))
            if needed is None:
                self.report.add(number, "return_needed", _("Enter 是 or 否."))
                return ""
            found = "return_refund" if needed else "refund_only"
        if not found:
            message = _("Unknown after-sales type “%(text)s”.") % {"text": type_text} if type_text else None
            self.report.add(number, self.type_column, message or _("This field is required."))
        return found

    def _moment(self, number: int, key: str, text: str, *, required: bool = False) -> dt.datetime | None:
        if not cells.plain(text):
            if required:
                self.report.add(number, key, _("This field is required."))
            return None
        found = cells.moment(text, self.zone)
        if isinstance(found, str):
            self.report.add(number, key, found)
            return None
        return found

    def _amount(self, number: int, text: str) -> Decimal | None:
        if not cells.plain(text):
            return None
        found = cells.amount(text)
        if isinstance(found, str):
            self.report.add(number, "amount", found)
            return None
        return found

    def _quantity(self, number: int, text: str) -> int | None:
        if not cells.plain(text):
            return None
        found = cells.quantity(text)
        if isinstance(found, str):
            self.report.add(number, "quantity", found)
            return None
        return found

    def _waybill(self, number: int, values: dict[str, str], stage: str, type_: str) -> tuple[str, str]:
        """The return waybill, checked as a shipment's would be, when the sync will record it."""
        carrier, tracking_no = cells.plain(values["carrier"]), cells.plain(values["tracking_no"])
        if not tracking_no and values["return_info"]:
            carrier, tracking_no = cells.waybill_of(values["return_info"])
        if not tracking_no or stage not in WAYBILL_USED or type_ not in GOODS_BACK:
            return "", ""
        try:
            return shipment_fields(cells.carrier_code(carrier), tracking_no)
        except ValidationFailed as exc:
            for error in exc.errors:
                self.report.add(number, "carrier" if error.field == "carrier" else "tracking_no", error.message)
            return "", ""

    # --- across rows and against the database ------------------------------------------------------

    def finish(self) -> CaseBatch:
        store_id = self.store.pk
        orders = self._orders({row.order_no for row in self.rows})
        existing = platform_cases(store_id=store_id, numbers=(row.data.platform_case_id for row in self.rows))
        busy = self._busy_lines([order.pk for order in orders.values()])
        checked = []
        for row in self.rows:
            order = orders.get(row.order_no)
            if order is None:
                message = _("No order %(number)s in this store; import the orders first.")
                self.report.add(row.number, "order_no", message % {"number": row.order_no})
                continue
            known = existing.get(row.data.platform_case_id)
            if known is not None:
                if known[1] != order.pk:
                    message = _("Request %(number)s belongs to another order.")
                    self.report.add(row.number, "order_no", message % {"number": row.data.platform_case_id})
                    continue
                checked.append(ImportRow(row.number, order, row.data))
                continue
            data = self._new_case(row, order, busy)
            if data is not None:
                checked.append(ImportRow(row.number, order, data))
        return CaseBatch(store_id=store_id, rows=checked)

    def _orders(self, numbers: set[str]) -> dict[str, Order]:
        wanted = sorted(numbers)
        found: dict[str, Order] = {}
        for start in range(0, len(wanted), 500):
            chunk = Order.objects.filter(store_id=self.store.pk, platform_order_id__in=wanted[start : start + 500])
            found.update((order.platform_order_id, order) for order in chunk.prefetch_related("lines"))
        return found

    @staticmethod
    def _busy_lines(order_ids: list[int]) -> dict[int, str]:
        """Lines of these orders already in an open case: line id → the case's number."""
        lines = CaseLine.objects.filter(order_line__order_id__in=order_ids, case__status__in=OPEN)
        return {line_id: f"SH{case_id:07d}" for line_id, case_id in lines.values_list("order_line_id", "case_id")}

    def _new_case(self, row: _Row, order: Order, busy: dict[int, str]) -> PlatformCaseData | None:
        """The request with its order line, or None after reporting what ``case_create`` would refuse."""
        report, data = self.report, row.data
        if order.status == OrderStatus.PENDING_PAYMENT or (order.paid_at is None and order.paid_amount == 0):
            report.add(row.number, "order_no", _("Order %(number)s is not paid.") % {"number": order.platform_order_id})
            return None
        line = order_line_find(order, merchant_code=row.merchant_code, title=row.title)
        if line is None:
            message = (
                _("No line of order %(number)s has this merchant code.")
                if row.merchant_code
                else _("Order %(number)s has several lines; give the line's merchant code.")
            )
            report.add(row.number, self.line_column, message % {"number": order.platform_order_id})
            return None
        if line.pk in busy:
            message = _("This order line already has an open after-sales case (%(case)s).") % {"case": busy[line.pk]}
            report.add(row.number, self.line_column, message)
            return None
        if data.quantity is not None and data.quantity > line.quantity:
            report.add(row.number, "quantity", _("Enter a number from 1 to %(max)s.") % {"max": line.quantity})
            return None
        if data.type in REFUNDING and data.amount is not None:
            if data.amount <= 0:
                report.add(row.number, "amount", _("Enter an amount above zero."))
                return None
            refundable = order_money(order).lines[line.pk].refundable
            if data.amount > refundable:
                message = _("At most %(max)s can still be refunded on this line.") % {"max": refundable}
                report.add(row.number, "amount", message)
                return None
        if data.stage in STILL_OPEN:
            busy[line.pk] = _("row %(row)s") % {"row": row.number}
        return replace(data, order_line_id=line.pk)
