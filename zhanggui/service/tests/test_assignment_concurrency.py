"""Buyers writing at once never overfill an agent: presence rows are locked in a fixed order while
one is chosen. Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers, so the
race cannot happen there. Each thread has its own database connection."""

from __future__ import annotations

from collections import Counter

import pytest

from zhanggui.service.models import Conversation
from zhanggui.service.states import ConversationStatus
from zhanggui.testing.concurrency import at_once

BUYERS = 8


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_buyers_at_once_fill_two_agents_of_capacity_two_exactly(buyer_writes, presale, make_agent):
    # given
    agents = [make_agent(presale, capacity=2), make_agent(presale, capacity=2)]
    calls = [lambda n=n: buyer_writes("在吗", sender=f"tb_{n}") for n in range(BUYERS)]
    # when
    _results, errors = at_once(calls)
    # then
    assert errors == []
    conversations = Conversation.objects.all()
    assert conversations.count() == BUYERS
    held = Counter(conversations.filter(status=ConversationStatus.OPEN).values_list("assignee_id", flat=True))
    assert held == {agents[0].pk: 2, agents[1].pk: 2}
    assert conversations.filter(status=ConversationStatus.QUEUED, assignee__isnull=True).count() == 4
