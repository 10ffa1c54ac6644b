"""Demo orders: 90 days of orders across the demo stores, with shipments, tracking and store ratings.

Each store-day is planned from its own seeded generator (``demo_plan``); "now" decides which
planned steps have happened, so recent orders are still unpaid, held for review or on their way
while older ones are completed or closed. Orders are keyed by (store, order number): a rerun
creates nothing for orders that exist and changes nothing. Written set-wise; the open paid orders
reserve their units (``Stock.reserved`` grows by exactly their reserved lines) and the review
rules of ``orders.selectors.rules`` decide which of them are held.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from zhanggui.catalog.models import Listing, ListingStatus, Sku, Stock, Warehouse

from ..constants import STUCK_SHIPMENT
from ..models import BlacklistEntry, Buyer, Order, OrderLine, Shipment, StoreRating, TrackingEvent, TrackingNumber
from ..selectors.rules import review_reasons, store_rules
from ..services.anomalies import anomalies_index
from ..states import OrderStatus, logistics_status_of, order_logistics_status
from . import data
from .plan import OrderPlan, SkuOffer, plan_day

S = OrderStatus
DAYS = 90
BATCH = 500
# Warehouse that serves a buyer's region first (every SKU is stocked in hz-main).
NEAREST = {
    "gz": {"广东省", "广西壮族自治区", "福建省", "湖南省", "云南省", "香港特别行政区"},
    "tj": {"北京市", "天津市", "山东省", "辽宁省", "黑龙江省", "河南省", "陕西省"},
}
UNPAID_CLOSE_AFTER = dt.timedelta(hours=72)
DEMO_POOL = {"ZTO": 200, "SF": 100}  # tracking numbers the carriers allocated
BLACKLIST_REASONS = {"tmall": "多次签收后恶意退款", "taobao": "辱骂客服，下单需人工核实", "pdd": "多次拒收到付件"}


def demo_now() -> dt.datetime:
    """The demo's "now" (tests pin it)."""
    return timezone.now()


@dataclass
class Settled:
    """What of an order's plan has happened by now."""

    status: str
    closed_at: dt.datetime | None = None
    close_reason: str = ""
    shipped: bool = False
    delivered: bool = False
    completed: bool = False


def settle(plan: OrderPlan, now: dt.datetime) -> Settled:
    if plan.paid_at is None:
        if now - plan.created_at < UNPAID_CLOSE_AFTER:
            return Settled(S.PENDING_PAYMENT)
        return Settled(S.CLOSED, closed_at=plan.created_at + UNPAID_CLOSE_AFTER, close_reason="超时未付款，交易关闭")
    assert plan.ship_at is not None
    if plan.cancelled_at is not None and plan.cancelled_at <= now and plan.cancelled_at < plan.ship_at:
        return Settled(S.CLOSED, closed_at=plan.cancelled_at, close_reason=plan.cancel_reason)
    if plan.ship_at > now:
        return Settled(S.AWAITING_SHIPMENT)  # the review rules may hold it yet
    if plan.completed_at is not None and plan.completed_at <= now:
        return Settled(S.COMPLETED, shipped=True, delivered=True, completed=True)
    if plan.delivered_at is not None and plan.delivered_at <= now:
        return Settled(S.DELIVERED, shipped=True, delivered=True)
    return Settled(S.SHIPPED, shipped=True)


