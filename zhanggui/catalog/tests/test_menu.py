"""The catalog menu by role."""

from __future__ import annotations

from zhanggui.core.menu import menu_for


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
