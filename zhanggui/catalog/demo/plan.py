"""How each demo product looks: name, SKUs with prices and barcodes, stock, listings, knowledge.

A plan is pure data drawn from the product's own random generator; ``__init__`` writes it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from ..models import KnowledgeKind, ListingStatus
from .assortment import BARCODE_PREFIX, BRAND, CARE, Line

# Chance that a product is offered in the store on each platform, and how its item ids look.
LISTING_CHANCE = {"tmall": 1.0, "taobao": 0.9, "jd": 0.6, "pdd": 0.5, "douyin": 0.45, "own": 1.0, "cross_border": 0.2}
ITEM_ID_RANGE = {
    "tmall": (600_000_000_000, 799_999_999_999),
    "taobao": (600_000_000_000, 799_999_999_999),
    "jd": (100_012_000_000, 100_099_999_999),
    "pdd": (300_000_000_000, 599_999_999_999),
    "douyin": (3_600_000_000_000_000_000, 3_699_999_999_999_999_999),
    "cross_border": (800_000_000_000, 899_999_999_999),
}
ONLINE_CHANCE = 0.88
# Stock per warehouse row: this share is sold out, this share is below the low-stock threshold.
SOLD_OUT, LOW = 0.06, 0.10
BATCH = 500
CENT = Decimal("0.01")


@dataclass
class SkuPlan:
    merchant_code: str
    barcode: str
    attributes: dict[str, str]
    list_price: Decimal
    price_floor: Decimal
    stock: dict[str, int]  # warehouse code → on hand


@dataclass
class ProductPlan:
    spu_code: str
    name: str
    line: Line
    description: str
    created_at: datetime
    updated_at: datetime
    skus: list[SkuPlan] = field(default_factory=list)
    listings: dict[str, tuple[str, str]] = field(default_factory=dict)  # platform → (status, item id)
    knowledge: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, body)


def plan_product(
    rng: random.Random, line: Line, index: int, seq: int, taken: set[str], platforms: list[str], now: datetime
) -> ProductPlan:
    spu_code = f"NM-{line.prefix}26{seq:02d}"
    for _attempt in range(8):
        material, style, lead = rng.choice(line.materials), rng.choice(line.styles), rng.choice(line.leads)
        highlight, tag = rng.choice(material.highlights), rng.choice(line.tags)
        name = f"{BRAND} {lead} {highlight} {tag} {style}{line.noun}"
        if name not in taken:
            break
    else:
        name = f"{name} {spu_code[3:]}"  # the style number tells otherwise equal names apart
    taken.add(name)
    values = {"material": material.name, "care": CARE[material.name], "noun": line.noun}
    values["fill"] = rng.choice(line.fills) if line.fills else ""
    points = [p.format(**values) for p in rng.sample(line.points, 3)]
    age = rng.randint(2, 420)
    plan = ProductPlan(
        spu_code=spu_code,
        name=name,
        line=line,
        description="；".join(points) + "。",
        created_at=now - timedelta(days=age, minutes=rng.randint(0, 1439)),
        updated_at=now - timedelta(days=rng.randint(0, age - 1), minutes=rng.randint(0, 1439)),
    )
    base_price = rng.randint(*line.price) * material.price_factor
    floor_percent = rng.randint(70, 85)
    in_warehouses = ["hz-main", *(["gz"] if rng.random() < 0.5 else []), *(["tj"] if rng.random() < 0.3 else [])]
    colours = rng.sample(line.colours, rng.randint(*line.colours_per_product))
    number = 0
    for colour, colour_code in colours:
        for (size, size_code), step in zip(line.sizes, line.size_price_steps, strict=True):
            list_price = retail_price(base_price * step)
            plan.skus.append(
                SkuPlan(
                    merchant_code=f"{spu_code}-{colour_code}-{size_code}",
                    barcode=ean13(f"{BARCODE_PREFIX}{index}{seq:03d}{number:02d}"),
                    attributes={"color": colour, "size": size, "material": material.name, "style": style},
                    list_price=list_price,
                    price_floor=(list_price * floor_percent / 100).quantize(Decimal("1"), ROUND_DOWN).quantize(CENT),
                    stock={code: stock_level(rng, line, code == "hz-main") for code in in_warehouses},
                )
            )
            number += 1
    for platform in platforms:
        if rng.random() < LISTING_CHANCE[platform]:
            status = ListingStatus.ONLINE if rng.random() < ONLINE_CHANCE else ListingStatus.OFFLINE
            item_id = spu_code if platform == "own" else str(rng.randint(*ITEM_ID_RANGE[platform]))
            plan.listings[platform] = (str(status), item_id)
    body = "\n".join(f"{n}. {point}" for n, point in enumerate(points, 1))
    plan.knowledge.append((KnowledgeKind.SELLING_POINT, f"卖点｜{highlight} {style}{line.noun}", body))
    for question, answer in rng.sample(line.faqs, 2):
        plan.knowledge.append((KnowledgeKind.FAQ, question, answer.format(**values)))
    return plan


def retail_price(amount: float) -> Decimal:
    """Whole yuan ending in 9 (263.4 → 269), as shops price."""
    return Decimal(int(amount) // 10 * 10 + 9).quantize(CENT)


def ean13(first12: str) -> str:
    """An EAN-13 barcode: the 12 digits plus their check digit (weights 1, 3, 1, 3 …)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def stock_level(rng: random.Random, line: Line, main: bool) -> int:
    roll = rng.random()
    if roll < SOLD_OUT:
        return 0
    if roll < SOLD_OUT + LOW:
        return rng.randint(1, line.low_stock_threshold - 1)
    return min(999, line.low_stock_threshold + int(rng.expovariate(1 / (120 if main else 40))))
