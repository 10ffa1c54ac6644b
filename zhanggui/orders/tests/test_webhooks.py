"""Signed webhooks of a store: an order or rating event acts once; anything unsigned, stale or replayed does nothing."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, StoreRating
from zhanggui.stores.models import StoreCredential, WebhookDelivery
from zhanggui.stores.selectors import webhook_signature

SECRET = "whsec-current-0123456789abcdef"
OLD_SECRET = "whsec-previous-fedcba9876543210"


def order_event(number: str = "W1001", status: str = "paid") -> dict[str, Any]:
    return {
        "event": "order",
        "order": {
            "platform_order_id": number,
            "buyer_nickname": "tb_小李",
            "status": status,
            "created_at": "2026-11-20T10:00:00+08:00",
            "paid_at": "2026-11-20T10:05:00+08:00",
            "shipping_fee": "10.00",
            "receiver_name": "李四",
            "receiver_phone": "13900002222",
            "province": "浙江省",
            "city": "杭州市",
            "district": "西湖区",
            "address_detail": "文一路 1 号",
            "lines": [{"title": "纯棉T恤 白色 M", "unit_price": "99.00", "quantity": 1, "merchant_code": "TEE-WHT-M"}],
        },
    }


def rating_event(number: str = "R-9", rating: int = 1, order: str = "") -> dict[str, Any]:
    return {
        "event": "rating",
        "rating": {
            "platform_rating_id": number,
            "platform_order_id": order,
            "buyer_nickname": "tb_小李",
            "rating": rating,
            "text": "发货太慢",
            "rated_at": "2026-11-21T09:00:00+08:00",
        },
    }


def send(
    store: Any,
    payload: Any,
    *,
    delivery: str = "dlv-1",
    secret: str = SECRET,
    sent: int | None = None,
    signature: str | None = None,
    client: Client | None = None,
) -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    sent = int(time.time()) if sent is None else sent
    headers = {
        "X-Zhanggui-Timestamp": str(sent),
        "X-Zhanggui-Delivery": delivery,
        "X-Zhanggui-Signature": signature or webhook_signature(secret=secret, timestamp=sent, body=body),
    }
    return (client or Client()).post(
        f"/api/v1/orders/webhooks/{store.code}", body, content_type="application/json", headers=headers
    )


@pytest.fixture
def signed_store(store, goods):  # type: ignore[no-untyped-def]
    StoreCredential.objects.create(store=store, webhook_secret=SECRET, previous_webhook_secret=OLD_SECRET)
    return store


def nothing_happened() -> None:
    assert Order.objects.count() == 0
    assert StoreRating.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="orders.").count() == 0


def test_a_signed_order_event_creates_the_order(signed_store):
    # when the platform sends a signed order event
    response = send(signed_store, order_event())
    # then the order exists, paid and routed like any platform order, and the delivery is recorded
    assert response.status_code == 200
    order = Order.objects.get(store=signed_store, platform_order_id="W1001")
    assert response.json() == {
        "delivery_id": "dlv-1",
        "replayed": False,
        "result": {"event": "order", "order_id": order.pk, "platform_order_id": "W1001", "outcome": "created"},
    }
    assert (order.status, str(order.paid_amount), order.buyer.nickname) == ("awaiting_shipment", "109.00", "tb_小李")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.store_id, delivery.delivery_id, delivery.event) == (signed_store.pk, "dlv-1", "order")
    assert AuditEvent.objects.filter(action="orders.order.create", actor=None).count() == 1


def test_a_newer_status_in_a_new_delivery_updates_the_order(signed_store):
    send(signed_store, order_event(status="pending_payment"), delivery="dlv-1")
    response = send(signed_store, order_event(status="paid"), delivery="dlv-2")
    assert response.json()["result"]["outcome"] == "updated"
    assert Order.objects.get().status == "awaiting_shipment"


def test_a_signed_rating_event_creates_the_rating_linked_to_its_order(signed_store):
    send(signed_store, order_event(), delivery="dlv-1")
    response = send(signed_store, rating_event(order="W1001"), delivery="dlv-2")
    assert response.status_code == 200
    rating = StoreRating.objects.get()
    assert response.json()["result"] == {
        "event": "rating",
        "rating_id": rating.pk,
        "platform_rating_id": "R-9",
        "outcome": "created",
    }
    assert (rating.rating, rating.text, rating.order.platform_order_id) == (1, "发货太慢", "W1001")


def test_the_previous_secret_is_accepted_during_rotation(signed_store):
    response = send(signed_store, order_event(), secret=OLD_SECRET)
    assert response.status_code == 200
    assert Order.objects.count() == 1


@pytest.mark.parametrize("case", ["wrong secret", "tampered body", "no signature", "unknown store", "retired secret"])
def test_a_bad_signature_is_401_and_does_nothing(signed_store, case):
    # given a call that is not signed by the store's secret
    body = json.dumps(order_event()).encode()
    if case == "retired secret":
        StoreCredential.objects.filter(store=signed_store).update(previous_webhook_secret="")
    if case == "unknown store":
        signed_store.code = "no-such-store"  # not saved: the URL names a store that does not exist
    kwargs: dict[str, Any] = {
        "wrong secret": {"secret": "whsec-someone-else-000000000"},
        "tampered body": {"signature": webhook_signature(secret=SECRET, timestamp=int(time.time()), body=b"{}")},
        "no signature": {"signature": "sha256="},
        "unknown store": {},
        "retired secret": {"secret": OLD_SECRET},
    }[case]
    # when it is sent
    response = send(signed_store, body, **kwargs)
    # then it is refused without saying why, and nothing happened
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    nothing_happened()


@pytest.mark.parametrize("age", [301, -301, 3600])
def test_a_stale_timestamp_is_401_and_does_nothing(signed_store, age):
    response = send(signed_store, order_event(), sent=int(time.time()) - age)
    assert response.status_code == 401
    nothing_happened()


def test_a_replayed_delivery_answers_the_same_and_acts_once(signed_store):
    # given a processed delivery
    first = send(signed_store, order_event(), delivery="dlv-7")
    # when the platform sends it again (even re-signed later)
    again = send(signed_store, order_event(), delivery="dlv-7")
    # then the answer carries the first result, marked as a replay, and nothing was done twice
    assert again.status_code == 200
    assert again.json() == {**first.json(), "replayed": True}
    assert Order.objects.count() == 1
    assert WebhookDelivery.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="orders.").count() == 1


def test_an_invalid_payload_is_422_unrecorded_and_a_fixed_resend_works(signed_store):
    # given a signed event whose line has no quantity
    broken = order_event()
    del broken["order"]["lines"][0]["quantity"]
    # when it is sent
    response = send(signed_store, broken, delivery="dlv-9")
    # then it is refused with the field, and nothing is recorded
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["order.lines.0.quantity"]
    nothing_happened()
    # when the corrected event is sent with the same delivery id, it is processed
    fixed = send(signed_store, order_event(), delivery="dlv-9")
    assert (fixed.status_code, fixed.json()["replayed"]) == (200, False)
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [b"not json", b'{"event": "order"}', b'{"event": "refund", "order": {}}', b'{"event": "rating", "rating": null}'],
)
def test_a_body_that_is_not_an_event_is_422(signed_store, payload):
    response = send(signed_store, payload)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    nothing_happened()


def test_a_service_refusal_is_422_and_unrecorded(signed_store):
    # an event the schema accepts but the rating service refuses (a rating from the future)
    event = rating_event()
    event["rating"]["rated_at"] = "2099-01-01T00:00:00+08:00"
    response = send(signed_store, event)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["rated_at"]
    nothing_happened()


def test_a_missing_delivery_id_is_422(signed_store):
    response = send(signed_store, order_event(), delivery="")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "X-Zhanggui-Delivery"
    nothing_happened()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_five_concurrent_replays_of_one_delivery_act_once(store, goods):
    # given a store with a webhook secret and one signed delivery
    StoreCredential.objects.create(store=store, webhook_secret=SECRET)
    body = json.dumps(order_event("W-RACE")).encode()
    sent = int(time.time())
    signature = webhook_signature(secret=SECRET, timestamp=sent, body=body)
    barrier = threading.Barrier(5)
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def deliver() -> None:
        try:
            barrier.wait()
            response = send(store, body, delivery="dlv-race", sent=sent, signature=signature)
            with lock:
                answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    # when five copies arrive at the same moment
    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then all are answered 200 with the same result, exactly one acted, one order and one delivery exist
    assert sorted(status for status, _body in answers) == [200] * 5
    assert sorted(answer["replayed"] for _status, answer in answers) == [False, True, True, True, True]
    assert len({json.dumps(answer["result"], sort_keys=True) for _status, answer in answers}) == 1
    assert Order.objects.filter(platform_order_id="W-RACE").count() == 1
    assert WebhookDelivery.objects.filter(delivery_id="dlv-race").count() == 1
    assert AuditEvent.objects.filter(action="orders.order.create").count() == 1
