"""Exporting the (filtered) order list as XLSX or CSV, the one export of the console and the API;
personal data masked unless ``pii.export``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exports import ExportColumn, ExportFile, export_file
from zhanggui.core.permissions import require_perm

from .. import selectors
from ..constants import anomaly_label
from ..models import MemoFlag, Order

EXPORT_FORMATS = ("xlsx", "csv")


def _tracking_numbers(order: Order) -> str:
    return ", ".join(shipment.tracking_no for shipment in order.shipments.all())


def columns() -> list[ExportColumn]:
    """The file's columns, headed in the exporter's language."""
    return [
        ExportColumn(_("Order number"), lambda o: o.platform_order_id),
        ExportColumn(_("Store"), lambda o: o.store.name),
        ExportColumn(_("Buyer"), lambda o: o.buyer.nickname),
        ExportColumn(_("Status"), lambda o: o.get_status_display()),
        ExportColumn(_("Out of stock"), lambda o: _("Out of stock") if o.out_of_stock else ""),
        ExportColumn(_("Anomalies"), lambda o: ", ".join(anomaly_label(code) for code in o.anomalies or [])),
        ExportColumn(_("Goods amount"), lambda o: o.goods_amount),
        ExportColumn(_("Shipping fee"), lambda o: o.shipping_fee),
        ExportColumn(_("Paid amount"), lambda o: o.paid_amount),
        ExportColumn(_("Refunded amount"), lambda o: o.refunded_amount),
        ExportColumn(_("Receiver"), lambda o: o.receiver_name, pii="name"),
        ExportColumn(_("Receiver phone"), lambda o: o.receiver_phone, pii="phone"),
        ExportColumn(_("Address"), lambda o: o.full_address, pii="address"),
        ExportColumn(_("Buyer message"), lambda o: o.buyer_message),
        ExportColumn(_("Seller memo"), lambda o: o.seller_memo),
        ExportColumn(_("Flag"), lambda o: o.get_memo_flag_display() if o.memo_flag != MemoFlag.NONE else ""),
        ExportColumn(_("Tracking number"), _tracking_numbers),
        ExportColumn(_("Ordered"), lambda o: o.created_at),
        ExportColumn(_("Paid at"), lambda o: o.paid_at),
        ExportColumn(_("Shipped at"), lambda o: o.shipped_at),
    ]


def order_export(*, by: Actor, filters: dict[str, Any], file_format: str) -> ExportFile:
    """The orders ``by`` may see, filtered like the order list, as an attachment; audited."""
    require_perm(by, "orders.export")
    orders = selectors.order_list(user=by, filters=filters).prefetch_related("shipments")
    return export_file(
        columns=columns(),
        objects=orders.iterator(chunk_size=2000),
        count=orders.count,
        user=by,
        file_format=file_format if file_format in EXPORT_FORMATS else EXPORT_FORMATS[0],
        filename="orders",
        action="orders.order.export",
        description=_("Orders"),
    )