def build(ctx: Any) -> None:
    """Add the demo orders; needs the stores and the catalog of the earlier builders."""
    seed = ctx.rng.getrandbits(64)
    now = demo_now()
    cutoff = now.replace(minute=0, second=0, microsecond=0)  # reruns within the hour add nothing
    stores = ctx.made["stores"]
    plans: list[tuple[Any, OrderPlan]] = []
    for platform, store in stores.items():
        offers, weights = store_offers(seed, store)
        if not offers:
            continue
        zone = ZoneInfo(store.time_zone)
        today = cutoff.astimezone(zone).date()
        pool = int(data.DAILY_ORDERS[platform] * DAYS * ctx.scale * 0.8) + 5
        buyers: dict[int, Any] = {}
        for back in range(DAYS - 1, -1, -1):
            day_plans = plan_day(
                seed=seed,
                platform=platform,
                store_code=store.code,
                day=today - dt.timedelta(days=back),
                scale=ctx.scale,
                zone=zone,
                offers=offers,
                weights=weights,
                buyer_pool=pool,
                buyers=buyers,
            )
            plans.extend((store, p) for p in day_plans if p.created_at <= cutoff)
    existing = set(Order.objects.filter(store__in=stores.values()).values_list("store_id", "platform_order_id"))
    new = [(store, p) for store, p in plans if (store.pk, p.platform_order_id) not in existing]
    written = write_orders(new, now, ctx.made["staff"]["manager"])
    write_tracking_pool(ctx.made["staff"]["order_clerk"])
    ctx.log.append(
        f"orders: {len(plans)} ({len(new)} new); held for review: {written['held']}; "
        f"shipments: {written['shipments']}; store ratings: {written['ratings']}"
    )


def write_tracking_pool(clerk: Any) -> None:
    """Numbers ZTO and SF allocated to the shop, for print and ship (打印并发货); a rerun adds none."""
    numbers = [("ZTO", f"7819{n:011d}") for n in range(1, DEMO_POOL["ZTO"] + 1)]
    numbers += [("SF", f"SF{n + 5_000_000_000_000:013d}") for n in range(1, DEMO_POOL["SF"] + 1)]
    TrackingNumber.objects.bulk_create(
        [TrackingNumber(carrier=carrier, tracking_no=number, added_by=clerk) for carrier, number in numbers],
        ignore_conflicts=True,
    )


def store_offers(seed: int, store: Any) -> tuple[list[SkuOffer], list[float]]:
    """The SKUs of the products a store has listed, and how popular each is (a long tail)."""
    product_ids = Listing.objects.filter(store=store, status=ListingStatus.ONLINE).values_list("product_id", flat=True)
    skus = Sku.objects.filter(product_id__in=product_ids, is_active=True).select_related("product")
    offers, weights = [], []
    for sku in skus.order_by("merchant_code"):
        popularity = random.Random(f"{seed}:{sku.product.spu_code}").paretovariate(1.3)  # noqa: S311 - demo data is deterministic on purpose
        attrs = sku.attributes
        offers.append(
            SkuOffer(
                sku_id=sku.pk,
                merchant_code=sku.merchant_code,
                title=sku.product.name,
                attributes=f"颜色分类:{attrs.get('color', '')};尺码:{attrs.get('size', '')}",
                list_price=sku.list_price,
                price_floor=sku.price_floor,
            )
        )
        weights.append(popularity)
    return offers, weights


