"""The website chat widget: a public page per store, a visitor's messages stored before they show,
rate-limited, and each visitor reading only their own thread and pictures."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhanggui.service.constants import Channel, MessageKind
from zhanggui.service.models import Contact, Conversation, Message, ServiceSettings
from zhanggui.service.services import message_send
from zhanggui.service.services.channels import CHAT_MESSAGES_PER_MINUTE

from .channel_helpers import picture

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def fresh_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def visitor(store: Any, language: str = "") -> Client:
    """A browser that opened the store's chat page (and so holds its visitor cookie); Chinese unless
    the visitor chose another ``language``."""
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert client.get(f"/chat/{store.code}").status_code == 200
    return client


def send(client: Client, store: Any, text: str = "在吗", **fields: Any) -> Any:
    return client.post(f"/chat/{store.code}/messages", {"text": text, **fields}, **JSON)


def history(client: Client, store: Any, after: int | None = None) -> Any:
    query = f"?after={after}" if after is not None else ""
    return client.get(f"/chat/{store.code}/messages{query}").json()


def test_the_page_is_public_sets_an_httponly_visitor_cookie_and_has_no_inline_script(store):
    # when
    response = Client().get(f"/chat/{store.code}")
    # then
    assert response.status_code == 200
    cookie = response.cookies["zg_chat_visitor"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    html = response.content.decode()
    assert "<script>" not in html and "<script " not in html.replace('<script src="', "")


def test_an_unknown_inactive_or_switched_off_store_has_no_chat_page(store, other_store):
    # given
    other_store.is_active = False
    other_store.save()
    ServiceSettings.objects.create(store=store, widget_enabled=False)
    # then
    assert Client().get("/chat/no-such-store").status_code == 404
    assert Client().get(f"/chat/{other_store.code}").status_code == 404
    assert Client().get(f"/chat/{store.code}").status_code == 404
    assert Client().post(f"/chat/{store.code}/messages", {"text": "hi"}).status_code == 404


def test_a_visitors_message_is_stored_then_shown_in_their_history(store, presale):
    # given
    client = visitor(store)
    # when
    response = send(client, store, "这件有L码吗", phone="13800138000", nickname="小王")
    # then
    assert response.status_code == 201, response.content
    message = Message.objects.get()
    conversation = message.conversation
    assert (conversation.channel, message.body, message.kind) == (Channel.WEB, "这件有L码吗", MessageKind.TEXT)
    assert (conversation.contact.phone, conversation.contact.nickname) == ("13800138000", "小王")
    assert response.json()["message"]["id"] == message.pk
    shown = history(client, store)
    assert [(m["id"], m["body"], m["sender_kind"]) for m in shown["messages"]] == [(message.pk, "这件有L码吗", "buyer")]
    # a catch-up after it brings nothing new (only the margin below ``after``, which the page has)
    assert [m["id"] for m in history(client, store, after=message.pk)["messages"] if m["id"] > message.pk] == []


def test_an_agents_answer_reaches_the_visitors_history_but_a_note_does_not(store, presale, make_agent):
    # given
    client = visitor(store)
    send(client, store, "在吗")
    agent = make_agent(presale)
    conversation = Conversation.objects.get()
    # when
    answer = message_send(by=agent, conversation=conversation, body="在的，亲")
    from zhanggui.service.services import note_add

    note_add(by=agent, conversation=conversation, body="这位买家上次投诉过")
    # then
    bodies = [m["body"] for m in history(client, store)["messages"]]
    assert bodies == ["在吗", "在的，亲"]
    assert all("sender_staff_id" not in m for m in history(client, store)["messages"])
    assert answer.pk in [m["id"] for m in history(client, store)["messages"]]


def test_the_same_client_id_sent_twice_is_stored_once(store):
    client = visitor(store)
    first = send(client, store, "你好", client_id="c-1")
    again = send(client, store, "你好", client_id="c-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Message.objects.count() == 1


def test_past_the_rate_limit_the_visitor_is_told_in_chinese_and_nothing_is_stored(store):
    # given
    client = visitor(store)  # Chinese by default
    for n in range(CHAT_MESSAGES_PER_MINUTE):
        assert send(client, store, f"第{n}条").status_code == 201
    # when
    response = send(client, store, "再来一条")
    # then
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response.json()["message"] == "您发送消息太快了，请稍等一分钟再试。"
    assert Message.objects.count() == CHAT_MESSAGES_PER_MINUTE
    assert not Message.objects.filter(body="再来一条").exists()


def test_a_visitor_cannot_read_another_visitors_messages_or_pictures(store):
    # given
    alice, bob = visitor(store), visitor(store)
    upload = SimpleUploadedFile("a.png", picture().read(), content_type="image/png")
    sent = alice.post(f"/chat/{store.code}/messages", {"text": "", "image": upload}, **JSON)
    assert sent.status_code == 201, sent.content
    image_url = sent.json()["message"]["image_url"]
    # then
    assert alice.get(image_url).status_code == 200
    assert alice.get(image_url)["Content-Type"] == "image/png"
    assert bob.get(image_url).status_code == 404
    assert Client().get(image_url).status_code == 404
    assert history(bob, store)["messages"] == []
    assert Contact.objects.count() == 1


def test_a_picture_that_is_not_one_is_refused_on_its_field_and_stores_nothing(store):
    client = visitor(store, language="en")
    upload = SimpleUploadedFile("a.jpg", b"MZ not a picture at all", content_type="image/jpeg")
    response = client.post(f"/chat/{store.code}/messages", {"image": upload}, **JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "image", "message": "The file is not a JPEG, PNG or WebP picture."}]
    assert Message.objects.count() == 0


def test_without_javascript_the_form_posts_and_returns_to_the_page(store):
    client = visitor(store)
    response = client.post(f"/chat/{store.code}/messages", {"text": "你好"})
    assert response.status_code == 302
    assert response["Location"] == f"/chat/{store.code}"
    assert Message.objects.count() == 1


def test_a_post_needs_the_pages_csrf_token(store):
    # given
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/chat/{store.code}")
    token = page.context["csrf_token"]
    # when
    refused = client.post(f"/chat/{store.code}/messages", {"text": "你好"}, **JSON)
    accepted = client.post(f"/chat/{store.code}/messages", {"text": "你好"}, HTTP_X_CSRFTOKEN=str(token), **JSON)
    # then
    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert Message.objects.count() == 1


def test_the_page_shows_the_queue_position_text_in_chinese(store):
    html = Client().get(f"/chat/{store.code}").content.decode()
    assert "您排在第 {count} 位" in html
    assert "留下手机号/订单号方便查询" in html


def test_a_waiting_visitor_is_told_their_place_in_the_queue(store, buyer_writes):
    # given: one buyer already waits, no agent is online
    buyer_writes("在吗")
    client = visitor(store)
    # when
    send(client, store, "有人吗")
    # then
    assert history(client, store)["queue_position"] == 2
