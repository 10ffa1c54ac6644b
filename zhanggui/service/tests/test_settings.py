"""A store's service settings: defaults without a row, validation naming each bad field, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.service.models import ServiceSettings
from zhanggui.service.selectors import service_settings_of
from zhanggui.service.services import service_settings_update


def test_a_store_without_settings_reads_the_defaults(store):
    settings = service_settings_of(store)
    assert (settings.pk, settings.opens_at, settings.closes_at, settings.workdays) == (
        None,
        dt.time(9, 0),
        dt.time(23, 0),
        [0, 1, 2, 3, 4, 5, 6],
    )
    assert settings.reassign_after_minutes == 3


def test_a_lead_changes_the_hours_and_the_change_is_audited(store, make_staff):
    # given
    lead = make_staff("cs_lead")
    # when
    service_settings_update(
        by=lead, store=store, opens_at="08:30", workdays=[4, 0, 1], reassign_after_minutes=5, welcome_reply=" 亲 "
    )
    # then
    settings = ServiceSettings.objects.get(store=store)
    assert (settings.opens_at, settings.workdays, settings.reassign_after_minutes, settings.welcome_reply) == (
        dt.time(8, 30),
        [0, 1, 4],
        5,
        "亲",
    )
    audit = AuditEvent.objects.get(action="service.settings.update")
    assert audit.before == {
        "opens_at": "09:00:00",
        "workdays": [0, 1, 2, 3, 4, 5, 6],
        "reassign_after_minutes": 3,
        "welcome_reply": "",
    }
    assert audit.after == {
        "opens_at": "08:30:00",
        "workdays": [0, 1, 4],
        "reassign_after_minutes": 5,
        "welcome_reply": "亲",
    }


def test_bad_settings_name_each_field_and_change_nothing(store, make_staff):
    lead = make_staff("cs_lead")
    with pytest.raises(ValidationFailed) as caught:
        service_settings_update(
            by=lead,
            store=store,
            opens_at="25:00",
            closes_at="soon",
            workdays=[7],
            reassign_after_minutes=0,
            auto_close_hours=-1,
            widget_title="标" * 61,
            colour="red",
        )
    fields = sorted(error.field for error in caught.value.errors)
    assert fields == [
        "auto_close_hours",
        "closes_at",
        "colour",
        "opens_at",
        "reassign_after_minutes",
        "widget_title",
        "workdays",
    ]
    assert ServiceSettings.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_no_working_day_is_refused(store, make_staff):
    with pytest.raises(ValidationFailed) as caught:
        service_settings_update(by=make_staff("cs_lead"), store=store, workdays=[])
    assert [(e.field, str(e.message)) for e in caught.value.errors] == [
        ("workdays", "Choose at least one working day.")
    ]


def test_an_agent_cannot_change_the_settings(store, make_staff):
    with pytest.raises(PermissionDeniedError):
        service_settings_update(by=make_staff("cs_agent"), store=store, opens_at="08:00")
    assert ServiceSettings.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_call_that_changes_nothing_writes_nothing(store, make_staff):
    lead = make_staff("cs_lead")
    service_settings_update(by=lead, store=store, opens_at="08:00")
    service_settings_update(by=lead, store=store, opens_at="08:00")
    assert AuditEvent.objects.filter(action="service.settings.update").count() == 1


def test_the_settings_pages_list_the_stores_and_save_a_form(store, make_staff, client_for):
    # given
    client = client_for(make_staff("cs_lead"))
    form = {
        "opens_at": "08:00",
        "closes_at": "22:00",
        "workdays": ["0", "1", "2", "3", "4"],
        "outside_hours_reply": "下班啦",
        "welcome_reply": "",
        "reassign_after_minutes": "5",
        "unanswered_alert_minutes": "5",
        "auto_close_hours": "24",
        "widget_title": "在线客服",
    }
    # when
    listed = client.get("/service/settings/")
    saved = client.post(f"/service/settings/{store.pk}/", form)
    # then
    assert listed.status_code == 200 and store.name in listed.content.decode()
    assert (saved.status_code, saved["Location"]) == (302, "/service/settings/")
    settings = ServiceSettings.objects.get(store=store)
    assert (settings.opens_at, settings.workdays, settings.widget_enabled, settings.widget_title) == (
        dt.time(8, 0),
        [0, 1, 2, 3, 4],
        False,
        "在线客服",
    )
