"""Signed refund webhooks of a store: each delivery acts once through the platform sync; anything
unsigned, stale or about an unknown order does nothing."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from zhanggui.aftersales.models import Case, Refund
from zhanggui.core.models import AuditEvent
from zhanggui.stores.models import StoreCredential, WebhookDelivery
from zhanggui.stores.selectors import webhook_signature

D = Decimal
pytestmark = pytest.mark.django_db
SECRET = "whsec-current-0123456789abcdef"


def refund_event(status: str = "WAIT_SELLER_AGREE", event: str = "refund.created", **fields: Any) -> dict[str, Any]:
    refund = {
        "refund_id": "88001",
        "tid": "T1001",
        "oid": "T1001-2",
        "outer_id": "TEE-BLK-L",
        "status": status,
        "has_good_return": True,
        "refund_fee": "92.43",
        "reason": "尺码不合适",
        "desc": "偏小一码",
        "created": "2026-11-25 09:00:00",
        "timeout": "2026-11-27 09:00:00",
        **fields,
    }
    return {"event": event, "refund": refund}


def send(store: Any, payload: Any, *, delivery: str = "dlv-1", secret: str = SECRET, sent: int | None = None) -> Any:
    body = json.dumps(payload).encode()
    sent = int(time.time()) if sent is None else sent
    headers = {
        "X-Zhanggui-Timestamp": str(sent),
        "X-Zhanggui-Delivery": delivery,
        "X-Zhanggui-Signature": webhook_signature(secret=secret, timestamp=sent, body=body),
    }
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        f"/api/v1/aftersales/webhooks/{store.code}", body, content_type="application/json", headers=headers
    )


@pytest.fixture
def signed_store(store, make_order):  # type: ignore[no-untyped-def]
    StoreCredential.objects.create(store=store, webhook_secret=SECRET)
    make_order("T1001", shipped=True)
    return store


def nothing_happened() -> None:
    assert Case.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="aftersales.").count() == 0


def test_a_refund_event_opens_the_case_with_the_platform_deadline(signed_store):
    response = send(signed_store, refund_event())
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert response.json() == {
        "delivery_id": "dlv-1",
        "replayed": False,
        "result": {
            "event": "refund.created",
            "case_id": case.pk,
            "case_number": case.number,
            "platform_case_id": "88001",
            "status": "requested",
            "outcome": "created",
        },
    }
    assert (case.type, case.source, case.reason.code, case.requested_amount) == (
        "return_refund",
        "platform",
        "size",
        D("92.43"),
    )
    assert case.respond_by.isoformat() == "2026-11-27T01:00:00+00:00"  # Beijing time


def test_updates_move_the_case_to_refunded_once_and_a_replay_is_harmless(signed_store):
    send(signed_store, refund_event())
    send(signed_store, refund_event("WAIT_BUYER_RETURN_GOODS", "refund.updated"), delivery="dlv-2")
    shipped = refund_event("WAIT_SELLER_CONFIRM_GOODS", "refund.updated", sid="75300000000001", company_name="中通快递")
    send(signed_store, shipped, delivery="dlv-3")
    case = Case.objects.get()
    assert (case.status, case.return_carrier, case.return_tracking_no) == ("awaiting_return", "ZTO", "75300000000001")
    done = send(signed_store, refund_event("SUCCESS", "refund.updated"), delivery="dlv-4")
    assert done.json()["result"]["status"] == "refunded"
    audit_rows = AuditEvent.objects.count()
    # when the last delivery is replayed, and the same status is sent again under a new id
    replay = send(signed_store, refund_event("SUCCESS", "refund.updated"), delivery="dlv-4")
    again = send(signed_store, refund_event("SUCCESS", "refund.updated"), delivery="dlv-5")
    # then nothing more happens: one refund, no new audit rows
    assert (replay.json()["replayed"], replay.json()["result"]) == (True, done.json()["result"])
    assert (again.json()["replayed"], again.json()["result"]["outcome"]) == (False, "unchanged")
    assert (Refund.objects.count(), Refund.objects.get().idempotency_key) == (1, "platform-88001")
    assert AuditEvent.objects.count() == audit_rows
    # and an older status never moves the case back
    older = send(signed_store, refund_event("WAIT_SELLER_AGREE", "refund.updated"), delivery="dlv-6")
    assert (older.json()["result"]["status"], older.json()["result"]["outcome"]) == ("refunded", "unchanged")


def test_a_bad_signature_is_refused_and_nothing_written(signed_store):
    response = send(signed_store, refund_event(), secret="whsec-wrong")
    assert response.status_code == 401
    nothing_happened()


def test_a_stale_timestamp_is_refused(signed_store):
    response = send(signed_store, refund_event(), sent=int(time.time()) - 3600)
    assert response.status_code == 401
    nothing_happened()


def test_an_unknown_order_or_line_does_nothing_and_the_delivery_may_be_sent_again(signed_store):
    assert send(signed_store, refund_event(tid="T404")).status_code == 404
    response = send(signed_store, refund_event(outer_id="NOPE"))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "refund.outer_id", "message": "Name the order line by its merchant code."}
    ]
    nothing_happened()
    assert send(signed_store, refund_event()).status_code == 200  # the same delivery id, corrected


def test_the_refund_event_is_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operation = paths["/api/v1/aftersales/webhooks/{store_code}"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["event"]["enum"] == ["refund.created", "refund.updated"]
    assert "SUCCESS" in body["properties"]["refund"]["properties"]["status"]["enum"]


def test_a_refund_only_request_first_reported_refunded_is_opened_and_refunded_in_one_go(signed_store):
    event = refund_event("SUCCESS", has_good_return=False, refund_fee="40.00", reason="拍错/多拍")
    response = send(signed_store, event)
    case = Case.objects.select_related("reason").get()
    assert (response.json()["result"]["outcome"], case.type, case.status, case.reason.code) == (
        "created",
        "refund_only",
        "refunded",
        "changed_mind",
    )
    refund = Refund.objects.get()
    assert (refund.amount, refund.shipping_amount, refund.rule) == (D("40.00"), D("0.00"), "platform")
    steps = AuditEvent.objects.filter(action__startswith="aftersales.case.").values_list("action", flat=True)
    assert sorted(steps) == ["aftersales.case.approve", "aftersales.case.create", "aftersales.case.refund"]
