"""Review rules (审单规则): each looks at a paid order and may give a reason to hold it for a clerk.

A rule is a function ``(order, lines, context) -> str | None``: None lets the order pass, a
string is the detail shown with the rule's label. ``RULES`` is the list the review route runs,
in order; add a rule by appending a function and its label.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhanggui.core.actors import Actor
from zhanggui.core.permissions import has_perm

from .. import constants
from ..models import BlacklistEntry, Buyer, Order, OrderLine, OrderSettings
from ..states import OPEN_PAID


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
    return DEFAULT_RULES if found is None else _rules_from(found)


def stores_rules(store_ids: Iterable[int]) -> dict[int, StoreRules]:
    """The rules in force in each of the stores, in one query (``store_rules`` for many)."""
    ids = list(store_ids)
    found = {settings.store_id: _rules_from(settings) for settings in OrderSettings.objects.filter(store_id__in=ids)}
    return {store_id: found.get(store_id, DEFAULT_RULES) for store_id in ids}


def _rules_from(found: OrderSettings) -> StoreRules:
    return StoreRules(
        unpaid_timeout_minutes=found.unpaid_timeout_minutes,
        review_amount_threshold=found.review_amount_threshold,
        review_keywords=tuple(str(k) for k in found.review_keywords),
        ship_sla_hours=found.ship_sla_hours,
        merge_window_hours=found.merge_window_hours,
        stuck_shipment_days=found.stuck_shipment_days,
        auto_complete_days=found.auto_complete_days,
    )


class StoreLimit:
    """One of the rules' limits (days, minutes) as a periodic sweep reads it across stores: the
    shortest any store uses, to pick the candidates in one query, then each store's own, read once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._by_store: dict[int, int] = {}

    def shortest(self) -> int:
        custom = OrderSettings.objects.values_list(self.name, flat=True)
        return min([getattr(DEFAULT_RULES, self.name), *custom])

    def of(self, store_id: int) -> int:
        if store_id not in self._by_store:
            self._by_store[store_id] = getattr(store_rules(store_id), self.name)
        return self._by_store[store_id]


def payable(order: Order, lines: Sequence[OrderLine]) -> Decimal:
    """What the buyer owes by the lines: their totals plus shipping, less the order discounts."""
    goods = sum((line.line_total for line in lines), Decimal("0.00"))
    return goods + order.shipping_fee - order.platform_discount - order.seller_discount


