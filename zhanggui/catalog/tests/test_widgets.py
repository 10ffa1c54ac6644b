"""The catalog's home cards: low stock, listed SKUs sold out, listings per store; each figure is its link's list."""

from __future__ import annotations

from django.urls import reverse

from zhanggui.catalog import widgets
from zhanggui.catalog.selectors import sku_list
from zhanggui.core.widgets import widgets_for
from zhanggui.testing.factories import SkuFactory, StockFactory


def values(card):  # type: ignore[no-untyped-def]
    return {figure.key: figure.value for figure in card["figures"]}


def sell_out_black_and_list_the_tee(catalog):  # type: ignore[no-untyped-def]
    """Black L (low: 8 of 10) runs out and the T-shirt goes on sale in the staff's store."""
    catalog.black_stock.on_hand = 0
    catalog.black_stock.save()
    catalog.listing.status = "online"
    catalog.listing.save()


def test_stock_card_counts_within_my_stores(make_staff, catalog):
    # given black L is sold out in my store; the other store's down jacket (3 of 10) is low
    sell_out_black_and_list_the_tee(catalog)
    # when
    mine = widgets.stock_card(make_staff("operator"))
    everyone = widgets.stock_card(make_staff("manager"))
    # then
    assert (values(mine), mine["todo"]) == ({"low_stock": 1, "sold_out": 1}, 2)
    assert values(everyone) == {"low_stock": 2, "sold_out": 1}
    assert [figure.url for figure in mine["figures"]] == [
        reverse("catalog:low_stock"),
        reverse("catalog:sku_list") + "?status=online&sold_out=on",
    ]


def test_sold_out_means_on_sale_with_nothing_left_anywhere(make_staff, catalog):
    # given a SKU with no stock row at all, and an inactive one with none left
    sell_out_black_and_list_the_tee(catalog)
    SkuFactory(product=catalog.product, merchant_code="TEE-RED-S")
    retired = SkuFactory(product=catalog.product, merchant_code="TEE-OLD-S", is_active=False)
    StockFactory(sku=retired, warehouse=catalog.warehouse, on_hand=0, reserved=0)
    # when
    codes = [sku.merchant_code for sku in sku_list(user=make_staff("operator"), filters={"sold_out": True})]
    # then
    assert sorted(codes) == ["TEE-BLK-L", "TEE-RED-S"]


def test_the_sold_out_link_lists_those_skus(make_staff, client_for, catalog):
    # given
    sell_out_black_and_list_the_tee(catalog)
    operator = make_staff("operator")
    url = widgets.stock_card(operator)["figures"][1].url
    # when
    html = client_for(operator).get(url).content.decode()
    # then
    assert "TEE-BLK-L" in html
    assert "TEE-WHT-M" not in html


def test_listings_card_counts_listed_and_delisted_per_store(make_staff, client_for, catalog, store, other_store):
    # when
    mine = widgets.listings_card(make_staff("operator"))
    everyone = widgets.listings_card(make_staff("manager"))
    # then my store has the delisted T-shirt; the other store lists the down jacket
    assert mine is not None and everyone is not None
    assert [(row["store"], row["listed"], row["delisted"]) for row in mine["rows"]] == [(store, 0, 1)]
    assert {row["store"]: (row["listed"], row["delisted"]) for row in everyone["rows"]} == {
        store: (0, 1),
        other_store: (1, 0),
    }
    html = client_for(make_staff("operator")).get(mine["rows"][0]["delisted_url"]).content.decode()
    assert "纯棉T恤" in html


def test_a_cs_agent_gets_no_stock_or_listing_card(make_staff):
    # given a role without catalog.stock or catalog.listing
    agent = make_staff("cs_agent")
    # when
    keys = [widget.key for widget in widgets_for(agent)]
    # then
    assert "catalog.stock" not in keys and "catalog.listings" not in keys
