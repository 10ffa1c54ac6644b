"""Store scoping: a store's staff never see another store's products, in the console or the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhanggui.catalog import selectors


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("catalog:product_detail", "theirs"),
        ("catalog:product_edit", "theirs"),
        ("catalog:sku_create", "theirs"),
        ("catalog:sku_edit", "their_sku"),
        ("catalog:stock_adjust", "their_sku"),
    ],
)
def test_console_answers_404_for_another_stores_product(make_staff, client_for, catalog, name, target):
    # given: an operator of ``store`` only
    client = client_for(make_staff("operator"))
    # when
    response = client.get(reverse(name, args=[getattr(catalog, target).pk]))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/products/{theirs}", "/skus/{their_sku}"],
)
def test_api_answers_404_for_another_stores_product(make_staff, api_client_for, catalog, path):
    # given
    client = api_client_for(make_staff("operator"))
    # when
    response = client.get("/api/v1/catalog" + path.format(theirs=catalog.theirs.pk, their_sku=catalog.their_sku.pk))
    # then
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "errors": []}


def test_lists_show_only_products_in_my_stores(make_staff, catalog):
    # given
    operator = make_staff("operator")
    manager = make_staff("manager")
    # when / then
    assert [p.spu_code for p in selectors.product_list(user=operator)] == ["SPU-TEE"]
    assert sorted(p.spu_code for p in selectors.product_list(user=manager)) == ["SPU-DOWN", "SPU-TEE"]
    assert sorted(s.merchant_code for s in selectors.sku_list(user=operator)) == ["TEE-BLK-L", "TEE-WHT-M"]
    assert {s.sku.merchant_code for s in selectors.stock_list(user=operator)} == {"TEE-BLK-L", "TEE-WHT-M"}


def test_product_in_two_of_my_stores_is_listed_once(make_staff, catalog, store, other_store):
    # given: the product is offered in both stores and the operator works in both
    operator = make_staff("operator", stores=[store, other_store])
    catalog.product.listings.create(store=other_store, status="online")
    # when
    codes = [p.spu_code for p in selectors.product_list(user=operator)]
    # then
    assert sorted(codes) == ["SPU-DOWN", "SPU-TEE"]


def test_other_stores_listings_are_hidden(make_staff, catalog, store, other_store):
    # given: the T-shirt is also offered in ``other_store``
    catalog.product.listings.create(store=other_store, status="online")
    operator = make_staff("operator")
    # when
    product = selectors.product_get(user=operator, product_id=catalog.product.pk)
    # then
    assert [listing.store_id for listing in product.visible_listings] == [store.pk]
