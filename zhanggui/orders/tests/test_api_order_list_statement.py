"""The order list polled by status and store runs SQL compiled once per shape: the same answers as
the ORM's, fresh data on every call, one query per page, and no statement kept when the SQL
depends on the values."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhanggui.core import statements
from zhanggui.orders.models import Order

pytestmark = pytest.mark.django_db
URL = "/api/v1/orders"


@pytest.fixture(autouse=True)
def no_kept_statements(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(statements, "_kept", OrderedDict())


@pytest.fixture
def orders(make_order, store, other_store):  # type: ignore[no-untyped-def]
    for number in ("P1", "P2", "P3"):
        make_order(number, status="paid", buyer_nickname=f"tb_{number}", address_detail=f"文三路 {number} 号")
    make_order("U1")
    make_order("THEIRS", status="paid", store=other_store)
    assert Order.objects.filter(status="awaiting_shipment").count() == 4


def read(client, query: str) -> dict:  # type: ignore[no-untyped-def]
    return client.get(URL + query).json()


@pytest.mark.parametrize("role", ["order_clerk", "manager"])
def test_a_polled_page_is_what_the_orm_answers(orders, make_staff, english_api_client_for, store, role):
    # given a caller, and the list as the ORM renders it (a filter outside the polled ones)
    client = english_api_client_for(make_staff(role))
    queries = [f"?status=awaiting_shipment&store={store.pk}", "?status=awaiting_shipment", "", "?page_size=2&page=2"]
    # when the polled shapes are read twice (compiled, then kept)
    first = [read(client, query) for query in queries]
    second = [read(client, query) for query in queries]
    by_orm = [read(client, query + ("&" if "?" in query else "?") + "memo_flag=none") for query in queries]
    # then all three agree
    assert first == second == by_orm
    numbers = [[o["platform_order_id"] for o in page["items"]] for page in first]
    theirs = ["THEIRS"] if role == "manager" else []
    assert numbers[0] == ["P3", "P2", "P1"]
    assert numbers[1] == [*theirs, "P3", "P2", "P1"]
    assert (first[3]["count"], first[3]["count_capped"]) == (4 + len(theirs), False)


def test_a_kept_statement_reads_fresh_rows_in_one_query(orders, make_staff, english_api_client_for, store, make_order):
    # given the clerk's page read once (its statement kept)
    client = english_api_client_for(make_staff("order_clerk"))
    query = f"?status=awaiting_shipment&store={store.pk}"
    read(client, query)
    make_order("P4", status="paid", buyer_nickname="tb_P4", address_detail="文三路 P4 号")
    # when it is read again
    with CaptureQueriesContext(connection) as captured:
        page = read(client, query)
    # then the new order is on it, read by the page's one statement (besides the token check)
    assert [o["platform_order_id"] for o in page["items"]] == ["P4", "P3", "P2", "P1"]
    assert sum("orders_order" in q["sql"] for q in captured.captured_queries) == 1


def test_the_console_session_reads_the_polled_page_too(orders, make_staff, client_for, store):
    # given a clerk signed in to the console (the API's session authentication)
    client = client_for(make_staff("order_clerk"))
    # when the polled page is read twice
    pages = [client.get(f"{URL}?status=awaiting_shipment&store={store.pk}").json() for _ in range(2)]
    # then both list the store's orders awaiting shipment
    assert [[o["platform_order_id"] for o in page["items"]] for page in pages] == [["P3", "P2", "P1"]] * 2


def test_no_statement_is_kept_when_the_sql_depends_on_the_values(db):
    # given a queryset whose SQL text changes with its value (a value inlined, not a parameter)
    def build(values):  # type: ignore[no-untyped-def]
        return Order.objects.filter(pk__gt=0)[: abs(int(values[0])) % 50 + 1].values_list("pk")

    # when its rows are asked for
    rows = statements.statement_rows("test.inlined", [3], build)
    # then they are read by the ORM, and nothing is kept
    assert (rows, statements._kept["test.inlined"]) == ([], None)


def test_the_kept_statements_are_bounded_keeping_the_most_recently_used(db, monkeypatch):
    # given room for two statements
    monkeypatch.setattr(statements, "KEPT_MAX", 2)

    def build(values):  # type: ignore[no-untyped-def]
        return Order.objects.filter(pk=values[0]).values_list("pk")

    # when three shapes are read, the first again before the third
    for key in ("page-1", "page-2", "page-1", "page-3"):
        statements.statement_rows(key, [1], build)
    # then the least recently used one made room
    assert list(statements._kept) == ["page-1", "page-3"]
