"""Batch shipping from an uploaded file (批量发货): one row per order with carrier and tracking number.

Each row is checked (order known in the uploader's stores, carrier known, tracking number in the
carrier's format, not a duplicate) and the good ones ship through ``order_batch_ship``: each order
is shipped and audited by ``order_ship`` on its own, so one bad row stops nothing else. Running
the same file again ships nothing twice: an order already shipped with the row's tracking number
is reported as already shipped and left alone.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.batch import error_text
from zhanggui.core.exceptions import ServiceError, ValidationFailed
from zhanggui.core.imports.reading import read_rows, upload_error
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.core.uploads import check_upload
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from ..constants import CARRIERS, carrier_by_name
from ..models import Order, Shipment
from ..states import OrderStatus
from .batch import ShipItem, order_batch_ship
from .shipping import shipment_fields

MAX_ROWS = 5000
SHIPPED = "shipped"
ALREADY_SHIPPED = "already_shipped"
ERROR = "error"
OUTCOME_LABELS = {
    SHIPPED: gettext_lazy("Shipped"),
    ALREADY_SHIPPED: gettext_lazy("Already shipped"),
    ERROR: gettext_lazy("Not shipped"),
}

# Column → the headers it is known by (compared without spaces, case-insensitively).
HEADERS = {
    "order": ("订单编号", "订单号", "平台订单号", "ordernumber", "order_number", "platform_order_id"),
    "carrier": ("物流公司", "快递公司", "承运商", "carrier"),
    "tracking_no": ("物流单号", "快递单号", "运单号", "trackingnumber", "tracking_no"),
    "store": ("店铺", "店铺名称", "店铺编码", "store"),
}
TEMPLATE_HEADER = ["订单编号", "物流公司", "物流单号", "店铺"]
TEMPLATE_EXAMPLE = ["3127808956893330007", "中通快递", "781234567890123", "nm-tmall"]

# Excel shows long numbers typed into a General cell as 3.12781E+18, losing digits.
EXCEL_NUMBER = re.compile(r"\d(\.\d+)?E\+\d+", re.IGNORECASE)


@dataclass
class ShippingFileRow:
    """One row of the file and what became of it."""

    row: int
    order_number: str
    carrier: str
    tracking_no: str
    store: str = ""
    outcome: str = ERROR
    message: str = ""
    order_id: int | None = None

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class ShippingFileReport:
    """Every row's outcome, in file order, with the totals."""

    rows: list[ShippingFileRow] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def shipped(self) -> int:
        return self.count(SHIPPED)

    @property
    def already_shipped(self) -> int:
        return self.count(ALREADY_SHIPPED)

    @property
    def errors(self) -> int:
        return self.count(ERROR)


def carrier_code(name: str) -> str | None:
    """Our code for a carrier as written in a file (名称, code or English name), or None."""
    key = "".join(name.split())
    if key.upper() in CARRIERS:
        return key.upper()
    if named := carrier_by_name(key):
        return named
    labels = {str(label).replace(" ", "").lower(): code for code, (label, _pattern) in CARRIERS.items()}
    return labels.get(key.lower())


def shipping_file_template() -> bytes:
    """A CSV (UTF-8 with BOM, so Excel opens it right) with the headers and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(TEMPLATE_EXAMPLE)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def order_shipping_file_apply(*, by: Actor, stream: IO[bytes]) -> ShippingFileReport:
    """Ship the orders an uploaded CSV/XLSX lists (订单编号, 物流公司, 物流单号, optional 店铺).

    Needs ``orders.ship``; only orders of the uploader's stores are found. A file that cannot be
    read, lacks a column or has too many rows raises ValidationFailed on ``file`` and ships nothing.
    """
    require_perm(by, "orders.ship")
    rows = _read(stream)
    report = ShippingFileReport(rows=rows)
    stores = _stores(by, rows)
    orders = _orders(by, rows)
    shipments = _shipments(orders)
    seen: dict[int, ShippingFileRow] = {}
    items: dict[int, tuple[ShipItem, ShippingFileRow]] = {}
    for row in rows:
        try:
            order, carrier, tracking_no = _check(row, stores, orders)
        except ServiceError as exc:
            row.message = error_text(exc)
            continue
        row.order_id = order.pk
        earlier = seen.get(order.pk)
        if earlier is not None:
            _duplicate(row, earlier, (carrier, tracking_no), items)
            continue
        seen[order.pk] = row
        sent = shipments.get(order.pk, [])
        if (carrier, tracking_no) in sent:
            row.outcome, row.message = ALREADY_SHIPPED, _("Already shipped with this tracking number.")
        elif sent:
            row.message = _("Already shipped with %(carrier)s %(number)s.") % {
                "carrier": sent[0][0],
                "number": sent[0][1],
            }
        else:
            items[order.pk] = (ShipItem(order_id=order.pk, carrier=carrier, tracking_no=tracking_no), row)
    if items:
        result = order_batch_ship(by=by, items=[item for item, _row in items.values()])
        for order_id in result.done:
            items[order_id][1].outcome = SHIPPED
        for order_id, message in result.errors.items():
            items[order_id][1].message = message
    return report


def _read(stream: IO[bytes]) -> list[ShippingFileRow]:
    upload = check_upload(stream)
    reader = read_rows(stream, upload)
    try:
        header: list[str] | None = None
        columns: dict[str, int] = {}
        rows: list[ShippingFileRow] = []
        for number, cells in reader:
            if header is None:
                header = cells
                columns = _columns(cells)
                continue
            if len(rows) >= MAX_ROWS:
                raise upload_error(_("The file has more than %(count)s rows; split it.") % {"count": MAX_ROWS})
            rows.append(_row(number, cells, columns))
    finally:
        reader.close()
    if not rows:
        raise upload_error(_("The file has no rows below its header."))
    return rows


def _row(number: int, cells: list[str], columns: dict[str, int]) -> ShippingFileRow:
    def cell(key: str) -> str:
        index = columns.get(key)
        # NUL characters cannot be compared in PostgreSQL and are never part of a number.
        return cells[index].replace("\x00", "").strip() if index is not None and index < len(cells) else ""

    return ShippingFileRow(
        row=number,
        order_number=cell("order"),
        carrier=cell("carrier"),
        tracking_no=cell("tracking_no"),
        store=cell("store"),
    )


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        key = "".join(text.split()).lower()
        for column, names in HEADERS.items():
            if key in names and column not in found:
                found[column] = index
    missing = [names[0] for column, names in HEADERS.items() if column != "store" and column not in found]
    if missing:
        raise upload_error(
            _("The file has no column %(columns)s; its first row must be the headers.")
            % {"columns": "、".join(missing)}
        )
    return found


def _stores(by: Actor, rows: list[ShippingFileRow]) -> dict[str, Store]:
    """The uploader's stores by code and by name (the store column may hold either)."""
    if not any(row.store for row in rows):
        return {}
    stores = store_list(user=by)
    return {key: store for store in stores for key in (store.code, store.name)}


