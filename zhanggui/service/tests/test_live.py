"""Catch-up without loss or duplicates, the visitor token, and the socket's reach rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhanggui.service.constants import Channel
from zhanggui.service.models import Conversation, Message
from zhanggui.service.selectors import conversation_visible
from zhanggui.service.selectors.chat import chat_history
from zhanggui.service.selectors.live import (
    CATCH_UP_ID_MARGIN,
    agent_reach,
    chat_visitor_from_token,
    chat_visitor_token,
    conversation_data,
    live_catch_up,
)
from zhanggui.service.services import message_send, note_add


class Merge:
    """What live.js does with events and catch-up answers: each message id once, and the highest
    id seen per conversation (the Python twin of ``mergeMessage`` in static/service/live.js)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.delivered: list[int] = []
        self.last_id = 0

    def take(self, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            if message["id"] in self.seen:
                continue
            self.seen.add(message["id"])
            self.delivered.append(message["id"])
            self.last_id = max(self.last_id, message["id"])


def ids(answer: dict[str, Any]) -> list[int]:
    return [m["id"] for m in answer["messages"]]


def test_reconnect_and_catch_up_delivers_each_message_once(make_agent, presale, buyer_writes):
    # given an agent whose console received m1 live, then lost its socket while m2 and m3 were stored
    agent = make_agent(presale)
    console = Merge()
    m1 = buyer_writes("在吗").message
    console.take([{"id": m1.pk}])
    m2 = buyer_writes("这件有货吗").message
    m3 = note_add(by=agent, conversation=m2.conversation, body="问过两次了")
    # when it reconnects and catches up after m1
    answer = live_catch_up(user=agent, after_id=console.last_id)
    console.take(answer["messages"])
    # then the server returned m1 again (the margin) with m2 and m3, and the console shows m2, m3 once
    assert ids(answer) == [m1.pk, m2.pk, m3.pk]
    assert answer["last_id"] == m3.pk
    assert console.delivered == [m1.pk, m2.pk, m3.pk]
    assert [c["id"] for c in answer["conversations"]] == [m1.conversation_id]
    # and when m4's live event overlaps a second catch-up, m4 is still shown once
    m4 = buyer_writes("快点回复").message
    console.take([{"id": m4.pk}])
    console.take(live_catch_up(user=agent, after_id=m2.pk)["messages"])
    assert console.delivered == [m1.pk, m2.pk, m3.pk, m4.pk]


def test_catch_up_returns_what_committed_late_below_the_last_id(make_agent, presale, buyer_writes):
    # given m2 committed after m3 was delivered (ids are taken before commit), within the margin
    agent = make_agent(presale)
    m2 = buyer_writes("第一句").message
    m3 = buyer_writes("第二句").message
    # when the console, which has m3, catches up
    answer = live_catch_up(user=agent, after_id=m3.pk)
    # then m2 is in the answer
    assert m2.pk in ids(answer)


def test_catch_up_keeps_old_messages_written_just_before_the_last_event(make_agent, presale, buyer_writes):
    # given a message far below the id margin but written a minute before the console's last event
    agent = make_agent(presale)
    old = buyer_writes("早先的一句").message
    Message.objects.filter(pk=old.pk).update(id=old.pk - CATCH_UP_ID_MARGIN - 50)
    newest = buyer_writes("最新一句").message
    # when the console catches up, with and without the time of its last event
    with_time = live_catch_up(user=agent, after_id=newest.pk, last_seen=timezone.now())
    without = live_catch_up(user=agent, after_id=newest.pk)
    # then only the time window brings the old message back
    assert old.pk - CATCH_UP_ID_MARGIN - 50 in ids(with_time)
    assert old.pk - CATCH_UP_ID_MARGIN - 50 not in ids(without)


def test_catch_up_leaves_out_conversations_of_other_groups(make_agent, presale, aftersale, buyer_writes):
    # given a pre-sale question and a return request
    seller, returns_agent = make_agent(presale), make_agent(aftersale)
    first = buyer_writes("在吗", sender="tb_a").message
    asked = buyer_writes("这件有货吗", sender="tb_a").message
    returning = buyer_writes("我要退货", sender="tb_b").message
    # when each agent catches up after the first message
    by_seller = live_catch_up(user=seller, after_id=first.pk)
    by_returns = live_catch_up(user=returns_agent, after_id=first.pk)
    # then each sees only their own group's
    assert ids(by_seller) == [first.pk, asked.pk]
    assert ids(by_returns) == [returning.pk]


def test_a_console_with_nothing_yet_gets_the_count_to_start_from(make_agent, presale, buyer_writes):
    agent = make_agent(presale)
    last = buyer_writes("在吗").message
    assert live_catch_up(user=agent, after_id=0) == {
        "messages": [],
        "conversations": [],
        "last_id": last.pk,
        "has_more": False,
    }


def test_the_catch_up_endpoint_answers_json_to_agents_only(make_agent, make_staff, presale, buyer_writes):
    # given a message, an agent and an order clerk
    agent, clerk = make_agent(presale), make_staff("order_clerk")
    m1 = buyer_writes("在吗").message
    m2 = buyer_writes("有货吗").message
    client = Client()
    client.force_login(agent)
    # when each asks for what came after m1
    answer = client.get(f"/service/live/catch-up?after={m1.pk}&seen_at=bad")
    client.force_login(clerk)
    refused = client.get(f"/service/live/catch-up?after={m1.pk}")
    # then the agent gets both messages as the socket shapes them; the clerk is refused
    assert answer.status_code == 200
    assert [m["id"] for m in answer.json()["messages"]] == [m1.pk, m2.pk]
    assert answer.json()["last_id"] == m2.pk
    assert refused.status_code == 403


def test_the_visitors_page_catches_up_on_its_own_thread_without_notes(make_agent, store, presale, buyer_writes):
    # given a website visitor's conversation: their message, a note, two replies
    agent = make_agent(presale)
    asked = buyer_writes("在吗", sender="v-9", channel=Channel.WEB)
    conversation = Conversation.objects.get(pk=asked.conversation.pk)
    note_add(by=agent, conversation=conversation, body="老客户")
    first = message_send(by=agent, conversation=conversation, body="在的")
    second = message_send(by=agent, conversation=conversation, body="请问需要什么")
    # when the page catches up after nothing, and another visitor's page does
    mine = chat_history(store=store, visitor_id="v-9", after_id=asked.message.pk)
    theirs = chat_history(store=store, visitor_id="v-10", after_id=0)
    # then it gets its thread (the margin below ``after`` included: the page drops ids it has),
    # never the note, without the agent's id or the intent
    assert [(m["id"], m["body"]) for m in mine] == [
        (asked.message.pk, "在吗"),
        (first.pk, "在的"),
        (second.pk, "请问需要什么"),
    ]
    assert {"sender_staff_id", "intent"} & set(mine[0]) == set()
    assert theirs == []


def test_a_visitor_token_is_read_back_only_as_signed_and_within_seven_days(store, monkeypatch):
    token = chat_visitor_token(store.pk, "v-1")
    assert chat_visitor_from_token(token) == (store.pk, "v-1")
    forged = chat_visitor_token(store.pk, "v-2").split(":")[0] + ":" + token.split(":", 1)[1]
    assert chat_visitor_from_token(forged) is None
    assert chat_visitor_from_token("") is None
    later = timezone.now() + dt.timedelta(days=8)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    assert chat_visitor_from_token(token) is None


@pytest.mark.parametrize("role", ["cs_agent", "cs_lead"])
def test_the_sockets_reach_agrees_with_conversation_visible(
    role, make_agent, store, other_store, presale, aftersale, buyer_writes
):
    # given conversations of each group, of no group, assigned to the agent, and of another store
    agent = make_agent(presale, role=role)
    rows = [
        buyer_writes("有货吗", sender="tb_a").conversation,
        buyer_writes("我要退货", sender="tb_b").conversation,
        buyer_writes("在吗", sender="tb_c", store=other_store).conversation,
    ]
    loose = buyer_writes("在吗", sender="tb_d").conversation
    Conversation.objects.filter(pk=loose.pk).update(group=None)
    mine = buyer_writes("退款", sender="tb_e").conversation
    Conversation.objects.filter(pk=mine.pk).update(assignee=agent)
    reach = agent_reach(staff_id=agent.pk)
    # then the socket's rule and the selector say the same of each
    for conversation in [*rows, loose, mine]:
        data = conversation_data(Conversation.objects.get(pk=conversation.pk))
        assert reach is not None
        assert reach.sees(data) is conversation_visible(user=agent, conversation_id=conversation.pk), data


def test_the_catch_up_gives_new_messages_before_the_margin_and_says_when_there_is_more(
    make_agent, presale, buyer_writes, monkeypatch
):
    # given a console that saw m1, then three messages it missed, with a limit of two per answer
    from zhanggui.service.selectors import live

    monkeypatch.setattr(live, "CATCH_UP_LIMIT", 2)
    agent = make_agent(presale)
    m1 = buyer_writes("第一条").message
    missed = [buyer_writes(f"第{n}条").message.pk for n in (2, 3, 4)]
    # when it catches up, then again from the last id it got
    first = live_catch_up(user=agent, after_id=m1.pk)
    second = live_catch_up(user=agent, after_id=first["last_id"])
    # then the new ones come in order across the two answers (the margin below ``after`` besides)
    new_first = [m["id"] for m in first["messages"] if m["id"] > m1.pk]
    new_second = [m["id"] for m in second["messages"] if m["id"] > first["last_id"]]
    assert (new_first, first["has_more"]) == (missed[:2], True)
    assert (new_second, second["has_more"]) == (missed[2:], False)


def test_the_catch_up_tells_of_a_conversation_assigned_while_away(make_agent, make_staff, presale, buyer_writes):
    # given an agent whose console last heard something a minute ago, and a conversation that waited
    from django.utils import timezone

    from zhanggui.service.services import conversation_assign

    agent = make_agent(presale, status="offline")
    conversation = buyer_writes("在吗").conversation
    seen = timezone.now()
    last = conversation.messages.get().pk
    # when a lead gives it to them while the socket is down
    conversation_assign(by=make_staff("cs_lead"), conversation=conversation, agent=agent)
    answer = live_catch_up(user=agent, after_id=last, last_seen=seen)
    # then the catch-up carries the conversation's new row
    rows = {row["id"]: row for row in answer["conversations"]}
    assert rows[conversation.pk]["assignee_id"] == agent.pk
