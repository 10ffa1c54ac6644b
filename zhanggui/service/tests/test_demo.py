"""The demo's customer service: conversations on every channel, tied to the demo orders' buyers,
answered, noted, resolved, closed and some still waiting; groups, presence and canned replies."""

from __future__ import annotations

import pytest

from zhanggui.service.constants import Channel, SenderKind
from zhanggui.service.demo import plan as p
from zhanggui.service.models import (
    AgentPresence,
    CannedReply,
    Conversation,
    FollowUp,
    Message,
    PhoneCall,
    ServiceGroup,
)
from zhanggui.service.states import ConversationStatus
from zhanggui.service.widgets import agent_card, lead_card

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_small_demo_has_its_conversations(demo_shop):
    conversations = Conversation.objects.all()
    # then: two rounds of the plans, every channel, and the phone records of the missed calls
    assert conversations.count() == 2 * len(p.PLANS) + 2 * p.MISSED_CALLS == 46
    assert set(conversations.values_list("channel", flat=True)) == set(Channel.values)
    statuses = dict.fromkeys(ConversationStatus.values, 0)
    for status in conversations.values_list("status", flat=True):
        statuses[status] += 1
    # the first round's waiting ones wait; what was resolved over a day ago closed by itself
    assert sum(1 for plan in p.PLANS if plan.outcome == p.WAITING) == 5
    # (a missed call's record is resolved at once: its work is the call-back on the follow-up list)
    assert statuses == {"queued": 5, "open": 6, "resolved": 6 + 2 * p.MISSED_CALLS, "closed": 25}
    assert demo_shop.log[-1] == (
        "service conversations: 46 (46 new; 5 waiting, 25 closed); groups: 12; canned replies: 46"
    )


def test_buyers_are_the_orders_buyers(demo_shop):
    named = Conversation.objects.exclude(order=None).select_related("order__buyer", "contact")
    assert named.count() >= 10
    assert all(c.contact.nickname == c.order.buyer.nickname for c in named)


def test_agents_answered_with_filled_variables_and_in_order(demo_shop):
    replies = Message.objects.filter(sender_kind=SenderKind.AGENT)
    assert replies.count() >= 30
    assert not replies.filter(body__contains="{").exists()
    for conversation in Conversation.objects.exclude(first_response_at=None)[:20]:
        assert conversation.first_response_at >= conversation.created_at


def test_groups_presence_calls_and_canned_replies(demo_shop):
    assert ServiceGroup.objects.count() == 12
    assert set(AgentPresence.objects.values_list("staff__username", "status")) == {
        ("cs_agent", "online"),
        ("cs_lead", "online"),
    }
    assert PhoneCall.objects.filter(is_missed=True).count() == 2 * p.MISSED_CALLS
    callbacks = FollowUp.objects.filter(kind="callback", status="open")
    assert callbacks.count() == 2 * p.MISSED_CALLS
    assert CannedReply.objects.filter(owner=None).count() == 46


def test_the_home_cards_show_work(demo_shop):
    from zhanggui.accounts.models import Staff

    agent = _figures(agent_card(Staff.objects.get(username="cs_agent")))
    lead = _figures(lead_card(Staff.objects.get(username="cs_lead")))
    assert (agent["queue"] > 0, agent["mine"] > 0, agent["unanswered"] > 0) == (True, True, True)
    assert lead["agents_online"] == "2 / 3"  # as the agents page lists them: the after-sales desk answers too


def _figures(card):  # type: ignore[no-untyped-def]
    return {figure.key: figure.value for figure in card["figures"]}


def test_a_rerun_adds_nothing(demo_shop):
    from zhanggui.service.demo import build

    build(demo_shop)
    assert demo_shop.log[-1] == "service conversations: 46 (0 new)"
    assert Conversation.objects.count() == 46
