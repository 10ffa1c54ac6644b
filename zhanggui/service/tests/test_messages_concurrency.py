"""A new buyer's first messages arriving at once: one contact, one conversation, every message kept.

Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers.
"""

from __future__ import annotations

import functools

import pytest

from zhanggui.service.constants import Channel
from zhanggui.service.models import Contact, ContactIdentity, Conversation, Message
from zhanggui.service.services import message_receive
from zhanggui.testing.concurrency import at_once

THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_first_messages_at_once_make_one_contact_and_one_conversation(store):
    # when a buyer nobody knows sends eight messages at once (two of them the same message id)
    calls = [
        functools.partial(
            message_receive,
            store=store,
            channel=Channel.TAOBAO,
            sender_id="tb_新买家",
            nickname="tb_新买家",
            body=f"第{n}条",
            message_id=f"m-{min(n, THREADS - 2)}",
        )
        for n in range(THREADS)
    ]
    results, errors = at_once(calls)
    # then one contact, one identity, one conversation, seven messages (the repeated id kept once)
    assert errors == []
    assert len(results) == THREADS
    assert Contact.objects.filter(store=store).count() == 1
    assert ContactIdentity.objects.filter(store=store).count() == 1
    assert Conversation.objects.filter(store=store).count() == 1
    assert Message.objects.count() == THREADS - 1
