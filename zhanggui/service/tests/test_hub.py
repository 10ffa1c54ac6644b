"""The sockets' hub: one per event loop, started with the first socket and stopped with the last;
events routed by store; the same hub code over Redis when ``LIVE_REDIS_URL`` is set."""

from __future__ import annotations

import json
from typing import Any

import pytest
import redis
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from zhanggui.asgi import application
from zhanggui.service.services import live
from zhanggui.service.views import hub

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
TEST_REDIS = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.django_db(transaction=True)


def agent_socket(user: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/service/", headers=ORIGIN)
    communicator.scope["user"] = user
    return communicator


async def until(communicator: WebsocketCommunicator, message_id: int) -> list[dict[str, Any]]:
    received = []
    while True:
        event = await communicator.receive_json_from(timeout=3)
        received.append(event)
        if event.get("message", {}).get("id") == message_id:
            return received


def test_the_hub_starts_with_the_first_socket_and_stops_with_the_last(make_agent, presale):
    # given two agents
    first, second = make_agent(presale), make_agent(presale)

    async def scenario():  # type: ignore[no-untyped-def]
        sockets = [agent_socket(first), agent_socket(second)]
        for socket in sockets:
            assert (await socket.connect())[0]
        running = (len(hub.HUBS), len(live.LOCAL_LISTENERS), len(next(iter(hub.HUBS.values())).members))
        for socket in sockets:
            await socket.disconnect()
        return running, (len(hub.HUBS), len(live.LOCAL_LISTENERS))

    # when both connect, then both leave
    running, after = async_to_sync(scenario)()
    # then one hub with one hand-over served both, and nothing is left once they left
    assert running == (1, 1, 2)
    assert after == (0, 0)


def test_an_agent_hears_only_the_stores_they_work_for(make_agent, make_staff, store, other_store, buyer_writes):
    # given an agent of each store, both connected
    here, there = make_agent(), make_staff("cs_agent", stores=[other_store])

    async def scenario():  # type: ignore[no-untyped-def]
        sockets = [agent_socket(here), agent_socket(there)]
        for socket in sockets:
            assert (await socket.connect())[0]
        # when a buyer writes to the other store, then to this one, then to the other again
        write = database_sync_to_async(buyer_writes)
        elsewhere = await write("有优惠吗", sender="tb_x", store=other_store)
        asked = await write("在吗", sender="tb_y")
        again = await write("还在吗", sender="tb_x", store=other_store)
        heard = [await until(sockets[0], asked.message.pk), await until(sockets[1], again.message.pk)]
        for socket in sockets:
            await socket.disconnect()
        return elsewhere, asked, heard

    elsewhere, asked, (by_here, by_there) = async_to_sync(scenario)()
    # then each heard their own store's conversation only, each message once
    assert [e["message"]["body"] for e in by_here if e["kind"] == "message"] == ["在吗"]
    assert {e["conversation"]["store_id"] for e in by_here} == {asked.conversation.store_id}
    assert [e["message"]["body"] for e in by_there if e["kind"] == "message"] == ["有优惠吗", "还在吗"]
    assert {e["conversation"]["id"] for e in by_there} == {elsewhere.conversation.pk}


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(TEST_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_over_redis_the_same_hub_passes_the_event_on(make_agent, presale, buyer_writes):
    # given a Redis for the live events, and a connected agent
    agent = make_agent(presale)

    async def scenario():  # type: ignore[no-untyped-def]
        socket = agent_socket(agent)
        assert (await socket.connect())[0]
        # when a buyer writes two lines
        asked = await database_sync_to_async(buyer_writes)("第一行\n第二行")
        heard = await until(socket, asked.message.pk)
        await socket.disconnect()
        return asked, heard

    with override_settings(LIVE_REDIS_URL=TEST_REDIS):
        asked, heard = async_to_sync(scenario)()
    # then the agent heard the message whole, once, through the subscription
    assert [(e["kind"], e["message"]["body"]) for e in heard if "message" in e] == [("message", "第一行\n第二行")]
    assert heard[-1]["conversation"]["id"] == asked.conversation.pk
    assert live.LOCAL_LISTENERS == []


def test_an_event_published_twice_reaches_a_socket_once(make_agent, store):
    # given a connected agent of the store
    agent = make_agent()

    def event(event_id: str, conversation_id: int) -> str:
        facts = {"id": event_id, "to": "staff", "store": store.pk, "group": None, "assignee": None}
        frame = {"kind": "conversation", "conversation": {"id": conversation_id}}
        return live.encode({**facts, "previous": None, "internal": False}, json.dumps(frame))

    async def scenario():  # type: ignore[no-untyped-def]
        socket = agent_socket(agent)
        assert (await socket.connect())[0]
        # when one event is published twice, then another once (from a writer's thread)
        for text in (event("e-1", 1), event("e-1", 1), event("e-2", 2)):
            await sync_to_async(live.publish)(store.pk, text)
        heard = [await socket.receive_json_from(timeout=3), await socket.receive_json_from(timeout=3)]
        await socket.disconnect()
        return heard

    # then the socket got the first once, then the second
    assert [e["conversation"]["id"] for e in async_to_sync(scenario)()] == [1, 2]
