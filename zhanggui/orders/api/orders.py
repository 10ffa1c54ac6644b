"""API of the orders context: orders (list, detail, timeline, create-or-update, review, edits,
shipping, tracking, batches, export), mounted at ``/api/v1/orders``.

Endpoints parse, look orders up through the scoped selectors (another store's order is a 404)
and call the same services as the console.
"""

import copy
import functools
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Status
from ninja.pagination import paginate

from zhanggui.catalog import selectors as catalog_selectors
from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission, counted_page, page_answer, page_response
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.exports import file_response
from zhanggui.core.pagination import capped_count
from zhanggui.core.permissions import spans_all_stores
from zhanggui.core.statements import statement_rows
from zhanggui.stores.selectors import store_list

from .. import selectors, services
from ..models import Order
from ..selectors.timeline import order_timeline as timeline_of
from .schemas.orders import (
    AddressIn,
    ApproveIn,
    BatchApproveIn,
    BatchMemoIn,
    BatchResultOut,
    BatchShipIn,
    DeliverIn,
    ExportFilters,
    LineSkuIn,
    MemoIn,
    OrderDetailOut,
    OrderFilters,
    OrderOut,
    OrderPageOut,
    OrderUpsertIn,
    PriceAdjustIn,
    ReasonIn,
    ShipIn,
    ShipmentOut,
    ShippingFeeIn,
    TimelineEntryOut,
    TrackingIn,
    order_items_of,
    order_list_items,
    order_list_rows,
)

router = ApiRouter(tags=["orders"])

PlatformOrderId = Annotated[str, Path(min_length=1, max_length=40, description="The platform's order number.")]


def list_filters(filters: OrderFilters) -> dict[str, Any]:
    """The selector's filters (days stay days: the selector bounds them by the local day's times)."""
    return filters.model_dump(exclude_none=True)


def batch_answer(result: services.BatchResult) -> dict[str, Any]:
    errors = [{"order_id": order_id, "message": message} for order_id, message in result.errors.items()]
    return {"done": result.done, "errors": errors}


def detail(request: HttpRequest, order: Order) -> Order:
    """The order re-read after a change, with its lines, shipments and tracking."""
    return selectors.order_get(user=request.auth, order_id=order.pk)


# --- reading -----------------------------------------------------------------------------------
@router.get("", response=OrderPageOut, summary="List orders")
@api_permission("orders.view")
def order_list(request: HttpRequest, filters: Query[OrderFilters], pagination: Query[PageNumber.Input]) -> Any:
    """Orders of your stores, newest first, without their lines (see the order for those).
    Personal data is masked. ``?page=1&page_size=50`` (max 200)."""
    values = list_filters(filters)
    if set(values) <= POLLED_FILTERS:
        return _polled_page(request.auth, values, pagination)
    orders = selectors.order_list(user=request.auth, filters=values)
    return page_response(request, orders, pagination, functools.partial(order_list_items, user=request.auth))


# What clients poll the list by (a store's orders awaiting shipment): its SQL is compiled once per
# process and shape, as the ORM would compile it on every call (bench/order_api.py).
POLLED_FILTERS = frozenset({"status", "store"})


def _polled_page(user: Any, filters: dict[str, Any], pagination: PageNumber.Input) -> Any:
    statuses, store = list(filters.get("status") or []), filters.get("store")
    values = [user.pk, *statuses, *([store] if store is not None else [])]

    def page_rows(values: Any) -> Any:
        # The same selector, for a stand-in of the caller whose id (and filters) are ``values``.
        caller = copy.copy(user)
        caller.pk = values[0]
        wanted = {"status": list(values[1 : 1 + len(statuses)])} if statuses else {}
        if store is not None:
            wanted["store"] = values[-1]
        return order_list_rows(counted_page(selectors.order_list(user=caller, filters=wanted), pagination))

    page = (pagination.page, pagination.page_size)
    shape = ("orders.list", spans_all_stores(user), len(statuses), store is not None, page)
    rows = statement_rows(shape, values, page_rows)
    listed = order_items_of(rows, ("page_total",), user=user)
    return page_answer(listed, pagination, lambda: capped_count(selectors.order_list(user=user, filters=filters)))


@router.get("/review-queue", response=list[OrderOut], summary="List orders held for review (审单)")
@api_permission("orders.review")
@paginate(PageNumber)
def order_review_queue(request: HttpRequest) -> Any:
    """Orders under review, oldest payment first; each says why it is held (``review_reasons``)."""
    return selectors.review_queue(user=request.auth)


_EXPORT_FILE = {
    "description": "The orders, as an attachment",
    "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        },
        "text/csv": {"schema": {"type": "string", "format": "binary"}},
    },
}


