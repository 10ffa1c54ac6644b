"""Automatic assignment: only online agents of the group, within their capacity, in fair rotation;
reassignment when an agent leaves a buyer unanswered; business hours and the automatic replies;
queue position; agents going online pull the queue."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import PermissionDeniedError
from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import EventKind, SenderKind
from zhanggui.service.models import AgentPresence, AgentStatusChange, ConversationEvent, Message, ServiceSettings
from zhanggui.service.selectors import business_hours_open, queue_position
from zhanggui.service.services import (
    agent_status_set,
    conversation_reassign_unanswered,
    conversation_resolve,
    conversation_unassign,
    message_send,
    note_add,
    queue_drain,
)
from zhanggui.service.states import AgentStatus, ConversationStatus

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def closed_today(store) -> ServiceSettings:  # type: ignore[no-untyped-def]
    """Settings whose working days leave out today (in the store's time zone): closed now."""
    today = timezone.now().astimezone(SHANGHAI).weekday()
    return ServiceSettings.objects.create(store=store, workdays=[d for d in range(7) if d != today])


def test_an_agent_is_given_no_more_than_their_capacity(buyer_writes, presale, make_agent):
    # given
    agent = make_agent(presale, capacity=2)
    # when
    conversations = [buyer_writes("在吗", sender=f"tb_{n}").conversation for n in range(3)]
    # then
    assert [(c.status, c.assignee_id) for c in conversations] == [
        (ConversationStatus.OPEN, agent.pk),
        (ConversationStatus.OPEN, agent.pk),
        (ConversationStatus.QUEUED, None),
    ]


def test_only_online_agents_are_given_conversations(buyer_writes, presale, make_agent):
    # given
    for status in (AgentStatus.BUSY, AgentStatus.AWAY, AgentStatus.OFFLINE):
        make_agent(presale, status=status)
    online = make_agent(presale)
    # when
    assignees = {buyer_writes("在吗", sender=f"tb_{n}").conversation.assignee_id for n in range(4)}
    # then
    assert assignees == {online.pk}


def test_nobody_online_leaves_the_conversation_queued(buyer_writes, presale, make_agent):
    make_agent(presale, status=AgentStatus.OFFLINE)
    conversation = buyer_writes("在吗").conversation
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.QUEUED, None)


def test_agents_of_another_group_are_not_given_the_conversation(buyer_writes, presale, aftersale, make_agent):
    make_agent(aftersale)
    conversation = buyer_writes("这件T恤是纯棉的吗").conversation
    assert (conversation.group, conversation.assignee_id) == (presale, None)


def test_fair_rotation_across_three_agents_over_six_conversations(buyer_writes, presale, make_agent):
    # given
    first, second, third = (make_agent(presale) for _ in range(3))
    # when
    assignees = [buyer_writes("在吗", sender=f"tb_{n}").conversation.assignee_id for n in range(6)]
    # then
    assert assignees == [first.pk, second.pk, third.pk, first.pk, second.pk, third.pk]
    events = ConversationEvent.objects.filter(kind=EventKind.ASSIGNED).order_by("pk")
    assert list(events.values_list("to_staff_id", flat=True)) == assignees


def test_rotation_skips_an_agent_at_capacity(buyer_writes, presale, make_agent):
    small, large = make_agent(presale, capacity=1), make_agent(presale, capacity=5)
    assignees = [buyer_writes("在吗", sender=f"tb_{n}").conversation.assignee_id for n in range(4)]
    assert assignees == [small.pk, large.pk, large.pk, large.pk]


def test_an_unanswered_conversation_goes_to_another_agent(buyer_writes, presale, make_agent):
    # given
    slow, other = make_agent(presale), make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    assert conversation.assignee_id == slow.pk
    # when
    moved = conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=4))
    # then
    conversation.refresh_from_db()
    assert moved == 1
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.OPEN, other.pk)
    event = conversation.events.get(kind=EventKind.REASSIGNED)
    assert (event.from_staff_id, event.to_staff_id) == (slow.pk, other.pk)


def test_an_unanswered_conversation_goes_back_to_the_queue_when_no_one_else_is_free(buyer_writes, presale, make_agent):
    # given
    slow = make_agent(presale)
    make_agent(presale, status=AgentStatus.AWAY)
    conversation = buyer_writes("在吗").conversation
    # when
    moved = conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=4))
    # then
    conversation.refresh_from_db()
    assert moved == 1
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.QUEUED, None)
    event = conversation.events.get(kind=EventKind.UNASSIGNED)
    assert (event.from_staff_id, event.to_staff_id, event.to_status) == (slow.pk, None, ConversationStatus.QUEUED)
    # and with no one else free, the queue gives it back to them rather than leave the buyer waiting
    assert queue_drain() == 1
    conversation.refresh_from_db()
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.OPEN, slow.pk)


