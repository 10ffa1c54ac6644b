"""Canned reply pages: an agent keeps their own, a lead also the team's; the picker fills each
reply for the conversation."""

from __future__ import annotations

import pytest

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Buyer, Order
from zhanggui.service.models import CannedReply
from zhanggui.service.services import canned_reply_create


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale, status="offline")


@pytest.fixture
def lead(make_agent):  # type: ignore[no-untyped-def]
    return make_agent(role="cs_lead")


def test_an_agent_creates_their_own_reply(client_for, agent):
    answer = client_for(agent).post(
        "/service/canned/new/", {"title": "问候", "shortcut": "/hi", "category": "通用", "body": "亲，在的"}
    )
    assert answer.status_code == 302
    reply = CannedReply.objects.get()
    assert (reply.owner_id, reply.store_id, reply.shortcut) == (agent.pk, None, "/hi")


def test_a_taken_shortcut_shows_on_its_field(client_for, agent):
    canned_reply_create(by=agent, title="问候", body="亲", shortcut="/hi")
    answer = client_for(agent).post("/service/canned/new/", {"title": "问候2", "shortcut": "/hi", "body": "在的"})
    assert answer.status_code == 422
    assert answer.context["form"].errors["shortcut"] == ["快捷指令 /hi 已被使用。"]  # the console speaks Chinese


def test_a_lead_creates_a_team_reply_for_a_store(client_for, lead, store):
    client_for(lead).post(
        "/service/canned/new/",
        {"title": "退货", "shortcut": "/退货", "body": "退货流程", "scope": "team", "store": store.pk},
    )
    reply = CannedReply.objects.get()
    assert (reply.owner_id, reply.store_id) == (None, store.pk)


def test_an_agent_cannot_open_anothers_reply_or_change_the_teams(client_for, agent, make_agent, presale, lead):
    theirs = canned_reply_create(by=make_agent(presale), title="他的", body="他的话")
    team = canned_reply_create(by=lead, title="团队", body="团队的话", team=True)
    audits = AuditEvent.objects.count()
    client = client_for(agent)
    assert client.get(f"/service/canned/{theirs.pk}/").status_code == 404
    assert client.post(f"/service/canned/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/service/canned/{team.pk}/", {"title": "改", "body": "改"}).status_code == 403
    assert client.post(f"/service/canned/{team.pk}/delete/").status_code == 302  # refused with a message
    assert list(CannedReply.objects.order_by("pk").values_list("title", flat=True)) == ["他的", "团队"]
    assert AuditEvent.objects.count() == audits
    listed = client.get("/service/canned/").content.decode()
    assert ("团队的话" in listed, "他的话" in listed) == (True, False)


def test_the_picker_fills_the_variables_for_the_conversation(client_for, agent, buyer_writes, store):
    buyer = Buyer.objects.create(store=store, nickname="tb_小王")
    Order.objects.create(store=store, buyer=buyer, platform_order_id="T77", status="paid")
    canned_reply_create(by=agent, title="订单", body="{买家昵称}，您的订单{订单号}已收到", shortcut="/单")
    canned_reply_create(by=agent, title="问候", body="在的", shortcut="/hi")
    conversation = buyer_writes("在吗", sender="tb_小王").conversation
    answer = client_for(agent).get("/service/canned/picker/", {"conversation": conversation.pk, "q": "/单"})
    assert answer.status_code == 200
    text = answer.content.decode()
    assert 'data-fill="tb_小王，您的订单T77已收到"' in text
    assert "在的" not in text


def test_the_picker_of_an_unseen_conversation_is_a_404(client_for, agent, buyer_writes, aftersale):
    other = buyer_writes("我要投诉", sender="tb_other").conversation
    assert client_for(agent).get("/service/canned/picker/", {"conversation": other.pk}).status_code == 404
    assert client_for(agent).get("/service/canned/picker/", {"conversation": "x"}).status_code == 404
