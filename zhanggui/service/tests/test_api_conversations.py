"""The conversations API: the list, one conversation with its buyer masked, messages, replying,
notes, resolving, the buyer's tags and notes; another group's conversation is a 404."""

from __future__ import annotations

import pytest

from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import Channel
from zhanggui.service.models import ContactNote, Message
from zhanggui.service.states import ConversationStatus

URL = "/api/v1/service/conversations"


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale, status="offline")


@pytest.fixture
def conversation(buyer_writes, presale):  # type: ignore[no-untyped-def]
    return buyer_writes(
        "这件有M码吗", sender="13812341234", channel=Channel.PHONE, nickname="小王", phone="13812341234"
    ).conversation


def test_the_list_shows_the_conversations_of_the_agents_group(
    api_client_for, agent, conversation, aftersale, buyer_writes
):
    # given: a complaint in the after-sale group, which the agent is not in
    buyer_writes("我要投诉", sender="tb_other")
    # when
    answer = api_client_for(agent).get(URL, {"status": "active"})
    # then
    assert answer.status_code == 200
    body = answer.json()
    assert (body["count"], [item["id"] for item in body["items"]]) == (1, [conversation.pk])
    item = body["items"][0]
    assert {k: item[k] for k in ("channel", "status", "assignee_id", "priority", "intent", "order_number")} == {
        "channel": "phone",
        "status": "queued",
        "assignee_id": None,
        "priority": 0,
        "intent": "size",
        "order_number": "",
    }
    assert item["contact"] == {"id": conversation.contact_id, "nickname": "小王"}


def test_the_detail_masks_the_buyers_phone(api_client_for, agent, conversation):
    answer = api_client_for(agent).get(f"{URL}/{conversation.pk}")
    assert answer.status_code == 200
    contact = answer.json()["contact"]
    assert (contact["nickname"], contact["phone"], contact["email"], contact["tags"], contact["notes"]) == (
        "小王",
        "138****1234",
        "",
        [],
        [],
    )


def test_another_groups_conversation_is_a_404(api_client_for, agent, buyer_writes, aftersale):
    other = buyer_writes("我要投诉", sender="tb_other").conversation
    assert api_client_for(agent).get(f"{URL}/{other.pk}").status_code == 404


def test_reply_takes_the_conversation_and_lists_in_the_thread(api_client_for, agent, conversation):
    client = api_client_for(agent)
    # when
    answer = client.post(f"{URL}/{conversation.pk}/reply", {"body": "有的，亲"}, content_type="application/json")
    # then
    assert answer.status_code == 201
    sent = answer.json()
    assert {k: sent[k] for k in ("sender_kind", "sender_staff_id", "kind", "body", "is_internal")} == {
        "sender_kind": "agent",
        "sender_staff_id": agent.pk,
        "kind": "text",
        "body": "有的，亲",
        "is_internal": False,
    }
    conversation.refresh_from_db()
    assert (conversation.status, conversation.assignee_id, conversation.waiting_since) == ("open", agent.pk, None)
    thread = client.get(f"{URL}/{conversation.pk}/messages").json()["items"]
    assert [(m["sender_kind"], m["body"]) for m in thread] == [("buyer", "这件有M码吗"), ("agent", "有的，亲")]
    first = thread[0]["id"]
    assert [m["body"] for m in client.get(f"{URL}/{conversation.pk}/messages", {"after": first}).json()["items"]] == [
        "有的，亲"
    ]


def test_an_empty_reply_is_refused_naming_the_body(api_client_for, agent, conversation):
    answer = api_client_for(agent).post(
        f"{URL}/{conversation.pk}/reply", {"body": " "}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["body"]
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_a_note_is_internal(api_client_for, agent, conversation):
    answer = api_client_for(agent).post(
        f"{URL}/{conversation.pk}/notes", {"body": "老客户"}, content_type="application/json"
    )
    assert answer.status_code == 201
    assert (answer.json()["kind"], answer.json()["is_internal"]) == ("note", True)


def test_resolve_then_reopen(api_client_for, agent, conversation):
    client = api_client_for(agent)
    client.post(f"{URL}/{conversation.pk}/reply", {"body": "有的"}, content_type="application/json")
    resolved = client.post(f"{URL}/{conversation.pk}/resolve")
    assert (resolved.status_code, resolved.json()["status"]) == (200, "resolved")
    assert client.post(f"{URL}/{conversation.pk}/resolve").status_code == 409
    reopened = client.post(f"{URL}/{conversation.pk}/reopen")
    assert (reopened.status_code, reopened.json()["status"], reopened.json()["resolved_at"]) == (200, "open", None)
    actions = list(
        AuditEvent.objects.filter(action__startswith="service.conversation")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["service.conversation.resolve", "service.conversation.reopen"]


def test_the_buyers_tags_and_notes(api_client_for, agent, conversation):
    client = api_client_for(agent)
    tagged = client.put(
        f"{URL}/{conversation.pk}/contact/tags", {"tags": ["VIP", "老客户"]}, content_type="application/json"
    )
    assert (tagged.status_code, tagged.json()["tags"]) == (200, ["VIP", "老客户"])
    noted = client.post(f"{URL}/{conversation.pk}/contact/notes", {"body": "喜欢顺丰"}, content_type="application/json")
    assert (noted.status_code, noted.json()["body"], noted.json()["author_id"]) == (201, "喜欢顺丰", agent.pk)
    assert client.get(f"{URL}/{conversation.pk}").json()["contact"]["notes"][0]["body"] == "喜欢顺丰"
    assert ContactNote.objects.count() == 1


def test_the_buyers_other_conversations(api_client_for, agent, conversation, buyer_writes):
    # given: the first one closed, the buyer writes again
    conversation.status = ConversationStatus.CLOSED
    conversation.save(update_fields=["status"])
    again = buyer_writes("还在吗", sender="13812341234", channel=Channel.PHONE).conversation
    # when
    others = api_client_for(agent).get(f"{URL}/{again.pk}/others").json()
    # then
    assert [item["id"] for item in others] == [conversation.pk]


def test_a_viewer_without_reply_cannot_reply(api_client_for, make_staff, conversation):
    viewer = make_staff("operator")
    answer = api_client_for(viewer).post(
        f"{URL}/{conversation.pk}/reply", {"body": "x"}, content_type="application/json"
    )
    assert answer.status_code == 403
    assert Message.objects.filter(conversation=conversation).count() == 1
