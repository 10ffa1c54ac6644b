"""The merchant's own integration hands in messages; agents' replies to email leave by email."""

from __future__ import annotations

import pytest

from zhanggui.service.constants import Channel
from zhanggui.service.models import Conversation, Message
from zhanggui.service.services import email_inbound, inbound_receive, message_send

pytestmark = pytest.mark.django_db
INBOUND = "/api/v1/service/messages/inbound"


def test_an_integration_hands_in_a_message_once(store, make_agent, api_client_for):
    # given
    client = api_client_for(make_agent())
    body = {"store_id": store.pk, "channel": "web", "sender_id": "mini-42", "message_id": "x-1", "text": "要退货"}
    # when
    first = client.post(INBOUND, body, content_type="application/json")
    again = client.post(INBOUND, body, content_type="application/json")
    # then
    assert first.status_code == 200, first.content
    assert (first.json()["channel"], first.json()["intent"], first.json()["created"]) == ("web", "return", True)
    assert again.json() == {**first.json(), "created": False}
    assert Message.objects.count() == 1


def test_a_viewer_cannot_hand_in_messages(store, make_staff, api_client_for):
    client = api_client_for(make_staff("viewer"))
    body = {"store_id": store.pk, "channel": "web", "sender_id": "mini-42", "text": "hi"}
    response = client.post(INBOUND, body, content_type="application/json")
    assert response.status_code == 403
    assert Message.objects.count() == 0


def test_an_agents_reply_to_an_email_is_sent_as_re_subject(
    store, presale, make_agent, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    agent = make_agent(presale)
    data = {"from": "li@example.com", "subject": "发票", "text": "请开发票", "message_id": "<m1@example.com>"}
    inbound_receive(store=store, inbound=email_inbound(data))
    conversation = Conversation.objects.get()
    assert conversation.channel == Channel.EMAIL
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message_send(by=agent, conversation=conversation, body="已为您开具")
    # then
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert (sent.subject, sent.body, sent.to) == ("Re: 发票", "已为您开具", ["li@example.com"])
    assert sent.extra_headers["In-Reply-To"] == "<m1@example.com>"


def test_a_reply_on_a_platform_conversation_sends_no_email(
    store, presale, make_agent, mailoutbox, django_capture_on_commit_callbacks, buyer_writes
):
    agent = make_agent(presale)
    buyer_writes("在吗")
    with django_capture_on_commit_callbacks(execute=True):
        message_send(by=agent, conversation=Conversation.objects.get(), body="在的")
    assert mailoutbox == []