@router.get("/export", summary="Export orders (XLSX or CSV)", openapi_extra={"responses": {200: _EXPORT_FILE}})
@api_permission("orders.export")
def order_export_file(request: HttpRequest, filters: Query[ExportFilters]) -> Any:
    """The orders you may see, filtered like the list. Receiver name, phone and address are
    masked unless you may export personal data (``pii.export``). Audited."""
    values = list_filters(filters)
    file_format = values.pop("format")
    return file_response(services.order_export(by=request.auth, filters=values, file_format=file_format))


@router.get("/{int:order_id}", response=OrderDetailOut, summary="Get an order with its lines and shipments")
@api_permission("orders.view")
def order_get(request: HttpRequest, order_id: Id) -> Any:
    """The order, its lines, its shipments with their tracking events; personal data masked."""
    return selectors.order_get(user=request.auth, order_id=order_id)


@router.get("/{int:order_id}/timeline", response=list[TimelineEntryOut], summary="An order's timeline")
@api_permission("orders.view")
def order_timeline(request: HttpRequest, order_id: Id) -> Any:
    """Everything that happened to the order, oldest first: each step, who, and why."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return timeline_of(user=request.auth, order=order)


# --- getting orders in -------------------------------------------------------------------------
@router.put(
    "/by-number/{int:store_id}/{platform_order_id}",
    response={200: OrderDetailOut, 201: OrderDetailOut},
    summary="Create or update an order by its platform order number",
)
@api_permission("orders.import")
def order_upsert(request: HttpRequest, store_id: Id, platform_order_id: PlatformOrderId, data: OrderUpsertIn) -> Any:
    """Idempotent: the first call creates the order (201); sending the same order again changes
    nothing (200), and a newer status (paid, shipped, closed …) moves it on (200). A platform
    never moves an order back, and our own edits (address, memo, price) are kept."""
    store = store_list(user=request.auth).filter(pk=store_id).first()
    if store is None:
        raise NotFoundError()
    order, outcome = services.order_upsert(by=request.auth, store=store, data=data.as_data(platform_order_id))
    return Status(201 if outcome == "created" else 200, detail(request, order))


# --- review and cancellation -------------------------------------------------------------------
@router.post("/{int:order_id}/approve", response=OrderDetailOut, summary="Approve a held order")
@api_permission("orders.review")
def order_approve(request: HttpRequest, order_id: Id, data: ApproveIn) -> Any:
    """Release an order under review for shipment (its stock must be reservable now)."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(request, services.order_review_approve(by=request.auth, order=order, reason=data.reason))


@router.post("/{int:order_id}/hold", response=OrderDetailOut, summary="Keep an order in review with a remark")
@api_permission("orders.review")
def order_hold(request: HttpRequest, order_id: Id, data: ReasonIn) -> Any:
    """E.g. waiting for the buyer's answer; the remark joins the order's review reasons."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(request, services.order_review_hold(by=request.auth, order=order, reason=data.reason))


@router.post("/{int:order_id}/cancel", response=OrderDetailOut, summary="Cancel an order before shipment")
@api_permission("orders.edit")
def order_cancel(request: HttpRequest, order_id: Id, data: ReasonIn) -> Any:
    """Closes the order and gives its units back; a paid order is refunded in full. Refused (409) once shipped."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(request, services.order_cancel(by=request.auth, order=order, reason=data.reason))


# --- edits before shipment (409 ``already_shipped`` once the parcel has left) -------------------
@router.post("/{int:order_id}/address", response=OrderDetailOut, summary="Change the receiver and address")
@api_permission("orders.edit")
def order_address_change(request: HttpRequest, order_id: Id, data: AddressIn) -> Any:
    """Audited with the masked before and after. Refused (409) once shipped."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(request, services.order_address_change(by=request.auth, order=order, **data.model_dump()))


@router.post("/{int:order_id}/shipping-fee", response=OrderDetailOut, summary="Change the shipping fee")
@api_permission("orders.edit")
def order_shipping_fee_change(request: HttpRequest, order_id: Id, data: ShippingFeeIn) -> Any:
    """A paid order is refunded the difference and cannot be made more expensive."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(
        request,
        services.order_shipping_fee_change(
            by=request.auth, order=order, shipping_fee=data.shipping_fee, reason=data.reason
        ),
    )


