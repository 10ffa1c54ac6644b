"""How each demo order looks: buyer, address, lines, discounts, and when it is paid, shipped, delivered.

A plan is pure data drawn from its store-day's own generator (seeded by run seed, store and local
date), so a day's orders are the same whenever the demo runs; ``demo`` decides from "now" which of
the planned steps have happened and writes the orders.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from . import data

CENT = Decimal("0.01")
GROWTH_ANCHOR = dt.date(2026, 9, 1)  # volumes grow ~0.3 % a day around this date (clamped)


@dataclass(frozen=True)
class SkuOffer:
    """A SKU a store sells, as an order line needs it."""

    sku_id: int
    merchant_code: str
    title: str
    attributes: str
    list_price: Decimal
    price_floor: Decimal


@dataclass(frozen=True)
class BuyerPlan:
    nickname: str
    name: str
    phone: str
    province: str
    city: str
    district: str
    address_detail: str


@dataclass
class LinePlan:
    offer: SkuOffer
    quantity: int
    discount: Decimal

    @property
    def total(self) -> Decimal:
        return self.offer.list_price * self.quantity - self.discount


@dataclass
class OrderPlan:
    """One order and the times of the steps it will take (None: it never takes that step)."""

    platform: str
    platform_order_id: str
    buyer: BuyerPlan
    created_at: dt.datetime
    lines: list[LinePlan]
    shipping_fee: Decimal
    platform_discount: Decimal
    seller_discount: Decimal
    address_detail: str
    buyer_message: str
    seller_memo: str
    memo_flag: str
    paid_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    ship_at: dt.datetime | None
    carrier: str
    tracking_no: str
    delivered_at: dt.datetime | None
    stuck: bool
    completed_at: dt.datetime | None
    tracking_hops: list[str] = field(default_factory=list)
    rating: tuple[int, str, dt.datetime] | None = None  # stars, comment, when

    @property
    def goods_amount(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0.00"))

    @property
    def payable(self) -> Decimal:
        return self.goods_amount + self.shipping_fee - self.platform_discount - self.seller_discount


def day_volume(rng: random.Random, platform: str, day: dt.date, scale: int) -> int:
    """How many orders a store gets on a local date: weekday, growth, campaigns, some noise."""
    weekday = {4: 1.1, 5: 1.3, 6: 1.25, 0: 0.95}.get(day.weekday(), 1.0)
    growth = min(1.5, max(0.7, 1 + 0.003 * (day - GROWTH_ANCHOR).days))
    campaign = data.CAMPAIGN_DAYS.get((day.month, day.day), 1.0)
    if dt.date(day.year, 11, 2) <= day <= dt.date(day.year, 11, 9):
        campaign = 1.3  # 双11 pre-sale warms up
    mean = data.DAILY_ORDERS[platform] * scale * weekday * growth * campaign * rng.uniform(0.85, 1.15)
    return int(mean) + (1 if rng.random() < mean - int(mean) else 0)


def buyer_plan(seed: int, platform: str, index: int) -> BuyerPlan:
    rng = random.Random(f"{seed}:{platform}:buyer:{index}")  # noqa: S311 - demo data is deterministic on purpose
    regions = data.HK_REGIONS if platform == "cross_border" else data.REGIONS
    province, city, districts, _weight = rng.choices(regions, weights=[r[3] for r in regions])[0]
    name = rng.choice(data.SURNAMES) + rng.choice(data.GIVEN)
    phone = rng.choice(data.PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
    detail = (
        f"{rng.choice(data.ROADS)}{rng.randint(1, 999)}号{rng.choice(data.ESTATES)}"
        f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{rng.randint(1, 32)}{rng.randint(1, 4):02d}室"
    )
    return BuyerPlan(
        nickname=nickname(rng, platform, index),
        name=name,
        phone=phone,
        province=province,
        city=city,
        district=rng.choice(districts),
        address_detail=detail,
    )


def nickname(rng: random.Random, platform: str, index: int) -> str:
    """A nickname as the platform shows it; the index keeps it unique in the store."""
    cute = rng.choice(data.CUTE_WORDS) + rng.choice(data.CUTE_TAILS)
    if platform in ("tmall", "taobao"):
        return rng.choice(
            [f"tb{rng.randrange(10**9):09d}{index}", f"{cute}{index}", f"t_15{index:06d}{rng.randint(10, 99)}"]
        )
    if platform == "jd":
        return f"jd_{rng.getrandbits(32):08x}{index:x}"
    if platform == "pdd":
        return rng.choice([f"pdd_{index:05d}{rng.randrange(10**4):04d}", f"拼小圈{cute}{index}"])
    if platform == "douyin":
        return rng.choice([f"用户{rng.randrange(10**10):010d}{index}", f"{cute}{index}"])
    if platform == "cross_border":
        return f"hk_{cute}{index}"
    return f"{rng.choice(data.PHONE_PREFIXES)}****{index:04d}"


def order_number(rng: random.Random, platform: str, day: dt.date, seq: int) -> str:
    if platform in ("tmall", "taobao"):  # 19 digits
        return f"{rng.randint(2, 4)}{rng.randrange(10**12):012d}{day:%j}{seq:03d}"
    if platform == "jd":  # 12 digits
        return f"{rng.randint(28, 31)}{day:%y%j}{seq:04d}{rng.randint(10, 99)}"
    if platform == "pdd":  # yymmdd-15 digits
        return f"{day:%y%m%d}-{rng.randrange(10**11):011d}{seq:04d}"
    if platform == "douyin":  # 19 digits starting 69
        return f"69{rng.randrange(10**11):011d}{day:%j}{seq:03d}"
    if platform == "cross_border":
        return f"HK{day:%Y%m%d}{seq:04d}"
    return f"NM{day:%Y%m%d}{seq:04d}"


def tracking_number(rng: random.Random, carrier: str) -> str:
    """A number in the carrier's waybill format (``orders.constants`` checks the same shapes)."""
    digits = {"ZTO": ("78", 13), "STO": ("77", 13), "YUNDA": ("43", 11), "EMS": ("98", 11)}
    if carrier == "SF":
        return f"SF{rng.randrange(10**13):013d}"
    if carrier == "YTO":
        return f"YT{rng.randrange(10**13):013d}"
    if carrier == "JD":
        return f"JDVA{rng.randrange(10**11):011d}"
    prefix, length = digits[carrier]
    return f"{prefix}{rng.randrange(10**length):0{length}d}"


