"""Paperwork (打单) as PDF: the picking list (拣货单), packing slips (发货单) and waybill labels (电子面单).

The picking list and the packing slips print no personal data in full (the slip masks the
receiver as the console does). A label prints the receiver in full, so printing labels is a
personal-data reveal: it needs ``pii.reveal`` besides ``orders.ship`` and writes ONE audit row
per printed batch, listing its orders. Chinese text uses ReportLab's built-in CID font
``STSong-Light``: no font file to ship, every PDF reader has it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.permissions import require_perm
from zhanggui.core.pii import masked, pii_reveal_batch

from ..constants import carrier_label
from ..models import Order, Shipment
from ..selectors.paperwork import line_text, paperwork_orders, picking_list

FONT = "STSong-Light"
LABEL_SIZE = (100 * mm, 180 * mm)  # the thermal printers' 100 × 180 mm e-waybill roll
MARGIN = 15 * mm
LABEL_MARGIN = 4 * mm
RECEIVER_FIELDS = ("receiver_name", "receiver_phone", "address_detail")
PICKING_LIST = "picking_list"
PACKING_SLIPS = "packing_slips"


class Page:
    """A canvas written top-down line by line, starting a new page (with its header) when one is full."""

    def __init__(self, size: tuple[float, float], margin: float, title: str = "") -> None:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buffer = io.BytesIO()
        # invariant: no creation time or random id, so the same paperwork gives the same bytes
        self.canvas = Canvas(self.buffer, pagesize=size, invariant=1)
        self.canvas.setTitle(title)
        self.width, self.height = size
        self.margin = margin
        self.y = self.height - margin
        self.header: list[tuple[str, float]] = []

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.height - self.margin
        for text, size in self.header:
            self.line(text, size)

    def line(self, text: str, size: float = 10, *, x: float = 0, gap: float = 1.45) -> None:
        """Write ``text`` at the left margin (plus ``x``), wrapped to the page width."""
        for part in wrap(text, size, self.width - 2 * self.margin - x):
            if self.y - size < self.margin:
                self.new_page()
            self.canvas.setFont(FONT, size)
            self.canvas.drawString(self.margin + x, self.y - size, part)
            self.y -= size * gap

    def columns(self, cells: list[tuple[str, float]], size: float = 9) -> None:
        """One table row: each cell at its offset, the longest wrapped cell setting the row height."""
        starts = [x for _text, x in cells]
        ends = [*starts[1:], self.usable]  # a cell reaches to where the next one starts
        parts = [wrap(text, size, end - start - 2 * mm) for (text, start), end in zip(cells, ends, strict=True)]
        height = max(len(lines) for lines in parts) * size * 1.35
        if self.y - height < self.margin:
            self.new_page()
        self.canvas.setFont(FONT, size)
        for (_text, x), lines in zip(cells, parts, strict=True):
            for index, part in enumerate(lines):
                self.canvas.drawString(self.margin + x, self.y - size - index * size * 1.35, part)
        self.y -= height + size * 0.3

    def rule(self) -> None:
        self.canvas.line(self.margin, self.y, self.width - self.margin, self.y)
        self.y -= 2 * mm

    @property
    def usable(self) -> float:
        return self.width - 2 * self.margin

    def pdf(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` cut into lines no wider than ``width`` (Chinese has no spaces to break at, so by character)."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        current = ""
        for char in paragraph:
            if current and pdfmetrics.stringWidth(current + char, FONT, size) > width:
                lines.append(current)
                current = ""
            current += char
        lines.append(current)
    return lines


def _printed_at() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


# --- the picking list ------------------------------------------------------------------------
def picking_list_pdf(orders: list[Order]) -> bytes:
    """One list over ``orders``: per warehouse, each SKU with its total quantity and the orders that want it."""
    title = _("Picking list")
    page = Page(A4, MARGIN, title)
    page.line(title, 16)
    page.line(_("%(count)d order(s), printed %(time)s") % {"count": len(orders), "time": _printed_at()}, 9)
    for warehouse in picking_list(orders):
        page.y -= 3 * mm
        page.line(
            _("Warehouse: %(name)s — %(quantity)d unit(s)")
            % {"name": warehouse.name or _("No warehouse assigned"), "quantity": warehouse.quantity},
            12,
        )
        page.columns(_picking_cells(_("SKU code"), _("Product"), _("Spec"), _("Quantity"), _("Orders")))
        page.rule()
        for row in warehouse.rows:
            page.columns(_picking_cells(row.code, row.name, row.spec, str(row.quantity), " ".join(row.orders)))
    return page.pdf()


def _picking_cells(code: str, name: str, spec: str, quantity: str, orders: str) -> list[tuple[str, float]]:
    return [(code, 0), (name, 35 * mm), (spec, 85 * mm), (quantity, 115 * mm), (orders, 130 * mm)]


# --- packing slips ---------------------------------------------------------------------------
def masked_receiver(order: Order) -> str:
    """The receiver as the slip shows it, masked as the console and the API mask it: the region and
    the start of the street."""
    region = "".join([order.province, order.city, order.district])
    return "  ".join(
        part
        for part in (
            masked(order, "receiver_name"),
            masked(order, "receiver_phone"),
            region + masked(order, "address_detail"),
        )
        if part
    )


def packing_slips_pdf(orders: list[Order]) -> bytes:
    """One page per order (more if its lines do not fit): what the parcel holds, to check it is complete."""
    title = _("Packing slip")
    page = Page(A4, MARGIN, title)
    for index, order in enumerate(orders):
        page.header = []  # a new order's page repeats nothing of the previous order
        if index:
            page.new_page()
        page.line(title, 16)
        page.header = [(_("Packing slip %(number)s (continued)") % {"number": order.platform_order_id}, 10)]
        page.line(_("Order number: %(number)s") % {"number": order.platform_order_id}, 11)
        page.line(_("Store: %(store)s") % {"store": order.store.name}, 10)
        page.line(_("Buyer: %(nickname)s") % {"nickname": order.buyer.nickname}, 10)
        page.line(_("Receiver: %(receiver)s") % {"receiver": masked_receiver(order)}, 10)
        page.y -= 2 * mm
        page.columns(_slip_cells(_("SKU code"), _("Product"), _("Spec"), _("Quantity")))
        page.rule()
        for line in order.lines.all():
            code, name, spec = line_text(line)
            page.columns(_slip_cells(code, name, spec, str(line.quantity)))
        page.rule()
        page.line(_("Total quantity: %(quantity)d") % {"quantity": sum(li.quantity for li in order.lines.all())}, 10)
        if order.buyer_message:
            page.line(_("Buyer message: %(text)s") % {"text": order.buyer_message}, 10)
        if order.seller_memo:
            page.line(_("Seller memo: %(text)s") % {"text": order.seller_memo}, 10)
    return page.pdf()


def _slip_cells(code: str, name: str, spec: str, quantity: str) -> list[tuple[str, float]]:
    return [(code, 0), (name, 40 * mm), (spec, 115 * mm), (quantity, 160 * mm)]


# --- waybill labels --------------------------------------------------------------------------
def item_summary(order: Order) -> str:
    """What the parcel holds in one line: ``T恤 白色/M ×2；卫衣 ×1``."""
    parts = []
    for line in order.lines.all():
        _code, name, spec = line_text(line)
        parts.append(f"{name} {spec} ×{line.quantity}".replace("  ", " "))
    return "；".join(parts)


def labels_pdf(labels: list[tuple[Order, Shipment]]) -> bytes:
    """One 100 × 180 mm label per order: carrier, the tracking number as Code 128 and as text,
    sender, the receiver in full and what the parcel holds."""
    page = Page(LABEL_SIZE, LABEL_MARGIN, _("Waybill labels"))
    for index, (order, shipment) in enumerate(labels):
        if index:
            page.new_page()
        page.line(carrier_label(shipment.carrier), 16)
        barcode = fitted_barcode(shipment.tracking_no, page.usable)
        barcode.drawOn(page.canvas, page.margin, page.y - 18 * mm)
        page.y -= 20 * mm
        page.line(shipment.tracking_no, 14)
        page.rule()
        page.line(_("Receiver"), 9)
        page.line(f"{order.receiver_name}  {order.receiver_phone}", 13)
        page.line(order.full_address, 12, gap=1.3)
        page.rule()
        page.line(_("Sender"), 9)
        page.line(_sender(order), 9)
        page.rule()
        page.line(_("Items"), 9)
        page.line(item_summary(order), 9)
        page.line(_("Order number: %(number)s") % {"number": order.platform_order_id}, 8)
    return page.pdf()


def fitted_barcode(value: str, width: float) -> Code128:
    """``value`` as Code 128 with bars as wide as scanners read best (0.33 mm), narrower only if it would not fit."""
    barcode = Code128(value, barHeight=18 * mm, barWidth=0.33 * mm, quiet=False)
    if barcode.width > width:
        barcode = Code128(value, barHeight=18 * mm, barWidth=0.33 * mm * width / barcode.width, quiet=False)
    return barcode


def _sender(order: Order) -> str:
    store = order.store
    where = " ".join(part for part in (order.warehouse.region, order.warehouse.name) if part) if order.warehouse else ""
    return "  ".join(part for part in (store.contact_name or store.name, store.contact_phone, where) if part)


# --- the services ----------------------------------------------------------------------------
def order_paperwork_pdf(*, by: Actor, document: str, order_ids: Iterable[int | str]) -> bytes:
    """The picking list or the packing slips of the chosen orders (labels: ``order_labels_print``)."""
    require_perm(by, "orders.ship")
    if document not in (PICKING_LIST, PACKING_SLIPS):
        raise ValidationFailed.for_field("document", _("Choose the picking list or the packing slips."))
    orders = paperwork_orders(user=by, order_ids=order_ids)
    return picking_list_pdf(orders) if document == PICKING_LIST else packing_slips_pdf(orders)


@transaction.atomic
def order_labels_print(*, by: Actor, order_ids: Iterable[int | str]) -> bytes:
    """The waybill labels of shipped orders, each with its latest tracking number; an audited reveal.

    Every chosen order must have a shipment (else nothing is printed or written: print and ship
    assigns the numbers). One ``pii.reveal`` audit row lists the batch's orders.
    """
    require_perm(by, "orders.ship")
    require_perm(by, "pii.reveal")
    orders = paperwork_orders(user=by, order_ids=order_ids)
    latest = {
        # The newest shipment row (an imported one may have no time).
        order.pk: max(order.shipments.all(), key=lambda s: s.pk, default=None)
        for order in orders
    }
    missing = [order.platform_order_id for order in orders if latest[order.pk] is None]
    if missing:
        raise ValidationFailed.for_field(
            "order_ids",
            _("These orders have no tracking number yet: %(orders)s. Use “Print and ship” to assign one.")
            % {"orders": "、".join(missing)},
        )
    pii_reveal_batch(by=by, objs=orders, fields=RECEIVER_FIELDS, reason=_("Printed waybill labels"))
    return labels_pdf([(order, shipment) for order in orders if (shipment := latest[order.pk]) is not None])
