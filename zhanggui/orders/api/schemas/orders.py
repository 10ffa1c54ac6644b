"""Input and output schemas of the orders API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import DateTimeField, DecimalField, QuerySet, TextField
from django.db.models.functions import Cast
from ninja import Field, Schema

from zhanggui.core.actors import Actor
from zhanggui.core.api import COUNT_CAPPED_DESCRIPTION, COUNT_DESCRIPTION, Id, IsoDate
from zhanggui.core.pii import masked, masker

from ...constants import anomaly_label, carrier_label
from ...models import Order
from ...selectors.rules import review_reasons_shown
from ...services import OrderData, OrderLineData
from ...states import status_label

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["99.00"])]
SignedMoney = Annotated[Decimal, Field(max_digits=12, decimal_places=2, examples=["-10.00"])]
Reason = Annotated[str, Field(min_length=1, max_length=500, description="Why; kept in the audit log.")]
Remark = Annotated[str, Field(max_length=500, description="Optional remark; kept in the audit log.")]
StatusCode = Literal[
    "pending_payment", "paid", "under_review", "awaiting_shipment", "shipped", "delivered", "completed", "closed"
]
FlagCode = Literal["none", "red", "yellow", "green", "blue", "purple"]
LogisticsCode = Literal["collected", "in_transit", "out_for_delivery", "signed", "exception"]
LOGISTICS_HELP = "揽收 collected, 运输中 in_transit, 派送中 out_for_delivery, 已签收 signed, 异常 exception"
BatchIds = Annotated[list[Id], Field(min_length=1, max_length=500, description="At most 500 orders at once.")]


# --- reading -----------------------------------------------------------------------------------
class ReviewReasonOut(Schema):
    """Why an order is held for review (审单原因)."""

    code: str
    label: str
    detail: str


class AnomalyOut(Schema):
    """Something that went wrong after review (异常), until a clerk resolves it."""

    code: str
    label: str


def anomaly_items(codes: list[str] | None) -> list[dict[str, str]]:
    return [{"code": code, "label": anomaly_label(code)} for code in codes or []]


class OrderOut(Schema):
    """An order as listed: amounts, status, flags and the masked receiver (no lines)."""

    id: int
    store_id: int
    store_code: str = Field(alias="store.code")
    platform_order_id: str = Field(description="The platform's order number (订单编号), unique per store.")
    buyer_nickname: str = Field(alias="buyer.nickname")
    status: StatusCode
    status_label: str
    out_of_stock: bool = Field(description="Paid, but its units could not all be reserved (缺货).")
    review_reasons: list[ReviewReasonOut]
    anomalies: list[AnomalyOut]
    goods_amount: Decimal
    shipping_fee: Decimal
    platform_discount: Decimal
    seller_discount: Decimal
    paid_amount: Decimal
    refunded_amount: Decimal
    receiver_name: str = Field(description="Masked.")
    receiver_phone: str = Field(description="Masked.")
    province: str
    city: str
    district: str
    address_detail: str = Field(description="Masked.")
    buyer_message: str = Field(description="买家留言")
    seller_memo: str = Field(description="卖家备注")
    memo_flag: FlagCode
    created_at: dt.datetime = Field(description="When the buyer ordered on the platform.")
    paid_at: dt.datetime | None
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    completed_at: dt.datetime | None
    closed_at: dt.datetime | None
    updated_at: dt.datetime
    logistics_status: LogisticsCode | Literal[""] = Field(
        description=f"Where its parcels are by the carriers' news ({LOGISTICS_HELP}); empty before any news."
    )

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return status_label(obj.status)

    @staticmethod
    def resolve_review_reasons(obj: Any, context: Any) -> list[dict[str, str]]:
        return review_reasons_shown(user=context["request"].auth, reasons=obj.review_reasons)

    @staticmethod
    def resolve_anomalies(obj: Any) -> list[dict[str, str]]:
        return anomaly_items(obj.anomalies)

    @staticmethod
    def resolve_receiver_name(obj: Any) -> str:
        return masked(obj, "receiver_name")

    @staticmethod
    def resolve_receiver_phone(obj: Any) -> str:
        return masked(obj, "receiver_phone")

    @staticmethod
    def resolve_address_detail(obj: Any) -> str:
        return masked(obj, "address_detail")


# What ``order_list_items`` reads of each order, in ``OrderOut``'s order. Times and the JSON lists
# are read as the database's text: parsing them into values only for the encoder to write them out
# again was a fifth of the list's time (bench/order_api.py).
_MASKED = ("receiver_name", "receiver_phone", "address_detail")
_FIELDS = {field.attname: field for field in Order._meta.concrete_fields}
_MONEY = tuple(name for name in OrderOut.model_fields if isinstance(_FIELDS.get(name), DecimalField))
_TIMES = tuple(name for name in OrderOut.model_fields if isinstance(_FIELDS.get(name), DateTimeField))
_LISTS = ("review_reasons", "anomalies")
_RELATED = {"store_code": "store__code", "buyer_nickname": "buyer__nickname"}
_LIST_COLUMNS = tuple(name for name in OrderOut.model_fields if name != "status_label")
# Plain names where no cast is needed: each expression costs the query's compilation an annotation.
_SELECTED = tuple(
    Cast(name, TextField()) if name in _TIMES + _LISTS else _RELATED.get(name, name) for name in _LIST_COLUMNS
)


def json_time(text: str | None) -> str | None:
    """A time the database wrote as text, as ``DjangoJSONEncoder`` writes the time: ``…T18:44:33.837Z``.

    Times come in UTC (PostgreSQL ``2026-11-26 18:44:33.837295+00``; SQLite without the offset),
    so the text is cut rather than formatted again; any other offset goes the encoder's way.
    """
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(text)
    if moment.utcoffset():
        return str(DjangoJSONEncoder().default(moment.astimezone(dt.UTC)))
    millis = f".{moment.microsecond // 1000:03d}" if moment.microsecond else ""
    return f"{text[:10]}T{text[11:19]}{millis}Z"


def _json_list(text: str) -> list[Any]:
    return [] if text == "[]" else json.loads(text)  # most orders have no reasons and no anomalies


def order_list_items(orders: QuerySet[Order], *, user: Actor) -> list[dict[str, Any]]:
    """``orders`` exactly as ``OrderOut`` renders them, read as plain rows and already in JSON terms.

    The order list is the API's busiest read: plain rows cost no model instances and no
    per-field getters, and values written here as the JSON encoder would write them spare it a
    Python call per value; that was most of a page's time (bench/order_api.py). A test holds
    the two renderings equal.
    """
    return order_items_of(order_list_rows(orders), tuple(orders.query.annotations), user=user)


def order_list_rows(orders: QuerySet[Order]) -> QuerySet[Any]:
    """What ``order_items_of`` reads of ``orders``: a row each, then the queryset's annotations
    (e.g. the page's count, ``page_response``)."""
    return orders.values_list(*_SELECTED, *orders.query.annotations)


def order_items_of(rows: Iterable[Sequence[Any]], passed: tuple[str, ...], *, user: Actor) -> list[dict[str, Any]]:
    """The rows of ``order_list_rows`` as ``OrderOut`` renders them; the ``passed`` annotations by name."""
    maskers = [(field, masker(Order, field)) for field in _MASKED]
    label_of = functools.cache(status_label)  # translated once per status on the page
    items = []
    names = _LIST_COLUMNS + passed
    for values in rows:
        row = dict(zip(names, values, strict=True))
        row["status_label"] = label_of(row["status"])
        row["review_reasons"] = review_reasons_shown(user=user, reasons=_json_list(row["review_reasons"]))
        row["anomalies"] = anomaly_items(_json_list(row["anomalies"]))
        for field, mask in maskers:
            row[field] = mask(row[field])
        for field in _MONEY:
            row[field] = str(row[field])
        for field in _TIMES:
            row[field] = json_time(row[field])
        items.append(row)
    return items


class OrderPageOut(Schema):
    """One page of orders: ``?page=1&page_size=50`` (max 200)."""

    count: int = Field(description=COUNT_DESCRIPTION)
    count_capped: bool = Field(description=COUNT_CAPPED_DESCRIPTION)
    page: int
    page_size: int
    items: list[OrderOut]


class OrderLineOut(Schema):
    """One line of an order: the SKU (null when the merchant code matches none), price and quantity."""

    id: int
    sku_id: int | None
    merchant_code: str
    title: str
    attributes: str
    unit_price: Decimal
    quantity: int
    discount: Decimal
    line_total: Decimal
    reserved: bool = Field(description="Whether its units are held in the order's warehouse.")


class TrackingEventOut(Schema):
    """One step of the parcel's journey as the carrier reported it."""

    id: int
    at: dt.datetime
    description: str
    location: str
    status: LogisticsCode | Literal[""] = Field(description="The status it reports; empty when it reports none.")


class ShipmentOut(Schema):
    """A parcel of the order with its carrier, tracking number and tracking events."""

    id: int
    carrier: str
    carrier_label: str
    tracking_no: str
    shipped_at: dt.datetime | None = Field(description="Empty when the platform reported the parcel without its time.")
    delivered_at: dt.datetime | None
    logistics_status: LogisticsCode | Literal[""] = Field(
        description="The status of its latest event that reports one; empty before any."
    )
    tracking: list[TrackingEventOut]

    @staticmethod
    def resolve_carrier_label(obj: Any) -> str:
        return carrier_label(obj.carrier)

    @staticmethod
    def resolve_tracking(obj: Any) -> list[Any]:
        return list(obj.tracking_events.all())


class OrderDetailOut(OrderOut):
    """An order with its lines, shipments and tracking; personal data masked."""

    buyer_name: str = Field(description="Masked.")
    buyer_phone: str = Field(description="Masked.")
    warehouse_code: str | None = Field(description="Where its units are reserved.")
    close_reason: str
    lines: list[OrderLineOut]
    shipments: list[ShipmentOut]

    @staticmethod
    def resolve_buyer_name(obj: Any) -> str:
        return masked(obj.buyer, "name")

    @staticmethod
    def resolve_buyer_phone(obj: Any) -> str:
        return masked(obj.buyer, "phone")

    @staticmethod
    def resolve_warehouse_code(obj: Any) -> str | None:
        return obj.warehouse.code if obj.warehouse_id else None

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_shipments(obj: Any) -> list[Any]:
        return list(obj.shipments.all())


class TimelineEntryOut(Schema):
    """One step of the order's timeline, oldest first."""

    at: dt.datetime
    actor: str = Field(description='Who acted: a staff member\'s name, "system", or the carrier.')
    kind: str = Field(description="What happened, as a code (approve, ship, tracking …).")
    label: str
    detail: str = Field(description="The remark and what changed (personal data masked).")


class OrderFilters(Schema):
    """Narrow the order list; every filter is optional."""

    status: list[StatusCode] | None = Field(None, description="Any of these statuses (repeat the parameter).")
    store: Id | None = None
    created_from: IsoDate | None = Field(None, description="Ordered on or after this day.")
    created_to: IsoDate | None = Field(None, description="Ordered on or before this day.")
    amount_min: Money | None = Field(None, description="Paid at least this much.")
    amount_max: Money | None = Field(None, description="Paid at most this much.")
    out_of_stock: bool | None = None
    memo_flag: FlagCode | None = None
    keyword: str | None = Field(
        None, max_length=80, description="Order number, buyer nickname (contains) or tracking number."
    )
    logistics_status: list[LogisticsCode] | None = Field(
        None, description=f"Any of these logistics statuses (repeat the parameter): {LOGISTICS_HELP}."
    )


class ExportFilters(OrderFilters):
    format: Literal["xlsx", "csv"] = "xlsx"


# --- writing -----------------------------------------------------------------------------------
class OrderLineIn(Schema):
    """A line as the platform reports it; the merchant code (商家编码) finds our SKU."""

    title: str = Field(min_length=1, max_length=200)
    unit_price: Money
    quantity: int = Field(ge=1, le=1_000_000)
    merchant_code: str = Field("", max_length=40)
    attributes: str = Field("", max_length=200)
    discount: Money = Decimal("0.00")


class OrderUpsertIn(Schema):
    """An order as the platform reports it; sending it again changes nothing, a newer status updates it."""

    buyer_nickname: str = Field(min_length=1, max_length=80)
    status: StatusCode
    lines: list[OrderLineIn] = Field(min_length=1, max_length=500)
    created_at: dt.datetime
    shipping_fee: Money = Decimal("0.00")
    platform_discount: Money = Decimal("0.00")
    seller_discount: Money = Decimal("0.00")
    paid_amount: Money | None = Field(None, description="Omit to take what the lines and fees add up to.")
    refunded_amount: Money = Decimal("0.00")
    paid_at: dt.datetime | None = Field(None, description="Omit for a paid order to take the order time.")
    shipped_at: dt.datetime | None = Field(None, description="Steps the platform does not time stay empty.")
    delivered_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    close_reason: str = Field("", max_length=200)
    buyer_name: str = Field("", max_length=60)
    buyer_phone: str = Field("", max_length=20)
    receiver_name: str = Field("", max_length=60)
    receiver_phone: str = Field("", max_length=20)
    province: str = Field("", max_length=30)
    city: str = Field("", max_length=30)
    district: str = Field("", max_length=30)
    address_detail: str = Field("", max_length=200)
    buyer_message: str = Field("", max_length=1000)
    seller_memo: str = Field("", max_length=1000)
    carrier: str = Field("", max_length=20, description="With ``tracking_no`` when shipped outside Zhanggui.")
    tracking_no: str = Field("", max_length=40)

    def as_data(self, platform_order_id: str) -> OrderData:
        """What ``order_upsert`` takes: this order under its platform number."""
        values = self.model_dump(exclude={"platform_order_id"})
        lines = [OrderLineData(**line) for line in values.pop("lines")]
        return OrderData(platform_order_id=platform_order_id, lines=lines, **values)


class ApproveIn(Schema):
    reason: Remark = ""


class ReasonIn(Schema):
    reason: Reason


class AddressIn(Schema):
    """The new receiver and address, with the remark why (e.g. the buyer asked, 改地址)."""

    receiver_name: str = Field(min_length=1, max_length=60)
    receiver_phone: str = Field(min_length=1, max_length=20)
    province: str = Field(min_length=1, max_length=30)
    city: str = Field(min_length=1, max_length=30)
    district: str = Field("", max_length=30)
    address_detail: str = Field(min_length=1, max_length=200)
    reason: Reason


class ShippingFeeIn(Schema):
    shipping_fee: Money
    reason: Reason


class PriceAdjustIn(Schema):
    amount: SignedMoney = Field(description="A discount to give (positive) or withdraw (negative), within your limit.")
    reason: Reason


class LineSkuIn(Schema):
    """Swap a line to another SKU of the same product (e.g. another colour or size)."""

    line_id: Id
    sku_id: Id
    reason: Reason


class MemoIn(Schema):
    memo: str = Field(max_length=1000, description="The seller memo (卖家备注); empty clears it.")
    flag: FlagCode
    reason: Remark = ""


class ShipIn(Schema):
    carrier: str = Field(
        min_length=1, max_length=20, examples=["SF"], description="SF, ZTO, YTO, STO, YUNDA, JD, EMS …"
    )
    tracking_no: str = Field(min_length=1, max_length=40, examples=["SF1234567890123"])


class DeliverIn(Schema):
    at: dt.datetime | None = Field(None, description="When the parcel was signed for; now if omitted.")


class TrackingEventIn(Schema):
    at: dt.datetime = Field(description="When it happened; without a time zone it is read as Beijing time.")
    description: str = Field(min_length=1, max_length=200, examples=["已揽收"])
    location: str = Field("", max_length=80)
    status: LogisticsCode | None = Field(
        None, description=f"What the event reports ({LOGISTICS_HELP}); read from the description if omitted."
    )
    delivered: bool = Field(False, description="The parcel was signed for (签收): the same as ``status: signed``.")


class TrackingIn(Schema):
    events: list[TrackingEventIn] = Field(min_length=1, max_length=200)


class BatchApproveIn(Schema):
    order_ids: BatchIds
    reason: Remark = ""


class BatchMemoIn(Schema):
    order_ids: BatchIds
    memo: str = Field(max_length=1000)
    flag: FlagCode


class ShipItemIn(Schema):
    order_id: Id
    carrier: str = Field(min_length=1, max_length=20)
    tracking_no: str = Field(min_length=1, max_length=40)


class BatchShipIn(Schema):
    items: list[ShipItemIn] = Field(min_length=1, max_length=500)


class BatchErrorOut(Schema):
    order_id: int
    message: str


class BatchResultOut(Schema):
    """Per order what happened: ``done`` lists the orders changed, ``errors`` why the others were not."""

    done: list[int]
    errors: list[BatchErrorOut]
