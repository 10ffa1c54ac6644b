"""Counts stop at a cap: past it, a console list says "10,000+" (translated) and an API page says
``count_capped: true``, so an unfiltered list of a million orders runs no full COUNT."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from django.conf import settings
from django.urls import reverse

from zhanggui.core import api as core_api
from zhanggui.core import pagination, statements
from zhanggui.core.models import AuditEvent
from zhanggui.core.pagination import capped_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap_of_three(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    monkeypatch.setattr(core_api, "COUNT_CAP", 3)
    # The cap is part of a kept statement's SQL: keep none compiled under this one for later tests.
    monkeypatch.setattr(statements, "_kept", OrderedDict())


def events(count: int) -> None:
    AuditEvent.objects.bulk_create(AuditEvent(action=f"test.event{n}", actor_name="x") for n in range(count))


def test_a_count_stops_one_past_the_cap(django_assert_num_queries):
    # given five rows
    events(5)
    rows = AuditEvent.objects.filter(action__startswith="test.")
    # when counted up to 3, up to 5 and up to 10
    with django_assert_num_queries(1) as captured:
        capped = capped_count(rows, cap=3)
    # then the count says 3 and "more"; the query reads at most 4 rows
    assert (capped, capped_count(rows, cap=5), capped_count(rows, cap=10)) == ((3, True), (5, False), (5, False))
    assert "LIMIT 4" in captured.captured_queries[0]["sql"]
    assert capped_count(list(range(7)), cap=3) == (3, True)


def test_the_console_list_says_cap_plus_past_the_cap(make_staff, client_for, cap_of_three):
    # given more audit events than the cap
    manager = make_staff("manager")
    events(5)
    client = client_for(manager)
    # when the audit log is read in English, then in Chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("core:audit_list"), {"page_size": 20}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(reverse("core:audit_list"), {"page_size": 20}).content.decode()
    # then it says "3+ rows", translated, on one page of "1+"
    assert ("3+ rows" in english, "1 / 1+" in english, "rows</p>" in chinese, "共 3+ 条" in chinese) == (
        True,
        True,
        False,
        True,
    )


def test_the_console_list_counts_exactly_under_the_cap(make_staff, client_for, cap_of_three):
    manager = make_staff("manager")
    events(2)
    client = client_for(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("core:audit_list"), {"action": "test."}).content.decode()
    assert ("2 rows" in page, "+ rows" in page, "1 / 1<" in page) == (True, False, True)


def test_an_api_page_says_its_count_is_capped(make_staff, api_client_for, cap_of_three):
    # given more audit events than the cap
    manager = make_staff("manager")
    events(5)
    client = api_client_for(manager)
    # when the first page of 2 is read, and the last
    first = client.get("/api/v1/core/audit-events", {"page_size": 2, "action": "test."}).json()
    last = client.get("/api/v1/core/audit-events", {"page_size": 2, "page": 3, "action": "test."}).json()
    # then the first says "3, and more"; the last page knows the exact count
    assert (first["count"], first["count_capped"], len(first["items"])) == (3, True, 2)
    assert (last["count"], last["count_capped"], len(last["items"])) == (5, False, 1)


def test_the_order_list_api_caps_the_count_riding_along_with_its_page(make_staff, api_client_for, cap_of_three):
    # given five orders of the clerk's store
    from zhanggui.orders.models import Buyer, Order

    clerk = make_staff("order_clerk")
    store = clerk.stores.get()
    buyer = Buyer.objects.create(store=store, nickname="tb_1")
    Order.objects.bulk_create(Order(store=store, buyer=buyer, platform_order_id=f"C{n}") for n in range(5))
    client = api_client_for(clerk)
    # when pages of 2 are read
    first = client.get("/api/v1/orders", {"page_size": 2}).json()
    last = client.get("/api/v1/orders", {"page_size": 2, "page": 3}).json()
    # then
    assert (first["count"], first["count_capped"], len(first["items"])) == (3, True, 2)
    assert (last["count"], last["count_capped"], len(last["items"])) == (5, False, 1)


def test_the_api_documents_the_capped_count(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    page = schema["OrderPageOut"]["properties"]
    assert (page["count_capped"]["type"], "10,000" in page["count"]["description"]) == ("boolean", True)
