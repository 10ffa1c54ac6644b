from __future__ import annotations

import logging

from django.test import Client

from zhanggui.core.logging import RedactSecretsFilter, redact
from zhanggui.core.models import AuditEvent, SavedFilter


def test_htmx_post_without_csrf_token_is_refused(make_staff):
    # given a signed-in staff member on a client that enforces CSRF
    staff = make_staff("operator")
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    # when htmx posts without the X-CSRFToken header
    response = client.post(
        "/saved-filters/", {"list_key": "catalog.sku", "name": "低价", "query": "q=1"}, HTTP_HX_REQUEST="true"
    )
    # then it is refused and nothing was saved
    assert response.status_code == 403
    assert SavedFilter.objects.count() == 0


def test_htmx_post_with_csrf_header_is_accepted(make_staff):
    staff = make_staff("operator")
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/saved-filters/",
        {"list_key": "catalog.sku", "name": "低价", "query": "q=1"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    assert list(SavedFilter.objects.values_list("name", "query")) == [("低价", "q=1")]


def test_api_session_post_without_csrf_is_refused(make_staff):
    staff = make_staff("manager")
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/api/v1/core/pii/reveal", {}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert AuditEvent.objects.count() == 0


def test_audit_log_is_append_only(make_staff):
    staff = make_staff("admin")
    from zhanggui.core.audit import audit_record

    event = audit_record(actor=staff, action="test.thing")
    event.reason = "changed"
    attempts = (event.save, event.delete, AuditEvent.objects.all().delete, lambda: AuditEvent.objects.update(id=1))
    for attempt in attempts:
        try:
            attempt()
        except PermissionError:
            pass
        else:  # pragma: no cover - would be a bug
            raise AssertionError("the audit log accepted a change")
    assert AuditEvent.objects.get().reason == ""


def test_secrets_are_redacted_from_logs():
    assert redact("Authorization: Bearer zg_abcdef123") == "Authorization: Bearer ***"
    assert redact("login password=hunter2 ok") == "login password=*** ok"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token=%s", ("zg_secret",), None)
    RedactSecretsFilter().filter(record)
    assert record.getMessage() == "token=***"


def test_healthz_checks_database_queue_and_channels(db):
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert sorted(body["checks"]) == ["channel_layer", "database", "task_queue"]
    assert all(check["ok"] for check in body["checks"].values())


def test_security_headers_are_set(db):
    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
