"""The live layer's websockets through the real ASGI application (Origin check, session, reach)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from zhanggui.asgi import application
from zhanggui.service.constants import Channel
from zhanggui.service.models import Conversation
from zhanggui.service.selectors.live import chat_visitor_token
from zhanggui.service.services import message_send, note_add
from zhanggui.service.views import sockets

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
EVIL = [(b"origin", b"http://evil.example"), (b"host", b"testserver")]

pytestmark = pytest.mark.django_db(transaction=True)


def agent_socket(user: Any, headers: list[tuple[bytes, bytes]] = ORIGIN) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/service/", headers=headers)
    if user is not None:
        communicator.scope["user"] = user
    return communicator


async def until(communicator: WebsocketCommunicator, found: Any) -> list[dict[str, Any]]:
    """Everything the socket receives, up to and including the first event ``found`` accepts."""
    received = []
    while True:
        event = await communicator.receive_json_from(timeout=3)
        received.append(event)
        if found(event):
            return received


def about(conversation_id: int) -> Any:
    return lambda event: event["conversation"]["id"] == conversation_id


def test_a_foreign_origin_is_refused(make_agent, presale):
    agent = make_agent(presale)

    async def scenario():  # type: ignore[no-untyped-def]
        return await agent_socket(agent, headers=EVIL).connect()

    # when a page of another site opens the agent's socket with the agent's cookie
    connected, _code = async_to_sync(scenario)()
    # then the handshake is refused before the consumer runs
    assert connected is False


def test_anonymous_inactive_and_unpermitted_sockets_are_refused(make_agent, make_staff, presale):
    # given an inactive agent and a clerk without service.view
    inactive = make_agent(presale)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    clerk = make_staff("order_clerk")

    async def scenario():  # type: ignore[no-untyped-def]
        return [await agent_socket(user).connect() for user in (None, inactive, clerk)]

    # then each is closed before accept, with its reason
    assert async_to_sync(scenario)() == [(False, 4401), (False, 4403), (False, 4403)]


def test_only_the_groups_agents_and_the_lead_hear_of_a_conversation(make_agent, presale, aftersale, buyer_writes):
    # given an agent of each group and a lead, all connected
    seller, returns_agent = make_agent(presale), make_agent(aftersale)
    lead = make_agent(role="cs_lead")

    async def scenario():  # type: ignore[no-untyped-def]
        sockets_ = [agent_socket(u) for u in (seller, returns_agent, lead)]
        for socket in sockets_:
            assert (await socket.connect())[0]
        # when a buyer asks about the goods (pre-sale), then another wants to return (after-sale)
        asked = await database_sync_to_async(buyer_writes)("这件有货吗", sender="tb_a")
        returning = await database_sync_to_async(buyer_writes)("我要退货", sender="tb_b")
        seen = [
            await until(sockets_[0], lambda e: e.get("message", {}).get("id") == asked.message.pk),
            await until(sockets_[1], about(returning.conversation.pk)),
            await until(sockets_[2], lambda e: e.get("message", {}).get("id") == returning.message.pk),
        ]
        for socket in sockets_:
            await socket.disconnect()
        return asked, returning, seen

    asked, returning, (by_seller, by_returns, by_lead) = async_to_sync(scenario)()
    # then the pre-sale agent heard the question; the after-sale agent heard nothing of it before
    # the return, which the lead heard too
    assert by_seller[-1]["message"]["body"] == "这件有货吗"
    assert by_seller[-1]["conversation"]["group_id"] == asked.conversation.group_id
    assert {e["conversation"]["id"] for e in by_returns} == {returning.conversation.pk}
    assert asked.conversation.pk in {e["conversation"]["id"] for e in by_lead}
    assert by_lead[-1]["message"]["body"] == "我要退货"


def test_an_agent_moved_out_of_the_group_stops_hearing_it(make_agent, presale, aftersale, buyer_writes, monkeypatch):
    # given a pre-sale agent connected, whose reach is read again at every event
    monkeypatch.setattr(sockets, "REACH_SECONDS", 0.0)
    agent = make_agent(presale)
    aftersale.members.add(agent)

    async def scenario():  # type: ignore[no-untyped-def]
        socket = agent_socket(agent)
        assert (await socket.connect())[0]
        # when they leave the pre-sale group, and a buyer asks there, then another wants to return
        await database_sync_to_async(presale.members.remove)(agent)
        asked = await database_sync_to_async(buyer_writes)("这件有货吗", sender="tb_a")
        returning = await database_sync_to_async(buyer_writes)("我要退货", sender="tb_b")
        seen = await until(socket, about(returning.conversation.pk))
        await socket.disconnect()
        return asked, seen

    asked, seen = async_to_sync(scenario)()
    # then they heard only of the after-sale conversation
    assert asked.conversation.pk not in {e["conversation"]["id"] for e in seen}


def test_the_buyer_hears_the_reply_but_not_the_internal_note(make_agent, store, presale, buyer_writes):
    # given a website visitor's chat socket, open before their first message
    agent = make_agent(presale)
    token = chat_visitor_token(store.pk, "v-123")

    async def scenario():  # type: ignore[no-untyped-def]
        chat = WebsocketCommunicator(application, f"/ws/chat/{store.code}/?token={token}", headers=ORIGIN)
        assert (await chat.connect())[0]
        # when the visitor writes, an agent adds a note, then answers
        received = await database_sync_to_async(buyer_writes)("在吗", sender="v-123", channel=Channel.WEB)
        conversation = await database_sync_to_async(Conversation.objects.get)(pk=received.conversation.pk)
        await database_sync_to_async(note_add)(by=agent, conversation=conversation, body="老客户，优先处理")
        reply = await database_sync_to_async(message_send)(by=agent, conversation=conversation, body="在的，亲")
        heard = await until(chat, lambda e: e["message"]["id"] == reply.pk)
        await chat.disconnect()
        return reply, heard

    reply, heard = async_to_sync(scenario)()
    # then the page heard the reply (without who wrote it), not the note nor its own message
    assert heard == [
        {
            "kind": "message",
            "message": {
                "id": reply.pk,
                "conversation_id": reply.conversation_id,
                "sender_kind": "agent",
                "kind": "text",
                "body": "在的，亲",
                "payload": {},
                "has_image": False,
                "created_at": reply.created_at.isoformat(),
            },
        }
    ]


def test_a_chat_socket_without_a_valid_token_is_refused(store, other_store):
    # given a token of another store, and a forged one
    elsewhere = chat_visitor_token(other_store.pk, "v-1")

    async def scenario():  # type: ignore[no-untyped-def]
        paths = [f"/ws/chat/{store.code}/?token={elsewhere}", f"/ws/chat/{store.code}/?token=v-1:forged"]
        return [await WebsocketCommunicator(application, p, headers=ORIGIN).connect() for p in paths]

    assert async_to_sync(scenario)() == [(False, 4404), (False, 4401)]


def test_the_socket_answers_the_heartbeat(make_agent, presale):
    agent = make_agent(presale)

    async def scenario():  # type: ignore[no-untyped-def]
        socket = agent_socket(agent)
        await socket.connect()
        await socket.send_json_to({"kind": "ping", "t": 7})
        answer = await socket.receive_json_from(timeout=3)
        await socket.disconnect()
        return answer

    assert async_to_sync(scenario)() == {"kind": "pong", "t": 7}
