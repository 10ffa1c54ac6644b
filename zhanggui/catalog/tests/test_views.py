"""Console pages of the catalog."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.catalog.models import Category, KnowledgeEntry, Product, Sku, Warehouse
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import CategoryFactory


@pytest.mark.parametrize(
    "name",
    [
        "catalog:product_list",
        "catalog:sku_list",
        "catalog:stock_list",
        "catalog:low_stock",
        "catalog:category_list",
        "catalog:knowledge_search",
    ],
)
def test_list_pages_render_for_an_agent(make_staff, client_for, catalog, name):
    # given
    client = client_for(make_staff("cs_agent"))
    # when
    response = client.get(reverse(name))
    # then
    assert response.status_code == 200


def test_sku_list_shows_one_row_per_sku_with_price_set_action(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("operator"))
    # when
    html = client.get(reverse("catalog:sku_list")).content.decode()
    # then
    assert f'name="ids" value="{catalog.white.pk}"' in html
    assert f'name="ids" value="{catalog.black.pk}"' in html
    assert f'name="ids" value="{catalog.their_sku.pk}"' not in html
    assert 'name="price_set-list_price"' in html
    assert 'name="price_set-reason"' in html
    assert "99.00" in html


def test_sku_list_batch_price_set(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("operator"))
    url = reverse("catalog:sku_list")
    # when
    response = client.post(
        url,
        {
            "_action": "price_set",
            "ids": [catalog.white.pk, catalog.black.pk],
            "price_set-list_price": "129",
            "price_set-reason": "双十一",
        },
        follow=True,
    )
    # then
    assert response.status_code == 200
    assert "129.00" in response.content.decode()
    assert list(Sku.objects.filter(product=catalog.product).values_list("list_price", flat=True)) == [
        Decimal("129.00"),
        Decimal("129.00"),
    ]
    assert AuditEvent.objects.filter(action="catalog.sku.price_batch_change").count() == 1


def test_sku_list_batch_price_set_htmx_returns_the_table(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("operator"))
    # when
    response = client.post(
        reverse("catalog:sku_list"),
        {"_action": "price_set", "ids": [catalog.white.pk], "price_set-list_price": "129.00", "price_set-reason": "x"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="list-table",
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "129.00" in html


def test_sku_list_batch_below_floor_changes_nothing(make_staff, client_for, catalog):
    # given: black's floor is 89.00
    client = client_for(make_staff("operator"))
    # when
    response = client.post(
        reverse("catalog:sku_list"),
        {
            "_action": "price_set",
            "ids": [catalog.white.pk, catalog.black.pk],
            "price_set-list_price": "60",
            "price_set-reason": "x",
        },
        follow=True,
    )
    # then
    assert "TEE-BLK-L: 60.00 is below the price floor 89.00." in response.content.decode()
    assert sorted(Sku.objects.filter(product=catalog.product).values_list("list_price", flat=True)) == [
        Decimal("99.00"),
        Decimal("109.00"),
    ]


def test_sku_list_price_action_is_forbidden_without_permission(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("cs_agent"))
    # when
    response = client.post(
        reverse("catalog:sku_list"),
        {"_action": "price_set", "ids": [catalog.white.pk], "price_set-list_price": "1", "price_set-reason": "x"},
    )
    # then
    assert response.status_code == 403
    catalog.white.refresh_from_db()
    assert catalog.white.list_price == Decimal("99.00")


def test_product_list_batch_stock_set_and_listing(make_staff, client_for, catalog, store):
    # given
    client = client_for(make_staff("operator"))
    url = reverse("catalog:product_list")
    # when
    client.post(
        url,
        {
            "_action": "stock_set",
            "ids": [catalog.product.pk],
            "stock_set-warehouse": catalog.warehouse.pk,
            "stock_set-on_hand": "40",
            "stock_set-reason": "到货",
        },
    )
    client.post(
        url,
        {
            "_action": "listing_set",
            "ids": [catalog.product.pk],
            "listing_set-store": store.pk,
            "listing_set-status": "online",
        },
    )
    # then
    assert sorted(catalog.product.skus.values_list("stock__on_hand", flat=True)) == [40, 40]
    catalog.listing.refresh_from_db()
    assert catalog.listing.status == "online"


def test_product_list_filters(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("manager"))
    url = reverse("catalog:product_list")
    # when
    by_code = client.get(url, {"q": "DOWN-RED"}).content.decode()
    low = client.get(url, {"low_only": "on"}).content.decode()
    # then
    assert "羽绒服" in by_code and "纯棉T恤" not in by_code
    assert "纯棉T恤" in low and "羽绒服" in low  # black 8 ≤ 10, down 3 ≤ 10


def test_product_detail_shows_skus_stock_listings_and_history(make_staff, client_for, catalog):
    # given
    operator = make_staff("operator")
    client = client_for(operator)
    client.post(
        reverse("catalog:sku_list"),
        {"_action": "price_set", "ids": [catalog.white.pk], "price_set-list_price": "129", "price_set-reason": "调价"},
    )
    # when
    html = client.get(reverse("catalog:product_detail", args=[catalog.product.pk])).content.decode()
    # then
    assert "TEE-WHT-M" in html
    assert "杭州主仓" in html
    assert "Change prices in batch" in html  # the history names the action, never its code
    assert "catalog.sku.price_batch_change" not in html
    assert reverse("catalog:listing_status", args=[catalog.product.pk]) in html


def test_listing_toggle_from_product_page(make_staff, client_for, catalog, store):
    # given
    client = client_for(make_staff("operator"))
    # when
    response = client.post(
        reverse("catalog:listing_status", args=[catalog.product.pk]), {"store": store.pk, "status": "online"}
    )
    # then
    assert response.status_code == 302
    catalog.listing.refresh_from_db()
    assert catalog.listing.status == "online"


def test_product_create_page(make_staff, client_for, store):
    # given
    client = client_for(make_staff("operator"))
    category = CategoryFactory(name="裤装")
    # when
    response = client.post(
        reverse("catalog:product_create"),
        {"spu_code": "SPU-PAGE", "name": "休闲裤", "category": category.pk, "store_ids": [store.pk]},
    )
    # then
    product = Product.objects.get(spu_code="SPU-PAGE")
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert list(product.listings.values_list("store_id", "status")) == [(store.pk, "offline")]


def test_sku_create_edit_and_price_pages(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("operator"))
    # when
    client.post(
        reverse("catalog:sku_create", args=[catalog.product.pk]),
        {"merchant_code": "TEE-NEW", "color": "蓝色", "size": "S", "list_price": "88", "price_floor": "50"},
    )
    sku = Sku.objects.get(merchant_code="TEE-NEW")
    edit = client.get(reverse("catalog:sku_edit", args=[sku.pk]))
    refused = client.post(reverse("catalog:sku_price", args=[sku.pk]), {"list_price": "49.99", "reason": "清仓"})
    client.post(reverse("catalog:sku_price", args=[sku.pk]), {"list_price": "79", "reason": "清仓"})
    # then
    sku.refresh_from_db()
    assert sku.attributes == {"color": "蓝色", "size": "S"}
    assert edit.status_code == 200
    assert refused.status_code == 422
    assert sku.list_price == Decimal("79.00")


def test_stock_adjust_page_shows_the_reserved_error(make_staff, client_for, catalog):
    # given: 5 units of white are reserved
    client = client_for(make_staff("order_clerk"))
    url = reverse("catalog:stock_adjust", args=[catalog.white.pk])
    # when
    response = client.post(url, {"warehouse": catalog.warehouse.pk, "on_hand": "2", "reason": "盘点"})
    # then
    assert response.status_code == 422
    assert "5 units are reserved" in response.content.decode()
    catalog.white_stock.refresh_from_db()
    assert catalog.white_stock.on_hand == 20


def test_stock_list_batch_threshold(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("operator"))
    # when
    client.post(
        reverse("catalog:stock_list"),
        {"_action": "threshold_set", "ids": [catalog.black_stock.pk], "threshold_set-low_stock_threshold": "2"},
    )
    low = client.get(reverse("catalog:low_stock")).content.decode()
    # then
    catalog.black_stock.refresh_from_db()
    assert catalog.black_stock.low_stock_threshold == 2
    assert "TEE-BLK-L" not in low


def test_category_pages(make_staff, client_for):
    # given
    client = client_for(make_staff("operator"))
    # when
    client.post(reverse("catalog:category_list"), {"name": "女装", "sort_order": "0"})
    top = Category.objects.get(name="女装")
    client.post(reverse("catalog:category_list"), {"name": "连衣裙", "parent": top.pk, "sort_order": "1"})
    child = Category.objects.get(name="连衣裙")
    cycle = client.post(
        reverse("catalog:category_edit", args=[top.pk]), {"name": "女装", "parent": child.pk, "sort_order": "0"}
    )
    page = client.get(reverse("catalog:category_list")).content.decode()
    # then
    assert cycle.status_code == 422
    top.refresh_from_db()
    assert top.parent_id is None
    assert page.index("女装") < page.index("连衣裙")


def test_warehouse_pages_need_the_warehouse_permission(make_staff, client_for):
    # given
    operator_client = client_for(make_staff("operator"))
    manager_client = client_for(make_staff("manager"))
    data = {"code": "wh-sz", "name": "深圳仓", "region": "广东"}
    # when
    denied = operator_client.post(reverse("catalog:warehouse_create"), data)
    created = manager_client.post(reverse("catalog:warehouse_create"), data)
    listed = manager_client.get(reverse("catalog:warehouse_list")).content.decode()
    # then
    assert denied.status_code == 403
    assert created.status_code == 302
    assert Warehouse.objects.filter(code="wh-sz").count() == 1
    assert "深圳仓" in listed


def test_knowledge_search_page_highlights_words(make_staff, client_for, catalog):
    # given
    editor_client = client_for(make_staff("editor"))
    editor_client.post(
        reverse("catalog:knowledge_create"),
        {
            "product": catalog.product.pk,
            "kind": "faq",
            "title": "保暖吗",
            "body": "这款羽绒服充绒量200克，适合零下10度",
        },
    )
    agent_client = client_for(make_staff("cs_agent"))
    # when
    html = agent_client.get(reverse("catalog:knowledge_search"), {"q": "羽绒服 充绒量"}).content.decode()
    # then
    assert "这款<mark>羽绒服</mark><mark>充绒量</mark>200克" in html


def test_knowledge_edit_and_delete_pages(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("editor"))
    client.post(reverse("catalog:knowledge_create"), {"kind": "faq", "title": "发货时间", "body": "48小时内发货"})
    entry = KnowledgeEntry.objects.get(title="发货时间")
    # when
    client.post(
        reverse("catalog:knowledge_edit", args=[entry.pk]), {"kind": "faq", "title": "发货时效", "body": "24小时内发货"}
    )
    entry.refresh_from_db()
    client.post(reverse("catalog:knowledge_delete", args=[entry.pk]))
    # then
    assert entry.title == "发货时效"
    assert " 24 " in entry.search_text
    assert not KnowledgeEntry.objects.filter(pk=entry.pk).exists()


def test_sku_list_exports_csv_for_analysts(make_staff, client_for, catalog):
    # given: an analyst (all stores, may export; does not set prices, so no price floors)
    client = client_for(make_staff("analyst"))
    # when
    response = client.get(reverse("catalog:sku_list"), {"q": "TEE", "export": "csv"})
    # then
    text = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    lines = text.strip().splitlines()
    assert response.status_code == 200
    assert lines[0].startswith("Product,Merchant code,Attributes,Barcode,List price,Available")
    assert len(lines) == 3
    assert any("TEE-WHT-M" in line and "99.00" in line for line in lines)
