"""The orders home cards: exact figures and their links, store scope, Shanghai days; the home role by role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zhanggui.core.widgets import home_panels
from zhanggui.orders import widgets
from zhanggui.orders.models import Buyer, Order, OrderSettings
from zhanggui.orders.selectors import (
    DUE_SOON,
    OVERDUE,
    order_list,
    paid_orders_by_hour,
    review_queue,
    sales_today,
)
from zhanggui.orders.services import OrderLineData
from zhanggui.testing.factories import StoreFactory, anomalies_set

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# 12:30 in Shanghai on 26 November: today there began at 25 November 16:00 UTC.
NOW = dt.datetime(2026, 11, 26, 4, 30, tzinfo=UTC)
TODAY_START = dt.datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
YESTERDAY_START = TODAY_START - dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def at_now(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def placed(store, number, *, paid_at, amount="100.00", status="awaiting_shipment", **fields):  # type: ignore[no-untyped-def]
    """An order as it stands, written directly: these tests read orders, they do not move them."""
    buyer = Buyer.objects.create(store=store, nickname=f"tb_{number}")
    return Order.objects.create(
        store=store,
        platform_order_id=number,
        buyer=buyer,
        status=status,
        paid_at=paid_at,
        paid_amount=Decimal(amount),
        created_at=(paid_at or NOW) - dt.timedelta(minutes=5),
        **fields,
    )


def promise_of(store, hours):  # type: ignore[no-untyped-def]
    OrderSettings.objects.create(
        store=store, unpaid_timeout_minutes=4320, review_amount_threshold=Decimal("2000.00"), ship_sla_hours=hours
    )


def values(card):  # type: ignore[no-untyped-def]
    return {figure.key: figure.value for figure in card["figures"]}


# --- the order desk ------------------------------------------------------------------------------
@pytest.fixture
def desk(store, other_store, goods, make_order, at_now):  # type: ignore[no-untyped-def]
    """Two orders held for review in ``store`` (one waiting 30 h), one 缺货, one stuck; the same kinds in the other."""

    def held(number, paid_at, shop=store, quantity=1):  # type: ignore[no-untyped-def]
        line = OrderLineData(title="T恤", unit_price=Decimal("99.00"), quantity=quantity, merchant_code="TEE-BLK-L")
        return make_order(
            number,
            store=shop,
            status="paid",
            paid_at=paid_at,
            created_at=paid_at - SECOND,
            buyer_nickname=f"tb_{number}",  # a buyer and an address of its own: no merge rule holds it
            address_detail=f"{number} 号",
            buyer_message="请改地址",
            lines=[line],
        )

    held("H-FRESH", NOW - 5 * HOUR)
    held("H-OLD", NOW - 30 * HOUR)
    held("H-SHORT", NOW - 2 * HOUR, quantity=9)  # only 1 of 3 black L left: 缺货
    held("H-THEIRS", NOW - 50 * HOUR, shop=other_store)
    placed(store, "S-STUCK", paid_at=NOW - 100 * HOUR, status="shipped")
    placed(other_store, "S-THEIRS", paid_at=NOW - 100 * HOUR, status="shipped")
    anomalies_set(Order.objects.filter(platform_order_id__in=["S-STUCK", "S-THEIRS"]), ["stuck_shipment"])


def test_the_review_queue_card_counts_held_orders_and_the_oldest_wait(desk, make_staff):
    # given an order clerk of the store
    clerk = make_staff("order_clerk")
    # when
    card = widgets.review_queue_card(clerk)
    # then the other store's held order is not theirs
    (figure,) = card["figures"]
    assert (figure.value, str(figure.note), figure.url) == (
        3,
        "the oldest was paid 30 h ago",
        reverse("orders:review_queue"),
    )
    assert card["todo"] == 3
    assert review_queue(user=clerk).count() == 3  # the page the link opens lists as many
    assert values(widgets.review_queue_card(make_staff("manager"))) == {"review_queue": 4}


def test_the_out_of_stock_and_stuck_cards_count_what_their_links_list(desk, make_staff):
    # given
    clerk = make_staff("order_clerk")
    # when
    short, stuck = widgets.out_of_stock_card(clerk), widgets.stuck_parcels_card(clerk)
    # then
    assert (values(short), short["figures"][0].url) == (
        {"out_of_stock": 1},
        reverse("orders:order_list") + "?out_of_stock=1",
    )
    assert [o.platform_order_id for o in order_list(user=clerk, filters={"out_of_stock": True})] == ["H-SHORT"]
    assert (values(stuck), stuck["figures"][0].url) == (
        {"stuck": 1},
        reverse("orders:order_list") + "?anomaly=stuck_shipment",
    )
    assert values(widgets.stuck_parcels_card(make_staff("manager"))) == {"stuck": 2}


# --- the shipping promise -------------------------------------------------------------------------
@pytest.fixture
def to_ship(store, other_store, at_now):  # type: ignore[no-untyped-def]
    """Open paid orders around the 48 h promise of ``store`` and the 24 h promise of ``other_store``."""
    promise_of(other_store, 24)
    placed(store, "P-AT-PROMISE", paid_at=NOW - 48 * HOUR)  # runs out right now: still due, not late
    placed(store, "P-LATE", paid_at=NOW - 48 * HOUR - SECOND)
    placed(store, "P-HELD-LATE", paid_at=NOW - 50 * HOUR, status="under_review")
    placed(store, "P-DUE-IN-24H", paid_at=NOW - 24 * HOUR)  # runs out in exactly 24 h: due soon
    placed(store, "P-DUE-LATER", paid_at=NOW - 24 * HOUR + SECOND)
    placed(store, "P-SHIPPED", paid_at=NOW - 72 * HOUR, status="shipped")
    placed(other_store, "P-THEIRS-LATE", paid_at=NOW - 25 * HOUR)
    placed(other_store, "P-THEIRS-DUE", paid_at=NOW - 10 * HOUR)


def numbers(queryset):  # type: ignore[no-untyped-def]
    return sorted(order.platform_order_id for order in queryset)


def test_overdue_and_due_soon_follow_each_stores_promise(to_ship, make_staff):
    # given
    clerk, manager = make_staff("order_clerk"), make_staff("manager")
    # then
    assert numbers(order_list(user=clerk, filters={"ship_due": OVERDUE})) == ["P-HELD-LATE", "P-LATE"]
    assert numbers(order_list(user=clerk, filters={"ship_due": DUE_SOON})) == ["P-AT-PROMISE", "P-DUE-IN-24H"]
    assert numbers(order_list(user=manager, filters={"ship_due": OVERDUE})) == [
        "P-HELD-LATE",
        "P-LATE",
        "P-THEIRS-LATE",
    ]
    assert numbers(order_list(user=manager, filters={"ship_due": DUE_SOON})) == [
        "P-AT-PROMISE",
        "P-DUE-IN-24H",
        "P-THEIRS-DUE",
    ]


def test_the_shipping_card_links_to_the_list_filtered_the_same_way(to_ship, make_staff, client_for):
    # given
    clerk = make_staff("order_clerk")
    # when
    card = widgets.shipping_card(clerk)
    # then
    assert values(card) == {"overdue": 2, "due_soon": 2}
    assert card["todo"] == 4
    overdue_url = card["figures"][0].url
    assert overdue_url == reverse("orders:order_list") + "?ship_due=overdue&sort=paid_at"
    html = client_for(clerk).get(overdue_url).content.decode()
    assert "P-LATE" in html and "P-HELD-LATE" in html
    assert "P-AT-PROMISE" not in html and "P-DUE-IN-24H" not in html


# --- today's sales ------------------------------------------------------------------------------
@pytest.fixture
def sales(store, other_store, at_now):  # type: ignore[no-untyped-def]
    """Payments around the Shanghai midnights in ``store`` (CNY) and ``other_store`` (HKD), one in a closed store."""
    other_store.currency = "HKD"
    other_store.save()
    closed_store = StoreFactory(is_active=False)
    quiet_store = StoreFactory(code="quiet")
    placed(quiet_store, "Y-QUIET", paid_at=YESTERDAY_START + 8 * HOUR, amount="60.00")  # nothing yet today
    placed(store, "T-MIDNIGHT", paid_at=TODAY_START, amount="100.00")  # 00:00 today in Shanghai
    placed(store, "T-JUST-NOW", paid_at=NOW - 60 * SECOND, amount="250.50", status="closed")  # refunded since
    placed(store, "Y-LAST-SECOND", paid_at=TODAY_START - SECOND, amount="999.00")  # 23:59:59 yesterday
    placed(store, "Y-SAME-TIME", paid_at=NOW - dt.timedelta(days=1), amount="30.00")  # 12:30:00 yesterday
    placed(store, "Y-LATER", paid_at=NOW - dt.timedelta(days=1) + SECOND, amount="40.00")
    placed(store, "U-UNPAID", paid_at=None, status="pending_payment")
    placed(other_store, "T-HK", paid_at=TODAY_START + 9 * HOUR, amount="80.00")
    placed(closed_store, "T-CLOSED-STORE", paid_at=TODAY_START + HOUR, amount="70.00")


def rows(user):  # type: ignore[no-untyped-def]
    return [
        (row.store.currency, row.orders, row.amount, row.orders_yesterday) for row in sales_today(user=user, now=NOW)
    ]


def test_sales_today_count_the_shanghai_day_per_store_in_its_currency(sales, make_staff):
    # then 00:00 today counts and 23:59:59 yesterday does not; by now yesterday, 12:30:00 counts, 12:30:01 not
    assert rows(make_staff("manager")) == [
        ("CNY", 2, Decimal("350.50"), 1),
        ("HKD", 1, Decimal("80.00"), 0),
        ("CNY", 0, Decimal("0.00"), 1),
    ]
    # and staff of one store see only theirs
    assert rows(make_staff("order_clerk")) == [("CNY", 2, Decimal("350.50"), 1)]


def test_paid_orders_by_hour_in_shanghai_time(sales, make_staff):
    # given
    manager = make_staff("manager")
    # when
    today = paid_orders_by_hour(user=manager, day=dt.date(2026, 11, 26))
    yesterday = paid_orders_by_hour(user=manager, day=dt.date(2026, 11, 25))
    # then
    assert {hour: count for hour, count in enumerate(today) if count} == {0: 1, 9: 1, 12: 1}
    assert {hour: count for hour, count in enumerate(yesterday) if count} == {8: 1, 12: 2, 23: 1}
    assert sum(paid_orders_by_hour(user=make_staff("cs_agent"), day=dt.date(2026, 11, 26))) == 2


def test_the_sales_card_totals_each_currency_apart_and_draws_the_hours_so_far(sales, make_staff, store):
    # when
    card = widgets.sales_today_card(make_staff("manager"))
    # then
    assert card is not None
    assert (card["orders"], card["orders_yesterday"], card["amounts"]) == (
        3,
        2,
        [("CNY", Decimal("350.50")), ("HKD", Decimal("80.00"))],
    )
    assert card["rows"][0]["url"] == (
        reverse("orders:order_list") + f"?store={store.pk}&paid_from=2026-11-26&paid_to=2026-11-26"
    )
    today, yesterday = card["chart"]["series"]
    assert today["data"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]  # 00:00 to this hour, 12:00
    assert len(yesterday["data"]) == 24
    assert card["chart"]["xAxis"]["data"][12] == "12:00"


def test_the_sales_link_lists_the_orders_paid_today(sales, make_staff, store):
    # given the filters the store's row links to
    filters = {"store": store.pk, "paid_from": dt.date(2026, 11, 26), "paid_to": dt.date(2026, 11, 26)}
    # then
    assert numbers(order_list(user=make_staff("manager"), filters=filters)) == ["T-JUST-NOW", "T-MIDNIGHT"]


# --- the checklist card -------------------------------------------------------------------------
def test_the_checklist_card_keeps_the_sections_no_other_card_counts(make_staff):
    # then
    assert [s.key for s in widgets.checklist_card(make_staff("cs_agent"))["sections"]] == [
        "unpaid_follow_up",
        "low_ratings",
    ]
    assert [s.key for s in widgets.checklist_card(make_staff("manager"))["sections"]] == [
        "unpaid_follow_up",
        "low_ratings",
        "aftersales_overdue",  # registered by after-sales (orders/selectors/checklist.py)
        "aftersales_open",
    ]
    assert widgets.checklist_card(make_staff("order_clerk")) is None
    assert widgets.checklist_card(make_staff("editor")) is None


# --- the home, role by role ---------------------------------------------------------------------
def cards(user):  # type: ignore[no-untyped-def]
    return [(panel.widget.key, panel.own) for panel in home_panels(user)]


def test_the_clerk_sees_their_queues_first(desk, make_staff, english_client_for):
    # given
    clerk = make_staff("order_clerk")
    # then
    assert cards(clerk) == [
        ("orders.review_queue", True),
        ("orders.shipping", True),
        ("orders.out_of_stock", True),
        ("orders.stuck_parcels", True),
        ("orders.sales_today", False),
        ("catalog.stock", False),
    ]
    html = english_client_for(clerk).get(reverse("core:home")).content.decode()
    assert html.index('data-figure="review_queue"') < html.index('data-figure="overdue"')
    assert f'href="{reverse("orders:review_queue")}" data-figure="review_queue"' in html


def test_the_operator_sees_stock_and_listings_and_no_orders(make_staff):
    assert cards(make_staff("operator")) == [
        ("catalog.stock", True),
        ("catalog.listings", True),
        ("orders.checklist", False),
    ]


def test_the_cs_agent_sees_their_checklist_and_no_price_or_stock_card(make_staff):
    assert cards(make_staff("cs_agent")) == [
        ("orders.checklist", True),
        ("service.agent", True),  # their conversations come before the shop's figures
        ("orders.sales_today", False),
        ("orders.stuck_parcels", False),
    ]


def test_the_manager_sees_todays_sales_first(make_staff):
    assert cards(make_staff("manager"))[:2] == [("orders.sales_today", True), ("service.lead", True)]
