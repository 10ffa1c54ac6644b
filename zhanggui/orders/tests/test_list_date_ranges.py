"""Day filters of the order list, the ratings and the audit log are ranges of stored times in the
display zone (Asia/Shanghai): exact at the day's edges, and never a date cast of the column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhanggui.core.models import AuditEvent
from zhanggui.core.selectors import audit_event_list
from zhanggui.orders.models import Buyer, Order
from zhanggui.orders.selectors import order_list

pytestmark = pytest.mark.django_db

UTC = dt.UTC
FIRST, SECOND = dt.date(2026, 12, 1), dt.date(2026, 12, 2)
# 23:30 on the 1st in Shanghai is 15:30 UTC on the 1st; 00:10 on the 2nd there is 16:10 UTC on the 1st.
LATE_ON_FIRST = dt.datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
EARLY_ON_SECOND = dt.datetime(2026, 12, 1, 16, 10, tzinfo=UTC)
LAST_MOMENT_OF_FIRST = dt.datetime(2026, 12, 1, 15, 59, 59, 999999, tzinfo=UTC)
FIRST_MOMENT_OF_SECOND = dt.datetime(2026, 12, 1, 16, 0, tzinfo=UTC)


def placed(store, number: str, at: dt.datetime) -> Order:  # type: ignore[no-untyped-def]
    buyer = Buyer.objects.create(store=store, nickname=f"tb_{number}")
    return Order.objects.create(
        store=store,
        platform_order_id=number,
        buyer=buyer,
        status="awaiting_shipment",
        created_at=at,
        paid_at=at,
        paid_amount=Decimal("10.00"),
    )


@pytest.fixture
def edge_orders(store):  # type: ignore[no-untyped-def]
    for number, at in [
        ("LATE-1ST", LATE_ON_FIRST),
        ("LAST-1ST", LAST_MOMENT_OF_FIRST),
        ("FIRST-2ND", FIRST_MOMENT_OF_SECOND),
        ("EARLY-2ND", EARLY_ON_SECOND),
    ]:
        placed(store, number, at)


def numbers(user, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(order_list(user=user, filters=filters).values_list("platform_order_id", flat=True))


@pytest.mark.parametrize("field", ["created", "paid"])
def test_a_day_filter_holds_the_local_day_exactly(make_staff, edge_orders, field):
    # given orders on both sides of midnight in Shanghai (16:00 UTC)
    clerk = make_staff("order_clerk")
    # when the list is filtered by each day
    first = numbers(clerk, **{f"{field}_from": FIRST, f"{field}_to": FIRST})
    second = numbers(clerk, **{f"{field}_from": SECOND, f"{field}_to": SECOND})
    # then 23:30 on the 1st is the 1st's, not the 2nd's, and midnight belongs to the 2nd
    assert first == ["LAST-1ST", "LATE-1ST"]
    assert second == ["EARLY-2ND", "FIRST-2ND"]
    assert numbers(clerk, **{f"{field}_from": SECOND}) == ["EARLY-2ND", "FIRST-2ND"]
    assert numbers(clerk, **{f"{field}_to": FIRST}) == ["LAST-1ST", "LATE-1ST"]


def test_a_day_filter_bounds_the_column_itself_so_its_index_serves_it(make_staff):
    # given the filters of one day
    clerk = make_staff("order_clerk")
    # when the list's SQL is written
    sql, params = order_list(user=clerk, filters={"created_from": FIRST, "created_to": FIRST}).query.sql_with_params()
    # then the column is compared as it is stored, from the day's first moment to the next day's
    times = [as_time(p) for p in params if isinstance(p, dt.datetime | str) and as_time(p) is not None]
    assert ("cast_date" in sql, "::date" in sql, "DATE(" in sql.upper()) == (False, False, False)
    assert times == [dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC), dt.datetime(2026, 12, 1, 16, 0, tzinfo=UTC)]


def as_time(param: object) -> dt.datetime | None:
    """A time parameter as the backend got it (SQLite: UTC text; PostgreSQL: an aware time)."""
    if isinstance(param, dt.datetime):
        return param.astimezone(UTC)
    try:
        return dt.datetime.fromisoformat(str(param)).replace(tzinfo=UTC)
    except ValueError:
        return None


def test_the_api_filters_days_the_same_way(make_staff, edge_orders, english_api_client_for):
    clerk = make_staff("order_clerk")
    answer = english_api_client_for(clerk).get("/api/v1/orders?created_from=2026-12-01&created_to=2026-12-01")
    assert sorted(o["platform_order_id"] for o in answer.json()["items"]) == ["LAST-1ST", "LATE-1ST"]


def test_the_audit_log_filters_days_by_the_local_day(make_staff):
    # given audit events just before and at midnight in Shanghai
    manager = make_staff("manager")
    for name, at in [("late", LATE_ON_FIRST), ("early", EARLY_ON_SECOND)]:
        AuditEvent.objects.create(at=at, action=f"test.{name}", actor_name="x")
    # when the log is filtered by each day
    first = audit_event_list(user=manager, filters={"since": FIRST, "until": FIRST, "action": "test."})
    second = audit_event_list(user=manager, filters={"since": SECOND, "until": SECOND, "action": "test."})
    # then each event is in its own local day
    assert [e.action for e in first] == ["test.late"]
    assert [e.action for e in second] == ["test.early"]
