"""Customer-service test data: a store with a pre-sale and an after-sale group, agents with presence.

Services run under English, so tests read messages by their msgids.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from zhanggui.service.constants import Channel, GroupKind
from zhanggui.service.models import AgentPresence, ServiceGroup
from zhanggui.service.services import message_receive
from zhanggui.service.states import AgentStatus


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def presale(store):  # type: ignore[no-untyped-def]
    return ServiceGroup.objects.create(store=store, kind=GroupKind.PRESALE, name="售前组")


@pytest.fixture
def aftersale(store):  # type: ignore[no-untyped-def]
    return ServiceGroup.objects.create(store=store, kind=GroupKind.AFTERSALE, name="售后组")


@pytest.fixture
def make_agent(make_staff):  # type: ignore[no-untyped-def]
    """``make_agent(group, status="online", capacity=8)`` → a cs_agent of ``store`` in ``group``."""

    def make(
        group: ServiceGroup | None = None,
        *,
        status: str = AgentStatus.ONLINE,
        capacity: int = 8,
        role: str = "cs_agent",
    ) -> Any:
        staff = make_staff(role)
        if group is not None:
            group.members.add(staff)
        AgentPresence.objects.create(staff=staff, status=status, capacity=capacity)
        return staff

    return make


@pytest.fixture
def buyer_writes(store):  # type: ignore[no-untyped-def]
    """``buyer_writes("在吗", sender="tb_buyer1")`` → what ``message_receive`` did, on Taobao by default."""

    def write(body: str, *, sender: str = "tb_buyer1", channel: str = Channel.TAOBAO, **kwargs: Any) -> Any:
        return message_receive(
            store=kwargs.pop("store", store),
            channel=channel,
            sender_id=sender,
            body=body,
            nickname=kwargs.pop("nickname", sender),
            **kwargs,
        )

    return write
