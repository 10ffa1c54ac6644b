"""The catalog API: same services, scoped reads, documented errors."""

from __future__ import annotations

import json
from decimal import Decimal

from zhanggui.catalog.models import Category, KnowledgeEntry, Product, Warehouse
from zhanggui.core.models import AuditEvent

BASE = "/api/v1/catalog"


def post(client, path, data):  # type: ignore[no-untyped-def]
    return client.post(BASE + path, data=json.dumps(data), content_type="application/json")


def patch(client, path, data):  # type: ignore[no-untyped-def]
    return client.patch(BASE + path, data=json.dumps(data), content_type="application/json")


def test_product_list_is_paginated_and_scoped(make_staff, api_client_for, catalog):
    # given: an operator of ``store`` only
    client = api_client_for(make_staff("operator"))
    # when
    response = client.get(BASE + "/products?page_size=10")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 10)
    item = body["items"][0]
    assert (item["spu_code"], item["sku_count"]) == ("SPU-TEE", 2)
    assert [(listing["store_code"], listing["status"]) for listing in item["listings"]] == [
        (catalog.listing.store.code, "offline")
    ]


def test_product_get_with_skus(make_staff, api_client_for, catalog):
    # given
    client = api_client_for(make_staff("operator"))
    # when
    response = client.get(f"{BASE}/products/{catalog.product.pk}")
    # then
    assert response.status_code == 200
    skus = {s["merchant_code"]: s for s in response.json()["skus"]}
    assert skus["TEE-WHT-M"]["list_price"] == "99.00"
    assert skus["TEE-WHT-M"]["available"] == 15
    assert skus["TEE-BLK-L"]["attributes"] == {"color": "黑色", "size": "L"}


def test_another_stores_product_is_404(make_staff, api_client_for, catalog):
    # given
    client = api_client_for(make_staff("operator"))
    # when / then
    assert client.get(f"{BASE}/products/{catalog.theirs.pk}").status_code == 404
    assert client.get(f"{BASE}/skus/{catalog.their_sku.pk}").status_code == 404
    response = post(client, f"/skus/{catalog.their_sku.pk}/price", {"list_price": "1.00", "reason": "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_product_create_and_patch(make_staff, api_client_for, store):
    # given
    operator = make_staff("operator")
    client = api_client_for(operator)
    # when
    created = post(client, "/products", {"spu_code": "SPU-API", "name": "亚麻裤", "store_ids": [store.pk]})
    product_id = created.json()["id"]
    patched = patch(client, f"/products/{product_id}", {"name": "亚麻阔腿裤", "reason": "标题优化"})
    # then
    assert created.status_code == 201
    assert created.json()["listings"][0]["status"] == "offline"
    assert patched.status_code == 200
    assert Product.objects.get(pk=product_id).name == "亚麻阔腿裤"
    assert AuditEvent.objects.filter(object_type="catalog.product", object_id=str(product_id)).count() == 2


def test_product_create_without_store_is_422(make_staff, api_client_for):
    # given
    client = api_client_for(make_staff("operator"))
    # when
    response = post(client, "/products", {"spu_code": "SPU-API", "name": "亚麻裤", "store_ids": []})
    # then
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "store_ids"
    assert not Product.objects.filter(spu_code="SPU-API").exists()


def test_sku_create_and_price_change(make_staff, api_client_for, catalog):
    # given
    client = api_client_for(make_staff("operator"))
    # when
    created = post(
        client,
        "/skus",
        {
            "product_id": catalog.product.pk,
            "merchant_code": "TEE-GRN-XL",
            "attributes": {"color": "绿色", "size": "XL"},
            "list_price": "119.00",
            "price_floor": "79.00",
        },
    )
    sku_id = created.json()["id"]
    changed = post(client, f"/skus/{sku_id}/price", {"list_price": "129.00", "reason": "新品定价"})
    refused = post(client, f"/skus/{sku_id}/price", {"list_price": "78.99", "reason": "清仓"})
    # then
    assert created.status_code == 201
    assert changed.status_code == 200
    assert changed.json()["list_price"] == "129.00"
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "list_price"


def test_batch_price_change_refuses_all_with_per_sku_errors(make_staff, api_client_for, catalog):
    # given
    client = api_client_for(make_staff("operator"))
    events = AuditEvent.objects.count()
    # when
    response = post(
        client,
        "/skus/price-batch",
        {
            "sku_ids": [catalog.white.pk, catalog.black.pk],
            "mode": "decrease_amount",
            "value": "30.00",
            "reason": "促销",
        },
    )
    # then: white 69.00 is fine, black 79.00 is below its floor 89.00
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "skus.TEE-BLK-L", "message": "TEE-BLK-L: 79.00 is below the price floor 89.00."}
    ]
    catalog.white.refresh_from_db()
    assert catalog.white.list_price == Decimal("99.00")
    assert AuditEvent.objects.count() == events


