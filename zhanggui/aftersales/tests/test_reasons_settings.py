"""The reason taxonomy and each store's after-sales rules: who may change them, what is checked, what is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.aftersales.models import AftersalesSettings, Reason
from zhanggui.aftersales.selectors import aftersales_rules
from zhanggui.aftersales.services import aftersales_settings_update, reason_create, reason_update
from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent

D = Decimal
pytestmark = pytest.mark.django_db


def test_manager_creates_a_reason_with_its_responsibility(make_staff):
    # given
    manager = make_staff("manager")
    # when
    reason = reason_create(by=manager, code="smell", name="有异味", responsibility="merchant", sort_order=5)
    # then
    assert (reason.code, reason.name, reason.responsibility, reason.is_active) == ("smell", "有异味", "merchant", True)
    event = AuditEvent.objects.get(action="aftersales.reason.create")
    assert event.after == {
        "code": "smell",
        "name": "有异味",
        "responsibility": "merchant",
        "is_active": True,
        "sort_order": 5,
    }


def test_reason_create_reports_every_bad_field(make_staff):
    manager = make_staff("manager")
    with pytest.raises(ValidationFailed) as caught:
        reason_create(by=manager, code="Bad Code", name="质量问题", responsibility="nobody")
    assert {(e.field, e.message) for e in caught.value.errors} == {
        ("code", "Use lower-case letters, digits and underscores."),
        ("responsibility", "Choose who is responsible."),
        ("name", "Another reason already has this name."),
    }
    assert not AuditEvent.objects.exists()


def test_retiring_a_reason_keeps_its_code_and_audits_the_change(make_staff, reason):
    # given
    manager = make_staff("manager")
    quality = reason("quality")
    # when
    reason_update(by=manager, reason=quality, is_active=False, name="质量问题")
    # then only what changed is recorded
    quality.refresh_from_db()
    assert (quality.code, quality.is_active) == ("quality", False)
    event = AuditEvent.objects.get(action="aftersales.reason.update")
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})
    # and the same call again writes nothing
    reason_update(by=manager, reason=quality, is_active=False)
    assert AuditEvent.objects.filter(action="aftersales.reason.update").count() == 1


def test_reason_code_cannot_be_changed(make_staff, reason):
    manager = make_staff("manager")
    with pytest.raises(ValidationFailed) as caught:
        reason_update(by=manager, reason=reason("quality"), code="q")
    assert [(e.field, e.message) for e in caught.value.errors] == [("code", "Unknown field.")]


@pytest.mark.parametrize("role", ["aftersales", "cs_lead", "operator"])
def test_reasons_are_changed_only_with_the_settings_permission(make_staff, reason, role):
    staff = make_staff(role)
    with pytest.raises(PermissionDeniedError):
        reason_create(by=staff, code="smell", name="有异味", responsibility="merchant")
    with pytest.raises(PermissionDeniedError):
        reason_update(by=staff, reason=reason("quality"), is_active=False)
    assert not Reason.objects.filter(code="smell").exists()
    assert Reason.objects.get(code="quality").is_active is True
    assert not AuditEvent.objects.exists()


def test_store_rules_start_from_the_defaults_and_record_only_changes(make_staff, store):
    # given a store on the defaults
    manager = make_staff("manager")
    assert not AftersalesSettings.objects.exists()
    # when two rules change (one to its current value)
    rules = aftersales_settings_update(
        by=manager, store=store, response_hours=24, return_rate_threshold="8.50", inspect_hours=24
    )
    # then
    assert (rules.response_hours, rules.return_rate_threshold, rules.inspect_hours) == (24, D("8.50"), 24)
    assert aftersales_rules(store.pk).receive_days == 10
    event = AuditEvent.objects.get(action="aftersales.settings.update")
    assert event.before == {"response_hours": 48, "return_rate_threshold": "5.00"}
    assert event.after == {"response_hours": 24, "return_rate_threshold": "8.50"}
    assert event.store_id == store.pk


def test_store_rules_are_checked_field_by_field(make_staff, store):
    manager = make_staff("manager")
    with pytest.raises(ValidationFailed) as caught:
        aftersales_settings_update(
            by=manager, store=store, response_hours=0, return_rate_threshold="120", auto_approve_max_amount="-1"
        )
    assert {e.field for e in caught.value.errors} == {
        "response_hours",
        "return_rate_threshold",
        "auto_approve_max_amount",
    }
    assert not AftersalesSettings.objects.exists()
    assert not AuditEvent.objects.exists()


def test_store_rules_need_the_settings_permission(make_staff, store):
    specialist = make_staff("aftersales")
    with pytest.raises(PermissionDeniedError):
        aftersales_settings_update(by=specialist, store=store, response_hours=24)
    assert not AftersalesSettings.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_api_creates_retires_and_lists_reasons(make_staff, api_client_for):
    client = api_client_for(make_staff("manager"))
    created = client.post(
        "/api/v1/aftersales/reasons",
        {"code": "smell", "name": "有异味", "responsibility": "merchant", "sort_order": 99},
        content_type="application/json",
    )
    assert created.status_code == 201
    reason_id = created.json()["id"]
    retired = client.patch(
        f"/api/v1/aftersales/reasons/{reason_id}", {"is_active": False}, content_type="application/json"
    )
    assert retired.json()["is_active"] is False
    active = [reason["code"] for reason in client.get("/api/v1/aftersales/reasons?active=true").json()]
    assert "smell" not in active and active[0] == "quality"
    denied = api_client_for(make_staff("aftersales")).post(
        "/api/v1/aftersales/reasons",
        {"code": "x", "name": "X", "responsibility": "buyer"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert not Reason.objects.filter(code="x").exists()


def test_the_api_reads_and_sets_a_stores_rules(make_staff, api_client_for, store):
    rules = {
        "response_hours": 24,
        "return_ship_days": 7,
        "receive_days": 10,
        "inspect_hours": 24,
        "resolve_hours": 24,
        "auto_approve_max_amount": "50.00",
        "auto_approve_max_buyer_cases": 2,
        "return_rate_threshold": "8.00",
    }
    client = api_client_for(make_staff("manager"))
    answer = client.put(f"/api/v1/aftersales/settings/{store.pk}", rules, content_type="application/json")
    assert answer.status_code == 200
    read = api_client_for(make_staff("aftersales")).get(f"/api/v1/aftersales/settings/{store.pk}").json()
    assert (read["response_hours"], read["auto_approve_max_amount"], read["return_rate_threshold"]) == (
        24,
        "50.00",
        "8.00",
    )


def test_the_console_lists_reasons_and_retires_one(make_staff, client_for, reason):
    client = client_for(make_staff("manager"))
    page = client.get("/aftersales/reasons/")
    assert page.status_code == 200
    assert "质量问题" in page.content.decode()
    quality = reason("quality")
    response = client.post(
        f"/aftersales/reasons/{quality.pk}/",
        {"name": "质量问题", "responsibility": "merchant", "sort_order": 0},  # "in use" unticked
    )
    assert response.status_code == 302
    quality.refresh_from_db()
    assert quality.is_active is False
    assert client_for(make_staff("aftersales")).get("/aftersales/reasons/").status_code == 403


def test_the_console_sets_a_stores_rules(make_staff, client_for, store):
    client = client_for(make_staff("manager"))
    assert client.get("/aftersales/settings/").status_code == 200
    form = {
        "response_hours_0": 1,
        "response_hours_1": "days",
        "return_ship_days": 7,
        "receive_days": 10,
        "inspect_hours_0": 12,
        "inspect_hours_1": "hours",
        "resolve_hours_0": 24,
        "resolve_hours_1": "hours",
        "auto_approve_max_amount": "30.00",
        "auto_approve_max_buyer_cases": 2,
        "return_rate_threshold": "6.50",
    }
    response = client.post(f"/aftersales/settings/{store.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    rules = aftersales_rules(store.pk)
    assert (rules.response_hours, rules.inspect_hours, rules.auto_approve_max_amount, rules.return_rate_threshold) == (
        24,
        12,
        D("30.00"),
        D("6.50"),
    )


@pytest.mark.django_db(transaction=True)
def test_the_default_reasons_come_back_after_a_flush():
    # given a database emptied as a transactional test's teardown empties it
    from django.core.management import call_command

    from zhanggui.aftersales.constants import DEFAULT_REASONS
    from zhanggui.aftersales.models import Reason

    call_command("flush", interactive=False, verbosity=0)
    # then post_migrate seeded the reasons again, by code
    assert sorted(Reason.objects.values_list("code", flat=True)) == sorted(code for code, _n, _r in DEFAULT_REASONS)
