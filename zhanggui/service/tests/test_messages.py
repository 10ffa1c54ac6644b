"""Messages in and out: conversations open, wait, get answered, resolve and reopen; buyers are
recognised across channels; a message sent twice is kept once; agents see only their groups'."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Buyer, Order
from zhanggui.service.constants import Channel, EventKind, MessageKind, Priority, SenderKind
from zhanggui.service.models import Conversation, ConversationEvent, Message
from zhanggui.service.selectors import conversation_get, conversation_list
from zhanggui.service.services import (
    conversation_reopen,
    conversation_resolve,
    message_send,
    note_add,
)
from zhanggui.service.states import AgentStatus, ConversationStatus


def test_a_first_message_opens_a_queued_conversation_in_the_presale_group(buyer_writes, presale, aftersale):
    # when
    received = buyer_writes("这件T恤是纯棉的吗")
    # then
    conversation = received.conversation
    assert received.created is True
    assert (conversation.status, conversation.group, conversation.assignee) == (
        ConversationStatus.QUEUED,
        presale,
        None,
    )
    assert conversation.waiting_since == received.message.created_at
    assert conversation.intent == "product"
    assert list(conversation.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_a_complaint_goes_to_the_aftersale_group_as_urgent(buyer_writes, presale, aftersale):
    conversation = buyer_writes("我要投诉你们，东西是坏的").conversation
    assert (conversation.group, conversation.priority, conversation.intent) == (aftersale, Priority.URGENT, "complaint")


def test_a_message_sent_twice_is_kept_once(buyer_writes):
    first = buyer_writes("在吗", message_id="m-1")
    again = buyer_writes("在吗", message_id="m-1")
    assert (again.created, again.message.pk) == (False, first.message.pk)
    assert Message.objects.count() == 1


def test_later_messages_join_the_open_conversation(buyer_writes):
    first = buyer_writes("在吗")
    second = buyer_writes("什么时候发货")
    assert second.conversation.pk == first.conversation.pk
    assert second.conversation.waiting_since == first.message.created_at  # still waiting since the first


def test_an_online_agent_of_the_group_is_given_the_conversation(buyer_writes, presale, make_agent):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    assert (conversation.status, conversation.assignee) == (ConversationStatus.OPEN, agent)
    assert list(conversation.events.values_list("kind", "to_staff")) == [
        (EventKind.CREATED, None),
        (EventKind.ASSIGNED, agent.pk),
    ]


def test_the_agents_answer_ends_the_wait_and_records_the_first_response(buyer_writes, presale, make_agent):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    # when
    reply = message_send(by=agent, conversation=conversation, body="亲，在的")
    # then
    conversation.refresh_from_db()
    assert (reply.sender_kind, reply.sender_staff, reply.body) == (SenderKind.AGENT, agent, "亲，在的")
    assert conversation.waiting_since is None
    assert conversation.first_response_at == reply.created_at
    assert conversation.last_message_preview == "亲，在的"


def test_answering_a_queued_conversation_takes_it(buyer_writes, presale, make_agent):
    agent = make_agent(presale, status=AgentStatus.BUSY)
    conversation = buyer_writes("在吗").conversation
    message_send(by=agent, conversation=conversation, body="在的")
    conversation.refresh_from_db()
    assert (conversation.status, conversation.assignee) == (ConversationStatus.OPEN, agent)


def test_an_agent_of_another_group_cannot_see_or_answer(buyer_writes, presale, aftersale, make_agent):
    outsider = make_agent(aftersale, status=AgentStatus.OFFLINE)
    conversation = buyer_writes("在吗").conversation
    with pytest.raises(NotFoundError):
        conversation_get(user=outsider, conversation_id=conversation.pk)
    with pytest.raises(NotFoundError):
        message_send(by=outsider, conversation=conversation, body="在的")
    assert list(conversation_list(user=outsider)) == []
    assert Message.objects.filter(sender_kind=SenderKind.AGENT).count() == 0


def test_a_lead_sees_every_group_and_a_viewer_cannot_answer(buyer_writes, presale, make_staff):
    lead, gm = make_staff("cs_lead"), make_staff("gm")
    conversation = buyer_writes("在吗").conversation
    assert conversation_get(user=lead, conversation_id=conversation.pk) == conversation
    with pytest.raises(PermissionDeniedError):
        message_send(by=gm, conversation=conversation, body="在的")
    assert Message.objects.count() == 1


def test_empty_or_too_long_messages_are_refused(buyer_writes, presale, make_agent):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    with pytest.raises(ValidationFailed) as empty:
        message_send(by=agent, conversation=conversation, body="  ")
    with pytest.raises(ValidationFailed) as long:
        message_send(by=agent, conversation=conversation, body="好" * 2001)
    assert empty.value.errors[0].field == "body" and long.value.errors[0].field == "body"
    assert Message.objects.count() == 1


def test_a_note_stays_internal_and_does_not_answer(buyer_writes, presale, make_agent):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    note = note_add(by=agent, conversation=conversation, body="老客户，态度要好")
    conversation.refresh_from_db()
    assert (note.kind, note.is_internal) == (MessageKind.NOTE, True)
    assert conversation.waiting_since is not None


def test_resolve_then_the_buyer_writes_again_and_it_reopens_to_the_agent(buyer_writes, presale, make_agent):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    message_send(by=agent, conversation=conversation, body="在的")
    conversation_resolve(by=agent, conversation=conversation)
    # when
    again = buyer_writes("还有一个问题").conversation
    # then
    assert again.pk == conversation.pk
    assert (again.status, again.assignee) == (ConversationStatus.OPEN, agent)
    assert AuditEvent.objects.filter(action="service.conversation.resolve").count() == 1
    moves = list(ConversationEvent.objects.filter(kind=EventKind.STATUS).values_list("from_status", "to_status"))
    assert moves == [("open", "resolved"), ("resolved", "open")]


def test_reopen_twice_is_refused_and_changes_nothing(buyer_writes, presale, make_agent):
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    conversation_resolve(by=agent, conversation=conversation)
    conversation_reopen(by=agent, conversation=conversation)
    with pytest.raises(ConflictError):
        conversation_reopen(by=agent, conversation=conversation)
    assert AuditEvent.objects.filter(action="service.conversation.reopen").count() == 1


def test_the_same_buyer_is_recognised_across_the_channels_that_vouch_for_them(store, buyer_writes):
    # given a buyer of the store, with an order
    buyer = Buyer.objects.create(store=store, nickname="tb_lily", phone="13812341234")
    order = Order.objects.create(store=store, buyer=buyer, platform_order_id="T100", receiver_phone="13812341234")
    # when they write on Taobao and call from their phone
    taobao = buyer_writes("在吗", sender="tb_lily", channel=Channel.TAOBAO)
    call = buyer_writes("来电", sender="13812341234", channel=Channel.PHONE, nickname="", phone="13812341234")
    # then both are one contact, linked to the buyer; the caller's number is not their name
    assert call.conversation.contact == taobao.conversation.contact
    assert taobao.conversation.contact.buyer == buyer
    # and a website visitor who proves the order (its number and phone) sees their orders, but is
    # never joined to the contact (it would show them its thread)
    proven = buyer_writes(
        "改地址", sender="v-1", channel=Channel.WEB, nickname="", phone="13812341234", order_number="T100"
    )
    assert (proven.conversation.contact.buyer, proven.conversation.order) == (buyer, order)
    assert proven.conversation.contact != taobao.conversation.contact


def test_what_a_visitor_or_an_email_only_claims_links_no_one(store, buyer_writes):
    # given a buyer with a phone and an order
    buyer = Buyer.objects.create(store=store, nickname="lixiaoming", phone="13812341234")
    Order.objects.create(store=store, buyer=buyer, platform_order_id="T100", receiver_phone="13812341234")
    # when a visitor gives only the phone, another only the order number, and an email comes from
    # an address whose name part is the buyer's nickname
    by_phone = buyer_writes("在吗", sender="v-1", channel=Channel.WEB, nickname="", phone="13812341234")
    by_order = buyer_writes("在吗", sender="v-2", channel=Channel.WEB, nickname="", order_number="T100")
    mail = buyer_writes("在吗", sender="lixiaoming@evil.example", channel=Channel.EMAIL, nickname="lixiaoming")
    # then none of them is the buyer, and each is a contact of their own
    contacts = [r.conversation.contact for r in (by_phone, by_order, mail)]
    assert [c.buyer for c in contacts] == [None, None, None]
    assert len({c.pk for c in contacts}) == 3
    assert by_order.conversation.order is None


def test_a_message_replayed_after_its_conversation_closed_is_not_stored_again(buyer_writes):
    # given a conversation whose message m-1 was stored, then closed
    first = buyer_writes("在吗", message_id="m-1")
    Conversation.objects.filter(pk=first.conversation.pk).update(status=ConversationStatus.CLOSED)
    # when the platform replays m-1
    again = buyer_writes("在吗", message_id="m-1")
    # then it is the stored message, and no new conversation was opened
    assert (again.created, again.message.pk, again.conversation.pk) == (False, first.message.pk, first.conversation.pk)
    assert (Message.objects.count(), Conversation.objects.count()) == (1, 1)


def test_a_bare_greeting_has_no_intent_and_no_raised_priority(buyer_writes, presale):
    conversation = buyer_writes("亲，在吗？").conversation
    assert (conversation.intent, conversation.priority, conversation.group) == ("", Priority.NORMAL, presale)


def test_the_general_manager_oversees_every_group_but_cannot_answer(buyer_writes, presale, aftersale, make_staff):
    gm = make_staff("gm")
    conversation = buyer_writes("我要投诉").conversation  # the after-sale group's
    assert conversation_get(user=gm, conversation_id=conversation.pk) == conversation
    with pytest.raises(PermissionDeniedError):
        message_send(by=gm, conversation=conversation, body="收到")
