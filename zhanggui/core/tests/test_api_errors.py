"""The API's shared refusals: bodies that are not JSON objects, numbers sent as dates, unknown paths.

Each holds for every operation at once, so the tests walk the published schema.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from zhanggui.core import policy
from zhanggui.core.models import AuditEvent
from zhanggui.core.permissions import has_perm

from .routes import api_routes

NOT_AN_OBJECT = ["[null, null]", '"hello"', "1", "true", "null", "[]"]
NOT_AN_OBJECT_ANSWER = {
    "code": "invalid",
    "message": "Some fields are not valid.",
    "errors": [{"field": "", "message": "Send a JSON object."}],
}
NOT_FOUND = {"code": "not_found", "message": "Not found.", "errors": []}


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


def _permissions() -> dict[tuple[str, str], str | None]:
    """Each operation's permission by (method, path as the schema writes it)."""
    return {
        (route.method.lower(), re.sub(r"\{\w+:(\w+)\}", r"{\1}", route.path)): route.permission
        for route in api_routes()
    }


def _sample_path(path: str) -> str:
    # The body and query are read before the operation looks anything up, so any id will do.
    return re.sub(r"\{\w+\}", "1", path)


@pytest.fixture
def english_clients(staff_by_role, api_client_for):  # type: ignore[no-untyped-def]
    clients = {role: api_client_for(staff) for role, staff in staff_by_role.items()}
    for client in clients.values():
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return clients


def _client_for(code: str | None, staff_by_role: dict[str, Any], clients: dict[str, Client]) -> Client:
    if code == policy.PUBLIC:
        return Client(HTTP_ACCEPT_LANGUAGE="en")
    return next(clients[role] for role, staff in staff_by_role.items() if has_perm(staff, code or ""))


def test_every_json_body_that_is_not_an_object_is_refused(staff_by_role, english_clients):
    # given every operation taking a JSON body, called by a role allowed to
    schema = Client().get("/api/v1/openapi.json").json()
    permissions = _permissions()
    with_bodies = [
        (method, path)
        for method, path, op in _operations(schema)
        if "application/json" in op.get("requestBody", {}).get("content", {})
        # the signed webhook verifies its signature before it reads the body (tested in orders)
        and "/webhooks/" not in path
    ]
    assert {method for method, _path in with_bodies} == {"post", "put", "patch"}
    failures = []
    for method, path in with_bodies:
        client = _client_for(permissions[(method, path)], staff_by_role, english_clients)
        for body in NOT_AN_OBJECT:
            # when the body is JSON but not an object
            response = client.generic(method.upper(), _sample_path(path), body, content_type="application/json")
            # then it is refused as invalid, in the error format, naming no field
            answer = (response.status_code, response.json())
            if answer != (422, NOT_AN_OBJECT_ANSWER):
                failures.append(f"{method.upper()} {path} {body} → {answer}")
    assert failures == []


def test_a_non_object_body_changes_nothing(make_staff, api_client_for, store):
    # given an administrator (a list passed as an empty change: 200 and an audit of nothing)
    client = api_client_for(make_staff("admin"))
    before = AuditEvent.objects.count()
    # when a store is patched with a list
    response = client.patch(f"/api/v1/stores/{store.pk}", "[null, null]", content_type="application/json")
    # then it is refused and nothing was written
    assert response.status_code == 422
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("number", ["0", "1700000000", "-1", "1.5", "1e3"])
def test_every_date_filter_refuses_a_number(staff_by_role, english_clients, number):
    # given every query parameter published as a date (pydantic read numbers as unix seconds: 0 was 1970-01-01)
    schema = Client().get("/api/v1/openapi.json").json()
    permissions = _permissions()
    dated = [
        (method, path, param["name"])
        for method, path, op in _operations(schema)
        for param in op.get("parameters", [])
        if param["in"] == "query" and {"format": "date", "type": "string"} in param["schema"].get("anyOf", [])
    ]
    assert len(dated) == 12  # service: conversations started from/to
    failures = []
    for method, path, name in dated:
        client = _client_for(permissions[(method, path)], staff_by_role, english_clients)
        # when the date is sent as a number
        response = client.get(_sample_path(path), {name: number})
        # then it is refused, naming the field
        answer = (response.status_code, response.json()["errors"])
        if answer != (422, [{"field": name, "message": "Enter a date as YYYY-MM-DD."}]):
            failures.append(f"{path}?{name}={number} → {answer}")
    assert failures == []


def test_a_date_filter_still_takes_a_day(english_clients):
    # given an auditor
    client = english_clients["manager"]
    # when the audit log is filtered by ISO days
    response = client.get("/api/v1/core/audit-events", {"since": "2025-06-01", "until": "2099-12-31"})
    # then the filter applies
    assert response.status_code == 200


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/catalog/skus/not-a-number", "/api/v2/orders"])
def test_unknown_api_paths_answer_the_json_404(settings, make_staff, api_client_for, debug, method, path):
    # given a signed-in caller, with DEBUG off (production) and on (``make run``: Django's HTML page)
    settings.DEBUG = debug
    client = api_client_for(make_staff("manager"))
    # when a path no operation has is called
    response = client.generic(method, path, "{}", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    # then the answer is the API's 404 in the error format
    assert (response.status_code, response["Content-Type"]) == (404, "application/json; charset=utf-8")
    assert response.json() == NOT_FOUND


def test_unknown_console_paths_keep_the_html_404(make_staff, client_for):
    # given a signed-in staff member in the console
    client = client_for(make_staff("manager"))
    # when a page that does not exist is opened
    response = client.get("/no-such-page/")
    # then the console's own 404 page answers (in Chinese, the console's default)
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert "页面不存在。" in response.content.decode()
