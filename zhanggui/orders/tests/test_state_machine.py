"""Random actions by random roles on a few orders; the order state machine and the stock stay sound.

Invariants after every step: every audited status change follows ``states.TRANSITIONS``; stock
never negative and reserved never above on hand; the units reserved by open orders' lines add up
to the stock rows' reserved counts; no refund exceeds what was paid. A refused action (no
permission, wrong state, not enough stock, bad input) changes nothing and writes no audit row.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from zhanggui.catalog.models import Stock
from zhanggui.catalog.services import stock_adjust
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.models import AuditEvent
from zhanggui.core.policy import ROLES
from zhanggui.orders import services
from zhanggui.orders.models import Order, OrderLine
from zhanggui.orders.states import OPEN_PAID, TRANSITIONS
from zhanggui.testing.factories import (
    ListingFactory,
    ProductFactory,
    SkuFactory,
    StaffFactory,
    StockFactory,
    StoreFactory,
    WarehouseFactory,
)

ROLE_NAMES = sorted(ROLES)
CARRIER_NUMBERS = [("SF", "SF1311234567890"), ("ZTO", "78123456789012"), ("JD", "JDVA01234567890")]

roles = st.sampled_from(ROLE_NAMES)
picks = st.integers(min_value=0, max_value=20)


class OrderMachine(RuleBasedStateMachine):
    """One store, one warehouse, three SKUs of a T-shirt, a staff member per role, orders as they come."""

    def __init__(self) -> None:
        super().__init__()
        # Each run lives in a savepoint rolled back at teardown, so runs do not see each other.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.store = StoreFactory()
        product = ProductFactory()
        ListingFactory(product=product, store=self.store)
        warehouse = WarehouseFactory()
        self.skus = [SkuFactory(product=product, price_floor=Decimal("10.00")) for _ in range(3)]
        for sku in self.skus:
            StockFactory(sku=sku, warehouse=warehouse, on_hand=4, reserved=0)
        self.staff = {role: StaffFactory(role=role, stores=[self.store]) for role in ROLE_NAMES}
        self.orders: list[Order] = []
        self.audit_from = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- helpers ------------------------------------------------------------------------------
    def _order(self, pick: int) -> Order:
        return self.orders[pick % len(self.orders)]

    def _state(self) -> Any:
        orders = list(Order.objects.filter(store=self.store).order_by("pk").values())
        lines = list(OrderLine.objects.filter(order__store=self.store).order_by("pk").values())
        stock = list(Stock.objects.filter(sku__in=self.skus).order_by("pk").values("on_hand", "reserved"))
        return orders, lines, stock, AuditEvent.objects.count()

    def _attempt(self, action: Any, **kwargs: Any) -> None:
        """Run a service; if it refuses, nothing may have changed."""
        before = self._state()
        try:
            action(**kwargs)
        except ServiceError:
            assert self._state() == before

    # --- rules --------------------------------------------------------------------------------
    @initialize()
    def first_order(self) -> None:
        self.new_order(quantities=[1])

    @rule(quantities=st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=2))
    def new_order(self, quantities: list[int]) -> None:
        number = f"SM{len(self.orders) + 1}"
        lines = [
            services.OrderLineData(
                title="T恤", unit_price=Decimal("50.00"), quantity=qty, merchant_code=self.skus[i].merchant_code
            )
            for i, qty in enumerate(quantities)
        ]
        data = services.OrderData(
            platform_order_id=number,
            buyer_nickname=f"buyer{number}",
            status="pending_payment",
            lines=lines,
            created_at=timezone.now() - dt.timedelta(minutes=5),
            receiver_name="王五",
            receiver_phone="13800001111",
            province="浙江省",
            city="杭州市",
            district="西湖区",
            address_detail="文三路 1 号",
        )
        order, _outcome = services.order_upsert(by=None, store=self.store, data=data)
        self.orders.append(order)

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles)
    def pay(self, pick: int, role: str) -> None:
        self._attempt(services.order_pay, by=self.staff[role], order=self._order(pick))

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles)
    def approve(self, pick: int, role: str) -> None:
        self._attempt(services.order_review_approve, by=self.staff[role], order=self._order(pick), reason="ok")

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles)
    def hold(self, pick: int, role: str) -> None:
        self._attempt(services.order_review_hold, by=self.staff[role], order=self._order(pick), reason="等回复")

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles)
    def cancel(self, pick: int, role: str) -> None:
        self._attempt(services.order_cancel, by=self.staff[role], order=self._order(pick), reason="买家取消")

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles, carrier=st.sampled_from(CARRIER_NUMBERS))
    def ship(self, pick: int, role: str, carrier: tuple[str, str]) -> None:
        self._attempt(
            services.order_ship,
            by=self.staff[role],
            order=self._order(pick),
            carrier=carrier[0],
            tracking_no=carrier[1],
        )

    @precondition(lambda self: self.orders)
    @rule(pick=picks)
    def deliver(self, pick: int) -> None:
        self._attempt(services.order_deliver, by=None, order=self._order(pick))

    @precondition(lambda self: self.orders)
    @rule(pick=picks)
    def complete(self, pick: int) -> None:
        self._attempt(services.order_complete, by=None, order=self._order(pick))

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles, city=st.sampled_from(["上海市", "杭州市", ""]))
    def edit_address(self, pick: int, role: str, city: str) -> None:
        self._attempt(
            services.order_address_change,
            by=self.staff[role],
            order=self._order(pick),
            receiver_name="李四",
            receiver_phone="13900002222",
            province="上海市",
            city=city,
            district="浦东新区",
            address_detail="世纪大道 1 号",
            reason="改地址",
        )

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles, amount=st.sampled_from(["5.00", "-5.00", "60.00", "0.50"]))
    def adjust_price(self, pick: int, role: str, amount: str) -> None:
        self._attempt(
            services.order_price_adjust,
            by=self.staff[role],
            order=self._order(pick),
            amount=Decimal(amount),
            reason="改价",
        )

    @precondition(lambda self: self.orders)
    @rule(pick=picks, role=roles, sku=st.integers(min_value=0, max_value=2))
    def change_sku(self, pick: int, role: str, sku: int) -> None:
        order = self._order(pick)
        line = order.lines.order_by("pk").first()
        self._attempt(
            services.order_line_sku_change,
            by=self.staff[role],
            order=order,
            line=line,
            sku=self.skus[sku],
            reason="换颜色",
        )

    @rule(role=roles, sku=st.integers(min_value=0, max_value=2), on_hand=st.integers(min_value=0, max_value=6))
    def adjust_stock(self, role: str, sku: int, on_hand: int) -> None:
        stock = Stock.objects.get(sku=self.skus[sku])
        self._attempt(
            stock_adjust,
            by=self.staff[role],
            sku=self.skus[sku],
            warehouse=stock.warehouse,
            on_hand=on_hand,
            reason="盘点",
        )

    @rule()
    def close_expired(self) -> None:
        services.order_close_unpaid_expired(now=timezone.now() + dt.timedelta(days=4))

    # --- invariants ---------------------------------------------------------------------------
    @invariant()
    def only_legal_transitions(self) -> None:
        events = AuditEvent.objects.filter(pk__gt=self.audit_from, action__startswith="orders.order.")
        for event in events:
            path = (event.after or {}).get("status_path")
            if not path:
                continue
            if event.before is not None:
                assert path[0] == event.before["status"], event.action
            assert path[-1] == event.after["status"], event.action
            for here, there in itertools.pairwise(path):
                assert there in TRANSITIONS[here], (event.action, here, there)

    @invariant()
    def stock_is_sound(self) -> None:
        for stock in Stock.objects.filter(sku__in=self.skus):
            assert 0 <= stock.reserved <= stock.on_hand

    @invariant()
    def reservations_match_open_orders(self) -> None:
        lines = OrderLine.objects.filter(order__store=self.store, reserved=True)
        assert not lines.exclude(order__status__in=OPEN_PAID).exists()
        for stock in Stock.objects.filter(sku__in=self.skus):
            held = lines.filter(sku=stock.sku, order__warehouse=stock.warehouse).aggregate(n=Sum("quantity"))["n"]
            assert (held or 0) == stock.reserved

    @invariant()
    def amounts_consistent(self) -> None:
        for order in Order.objects.filter(store=self.store):
            assert Decimal("0.00") <= order.refunded_amount <= order.paid_amount
            if order.status == "awaiting_shipment":
                assert not order.out_of_stock
                assert all(line.reserved for line in order.lines.all())


@pytest.mark.slow
@pytest.mark.django_db
def test_random_actions_keep_orders_and_stock_sound():
    run_state_machine_as_test(
        OrderMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
