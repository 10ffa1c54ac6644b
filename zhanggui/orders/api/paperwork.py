"""API of the paperwork (打单) and the tracking-number pool, mounted at ``/api/v1/orders/paperwork``
and ``/api/v1/orders/tracking-pool``: PDFs of chosen orders, print and ship, the pool's numbers."""

import base64
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import File, Form
from ninja.files import UploadedFile

from zhanggui.core.api import ApiRouter, api_permission
from zhanggui.core.exports import file_response, pdf_file

from .. import selectors, services
from .schemas.paperwork import (
    CarrierCode,
    PaperworkIn,
    PoolAddIn,
    PoolAddOut,
    PoolCountOut,
    PrintShipIn,
    PrintShipOut,
)

router = ApiRouter(tags=["paperwork"])
pool_router = ApiRouter(tags=["paperwork"])

_PDF = {
    "description": "The document as a PDF",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


@router.post("/picking-list", summary="Print the picking list of orders", openapi_extra={"responses": {200: _PDF}})
@api_permission("orders.ship")
def paperwork_picking_list(request: HttpRequest, data: PaperworkIn) -> Any:
    """拣货单: per warehouse, each SKU (code, product, spec) with its total quantity over the orders
    and the order numbers that want it. An order of another store is 404."""
    pdf = services.order_paperwork_pdf(by=request.auth, document=services.PICKING_LIST, order_ids=data.order_ids)
    return file_response(pdf_file(pdf, "picking-list"), inline=True)


@router.post("/packing-slips", summary="Print packing slips, one per order", openapi_extra={"responses": {200: _PDF}})
@api_permission("orders.ship")
def paperwork_packing_slips(request: HttpRequest, data: PaperworkIn) -> Any:
    """发货单: a page per order with its number, store, buyer, lines and memo; the receiver is masked."""
    pdf = services.order_paperwork_pdf(by=request.auth, document=services.PACKING_SLIPS, order_ids=data.order_ids)
    return file_response(pdf_file(pdf, "packing-slips"), inline=True)


@router.post("/labels", summary="Print waybill labels of shipped orders", openapi_extra={"responses": {200: _PDF}})
@api_permission("orders.ship")
def paperwork_labels(request: HttpRequest, data: PaperworkIn) -> Any:
    """电子面单, 100 × 180 mm: carrier, the tracking number as a Code 128 barcode, sender, the receiver
    in full and the items. Needs ``pii.reveal`` too and is audited as one reveal per call. Every
    order must have been shipped (422 otherwise)."""
    labels = services.order_labels_print(by=request.auth, order_ids=data.order_ids)
    return file_response(pdf_file(labels, "labels"), inline=True)


@router.post("/print-and-ship", response=PrintShipOut, summary="Ship orders with pool numbers and print their labels")
@api_permission("orders.ship")
def paperwork_print_ship(request: HttpRequest, data: PrintShipIn) -> Any:
    """打印并发货: each order awaiting shipment gets the next unused number of the carrier's pool and
    ships; the others are listed in ``errors`` and use no number. Too few numbers in the pool is
    422 on ``carrier`` and nothing changes. Needs ``pii.reveal`` (the labels print the receiver)."""
    result = services.order_batch_print_ship(by=request.auth, carrier=data.carrier, order_ids=data.order_ids)
    return {
        "done": [{"order_id": order_id, "tracking_no": number} for order_id, number in result.tracking_numbers.items()],
        "errors": [{"order_id": order_id, "message": message} for order_id, message in result.batch.errors.items()],
        "labels_pdf": base64.b64encode(result.labels).decode("ascii") if result.labels else "",
    }


@pool_router.get("", response=list[PoolCountOut], summary="Tracking numbers left per carrier")
@api_permission("orders.ship")
def tracking_pool_list(request: HttpRequest) -> Any:
    """Every carrier with its unused and used pool numbers."""
    return [asdict(count) for count in selectors.tracking_pool_counts()]


@pool_router.post("", response=PoolAddOut, summary="Add tracking numbers to a carrier's pool")
@api_permission("orders.ship")
def tracking_pool_add(request: HttpRequest, data: PoolAddIn) -> Any:
    """Numbers must be in the carrier's format (422 naming the rows otherwise, nothing added);
    numbers the pool already holds are counted in ``existing`` and change nothing."""
    return asdict(services.tracking_pool_add(by=request.auth, carrier=data.carrier, numbers=data.numbers))


@pool_router.post("/files", response=PoolAddOut, summary="Import a file of tracking numbers into a carrier's pool")
@api_permission("orders.ship")
def tracking_pool_import(request: HttpRequest, carrier: Form[CarrierCode], file: File[UploadedFile]) -> Any:
    """XLSX or CSV, one tracking number per row in the first column (a header row such as 物流单号 is
    optional). Importing the same file again adds nothing."""
    return asdict(services.tracking_pool_import(by=request.auth, carrier=carrier, stream=file))