def test_the_queue_prefers_another_free_agent_to_the_one_it_was_taken_from(buyer_writes, presale, make_agent):
    # given a conversation taken back from a slow agent while the other agent was away
    slow = make_agent(presale)
    other = make_agent(presale, status=AgentStatus.AWAY)
    conversation = buyer_writes("在吗").conversation
    conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=4))
    AgentPresence.objects.filter(staff=other).update(status=AgentStatus.ONLINE)
    # when the queue drains
    assert queue_drain() == 1
    # then the other agent has it
    conversation.refresh_from_db()
    assert conversation.assignee_id == other.pk != slow.pk


def test_an_internal_note_is_no_answer(buyer_writes, presale, make_agent):
    # given an agent who only wrote a note
    slow, other = make_agent(presale), make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    note_add(by=slow, conversation=conversation, body="稍后回复")
    # when the minutes pass
    moved = conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=4))
    # then the buyer goes to the other agent
    conversation.refresh_from_db()
    assert (moved, conversation.assignee_id) == (1, other.pk)


def test_a_buyer_back_on_a_resolved_conversation_of_an_offline_agent_is_not_stranded(buyer_writes, presale, make_agent):
    # given an agent who answered, resolved and went offline
    gone, other = make_agent(presale), make_agent(presale, status=AgentStatus.AWAY)
    conversation = buyer_writes("在吗").conversation
    message_send(by=gone, conversation=conversation, body="在的")
    conversation_resolve(by=gone, conversation=conversation)
    AgentPresence.objects.filter(staff=gone).update(status=AgentStatus.OFFLINE)
    AgentPresence.objects.filter(staff=other).update(status=AgentStatus.ONLINE)
    # when the buyer writes again and the minutes pass
    buyer_writes("还有问题")
    moved = conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=4))
    # then an online agent has the buyer
    conversation.refresh_from_db()
    assert (moved, conversation.assignee_id) == (1, other.pk)


def test_reassignment_waits_for_the_stores_minutes_and_spares_answered_conversations(
    store, buyer_writes, presale, make_agent
):
    # given
    ServiceSettings.objects.create(store=store, reassign_after_minutes=10)
    agent = make_agent(presale)
    make_agent(presale)
    waiting = buyer_writes("在吗", sender="tb_1").conversation
    answered = buyer_writes("在吗", sender="tb_2").conversation
    message_send(by=answered.assignee, conversation=answered, body="在的")
    buyer_writes("还有一个问题", sender="tb_2")
    # when
    early = conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=4))
    late = conversation_reassign_unanswered(now=timezone.now() + dt.timedelta(minutes=11))
    # then
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert (early, late) == (0, 1)
    assert waiting.assignee_id != agent.pk
    assert answered.events.filter(kind=EventKind.REASSIGNED).count() == 0


def test_outside_business_hours_the_buyer_gets_the_automatic_reply_once_and_no_agent(
    store, buyer_writes, presale, make_agent
):
    # given
    closed_today(store)
    make_agent(presale)
    # when
    buyer_writes("在吗")
    conversation = buyer_writes("有人吗").conversation
    # then
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.QUEUED, None)
    replies = Message.objects.filter(conversation=conversation, sender_kind=SenderKind.SYSTEM)
    assert list(replies.values_list("body", flat=True)) == [
        "Thank you for your message. We are outside our business hours now; an agent will answer as soon as we open."
    ]
    assert conversation.events.filter(kind=EventKind.AUTO_REPLY).count() == 1
    assert conversation.events.filter(kind=EventKind.ASSIGNED).count() == 0


def test_the_stores_own_reply_is_sent_and_the_queue_drains_when_it_opens(store, buyer_writes, presale, make_agent):
    # given
    settings = closed_today(store)
    settings.outside_hours_reply = "亲，客服上班时间为9:00-23:00，稍后回复您"
    settings.save()
    agent = make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    assert queue_drain(store=store) == 0
    # when
    ServiceSettings.objects.filter(store=store).update(workdays=list(range(7)))
    assigned = queue_drain(store=store)
    # then
    conversation.refresh_from_db()
    assert assigned == 1
    assert conversation.assignee_id == agent.pk
    assert list(Message.objects.filter(sender_kind=SenderKind.SYSTEM).values_list("body", flat=True)) == [
        "亲，客服上班时间为9:00-23:00，稍后回复您"
    ]


def test_a_new_conversation_is_greeted_once(store, buyer_writes, presale):
    ServiceSettings.objects.create(store=store, welcome_reply="亲，欢迎光临，有什么可以帮您")
    buyer_writes("在吗")
    conversation = buyer_writes("有人吗").conversation
    system = Message.objects.filter(conversation=conversation, sender_kind=SenderKind.SYSTEM)
    assert list(system.values_list("body", "payload")) == [("亲，欢迎光临，有什么可以帮您", {"auto_reply": "welcome"})]


