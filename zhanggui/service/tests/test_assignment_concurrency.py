"""Buyers writing at once never overfill an agent: presence rows are locked in a fixed order while
one is chosen. Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers, so the
race cannot happen there. Each thread has its own database connection."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from zhanggui.service.models import Conversation
from zhanggui.service.states import ConversationStatus

BUYERS = 8


def at_once(calls: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Release one thread per call at once, each on its own connection: (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


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
