"""The order-settings API: each store's rules, read by everyone on orders (the review rules only by
reviewers, see core/tests/test_field_visibility.py), set by reviewers."""

from __future__ import annotations

import json

from zhanggui.orders.models import OrderSettings

SETTINGS = {
    "unpaid_timeout_minutes": 60,
    "review_amount_threshold": "500.00",
    "review_keywords": ["加急", "发票"],
    "ship_sla_hours": 24,
    "merge_window_hours": 12,
    "stuck_shipment_days": 4,
    "auto_complete_days": 7,
}


def test_a_store_starts_with_the_default_rules(english_api_client_for, clerk, store):
    response = english_api_client_for(clerk).get(f"/api/v1/orders/settings/{store.pk}")
    assert response.json() == {
        "store_id": store.pk,
        "unpaid_timeout_minutes": 4320,
        "review_amount_threshold": "2000.00",
        "review_keywords": ["改地址", "加急", "发票", "换颜色", "换尺码", "别发"],
        "ship_sla_hours": 48,
        "merge_window_hours": 24,
        "stuck_shipment_days": 3,
        "auto_complete_days": 10,
    }


def test_a_clerk_sets_the_rules(english_api_client_for, clerk, store):
    client = english_api_client_for(clerk)
    url = f"/api/v1/orders/settings/{store.pk}"
    response = client.put(url, data=json.dumps(SETTINGS), content_type="application/json")
    assert (response.status_code, response.json()) == (200, {"store_id": store.pk, **SETTINGS})
    assert client.get(url).json() == {"store_id": store.pk, **SETTINGS}
    assert OrderSettings.objects.get(store=store).review_keywords == ["加急", "发票"]


def test_setting_rules_is_checked(english_api_client_for, clerk, make_staff, store, other_store):
    client = english_api_client_for(clerk)
    bad = {**SETTINGS, "stuck_shipment_days": 0}
    response = client.put(f"/api/v1/orders/settings/{store.pk}", data=json.dumps(bad), content_type="application/json")
    assert (response.status_code, [e["field"] for e in response.json()["errors"]]) == (422, ["stuck_shipment_days"])
    body = json.dumps(SETTINGS)
    assert (
        client.put(f"/api/v1/orders/settings/{other_store.pk}", data=body, content_type="application/json").status_code
        == 404
    )
    agent = english_api_client_for(make_staff("cs_agent"))
    assert (
        agent.put(f"/api/v1/orders/settings/{store.pk}", data=body, content_type="application/json").status_code == 403
    )
    assert OrderSettings.objects.count() == 0
