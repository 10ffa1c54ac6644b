"""Transfer (转接) with a note, a lead's 指派, and refusals that leave no trace."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import EventKind, MessageKind, SenderKind
from zhanggui.service.models import ConversationEvent, Message
from zhanggui.service.services import conversation_assign, conversation_transfer
from zhanggui.service.states import AgentStatus, ConversationStatus


def _trace() -> tuple[int, int, int]:
    return ConversationEvent.objects.count(), Message.objects.count(), AuditEvent.objects.count()


def test_an_agent_transfers_their_conversation_with_a_note(buyer_writes, presale, make_agent):
    # given
    holder = make_agent(presale)
    colleague = make_agent(presale, status=AgentStatus.BUSY)
    conversation = buyer_writes("这件T恤是纯棉的吗").conversation
    # when
    conversation_transfer(by=holder, conversation=conversation, to_staff=colleague, note="买家问面料，你更熟")
    # then
    conversation.refresh_from_db()
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.OPEN, colleague.pk)
    event = conversation.events.get(kind=EventKind.TRANSFERRED)
    assert (event.actor_id, event.from_staff_id, event.to_staff_id, event.note) == (
        holder.pk,
        holder.pk,
        colleague.pk,
        "买家问面料，你更熟",
    )
    note = Message.objects.get(sender_kind=SenderKind.SYSTEM)
    assert (note.kind, note.body) == (
        MessageKind.NOTE,
        f"{holder} transferred the conversation to {colleague}. Note: 买家问面料，你更熟",
    )
    audit = AuditEvent.objects.get(action="service.conversation.transfer")
    assert (audit.actor_id, audit.before, audit.after, audit.reason) == (
        holder.pk,
        {"assignee": holder.pk, "group": presale.pk},
        {"assignee": colleague.pk, "group": presale.pk},
        "买家问面料，你更熟",
    )


def test_a_transfer_to_another_group_goes_to_its_next_free_agent(buyer_writes, presale, aftersale, make_agent):
    # given
    holder = make_agent(presale)
    aftersale_agent = make_agent(aftersale)
    conversation = buyer_writes("在吗").conversation
    # when
    conversation_transfer(by=holder, conversation=conversation, to_group=aftersale, note="要退货")
    # then
    conversation.refresh_from_db()
    assert (conversation.group, conversation.assignee_id) == (aftersale, aftersale_agent.pk)
    kinds = list(conversation.events.order_by("pk").values_list("kind", "from_staff_id", "to_staff_id"))
    assert kinds[-2:] == [(EventKind.TRANSFERRED, holder.pk, None), (EventKind.ASSIGNED, None, aftersale_agent.pk)]
    assert Message.objects.get(kind=MessageKind.NOTE).body == (
        f"{holder} transferred the conversation to 售后组. Note: 要退货"
    )


def test_an_agent_who_does_not_hold_the_conversation_cannot_transfer_it(buyer_writes, presale, make_agent):
    # given
    holder, other = make_agent(presale), make_agent(presale, status=AgentStatus.BUSY)
    conversation = buyer_writes("在吗").conversation
    before = _trace()
    # when
    with pytest.raises(PermissionDeniedError):
        conversation_transfer(by=other, conversation=conversation, to_staff=other, note="我来")
    # then
    conversation.refresh_from_db()
    assert conversation.assignee_id == holder.pk
    assert _trace() == before


def test_a_transfer_needs_one_target_of_the_same_store(buyer_writes, presale, make_agent, make_staff, other_store):
    holder = make_agent(presale)
    stranger = make_staff("cs_agent", stores=[other_store])
    conversation = buyer_writes("在吗").conversation
    before = _trace()
    with pytest.raises(ValidationFailed) as none:
        conversation_transfer(by=holder, conversation=conversation, note="x")
    with pytest.raises(ValidationFailed) as foreign:
        conversation_transfer(by=holder, conversation=conversation, to_staff=stranger, note="x")
    assert none.value.errors[0].field == "to_staff"
    assert foreign.value.errors[0].field == "to_staff"
    assert _trace() == before


def test_a_lead_assigns_a_waiting_conversation_and_an_agent_may_not(buyer_writes, presale, make_agent, make_staff):
    # given
    agent = make_agent(presale, status=AgentStatus.OFFLINE)
    lead = make_staff("cs_lead")
    conversation = buyer_writes("在吗").conversation
    refused = _trace()
    with pytest.raises(PermissionDeniedError):
        conversation_assign(by=agent, conversation=conversation, agent=agent)
    assert _trace() == refused  # the agent's attempt left nothing
    # when
    conversation_assign(by=lead, conversation=conversation, agent=agent)
    # then
    conversation.refresh_from_db()
    assert (conversation.status, conversation.assignee_id) == (ConversationStatus.OPEN, agent.pk)
    event = conversation.events.get(kind=EventKind.ASSIGNED)
    assert (event.actor_id, event.to_staff_id) == (lead.pk, agent.pk)
    assert AuditEvent.objects.get(action="service.conversation.assign").after == {"assignee": agent.pk}
    assert _trace() == (refused[0] + 1, refused[1], refused[2] + 1)
