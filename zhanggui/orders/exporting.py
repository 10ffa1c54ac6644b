"""Exporting the (filtered) order list as XLSX or CSV; personal data masked unless ``pii.export``."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exports import ExportColumn, export_response
from zhanggui.core.permissions import require_perm

from . import selectors
from .models import MemoFlag, Order

EXPORT_FORMATS = ("xlsx", "csv")


def _tracking_numbers(order: Order) -> str:
    return ", ".join(shipment.tracking_no for shipment in order.shipments.all())


COLUMNS = [
    ExportColumn(gettext_lazy("Order number"), lambda o: o.platform_order_id),
    ExportColumn(gettext_lazy("Store"), lambda o: o.store.name),
    ExportColumn(gettext_lazy("Buyer"), lambda o: o.buyer.nickname),
    ExportColumn(gettext_lazy("Status"), lambda o: o.get_status_display()),
    ExportColumn(gettext_lazy("Goods amount"), lambda o: o.goods_amount),
    ExportColumn(gettext_lazy("Shipping fee"), lambda o: o.shipping_fee),
    ExportColumn(gettext_lazy("Paid amount"), lambda o: o.paid_amount),
    ExportColumn(gettext_lazy("Refunded amount"), lambda o: o.refunded_amount),
    ExportColumn(gettext_lazy("Receiver"), lambda o: o.receiver_name, pii="name"),
    ExportColumn(gettext_lazy("Receiver phone"), lambda o: o.receiver_phone, pii="phone"),
    ExportColumn(gettext_lazy("Address"), lambda o: o.full_address, pii="address"),
    ExportColumn(gettext_lazy("Buyer message"), lambda o: o.buyer_message),
    ExportColumn(gettext_lazy("Seller memo"), lambda o: o.seller_memo),
    ExportColumn(gettext_lazy("Flag"), lambda o: o.get_memo_flag_display() if o.memo_flag != MemoFlag.NONE else ""),
    ExportColumn(gettext_lazy("Tracking number"), _tracking_numbers),
    ExportColumn(gettext_lazy("Ordered"), lambda o: o.created_at),
    ExportColumn(gettext_lazy("Paid at"), lambda o: o.paid_at),
    ExportColumn(gettext_lazy("Shipped at"), lambda o: o.shipped_at),
]


def order_export(*, by: Any, filters: dict[str, Any], file_format: str) -> HttpResponse:
    """The orders ``by`` may see, filtered like the order list, as an attachment; audited."""
    require_perm(by, "orders.export")
    orders = selectors.order_list(user=by, filters=filters).prefetch_related("shipments")
    return export_response(
        columns=COLUMNS,
        objects=orders.iterator(chunk_size=2000),
        user=by,
        file_format=file_format if file_format in EXPORT_FORMATS else EXPORT_FORMATS[0],
        filename="orders",
        action="orders.export",
        description=_("Orders"),
    )