class StockBook:
    """The units free in each warehouse, taken as open orders reserve them (in memory, then saved)."""

    def __init__(self, sku_ids: set[int]) -> None:
        self.warehouses = {w.code: w.pk for w in Warehouse.objects.filter(is_active=True)}
        self.free: dict[tuple[int, int], int] = {}
        for sku_id, warehouse_id, on_hand, reserved in Stock.objects.filter(sku_id__in=sku_ids).values_list(
            "sku_id", "warehouse_id", "on_hand", "reserved"
        ):
            self.free[(sku_id, warehouse_id)] = on_hand - reserved
        self.taken: dict[tuple[int, int], int] = defaultdict(int)

    def preferred(self, province: str) -> list[int]:
        near = [code for code, provinces in NEAREST.items() if province in provinces]
        codes = [*near, "hz-main", *sorted(self.warehouses)]
        return list(dict.fromkeys(self.warehouses[c] for c in codes if c in self.warehouses))

    def shipping_warehouse(self, plan: OrderPlan) -> int | None:
        """The nearest warehouse stocking every SKU of the order (for parcels already sent)."""
        for warehouse_id in self.preferred(plan.buyer.province):
            if all((line.offer.sku_id, warehouse_id) in self.free for line in plan.lines):
                return warehouse_id
        return None

    def reserve(self, plan: OrderPlan) -> tuple[int | None, bool]:
        """Hold the order's units in the nearest warehouse able to serve all of it: (warehouse, held)."""
        candidates = self.preferred(plan.buyer.province)
        for warehouse_id in candidates:
            if all(self.free.get((line.offer.sku_id, warehouse_id), 0) >= line.quantity for line in plan.lines):
                for line in plan.lines:
                    self.free[(line.offer.sku_id, warehouse_id)] -= line.quantity
                    self.taken[(line.offer.sku_id, warehouse_id)] += line.quantity
                return warehouse_id, True
        return self.shipping_warehouse(plan), False  # 缺货: it waits for stock

    def save(self) -> None:
        for (sku_id, warehouse_id), quantity in sorted(self.taken.items()):
            Stock.objects.filter(
                sku_id=sku_id, warehouse_id=warehouse_id, on_hand__gte=F("reserved") + quantity
            ).update(reserved=F("reserved") + quantity, updated_at=timezone.now())


def write_orders(new: list[tuple[Any, OrderPlan]], now: dt.datetime, manager: Any) -> dict[str, int]:
    new.sort(key=lambda item: (item[1].created_at, item[0].pk, item[1].platform_order_id))
    buyer_ids = upsert_buyers(new)
    book = StockBook({line.offer.sku_id for _store, p in new for line in p.lines})
    orders: list[Order] = []
    reserved: set[int] = set()  # indexes of orders whose lines hold stock
    for index, (store, plan) in enumerate(new):
        settled = settle(plan, now)
        order = order_row(store, plan, settled, buyer_ids[(store.pk, plan.buyer.nickname)])
        if settled.status == S.AWAITING_SHIPMENT:
            order.warehouse_id, held = book.reserve(plan)
            order.out_of_stock = not held
            if held:
                reserved.add(index)
        elif settled.shipped:
            order.warehouse_id = book.shipping_warehouse(plan)
        orders.append(order)
    Order.objects.bulk_create(orders, batch_size=BATCH)
    lines = [
        OrderLine(
            order=order,
            sku_id=line.offer.sku_id,
            merchant_code=line.offer.merchant_code,
            title=line.offer.title,
            attributes=line.offer.attributes,
            unit_price=line.offer.list_price,
            quantity=line.quantity,
            discount=line.discount,
            line_total=line.total,
            reserved=index in reserved,
        )
        for index, (order, (_store, plan)) in enumerate(zip(orders, new, strict=True))
        for line in plan.lines
    ]
    OrderLine.objects.bulk_create(lines, batch_size=BATCH)
    book.save()
    shipments = write_shipments(orders, [p for _s, p in new], now)
    ratings = write_ratings(orders, new, now)
    open_orders = [o for o in orders if o.status == S.AWAITING_SHIPMENT]
    blacklist_some(open_orders, manager, now)
    return {"held": hold_by_rules(open_orders), "shipments": shipments, "ratings": ratings}


def upsert_buyers(new: list[tuple[Any, OrderPlan]]) -> dict[tuple[int, str], int]:
    wanted = {(store.pk, p.buyer.nickname): p.buyer for store, p in new}
    store_ids = {key[0] for key in wanted}
    found = {
        (store_id, nick): pk
        for store_id, nick, pk in Buyer.objects.filter(store_id__in=store_ids).values_list("store_id", "nickname", "pk")
    }
    missing = [
        Buyer(store_id=store_id, nickname=nick, name=buyer.name, phone=buyer.phone)
        for (store_id, nick), buyer in wanted.items()
        if (store_id, nick) not in found
    ]
    Buyer.objects.bulk_create(missing, batch_size=BATCH)
    found.update({(b.store_id, b.nickname): b.pk for b in missing})
    return found


