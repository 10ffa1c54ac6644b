"""Actions from the thread, each through the owning context's service: the order's address (refused
after shipment with the orders context's own error), the seller memo, an after-sales case named after
the conversation; an order that is not the buyer's is missing; a denied action changes nothing."""

from __future__ import annotations

import json

import pytest

from zhanggui.aftersales.models import Case, Reason
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order

from .workspace_data import english, goods_make, order_make

pytestmark = pytest.mark.django_db
ADDRESS = "/service/workspace/actions/address/"
MEMO = "/service/workspace/actions/memo/"
CASE = "/service/workspace/actions/case/"
NEW_ADDRESS = {
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "address_detail": "世纪大道 1 号",
    "receiver_name": "",
    "receiver_phone": "",
    "reason": "买家在会话中要求",
}


@pytest.fixture
def chat(store, presale, make_agent, buyer_writes):  # type: ignore[no-untyped-def]
    """tb_小王 asks about order T1001 (paid, not shipped); an online agent of 售前 has the conversation."""
    goods_make(store)
    order = order_make(store, "T1001")
    agent = make_agent(presale)
    conversation = buyer_writes("我的订单能改地址吗，订单号 T1001", sender="tb_小王", order_number="T1001").conversation
    return agent, conversation, order


def test_the_address_form_offers_the_provinces_and_keeps_personal_fields_empty(chat, client_for):
    agent, conversation, order = chat
    response = english(client_for(agent)).get(ADDRESS, {"c": conversation.pk, "order": order.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="浙江省" selected>浙江省</option>' in html
    assert html.count("<option value=") == 35  # the 34 divisions and "Choose…"
    assert "王小二" not in html and "13800001111" not in html


def test_change_address_through_the_orders_service(chat, client_for):
    # given
    agent, conversation, order = chat
    # when
    response = client_for(agent).post(ADDRESS, {"conversation": conversation.pk, "order": order.pk, **NEW_ADDRESS})
    # then: the new street, the receiver kept, the orders context's audit
    assert response.status_code == 200
    assert "ws-done" in json.loads(response["HX-Trigger"])
    order.refresh_from_db()
    assert (order.province, order.city, order.district, order.address_detail) == (
        "上海市",
        "上海市",
        "浦东新区",
        "世纪大道 1 号",
    )
    assert (order.receiver_name, order.receiver_phone) == ("王小二", "13800001111")
    event = AuditEvent.objects.get(action="orders.order.address_change")
    assert (event.actor_id, event.reason) == (agent.pk, "买家在会话中要求")


def test_change_address_after_shipment_shows_the_orders_refusal(store, chat, client_for, make_staff):
    # given the order has left the warehouse
    agent, conversation, _order = chat
    shipped = order_make(store, "T1002", shipped_by=make_staff("order_clerk"))
    before = Order.objects.values().get(pk=shipped.pk)
    audits = AuditEvent.objects.count()
    # when
    response = client_for(agent).post(ADDRESS, {"conversation": conversation.pk, "order": shipped.pk, **NEW_ADDRESS})
    # then the form again, with the orders context's translated error, and nothing changed
    assert response.status_code == 422
    assert "已发货" in response.content.decode() or "不能再修改" in response.content.decode()
    assert Order.objects.values().get(pk=shipped.pk) == before
    assert AuditEvent.objects.count() == audits


def test_a_missing_city_is_named(chat, client_for):
    agent, conversation, order = chat
    data = {**NEW_ADDRESS, "city": ""}
    response = english(client_for(agent)).post(ADDRESS, {"conversation": conversation.pk, "order": order.pk, **data})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'for="id_city">City</label>' in html
    assert "This field is required." in html
    order.refresh_from_db()
    assert order.city == "杭州市"


def test_an_order_of_another_buyer_is_missing(store, chat, client_for):
    # given an order of someone else in the same store
    agent, conversation, _order = chat
    other = order_make(store, "T2001", buyer_nickname="tb_别人")
    # when / then
    client = client_for(agent)
    assert client.get(ADDRESS, {"c": conversation.pk, "order": other.pk}).status_code == 404
    response = client.post(ADDRESS, {"conversation": conversation.pk, "order": other.pk, **NEW_ADDRESS})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.province == "浙江省"


def test_a_role_without_order_edits_is_denied_and_nothing_changes(chat, make_staff, client_for, presale):
    # given a pre-sale member who may answer but not edit orders (a warehouse clerk would not even see it)
    _agent, conversation, order = chat
    viewer = make_staff("gm")
    # when
    response = client_for(viewer).post(ADDRESS, {"conversation": conversation.pk, "order": order.pk, **NEW_ADDRESS})
    # then
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.province == "浙江省"
    assert AuditEvent.objects.filter(action="orders.order.address_change").count() == 0


def test_seller_memo_through_the_orders_service(chat, client_for):
    agent, conversation, order = chat
    response = client_for(agent).post(
        MEMO, {"conversation": conversation.pk, "order": order.pk, "seller_memo": "改地址到上海", "memo_flag": "red"}
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert (order.seller_memo, order.memo_flag) == ("改地址到上海", "red")
    assert AuditEvent.objects.filter(action="orders.order.memo_set", actor_id=agent.pk).count() == 1


def test_after_sales_case_from_the_conversation(store, chat, client_for, make_staff):
    # given a shipped order of the buyer
    agent, conversation, _order = chat
    shipped = order_make(store, "T1003", shipped_by=make_staff("order_clerk"))
    black = shipped.lines.get(title="纯棉T恤 黑色 L")
    reason = Reason.objects.get(code="size")
    # when the agent asks to return the black shirt
    response = client_for(agent).post(
        CASE,
        {
            "conversation": conversation.pk,
            "order": shipped.pk,
            "type": "return_refund",
            "reason": reason.pk,
            "description": "尺码偏小",
            f"line_{black.pk}": "1",
        },
    )
    # then a case through case_create, named after the conversation
    assert response.status_code == 200
    case = Case.objects.get()
    assert (case.order, case.type, case.source, case.conversation_ref, case.created_by) == (
        shipped,
        "return_refund",
        "conversation",
        str(conversation.pk),
        agent,
    )
    assert list(case.lines.values_list("order_line_id", "quantity")) == [(black.pk, 1)]


def test_after_sales_case_refused_shows_the_error_and_opens_nothing(chat, client_for):
    # given the unshipped order: a return needs goods sent first
    agent, conversation, order = chat
    reason = Reason.objects.get(code="size")
    line = order.lines.first()
    response = client_for(agent).post(
        CASE,
        {
            "conversation": conversation.pk,
            "order": order.pk,
            "type": "return_refund",
            "reason": reason.pk,
            f"line_{line.pk}": "1",
        },
    )
    assert response.status_code == 422
    assert 'class="alert alert-danger"' in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert Case.objects.count() == 0
