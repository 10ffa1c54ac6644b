"""API of batch shipping from a file (批量发货), mounted at ``/api/v1/orders/shipping-files``."""

from typing import Any

from django.http import HttpRequest
from ninja import File
from ninja.files import UploadedFile

from zhanggui.core.api import ApiRouter, api_permission

from ..services.shipping_file import order_shipping_file_apply
from .schemas.shipping_file import ShippingFileReportOut

router = ApiRouter(tags=["shipping files"])


@router.post("", response=ShippingFileReportOut, summary="Ship orders listed in an uploaded file")
@api_permission("orders.ship")
def order_shipping_file_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Upload an XLSX or CSV file whose header row names the columns 订单编号 (order number),
    物流公司 (carrier: 顺丰, 中通, 圆通, 申通, 韵达, 京东, EMS … or their codes SF, ZTO …) and 物流单号
    (tracking number), plus 店铺 (store code or name) when an order number exists in several stores.

    Each row is shipped on its own (and audited); the answer lists per row ``shipped``,
    ``already_shipped`` (the order already left with that tracking number: nothing changes, so a
    file can be sent again safely) or ``error`` with the reason: unknown order, unknown carrier,
    tracking number not in the carrier's format, order not awaiting shipment, duplicate row.
    A file that cannot be read or lacks a column is refused with 422 on ``file``.
    """
    report = order_shipping_file_apply(by=request.auth, stream=file)
    return {
        "shipped": report.shipped,
        "already_shipped": report.already_shipped,
        "errors": report.errors,
        "rows": report.rows,
    }