def order_row(store: Any, plan: OrderPlan, settled: Settled, buyer_id: int) -> Order:
    paid = plan.paid_at is not None
    times = {
        "paid_at": plan.paid_at,
        "shipped_at": plan.ship_at if settled.shipped else None,
        "delivered_at": plan.delivered_at if settled.delivered else None,
        "completed_at": plan.completed_at if settled.completed else None,
        "closed_at": settled.closed_at,
    }
    refunded = plan.payable if paid and settled.status == S.CLOSED else 0
    return Order(
        store=store,
        platform_order_id=plan.platform_order_id,
        buyer_id=buyer_id,
        status=settled.status,
        goods_amount=plan.goods_amount,
        shipping_fee=plan.shipping_fee,
        platform_discount=plan.platform_discount,
        seller_discount=plan.seller_discount,
        paid_amount=plan.payable if paid else 0,
        refunded_amount=refunded,
        receiver_name=plan.buyer.name,
        receiver_phone=plan.buyer.phone,
        province=plan.buyer.province,
        city=plan.buyer.city,
        district=plan.buyer.district,
        address_detail=plan.address_detail,
        buyer_message=plan.buyer_message,
        seller_memo=plan.seller_memo,
        memo_flag=plan.memo_flag,
        created_at=plan.created_at,
        close_reason=settled.close_reason,
        updated_at=max([plan.created_at, *(t for t in times.values() if t is not None)]),
        **times,
    )


def write_shipments(orders: list[Order], plans: list[OrderPlan], now: dt.datetime) -> int:
    """A parcel for every order that left, what its carrier has reported so far, and where it is by that."""
    sent = [(o, p, o.shipped_at) for o, p in zip(orders, plans, strict=True) if o.shipped_at is not None]
    warehouse_city = {w.pk: data.WAREHOUSE_CITIES.get(w.code, "杭州市") for w in Warehouse.objects.all()}
    stuck_days = {sid: store_rules(sid).stuck_shipment_days for sid in {o.store_id for o, _p, _at in sent}}
    shipments, events = [], []
    for order, plan, shipped_at in sent:
        shipment = Shipment(
            order=order,
            carrier=plan.carrier,
            tracking_no=plan.tracking_no,
            shipped_at=shipped_at,
            delivered_at=order.delivered_at,
        )
        news = shipped_at
        for at, description, location in journey(plan, warehouse_city.get(order.warehouse_id or 0, "杭州市")):
            if at <= now:
                status = logistics_status_of(description)
                events.append(
                    TrackingEvent(shipment=shipment, at=at, description=description, location=location, status=status)
                )
                news, shipment.logistics_status = at, status or shipment.logistics_status
        order.logistics_status = order_logistics_status([shipment.logistics_status])
        # The same test as the periodic check (``order_stuck_shipments_flag``), for the new orders only.
        if order.status == S.SHIPPED and news < now - dt.timedelta(days=stuck_days[order.store_id]):
            order.anomalies = [STUCK_SHIPMENT]
        shipments.append(shipment)
    Shipment.objects.bulk_create(shipments, batch_size=BATCH)
    TrackingEvent.objects.bulk_create(events, batch_size=BATCH)
    Order.objects.bulk_update([o for o, _p, _at in sent], ["anomalies", "logistics_status"], batch_size=BATCH)
    anomalies_index(o for o, _p, _at in sent)
    return len(shipments)


