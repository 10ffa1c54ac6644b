"""Cards sent from the thread: the order's, its parcel's, a product's facts as they were when sent,
read through the orders and catalog selectors, sent by ``message_send``; another store's order or
product is missing and sends nothing."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.service.constants import MessageKind, SenderKind
from zhanggui.service.models import Message
from zhanggui.service.services import order_card_send, product_card_send, tracking_card_send
from zhanggui.testing.factories import ProductFactory

from .workspace_data import goods_make, order_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(store, presale, make_agent, buyer_writes):  # type: ignore[no-untyped-def]
    goods = goods_make(store)
    order = order_make(store, "T1001")
    agent = make_agent(presale)
    conversation = buyer_writes("订单 T1001 发货了吗", sender="tb_小王", order_number="T1001").conversation
    return agent, conversation, order, goods


def test_order_card_payload(chat):
    # given
    agent, conversation, order, _goods = chat
    # when
    message = order_card_send(by=agent, conversation=conversation, order=order)
    # then
    assert (message.kind, message.sender_kind, message.sender_staff) == (MessageKind.ORDER, SenderKind.AGENT, agent)
    assert message.payload == {
        "order_id": order.pk,
        "number": "T1001",
        "status": "awaiting_shipment",
        "paid_amount": "287.30",
        "created_at": order.created_at.isoformat(),
        "lines": [
            {"title": "纯棉T恤 白色 M", "attributes": "", "quantity": 2, "unit_price": "99.00"},
            {"title": "纯棉T恤 黑色 L", "attributes": "", "quantity": 1, "unit_price": "99.00"},
        ],
        "more_lines": 0,
    }
    conversation.refresh_from_db()
    assert (conversation.last_message_preview, conversation.waiting_since) == ("[Order card]", None)


def test_tracking_card_payload(store, chat, make_staff):
    agent, conversation, _order, _goods = chat
    shipped = order_make(store, "T1002", shipped_by=make_staff("order_clerk"))
    shipment = shipped.shipments.get()
    message = tracking_card_send(by=agent, conversation=conversation, order=shipped)
    assert message.kind == MessageKind.TRACKING
    assert message.payload == {
        "order_id": shipped.pk,
        "number": "T1002",
        "carrier": "ZTO",
        "tracking_no": "75312345678901",
        "logistics_status": shipment.logistics_status,
        "shipped_at": shipment.shipped_at.isoformat(),
        "delivered_at": None,
        "last_event": None,
    }


def test_tracking_card_of_an_unshipped_order_is_refused(chat):
    agent, conversation, order, _goods = chat
    with pytest.raises(ValidationFailed) as refused:
        tracking_card_send(by=agent, conversation=conversation, order=order)
    assert refused.value.errors[0].field == "order"
    assert Message.objects.filter(sender_kind=SenderKind.AGENT).count() == 0


def test_product_card_payloads(chat):
    agent, conversation, _order, goods = chat
    whole = product_card_send(by=agent, conversation=conversation, product=goods.product)
    one = product_card_send(by=agent, conversation=conversation, product=goods.product, sku=goods.black)
    assert whole.payload == {
        "product_id": goods.product.pk,
        "sku_id": None,
        "name": "纯棉T恤",
        "title": "纯棉T恤",
        "spu_code": "SPU-TEE",
        "merchant_code": "",
        "attributes": "",
        "price": "89.00",
        "price_from": True,
    }
    assert one.payload == {
        "product_id": goods.product.pk,
        "sku_id": goods.black.pk,
        "name": "纯棉T恤",
        "title": "纯棉T恤",
        "spu_code": "SPU-TEE",
        "merchant_code": "TEE-BLK-L",
        "attributes": goods.black.attributes_text,
        "price": "89.00",
        "price_from": False,
    }


def test_another_store_s_order_or_product_is_missing(chat, other_store):
    # given an order and a product of another store
    agent, conversation, _order, _goods = chat
    foreign_order = order_make(other_store, "X9")
    foreign_product = ProductFactory(name="别家的鞋")
    # when / then
    with pytest.raises(NotFoundError):
        order_card_send(by=agent, conversation=conversation, order=foreign_order)
    with pytest.raises(NotFoundError):
        product_card_send(by=agent, conversation=conversation, product=foreign_product)
    assert Message.objects.filter(sender_kind=SenderKind.AGENT).count() == 0


def test_card_routes_send_and_refuse(store, chat, client_for, make_staff):
    agent, conversation, order, goods = chat
    client = client_for(agent)
    sent = client.post("/service/workspace/cards/order/", {"conversation": conversation.pk, "order": order.pk})
    product = client.post(
        "/service/workspace/cards/product/",
        {"conversation": conversation.pk, "product": goods.product.pk, "sku": goods.white.pk},
    )
    refused = client.post("/service/workspace/cards/tracking/", {"conversation": conversation.pk, "order": order.pk})
    assert (sent.status_code, product.status_code, refused.status_code) == (200, 200, 422)
    assert refused["HX-Retarget"] == "#ws-composer-error"
    kinds = list(Message.objects.filter(sender_kind=SenderKind.AGENT).values_list("kind", flat=True))
    assert kinds == [MessageKind.ORDER, MessageKind.PRODUCT]
    # a pre-sale agent's card shows in the thread with its labels
    thread = client.get("/service/workspace/conversation/", {"c": conversation.pk}).content.decode()
    assert "T1001" in thread and "¥287.30" in thread and "¥99.00" in thread
