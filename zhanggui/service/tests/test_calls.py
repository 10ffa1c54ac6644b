"""Phone calls logged by the telephony system: recognised by phone, shown in the buyer's phone
conversation, a missed incoming call leaving exactly one call-back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import PermissionDeniedError
from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import Channel, FollowUpKind, MessageKind, SenderKind
from zhanggui.service.models import Contact, Conversation, FollowUp, Message, PhoneCall
from zhanggui.service.services import call_log
from zhanggui.service.states import ConversationStatus, FollowUpStatus

pytestmark = pytest.mark.django_db
STARTED = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def missed_call(agent, store, call_id: str = "c-1"):  # type: ignore[no-untyped-def]
    return call_log(
        by=agent,
        store=store,
        call_id=call_id,
        direction="inbound",
        phone="13800138000",
        started_at=STARTED,
        answered=False,
    )


def test_a_missed_inbound_call_leaves_one_callback_follow_up(store, make_agent):
    # given
    agent = make_agent()
    before = timezone.now()
    # when
    call, created = missed_call(agent, store)
    # then
    assert created is True
    followup = FollowUp.objects.get()
    assert (followup.kind, followup.status, followup.call, followup.assignee) == (
        FollowUpKind.CALLBACK,
        FollowUpStatus.OPEN,
        call,
        None,
    )
    assert followup.store == store and followup.contact == call.contact
    assert dt.timedelta(minutes=29) < followup.due_at - before < dt.timedelta(minutes=31)
    message = Message.objects.get()
    assert (message.kind, message.sender_kind) == (MessageKind.CALL, SenderKind.BUYER)
    assert message.payload == {
        "call_id": "c-1",
        "direction": "inbound",
        "duration_seconds": 0,
        "missed": True,
        "agent": "",
    }
    conversation = Conversation.objects.get()
    assert (conversation.channel, conversation.status) == (Channel.PHONE, ConversationStatus.RESOLVED)
    assert conversation.contact.phone == "13800138000"
    assert AuditEvent.objects.filter(action="service.call.log").count() == 1


def test_a_call_sent_twice_changes_nothing_the_second_time(store, make_agent):
    # given
    agent = make_agent()
    first, _created = missed_call(agent, store)
    # when
    again, created = missed_call(agent, store)
    # then
    assert (again, created) == (first, False)
    assert (PhoneCall.objects.count(), FollowUp.objects.count(), Message.objects.count()) == (1, 1, 1)
    assert AuditEvent.objects.filter(action="service.call.log").count() == 1


def test_an_answered_call_is_the_agents_and_joins_the_callers_phone_conversation(store, make_agent):
    # given
    agent = make_agent()
    missed_call(agent, store)
    # when
    call, _created = call_log(
        by=agent,
        store=store,
        call_id="c-2",
        direction="outbound",
        phone="13800138000",
        started_at=STARTED + dt.timedelta(minutes=20),
        duration_seconds=95,
        agent_username=agent.username,
        summary="回电：确认尺码换L",
    )
    # then
    assert (call.agent, call.duration_seconds, call.is_missed) == (agent, 95, False)
    assert Contact.objects.count() == 1 and Conversation.objects.count() == 1
    latest = Message.objects.order_by("-pk").first()
    assert (latest.sender_kind, latest.sender_staff, latest.body) == (SenderKind.AGENT, agent, "回电：确认尺码换L")
    assert FollowUp.objects.count() == 1  # only the missed call asks for a call-back


def test_a_viewer_cannot_log_a_call_and_leaves_no_trace(store, make_staff):
    viewer = make_staff("viewer")
    with pytest.raises(PermissionDeniedError):
        missed_call(viewer, store)
    assert (PhoneCall.objects.count(), Contact.objects.count(), FollowUp.objects.count()) == (0, 0, 0)


def test_the_calls_api_logs_a_missed_call_once(store, make_agent, api_client_for):
    # given
    client = api_client_for(make_agent())
    body = {
        "store_id": store.pk,
        "call_id": "c-9",
        "direction": "inbound",
        "phone": "13900139000",
        "started_at": "2026-12-07T10:00:00+08:00",
        "answered": False,
    }
    # when
    first = client.post("/api/v1/service/calls", body, content_type="application/json")
    again = client.post("/api/v1/service/calls", body, content_type="application/json")
    # then
    assert first.status_code == 200, first.content
    followup = FollowUp.objects.get()
    assert first.json()["follow_up_id"] == followup.pk
    assert (first.json()["missed"], first.json()["created"], again.json()["created"]) == (True, True, False)
    assert again.json()["follow_up_id"] == followup.pk


def test_a_call_for_another_store_is_missing(store, other_store, make_agent, api_client_for):
    client = api_client_for(make_agent())
    body = {
        "store_id": other_store.pk,
        "call_id": "c-9",
        "direction": "inbound",
        "phone": "13900139000",
        "started_at": "2026-12-07T10:00:00+08:00",
        "answered": False,
    }
    response = client.post("/api/v1/service/calls", body, content_type="application/json")
    assert response.status_code == 404
    assert PhoneCall.objects.count() == 0