def pick_lines(rng: random.Random, offers: list[SkuOffer], weights: list[float]) -> list[LinePlan]:
    count = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
    lines: list[LinePlan] = []
    for offer in rng.choices(offers, weights=weights, k=count):
        if any(line.offer.sku_id == offer.sku_id for line in lines):
            continue
        quantity = rng.choices([1, 2, 3], weights=[85, 12, 3])[0]
        roll = rng.random()
        share = Decimal("0.10") if roll < 0.06 else Decimal("0.35") if roll < 0.07 else Decimal("0")
        discount = (offer.list_price * quantity * share).quantize(CENT, ROUND_HALF_UP)
        lines.append(LinePlan(offer=offer, quantity=quantity, discount=discount))
    return lines


def plan_day(
    *,
    seed: int,
    platform: str,
    store_code: str,
    day: dt.date,
    scale: int,
    zone: ZoneInfo,
    offers: list[SkuOffer],
    weights: list[float],
    buyer_pool: int,
    buyers: dict[int, BuyerPlan],
) -> list[OrderPlan]:
    """Every order a store gets on a local date, in the order they were placed."""
    rng = random.Random(f"{seed}:{store_code}:{day.isoformat()}")  # noqa: S311 - demo data is deterministic on purpose
    plans = []
    for seq in range(day_volume(rng, platform, day, scale)):
        hour = rng.choices(range(24), weights=data.HOUR_WEIGHTS)[0]
        local = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=zone)
        loyal = rng.random() < 0.3  # a third of orders come from the store's regulars
        index = rng.randrange(max(1, buyer_pool // 10) if loyal else buyer_pool)
        if index not in buyers:
            buyers[index] = buyer_plan(seed, platform, index)
        plans.append(plan_order(rng, platform, day, seq, local.astimezone(dt.UTC), buyers[index], offers, weights))
    return plans


def plan_order(
    rng: random.Random,
    platform: str,
    day: dt.date,
    seq: int,
    created: dt.datetime,
    buyer: BuyerPlan,
    offers: list[SkuOffer],
    weights: list[float],
) -> OrderPlan:
    number = order_number(rng, platform, day, seq)
    lines = pick_lines(rng, offers, weights)
    goods = sum((line.total for line in lines), Decimal("0.00"))
    fee = Decimal(data.SHIPPING_FEE.get(platform, "0.00"))
    seller_discount = Decimal(rng.choice([10, 20, 30])) if goods >= 299 and rng.random() < 0.25 else Decimal(0)
    platform_discount = Decimal(0)
    if platform in ("tmall", "taobao") and (created.month, created.day) in data.CAMPAIGN_DAYS:
        platform_discount = Decimal(int(goods // 300) * 50)  # 跨店满减: 50 off every 300
    message, hold_message = "", False
    roll = rng.random()
    if roll < 0.05:
        message, hold_message = rng.choice(data.HOLD_MESSAGES), True
    elif roll < 0.17:
        message = rng.choice(data.PLAIN_MESSAGES)
    memo, flag = rng.choice(data.MEMOS) if rng.random() < 0.06 else ("", "none")
    address = buyer.address_detail if rng.random() > 0.006 else ""  # a few left the street blank
    unpaid = rng.random() < 0.06
    paid_at = None if unpaid else created + dt.timedelta(minutes=rng.uniform(0.5, 25))
    cancelled_at, cancel_reason = None, ""
    if paid_at is not None and rng.random() < 0.03:
        cancelled_at = paid_at + dt.timedelta(hours=rng.uniform(0.3, 20))
        cancel_reason = rng.choice(["买家申请退款：不想要了", "买家申请退款：拍错了", "买家申请退款：地址填错"])
    ship_hours = rng.uniform(3, 40) if rng.random() > 0.05 else rng.uniform(50, 80)  # some miss the 48 h SLA
    if hold_message or goods > 2000 or not address:
        ship_hours += rng.uniform(24, 72)  # a clerk sorts these out first
    ship_at = paid_at + dt.timedelta(hours=ship_hours) if paid_at else None
    carriers = data.CARRIER_MIX[platform]
    carrier = rng.choices([c for c, _w in carriers], weights=[w for _c, w in carriers])[0]
    tracking_no = tracking_number(rng, carrier)
    transit = rng.uniform(20, 70) + (48 if buyer.province in data.FAR_PROVINCES else 0)
    stuck = rng.random() < 0.02  # the parcel sits in a hub for a week or two before it moves on
    if stuck:
        transit += rng.uniform(6 * 24, 14 * 24)
    delivered_at = ship_at + dt.timedelta(hours=transit) if ship_at else None
    completed_at = None
    if delivered_at is not None:
        completed_at = delivered_at + dt.timedelta(days=rng.uniform(0.5, 6) if rng.random() < 0.5 else 10)
    hops = rng.sample([r[1] for r in data.REGIONS], 2)
    rating = None
    if delivered_at is not None and rng.random() < 0.35:
        stars = rng.choices([r for r, _w in data.RATING_WEIGHTS], weights=[w for _r, w in data.RATING_WEIGHTS])[0]
        rating = (stars, rng.choice(data.RATING_TEXTS[stars]), delivered_at + dt.timedelta(hours=rng.uniform(6, 190)))
    return OrderPlan(
        platform=platform,
        platform_order_id=number,
        buyer=buyer,
        created_at=created,
        lines=lines,
        shipping_fee=fee,
        platform_discount=platform_discount,
        seller_discount=seller_discount,
        address_detail=address,
        buyer_message=message,
        seller_memo=memo,
        memo_flag=flag,
        paid_at=paid_at,
        cancelled_at=cancelled_at,
        cancel_reason=cancel_reason,
        ship_at=ship_at,
        carrier=carrier,
        tracking_no=tracking_no,
        delivered_at=delivered_at,
        stuck=stuck,
        completed_at=completed_at,
        tracking_hops=hops,
        rating=rating,
    )