@router.post("/{int:order_id}/price-adjustment", response=OrderDetailOut, summary="Adjust an order's price (改价)")
@api_permission("orders.price_adjust")
def order_price_adjust(request: HttpRequest, order_id: Id, data: PriceAdjustIn) -> Any:
    """Give or withdraw a seller discount within your role's limit (422 ``amount`` beyond it)."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(
        request, services.order_price_adjust(by=request.auth, order=order, amount=data.amount, reason=data.reason)
    )


@router.post("/{int:order_id}/line-sku", response=OrderDetailOut, summary="Change a line's SKU (colour, size)")
@api_permission("orders.edit")
def order_line_sku_change(request: HttpRequest, order_id: Id, data: LineSkuIn) -> Any:
    """Another SKU of the same product; the reserved units move with it (409 if it has too few)."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    line = next((line for line in order.lines.all() if line.pk == data.line_id), None)
    if line is None:
        raise ValidationFailed.for_field("line_id", _("No such line in this order."))
    try:
        sku = catalog_selectors.sku_get(user=request.auth, sku_id=data.sku_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field("sku_id", _("No such SKU.")) from exc
    services.order_line_sku_change(by=request.auth, order=order, line=line, sku=sku, reason=data.reason)
    return detail(request, order)


@router.post("/{int:order_id}/memo", response=OrderDetailOut, summary="Set the seller memo and flag")
@api_permission("orders.edit")
def order_memo_set(request: HttpRequest, order_id: Id, data: MemoIn) -> Any:
    """The seller memo (卖家备注) and its flag colour."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(
        request,
        services.order_memo_set(by=request.auth, order=order, memo=data.memo, flag=data.flag, reason=data.reason),
    )


# --- shipping ----------------------------------------------------------------------------------
@router.post("/{int:order_id}/ship", response=OrderDetailOut, summary="Ship an order")
@api_permission("orders.ship")
def order_ship(request: HttpRequest, order_id: Id, data: ShipIn) -> Any:
    """Record the carrier and tracking number (checked against the carrier's format, 422
    ``tracking_no``); the reserved units leave stock. Only an order awaiting shipment can ship."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    services.order_ship(by=request.auth, order=order, carrier=data.carrier, tracking_no=data.tracking_no)
    return detail(request, order)


@router.post("/{int:order_id}/deliver", response=OrderDetailOut, summary="Mark a shipped order delivered (签收)")
@api_permission("orders.ship")
def order_deliver(request: HttpRequest, order_id: Id, data: DeliverIn) -> Any:
    """The parcel was signed for; usually this comes with the carrier's tracking (``delivered`` event)."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    return detail(request, services.order_deliver(by=request.auth, order=order, at=data.at))


@router.post(
    "/{int:order_id}/shipments/{int:shipment_id}/tracking",
    response=ShipmentOut,
    summary="Add a shipment's tracking events",
)
@api_permission("orders.ship")
def shipment_tracking_add(request: HttpRequest, order_id: Id, shipment_id: Id, data: TrackingIn) -> Any:
    """Send the carrier's events, all of them each time if you like: known ones (same time and
    description) are skipped. Future times are refused (422). Each event's ``status`` is the one
    given, else read from its description by the carriers' keywords (docs/logistics-tracking.md);
    the shipment's and the order's ``logistics_status`` follow. A signed event (``status: signed``,
    ``delivered: true`` or a text such as 已签收) moves a shipped order to delivered."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    shipment = next((shipment for shipment in order.shipments.all() if shipment.pk == shipment_id), None)
    if shipment is None:
        raise NotFoundError()
    events = [services.TrackingEventData(**event.model_dump(exclude_none=True)) for event in data.events]
    services.shipment_tracking_add(by=request.auth, shipment=shipment, events=events)
    return next(s for s in detail(request, order).shipments.all() if s.pk == shipment_id)


# --- batches: every order on its own; the answer says per order what happened -----------------
@router.post("/batch/approve", response=BatchResultOut, summary="Approve many held orders")
@api_permission("orders.review")
def order_batch_approve(request: HttpRequest, data: BatchApproveIn) -> Any:
    """Orders that cannot be approved (not under review, short of stock, not yours) are listed in ``errors``."""
    return batch_answer(services.order_batch_approve(by=request.auth, order_ids=data.order_ids, reason=data.reason))


@router.post("/batch/memo", response=BatchResultOut, summary="Set the seller memo and flag of many orders")
@api_permission("orders.edit")
def order_batch_memo_set(request: HttpRequest, data: BatchMemoIn) -> Any:
    """Shipped orders can no longer be edited and are listed in ``errors``."""
    return batch_answer(
        services.order_batch_memo_set(by=request.auth, order_ids=data.order_ids, memo=data.memo, flag=data.flag)
    )


@router.post("/batch/ship", response=BatchResultOut, summary="Ship many orders")
@api_permission("orders.ship")
def order_batch_ship(request: HttpRequest, data: BatchShipIn) -> Any:
    """Each order with its carrier and tracking number; bad rows are listed in ``errors``, the rest ship."""
    items = [services.ShipItem(**item.model_dump()) for item in data.items]
    return batch_answer(services.order_batch_ship(by=request.auth, items=items))
