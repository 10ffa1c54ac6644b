"""The agents page and the status switch the workspace header posts to with htmx."""

from __future__ import annotations

from zhanggui.service.models import AgentPresence
from zhanggui.service.states import AgentStatus


def test_the_status_switch_answers_htmx_with_its_fragment(presale, make_agent, client_for):
    # given
    agent = make_agent(presale, status=AgentStatus.OFFLINE)
    # when
    response = client_for(agent).post("/service/agents/status/", {"status": "busy"}, HTTP_HX_REQUEST="true")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="agent-status-switch"' in html and '<option value="busy" selected>' in html
    assert AgentPresence.objects.get(staff=agent).status == AgentStatus.BUSY


def test_the_status_switch_without_htmx_goes_back(presale, make_agent, client_for):
    agent = make_agent(presale, status=AgentStatus.OFFLINE)
    response = client_for(agent).post("/service/agents/status/", {"status": "online", "next": "/service/agents/"})
    assert (response.status_code, response["Location"]) == (302, "/service/agents/")
    assert AgentPresence.objects.get(staff=agent).status == AgentStatus.ONLINE


def test_the_agents_page_shows_each_agents_status_and_a_lead_changes_capacity(
    presale, make_agent, make_staff, client_for
):
    # given
    agent, lead = make_agent(presale), make_staff("cs_lead")
    client = client_for(lead)
    # when
    page = client.get("/service/agents/")
    saved = client.post(f"/service/agents/{agent.pk}/", {"status": "away", "capacity": "4"})
    # then
    assert page.status_code == 200
    assert [row.staff for row in page.context["rows"]] == [agent, lead]
    assert saved.status_code == 302
    presence = AgentPresence.objects.get(staff=agent)
    assert (presence.status, presence.capacity) == (AgentStatus.AWAY, 4)


def test_an_agent_cannot_change_another_agents_capacity(presale, make_agent, client_for):
    agent, other = make_agent(presale), make_agent(presale)
    response = client_for(agent).post(f"/service/agents/{other.pk}/", {"status": "away", "capacity": "1"})
    assert response.status_code == 403
    assert AgentPresence.objects.get(staff=other).capacity == 8
