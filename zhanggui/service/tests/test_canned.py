"""Canned replies: variables filled from the conversation's buyer, order and parcel; shortcuts unique
in their scope; an agent's own replies are theirs alone, the team's are the lead's to change."""

from __future__ import annotations

import datetime as dt

import pytest

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Buyer, Order, Shipment
from zhanggui.service.models import CannedReply
from zhanggui.service.selectors import canned_reply_by_shortcut, canned_reply_list
from zhanggui.service.services import (
    canned_reply_create,
    canned_reply_delete,
    canned_reply_render,
    canned_reply_update,
    canned_reply_used,
)

BODY = "{买家昵称}您好，订单{订单号}，物流单号{物流单号}，预计发货{预计发货}。"
PAID = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.UTC)  # 18:30 in Shanghai


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale)


@pytest.fixture
def lead(make_agent):  # type: ignore[no-untyped-def]
    return make_agent(role="cs_lead")


@pytest.fixture
def order(store):  # type: ignore[no-untyped-def]
    buyer = Buyer.objects.create(store=store, nickname="tb_小王")
    return Order.objects.create(store=store, buyer=buyer, platform_order_id="T20261201", status="paid", paid_at=PAID)


def _render(agent, buyer_writes, **kwargs):  # type: ignore[no-untyped-def]
    reply = canned_reply_create(by=agent, title="发货", body=BODY)
    conversation = buyer_writes("什么时候发货", sender="tb_小王", **kwargs).conversation
    return canned_reply_render(by=agent, reply=reply, conversation=conversation)


def test_variables_read_as_visible_gaps_without_an_order(agent, buyer_writes):
    assert _render(agent, buyer_writes) == "tb_小王您好，订单(no order)，物流单号(no order)，预计发货(no order)。"


def test_a_paid_order_fills_its_number_and_the_promised_shipping_time(agent, buyer_writes, order):
    # when: the buyer is recognised by nickname; the order is their latest in the store
    text = _render(agent, buyer_writes)
    # then: paid 18:30 Shanghai + the default 48 h promise
    assert text == "tb_小王您好，订单T20261201，物流单号(not shipped yet)，预计发货2026-12-03 18:30。"


def test_a_shipped_order_fills_its_latest_tracking_number(agent, buyer_writes, order):
    Shipment.objects.create(order=order, carrier="SF", tracking_no="SF100", shipped_at=PAID)
    Shipment.objects.create(order=order, carrier="SF", tracking_no="SF200", shipped_at=PAID + dt.timedelta(hours=1))
    text = _render(agent, buyer_writes, order_number="T20261201")
    assert text == "tb_小王您好，订单T20261201，物流单号SF200，预计发货Shipped。"


def test_an_unpaid_order_says_so(agent, buyer_writes, order):
    Order.objects.filter(pk=order.pk).update(paid_at=None, status="pending_payment")
    assert _render(agent, buyer_writes).endswith("预计发货(not paid yet)。")


def test_a_reply_without_variables_is_its_text(agent, buyer_writes):
    reply = canned_reply_create(by=agent, title="问候", body="亲，在的")
    conversation = buyer_writes("在吗").conversation
    assert canned_reply_render(by=agent, reply=reply, conversation=conversation) == "亲，在的"


def test_a_taken_shortcut_is_refused_naming_the_field(agent):
    # given
    canned_reply_create(by=agent, title="退货", body="退货流程……", shortcut="/退货")
    # when
    with pytest.raises(ValidationFailed) as refused:
        canned_reply_create(by=agent, title="退货2", body="另一种", shortcut="/退货")
    # then
    assert [(e.field, e.message) for e in refused.value.errors] == [("shortcut", "The shortcut /退货 is taken.")]
    assert CannedReply.objects.count() == 1


def test_a_shortcut_starts_with_a_slash(agent):
    with pytest.raises(ValidationFailed) as refused:
        canned_reply_create(by=agent, title="退货", body="退货流程", shortcut="退货")
    assert refused.value.errors[0].field == "shortcut"


def test_the_same_shortcut_may_be_an_agents_and_the_teams(agent, lead, store):
    canned_reply_create(by=lead, title="团队退货", body="团队", shortcut="/退货", team=True, store_id=store.pk)
    mine = canned_reply_create(by=agent, title="我的退货", body="我的", shortcut="/退货")
    # the agent's own comes first
    assert canned_reply_by_shortcut(user=agent, store=store, shortcut="/退货") == mine


def test_an_agent_cannot_change_anothers_reply_or_the_teams(agent, make_agent, presale, lead):
    # given
    other = make_agent(presale)
    theirs = canned_reply_create(by=other, title="他的", body="他的话")
    team = canned_reply_create(by=lead, title="团队", body="团队的话", team=True)
    audits = AuditEvent.objects.count()
    # when / then
    with pytest.raises(NotFoundError):
        canned_reply_update(by=agent, reply=theirs, title="改了", body="改了")
    with pytest.raises(NotFoundError):
        canned_reply_delete(by=agent, reply=theirs)
    with pytest.raises(PermissionDeniedError):
        canned_reply_update(by=agent, reply=team, title="改了", body="改了")
    with pytest.raises(PermissionDeniedError):
        canned_reply_create(by=agent, title="团队", body="x", team=True)
    # then: no trace
    assert list(CannedReply.objects.order_by("pk").values_list("title", "body")) == [
        ("他的", "他的话"),
        ("团队", "团队的话"),
    ]
    assert AuditEvent.objects.count() == audits
    assert list(canned_reply_list(user=agent)) == [team]


def test_create_edit_delete_are_audited_and_keep_search_tokens(agent):
    reply = canned_reply_create(by=agent, title="尺码建议", body="身高170建议M码", category="尺码", shortcut="/尺码")
    assert " 尺码 " in reply.search_text
    canned_reply_update(by=agent, reply=reply, title="尺码推荐", body="身高175建议L码", shortcut="/尺码")
    canned_reply_delete(by=agent, reply=reply)
    actions = list(
        AuditEvent.objects.filter(action__startswith="service.canned").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["service.canned.create", "service.canned.edit", "service.canned.delete"]


def test_use_is_counted(agent):
    reply = canned_reply_create(by=agent, title="问候", body="亲，在的")
    canned_reply_used(by=agent, reply=reply)
    canned_reply_used(by=agent, reply=reply)
    reply.refresh_from_db()
    assert reply.use_count == 2


def test_team_replies_of_another_store_are_not_listed(lead, agent, other_store, store, make_staff):
    # given: a manager spanning stores writes one for the other store
    manager = make_staff("manager", stores=[store, other_store])
    canned_reply_create(by=manager, title="别店", body="x", team=True, store_id=other_store.pk)
    everywhere = canned_reply_create(by=lead, title="全店", body="y", team=True)
    # then
    assert list(canned_reply_list(user=agent)) == [everywhere]
