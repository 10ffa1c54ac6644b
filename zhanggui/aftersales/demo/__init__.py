"""The demo shop's after-sales desk: cases in every state on the Tmall and Taobao stores' orders.

Each case is opened and taken through its steps by the services, so its audit trail, refunds,
restocked units and replacement orders are what the product makes; its history is then dated back
to the plan's hours (``timeline``), so some steps are overdue and some due soon. The handler is the
demo after-sales specialist. Orders are drawn from a seeded generator; a rerun adds nothing once
the stores have cases.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Prefetch, Sum
from django.utils import timezone

from zhanggui.catalog.models import Sku, Stock
from zhanggui.core.exceptions import ServiceError
from zhanggui.orders.models import Order, OrderLine
from zhanggui.orders.states import OrderStatus

from ..constants import DEFAULT_REASONS
from ..models import Case, CaseSource, Reason, Refund
from ..services import (
    CaseLineInput,
    case_approve,
    case_assign,
    case_close,
    case_create,
    case_inspect,
    case_receive,
    case_reject,
    case_repair_return,
    case_repair_send,
    case_replace,
    case_return_ship,
    case_review_start,
    refund_issue,
)
from ..states import CaseType
from . import plan as p
from .timeline import Timeline

T = CaseType
STORES = ("tmall", "taobao")  # the stores the demo after-sales specialist works for
SENT = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)
CANDIDATES = 200  # orders drawn to choose from, for each kind (sent, not yet sent)
MAX_ROUNDS = 4  # the plans are repeated per size step, up to this many times


@dataclass
class Desk:
    """Who works the cases, the reasons, and the orders still free to draw from."""

    rng: random.Random
    now: dt.datetime
    handler: Any
    agent: Any
    reasons: dict[str, Reason]
    sent: list[Order]
    unshipped: list[Order]


def build(ctx: Any) -> None:
    """Add the demo after-sales cases; needs the staff, stores and orders of the earlier builders."""
    stores = [ctx.made["stores"][platform] for platform in STORES if platform in ctx.made["stores"]]
    existing = Case.objects.filter(store__in=stores).count()
    if existing or not stores:
        ctx.log.append(f"after-sales cases: {existing} (0 new)")
        return
    rng = random.Random(ctx.rng.getrandbits(64))  # noqa: S311 - demo data is deterministic on purpose
    now = timezone.now()
    desk = Desk(
        rng=rng,
        now=now,
        handler=ctx.made["staff"]["aftersales"],
        agent=ctx.made["staff"]["cs_agent"],
        reasons=reasons(),
        sent=candidates(stores, SENT, rng, now),
        unshipped=candidates(stores, (OrderStatus.AWAITING_SHIPMENT,), rng, now),
    )
    made = skipped = 0
    for round_no in range(min(ctx.scale, MAX_ROUNDS)):
        stretch = 1.0 if round_no == 0 else rng.uniform(0.7, 1.3)  # later rounds vary the ages
        for plan in p.PLANS:
            try:
                with transaction.atomic():
                    made += open_planned(desk, plan, stretch)
            except ServiceError:  # an order the services would not take: the demo goes on without it
                skipped += 1
    refunds = Decimal(Refund.objects.filter(store__in=stores).aggregate(total=Sum("amount"))["total"] or 0)
    replacements = Case.objects.filter(store__in=stores, replacement_order__isnull=False).count()
    ctx.log.append(
        f"after-sales cases: {made} ({made} new; {skipped} planned ones the services refused); "
        f"refunded: {refunds:.2f}; "
        f"replacement orders: {replacements}"
    )


def reasons() -> dict[str, Reason]:
    """The default reasons by code (the migration seeds them; a wiped database gets them back)."""
    for position, (code, name, responsibility) in enumerate(DEFAULT_REASONS):
        Reason.objects.get_or_create(
            code=code, defaults={"name": name, "responsibility": responsibility, "sort_order": position * 10}
        )
    return {reason.code: reason for reason in Reason.objects.all()}


def candidates(stores: list[Any], statuses: tuple[str, ...], rng: random.Random, now: dt.datetime) -> list[Order]:
    """A seeded draw of the stores' orders of the last 30 days in ``statuses``, with their matched lines."""
    ids = list(
        Order.objects.filter(
            store__in=stores, status__in=statuses, warehouse__isnull=False, created_at__gte=now - dt.timedelta(days=30)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng.shuffle(ids)
    drawn = ids[:CANDIDATES]
    lines = OrderLine.objects.filter(sku__isnull=False).select_related("sku__product__category__parent")
    orders = (
        Order.objects.filter(pk__in=drawn)
        .select_related("store", "buyer")
        .prefetch_related(Prefetch("lines", queryset=lines.order_by("pk"), to_attr="matched"))
        .in_bulk()
    )
    return [orders[pk] for pk in drawn]


def category_of(line: OrderLine) -> str:
    category = line.sku.product.category
    return category.parent.name if category.parent else category.name


def pick_order(desk: Desk, plan: p.CasePlan, requested_at: dt.datetime) -> tuple[Order, OrderLine] | None:
    """The first free order that fits the plan (left before the request, has a matched line)."""
    pool = desk.unshipped if plan.variant == "before_shipment" else desk.sent
    for index, order in enumerate(pool):
        if not order.matched or (order.shipped_at and order.shipped_at > requested_at - dt.timedelta(hours=12)):
            continue
        if plan.variant == "before_shipment" and order.paid_at and order.paid_at > requested_at:
            continue
        line = desk.rng.choice(order.matched)
        if plan.type == T.EXCHANGE and exchange_sku(line) is None:
            continue
        del pool[index]
        return order, line
    return None


def exchange_sku(line: OrderLine) -> Sku | None:
    """Another size (or colour) of the same product with units free, for an exchange."""
    siblings = (
        Stock.objects.filter(sku__product_id=line.sku.product_id, sku__is_active=True, on_hand__gt=F("reserved"))
        .exclude(sku_id=line.sku_id)
        .order_by("sku__merchant_code")
        .values_list("sku_id", flat=True)
    )
    sku_id = siblings.first()
    return None if sku_id is None else Sku.objects.get(pk=sku_id)


def open_planned(desk: Desk, plan: p.CasePlan, stretch: float) -> int:
    """Open one case for ``plan`` and take it through its steps; 0 when no order fits."""
    ages = [dt.timedelta(hours=hours * stretch) for hours in plan.ages]
    requested_at = desk.now - ages[0]
    picked = pick_order(desk, plan, requested_at)
    if picked is None:
        return 0
    order, line = picked
    category = category_of(line)
    codes = p.BEFORE_SHIPMENT_REASONS if plan.variant == "before_shipment" else p.REASONS[category][plan.type]
    code = desk.rng.choice(codes)
    texts = p.DESCRIPTIONS.get(f"{code}:{category}") or p.DESCRIPTIONS[code]
    exchange = exchange_sku(line) if plan.type == T.EXCHANGE else None
    quantity = line.quantity if plan.type in (T.REFUND_ONLY, T.RETURN_REFUND) else 1
    timeline = Timeline()
    timeline.step(requested_at)
    case = case_create(
        by=desk.agent if plan.by_agent else None,
        order=order,
        type=plan.type,
        reason=desk.reasons[code],
        lines=[CaseLineInput(line.pk, quantity, replacement_sku_id=exchange.pk if exchange else None)],
        description=desk.rng.choice(texts),
        source=CaseSource.CONVERSATION if plan.by_agent else CaseSource.PLATFORM,
        platform_case_id="" if plan.by_agent else str(desk.rng.randrange(10**17, 10**18)),
        requested_at=requested_at,
    )
    if plan.assigned:
        timeline.step(requested_at + dt.timedelta(minutes=desk.rng.randint(5, 50)))
        case_assign(by=desk.handler, case=case, assignee=desk.handler)
    for step, age in zip(p.steps_of(plan), ages[1:], strict=True):
        timeline.step(desk.now - age)
        take_step(desk, plan, case, step)
    timeline.apply(case)
    return 1


def take_step(desk: Desk, plan: p.CasePlan, case: Case, step: str) -> None:
    by, rng = desk.handler, desk.rng
    if step == "review":
        case_review_start(by=by, case=case)
    elif step == "approve":
        case_approve(by=by, case=case)
    elif step == "reject":
        case_reject(by=by, case=case, reason=rng.choice(p.REFUSALS))
    elif step == "return_ship":
        case_return_ship(by=None, case=case, carrier="ZTO", tracking_no=f"7{rng.randrange(10**13, 10**14)}")
    elif step == "receive":
        case_receive(by=by, case=case)
    elif step == "inspect":
        failed = plan.variant == "failed"
        note = rng.choice(p.FAILED_INSPECTION) if failed else ""
        case_inspect(by=by, case=case, result="failed" if failed else "passed", note=note)
    elif step == "refund":
        refund_issue(by=by, case=case, idempotency_key=f"demo-{case.pk}")
    elif step == "replace":
        case_replace(by=by, case=case)
    elif step == "repair_send":
        case_repair_send(by=by, case=case, note=p.REPAIR_NOTE)
    elif step == "repair_return":
        case_repair_return(by=by, case=case, carrier="SF", tracking_no=f"SF{rng.randrange(10**12, 10**13)}")
    elif step == "close":
        withdrawn = plan.variant == "withdrawn"
        case_close(by=by if withdrawn else None, case=case, note=p.WITHDRAWN if withdrawn else "")
