"""SKU price changes, one at a time or in batches; nothing is ever priced below its floor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, jsonable
from zhanggui.core.exceptions import FieldError, NotFoundError, ValidationFailed
from zhanggui.core.inputs import money, reason_text, round_money
from zhanggui.core.permissions import require_perm

from ..models import Sku
from ..selectors import products_in_scope, require_product_access

HUNDRED = Decimal(100)

# How a batch change computes each SKU's new price from its current one.
PRICE_MODES: dict[str, Any] = {
    "set": gettext_lazy("Set to"),
    "increase_pct": gettext_lazy("Increase by %"),
    "decrease_pct": gettext_lazy("Decrease by %"),
    "increase_amount": gettext_lazy("Increase by amount"),
    "decrease_amount": gettext_lazy("Decrease by amount"),
}

_COMPUTE: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "set": lambda price, value: value,
    "increase_pct": lambda price, value: round_money(price * (HUNDRED + value) / HUNDRED),
    "decrease_pct": lambda price, value: round_money(price * (HUNDRED - value) / HUNDRED),
    "increase_amount": lambda price, value: price + value,
    "decrease_amount": lambda price, value: price - value,
}


def _below_floor(sku: Sku, price: Decimal) -> str:
    return _("%(code)s: %(price)s is below the price floor %(floor)s.") % {
        "code": sku.merchant_code,
        "price": price,
        "floor": sku.price_floor,
    }


@transaction.atomic
def sku_price_change(*, by: Actor, sku: Sku, list_price: Decimal, reason: str) -> Sku:
    """Set one SKU's list price; refused below its price floor."""
    require_perm(by, "catalog.price")
    require_product_access(user=by, product_id=sku.product_id)
    list_price = money(list_price, "list_price")
    reason = reason_text(reason)
    sku = Sku.objects.select_for_update().get(pk=sku.pk)
    if list_price < sku.price_floor:
        raise ValidationFailed.for_field("list_price", _below_floor(sku, list_price))
    if list_price == sku.list_price:
        return sku
    before = {"list_price": jsonable(sku.list_price)}
    sku.list_price, sku.updated_at = list_price, timezone.now()
    sku.save(update_fields=["list_price", "updated_at"])
    audit_record(
        actor=by,
        action="catalog.sku.price_change",
        obj=sku,
        before=before,
        after={"list_price": jsonable(list_price)},
        reason=reason,
    )
    return sku


def _locked_skus_in_scope(by: Actor, skus: Sequence[Sku]) -> list[Sku]:
    ids = sorted({sku.pk for sku in skus})
    if not ids:
        raise ValidationFailed.for_field("sku_ids", _("Choose at least one SKU."))
    # Lock in primary-key order so two batches over overlapping SKUs cannot deadlock.
    locked = list(Sku.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    visible = set(products_in_scope(user=by).filter(pk__in={s.product_id for s in locked}).values_list("pk", flat=True))
    if len(locked) != len(ids) or any(s.product_id not in visible for s in locked):
        raise NotFoundError()
    return locked


@transaction.atomic
def sku_price_batch_change(*, by: Actor, skus: Sequence[Sku], mode: str, value: Decimal, reason: str) -> list[Sku]:
    """Change many SKUs' prices at once. If any SKU would fall below its floor, none changes.

    The error lists each refused SKU (field ``skus.<merchant code>``).
    """
    require_perm(by, "catalog.price")
    if mode not in _COMPUTE:
        raise ValidationFailed.for_field("mode", _("Choose how to change the price."))
    value = money(value, "value")
    if mode == "decrease_pct" and value > HUNDRED:
        raise ValidationFailed.for_field("value", _("A price cannot fall by more than 100%."))
    reason = reason_text(reason)
    locked = _locked_skus_in_scope(by, skus)
    errors: list[FieldError] = []
    new_prices: dict[int, Decimal] = {}
    for sku in locked:
        price = _COMPUTE[mode](sku.list_price, value)
        if price < sku.price_floor or price < 0:
            errors.append(FieldError(f"skus.{sku.merchant_code}", _below_floor(sku, price)))
        new_prices[sku.pk] = price
    if errors:
        shown = " ".join(e.message for e in errors[:5]) + (" …" if len(errors) > 5 else "")
        message = _("No price was changed: %(count)d SKU(s) would fall below the price floor. %(details)s") % {
            "count": len(errors),
            "details": shown,
        }
        raise ValidationFailed(message, errors=errors)
    now = timezone.now()
    changed_skus = [sku for sku in locked if new_prices[sku.pk] != sku.list_price]
    before = {sku.merchant_code: {"list_price": jsonable(sku.list_price)} for sku in changed_skus}
    for sku in changed_skus:
        sku.list_price, sku.updated_at = new_prices[sku.pk], now
    if changed_skus:
        Sku.objects.bulk_update(changed_skus, ["list_price", "updated_at"])
        audit_record(
            actor=by,
            action="catalog.sku.price_batch_change",
            before=before,
            after={sku.merchant_code: {"list_price": jsonable(sku.list_price)} for sku in changed_skus},
            reason=reason,
            object_repr=_("Price change of %(count)d SKU(s): %(mode)s %(value)s")
            % {"count": len(changed_skus), "mode": PRICE_MODES[mode], "value": value},
        )
    return locked


@transaction.atomic
def sku_price_floor_change(*, by: Actor, sku: Sku, price_floor: Decimal, reason: str) -> Sku:
    """Set the lowest price a SKU may be sold at; it cannot be above the current list price."""
    require_perm(by, "catalog.price")
    require_product_access(user=by, product_id=sku.product_id)
    price_floor = money(price_floor, "price_floor")
    reason = reason_text(reason)
    sku = Sku.objects.select_for_update().get(pk=sku.pk)
    if price_floor > sku.list_price:
        raise ValidationFailed.for_field(
            "price_floor",
            _("The price floor cannot be above the list price %(price)s.") % {"price": sku.list_price},
        )
    if price_floor == sku.price_floor:
        return sku
    before = {"price_floor": jsonable(sku.price_floor)}
    sku.price_floor, sku.updated_at = price_floor, timezone.now()
    sku.save(update_fields=["price_floor", "updated_at"])
    audit_record(
        actor=by,
        action="catalog.sku.price_floor_change",
        obj=sku,
        before=before,
        after={"price_floor": jsonable(price_floor)},
        reason=reason,
    )
    return sku
