"""The opening checklist (开工检查): sections by role, exact counts, SLA and day boundaries, store scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from zhanggui.orders.models import Order, OrderSettings
from zhanggui.orders.selectors import checklist
from zhanggui.orders.selectors.checklist import (
    SECTIONS,
    ChecklistItem,
    SectionRule,
    checklist_section_register,
    opening_checklist,
)
from zhanggui.orders.services import OrderLineData, order_upsert
from zhanggui.orders.services.ratings import RatingData, store_rating_upsert
from zhanggui.testing.factories import ListingFactory, anomalies_set

from .conftest import order_data

# 09:30 in Shanghai today: "yesterday" there is 00:00–24:00 +08:00 of the day before.
NOW = timezone.now().replace(hour=1, minute=30, second=0, microsecond=0)
HOUR = dt.timedelta(hours=1)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
LOCAL_TODAY = NOW.astimezone(SHANGHAI).date()
LOCAL_YESTERDAY_START = dt.datetime.combine(LOCAL_TODAY - dt.timedelta(days=1), dt.time.min, tzinfo=SHANGHAI)

ROLE_SECTIONS = {
    "cs_agent": ["unpaid_follow_up", "low_ratings"],
    "cs_lead": ["unpaid_follow_up", "low_ratings"],
    "order_clerk": ["overdue_shipment", "held_for_review", "stuck_shipment"],
    "aftersales": ["stuck_shipment"],
    "operator": ["low_ratings"],
    "analyst": [],
    "editor": [],
    "manager": ["unpaid_follow_up", "overdue_shipment", "held_for_review", "stuck_shipment", "low_ratings"],
    "gm": [],
    "admin": [],
}


@pytest.fixture
def world(store, other_store, goods):  # type: ignore[no-untyped-def]
    """Work in ``store`` (the staff's) and some in ``other_store`` (promising shipment within 24 h)."""
    ListingFactory(product=goods.product, store=other_store)
    OrderSettings.objects.create(
        store=other_store, unpaid_timeout_minutes=4320, review_amount_threshold=Decimal("2000.00"), ship_sla_hours=24
    )
    made: dict[str, Order] = {}

    def order(number, shop=store, quantity=1, **kwargs):  # type: ignore[no-untyped-def]
        # A buyer and an address of its own, so no merge-candidate rule holds it.
        line = OrderLineData(title="T恤", unit_price=Decimal("99.00"), quantity=quantity, merchant_code="TEE-WHT-M")
        kwargs.setdefault("created_at", NOW - 3 * HOUR)
        data = order_data(number, buyer_nickname=f"tb_{number}", address_detail=f"{number} 号", lines=[line], **kwargs)
        made[number], _outcome = order_upsert(by=None, store=shop, data=data)
        return made[number]

    order("U-SMALL", created_at=NOW - 2 * HOUR)  # 109.00
    order("U-BIG", quantity=3, created_at=NOW - 3 * HOUR)  # 307.00
    order("U-OLD", created_at=NOW - 25 * HOUR)  # past the follow-up window
    order("U-OTHER", shop=other_store)
    order("P-AT-SLA", status="paid", paid_at=NOW - 48 * HOUR)  # exactly 48 h: still within
    order("P-LATE", status="paid", paid_at=NOW - 48 * HOUR - dt.timedelta(seconds=1))
    order("P-FRESH", status="paid", paid_at=NOW - HOUR)
    order("P-OTHER-LATE", shop=other_store, status="paid", paid_at=NOW - 25 * HOUR)  # that store promises 24 h
    order("H-HELD", status="paid", paid_at=NOW - 2 * HOUR, buyer_message="请改地址")
    stuck = order("S-STUCK", status="paid", paid_at=NOW - 100 * HOUR)
    Order.objects.filter(pk=stuck.pk).update(status="shipped", shipped_at=NOW - 96 * HOUR)
    anomalies_set(Order.objects.filter(pk=stuck.pk), ["stuck_shipment"])

    def rate(number, rating, at, shop=store, order=""):  # type: ignore[no-untyped-def]
        data = RatingData(
            platform_rating_id=number,
            rating=rating,
            rated_at=at,
            buyer_nickname=f"tb_{number}",
            platform_order_id=order,
        )
        store_rating_upsert(by=None, store=shop, data=data)

    rate("R-1-YESTERDAY-START", 1, LOCAL_YESTERDAY_START, order="U-SMALL")
    rate("R-2-YESTERDAY-END", 2, LOCAL_YESTERDAY_START + dt.timedelta(hours=23, minutes=59))
    rate("R-3-YESTERDAY", 3, LOCAL_YESTERDAY_START + 5 * HOUR)  # not low
    rate("R-1-TODAY", 1, LOCAL_YESTERDAY_START + dt.timedelta(days=1))  # today in Shanghai (yesterday in UTC)
    rate("R-1-DAY-BEFORE", 1, LOCAL_YESTERDAY_START - dt.timedelta(seconds=1))
    rate("R-1-OTHER", 1, LOCAL_YESTERDAY_START + HOUR, shop=other_store)
    return SimpleNamespace(orders=made)


ORDERS_KEYS = {rule.key for rule in SECTIONS}  # other contexts' sections are tested in their own app


def by_key(user):  # type: ignore[no-untyped-def]
    return {section.key: section for section in opening_checklist(user=user, now=NOW) if section.key in ORDERS_KEYS}


def labels(section):  # type: ignore[no-untyped-def]
    return [item.label for item in section.items]


@pytest.mark.parametrize("role", list(ROLE_SECTIONS))
def test_each_role_sees_the_sections_it_can_act_on(world, make_staff, role):
    sections = opening_checklist(user=make_staff(role), now=NOW)
    assert [section.key for section in sections if section.key in ORDERS_KEYS] == ROLE_SECTIONS[role]


def test_the_order_clerk_sees_late_held_and_stuck_orders_of_their_store(world, make_staff):
    # given an order clerk of the store
    sections = by_key(make_staff("order_clerk"))
    # then only the order paid more than 48 h ago is late (exactly 48 h is still on time)
    assert (sections["overdue_shipment"].count, labels(sections["overdue_shipment"])) == (1, ["P-LATE"])
    assert (sections["held_for_review"].count, labels(sections["held_for_review"])) == (1, ["H-HELD"])
    assert (sections["stuck_shipment"].count, labels(sections["stuck_shipment"])) == (1, ["S-STUCK"])
    # and each links to the page that clears it
    held = world.orders["H-HELD"]
    assert sections["held_for_review"].url == reverse("orders:review_queue")
    assert sections["held_for_review"].items[0].url == reverse("orders:order_detail", args=[held.pk])
    assert sections["held_for_review"].items[0].detail == "Buyer message needs attention"
    assert sections["stuck_shipment"].url == reverse("orders:order_list") + "?anomaly=stuck_shipment"
    assert sections["overdue_shipment"].items[0].detail == "paid 48 h ago"


def test_customer_service_sees_recent_unpaid_orders_biggest_first_and_yesterdays_low_ratings(world, make_staff):
    sections = by_key(make_staff("cs_agent"))
    unpaid = sections["unpaid_follow_up"]
    assert (unpaid.count, labels(unpaid)) == (2, ["U-BIG", "U-SMALL"])
    assert [item.amount for item in unpaid.items] == [Decimal("307.00"), Decimal("109.00")]
    assert unpaid.url == reverse("orders:order_list") + "?status=pending_payment"
    low = sections["low_ratings"]
    # the Shanghai day, not the UTC one: 00:00 and 23:59 of yesterday count, today's and the day before's do not
    assert (low.count, labels(low)) == (2, ["tb_R-1-YESTERDAY-START", "tb_R-2-YESTERDAY-END"])
    assert [item.rating for item in low.items] == [1, 2]
    assert low.items[0].url == reverse("orders:order_detail", args=[world.orders["U-SMALL"].pk])
    day = (LOCAL_TODAY - dt.timedelta(days=1)).isoformat()
    assert low.url == f"{reverse('orders:rating_list')}?rating_max=2&rated_from={day}&rated_to={day}"


def test_an_operator_is_sent_to_the_rating_not_the_order_they_may_not_open(world, make_staff):
    low = by_key(make_staff("operator"))["low_ratings"]
    assert low.items[0].url == reverse("orders:rating_list") + "?keyword=R-1-YESTERDAY-START"


def test_a_manager_sees_every_store_with_each_stores_own_promise(world, make_staff):
    sections = by_key(make_staff("manager"))
    assert {key: section.count for key, section in sections.items()} == {
        "unpaid_follow_up": 3,
        "overdue_shipment": 2,  # P-LATE (48 h) and P-OTHER-LATE (its store promises 24 h)
        "held_for_review": 1,
        "stuck_shipment": 1,
        "low_ratings": 3,
    }
    assert labels(sections["overdue_shipment"]) == ["P-LATE", "P-OTHER-LATE"]


def test_staff_of_another_store_see_only_its_work(world, make_staff, other_store):
    sections = by_key(make_staff("cs_agent", stores=[other_store]))
    assert (sections["unpaid_follow_up"].count, labels(sections["unpaid_follow_up"])) == (1, ["U-OTHER"])
    assert (sections["low_ratings"].count, labels(sections["low_ratings"])) == (1, ["tb_R-1-OTHER"])


def test_an_inactive_store_drops_out(world, make_staff, store):
    store.is_active = False
    store.save()
    assert {key: section.count for key, section in by_key(make_staff("order_clerk")).items()} == {
        "overdue_shipment": 0,
        "held_for_review": 0,
        "stuck_shipment": 0,
    }


def test_a_clear_section_has_a_zero_count_and_no_items(make_staff, store):
    sections = by_key(make_staff("cs_agent"))
    assert [(section.count, section.items) for section in sections.values()] == [(0, []), (0, [])]


def test_another_context_adds_a_section_after_the_orders_own(world, make_staff, monkeypatch):
    # given a section another context registers (once, even if its ready() runs twice)
    monkeypatch.setattr(checklist, "_CONTRIBUTED", [])

    def returns_waiting(context):  # type: ignore[no-untyped-def]
        def item(order):  # type: ignore[no-untyped-def]
            return ChecklistItem(label=order.platform_order_id, store=order.store.name, detail="", url="/x/", at=None)

        queryset = Order.objects.filter(store__in=context.stores, platform_order_id="H-HELD")
        return queryset, item, "/returns/"

    rule = SectionRule("returns", "Returns", "Open them", "orders.view", frozenset({"order_clerk"}), returns_waiting)
    checklist_section_register(rule)
    checklist_section_register(rule)
    # when
    sections = opening_checklist(user=make_staff("order_clerk"), now=NOW)
    # then it comes last, counted in the clerk's stores; other roles do not get it
    assert [section.key for section in sections] == ["overdue_shipment", "held_for_review", "stuck_shipment", "returns"]
    assert (sections[-1].count, labels(sections[-1]), sections[-1].url) == (1, ["H-HELD"], "/returns/")
    assert "returns" not in {section.key for section in opening_checklist(user=make_staff("cs_agent"), now=NOW)}


def test_the_api_answers_the_same_sections(world, make_staff, api_client_for, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    response = api_client_for(make_staff("order_clerk")).get("/api/v1/orders/checklist")
    assert response.status_code == 200
    body = response.json()
    assert [(s["key"], s["count"]) for s in body["sections"]] == [
        ("overdue_shipment", 1),
        ("held_for_review", 1),
        ("stuck_shipment", 1),
    ]
    assert body["sections"][0]["items"][0]["label"] == "P-LATE"


def test_the_page_shows_the_roles_sections_with_their_links(world, make_staff, client_for, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    response = client_for(make_staff("cs_agent")).get(reverse("orders:checklist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="checklist-unpaid_follow_up" data-count="2"' in html
    assert 'id="checklist-low_ratings" data-count="2"' in html
    assert "checklist-held_for_review" not in html
    assert reverse("orders:order_detail", args=[world.orders["U-BIG"].pk]) in html


def test_the_page_tells_a_role_without_sections(make_staff, client_for):
    response = client_for(make_staff("editor")).get(reverse("orders:checklist"))
    assert response.status_code == 200
    assert 'id="checklist-empty"' in response.content.decode()