def out_of_stock(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    return "" if order.out_of_stock else None


def unmatched_sku(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    codes = [line.merchant_code or line.title for line in lines if line.sku_id is None]
    return ", ".join(codes) if codes else None


def amount_over_threshold(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    threshold = context.rules.review_amount_threshold
    if order.paid_amount > threshold:
        return f"{order.paid_amount} > {threshold}"
    return None


def amount_mismatch(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    expected = payable(order, lines)
    return f"{order.paid_amount} ≠ {expected}" if order.paid_amount != expected else None


def price_below_floor(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    below = [
        line.merchant_code
        for line in lines
        if line.sku is not None and line.line_total < line.sku.price_floor * line.quantity
    ]
    return ", ".join(below) if below else None


def incomplete_address(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
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


# The 34 province-level divisions by their short names, with what may follow a short name.
PROVINCE = re.compile(
    "(?:北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南"
    "|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门)"
    "(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?"
)


def unparseable_address(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    """A province we cannot read (e.g. a whole address pasted into it) needs a clerk's eye;
    an empty one is the incomplete-address rule's business."""
    province = order.province.strip()
    if not province:
        return None
    return None if PROVINCE.fullmatch(province) else province


def normalised_phone(value: str) -> str:
    """Digits only, without China's country code: ``+86 138-0000-1111`` → ``13800001111``."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def normalised_address(order: Order) -> str:
    """The full address without spaces, punctuation or width and case differences."""
    return _normalised_text(order.full_address)


def _normalised_text(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


@dataclass(frozen=True)
class Neighbour:
    """Another open paid order of the store, as the merge rule compares it."""

    pk: int
    platform_order_id: str
    buyer_id: int
    receiver_phone: str
    address: str  # normalised
    created_at: dt.datetime


_NEIGHBOUR_COLUMNS = (
    "pk",
    "platform_order_id",
    "buyer_id",
    "receiver_phone",
    "province",
    "city",
    "district",
    "address_detail",
    "created_at",
)


def _neighbours(queryset: Any) -> list[Neighbour]:
    return [
        Neighbour(
            pk=pk,
            platform_order_id=number,
            buyer_id=buyer_id,
            receiver_phone=phone,
            address=_normalised_text(province + city + district + detail),
            created_at=created_at,
        )
        for pk, number, buyer_id, phone, province, city, district, detail, created_at in queryset.values_list(
            *_NEIGHBOUR_COLUMNS
        )
    ]


class Lookups:
    """What the rules read from the database besides the order itself, one query per order.

    ``BatchLookups`` answers the same questions from memory for many orders of one store.
    """

    def blacklist_reasons(self, order: Order) -> list[str]:
        if Order.buyer.is_cached(order):  # a buyer about to be written has no row to look up yet
            nickname = order.buyer.nickname if order.buyer is not None else ""
            named = Q(nickname=nickname) if nickname else Q(pk__in=[])
        else:
            named = Q(nickname__in=Buyer.objects.filter(pk=order.buyer_id).exclude(nickname="").values("nickname"))
        if phone := normalised_phone(order.receiver_phone):
            named |= Q(phone=phone)
        entries = BlacklistEntry.objects.filter(named, store_id=order.store_id).order_by("pk")
        return list(entries.values_list("reason", flat=True))

    def open_paid_near(self, order: Order, window: dt.timedelta) -> list[Neighbour]:
        """Open paid orders of the store placed within ``window`` of ``order`` that share its buyer
        or the last digits of its phone (the merge rule compares them exactly)."""
        phone = normalised_phone(order.receiver_phone)
        same = Q(buyer_id=order.buyer_id)
        if len(phone) >= 7:
            same |= Q(receiver_phone__endswith=phone[-4:])
        nearby = Order.objects.filter(
            same,
            store_id=order.store_id,
            status__in=OPEN_PAID,
            created_at__gte=order.created_at - window,
            created_at__lte=order.created_at + window,
        ).order_by("created_at", "pk")
        return _neighbours(nearby)


class OrderLookups(Lookups):
    """The rules' lookups for one order, each read once: its reasons can be asked again (with and
    without its stock, before the reservation decides) without reading the database again."""

    def __init__(self) -> None:
        self._blacklist: list[str] | None = None
        self._near: dict[dt.timedelta, list[Neighbour]] = {}

    def blacklist_reasons(self, order: Order) -> list[str]:
        if self._blacklist is None:
            self._blacklist = super().blacklist_reasons(order)
        return self._blacklist

    def open_paid_near(self, order: Order, window: dt.timedelta) -> list[Neighbour]:
        if window not in self._near:
            self._near[window] = super().open_paid_near(order, window)
        return self._near[window]


class BatchLookups(Lookups):
    """The rules' lookups for many orders of one store, read once: the store's blacklist and its
    open paid orders placed between ``since`` and ``until`` (widen them by the merge window)."""

    def __init__(self, *, store_id: int, since: dt.datetime, until: dt.datetime) -> None:
        self.nicknames: dict[str, list[str]] = {}
        self.phones: dict[str, list[str]] = {}
        entries = BlacklistEntry.objects.filter(store_id=store_id).order_by("pk")
        for nickname, phone, reason in entries.values_list("nickname", "phone", "reason"):
            if nickname:
                self.nicknames.setdefault(nickname, []).append(reason)
            if phone:
                self.phones.setdefault(phone, []).append(reason)
        listed = entries.exclude(nickname="").values("nickname")
        self.nickname_of = dict(  # the buyers on the blacklist, not every buyer of the store
            Buyer.objects.filter(store_id=store_id, nickname__in=listed).values_list("pk", "nickname")
        )
        open_paid = Order.objects.filter(
            store_id=store_id, status__in=OPEN_PAID, created_at__gte=since, created_at__lte=until
        ).order_by("created_at", "pk")
        self.by_buyer: dict[int, list[Neighbour]] = {}
        self.by_phone_end: dict[str, list[Neighbour]] = {}
        for neighbour in _neighbours(open_paid):
            self.by_buyer.setdefault(neighbour.buyer_id, []).append(neighbour)
            self.by_phone_end.setdefault(neighbour.receiver_phone[-4:], []).append(neighbour)

    def blacklist_reasons(self, order: Order) -> list[str]:
        reasons = list(self.nicknames.get(self.nickname_of.get(order.buyer_id, ""), []))
        if phone := normalised_phone(order.receiver_phone):
            reasons += self.phones.get(phone, [])
        return reasons

    def open_paid_near(self, order: Order, window: dt.timedelta) -> list[Neighbour]:
        phone = normalised_phone(order.receiver_phone)
        found = {n.pk: n for n in _within(self.by_buyer.get(order.buyer_id, []), order.created_at, window)}
        if len(phone) >= 7:
            near = _within(self.by_phone_end.get(phone[-4:], []), order.created_at, window)
            found.update((n.pk, n) for n in near)
        return sorted(found.values(), key=lambda n: (n.created_at, n.pk))


def _within(neighbours: list[Neighbour], at: dt.datetime, window: dt.timedelta) -> list[Neighbour]:
    """The neighbours (sorted by time) placed within ``window`` of ``at``, found by bisection."""
    times = [n.created_at for n in neighbours]
    return neighbours[bisect_left(times, at - window) : bisect_right(times, at + window)]


def merge_candidate(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    """Other open paid orders of the same buyer, or to the same address and phone, placed within
    the store's merge window: they may ship as one parcel. The detail names them."""
    window = dt.timedelta(hours=context.rules.merge_window_hours)
    phone = normalised_phone(order.receiver_phone)
    address = normalised_address(order)
    numbers = [
        other.platform_order_id
        for other in context.lookups.open_paid_near(order, window)
        if other.pk != order.pk
        and (
            other.buyer_id == order.buyer_id
            or (len(phone) >= 7 and normalised_phone(other.receiver_phone) == phone and other.address == address)
        )
    ]
    return ", ".join(numbers) if numbers else None


def blacklisted(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    """The buyer's nickname or the receiver's phone is on the store's blacklist; the detail is why."""
    reasons = context.lookups.blacklist_reasons(order)
    return "; ".join(dict.fromkeys(reasons)) if reasons else None


def message_keywords(order: Order, lines: Sequence[OrderLine], context: RuleContext) -> str | None:
    found = [word for word in context.rules.review_keywords if word and word in order.buyer_message]
    return ", ".join(found) if found else None


Rule = Callable[[Order, Sequence[OrderLine], "RuleContext"], str | None]

RULES: list[tuple[str, Rule]] = [
    ("out_of_stock", out_of_stock),
    ("unmatched_sku", unmatched_sku),
    ("blacklisted", blacklisted),
    ("amount_over_threshold", amount_over_threshold),
    ("amount_mismatch", amount_mismatch),
    ("price_below_floor", price_below_floor),
    ("incomplete_address", incomplete_address),
    ("unparseable_address", unparseable_address),
    ("merge_candidate", merge_candidate),
    ("message_keywords", message_keywords),
]

# Review reasons by code, as shown to clerks; "manual" is a hold a clerk put on with a remark.
REASON_LABELS: dict[str, Promise] = {
    "out_of_stock": _("Out of stock"),
    "unmatched_sku": _("Merchant code matches no SKU"),
    "blacklisted": _("Buyer on the blacklist"),
    "amount_over_threshold": _("Amount over the review threshold"),
    "amount_mismatch": _("Paid amount does not match the lines"),
    "price_below_floor": _("Price below the SKU's floor"),
    "incomplete_address": _("Incomplete address"),
    "unparseable_address": _("Address cannot be read"),
    "merge_candidate": _("Other open orders of the same buyer or address (merge?)"),
    "message_keywords": _("Buyer message needs attention"),
    "manual": _("Held by a clerk"),
}


# Reasons whose detail tells the store's review rules (the threshold, the words that hold an order):
# the detail is shown only to those who set the rules, like the rules themselves.
RULE_DETAILS = frozenset({"amount_over_threshold", "message_keywords"})


def review_reasons_shown(*, user: Actor | None, reasons: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """An order's review reasons as ``user`` may read them: code, label and detail (empty where it
    would tell the store's review rules to someone who does not set them)."""
    sees_rules = has_perm(user, "orders.review")
    shown = []
    for reason in reasons or []:
        code = reason.get("code", "")
        detail = reason.get("detail", "") if sees_rules or code not in RULE_DETAILS else ""
        shown.append({"code": code, "label": str(REASON_LABELS.get(code, code)), "detail": detail})
    return shown


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees besides the order: the store's settings and the database lookups."""

    rules: StoreRules
    lookups: Lookups


def review_reasons(
    order: Order, lines: Sequence[OrderLine], rules: StoreRules | None = None, lookups: Lookups | None = None
) -> list[dict[str, str]]:
    """Every reason the rules give to hold ``order``, as ``{"code", "detail"}``; empty if it passes.
    ``rules`` and ``lookups`` (``BatchLookups``): read once when the caller routes many orders of one
    store (a file import, the demo)."""
    context = RuleContext(rules=rules or store_rules(order.store_id), lookups=lookups or Lookups())
    reasons = []
    for code, rule in RULES:
        detail = rule(order, lines, context)
        if detail is not None:
            reasons.append({"code": code, "detail": str(detail)})
    return reasons
