"""Console pages of the per-store order rules: an overview and a form per store."""

from __future__ import annotations

from decimal import Decimal

from zhanggui.orders.models import OrderSettings

# Durations are typed as an amount and a unit: 1 hour, 1 day, 12 hours.
FORM = {
    "unpaid_timeout_minutes_0": "1",
    "unpaid_timeout_minutes_1": "hours",
    "review_amount_threshold": "800.00",
    "review_keywords": "加急\n发票，换颜色",
    "ship_sla_hours_0": "1",
    "ship_sla_hours_1": "days",
    "merge_window_hours_0": "12",
    "merge_window_hours_1": "hours",
    "stuck_shipment_days": "4",
    "auto_complete_days": "7",
}


def test_the_overview_lists_the_clerks_stores_with_their_rules(english_client_for, clerk, store, other_store):
    response = english_client_for(clerk).get("/orders/settings/")
    page = response.content.decode()
    assert response.status_code == 200
    assert (store.name in page, other_store.name in page, "2,000.00" in page) == (True, False, True)
    # the rules' durations read in days and hours, not minutes
    assert ("3 days" in page, "4,320" in page) == (True, False)


def test_a_clerk_saves_the_rules_of_a_store(english_client_for, clerk, store):
    client = english_client_for(clerk)
    form = client.get(f"/orders/settings/{store.pk}/")
    assert "改地址\n加急" in form.content.decode()
    response = client.post(f"/orders/settings/{store.pk}/", FORM)
    assert (response.status_code, response.url) == (302, "/orders/settings/")
    settings = OrderSettings.objects.get(store=store)
    assert (settings.review_amount_threshold, settings.review_keywords, settings.stuck_shipment_days) == (
        Decimal("800.00"),
        ["加急", "发票", "换颜色"],
        4,
    )
    assert (settings.unpaid_timeout_minutes, settings.ship_sla_hours, settings.merge_window_hours) == (60, 24, 12)


def test_a_bad_value_is_shown_on_its_field(english_client_for, clerk, store):
    response = english_client_for(clerk).post(f"/orders/settings/{store.pk}/", {**FORM, "merge_window_hours_0": "1000"})
    assert response.status_code == 422
    assert "Enter a number from 1 to 720." in response.content.decode()
    assert OrderSettings.objects.count() == 0


def test_another_store_is_missing_and_agents_are_refused(english_client_for, clerk, make_staff, other_store, store):
    assert english_client_for(clerk).get(f"/orders/settings/{other_store.pk}/").status_code == 404
    assert english_client_for(make_staff("cs_agent")).get(f"/orders/settings/{store.pk}/").status_code == 403
