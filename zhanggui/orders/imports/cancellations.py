"""Cancellations in one-row-per-line files (generic mapping): documents whose lines have negative
quantities, such as UCI Online Retail's "C…" invoices, each matched to the orders it reverses.

The rule (docs/imports.md): a returned line is matched to the same buyer's orders placed at or
before the cancellation that hold units of the same merchant code (else title), the most recent
first, never returning more units of an order's code than it sold (counting every cancellation in
the file, earliest first). A cancellation with a line that cannot be matched in full is an error on
that row and reverses nothing. Each order's refund is the returned units at the cancellation's unit
price, summed over the file; ``order_refunds_record`` applies it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from zhanggui.core.imports import ErrorReport

from ..selectors import returnable_lines
from ..services import OrderData, RefundReport
from ..states import OrderStatus
from . import cells

if TYPE_CHECKING:
    from .validation import OrderRowChecks

S = OrderStatus
UNPAID_OR_CLOSED = (S.PENDING_PAYMENT, S.CLOSED)


@dataclass(slots=True)
class ReturnLine:
    """A returned line: its file row, what identifies the product, units and unit price."""

    row: int
    product: str
    units: int
    unit_price: Decimal


@dataclass(slots=True)
class Cancellation:
    """A cancellation document of the file, gathered from its rows."""

    row: int
    number: str
    buyer: str
    at: dt.datetime | None
    lines: list[ReturnLine] = field(default_factory=list)
    is_valid: bool = True


class CancellationChecks:
    """Collects a file's cancellation rows (``row``) and matches them to orders (``refunds``)."""

    def __init__(self, *, checks: OrderRowChecks, report: ErrorReport) -> None:
        self.checks, self.report = checks, report
        self.found: dict[str, Cancellation] = {}

    def row(self, number: int, order_no: str, order_values: tuple[str, ...], line_values: tuple[str, ...]) -> None:
        """A row of a cancellation (``ORDER_KEYS`` and ``LINE_KEYS`` cells)."""
        checks, report = self.checks, self.report
        document = self.found.get(order_no)
        if document is None:
            if order_no in checks.drafts:
                report.add(number, "quantity", self.mixed(order_no))
                return
            buyer = cells.plain(order_values[1]) or order_values[2]
            buyer = checks.text(report, number, "buyer", buyer, required=True)
            at = checks.moment(report, number, "created", order_values[4])
            order_no = checks.text(report, number, "order_no", order_no, required=True)
            document = self.found[order_no] = Cancellation(number, order_no, buyer, at)
            document.is_valid = bool(order_no and buyer and at)
        _number, title, price_text, quantity_text, _discount, code, external, _attributes = line_values
        if cells.plain(quantity_text)[:1] != "-":
            report.add(number, "quantity", self.mixed(order_no))
            document.is_valid = False
            return
        units = cells.quantity(cells.plain(quantity_text)[1:])
        if isinstance(units, str):
            report.add(number, "quantity", units)
        price = checks.money(report, number, "price", price_text)
        if not price_text:
            report.add(number, "price", checks.required)
        product = cells.plain(code) or cells.plain(external) or title
        if isinstance(units, str) or price is None:
            document.is_valid = False
            return
        document.lines.append(ReturnLine(number, product, units, price))

    @staticmethod
    def mixed(order_no: str) -> str:
        return _("Order %(number)s has sold and returned lines; a cancellation has returned lines only.") % {
            "number": order_no
        }

    def refunds(self, *, store_id: int, orders: list[OrderData]) -> tuple[list[RefundReport], int]:
        """What the valid cancellations refund, per order; and how many cancellations were matched."""
        documents = sorted(
            (d for d in self.found.values() if d.is_valid and d.at is not None),
            key=lambda d: (d.at, d.number),
        )
        if not documents:
            return [], 0
        sold = self.sold(store_id=store_id, orders=orders, buyers={d.buyer for d in documents})
        returned: dict[tuple[str, str], int] = defaultdict(int)  # (order number, product) → units returned
        amounts: dict[str, Decimal] = defaultdict(Decimal)
        last: dict[str, dt.datetime] = {}
        numbers: dict[str, list[str]] = defaultdict(list)
        matched = 0
        for document in documents:
            assert document.at is not None
            taken = self.match(document, sold, returned)
            if taken is None:
                continue
            matched += 1
            for number, product, units, amount in taken:
                returned[number, product] += units
                amounts[number] += amount
                last[number] = document.at
                if document.number not in numbers[number]:
                    numbers[number].append(document.number)
        reports = [RefundReport(n, amounts[n], last[n], tuple(numbers[n])) for n in sorted(amounts)]
        return reports, matched

    def match(
        self,
        document: Cancellation,
        sold: dict[tuple[str, str], list[tuple[dt.datetime, str, int]]],
        returned: dict[tuple[str, str], int],
    ) -> list[tuple[str, str, int, Decimal]] | None:
        """(order, product, units, amount) taken by each line, or None (errors reported) if a line finds
        too few units."""
        assert document.at is not None
        taken: list[tuple[str, str, int, Decimal]] = []
        held: dict[tuple[str, str], int] = defaultdict(int)  # units this document takes, not yet counted
        complete = True
        for line in document.lines:
            missing = line.units
            for ordered_at, number, units in sold.get((document.buyer, line.product), ()):
                if ordered_at > document.at:
                    continue
                left = units - returned.get((number, line.product), 0) - held[number, line.product]
                if left <= 0:
                    continue
                units_taken = min(left, missing)
                held[number, line.product] += units_taken
                taken.append((number, line.product, units_taken, units_taken * line.unit_price))
                missing -= units_taken
                if not missing:
                    break
            if missing:
                complete = False
                message = _(
                    "%(units)s returned units of %(product)s match no earlier order of buyer %(buyer)s"
                    " with units left to return."
                )
                self.report.add(
                    line.row, "quantity", message % {"units": missing, "product": line.product, "buyer": document.buyer}
                )
        return taken if complete else None

    @staticmethod
    def sold(
        *, store_id: int, orders: list[OrderData], buyers: set[str]
    ) -> dict[tuple[str, str], list[tuple[dt.datetime, str, int]]]:
        """(buyer, product) → the paid, open or completed orders holding it: (ordered, number, units),
        the most recent first. The file's orders stand for their copies in the database."""
        units: dict[tuple[str, str], dict[tuple[dt.datetime, str], int]] = defaultdict(lambda: defaultdict(int))
        in_file = set()
        for data in orders:
            in_file.add(data.platform_order_id)
            if data.buyer_nickname not in buyers or data.status in UNPAID_OR_CLOSED:
                continue
            for line in data.lines:
                key = data.buyer_nickname, line.merchant_code or line.title
                units[key][data.created_at, data.platform_order_id] += line.quantity
        for number, buyer, ordered_at, code, title, quantity in returnable_lines(store_id=store_id, nicknames=buyers):
            if number not in in_file:
                units[buyer, code or title][ordered_at, number] += quantity
        return {
            key: [(at, number, count) for (at, number), count in sorted(by_order.items(), reverse=True)]
            for key, by_order in units.items()
        }
