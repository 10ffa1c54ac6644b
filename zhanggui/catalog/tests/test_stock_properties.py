"""Property: any sequence of reserve/release/deduct/decrement/adjust keeps 0 <= reserved <= on_hand."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhanggui.catalog import services
from zhanggui.core.exceptions import ConflictError
from zhanggui.testing.factories import StaffFactory, StockFactory

MOVES = {
    "reserve": services.stock_reserve,
    "release": services.stock_release,
    "deduct": services.stock_deduct,
    "decrement": services.stock_decrement,
}

steps = st.lists(
    st.tuples(st.sampled_from([*MOVES, "adjust"]), st.integers(min_value=1, max_value=12)),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(min_value=0, max_value=15), steps=steps)
def test_counts_never_break_their_invariant(start, steps):
    # given
    stock = StockFactory(on_hand=start, reserved=0)
    manager = StaffFactory(role="manager")
    on_hand, reserved = start, 0
    for name, quantity in steps:
        # when
        if name == "adjust":
            try:
                services.stock_adjust(
                    by=manager, sku=stock.sku, warehouse=stock.warehouse, on_hand=quantity, reason="盘点"
                )
                on_hand = quantity
            except ConflictError:
                assert quantity < reserved
        else:
            moved = MOVES[name](sku_id=stock.sku_id, warehouse_id=stock.warehouse_id, quantity=quantity)
            # a model of the rules: the move happens exactly when it is allowed
            allowed = {
                "reserve": on_hand - reserved >= quantity,
                "release": reserved >= quantity,
                "deduct": reserved >= quantity,
                "decrement": on_hand - reserved >= quantity,
            }[name]
            assert moved is allowed
            if moved:
                on_hand -= quantity if name in ("deduct", "decrement") else 0
                reserved += {"reserve": quantity, "release": -quantity, "deduct": -quantity, "decrement": 0}[name]
        # then
        stock.refresh_from_db()
        assert (stock.on_hand, stock.reserved) == (on_hand, reserved)
        assert stock.on_hand >= stock.reserved >= 0
