"""Console pages of the blacklist: list with masked phones, add form, removal with a reason."""

from __future__ import annotations

from zhanggui.orders.models import BlacklistEntry
from zhanggui.orders.services import blacklist_entry_add


def test_the_list_shows_entries_with_masked_phones(english_client_for, clerk, store):
    # given
    blacklist_entry_add(by=clerk, store=store, nickname="tb_恶意", phone="13800001111", reason="恶意退款")
    # when
    response = english_client_for(clerk).get("/orders/blacklist/")
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert ("tb_恶意" in page, "138****1111" in page, "13800001111" in page) == (True, True, False)


def test_a_clerk_adds_an_entry_through_the_form(english_client_for, clerk, store):
    client = english_client_for(clerk)
    assert client.get("/orders/blacklist/new/").status_code == 200
    # when: the first try names nobody, the second a phone
    refused = client.post("/orders/blacklist/new/", {"store": store.pk, "reason": "拒收"})
    added = client.post("/orders/blacklist/new/", {"store": store.pk, "phone": "13800001111", "reason": "拒收"})
    # then
    assert refused.status_code == 422
    assert "Give the buyer&#x27;s nickname, phone number or both." in refused.content.decode()
    assert (added.status_code, added.url) == (302, "/orders/blacklist/")
    assert list(BlacklistEntry.objects.values_list("phone", "reason")) == [("13800001111", "拒收")]


def test_a_clerk_removes_an_entry_with_a_reason(english_client_for, clerk, store, other_store, make_staff):
    # given
    entry = blacklist_entry_add(by=clerk, store=store, nickname="tb_a", reason="x")
    foreign = blacklist_entry_add(
        by=make_staff("order_clerk", stores=[other_store]), store=other_store, nickname="tb_b", reason="y"
    )
    client = english_client_for(clerk)
    # when / then
    assert client.get(f"/orders/blacklist/{foreign.pk}/remove/").status_code == 404
    assert client.post(f"/orders/blacklist/{entry.pk}/remove/", {"reason": ""}).status_code == 422
    assert client.post(f"/orders/blacklist/{entry.pk}/remove/", {"reason": "已和解"}).status_code == 302
    assert list(BlacklistEntry.objects.values_list("nickname", flat=True)) == ["tb_b"]


def test_entries_are_removed_in_a_batch(english_client_for, clerk, store):
    first = blacklist_entry_add(by=clerk, store=store, nickname="tb_a", reason="x")
    second = blacklist_entry_add(by=clerk, store=store, nickname="tb_b", reason="y")
    response = english_client_for(clerk).post(
        "/orders/blacklist/", {"_action": "remove", "ids": [first.pk, second.pk], "remove-reason": "清理"}
    )
    assert response.status_code == 302
    assert BlacklistEntry.objects.count() == 0


def test_agents_do_not_see_the_blacklist(english_client_for, make_staff):
    assert english_client_for(make_staff("cs_agent")).get("/orders/blacklist/").status_code == 403
