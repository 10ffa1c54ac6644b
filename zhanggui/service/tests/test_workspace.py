"""The live workspace: the list's tabs and counts, the thread and its fragments, the composer, the
buyer's tags and notes; a conversation the agent may not see is missing, whatever the route."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import MessageKind, SenderKind
from zhanggui.service.models import ContactNote, Message, ServiceSettings
from zhanggui.service.services import note_add
from zhanggui.service.states import ConversationStatus

from .workspace_data import english, goods_make, order_make

pytestmark = pytest.mark.django_db
WORKSPACE = "/service/"
ROW = re.compile(r'id="ws-row-(\d+)"')
COUNT = re.compile(r'data-count="(\w+)">(\d+)<')


def rows(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def counts(response) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {key: int(n) for key, n in COUNT.findall(response.content.decode())}


@pytest.fixture
def desk(store, presale, aftersale, make_agent, buyer_writes):  # type: ignore[no-untyped-def]
    """An online agent of 售前 holding one conversation (capacity 1); a second pre-sale buyer waiting
    10 minutes in the queue; an after-sale return request the agent may not see."""
    agent = make_agent(presale, capacity=1)
    mine = buyer_writes("这件T恤是纯棉的吗", sender="tb_alice").conversation
    waiting = buyer_writes(
        "这件有M码吗", sender="tb_bob", sent_at=timezone.now() - dt.timedelta(minutes=10)
    ).conversation
    other_group = buyer_writes("我要退货", sender="tb_carol").conversation
    return agent, mine, waiting, other_group


def test_the_agent_opens_on_mine_with_every_tab_counted(desk, client_for):
    # given
    agent, mine, waiting, other_group = desk
    assert (mine.assignee, waiting.status, other_group.status) == (agent, "queued", "queued")
    # when
    response = english(client_for(agent)).get(WORKSPACE)
    # then: mine first; the after-sale conversation counts nowhere
    assert response.status_code == 200
    assert rows(response) == [mine.pk]
    assert counts(response) == {"queue": 1, "mine": 1, "active": 2, "unanswered": 1}


@pytest.mark.parametrize(
    ("tab", "expected"),
    [("queue", ["waiting"]), ("mine", ["mine"]), ("active", ["waiting", "mine"]), ("unanswered", ["waiting"])],
)
def test_each_tab_lists_its_conversations(desk, client_for, tab, expected):
    agent, mine, waiting, _other = desk
    by_name = {"mine": mine.pk, "waiting": waiting.pk}
    # when
    response = client_for(agent).get(WORKSPACE, {"tab": tab}, headers={"HX-Request": "true", "HX-Target": "ws-list"})
    # then: the list fragment alone, longest waiting first
    assert response.templates[0].name == "service/ws_list.html"
    assert rows(response) == [by_name[name] for name in expected]


def test_unanswered_follows_the_store_s_minutes(desk, store, client_for):
    # given the store alerts only after 15 minutes
    agent, *_ = desk
    ServiceSettings.objects.create(store=store, unanswered_alert_minutes=15)
    # when
    response = client_for(agent).get(WORKSPACE, {"tab": "unanswered"})
    # then the buyer waiting 10 minutes is not over it yet
    assert rows(response) == []
    assert counts(response)["unanswered"] == 0


def test_a_row_shows_waiting_time_priority_intent_and_assignee(desk, client_for):
    agent, _mine, waiting, _other = desk
    response = english(client_for(agent)).get(WORKSPACE, {"tab": "queue"})
    html = response.content.decode()
    row = html[html.index(f'id="ws-row-{waiting.pk}"') :]
    row = row[: row.index("</a>")]
    assert "tb_bob" in row and "这件有M码吗" in row
    assert re.search(r'class="ws-wait num ms-auto" data-since="[^"]+"[^>]*>10:0\d<', row)
    assert "Size" in row  # the intent
    assert "Unassigned" in row


def test_a_conversation_of_another_group_is_missing_everywhere(desk, client_for):
    # given
    agent, _mine, _waiting, other_group = desk
    client = client_for(agent)
    c = {"c": other_group.pk}
    # when / then
    for url in ("/service/", "/service/workspace/conversation/", "/service/workspace/messages/"):
        assert client.get(url, c).status_code == 404
    assert client.get("/service/workspace/context/", c).status_code == 404
    response = client.post("/service/workspace/send/", {"conversation": other_group.pk, "body": "您好"})
    assert response.status_code == 404
    assert Message.objects.filter(conversation=other_group, sender_kind=SenderKind.AGENT).count() == 0
    # and its row is not given either (nothing in the tab, the counts unchanged)
    row = client.get("/service/workspace/row/", {"c": other_group.pk, "tab": "active"})
    assert rows(row) == []
    assert counts(row) == {"queue": 1, "mine": 1, "active": 2, "unanswered": 1}


def test_opening_a_conversation_shows_its_thread_and_the_buyer(store, presale, make_agent, buyer_writes, client_for):
    # given a buyer with an order, who wrote yesterday and today, and an internal note
    goods_make(store)
    order = order_make(store, "T1001")
    agent = make_agent(presale)
    yesterday = timezone.now() - dt.timedelta(days=1)
    first = buyer_writes("在吗", sender="tb_小王", sent_at=yesterday, order_number="T1001")
    buyer_writes("我的订单能改地址吗", sender="tb_小王")
    note_add(by=agent, conversation=first.conversation, body="买家要改到上海")
    # when
    response = english(client_for(agent)).get("/service/workspace/conversation/", {"c": first.conversation.pk})
    html = response.content.decode()
    # then: a date line per day, the note apart, the order beside
    assert response.status_code == 200
    assert len(re.findall(r'class="ws-date"', html)) == 2
    assert html.count('class="ws-msg ws-msg-in"') == 2
    assert html.count('class="ws-msg ws-msg-note"') == 1
    assert f'href="/orders/{order.pk}/"' in html
    assert "¥287.30" in html
    assert "Awaiting shipment" in html


def test_messages_after_the_last_shown_are_given_once(presale, make_agent, buyer_writes, client_for):
    agent = make_agent(presale)
    first = buyer_writes("在吗")
    second = buyer_writes("有人吗")
    response = client_for(agent).get(
        "/service/workspace/messages/", {"c": first.conversation.pk, "after": first.message.pk}
    )
    html = response.content.decode()
    assert re.findall(r'data-message-id="(\d+)"', html) == [str(second.message.pk)]
    assert 'class="ws-date"' not in html  # the same day as the message before it


def test_send_answers_the_buyer_and_triggers_the_thread(presale, make_agent, buyer_writes, client_for):
    # given
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    # when
    response = client_for(agent).post("/service/workspace/send/", {"conversation": conversation.pk, "body": "在的"})
    # then
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"ws-sent": {"conversation": conversation.pk, "message": ""}}
    sent = Message.objects.filter(conversation=conversation, sender_kind=SenderKind.AGENT).get()
    assert (sent.kind, sent.body, sent.sender_staff) == (MessageKind.TEXT, "在的", agent)
    conversation.refresh_from_db()
    assert conversation.waiting_since is None


def test_note_stays_internal(presale, make_agent, buyer_writes, client_for):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    client_for(agent).post("/service/workspace/note/", {"conversation": conversation.pk, "body": "VIP 客户"})
    note = Message.objects.get(conversation=conversation, sender_kind=SenderKind.AGENT)
    assert (note.kind, note.body) == (MessageKind.NOTE, "VIP 客户")
    conversation.refresh_from_db()
    assert conversation.waiting_since is not None  # a note is no answer


def test_an_empty_message_is_refused_naming_the_field(presale, make_agent, buyer_writes, client_for):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    response = client_for(agent).post("/service/workspace/send/", {"conversation": conversation.pk, "body": " "})
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#ws-composer-error"
    assert response.content.decode() == "消息: 此项为必填项。"
    assert Message.objects.filter(sender_kind=SenderKind.AGENT).count() == 0


def test_a_general_manager_may_read_but_not_answer(buyer_writes, make_staff, client_for):
    # given a conversation of a store without service groups
    conversation = buyer_writes("在吗").conversation
    auditor = make_staff("gm")
    client = client_for(auditor)
    # when / then
    assert client.get(WORKSPACE, {"c": conversation.pk}).status_code == 200
    assert client.post("/service/workspace/send/", {"conversation": conversation.pk, "body": "hi"}).status_code == 403
    assert Message.objects.filter(sender_kind=SenderKind.AGENT).count() == 0


def test_resolve_and_reopen_swap_the_conversation(presale, make_agent, buyer_writes, client_for):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    client = english(client_for(agent))
    response = client.post("/service/workspace/resolve/", {"conversation": conversation.pk})
    conversation.refresh_from_db()
    assert (response.status_code, conversation.status) == (200, ConversationStatus.RESOLVED)
    assert 'hx-post="/service/workspace/reopen/"' in response.content.decode()
    client.post("/service/workspace/reopen/", {"conversation": conversation.pk})
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.OPEN


def test_tags_and_notes_on_the_buyer(presale, make_agent, buyer_writes, client_for):
    # given
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    client = client_for(agent)
    # when
    client.post("/service/workspace/tags/", {"conversation": conversation.pk, "tags": "VIP，老客户  VIP"})
    client.post("/service/workspace/contact-note/", {"conversation": conversation.pk, "body": "喜欢顺丰"})
    # then
    conversation.contact.refresh_from_db()
    assert conversation.contact.tags == ["VIP", "老客户"]
    assert list(ContactNote.objects.values_list("body", "author")) == [("喜欢顺丰", agent.pk)]
    assert AuditEvent.objects.filter(action__in=["service.contact.tag", "service.contact.note"]).count() == 2


def test_a_too_long_tag_is_refused_and_nothing_changes(presale, make_agent, buyer_writes, client_for):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    response = english(client_for(agent)).post(
        "/service/workspace/tags/", {"conversation": conversation.pk, "tags": "这是一个超过十二个字的很长的标签"}
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#ws-tags-error"
    conversation.contact.refresh_from_db()
    assert conversation.contact.tags == []
    assert AuditEvent.objects.filter(action="service.contact.tag").count() == 0


def test_a_conversation_the_agent_takes_comes_to_mine_and_leaves_it_when_resolved(
    presale, make_agent, buyer_writes, client_for
):
    # given a queued conversation (the agent is away)
    agent = make_agent(presale, status="away")
    conversation = buyer_writes("这件T恤是纯棉的吗").conversation
    client = client_for(agent)
    row = {"c": conversation.pk, "tab": "mine"}
    before = client.get("/service/workspace/row/", row)
    assert (rows(before), counts(before)["mine"], counts(before)["queue"]) == ([], 0, 1)
    # when the agent answers it (and takes it)
    client.post("/service/workspace/send/", {"conversation": conversation.pk, "body": "是的，100% 纯棉"})
    # then its row is one of mine
    taken = client.get("/service/workspace/row/", row)
    assert (rows(taken), counts(taken)["mine"], counts(taken)["queue"]) == ([conversation.pk], 1, 0)
    # and when resolved it leaves
    client.post("/service/workspace/resolve/", {"conversation": conversation.pk})
    resolved = client.get("/service/workspace/row/", row)
    assert (rows(resolved), counts(resolved)["mine"]) == ([], 0)


def test_the_thread_plugs_in_the_canned_picker_suggestions_and_knowledge(presale, make_agent, buyer_writes, client_for):
    agent = make_agent(presale)
    received = buyer_writes("这件T恤是纯棉的吗")
    c = received.conversation.pk
    html = client_for(agent).get("/service/workspace/conversation/", {"c": c}).content.decode()
    assert f'data-url="/service/canned/picker/?conversation={c}"' in html
    assert f'hx-get="/service/suggestions/?conversation={c}&message={received.message.pk}"' in html
    assert f'hx-get="/service/knowledge/?conversation={c}"' in html
    assert f'data-composer="{c}"' in html


def test_the_buyer_s_phone_is_masked_with_the_audited_reveal(presale, make_agent, buyer_writes, client_for):
    # given a buyer who left a phone number
    agent = make_agent(presale)
    conversation = buyer_writes("这件T恤是纯棉的吗", phone="13800001111").conversation
    contact = conversation.contact
    client = client_for(agent)
    # when the agent opens the buyer's pane
    pane = client.get("/service/workspace/context/", {"c": conversation.pk}).content.decode()
    # then the phone is masked, with the kernel's reveal control
    reveal = reverse("core:reveal", args=["service.Contact", contact.pk, "phone"])
    assert "13800001111" not in pane
    assert f'hx-get="{reveal}"' in pane
    # and revealing it with a reason shows it and leaves an audit record
    shown = client.post(reveal, {"reason": "买家要求回电"}).content.decode()
    assert "13800001111" in shown
    assert AuditEvent.objects.filter(action="pii.reveal", actor_id=agent.pk).count() == 1


def test_a_long_thread_costs_the_same_queries_as_a_short_one(
    presale, make_agent, buyer_writes, client_for, django_assert_max_num_queries
):
    # given a thread of 3 messages, then one of 30
    agent = make_agent(presale)
    client = client_for(agent)
    short = buyer_writes("这件T恤是纯棉的吗", sender="tb_a").conversation
    for n in range(2):
        buyer_writes(f"还有白色吗 {n}", sender="tb_a")
    long = buyer_writes("这件T恤是纯棉的吗", sender="tb_b").conversation
    for n in range(29):
        buyer_writes(f"还有白色吗 {n}", sender="tb_b")
    with CaptureQueriesContext(connection) as few:
        client.get("/service/workspace/conversation/", {"c": short.pk})
    # when / then
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/service/workspace/conversation/", {"c": long.pk})
