"""The demo's after-sales desk: a case in every state, reasons that fit what was bought, deadlines
overdue and due soon, money and stock that add up, and a rerun that adds nothing.

The small shop is built once for the module (``demo_shop``); each test sees it fresh, in its own
savepoint. The cases are dated back from the time the test runs, so the deadlines are exact.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum

from zhanggui.aftersales.demo import plan
from zhanggui.aftersales.models import Case, Refund, RefundLine
from zhanggui.aftersales.selectors import due_filter, line_paid_shares
from zhanggui.aftersales.states import CaseStatus
from zhanggui.catalog.models import Stock
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, OrderLine
from zhanggui.testing.demo import demo_build_pinned

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_desk_holds_a_case_in_every_state(demo_shop):
    # when the small demo was built
    cases = Case.objects.all()

    # then one case per plan, in every state, on the stores the specialist works for
    assert cases.count() == len(plan.PLANS) == 25
    line = next(entry for entry in demo_shop.log if entry.startswith("after-sales cases:"))
    assert line.startswith("after-sales cases: 25 (25 new; 0 planned ones the services refused); ")
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert Counter(cases.values_list("type", flat=True)) == {
        "return_refund": 10,
        "refund_only": 7,
        "exchange": 4,
        "reissue": 2,
        "repair": 2,
    }
    assert set(cases.values_list("store__code", flat=True)) <= {"nm-tmall", "nm-taobao"}
    waiting = cases.filter(status="awaiting_return")
    assert waiting.filter(return_tracking_no="").count() == 2
    assert waiting.exclude(return_tracking_no="").count() == 2
    inspected = Counter(cases.filter(status="inspected").values_list("inspection_result", flat=True))
    assert inspected == {"passed": 1, "failed": 1}
    # handled by the demo specialist, but for the newest request; two came from customer service
    handler = demo_shop.made["staff"]["aftersales"]
    assert cases.filter(assignee=handler).count() == 24
    assert list(cases.filter(assignee=None).values_list("status", flat=True)) == ["requested"]
    # customer service opened three (two waiting, one refunded before shipment), the platforms the rest
    assert cases.filter(source="conversation", created_by=demo_shop.made["staff"]["cs_agent"]).count() == 3
    assert cases.filter(source="platform").exclude(platform_case_id="").count() == 22


def test_reasons_fit_what_was_bought(demo_shop):
    for case in Case.objects.prefetch_related("lines__order_line__sku__product__category__parent"):
        line = case.lines.all()[0].order_line
        category = line.sku.product.category
        root = category.parent.name if category.parent else category.name
        allowed = plan.REASONS[root][case.type] + plan.BEFORE_SHIPMENT_REASONS
        assert case.reason.code in allowed, (case.number, root, case.type, case.reason.code)
        assert case.description


def test_some_steps_are_overdue_and_some_due_soon(demo_shop):
    cases = Case.objects.all()
    assert due_filter(cases, "overdue").count() == 5
    assert due_filter(cases, "due_soon").count() == 4
    assert not cases.filter(status__in=["refunded", "exchanged", "repaired", "reissued", "rejected", "closed"]).exclude(
        due_at=None
    )
    # every step happened in order, after the order left (or was paid, for the refund before shipment)
    for case in cases.select_related("order"):
        steps = [case.requested_at, case.decided_at, case.return_shipped_at, case.received_at, case.inspected_at]
        stamped = [at for at in steps if at is not None]
        assert stamped == sorted(stamped), case.number
        assert case.requested_at > (case.order.shipped_at or case.order.paid_at), case.number


def test_no_order_is_refunded_above_what_was_paid(demo_shop):
    order_ids = set(Case.objects.values_list("order_id", flat=True))
    refunded_orders = 0
    for order in Order.objects.filter(pk__in=order_ids):
        refunds = Refund.objects.filter(order=order)
        total = refunds.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
        assert order.refunded_amount == total <= order.paid_amount, order.platform_order_id
        lines = list(OrderLine.objects.filter(order=order).order_by("pk"))
        for line, share in zip(lines, line_paid_shares(order, lines), strict=True):
            paid_back = RefundLine.objects.filter(order_line=line).aggregate(total=Sum("amount"))["total"] or 0
            assert paid_back <= share, order.platform_order_id
        refunded_orders += total > 0
    for refund in Refund.objects.all():
        goods = refund.lines.aggregate(total=Sum("amount"))["total"]
        assert goods == refund.amount - refund.shipping_amount
        assert refund.case.refunded_amount == refund.amount
    assert refunded_orders == 4
    # the refund before shipment closed its order and gave its units back
    # (a platform may also have refunded one line of an unshipped order: that order still ships)
    before_shipment = Case.objects.exclude(source="platform").get(status="refunded", order__shipped_at=None)
    assert before_shipment.order.status == "closed"
    assert before_shipment.order.refunded_amount == before_shipment.order.paid_amount
    assert not before_shipment.order.lines.filter(reserved=True).exists()


def test_replacements_are_free_orders_holding_their_units(demo_shop):
    replaced = Case.objects.filter(status__in=["exchanged", "reissued"]).select_related("order", "replacement_order")
    assert replaced.count() == 2
    for case in replaced:
        replacement = case.replacement_order
        assert replacement.platform_order_id == f"{case.order.platform_order_id}-R1"
        assert (replacement.paid_amount, replacement.buyer_id) == (Decimal("0.00"), case.order.buyer_id)
    # stock: reserved is exactly the units of the open orders' reserved lines, replacements included
    expected: Counter[tuple[int, int]] = Counter()
    for sku_id, warehouse_id, quantity in OrderLine.objects.filter(reserved=True).values_list(
        "sku_id", "order__warehouse_id", "quantity"
    ):
        expected[(sku_id, warehouse_id)] += quantity
    held = {
        (sku_id, warehouse_id): reserved
        for sku_id, warehouse_id, reserved in Stock.objects.filter(reserved__gt=0).values_list(
            "sku_id", "warehouse_id", "reserved"
        )
    }
    assert held == dict(expected)
    assert not Stock.objects.filter(on_hand__lt=0).exists()


def test_every_case_has_its_audit_trail(demo_shop):
    for case in Case.objects.all():
        actions = AuditEvent.objects.filter(object_type="aftersales.case", object_id=str(case.pk))
        assert actions.filter(action="aftersales.case.create").count() == 1
    assert AuditEvent.objects.filter(action="aftersales.case.refund").count() == 4
    assert AuditEvent.objects.filter(action="aftersales.case.restock").count() == 0  # the catalog's stock stays


def test_a_second_run_adds_nothing(demo_shop):
    # given the small demo
    cases, refunds, audit_rows = Case.objects.count(), Refund.objects.count(), AuditEvent.objects.count()

    # when
    ctx = demo_build_pinned(size="small")

    # then
    assert (Case.objects.count(), Refund.objects.count(), AuditEvent.objects.count()) == (cases, refunds, audit_rows)
    assert "after-sales cases: 25 (0 new)" in ctx.log