def _orders(by: Actor, rows: list[ShippingFileRow]) -> dict[str, list[Order]]:
    numbers = {row.order_number for row in rows if row.order_number}
    found: dict[str, list[Order]] = {}
    queryset = scope_to_stores(Order.objects.filter(platform_order_id__in=numbers), by).order_by("pk")
    for order in queryset:
        found.setdefault(order.platform_order_id, []).append(order)
    return found


def _shipments(orders: dict[str, list[Order]]) -> dict[int, list[tuple[str, str]]]:
    sent_statuses = {OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED}
    ids = [o.pk for found in orders.values() for o in found if o.status in sent_statuses]
    shipments: dict[int, list[tuple[str, str]]] = {}
    for order_id, carrier, number in Shipment.objects.filter(order_id__in=ids).values_list(
        "order_id", "carrier", "tracking_no"
    ):
        shipments.setdefault(order_id, []).append((carrier, number))
    return shipments


def _check(row: ShippingFileRow, stores: dict[str, Store], orders: dict[str, list[Order]]) -> tuple[Order, str, str]:
    """The row's order, carrier code and clean tracking number; raises a ServiceError on a bad row."""
    if not row.order_number:
        raise ValidationFailed.for_field("order", _("The order number is empty."))
    if EXCEL_NUMBER.fullmatch(row.order_number):
        raise ValidationFailed.for_field(
            "order", _("Excel turned this order number into a number and lost digits; format the column as text.")
        )
    code = carrier_code(row.carrier)
    if code is None:
        message = _("Unknown carrier “%(carrier)s”.") % {"carrier": row.carrier} if row.carrier else ""
        raise ValidationFailed.for_field("carrier", message or _("The carrier is empty."))
    carrier, tracking_no = shipment_fields(code, row.tracking_no)
    candidates = orders.get(row.order_number, [])
    if row.store:
        store = stores.get(row.store)
        if store is None:
            raise ValidationFailed.for_field("store", _("Unknown store “%(store)s”.") % {"store": row.store})
        candidates = [order for order in candidates if order.store_id == store.pk]
    if not candidates:
        raise ValidationFailed.for_field("order", _("No order with this number in your stores."))
    if len(candidates) > 1:
        raise ValidationFailed.for_field(
            "store", _("Several stores have an order with this number; fill in the store column.")
        )
    return candidates[0], carrier, tracking_no


def _duplicate(
    row: ShippingFileRow,
    earlier: ShippingFileRow,
    shipment: tuple[str, str],
    items: dict[int, tuple[ShipItem, ShippingFileRow]],
) -> None:
    """A second row for the same order: ignored if it says the same, otherwise neither row ships."""
    assert row.order_id is not None
    queued = items.get(row.order_id)
    same = carrier_code(earlier.carrier) == shipment[0] and _clean(earlier.tracking_no) == shipment[1]
    if same:
        row.message = _("Same as row %(row)s; ignored.") % {"row": earlier.row}
        return
    row.message = _("Row %(row)s lists this order with another tracking number; neither row is shipped.") % {
        "row": earlier.row
    }
    if queued is not None:
        del items[row.order_id]
        earlier.outcome = ERROR
        earlier.message = _("Row %(row)s lists this order with another tracking number; neither row is shipped.") % {
            "row": row.row
        }


def _clean(tracking_no: str) -> str:
    return "".join(tracking_no.split()).upper()
