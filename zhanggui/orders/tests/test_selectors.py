"""Order lists are scoped to the staff member's stores; filters narrow them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError
from zhanggui.orders.selectors import order_get, order_list, review_queue
from zhanggui.orders.services import order_ship

pytestmark = pytest.mark.django_db


def test_staff_see_only_their_stores(make_order, other_store, make_staff):
    # given
    ours = make_order("T1")
    theirs = make_order("T2", store=other_store)
    agent = make_staff("cs_agent")
    # then
    assert list(order_list(user=agent)) == [ours]
    assert set(order_list(user=make_staff("manager"))) == {ours, theirs}
    with pytest.raises(NotFoundError):
        order_get(user=agent, order_id=theirs.pk)
    with pytest.raises(PermissionDeniedError):
        order_list(user=make_staff("operator"))


def test_filters_and_keyword(make_order, make_staff):
    # given
    clerk = make_staff("order_clerk")
    unpaid = make_order("T1")
    shipped = make_order("T2", status="paid", buyer_nickname="jd_老李")
    order_ship(by=clerk, order=shipped, carrier="ZTO", tracking_no="78123456789012")
    held = make_order("T3", status="paid", buyer_message="加急")
    # then
    assert list(order_list(user=clerk, filters={"status": "pending_payment"})) == [unpaid]
    assert list(order_list(user=clerk, filters={"keyword": "78123456789012"})) == [shipped]
    assert list(order_list(user=clerk, filters={"keyword": "老李"})) == [shipped]
    assert list(order_list(user=clerk, filters={"keyword": "T3"})) == [held]
    assert set(order_list(user=clerk, filters={"amount_min": Decimal("200.00")})) == {shipped, held}
    assert list(review_queue(user=clerk)) == [held]
