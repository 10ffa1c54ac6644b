from __future__ import annotations

import datetime as dt

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from zhanggui.asgi import application
from zhanggui.core.api import ERROR_STATUSES
from zhanggui.core.consumers import staff_group
from zhanggui.core.models import IdempotentRequest
from zhanggui.core.tasks import idempotent_requests_purge


def test_openapi_documents_the_error_format_on_every_operation(db):
    # given the published schema
    schema = Client().get("/api/v1/openapi.json").json()
    # then every operation documents each shared error status with ErrorOut
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ERROR_STATUSES:
                response = operation["responses"].get(str(status))
                ref = str(response) if response else ""
                if "ErrorOut" not in ref:
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]


def test_idempotent_answers_are_purged_after_a_day(db):
    old = IdempotentRequest.objects.create(scope="user:1", key="a", fingerprint="x", status_code=200)
    IdempotentRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    IdempotentRequest.objects.create(scope="user:1", key="b", fingerprint="y", status_code=200)
    assert idempotent_requests_purge() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["b"]


@pytest.mark.django_db(transaction=True)
def test_notifications_reach_the_signed_in_staff_member(make_staff):
    staff = make_staff("cs_agent")

    async def scenario():  # type: ignore[no-untyped-def]
        communicator = WebsocketCommunicator(
            application, "/ws/notifications/", headers=[(b"origin", b"http://testserver")]
        )
        communicator.scope["user"] = staff
        connected, _code = await communicator.connect()
        assert connected
        await get_channel_layer().group_send(
            staff_group(staff.pk), {"type": "notify", "kind": "import.done", "payload": {"id": 7}}
        )
        message = await communicator.receive_json_from(timeout=2)
        await communicator.disconnect()
        return message

    assert async_to_sync(scenario)() == {"kind": "import.done", "payload": {"id": 7}}


@pytest.mark.django_db(transaction=True)
def test_notifications_refuse_anonymous_sockets():
    async def scenario():  # type: ignore[no-untyped-def]
        communicator = WebsocketCommunicator(
            application, "/ws/notifications/", headers=[(b"origin", b"http://testserver")]
        )
        connected, code = await communicator.connect()
        return connected, code

    assert async_to_sync(scenario)() == (False, 4401)
