"""Review rules (审单规则): each looks at a paid order and may give a reason to hold it for a clerk.

A rule is a function ``(order, lines, settings) -> str | None``: None lets the order pass, a
string is the detail shown with the rule's label. ``RULES`` is the list the review route runs,
in order; add a rule by appending a function and its label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import constants
from .models import Order, OrderLine, OrderSettings


@dataclass(frozen=True)
class StoreRules:
    """A store's order rules: its ``OrderSettings`` where it has them, the defaults otherwise."""

    unpaid_timeout_minutes: int
    review_amount_threshold: Decimal
    review_keywords: tuple[str, ...]
    ship_sla_hours: int
    merge_window_hours: int
    stuck_shipment_days: int
    auto_complete_days: int


DEFAULT_RULES = StoreRules(
    unpaid_timeout_minutes=constants.UNPAID_TIMEOUT_MINUTES,
    review_amount_threshold=constants.REVIEW_AMOUNT_THRESHOLD,
    review_keywords=constants.REVIEW_KEYWORDS,
    ship_sla_hours=constants.SHIP_SLA_HOURS,
    merge_window_hours=constants.MERGE_WINDOW_HOURS,
    stuck_shipment_days=constants.STUCK_SHIPMENT_DAYS,
    auto_complete_days=constants.AUTO_COMPLETE_DAYS,
)


def store_rules(store_id: int) -> StoreRules:
    found = OrderSettings.objects.filter(store_id=store_id).first()
    if found is None:
        return DEFAULT_RULES
    return StoreRules(
        unpaid_timeout_minutes=found.unpaid_timeout_minutes,
        review_amount_threshold=found.review_amount_threshold,
        review_keywords=tuple(str(k) for k in found.review_keywords),
        ship_sla_hours=found.ship_sla_hours,
        merge_window_hours=found.merge_window_hours,
        stuck_shipment_days=found.stuck_shipment_days,
        auto_complete_days=found.auto_complete_days,
    )


def payable(order: Order, lines: Sequence[OrderLine]) -> Decimal:
    """What the buyer owes by the lines: their totals plus shipping, less the order discounts."""
    goods = sum((line.line_total for line in lines), Decimal("0.00"))
    return goods + order.shipping_fee - order.platform_discount - order.seller_discount


def out_of_stock(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    return "" if order.out_of_stock else None


def unmatched_sku(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    codes = [line.merchant_code or line.title for line in lines if line.sku_id is None]
    return ", ".join(codes) if codes else None


def amount_over_threshold(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    if order.paid_amount > rules.review_amount_threshold:
        return f"{order.paid_amount} > {rules.review_amount_threshold}"
    return None


def amount_mismatch(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    expected = payable(order, lines)
    return f"{order.paid_amount} ≠ {expected}" if order.paid_amount != expected else None


def price_below_floor(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    below = [
        line.merchant_code
        for line in lines
        if line.sku is not None and line.line_total < line.sku.price_floor * line.quantity
    ]
    return ", ".join(below) if below else None


def incomplete_address(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    # Some prefecture-level cities (东莞市, 中山市) have no district, so the district may be empty.
    fields = {
        "receiver_name": order.receiver_name,
        "receiver_phone": order.receiver_phone,
        "province": order.province,
        "city": order.city,
        "address_detail": order.address_detail,
    }
    missing = [name for name, value in fields.items() if not value.strip()]
    return ", ".join(missing) if missing else None


def message_keywords(order: Order, lines: Sequence[OrderLine], rules: StoreRules) -> str | None:
    found = [word for word in rules.review_keywords if word and word in order.buyer_message]
    return ", ".join(found) if found else None


Rule = Callable[[Order, Sequence[OrderLine], StoreRules], str | None]

RULES: list[tuple[str, Rule]] = [
    ("out_of_stock", out_of_stock),
    ("unmatched_sku", unmatched_sku),
    ("amount_over_threshold", amount_over_threshold),
    ("amount_mismatch", amount_mismatch),
    ("price_below_floor", price_below_floor),
    ("incomplete_address", incomplete_address),
    ("message_keywords", message_keywords),
]

# Review reasons by code, as shown to clerks; "manual" is a hold a clerk put on with a remark.
REASON_LABELS: dict[str, Promise] = {
    "out_of_stock": _("Out of stock"),
    "unmatched_sku": _("Merchant code matches no SKU"),
    "amount_over_threshold": _("Amount over the review threshold"),
    "amount_mismatch": _("Paid amount does not match the lines"),
    "price_below_floor": _("Price below the SKU's floor"),
    "incomplete_address": _("Incomplete address"),
    "message_keywords": _("Buyer message needs attention"),
    "manual": _("Held by a clerk"),
}


def review_reasons(order: Order, lines: Sequence[OrderLine]) -> list[dict[str, str]]:
    """Every reason the rules give to hold ``order``, as ``{"code", "detail"}``; empty if it passes."""
    rules = store_rules(order.store_id)
    reasons = []
    for code, rule in RULES:
        detail = rule(order, lines, rules)
        if detail is not None:
            reasons.append({"code": code, "detail": str(detail)})
    return reasons
