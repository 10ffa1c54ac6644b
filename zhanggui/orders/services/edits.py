"""Edits before shipment (address, shipping fee, price, SKU, seller memo): each with a remark,
audited with before and after; once the parcel has left, every edit is refused."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Sku
from zhanggui.catalog.services import stock_release, stock_reserve
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from zhanggui.core.inputs import money, reason_text, text
from zhanggui.core.permissions import require_perm
from zhanggui.core.pii import masked
from zhanggui.core.policy import ORDER_PRICE_ADJUST_LIMITS

from ..constants import ADDRESS_CHANGED_AFTER_PAYMENT, MANUAL_PRICE_CHANGE
from ..models import MemoFlag, Order, OrderLine
from ..selectors.rules import payable
from ..states import OPEN_PAID
from .anomalies import flag
from .transitions import authorise, check_before_shipment, lines_of, locked

ADDRESS_FIELDS = ["receiver_name", "receiver_phone", "province", "city", "district", "address_detail"]
PHONE = re.compile(r"\+?[0-9][0-9-]{4,19}")


def _editable(by: Actor, code: str, order: Order) -> Order:
    authorise(by, code, order)
    order = locked(order)
    check_before_shipment(order)
    return order


def _masked_snapshot(order: Order, fields: list[str]) -> dict[str, Any]:
    """Personal data goes into the audit log masked, like everywhere else."""
    return {name: masked(order, name) for name in fields}


def _save(order: Order, fields: list[str]) -> None:
    order.updated_at = timezone.now()
    order.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def order_address_change(
    *,
    by: Actor,
    order: Order,
    receiver_name: str,
    receiver_phone: str,
    province: str,
    city: str,
    district: str,
    address_detail: str,
    reason: str,
) -> Order:
    """Send the parcel somewhere else (the buyer asked to change the address, 改地址)."""
    reason = reason_text(reason)
    values = {
        "receiver_name": text(receiver_name, "receiver_name", max_length=60),
        "receiver_phone": text(receiver_phone, "receiver_phone", max_length=20),
        "province": text(province, "province", max_length=30),
        "city": text(city, "city", max_length=30),
        "district": text(district, "district", required=False, max_length=30),
        "address_detail": text(address_detail, "address_detail", max_length=200),
    }
    if not PHONE.fullmatch(values["receiver_phone"]):
        raise ValidationFailed.for_field("receiver_phone", _("Enter a phone number."))
    order = _editable(by, "orders.edit", order)
    if all(getattr(order, name) == value for name, value in values.items()):
        return order
    before = _masked_snapshot(order, ADDRESS_FIELDS)
    for name, value in values.items():
        setattr(order, name, value)
    # The parcel may already be packed for the old address: a clerk must check (异常).
    flagged = order.status in OPEN_PAID and flag(order, ADDRESS_CHANGED_AFTER_PAYMENT)
    _save(order, [*ADDRESS_FIELDS, "anomalies"] if flagged else ADDRESS_FIELDS)
    before, after = changed(before, _masked_snapshot(order, ADDRESS_FIELDS))
    if not after:  # only hidden characters of personal data changed: still say which fields
        changed_fields = ", ".join(ADDRESS_FIELDS)
        before, after = {"fields": changed_fields}, {"fields": changed_fields}
    if flagged:
        after["anomalies"] = order.anomalies
    audit_record(actor=by, action="orders.order.address_change", obj=order, before=before, after=after, reason=reason)
    return order


def _refund_difference(order: Order, lower_by: Decimal, field: str) -> None:
    """A paid order that gets cheaper refunds the difference; it can never cost more."""
    if order.status not in OPEN_PAID:
        return
    if lower_by < 0:
        raise ValidationFailed.for_field(field, _("A paid order cannot be made more expensive."))
    if order.refunded_amount + lower_by > order.paid_amount:
        raise ValidationFailed.for_field(field, _("The refund would exceed what the buyer paid."))
    order.refunded_amount += lower_by


def _check_payable(order: Order, field: str) -> None:
    if payable(order, lines_of(order)) < 0:
        raise ValidationFailed.for_field(field, _("The order total cannot fall below zero."))


@transaction.atomic
def order_shipping_fee_change(*, by: Actor, order: Order, shipping_fee: Decimal, reason: str) -> Order:
    """Change the shipping fee (e.g. agree to free shipping, 包邮); a paid order refunds the difference."""
    reason = reason_text(reason)
    fee = money(shipping_fee, "shipping_fee")
    order = _editable(by, "orders.edit", order)
    if fee == order.shipping_fee:
        return order
    fields = ["shipping_fee", "refunded_amount"]
    before = snapshot(order, fields)
    _refund_difference(order, order.shipping_fee - fee, "shipping_fee")
    order.shipping_fee = fee
    _check_payable(order, "shipping_fee")
    _save(order, fields)
    before, after = changed(before, snapshot(order, fields))
    audit_record(
        actor=by, action="orders.order.shipping_fee_change", obj=order, before=before, after=after, reason=reason
    )
    return order


@transaction.atomic
def order_price_adjust(*, by: Actor, order: Order, amount: Decimal, reason: str) -> Order:
    """Give (positive ``amount``) or withdraw (negative) a seller discount on the order (改价),
    within the acting role's limit; on a paid order only a discount, refunded to the buyer."""
    require_perm(by, "orders.price_adjust")
    reason = reason_text(reason)
    amount = money(amount, "amount", signed=True)
    if amount == 0:
        raise ValidationFailed.for_field("amount", _("Enter an adjustment other than zero."))
    limit = ORDER_PRICE_ADJUST_LIMITS.get(by.role, Decimal("0.00"))
    if abs(amount) > limit:
        raise ValidationFailed.for_field(
            "amount", _("Your role may adjust an order's price by at most %(limit)s.") % {"limit": limit}
        )
    order = _editable(by, "orders.price_adjust", order)
    fields = ["seller_discount", "refunded_amount", "anomalies"]
    before = snapshot(order, fields)
    if order.seller_discount + amount < 0:
        raise ValidationFailed.for_field("amount", _("Only a discount given before can be withdrawn."))
    _refund_difference(order, amount, "amount")
    order.seller_discount += amount
    _check_payable(order, "amount")
    flag(order, MANUAL_PRICE_CHANGE)  # a manager sees every price changed by hand (异常)
    _save(order, fields)
    before, after = changed(before, snapshot(order, fields))
    after["adjustment"] = amount
    audit_record(actor=by, action="orders.order.price_adjust", obj=order, before=before, after=after, reason=reason)
    return order


