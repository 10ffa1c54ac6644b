"""The kernel's registration points: what contexts contribute reaches the kernel without core naming them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from zhanggui.core import api as core_api
from zhanggui.core import background
from zhanggui.core.api import BearerTokenAuth, register_token_authenticator
from zhanggui.core.imports.registry import importer_for_kind, importer_register
from zhanggui.core.menu import all_items
from zhanggui.core.registry import contributing_modules, contributions


def test_contributions_are_read_app_after_app_in_installed_order():
    # when the kernel reads every app's demo builders
    names = [module.__name__ for module in contributing_modules("demo") if hasattr(module, "build")]
    # then they come in INSTALLED_APPS order, the order the contexts build on each other
    assert names == [
        "zhanggui.accounts.demo",
        "zhanggui.stores.demo",
        "zhanggui.catalog.demo",
        "zhanggui.orders.demo",
        "zhanggui.aftersales.demo",
        "zhanggui.service.demo",
    ]


def test_the_menu_is_every_apps_items_sorted_by_their_order():
    # when the menu is read
    items = all_items()
    # then it holds the kernel's and the contexts' items, in their declared order
    assert items[0].url_name == "core:home"
    assert {"catalog:sku_list", "orders:order_list", "accounts:staff_list"} <= {i.url_name for i in items}
    assert [i.order for i in items] == sorted(i.order for i in items)
    assert list(items) == sorted(contributions("menu", "ITEMS"), key=lambda i: i.order)


def test_every_apps_api_routes_are_mounted_under_their_prefix(db):
    # given the routes each context lists
    prefixes = [prefix for prefix, _router in contributions("api", "ROUTES")]
    assert {"/auth", "/staff", "/stores", "/catalog", "/catalog/imports", "/orders"} <= set(prefixes)
    # when the API schema is read
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    # then every listed prefix serves at least one path, and the kernel's own routes are there
    assert [p for p in prefixes if not any(path.startswith(f"/api/v1{p}") for path in paths)] == []
    assert "/api/v1/core/audit-events" in paths


def test_each_import_kind_is_registered_once_by_its_app():
    # then the contexts' importers are found by their kinds
    kinds = ["catalog.products", "orders.taobao", "orders.jd", "orders.generic"]
    assert [importer_for_kind(kind).kind for kind in kinds] == kinds
    assert importer_for_kind("unknown.kind") is None
    # and a second importer of a known kind is refused
    impostor = type(importer_for_kind("orders.jd"))()
    with pytest.raises(ImproperlyConfigured, match=r"orders\.jd"):
        importer_register(impostor)


def test_a_queued_task_runs_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    # given a task registered under a name
    ran = []
    background.queued_as("test.registry.task")(ran.append)
    try:
        # when a service queues it inside a transaction
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            background.enqueue_on_commit("test.registry.task", 42)
            assert ran == []
        # then it ran with its arguments once the transaction committed
        assert (len(callbacks), ran) == (1, [42])
    finally:
        background._QUEUED.pop("test.registry.task")


def test_queueing_an_unknown_task_name_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="no task is queued as 'nope'"):
        background.enqueue_on_commit("nope")


def test_a_task_name_cannot_be_taken_twice():
    # given the import check task under its name, when another task claims it, then it is refused
    with pytest.raises(ImproperlyConfigured, match=r"imports\.check"):
        background.queued_as("imports.check")(print)


def test_bearer_tokens_are_checked_by_the_registered_authenticator(make_staff, rf):
    # given an authenticator that knows one token
    staff = make_staff("order_clerk")
    original = core_api._token_authenticator
    register_token_authenticator(lambda raw: staff if raw == "good" else None)
    try:
        request = rf.get("/api/v1/auth/tokens")
        # then the bearer check accepts that token and refuses another
        assert BearerTokenAuth().authenticate(request, "good") == staff
        assert request.user == staff
        assert BearerTokenAuth().authenticate(rf.get("/"), "bad") is None
    finally:
        register_token_authenticator(original)
