"""The home page's widget registry: discovery, deny by default, own work first, cards left out, the page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from zhanggui.core import policy, widgets
from zhanggui.core.menu import MenuItem
from zhanggui.core.registry import contributions
from zhanggui.core.widgets import FIGURES_TEMPLATE, Figure, HomeWidget, home_panels, widgets_for

pytestmark = pytest.mark.django_db


def figures(value: int):  # type: ignore[no-untyped-def]
    return lambda user: {"figures": [Figure("n", "Count", value, "/somewhere/")], "todo": value}


QUEUE = HomeWidget(
    "test.queue", "Queue", "orders.review", FIGURES_TEMPLATE, figures(3), order=20, roles={"order_clerk"}
)
STOCK = HomeWidget("test.stock", "Stock", "catalog.stock", FIGURES_TEMPLATE, figures(0), order=10, roles={"operator"})
SALES = HomeWidget(
    "test.sales",
    "Sales",
    "orders.view",
    FIGURES_TEMPLATE,
    figures(0),
    order=5,
    roles={"manager"},
    scripts=("vendor/echarts/echarts.min.js", "core/charts.js"),
)
EVERYONE = HomeWidget("test.everyone", "Everyone", policy.AUTHENTICATED, FIGURES_TEMPLATE, figures(1), order=30)
UNDECLARED = HomeWidget("test.undeclared", "No permission", "", FIGURES_TEMPLATE, figures(9), order=1)
NOTHING_FOR_YOU = HomeWidget("test.none", "Nothing", policy.AUTHENTICATED, FIGURES_TEMPLATE, lambda user: None)


@pytest.fixture
def registered(monkeypatch):  # type: ignore[no-untyped-def]
    """Replace the discovered widgets with ``registered(*widgets)``."""

    def register(*declared: HomeWidget) -> None:
        monkeypatch.setattr(widgets, "all_widgets", lambda: declared)

    return register


def keys(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [getattr(item, "widget", item).key for item in items]


def test_contributions_are_found_in_each_apps_module():
    # when
    found_widgets = contributions("widgets", "WIDGETS")
    menu_items = contributions("menu", "ITEMS")
    # then every app's declarations are there, in app order, and the kernel declares no widget of its own
    assert {widget.key.split(".")[0] for widget in found_widgets} == {"orders", "catalog", "aftersales", "service"}
    assert all(isinstance(widget, HomeWidget) for widget in found_widgets)
    assert {"core:home", "orders:review_queue", "catalog:low_stock"} <= {item.url_name for item in menu_items}
    assert all(isinstance(item, MenuItem) for item in menu_items)
    assert contributions("no_such_module", "ITEMS") == []


def test_an_error_inside_a_contributing_module_is_not_swallowed(monkeypatch):
    # given the orders app's widgets module needs a package that is missing
    from zhanggui.core import registry

    real_import = registry.import_module

    def failing(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "zhanggui.orders.widgets":
            raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(registry, "import_module", failing)
    # when / then the error shows instead of the app's widgets silently missing
    with pytest.raises(ModuleNotFoundError, match="missing_dependency"):
        contributions("widgets", "WIDGETS")


def test_widgets_are_denied_by_default_and_filtered_by_permission(registered, make_staff):
    # given
    registered(UNDECLARED, QUEUE, STOCK, SALES, EVERYONE)
    # then a widget without a permission shows to nobody; the others to the roles granted theirs
    assert keys(widgets_for(make_staff("cs_agent"))) == ["test.sales", "test.everyone"]
    assert keys(widgets_for(make_staff("editor"))) == ["test.everyone"]
    assert "test.undeclared" not in keys(widgets_for(make_staff("admin")))


def test_own_work_comes_first_then_the_rest_in_declared_order(registered, make_staff):
    # given
    registered(UNDECLARED, QUEUE, STOCK, SALES, EVERYONE)
    # then
    assert keys(widgets_for(make_staff("order_clerk"))) == ["test.queue", "test.sales", "test.stock", "test.everyone"]
    assert keys(widgets_for(make_staff("operator"))) == ["test.stock", "test.everyone"]
    assert keys(widgets_for(make_staff("manager"))) == ["test.sales", "test.stock", "test.queue", "test.everyone"]


def test_a_widget_with_nothing_for_the_user_is_left_out(registered, make_staff):
    # given
    registered(NOTHING_FOR_YOU, EVERYONE)
    # when
    panels = home_panels(make_staff("editor"))
    # then
    assert [(panel.widget.key, panel.own, panel.todo) for panel in panels] == [("test.everyone", False, 1)]


def test_the_home_page_shows_own_work_first_with_its_links_and_scripts(registered, make_staff, client_for):
    # given
    registered(QUEUE, STOCK, SALES, EVERYONE)
    client = client_for(make_staff("manager"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # when
    html = client.get(reverse("core:home")).content.decode()
    # then the manager's own card is under "Your work", the others after in declared order
    at = [html.index(f'data-widget="{key}"') for key in ("test.sales", "test.stock", "test.queue", "test.everyone")]
    assert html.index('id="home-own"') < at[0] < html.index('id="home-other"') < at[1] < at[2] < at[3]
    assert 'href="/somewhere/"' in html
    assert html.index("vendor/echarts/echarts.min.js") < html.index("core/charts.js")
    assert "Nothing is waiting for you right now." not in html


def test_the_home_page_says_so_when_nothing_waits(registered, make_staff, client_for):
    # given a role whose only card counts nothing to do
    registered(STOCK)
    client = client_for(make_staff("operator"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # when
    html = client.get(reverse("core:home")).content.decode()
    # then
    assert 'id="home-nothing-to-do"' in html
    assert "Nothing is waiting for you right now." in html
    assert "echarts" not in html


def test_a_role_without_cards_is_told_in_chinese_by_default(registered, make_staff, client_for):
    # given
    registered(QUEUE)
    # when
    html = client_for(make_staff("editor")).get(reverse("core:home")).content.decode()
    # then
    assert "目前没有等您处理的事项。" in html
    assert 'data-widget="test.queue"' not in html
