"""Per-store order settings (订单规则): validated, audited with before and after, used by the rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.models import OrderSettings
from zhanggui.orders.selectors.rules import store_rules
from zhanggui.orders.services import order_settings_update


def test_the_first_change_saves_the_defaults_with_it(clerk, store, audit_rows):
    # when
    settings = order_settings_update(
        by=clerk, store=store, review_amount_threshold=Decimal("500.00"), review_keywords=[" 加急 ", "发票", "加急"]
    )
    # then
    assert (settings.review_amount_threshold, settings.review_keywords, settings.unpaid_timeout_minutes) == (
        Decimal("500.00"),
        ["加急", "发票"],
        72 * 60,
    )
    (row,) = audit_rows()
    assert (row.action, row.before, row.after) == (
        "orders.settings.update",
        {
            "review_amount_threshold": "2000.00",
            "review_keywords": ["改地址", "加急", "发票", "换颜色", "换尺码", "别发"],
        },
        {"review_amount_threshold": "500.00", "review_keywords": ["加急", "发票"]},
    )
    assert store_rules(store.pk).review_keywords == ("加急", "发票")


def test_a_later_change_keeps_the_other_settings(clerk, store, audit_rows):
    # given
    order_settings_update(by=clerk, store=store, merge_window_hours=12)
    # when
    settings = order_settings_update(by=clerk, store=store, stuck_shipment_days=5, merge_window_hours=12)
    # then
    assert (settings.merge_window_hours, settings.stuck_shipment_days) == (12, 5)
    assert OrderSettings.objects.count() == 1
    assert [(r.before, r.after) for r in audit_rows()] == [
        ({"merge_window_hours": 24}, {"merge_window_hours": 12}),
        ({"stuck_shipment_days": 3}, {"stuck_shipment_days": 5}),
    ]


def test_no_change_writes_nothing(clerk, store, audit_rows):
    order_settings_update(by=clerk, store=store, ship_sla_hours=48)
    assert audit_rows() == []


def test_every_bad_field_is_reported_at_once(clerk, store, audit_rows):
    with pytest.raises(ValidationFailed) as caught:
        order_settings_update(
            by=clerk,
            store=store,
            unpaid_timeout_minutes=0,
            review_amount_threshold="-1",
            review_keywords=["x" * 21],
            ship_sla_hours=1.5,
            merge_window_hours=721,
            stuck_shipment_days=True,
            colour="red",
        )
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("unpaid_timeout_minutes", "Enter a number from 1 to 43200."),
        ("review_amount_threshold", "Enter an amount of zero or more."),
        ("review_keywords", "Keep each word to 20 characters: " + "x" * 21),
        ("ship_sla_hours", "Enter a whole number."),
        ("merge_window_hours", "Enter a number from 1 to 720."),
        ("stuck_shipment_days", "Enter a whole number."),
        ("colour", "Unknown setting."),
    ]
    assert (OrderSettings.objects.count(), audit_rows()) == (0, [])


def test_keywords_must_be_a_short_list_of_words(clerk, store):
    for keywords, message in [
        ("加急", "Enter a list of words."),
        ([f"词{i}" for i in range(51)], "Use at most 50 words."),
    ]:
        with pytest.raises(ValidationFailed) as caught:
            order_settings_update(by=clerk, store=store, review_keywords=keywords)
        assert [(e.field, e.message) for e in caught.value.errors] == [("review_keywords", message)]


def test_only_reviewers_of_the_store_may_change_settings(make_staff, store, other_store, audit_rows):
    with pytest.raises(PermissionDeniedError):
        order_settings_update(by=make_staff("cs_lead"), store=store, ship_sla_hours=24)
    with pytest.raises(NotFoundError):
        order_settings_update(by=make_staff("order_clerk", stores=[other_store]), store=store, ship_sla_hours=24)
    assert (OrderSettings.objects.count(), audit_rows()) == (0, [])
