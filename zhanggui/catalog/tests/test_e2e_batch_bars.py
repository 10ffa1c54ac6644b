"""Every batch bar of the catalog in Chromium, the way an operator uses it: tick the rows first, then
choose in the bar's selects, fill its fields and press its button; the result is checked exactly.

Each test chooses an option other than a select's first, so a bar whose choice springs back when
the list reloads behind it (the fault that turned a price cut into a rise) fails it. The price
change bar itself is driven in ``core/tests/test_e2e_list_filters.py``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.catalog.models import Listing, Sku, Stock
from zhanggui.core.models import AuditEvent
from zhanggui.testing import factories as f
from zhanggui.testing.browser import assert_still_chosen, press, tick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tmall():  # type: ignore[no-untyped-def]
    return f.StoreFactory(name="暖木天猫旗舰店")


def listed_skus(store, *codes: str, **kwargs) -> list[Sku]:  # type: ignore[no-untyped-def]
    skus = [f.SkuFactory(merchant_code=code, **kwargs) for code in codes]
    for sku in skus:
        f.ListingFactory(product=sku.product, store=store)
    return skus


def test_batch_price_set_on_the_product_list_sets_every_sku_of_the_ticked_products(page, login, tmall):
    # given two products of two SKUs each at 99.00, listed in the operator's store
    f.StaffFactory(username="chenchen", role="operator", stores=[tmall])
    dress, coat = f.ProductFactory(name="碎花连衣裙"), f.ProductFactory(name="羊毛大衣")
    for product, prefix in ((dress, "NM-DRESS"), (coat, "NM-COAT")):
        f.ListingFactory(product=product, store=tmall)
        for size in ("M", "L"):
            f.SkuFactory(product=product, merchant_code=f"{prefix}-{size}", list_price=Decimal("99.00"))
    login("chenchen")
    page.goto(reverse("catalog:product_list"))

    # when the operator ticks the dress and sets 128.00 with a reason
    tick(page, "碎花连衣裙")
    page.fill("[name='price_set-list_price']", "128.00")
    page.fill("[name='price_set-reason']", "换季调价")
    press(page, "price_set")
    page.wait_for_selector("#messages .alert-success")

    # then both SKUs of the dress cost 128.00 and the coat's still 99.00, in one audit row
    prices = dict(Sku.objects.values_list("merchant_code", "list_price"))
    assert prices == {
        "NM-DRESS-M": Decimal("128.00"),
        "NM-DRESS-L": Decimal("128.00"),
        "NM-COAT-M": Decimal("99.00"),
        "NM-COAT-L": Decimal("99.00"),
    }
    event = AuditEvent.objects.get(action="catalog.sku.price_batch_change")
    assert (event.reason, sorted(event.after)) == ("换季调价", ["NM-DRESS-L", "NM-DRESS-M"])


def test_batch_stock_set_counts_the_ticked_skus_in_the_chosen_warehouse(page, login, tmall):
    # given three SKUs with 100 units in each of two warehouses (杭州 listed first, 广州 second)
    f.StaffFactory(username="chenchen", role="operator", stores=[tmall])
    hangzhou = f.WarehouseFactory(code="a-hz", name="杭州仓")
    guangzhou = f.WarehouseFactory(code="b-gz", name="广州仓")
    skus = listed_skus(tmall, "NM-SOCK-1", "NM-SOCK-2", "NM-SOCK-3")
    for sku in skus:
        for warehouse in (hangzhou, guangzhou):
            f.StockFactory(sku=sku, warehouse=warehouse, on_hand=100)
    login("chenchen")
    page.goto(reverse("catalog:sku_list"))

    # when the operator ticks two SKUs, chooses 广州仓, and counts 40 units
    tick(page, "NM-SOCK-1", "NM-SOCK-3")
    page.select_option("[name='stock_set-warehouse']", str(guangzhou.pk))
    assert_still_chosen(page, ["NM-SOCK-1", "NM-SOCK-3"], {"stock_set-warehouse": str(guangzhou.pk)})
    page.fill("[name='stock_set-on_hand']", "40")
    page.fill("[name='stock_set-reason']", "月度盘点")
    press(page, "stock_set")
    page.wait_for_selector("#messages .alert-success")

    # then exactly those two rows in 广州仓 hold 40; 杭州仓 and the third SKU are untouched
    stock = Stock.objects.select_related("sku", "warehouse")
    on_hand = {(s.sku.merchant_code, s.warehouse.code): s.on_hand for s in stock}
    assert on_hand == {
        ("NM-SOCK-1", "a-hz"): 100,
        ("NM-SOCK-1", "b-gz"): 40,
        ("NM-SOCK-2", "a-hz"): 100,
        ("NM-SOCK-2", "b-gz"): 100,
        ("NM-SOCK-3", "a-hz"): 100,
        ("NM-SOCK-3", "b-gz"): 40,
    }


def test_batch_listing_delists_the_ticked_products_in_the_chosen_store(page, login, tmall):
    # given an operator of two stores, each listing the same two products
    jd = f.StoreFactory(name="暖木京东自营店")
    f.StaffFactory(username="chenchen", role="operator", stores=[tmall, jd])
    scarf, hat = f.ProductFactory(name="羊绒围巾"), f.ProductFactory(name="针织帽")
    for product in (scarf, hat):
        f.SkuFactory(product=product)
        for store in (tmall, jd):
            f.ListingFactory(product=product, store=store, status="online")
    login("chenchen")
    page.goto(reverse("catalog:product_list"))
    first_store = page.locator("[name='listing_set-store'] option").first.get_attribute("value")
    other = jd if first_store == str(tmall.pk) else tmall

    # when the operator ticks the scarf, chooses the store listed second and 下架
    tick(page, "羊绒围巾")
    page.select_option("[name='listing_set-store']", str(other.pk))
    page.select_option("[name='listing_set-status']", "offline")
    assert_still_chosen(page, ["羊绒围巾"], {"listing_set-store": str(other.pk), "listing_set-status": "offline"})
    press(page, "listing_set")
    page.wait_for_selector("#messages .alert-success")

    # then only the scarf in that store is delisted
    statuses = {(row.product.name, row.store_id): row.status for row in Listing.objects.select_related("product")}
    assert statuses == {
        ("羊绒围巾", other.pk): "offline",
        ("羊绒围巾", ({tmall.pk, jd.pk} - {other.pk}).pop()): "online",
        ("针织帽", tmall.pk): "online",
        ("针织帽", jd.pk): "online",
    }


def test_low_stock_bars_count_units_and_set_thresholds_of_the_ticked_rows(page, login, tmall):
    # given an order clerk and three SKUs low on stock in one warehouse (3 units, threshold 10)
    f.StaffFactory(username="xiaozhou", role="order_clerk", stores=[tmall])
    warehouse = f.WarehouseFactory(code="hz", name="杭州仓")
    for sku in listed_skus(tmall, "NM-GLOVE-1", "NM-GLOVE-2", "NM-GLOVE-3"):
        f.StockFactory(sku=sku, warehouse=warehouse, on_hand=3)
    login("xiaozhou")
    page.goto(reverse("catalog:low_stock"))

    # when the clerk ticks two rows and records a count of 50 after restocking
    tick(page, "NM-GLOVE-1", "NM-GLOVE-2")
    page.fill("[name='stock_count-on_hand']", "50")
    page.fill("[name='stock_count-reason']", "到货入库")
    press(page, "stock_count")
    page.wait_for_selector("#batch-form tr:has-text('NM-GLOVE-1')", state="detached")

    # and lowers the threshold of the remaining row to 2
    tick(page, "NM-GLOVE-3")
    page.fill("[name='threshold_set-low_stock_threshold']", "2")
    press(page, "threshold_set")
    page.wait_for_selector("#batch-form tr:has-text('NM-GLOVE-3')", state="detached")

    # then the counted rows hold 50, the third keeps its 3 units under a threshold of 2
    rows = {s.sku.merchant_code: (s.on_hand, s.low_stock_threshold) for s in Stock.objects.select_related("sku")}
    assert rows == {"NM-GLOVE-1": (50, 10), "NM-GLOVE-2": (50, 10), "NM-GLOVE-3": (3, 2)}
