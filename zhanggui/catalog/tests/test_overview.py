"""The home page's catalog cards and the catalog menu."""

from __future__ import annotations

from django.urls import reverse

from zhanggui.catalog.selectors import catalog_overview
from zhanggui.core.menu import menu_for


def test_overview_counts_within_my_stores(make_staff, catalog):
    # given: in my store, 1 product (delisted), 2 SKUs; black is low (8 ≤ 10); 28 units on hand
    operator = make_staff("operator")
    catalog.listing.status = "online"
    catalog.listing.save()
    # when
    cards = catalog_overview(user=operator)
    # then
    assert [(str(card["label"]), card["value"]) for card in cards] == [
        ("Products", 1),
        ("SKUs listed", 2),
        ("Low-stock items", 1),
        ("Units on hand", 28),
    ]
    assert cards[2]["url"] == reverse("catalog:low_stock")


def test_overview_for_a_manager_spans_all_stores(make_staff, catalog):
    # given: the other store's down jacket is listed, 3 units, low
    manager = make_staff("manager")
    # when
    values = [card["value"] for card in catalog_overview(user=manager)]
    # then
    assert values == [2, 1, 2, 31]


def test_home_page_shows_the_cards(make_staff, client_for, catalog):
    # given
    client = client_for(make_staff("operator"))
    # when
    html = client.get(reverse("core:home")).content.decode()
    # then
    assert "Low-stock items" in html
    assert reverse("catalog:low_stock") in html


def test_catalog_menu_by_role(make_staff):
    # given
    operator, agent, manager = make_staff("operator"), make_staff("cs_agent"), make_staff("manager")

    def labels(user):  # type: ignore[no-untyped-def]
        groups = menu_for(user, "/")
        return [str(item["label"]) for group in groups if str(group["label"]) == "Catalog" for item in group["items"]]

    # when / then
    assert labels(manager) == [
        "Products",
        "SKUs & prices",
        "Stock",
        "Low stock",
        "Categories",
        "Warehouses",
        "Product knowledge",
        "Import products",
    ]
    assert "Warehouses" not in labels(operator)
    assert "Import products" in labels(operator)
    assert labels(agent) == ["Products", "SKUs & prices", "Stock", "Low stock", "Categories", "Product knowledge"]
