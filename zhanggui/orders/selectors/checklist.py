"""The daily opening checklist (开工检查): what needs doing first today, in the staff member's stores.

Each section is work one role clears: customer service follows up unpaid orders and answers
low ratings, the order desk ships overdue orders, reviews held ones and chases stuck parcels.
A section is shown only to those whose role does that work and holds the permission its action
needs; each says how many, shows the first few and links to the page that clears them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django.db.models import DecimalField as DecimalOutput
from django.db.models import ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhanggui.core.actors import Actor
from zhanggui.core.permissions import has_perm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list, store_zone

from ..constants import STUCK_SHIPMENT
from ..models import Order, StoreRating
from ..states import OrderStatus
from .anomalies import with_anomaly
from .orders import OVERDUE, ship_due_filter
from .ratings import LOW_RATING
from .rules import review_reasons_shown

TOP_ITEMS = 5  # items shown per section; the link shows them all
UNPAID_FOLLOW_UP_HOURS = 24  # unpaid orders younger than this are still worth a reminder
CS_ROLES = frozenset({"cs_agent", "cs_lead", "manager"})  # talk to buyers
ORDER_DESK_ROLES = frozenset({"order_clerk", "manager"})  # move orders out of the door


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to do: an order or a rating, with the link that opens it."""

    label: str
    store: str
    detail: str
    url: str
    at: dt.datetime | None
    amount: Decimal | None = None
    rating: int | None = None

    @property
    def stars(self) -> str:
        return "★" * (self.rating or 0)


@dataclass(frozen=True)
class ChecklistSection:
    """One kind of work: how much of it there is, the first items, and where to clear it."""

    key: str
    title: str
    action: str
    count: int
    items: list[ChecklistItem]
    url: str


@dataclass(frozen=True)
class ChecklistContext:
    """What a section is built for: the staff member, the time, and their active stores."""

    user: Actor
    now: dt.datetime
    stores: list[Store]


def _orders(context: ChecklistContext) -> QuerySet[Order]:
    return Order.objects.filter(store__in=context.stores).select_related("store", "buyer")


def _order_item(order: Order, detail: str, at: dt.datetime | None, amount: Decimal | None = None) -> ChecklistItem:
    return ChecklistItem(
        label=order.platform_order_id,
        store=order.store.name,
        detail=detail,
        url=reverse("orders:order_detail", args=[order.pk]),
        at=at,
        amount=amount,
    )


