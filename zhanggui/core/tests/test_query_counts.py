"""Query-count baselines of every console list and every list API (as NetBox keeps them).

Each list is read with N rows of everything and again with 3N: the number of queries must be the
same both times (no query per row) and equal to its baseline in ``query_counts.json``. The lists
are discovered like the permission matrix does: console pages built on ``ObjectListView`` (and the
other list pages named in ``OTHER_CONSOLE_LISTS``), API GETs without path parameters that answer a
page or an array. A new list, or a change of a count, fails with the measured figure: look for the
query per row, or, when a constant query was added on purpose, record the new baselines with
``QUERY_COUNTS_RECORD=1 pytest zhanggui/core/tests/test_query_counts.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from zhanggui.core import policy
from zhanggui.core.api import api
from zhanggui.core.models import ImportJob
from zhanggui.core.views.generic import ObjectListView
from zhanggui.testing import factories as f

from .routes import api_routes, console_routes

BASELINES = Path(__file__).with_name("query_counts.json")
N = 2
# List pages not built on ObjectListView.
OTHER_CONSOLE_LISTS = {
    "accounts:token_list",
    "catalog:category_list",
    "catalog:knowledge_search",
    "orders:review_queue",
}
# Lists that need a query to list anything: the search's words.
QUERIES = {"api knowledge_search": "?q=机洗", "console catalog:knowledge_search": "?q=机洗"}

# Roles tried in turn for a list's permission: those seeing every store first.
ROLES = ("manager", "admin", "gm", "analyst", "order_clerk", "operator", "cs_agent", "editor")


def console_lists() -> list[tuple[str, str, str | None]]:
    found = []
    for route in console_routes():
        if route.params or not route.name:
            continue
        view_class = getattr(resolve("/" + route.pattern).func, "view_class", None)
        is_list = view_class is not None and issubclass(view_class, ObjectListView)
        if is_list or route.name in OTHER_CONSOLE_LISTS:
            name = f"console {route.name}"
            found.append((name, reverse(route.name) + QUERIES.get(name, ""), route.permission))
    return found


@cache
def _openapi() -> dict[str, Any]:
    return api.get_openapi_schema()


def _answers_a_list(path: str) -> bool:
    operation = _openapi()["paths"][path]["get"]
    schema = operation["responses"].get(200, {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = _openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema.get("type") == "array" or "items" in schema.get("properties", {})


def api_lists() -> list[tuple[str, str, str | None]]:
    """Each read as its largest page, so every row of the test is on it (with N rows and with 3N)."""
    return [
        (
            f"api {route.name}",
            route.path + (QUERIES.get(f"api {route.name}") or "?") + "&page_size=200",
            route.permission,
        )
        for route in api_routes()
        if route.method == "GET" and not route.params and _answers_a_list(route.path)
    ]


def role_for(permission: str | None) -> str:
    if permission in (None, policy.PUBLIC, policy.AUTHENTICATED):
        return ROLES[0]
    return next(role for role in ROLES if policy.role_has(role, permission))


def grow(world: dict[str, Any], n: int) -> None:
    """``n`` more rows of everything the lists show, each with the related rows its cells read."""
    from zhanggui.catalog.models import KnowledgeEntry
    from zhanggui.orders.models import BlacklistEntry, OrderSettings, Shipment, StoreRating, TrackingEvent
    from zhanggui.orders.services import OrderData, OrderLineData, order_upsert

    store, owner = world["store"], world["owner"]
    now = timezone.now()
    for _ in range(n):
        index = world["grown"] = world.get("grown", 0) + 1
        top = f.CategoryFactory()
        leaf = f.CategoryFactory(parent=f.CategoryFactory(parent=top))
        product = f.ProductFactory(category=leaf)
        f.ListingFactory(product=product, store=store)
        warehouse = f.WarehouseFactory()
        skus = [f.SkuFactory(product=product) for _colour in range(2)]
        for sku in skus:
            f.StockFactory(sku=sku, warehouse=warehouse, on_hand=1)  # low stock too
        KnowledgeEntry.objects.create(product=product, kind="faq", title=f"可以机洗吗{index}", body="可以")
        other = f.StoreFactory()
        OrderSettings.objects.create(
            store=other, unpaid_timeout_minutes=60, review_amount_threshold=Decimal("2000.00"), ship_sla_hours=48
        )
        team = f.TeamFactory()
        for role in ("operator", "order_clerk"):
            f.StaffFactory(role=role, stores=[store, other]).teams.add(team)
        for held in (False, True):
            order, _outcome = order_upsert(
                by=None,
                store=store,
                data=OrderData(
                    platform_order_id=f"Q{index}-{held:d}",
                    buyer_nickname=f"tb_q{index}",
                    created_at=now - dt.timedelta(hours=index),
                    status="paid",
                    buyer_message="加急" if held else "",
                    lines=[
                        OrderLineData(
                            title="T恤", unit_price=sku.list_price, quantity=1, merchant_code=sku.merchant_code
                        )
                        for sku in skus
                    ],
                ),
            )
            shipment = Shipment.objects.create(order=order, carrier="SF", tracking_no=f"SF{index:010d}{held:d}")
            TrackingEvent.objects.create(shipment=shipment, at=now, description="已揽收", location="杭州")
            f.anomalies_set(type(order).objects.filter(pk=order.pk), ["stuck_shipment"])
            StoreRating.objects.create(
                store=store, platform_rating_id=f"R{index}-{held:d}", rating=1, rated_at=now, order=order
            )
            grow_aftersales(world, order, agreed=held)
        grow_service(world, index)
        BlacklistEntry.objects.create(store=store, nickname=f"tb_bad{index}", reason="x", created_by=owner)
        for kind in ("catalog.products", "orders.taobao", "orders.ratings", "aftersales.taobao"):
            ImportJob.objects.create(
                kind=kind,
                file="imports/x.csv",
                original_name="x.csv",
                file_sha256="0" * 64,
                created_by=world["staff"][role_for(f"{kind.split('.')[0]}.import")],
                store=store,
            )
        for staff in world["staff"].values():
            from zhanggui.accounts.services import api_token_create

            api_token_create(by=staff, name=f"t{index}")


def grow_service(world: dict[str, Any], index: int) -> None:
    """A buyer's answered conversation with a note, a group with a member, a canned reply, a
    missed call's follow-up: what the service lists show."""
    from zhanggui.service.models import AgentPresence
    from zhanggui.service.services import (
        call_log,
        canned_reply_create,
        group_create,
        message_receive,
        message_send,
        note_add,
    )

    store, owner = world["store"], world["owner"]
    agent = f.StaffFactory(role="cs_agent", stores=[store])
    AgentPresence.objects.create(staff=agent, status="online")
    group_create(by=owner, store=store, kind="presale", name=f"售前{index}", members=[agent])
    received = message_receive(store=store, channel="taobao", sender_id=f"tb_q{index}", body="在吗")
    message_send(by=owner, conversation=received.conversation, body="在的")
    note_add(by=owner, conversation=received.conversation, body="老客户")
    canned_reply_create(by=owner, title=f"发货{index}", body="{买家昵称}您好", shortcut=f"/q{index}", team=True)
    call_log(
        by=owner,
        store=store,
        call_id=f"c{index}",
        direction="inbound",
        phone=f"1380000{index:04d}",
        started_at=timezone.now(),
        answered=False,
    )