def test_batch_price_change(make_staff, api_client_for, catalog):
    # given
    client = api_client_for(make_staff("operator"))
    # when
    response = post(
        client,
        "/skus/price-batch",
        {"sku_ids": [catalog.white.pk, catalog.black.pk], "mode": "increase_pct", "value": "10", "reason": "涨价"},
    )
    # then
    assert response.status_code == 200
    assert [s["list_price"] for s in response.json()] == ["108.90", "119.90"]


def test_listing_endpoints(make_staff, api_client_for, catalog):
    # given
    client = api_client_for(make_staff("operator"))
    # when
    single = post(client, f"/listings/{catalog.listing.pk}/status", {"status": "online"})
    batch = post(client, "/listings/status-batch", {"listing_ids": [catalog.listing.pk], "status": "offline"})
    theirs = post(client, f"/listings/{catalog.their_listing.pk}/status", {"status": "offline"})
    # then
    assert (single.status_code, single.json()["status"]) == (200, "online")
    assert (batch.status_code, batch.json()[0]["status"]) == (200, "offline")
    assert theirs.status_code == 404


def test_stock_list_low_only_and_adjust(make_staff, api_client_for, catalog):
    # given: black has 8 available with threshold 10 → low; white 15 available → not low
    client = api_client_for(make_staff("order_clerk"))
    # when
    low = client.get(BASE + "/stock?low_only=true").json()
    adjusted = post(
        client,
        "/stock/adjust",
        {"sku_id": catalog.black.pk, "warehouse_id": catalog.warehouse.pk, "on_hand": 50, "reason": "到货"},
    )
    below = post(
        client,
        "/stock/adjust",
        {"sku_id": catalog.white.pk, "warehouse_id": catalog.warehouse.pk, "on_hand": 1, "reason": "盘点"},
    )
    # then
    assert [(row["merchant_code"], row["available"], row["is_low"]) for row in low["items"]] == [("TEE-BLK-L", 8, True)]
    assert (adjusted.status_code, adjusted.json()["on_hand"], adjusted.json()["is_low"]) == (200, 50, False)
    assert below.status_code == 409
    assert below.json()["errors"][0]["field"] == "on_hand"


def test_warehouse_create_needs_permission(make_staff, api_client_for):
    # given
    operator_client = api_client_for(make_staff("operator"))
    manager_client = api_client_for(make_staff("manager"))
    payload = {"code": "cd", "name": "成都仓"}
    # when
    denied = post(operator_client, "/warehouses", payload)
    created = post(manager_client, "/warehouses", payload)
    # then
    assert denied.status_code == 403
    assert (created.status_code, created.json()["code"]) == (201, "cd")


def test_knowledge_create_search_update_delete(make_staff, api_client_for, catalog):
    # given
    editor_client = api_client_for(make_staff("editor"))
    agent_client = api_client_for(make_staff("cs_agent"))
    # when
    created = post(
        editor_client,
        "/knowledge",
        {
            "product_id": catalog.product.pk,
            "kind": "faq",
            "title": "羽绒服保暖吗",
            "body": "这款羽绒服充绒量200克，适合零下10度",
        },
    )
    entry_id = created.json()["id"]
    found = agent_client.get(BASE + "/knowledge/search", {"q": "羽绒服 充绒量"}).json()
    updated = patch(editor_client, f"/knowledge/{entry_id}", {"title": "保暖说明"})
    denied = agent_client.delete(f"{BASE}/knowledge/{entry_id}")
    deleted = editor_client.delete(f"{BASE}/knowledge/{entry_id}")
    # then
    assert created.status_code == 201
    assert [(item["id"], item["title_hits"]) for item in found["items"]] == [(entry_id, 1)]
    assert (updated.status_code, updated.json()["title"]) == (200, "保暖说明")
    assert denied.status_code == 403
    assert deleted.status_code == 204
    assert not KnowledgeEntry.objects.filter(pk=entry_id).exists()


