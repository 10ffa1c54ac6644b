"""Fields only some roles see, visited as every role: SKU price floors and stores' review rules.

A price floor is for the roles that set prices (``catalog.price``); a store's review rules (审单规则:
the amount threshold, the keywords and the merge window that hold an order) are for the roles that
set them (``orders.review``). Everyone else gets the answer without those fields, and the console
shows neither the values nor their columns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from zhanggui.core import policy
from zhanggui.testing import factories as f

PRICE_SETTERS = {"operator", "manager"}
RULE_SETTERS = {"order_clerk", "manager"}
ORDER_READERS = {"cs_agent", "cs_lead", "order_clerk", "aftersales", "analyst", "manager", "gm"}
EXPORTERS = {"operator", "analyst", "manager", "gm"}

SKU_FIELDS = {
    "id",
    "product_id",
    "merchant_code",
    "barcode",
    "attributes",
    "list_price",
    "is_active",
    "available",
    "picture",
    "updated_at",
}
RULE_FIELDS = {"store_id", "unpaid_timeout_minutes", "ship_sla_hours", "stuck_shipment_days", "auto_complete_days"}
REVIEW_RULE_FIELDS = {"review_amount_threshold", "review_keywords", "merge_window_hours"}
FLOOR = "37.13"  # a price floor no other figure on the pages shares


@pytest.fixture
def sku(store):  # type: ignore[no-untyped-def]
    product = f.ProductFactory()
    f.ListingFactory(product=product, store=store)
    return f.SkuFactory(product=product, list_price=Decimal("99.00"), price_floor=Decimal(FLOOR))


def test_the_role_sets_are_the_policy_tables():
    # the expectations below name roles; they must be the roles the policy table grants
    assert set(policy.roles_with("catalog.price")) == PRICE_SETTERS
    assert set(policy.roles_with("orders.review")) == RULE_SETTERS
    assert set(policy.roles_with("orders.view")) == ORDER_READERS
    assert set(policy.roles_with("catalog.export")) == EXPORTERS


def test_sku_answers_carry_the_price_floor_only_for_price_setters(sku, staff_by_role, api_client_for):
    # given every role, each with an API token
    answers: dict[str, list[set[str]]] = {}
    for role, staff in staff_by_role.items():
        client = api_client_for(staff)
        # when the role reads the SKU alone, in the SKU list and in its product
        answers[role] = [
            set(client.get(f"/api/v1/catalog/skus/{sku.pk}").json()),
            set(client.get("/api/v1/catalog/skus").json()["items"][0]),
            set(client.get(f"/api/v1/catalog/products/{sku.product_id}").json()["skus"][0]),
        ]
    # then the price floor is there exactly for the roles that set prices, and with its value
    expected = {role: [SKU_FIELDS | ({"price_floor"} if role in PRICE_SETTERS else set())] * 3 for role in policy.ROLES}
    assert answers == expected
    operator = api_client_for(staff_by_role["operator"])
    assert operator.get(f"/api/v1/catalog/skus/{sku.pk}").json()["price_floor"] == FLOOR


def test_order_rules_carry_the_review_rules_only_for_rule_setters(store, staff_by_role, api_client_for):
    # given every role, each with an API token
    answers: dict[str, Any] = {}
    for role, staff in staff_by_role.items():
        # when the role reads the store's order rules
        response = api_client_for(staff).get(f"/api/v1/orders/settings/{store.pk}")
        answers[role] = set(response.json()) if response.status_code == 200 else response.status_code
    # then order readers get the rules, the review rules only if they set them; others are refused
    expected = {
        role: (RULE_FIELDS | (REVIEW_RULE_FIELDS if role in RULE_SETTERS else set()) if role in ORDER_READERS else 403)
        for role in policy.ROLES
    }
    assert answers == expected


@pytest.mark.parametrize(
    "page",
    [
        lambda sku: reverse("catalog:sku_list"),
        lambda sku: reverse("catalog:product_list"),
        lambda sku: reverse("catalog:product_detail", args=[sku.product_id]),
    ],
    ids=["sku list", "product list", "product page"],
)
def test_console_pages_show_the_price_floor_only_to_price_setters(sku, staff_by_role, client_for, page):
    # given every role signed in to the console
    shown = {}
    for role, staff in staff_by_role.items():
        # when the role opens the page, in English
        client = client_for(staff)
        client.cookies["django_language"] = "en"
        response = client.get(page(sku))
        body = response.content.decode()
        assert response.status_code == 200
        # then the floor's value and its heading show only for roles that set prices
        shown[role] = (FLOOR in body, "floor" in body.lower())
    assert shown == {role: (role in PRICE_SETTERS,) * 2 for role in policy.ROLES}


@pytest.mark.parametrize(
    ("name", "query"), [("catalog:sku_list", {"export": "csv"}), ("catalog:product_export", {"format": "csv"})]
)
def test_exports_write_the_price_floor_only_for_price_setters(sku, staff_by_role, client_for, name, query):
    # given every role that may export the catalog
    written = {}
    for role in EXPORTERS:
        # when the role exports the SKUs
        response = client_for(staff_by_role[role]).get(reverse(name), query)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        # then the floor is in the file only for roles that set prices
        written[role] = FLOOR in content.decode("utf-8-sig")
    assert written == {role: role in PRICE_SETTERS for role in EXPORTERS}


def test_the_schema_marks_the_guarded_fields_optional_and_says_who_gets_them(db, client):
    # given the published schema
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    # then the guarded fields may be absent, and their description names the permission
    sku, rules = schemas["SkuOut"], schemas["OrderSettingsOut"]
    assert set(sku["required"]) == SKU_FIELDS
    assert set(rules["required"]) == RULE_FIELDS
    assert "`catalog.price`" in sku["properties"]["price_floor"]["description"]
    assert all("`orders.review`" in rules["properties"][name]["description"] for name in REVIEW_RULE_FIELDS)