def grow_aftersales(world: dict[str, Any], order: Any, *, agreed: bool) -> None:
    """An after-sales case on ``order`` (the order list marks it): a request, or one agreed by a handler."""
    from zhanggui.aftersales.models import Reason
    from zhanggui.aftersales.services import CaseLineInput, case_approve, case_create

    case = case_create(
        by=None,
        order=order,
        type="refund_only",
        reason=Reason.objects.get(code="size"),
        lines=[CaseLineInput(order_line_id=order.lines.first().pk, quantity=1)],
    )
    if agreed:
        case_approve(by=world["owner"], case=case)


def read(world: dict[str, Any], path: str, permission: str | None, *, warm: bool = False) -> tuple[int, int]:
    """(status, queries) of one read of ``path`` as a staff member holding ``permission``."""
    role = role_for(permission)
    clients = world.setdefault("clients", {})
    key = (role, path.startswith("/api/"))
    if key not in clients:
        if key[1]:
            clients[key] = Client(HTTP_AUTHORIZATION=f"Bearer {world['tokens'][role]}")
        else:
            clients[key] = Client()
            clients[key].force_login(world["staff"][role], backend="django.contrib.auth.backends.ModelBackend")
    client = clients[key]
    if warm:
        client.get(path)  # the session, the token's last use, per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, len(captured.captured_queries)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_list_reads_a_constant_number_of_queries(store):
    # given N rows of everything, and a staff member of every role
    from zhanggui.accounts.services import api_token_create

    staff = {role: f.StaffFactory(role=role, stores=[store]) for role in ROLES}
    world: dict[str, Any] = {"store": store, "owner": staff["manager"], "staff": staff}
    world["tokens"] = {role: api_token_create(by=member, name="counts")[1] for role, member in staff.items()}
    lists = console_lists() + api_lists()
    grow(world, N)
    # when every list is read with N rows, then with 3N
    small = {name: read(world, path, permission, warm=True) for name, path, permission in lists}
    grow(world, 2 * N)
    large = {name: read(world, path, permission) for name, path, permission in lists}
    # then each answers, with as many queries at 3N rows as at N, and as many as its baseline
    measured = {name: queries for name, (_status, queries) in large.items()}
    if os.environ.get("QUERY_COUNTS_RECORD"):
        BASELINES.write_text(json.dumps(measured, indent=2, sort_keys=True) + "\n")
    failing = {name: status for name, (status, _queries) in large.items() if status != 200}
    per_row = {name: (small[name][1], measured[name]) for name in measured if small[name][1] != measured[name]}
    assert (failing, per_row) == ({}, {}), "non-200 answers, or (queries at N rows, at 3N rows)"
    assert measured == json.loads(BASELINES.read_text())
