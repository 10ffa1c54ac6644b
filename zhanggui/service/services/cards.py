"""Cards an agent sends into a conversation: an order, its parcel's tracking, a product.

A card keeps the facts as they were when it was sent (``Message.payload``), read from the orders and
catalog contexts through their selectors with the agent's own scope; the message goes out through
``message_send`` like any other. Labels (status, carrier) are stored as codes and translated when
shown, so the buyer and the agent each read them in their own language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Product, Sku
from zhanggui.catalog.selectors import require_product_access
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.orders.models import Order, Shipment
from zhanggui.orders.selectors import order_get

from ..constants import MessageKind
from ..models import Conversation, Message
from .messages import message_send

CARD_LINES = 5  # an order card lists at most this many lines, then "and n more"


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal('0')):.2f}"


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _order_of(by: Actor, conversation: Conversation, order: Order) -> Order:
    """The order through the orders selector (the agent's stores); one of another store than the
    conversation's is not this buyer's: reported missing."""
    found = order_get(user=by, order_id=order.pk)
    if found.store_id != conversation.store_id:
        raise NotFoundError()
    return found


def order_card_payload(order: Order) -> dict[str, Any]:
    lines = list(order.lines.all())
    return {
        "order_id": order.pk,
        "number": order.platform_order_id,
        "status": order.status,
        "paid_amount": _money(order.paid_amount),
        "created_at": _moment(order.created_at),
        "lines": [
            {
                "title": line.title,
                "attributes": line.attributes,
                "quantity": line.quantity,
                "unit_price": _money(line.unit_price),
            }
            for line in lines[:CARD_LINES]
        ],
        "more_lines": max(0, len(lines) - CARD_LINES),
    }


def tracking_card_payload(order: Order, shipment: Shipment) -> dict[str, Any]:
    events = list(shipment.tracking_events.all())
    last = events[-1] if events else None
    return {
        "order_id": order.pk,
        "number": order.platform_order_id,
        "carrier": shipment.carrier,
        "tracking_no": shipment.tracking_no,
        "logistics_status": shipment.logistics_status,
        "shipped_at": _moment(shipment.shipped_at),
        "delivered_at": _moment(shipment.delivered_at),
        "last_event": (
            {"at": _moment(last.at), "description": last.description, "location": last.location}
            if last is not None
            else None
        ),
    }


def product_card_payload(product: Product, sku: Sku | None) -> dict[str, Any]:
    price: Decimal | None
    if sku is not None:
        price = sku.list_price
    else:
        prices = [s.list_price for s in product.skus.all() if s.is_active]
        price = min(prices) if prices else None
    return {
        "product_id": product.pk,
        "sku_id": sku.pk if sku is not None else None,
        "name": product.name,
        "title": product.name,  # what the chat widget reads
        "spu_code": product.spu_code,
        "merchant_code": sku.merchant_code if sku is not None else "",
        "attributes": sku.attributes_text if sku is not None else "",
        "price": _money(price) if price is not None else None,
        "price_from": sku is None,
    }


@transaction.atomic
def order_card_send(*, by: Actor, conversation: Conversation, order: Order) -> Message:
    """Send the buyer a card of one of the store's orders (number, status, amount, lines)."""
    order = _order_of(by, conversation, order)
    return message_send(by=by, conversation=conversation, kind=MessageKind.ORDER, payload=order_card_payload(order))


@transaction.atomic
def tracking_card_send(*, by: Actor, conversation: Conversation, order: Order) -> Message:
    """Send the buyer where the order's latest parcel is (carrier, tracking number, last news)."""
    order = _order_of(by, conversation, order)
    shipments = list(order.shipments.all())
    if not shipments:
        raise ValidationFailed.for_field("order", _("This order has not shipped yet: there is no parcel to track."))
    payload = tracking_card_payload(order, shipments[-1])
    return message_send(by=by, conversation=conversation, kind=MessageKind.TRACKING, payload=payload)


@transaction.atomic
def product_card_send(*, by: Actor, conversation: Conversation, product: Product, sku: Sku | None = None) -> Message:
    """Send the buyer a card of a product (or one of its SKUs) with its price."""
    require_product_access(user=by, product_id=product.pk)
    if sku is not None and sku.product_id != product.pk:
        raise ValidationFailed.for_field("sku", _("This SKU is not one of the product's."))
    payload = product_card_payload(product, sku)
    return message_send(by=by, conversation=conversation, kind=MessageKind.PRODUCT, payload=payload)
