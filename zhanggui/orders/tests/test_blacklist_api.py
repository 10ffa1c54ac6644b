"""The blacklist API: the same services as the console, scoped, phones masked."""

from __future__ import annotations

import json

from zhanggui.orders.models import BlacklistEntry
from zhanggui.orders.services import blacklist_entry_add

URL = "/api/v1/orders/blacklist"


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_clerk_lists_and_adds_entries(english_api_client_for, clerk, store, other_store, make_staff):
    # given: one entry in the clerk's store and one elsewhere
    blacklist_entry_add(by=clerk, store=store, nickname="tb_a", reason="恶意退款")
    blacklist_entry_add(
        by=make_staff("order_clerk", stores=[other_store]), store=other_store, nickname="tb_b", reason="x"
    )
    client = english_api_client_for(clerk)
    # when
    created = post(client, URL, {"store_id": store.pk, "phone": "13800001111", "reason": "拒收三次"})
    listed = client.get(URL)
    # then
    assert created.status_code == 201
    body = created.json()
    assert (body["store_id"], body["nickname"], body["phone"], body["reason"], body["created_by"]) == (
        store.pk,
        "",
        "138****1111",
        "拒收三次",
        clerk.username,
    )
    assert [(e["nickname"], e["phone"]) for e in listed.json()["items"]] == [("", "138****1111"), ("tb_a", "")]
    assert client.get(URL, {"keyword": "1111"}).json()["count"] == 1


def test_adding_reports_bad_fields_and_foreign_stores(english_api_client_for, clerk, store, other_store):
    client = english_api_client_for(clerk)
    invalid = post(client, URL, {"store_id": store.pk, "reason": "x"})
    assert (invalid.status_code, invalid.json()["errors"]) == (
        422,
        [{"field": "nickname", "message": "Give the buyer's nickname, phone number or both."}],
    )
    assert post(client, URL, {"store_id": other_store.pk, "nickname": "tb_x", "reason": "x"}).status_code == 404
    assert BlacklistEntry.objects.count() == 0


def test_removing_an_entry(english_api_client_for, clerk, store):
    entry = blacklist_entry_add(by=clerk, store=store, nickname="tb_a", reason="恶意退款")
    client = english_api_client_for(clerk)
    assert post(client, f"{URL}/{entry.pk}/remove", {"reason": ""}).status_code == 422
    assert post(client, f"{URL}/{entry.pk}/remove", {"reason": "已和解"}).status_code == 204
    assert post(client, f"{URL}/{entry.pk}/remove", {"reason": "已和解"}).status_code == 404
    assert BlacklistEntry.objects.count() == 0


def test_an_agent_may_not_use_the_blacklist(english_api_client_for, make_staff, store):
    client = english_api_client_for(make_staff("cs_agent"))
    assert client.get(URL).status_code == 403
    assert post(client, URL, {"store_id": store.pk, "nickname": "tb_x", "reason": "x"}).status_code == 403
