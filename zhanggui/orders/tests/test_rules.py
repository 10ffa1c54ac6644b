"""Review rules (审单): each holds a paid order with its exact reason; an order no rule holds ships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhanggui.orders.models import BlacklistEntry, OrderSettings
from zhanggui.orders.selectors.rules import REASON_LABELS, RULES, normalised_phone
from zhanggui.orders.services import OrderLineData


def test_every_rule_has_a_label():
    assert sorted(code for code, _rule in RULES) == sorted(set(REASON_LABELS) - {"manual"})


def test_an_order_no_rule_holds_passes_to_awaiting_shipment(make_order):
    # when
    order = make_order(status="paid")
    # then
    assert (order.status, order.review_reasons) == ("awaiting_shipment", [])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"buyer_message": "麻烦加急，要发票"}, {"code": "message_keywords", "detail": "加急, 发票"}),
        ({"paid_amount": Decimal("150.00")}, {"code": "amount_mismatch", "detail": "150.00 ≠ 208.00"}),
        (
            {"paid_amount": Decimal("2500.00"), "shipping_fee": Decimal("2302.00")},
            {"code": "amount_over_threshold", "detail": "2500.00 > 2000.00"},
        ),
        (
            {"address_detail": "", "receiver_phone": " "},
            {"code": "incomplete_address", "detail": "receiver_phone, address_detail"},
        ),
        ({"province": "浙江省杭州市西湖区"}, {"code": "unparseable_address", "detail": "浙江省杭州市西湖区"}),
        ({"province": "Zhejiang"}, {"code": "unparseable_address", "detail": "Zhejiang"}),
        (
            {
                "lines": [
                    OrderLineData(title="白色 M", unit_price=Decimal("30.00"), quantity=1, merchant_code="TEE-WHT-M")
                ]
            },
            {"code": "price_below_floor", "detail": "TEE-WHT-M"},
        ),
        (
            {"lines": [OrderLineData(title="赠品", unit_price=Decimal("99.00"), quantity=1, merchant_code="GIFT")]},
            {"code": "unmatched_sku", "detail": "GIFT"},
        ),
    ],
)
def test_each_rule_holds_a_paid_order_with_its_reason(make_order, changes, expected):
    # when: the order arrives paid
    order = make_order(status="paid", **changes)
    # then
    assert (order.status, order.review_reasons) == ("under_review", [expected])


@pytest.mark.parametrize(
    "province", ["浙江省", "浙江", "北京市", "广西壮族自治区", "新疆维吾尔自治区", "香港特别行政区"]
)
def test_real_provinces_are_readable(make_order, province):
    assert make_order(status="paid", province=province).review_reasons == []


def test_an_out_of_stock_order_is_held(make_order):
    lines = [OrderLineData(title="黑色 L", unit_price=Decimal("99.00"), quantity=4, merchant_code="TEE-BLK-L")]
    order = make_order(status="paid", lines=lines)
    assert order.review_reasons == [{"code": "out_of_stock", "detail": ""}]


# --- merge candidates --------------------------------------------------------------------------
def test_a_second_open_order_of_the_same_buyer_is_a_merge_candidate(make_order):
    # given: T1 is paid and waits for shipment
    first = make_order("T1", status="paid")
    # when: the same buyer pays another order an hour later, to another address
    second = make_order(
        "T2", status="paid", receiver_phone="13911112222", address_detail="天目山路 1 号", created_at=timezone.now()
    )
    # then: only the newcomer is held, naming the other order
    assert second.review_reasons == [{"code": "merge_candidate", "detail": "T1"}]
    first.refresh_from_db()
    assert first.status == "awaiting_shipment"


def test_same_address_and_phone_of_another_buyer_is_a_merge_candidate(make_order):
    # given
    make_order("T1", status="paid")
    make_order("T2", status="paid", buyer_nickname="tb_路人", receiver_phone="13900009999")
    # when: another nickname, the same receiver written differently
    third = make_order(
        "T3",
        status="paid",
        buyer_nickname="tb_小王的妈妈",
        receiver_phone="+86 138-0000-1111",
        address_detail="文三路１００号",  # full-width digits, no space
    )
    # then
    assert third.review_reasons == [{"code": "merge_candidate", "detail": "T1"}]


def test_the_same_address_with_another_phone_is_no_merge_candidate(make_order):
    make_order("T1", status="paid")
    other = make_order("T2", status="paid", buyer_nickname="tb_邻居", receiver_phone="13700007777")
    assert (other.status, other.review_reasons) == ("awaiting_shipment", [])


def test_merge_candidates_are_open_paid_orders_within_the_window(make_order, store, make_staff):
    # given: a shipped order, an unpaid order, and a paid order 30 hours earlier (window: 24 h)
    from zhanggui.orders.services import order_ship

    shipped = make_order("T1", status="paid")
    order_ship(by=make_staff("order_clerk"), order=shipped, carrier="SF", tracking_no="SF1234567890123")
    make_order("T2")
    make_order("T3", status="paid", created_at=timezone.now() - dt.timedelta(hours=31))
    # when
    order = make_order("T4", status="paid")
    # then
    assert order.review_reasons == []


def test_the_merge_window_is_per_store(make_order, store):
    # given: this store merges orders 48 hours apart
    OrderSettings.objects.create(
        store=store,
        unpaid_timeout_minutes=60,
        review_amount_threshold=Decimal("2000.00"),
        ship_sla_hours=48,
        merge_window_hours=48,
    )
    make_order("T1", status="paid", created_at=timezone.now() - dt.timedelta(hours=31))
    # when
    order = make_order("T2", status="paid")
    # then
    assert order.review_reasons == [{"code": "merge_candidate", "detail": "T1"}]


def test_orders_of_another_store_are_no_merge_candidates(make_order, other_store, goods):
    make_order("T1", status="paid", store=other_store)
    assert make_order("T2", status="paid").review_reasons == []


# --- blacklist ---------------------------------------------------------------------------------
def test_a_blacklisted_nickname_holds_the_order_with_the_entry_reason(make_order, store, make_staff):
    # given
    BlacklistEntry.objects.create(store=store, nickname="tb_小王", reason="恶意退款", created_by=make_staff("manager"))
    # when
    order = make_order(status="paid")
    # then
    assert order.review_reasons == [{"code": "blacklisted", "detail": "恶意退款"}]


def test_a_blacklisted_receiver_phone_holds_the_order(make_order, store, make_staff):
    # given: the phone is stored as digits; the order writes it with a country code
    BlacklistEntry.objects.create(store=store, phone="13800001111", reason="拒收三次", created_by=make_staff("manager"))
    # when
    order = make_order(status="paid", buyer_nickname="tb_新号", receiver_phone="+86 13800001111")
    # then
    assert order.review_reasons == [{"code": "blacklisted", "detail": "拒收三次"}]


def test_the_blacklist_of_another_store_does_not_count(make_order, other_store, make_staff):
    BlacklistEntry.objects.create(
        store=other_store, nickname="tb_小王", reason="恶意退款", created_by=make_staff("manager")
    )
    assert make_order(status="paid").review_reasons == []


def test_phone_only_entries_do_not_match_orders_without_a_phone(make_order, store, make_staff):
    BlacklistEntry.objects.create(store=store, phone="13900000000", reason="x", created_by=make_staff("manager"))
    order = make_order(status="paid", receiver_phone="")
    assert [r["code"] for r in order.review_reasons] == ["incomplete_address"]


def test_several_rules_give_every_reason_in_rule_order(make_order, store, make_staff):
    # given
    BlacklistEntry.objects.create(store=store, nickname="tb_小王", reason="恶意退款", created_by=make_staff("manager"))
    # when
    order = make_order(status="paid", buyer_message="改地址", district="", address_detail="")
    # then
    assert order.review_reasons == [
        {"code": "blacklisted", "detail": "恶意退款"},
        {"code": "incomplete_address", "detail": "address_detail"},
        {"code": "message_keywords", "detail": "改地址"},
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+86 138-0000-1111", "13800001111"), ("008613800001111", "13800001111"), ("0571-88886666", "057188886666")],
)
def test_phones_are_compared_as_digits(raw, expected):
    assert normalised_phone(raw) == expected


# --- batch lookups -----------------------------------------------------------------------------
def test_batch_lookups_give_every_order_the_reasons_of_one_lookup_per_order(make_order, store, make_staff):
    # given: orders sharing buyers, phones and addresses at various times, one buyer blacklisted
    from zhanggui.orders.models import Order
    from zhanggui.orders.selectors.rules import BatchLookups, review_reasons, store_rules

    now = timezone.now()
    BlacklistEntry.objects.create(store=store, nickname="tb_黑", reason="拒收", created_by=make_staff("manager"))
    BlacklistEntry.objects.create(store=store, phone="13700007777", reason="恶意退款", created_by=make_staff("manager"))
    make_order("B1", status="paid", created_at=now - dt.timedelta(hours=30))
    make_order("B2", status="paid", created_at=now - dt.timedelta(hours=5))
    make_order("B3", status="paid", buyer_nickname="tb_黑", receiver_phone="+86 138 0000 1111")
    make_order("B4", status="paid", buyer_nickname="tb_邻居", receiver_phone="13700007777")
    make_order("B5", buyer_nickname="tb_未付款")  # unpaid: never anyone's merge candidate
    paid = Order.objects.filter(store=store).exclude(status="pending_payment")
    orders = list(paid.order_by("pk").prefetch_related("lines__sku"))
    rules = store_rules(store.pk)
    window = dt.timedelta(hours=rules.merge_window_hours)
    lookups = BatchLookups(store_id=store.pk, since=now - dt.timedelta(days=3) - window, until=now + window)
    # when the reasons are worked out both ways
    one_by_one = [review_reasons(o, list(o.lines.all())) for o in orders]
    batched = [review_reasons(o, list(o.lines.all()), rules, lookups) for o in orders]
    # then they agree, and they are the reasons a clerk expects
    assert batched == one_by_one
    assert [[r["code"] for r in reasons] for reasons in batched] == [
        [],  # 25 hours before B2: outside the 24-hour window
        ["merge_candidate"],
        ["blacklisted", "merge_candidate"],
        ["blacklisted"],
    ]
