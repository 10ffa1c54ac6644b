"""Signed channel webhooks: a platform's chat messages and inbound email become messages, once."""

from __future__ import annotations

import base64

import pytest

from zhanggui.service.constants import Channel, Intent, MessageKind
from zhanggui.service.models import Contact, Conversation, Message
from zhanggui.stores.models import StoreCredential, WebhookDelivery

from .channel_helpers import SECRET, an_order, chat_event, picture, signed_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_store(store):  # type: ignore[no-untyped-def]
    StoreCredential.objects.create(store=store, webhook_secret=SECRET)
    return store


def url(store, tail: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/service/webhooks/{store.code}{tail}"


def test_a_platform_message_opens_a_conversation_of_its_channel_and_intent(signed_store, presale):
    # when
    response = signed_post(url(signed_store), chat_event(platform="jd"))
    # then
    assert response.status_code == 200, response.content
    conversation = Conversation.objects.get()
    message = Message.objects.get()
    assert (conversation.channel, conversation.intent, conversation.external_id) == (
        Channel.JD,
        Intent.SHIPPING,
        "th-1",
    )
    assert (message.body, message.external_id, message.intent) == ("什么时候发货？", "m-1", Intent.SHIPPING)
    assert conversation.contact.nickname == "lily"
    assert response.json() == {
        "delivery_id": "dlv-1",
        "replayed": False,
        "result": {
            "conversation_id": conversation.pk,
            "message_id": message.pk,
            "channel": "jd",
            "intent": "shipping",
            "created": True,
        },
    }


@pytest.mark.parametrize("secret", ["wrong-secret", ""])
def test_a_wrongly_signed_call_is_refused_and_leaves_no_trace(signed_store, secret):
    # when
    response = signed_post(url(signed_store), chat_event(), secret=secret or "x")
    # then
    assert response.status_code == 401
    assert Message.objects.count() == 0
    assert Conversation.objects.count() == 0
    assert Contact.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0


def test_an_unknown_store_is_refused_like_a_wrong_signature(signed_store):
    response = signed_post("/api/v1/service/webhooks/nope", chat_event())
    assert response.status_code == 401
    assert Message.objects.count() == 0


def test_a_replayed_delivery_acts_once_and_answers_the_same(signed_store):
    # given
    first = signed_post(url(signed_store), chat_event())
    # when
    again = signed_post(url(signed_store), chat_event(text="changed"))
    # then
    assert again.status_code == 200
    assert again.json() == {**first.json(), "replayed": True}
    assert Message.objects.count() == 1
    assert WebhookDelivery.objects.count() == 1


def test_a_message_id_sent_again_under_a_new_delivery_is_stored_once(signed_store):
    # given
    first = signed_post(url(signed_store), chat_event())
    # when
    again = signed_post(url(signed_store), chat_event(), delivery="dlv-2")
    # then
    assert again.json()["result"] == {**first.json()["result"], "created": False}
    assert Message.objects.count() == 1


def test_an_order_card_links_the_conversation_to_its_order(signed_store):
    # given
    order = an_order(signed_store, "T7788")
    # when
    response = signed_post(url(signed_store), chat_event(type="order", text="", order={"number": "T7788"}))
    # then
    assert response.status_code == 200, response.content
    message = Message.objects.get()
    assert (message.kind, message.payload) == (MessageKind.ORDER, {"number": "T7788"})
    assert Conversation.objects.get().order == order


def test_an_image_by_url_is_kept_as_a_link_and_not_fetched(signed_store):
    response = signed_post(url(signed_store), chat_event(type="image", text="", image_url="https://img.example/1.jpg"))
    assert response.status_code == 200, response.content
    message = Message.objects.get()
    assert (message.kind, message.image_name, message.payload) == (
        MessageKind.IMAGE,
        "",
        {"image_url": "https://img.example/1.jpg"},
    )


def test_an_image_as_base64_is_checked_and_stored_privately(signed_store):
    data = base64.b64encode(picture().read()).decode()
    response = signed_post(url(signed_store), chat_event(type="image", text="", image_base64=data))
    assert response.status_code == 200, response.content
    assert Message.objects.get().image_name.startswith("service/images/")


def test_base64_that_is_no_picture_is_refused_on_its_field_and_the_delivery_not_kept(signed_store):
    data = base64.b64encode(b"%PDF-1.4 not a picture").decode()
    response = signed_post(url(signed_store), chat_event(type="image", text="", image_base64=data))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "image_base64", "message": "The file is not a JPEG, PNG or WebP picture."}
    ]
    assert Message.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0


def test_an_inbound_email_opens_an_email_conversation(signed_store):
    # given
    email = {
        "from": "Wang.Fang@Example.com",
        "from_name": "王芳",
        "to": "service@shop.example",
        "subject": "发票怎么开",
        "text": "请问发票怎么开？",
        "message_id": "<abc@mail.example>",
        "in_reply_to": "",
    }
    # when
    response = signed_post(url(signed_store, "/email"), email)
    again = signed_post(url(signed_store, "/email"), email, delivery="dlv-2")
    # then
    assert response.status_code == 200, response.content
    conversation = Conversation.objects.get()
    message = Message.objects.get()
    assert (conversation.channel, conversation.intent) == (Channel.EMAIL, Intent.INVOICE)
    assert (message.kind, message.body, message.payload["subject"]) == (
        MessageKind.EMAIL,
        "请问发票怎么开？",
        "发票怎么开",
    )
    assert (conversation.contact.email, conversation.contact.nickname) == ("wang.fang@example.com", "王芳")
    assert again.json()["result"]["created"] is False
