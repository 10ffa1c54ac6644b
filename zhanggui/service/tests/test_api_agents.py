"""The assignment API: agents' status and capacity, groups, settings, assign / transfer / unassign."""

from __future__ import annotations

import json
from typing import Any

from zhanggui.core.models import AuditEvent
from zhanggui.service.models import AgentPresence, ServiceGroup, ServiceSettings
from zhanggui.service.states import AgentStatus, ConversationStatus


def call(client, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:  # type: ignore[no-untyped-def]
    if method == "get":
        response = client.get(f"/api/v1/service{path}")
    else:
        response = getattr(client, method)(
            f"/api/v1/service{path}", data=json.dumps(body or {}), content_type="application/json"
        )
    return response.status_code, response.json()


def test_agents_are_listed_online_first_with_their_load(buyer_writes, presale, make_agent, api_client_for):
    # given
    away = make_agent(presale, status=AgentStatus.AWAY)
    online = make_agent(presale, capacity=3)
    buyer_writes("在吗")
    # when
    status, agents = call(api_client_for(away), "get", "/agents")
    # then
    assert status == 200
    assert [(a["id"], a["status"], a["capacity"], a["holding"]) for a in agents] == [
        (online.pk, "online", 3, 1),
        (away.pk, "away", 8, 0),
    ]


def test_an_agent_sets_their_own_status_but_not_their_capacity(presale, make_agent, api_client_for):
    agent = make_agent(presale, status=AgentStatus.OFFLINE)
    client = api_client_for(agent)
    status, answer = call(client, "put", "/agents/me/status", {"status": "busy"})
    denied, _body = call(client, "put", f"/agents/{agent.pk}/capacity", {"capacity": 3})
    assert (status, answer["status"], denied) == (200, "busy", 403)
    assert AgentPresence.objects.get(staff=agent).capacity == 8


def test_a_lead_sets_an_agents_capacity(presale, make_agent, make_staff, api_client_for):
    agent, lead = make_agent(presale), make_staff("cs_lead")
    status, answer = call(api_client_for(lead), "put", f"/agents/{agent.pk}/capacity", {"capacity": 3})
    assert (status, answer["capacity"]) == (200, 3)
    assert AuditEvent.objects.get(action="service.agent.capacity").after == {"capacity": 3}


def test_a_lead_creates_and_edits_a_group(store, make_staff, make_agent, api_client_for):
    lead, agent = make_staff("cs_lead"), make_agent()
    client = api_client_for(lead)
    created, group = call(client, "post", "/groups", {"store_id": store.pk, "kind": "presale", "name": "售前一组"})
    edited, group = call(client, "patch", f"/groups/{group['id']}", {"member_ids": [agent.pk]})
    assert (created, edited, group["name"], group["member_ids"]) == (201, 200, "售前一组", [agent.pk])


def test_an_agent_cannot_create_a_group(store, make_agent, api_client_for):
    status, _body = call(
        api_client_for(make_agent()), "post", "/groups", {"store_id": store.pk, "kind": "presale", "name": "夜班"}
    )
    assert (status, ServiceGroup.objects.count()) == (403, 0)


def test_settings_read_the_defaults_and_a_bad_patch_names_the_field(store, make_staff, api_client_for):
    client = api_client_for(make_staff("cs_lead"))
    status, answer = call(client, "get", f"/settings/{store.pk}")
    assert (status, answer["opens_at"], answer["workdays"]) == (200, "09:00", [0, 1, 2, 3, 4, 5, 6])
    bad, errors = call(client, "patch", f"/settings/{store.pk}", {"reassign_after_minutes": 0})
    assert (bad, [e["field"] for e in errors["errors"]]) == (422, ["reassign_after_minutes"])
    good, answer = call(client, "patch", f"/settings/{store.pk}", {"opens_at": "08:00", "workdays": [0, 1]})
    assert (good, answer["opens_at"], answer["workdays"]) == (200, "08:00", [0, 1])
    assert ServiceSettings.objects.get(store=store).workdays == [0, 1]


def test_transfer_and_unassign_through_the_api(buyer_writes, presale, make_agent, api_client_for):
    # given
    holder, colleague = make_agent(presale), make_agent(presale, status=AgentStatus.BUSY)
    conversation = buyer_writes("在吗").conversation
    # when
    refused, _body = call(
        api_client_for(colleague), "post", f"/conversations/{conversation.pk}/transfer", {"to_staff_id": colleague.pk}
    )
    moved, answer = call(
        api_client_for(holder),
        "post",
        f"/conversations/{conversation.pk}/transfer",
        {"to_staff_id": colleague.pk, "note": "你来"},
    )
    back, queued = call(api_client_for(colleague), "post", f"/conversations/{conversation.pk}/unassign", {})
    # then
    assert (refused, moved, answer["assignee_id"]) == (403, 200, colleague.pk)
    assert (back, queued["status"], queued["assignee_id"], queued["queue_position"]) == (
        200,
        ConversationStatus.QUEUED,
        None,
        1,
    )
