"""Home cards: each figure is the count of the workspace tab it links to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.service.models import Conversation, ServiceSettings
from zhanggui.service.selectors import MINE, QUEUE, UNANSWERED, workspace_tab
from zhanggui.service.services import message_send
from zhanggui.service.widgets import agent_card, lead_card


def _figures(card):  # type: ignore[no-untyped-def]
    return {figure.key: figure.value for figure in card["figures"]}


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale, status="offline")


@pytest.fixture
def waiting(buyer_writes, presale, aftersale, agent):  # type: ignore[no-untyped-def]
    """Four conversations: two queued in pre-sale (one waiting 10 minutes), one the agent answered
    (its buyer wrote again 7 minutes ago), one complaint in after-sale."""
    old = buyer_writes("在吗", sender="tb_a").conversation
    Conversation.objects.filter(pk=old.pk).update(waiting_since=timezone.now() - dt.timedelta(minutes=10))
    buyer_writes("有货吗", sender="tb_b")
    mine = buyer_writes("M码有吗", sender="tb_c").conversation
    message_send(by=agent, conversation=mine, body="有的")
    Conversation.objects.filter(pk=mine.pk).update(waiting_since=timezone.now() - dt.timedelta(minutes=7))
    buyer_writes("我要投诉", sender="tb_d")
    return old, mine


def test_the_agents_figures_are_the_counts_of_their_tabs(agent, waiting):
    # when
    figures = _figures(agent_card(agent))
    # then
    assert figures == {"queue": 2, "mine": 1, "unanswered": 2}
    assert figures == {tab: workspace_tab(user=agent, tab=tab).count() for tab in (QUEUE, MINE, UNANSWERED)}


def test_a_store_setting_raises_the_unanswered_threshold(agent, waiting, store):
    ServiceSettings.objects.create(store=store, unanswered_alert_minutes=8)
    assert _figures(agent_card(agent))["unanswered"] == 1


def test_the_leads_figures(make_agent, agent, waiting, presale):
    # given: the lead sees the after-sale group too; one more agent online
    make_agent(presale, status="online")
    lead = make_agent(role="cs_lead", status="online")
    # when
    figures = _figures(lead_card(lead))
    # then
    assert figures["queue"] == 3 == workspace_tab(user=lead, tab=QUEUE).count()
    assert figures["longest_wait"] == 10
    assert figures["agents_online"] == "2 / 3"


def test_the_home_page_shows_the_agents_card(client_for, agent, waiting):
    page = client_for(agent).get("/")
    assert page.status_code == 200
    assert 'data-figure="unanswered"' in page.content.decode()


def test_staff_outside_the_service_team_get_no_agent_card(make_staff, waiting):
    assert agent_card(make_staff("aftersales")) is None