@pytest.mark.parametrize(
    ("opens", "closes", "workdays", "local", "expected"),
    [
        ("09:00", "23:00", [0, 1, 2, 3, 4], "2026-12-07 08:59", False),  # a Monday
        ("09:00", "23:00", [0, 1, 2, 3, 4], "2026-12-07 09:00", True),
        ("09:00", "23:00", [0, 1, 2, 3, 4], "2026-12-07 23:00", False),
        ("09:00", "23:00", [0, 1, 2, 3, 4], "2026-12-06 12:00", False),  # a Sunday
        ("20:00", "02:00", [4], "2026-12-12 01:30", True),  # Friday's night shift, after midnight
        ("20:00", "02:00", [4], "2026-12-11 01:30", False),  # Friday after midnight: Thursday's shift
        ("00:00", "00:00", [0], "2026-12-07 03:00", True),  # all day
    ],
)
def test_business_hours_in_the_stores_time_zone(store, opens, closes, workdays, local, expected):
    settings = ServiceSettings(
        store=store, pk=1, opens_at=dt.time.fromisoformat(opens), closes_at=dt.time.fromisoformat(closes)
    )
    settings.workdays = workdays
    at = dt.datetime.fromisoformat(local).replace(tzinfo=SHANGHAI).astimezone(dt.UTC)
    assert business_hours_open(settings, store=store, at=at) is expected


def test_queue_position_puts_the_more_urgent_first_then_the_first_queued(buyer_writes, presale, aftersale):
    # given
    first = buyer_writes("这件T恤是纯棉的吗", sender="tb_1").conversation  # normal priority
    second = buyer_writes("这件有货吗", sender="tb_2").conversation
    complaint = buyer_writes("我要投诉", sender="tb_3").conversation  # after-sale group: its own queue
    chasing = buyer_writes("什么时候发货", sender="tb_4").conversation  # high priority
    # then
    positions = [queue_position(conversation=c) for c in (first, second, complaint, chasing)]
    assert positions == [2, 3, 1, 1]


def test_queue_position_is_none_once_an_agent_has_it(buyer_writes, presale, make_agent):
    make_agent(presale)
    conversation = buyer_writes("在吗").conversation
    assert queue_position(conversation=conversation) is None


def test_going_online_pulls_the_oldest_waiting_conversations_up_to_capacity(
    buyer_writes, presale, make_agent, django_capture_on_commit_callbacks
):
    # given
    agent = make_agent(presale, status=AgentStatus.OFFLINE, capacity=2)
    conversations = [buyer_writes("在吗", sender=f"tb_{n}").conversation for n in range(3)]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        agent_status_set(by=agent, staff=agent, status=AgentStatus.ONLINE)
    # then
    for conversation in conversations:
        conversation.refresh_from_db()
    assert [c.assignee_id for c in conversations] == [agent.pk, agent.pk, None]
    assert list(AgentStatusChange.objects.filter(staff=agent).values_list("status", flat=True)) == ["online"]
    assert AuditEvent.objects.filter(action="service.agent.status").count() == 1


def test_going_offline_keeps_the_conversations_and_a_lead_takes_them_back(
    buyer_writes, presale, make_agent, make_staff
):
    # given
    agent, lead = make_agent(presale), make_staff("cs_lead")
    conversation = buyer_writes("在吗").conversation
    # when
    agent_status_set(by=agent, staff=agent, status=AgentStatus.OFFLINE)
    conversation.refresh_from_db()
    kept = conversation.assignee_id
    conversation_unassign(by=lead, conversation=conversation)
    # then
    conversation.refresh_from_db()
    assert kept == agent.pk
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.QUEUED, None)
    assert AuditEvent.objects.filter(action="service.conversation.unassign").count() == 1


def test_an_agent_cannot_set_another_agents_status(presale, make_agent):
    # given
    agent, other = make_agent(presale), make_agent(presale)
    # when
    with pytest.raises(PermissionDeniedError):
        agent_status_set(by=agent, staff=other, status=AgentStatus.OFFLINE)
    # then
    assert AgentPresence.objects.get(staff=other).status == AgentStatus.ONLINE
    assert AgentStatusChange.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_lead_sets_an_agents_status(presale, make_agent, make_staff):
    agent, lead = make_agent(presale), make_staff("cs_lead")
    agent_status_set(by=lead, staff=agent, status=AgentStatus.BUSY)
    assert AgentPresence.objects.get(staff=agent).status == AgentStatus.BUSY
    assert AuditEvent.objects.get(action="service.agent.status").actor_id == lead.pk