def _list_url(name: str, **query: Any) -> str:
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _hours_since(now: dt.datetime, then: dt.datetime | None) -> int:
    return int((now - then).total_seconds() // 3600) if then else 0


# --- the sections ----------------------------------------------------------------------------------
def unpaid_follow_ups(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Orders awaiting payment placed within the last day, the biggest first: a reminder may close the sale."""
    value = ExpressionWrapper(
        F("goods_amount") + F("shipping_fee") - F("platform_discount") - F("seller_discount"),
        output_field=DecimalOutput(max_digits=12, decimal_places=2),
    )
    since = context.now - dt.timedelta(hours=UNPAID_FOLLOW_UP_HOURS)
    queryset = (
        _orders(context)
        .filter(status=OrderStatus.PENDING_PAYMENT, created_at__gte=since, created_at__lte=context.now)
        .annotate(value=value)
        .order_by("-value", "created_at", "pk")
    )

    def item(order: Any) -> ChecklistItem:
        return _order_item(order, order.buyer.nickname, order.created_at, order.value)

    return queryset, item, _list_url("orders:order_list", status=OrderStatus.PENDING_PAYMENT)


def overdue_shipments(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Paid orders still here after the store's shipping promise (48 h unless the store says otherwise).

    An order paid exactly the promised hours ago is still within it.
    """
    queryset = ship_due_filter(_orders(context), OVERDUE, now=context.now)

    def item(order: Order) -> ChecklistItem:
        hours = _hours_since(context.now, order.paid_at)
        return _order_item(order, str(_("paid %(hours)s h ago")) % {"hours": hours}, order.paid_at, order.paid_amount)

    url = _list_url("orders:order_list", ship_due=OVERDUE, sort="paid_at")
    return queryset.order_by("paid_at", "pk"), item, url


def held_for_review(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Orders a review rule (or a clerk) holds: approve, keep holding or cancel them."""
    queryset = _orders(context).filter(status=OrderStatus.UNDER_REVIEW).order_by("paid_at", "pk")

    def item(order: Order) -> ChecklistItem:
        reasons = review_reasons_shown(user=context.user, reasons=order.review_reasons)
        return _order_item(order, "、".join(reason["label"] for reason in reasons), order.paid_at, order.paid_amount)

    return queryset, item, reverse("orders:review_queue")


def stuck_shipments(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Parcels with no tracking news for days: ask the carrier, tell the buyer."""
    queryset = with_anomaly(_orders(context), STUCK_SHIPMENT).order_by("shipped_at", "pk")

    def item(order: Order) -> ChecklistItem:
        days = _hours_since(context.now, order.shipped_at) // 24
        return _order_item(order, str(_("shipped %(days)s days ago")) % {"days": days}, order.shipped_at)

    return queryset, item, _list_url("orders:order_list", anomaly=STUCK_SHIPMENT)


def yesterdays_low_ratings(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Ratings of two stars or fewer left yesterday, by each store's own calendar day."""
    days = []
    yesterday = None
    for store in context.stores:
        zone = store_zone(store)
        yesterday = context.now.astimezone(zone).date() - dt.timedelta(days=1)
        start = dt.datetime.combine(yesterday, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(yesterday + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        days.append(Q(store=store, rated_at__gte=start, rated_at__lt=end))
    queryset = (
        StoreRating.objects.filter(rating__lte=LOW_RATING)
        .filter(reduce(or_, days, Q(pk__in=[])))
        .select_related("store", "order")
        .order_by("rating", "rated_at", "pk")
    )

    sees_orders = has_perm(context.user, "orders.view")  # an operator reads ratings, not orders

    def item(store_rating: StoreRating) -> ChecklistItem:
        url = (
            reverse("orders:order_detail", args=[store_rating.order_id])
            if store_rating.order_id and sees_orders
            else _list_url("orders:rating_list", keyword=store_rating.platform_rating_id)
        )
        return ChecklistItem(
            label=store_rating.buyer_nickname or store_rating.platform_rating_id,
            store=store_rating.store.name,
            detail=store_rating.text or store_rating.product_title,
            url=url,
            at=store_rating.rated_at,
            rating=store_rating.rating,
        )

    day = (yesterday or (timezone.localdate(context.now) - dt.timedelta(days=1))).isoformat()
    url = _list_url("orders:rating_list", rating_max=LOW_RATING, rated_from=day, rated_to=day)
    return queryset, item, url


@dataclass(frozen=True)
class SectionRule:
    """Who sees a section: the permission its action needs, and the roles whose work it is."""

    key: str
    title: Promise
    action: Promise
    permission: str
    roles: frozenset[str]
    build: Callable[[ChecklistContext], tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]]


SECTIONS: tuple[SectionRule, ...] = (
    SectionRule(
        "unpaid_follow_up",
        _("Unpaid orders worth a reminder"),
        _("Remind the buyers"),
        "orders.view",
        CS_ROLES,
        unpaid_follow_ups,
    ),
    SectionRule(
        "overdue_shipment",
        _("Paid orders past the shipping promise"),
        _("Ship them"),
        "orders.ship",
        ORDER_DESK_ROLES,
        overdue_shipments,
    ),
    SectionRule(
        "held_for_review",
        _("Orders held for review"),
        _("Open the review queue"),
        "orders.review",
        ORDER_DESK_ROLES,
        held_for_review,
    ),
    SectionRule(
        "stuck_shipment",
        _("Shipments without tracking news"),
        _("Chase the carriers"),
        "orders.view",
        ORDER_DESK_ROLES | {"aftersales"},
        stuck_shipments,
    ),
    SectionRule(
        "low_ratings",
        _("Yesterday's low ratings"),
        _("Answer the buyers"),
        "ratings.view",
        CS_ROLES | {"operator"},
        yesterdays_low_ratings,
    ),
)


# Sections other contexts add in their ``ready()`` (after-sales: open cases, overdue steps), so the
# checklist shows their work without orders importing them. Filled once at start-up, then only read.
_CONTRIBUTED: list[SectionRule] = []


def checklist_section_register(rule: SectionRule) -> None:
    """Add a section after the orders context's own (once per key: ``ready()`` may run twice in tests)."""
    if all(existing.key != rule.key for existing in (*SECTIONS, *_CONTRIBUTED)):
        _CONTRIBUTED.append(rule)


def checklist_sections_for(user: Actor) -> list[SectionRule]:
    """The sections ``user``'s role works on and may act on."""
    role = getattr(user, "role", None)
    return [rule for rule in (*SECTIONS, *_CONTRIBUTED) if role in rule.roles and has_perm(user, rule.permission)]


def opening_checklist(*, user: Actor, now: dt.datetime | None = None) -> list[ChecklistSection]:
    """The checklist of ``user`` at ``now`` (default: now), limited to the active stores they work in.

    Sections their role does not work on are left out; a section with nothing to do is kept
    with a count of 0, so an empty list means "nothing here is yours" and a list of zeros "all done".
    """
    rules = checklist_sections_for(user)
    if not rules:
        return []
    stores = list(store_list(user=user, filters={"is_active": True}).order_by("pk"))
    context = ChecklistContext(user=user, now=now or timezone.now(), stores=stores)
    sections = []
    for rule in rules:
        queryset, item, url = rule.build(context)
        sections.append(
            ChecklistSection(
                key=rule.key,
                title=str(rule.title),
                action=str(rule.action),
                count=queryset.count(),
                items=[item(obj) for obj in queryset[:TOP_ITEMS]],
                url=url,
            )
        )
    return sections