@transaction.atomic
def order_line_sku_change(*, by: Actor, order: Order, line: OrderLine, sku: Sku, reason: str) -> OrderLine:
    """Swap a line to another SKU of the same product (colour or size, 换颜色 / 换尺码); a reserved
    line moves its reservation, and fails cleanly if the new SKU is out of stock."""
    reason = reason_text(reason)
    order = _editable(by, "orders.edit", order)
    line = OrderLine.objects.select_related("sku").filter(pk=line.pk, order=order).first() or _missing()
    if line.sku_id == sku.pk:
        return line
    if not sku.is_active:
        raise ValidationFailed.for_field("sku", _("This SKU is no longer sold."))
    if line.sku is not None and line.sku.product_id != sku.product_id:
        raise ValidationFailed.for_field("sku", _("Choose a SKU of the same product."))
    if line.reserved:
        assert line.sku_id is not None and order.warehouse_id is not None
        note = _("Order %(number)s") % {"number": order.platform_order_id}
        released = stock_release(
            sku_id=line.sku_id, warehouse_id=order.warehouse_id, quantity=line.quantity, by=by, reason=note
        )
        if not released or not stock_reserve(
            sku_id=sku.pk, warehouse_id=order.warehouse_id, quantity=line.quantity, by=by, reason=note
        ):
            raise ConflictError(
                _("%(code)s has too few units in stock; the line was not changed.") % {"code": sku.merchant_code},
                code="out_of_stock",
            )
    fields = ["sku", "merchant_code", "attributes"]
    before = snapshot(line, fields)
    line.sku, line.merchant_code, line.attributes = sku, sku.merchant_code, sku.attributes_text
    line.save(update_fields=fields)
    _save(order, [])
    audit_record(
        actor=by,
        action="orders.order.line_sku_change",
        obj=order,
        before={"line": line.pk, **before},
        after={"line": line.pk, **snapshot(line, fields)},
        reason=reason,
    )
    return line


def _missing() -> OrderLine:
    raise NotFoundError()


@transaction.atomic
def order_memo_set(*, by: Actor, order: Order, memo: str, flag: str, reason: str = "") -> Order:
    """Write the seller memo (卖家备注) and its flag colour; the memo is its own remark."""
    memo = text(memo, "seller_memo", required=False, max_length=1000)
    if flag not in MemoFlag.values:
        raise ValidationFailed.for_field("memo_flag", _("Choose a flag colour."))
    order = _editable(by, "orders.edit", order)
    fields = ["seller_memo", "memo_flag"]
    before = snapshot(order, fields)
    order.seller_memo, order.memo_flag = memo, flag
    before, after = changed(before, snapshot(order, fields))
    if not after:
        return order
    _save(order, fields)
    audit_record(actor=by, action="orders.order.memo_set", obj=order, before=before, after=after, reason=reason.strip())
    return order