def journey(plan: OrderPlan, origin: str) -> list[tuple[dt.datetime, str, str]]:
    """Collected, two hubs, out for delivery, signed; a stuck parcel is held for days at the first hub."""
    assert plan.ship_at is not None and plan.delivered_at is not None
    start = plan.ship_at + dt.timedelta(hours=2)
    first, second = plan.tracking_hops
    end, city = plan.delivered_at, plan.buyer.city
    first_hub = start + dt.timedelta(hours=14)
    hub = end - dt.timedelta(hours=30) if plan.stuck else first_hub + (end - dt.timedelta(hours=3) - first_hub) / 2
    signed = data.LOCKER if plan.platform_order_id[-1] in "05" else data.SIGNED
    return [
        (start, data.COLLECTED.format(city=origin), origin),
        (start + dt.timedelta(hours=5), data.IN_TRANSIT[0].format(city=origin, next=first), origin),
        (first_hub, (data.HELD if plan.stuck else data.IN_TRANSIT[1]).format(next=first), first),
        (hub, data.IN_TRANSIT[1].format(next=second), second),
        (end - dt.timedelta(hours=3), data.OUT_FOR_DELIVERY.format(city=city), city),
        (end, signed.format(city=city), city),
    ]


def write_ratings(orders: list[Order], new: list[tuple[Any, OrderPlan]], now: dt.datetime) -> int:
    """Buyers' ratings of delivered orders; a low one yesterday in the busy stores, for the checklist."""
    ratings = []
    for order, (store, plan) in zip(orders, new, strict=True):
        if plan.rating is None or order.delivered_at is None or plan.rating[2] > now:
            continue
        stars, text, at = plan.rating
        line = plan.lines[0]
        ratings.append(
            StoreRating(
                store=store,
                platform_rating_id=f"RV{plan.platform_order_id}",
                order=order,
                buyer_nickname=plan.buyer.nickname,
                rating=stars,
                text=text,
                product_title=f"{line.offer.title} {line.offer.attributes}",
                rated_at=at,
            )
        )
    yesterday_low(ratings, now)
    StoreRating.objects.bulk_create(ratings, batch_size=BATCH)
    return len(ratings)


def yesterday_low(ratings: list[StoreRating], now: dt.datetime) -> None:
    """Make sure the morning checklist has a low rating from yesterday in the busiest stores."""
    local_yesterday = (now.astimezone(ZoneInfo("Asia/Shanghai")) - dt.timedelta(days=1)).date()
    by_store: dict[str, list[StoreRating]] = defaultdict(list)
    for rating in ratings:
        if rating.rated_at.astimezone(ZoneInfo("Asia/Shanghai")).date() == local_yesterday:
            by_store[rating.store.platform].append(rating)
    for platform in ("tmall", "taobao", "jd"):
        found = by_store.get(platform, [])
        if found and not any(r.rating <= 2 for r in found):
            pick = sum(map(ord, found[0].platform_rating_id))  # varied, yet the same at every run
            found[0].rating = 1 + pick % 2
            found[0].text = data.RATING_TEXTS[found[0].rating][pick % len(data.RATING_TEXTS[found[0].rating])]


def blacklist_some(open_orders: list[Order], manager: Any, now: dt.datetime) -> None:
    """A buyer with an open order in each of the busiest stores was blacklisted a month ago."""
    for platform, reason in BLACKLIST_REASONS.items():
        order = next((o for o in open_orders if o.store.platform == platform), None)
        if order is not None:
            BlacklistEntry.objects.get_or_create(
                store=order.store,
                nickname=Buyer.objects.get(pk=order.buyer_id).nickname,
                defaults={"reason": reason, "created_by": manager, "created_at": now - dt.timedelta(days=30)},
            )


def hold_by_rules(open_orders: list[Order]) -> int:
    """Run the review rules on the paid, unshipped orders: held ones wait in the review queue."""
    ids = [o.pk for o in open_orders]
    held = []
    for order in Order.objects.filter(pk__in=ids).select_related("store").prefetch_related("lines__sku"):
        reasons = review_reasons(order, list(order.lines.all()))
        if reasons:
            order.status, order.review_reasons = S.UNDER_REVIEW, reasons
            held.append(order)
    Order.objects.bulk_update(held, ["status", "review_reasons"], batch_size=BATCH)
    return len(held)