def test_category_create_and_move(make_staff, api_client_for):
    # given
    client = api_client_for(make_staff("operator"))
    top = post(client, "/categories", {"name": "女装"}).json()
    child = post(client, "/categories", {"name": "连衣裙", "parent_id": top["id"]}).json()
    # when
    cycle = patch(client, f"/categories/{top['id']}", {"parent_id": child["id"]})
    renamed = patch(client, f"/categories/{child['id']}", {"name": "裙装", "sort_order": 3})
    listed = client.get(BASE + "/categories").json()
    # then
    assert cycle.status_code == 422
    assert cycle.json()["errors"][0]["field"] == "parent"
    assert (renamed.json()["name"], renamed.json()["path"]) == ("裙装", ["女装", "裙装"])
    assert listed["count"] == 2


def test_category_patch_is_all_or_nothing(make_staff, api_client_for):
    # given 裙装 under 女装, and a top-level 男装 that already has a 裙装 below it
    client = api_client_for(make_staff("operator"))
    women = post(client, "/categories", {"name": "女装"}).json()
    men = post(client, "/categories", {"name": "男装"}).json()
    dresses = post(client, "/categories", {"name": "裙装", "parent_id": women["id"]}).json()
    post(client, "/categories", {"name": "短裙", "parent_id": men["id"]})
    clash = post(client, "/categories", {"name": "长裙", "parent_id": men["id"]}).json()
    events = AuditEvent.objects.count()
    # when one PATCH moves 裙装 under 男装 and renames it to a name taken there
    answer = patch(client, f"/categories/{dresses['id']}", {"parent_id": men["id"], "name": clash["name"]})
    # then it is refused and the move did not happen either
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (409, "name")
    assert Category.objects.get(pk=dresses["id"]).parent_id == women["id"]
    assert AuditEvent.objects.count() == events


def test_ids_too_large_for_the_database_are_422_naming_the_field(make_staff, api_client_for, catalog):
    # given a manager, and ids beyond a 64-bit key (they crashed the database query, 500)
    client = api_client_for(make_staff("manager"))
    events = AuditEvent.objects.count()
    too_large = 2**64
    # when they are sent in a body list, a nested body field and a list filter
    batch = post(client, "/listings/status-batch", {"listing_ids": [too_large], "status": "online"})
    counts = post(
        client,
        "/stock/adjust-batch",
        {"counts": [{"sku_id": catalog.white.pk, "warehouse_id": too_large, "on_hand": 1}], "reason": "盘点"},
    )
    stock = client.get(f"{BASE}/stock?warehouse={too_large}")
    # then each is refused as invalid input, naming the field, and nothing changed
    assert (batch.status_code, batch.json()["errors"][0]["field"]) == (422, "listing_ids.0")
    assert (counts.status_code, counts.json()["errors"][0]["field"]) == (422, "counts.0.warehouse_id")
    assert (stock.status_code, stock.json()["errors"][0]["field"]) == (422, "warehouse")
    catalog.listing.refresh_from_db()
    assert catalog.listing.status == "offline"
    assert AuditEvent.objects.count() == events


def test_a_page_beyond_any_list_is_422_not_a_database_error(make_staff, api_client_for, catalog):
    # given a manager
    client = api_client_for(make_staff("manager"))
    # when a page whose row offset overflows a 64-bit number is asked for (it was a 500)
    response = client.get(f"{BASE}/knowledge?page=183640866670305600&page_size=162")
    # then it is refused as invalid input, naming the field
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"


def test_nul_characters_are_refused_before_they_reach_the_database(make_staff, api_client_for, catalog):
    # given a manager (PostgreSQL cannot store or compare text holding NUL: it was a 500 there)
    client = api_client_for(make_staff("manager"))
    events = AuditEvent.objects.count()
    # when a search and a new warehouse's name hold a NUL character
    search = client.get(f"{BASE}/stock?q=T%00EE")
    created = post(client, "/warehouses", {"code": "sh-1", "name": "上海\x00仓"})
    # then the search is a field error and the body is refused as unreadable; nothing is written
    assert search.status_code == 422
    assert search.json()["errors"] == [{"field": "q", "message": "Null characters are not allowed."}]
    assert created.status_code == 400
    assert Warehouse.objects.filter(code="sh-1").exists() is False
    assert AuditEvent.objects.count() == events


def test_a_sort_order_beyond_the_column_is_422(make_staff, api_client_for):
    # given an operator (PostgreSQL's order column is a 32-bit integer: a larger value was a 500)
    client = api_client_for(make_staff("operator"))
    # when a category is created with such a position
    response = post(client, "/categories", {"name": "外套", "sort_order": 2**31})
    # then it is refused as invalid input, naming the field, and no category exists
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sort_order"
    assert Category.objects.filter(name="外套").exists() is False
