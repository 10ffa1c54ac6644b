"""Replacement orders: goods sent again at no charge for an after-sales exchange or reissue (补发)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Sku
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ValidationFailed

from ..models import Order
from ..states import OrderStatus
from .platform import OrderData, OrderLineData
from .upsert import _create_new

ZERO = Decimal("0.00")


def order_replacement_create(*, by: Actor, original: Order, items: Sequence[tuple[Sku, int]], note: str) -> Order:
    """A paid, zero-amount order to the original's buyer and address holding ``items`` (SKU, units).

    Its number is the original's with ``-R`` and a count, so the order desk sees what it replaces.
    It goes through the same review and reservation as any paid order: its units are held now and
    it ships from the order desk (or the case). The caller (after-sales) has authorised ``by``.
    """
    if not items:
        raise ValidationFailed.for_field("lines", _("Choose at least one item to send."))
    siblings = Order.objects.filter(
        store_id=original.store_id, platform_order_id__startswith=f"{original.platform_order_id}-R"
    )
    number = f"{original.platform_order_id}-R{siblings.count() + 1}"
    lines = [
        OrderLineData(
            title=sku.product.name,
            unit_price=ZERO,
            quantity=quantity,
            merchant_code=sku.merchant_code,
            attributes=sku.attributes_text,
        )
        for sku, quantity in items
    ]
    data = OrderData(
        platform_order_id=number,
        buyer_nickname=original.buyer.nickname,
        status=OrderStatus.PAID,
        lines=lines,
        created_at=timezone.now(),
        paid_amount=ZERO,
        receiver_name=original.receiver_name,
        receiver_phone=original.receiver_phone,
        province=original.province,
        city=original.city,
        district=original.district,
        address_detail=original.address_detail,
        seller_memo=note,
    )
    return _create_new(by=by, store=original.store, data=data)
