"""Store services: each write leaves one audit row; a denied or invalid call changes nothing."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.stores import selectors, services
from zhanggui.stores.models import Store
from zhanggui.testing.factories import StoreFactory

pytestmark = pytest.mark.django_db


def test_store_create_saves_the_store_and_audits_it_once(make_staff):
    # given an administrator
    admin = make_staff("admin")
    # when they open a JD store
    store = services.store_create(
        by=admin,
        code="jd-self",
        name="京东自营店",
        platform="jd",
        currency="cny",
        time_zone="Asia/Shanghai",
        contact_name="李雷",
        contact_phone="13700001234",
    )
    # then it is saved with the currency upper-cased and one audit row keeps the personal data masked
    store.refresh_from_db()
    assert (store.code, store.name, store.platform, store.currency, store.is_active) == (
        "jd-self",
        "京东自营店",
        "jd",
        "CNY",
        True,
    )
    events = list(AuditEvent.objects.filter(object_type="stores.store", object_id=str(store.pk)))
    assert len(events) == 1
    assert events[0].action == "stores.store.create"
    assert events[0].store_id == store.pk
    assert events[0].after["contact_phone"] == "137****1234"
    assert events[0].after["contact_name"] == "李*"
    assert events[0].after["currency"] == "CNY"


def test_store_create_by_an_operator_is_denied_and_changes_nothing(make_staff):
    # given an operations specialist, who may not manage stores
    operator = make_staff("operator")
    stores_before = Store.objects.count()
    # when they try to open a store
    with pytest.raises(PermissionDeniedError):
        services.store_create(by=operator, code="pdd-1", name="拼多多店", platform="pdd")
    # then no store and no audit row exist
    assert Store.objects.count() == stores_before
    assert not Store.objects.filter(code="pdd-1").exists()
    assert AuditEvent.objects.count() == 0


def test_store_create_reports_every_bad_field_and_writes_nothing(make_staff):
    # given an administrator
    admin = make_staff("admin")
    # when the code, currency, time zone and phone are all wrong
    with pytest.raises(ValidationFailed) as caught:
        services.store_create(
            by=admin,
            code="Bad Code!",
            name="店",
            platform="amazon",
            currency="RMB",
            time_zone="Asia/Beijing",
            contact_phone="call me",
        )
    # then every field is named and nothing is written
    assert sorted(e.field for e in caught.value.errors) == [
        "code",
        "contact_phone",
        "currency",
        "platform",
        "time_zone",
    ]
    assert not Store.objects.filter(name="店").exists()
    assert AuditEvent.objects.count() == 0


def test_store_create_refuses_a_taken_code(make_staff, store):
    # given a store with a code
    admin = make_staff("admin")
    # when another store asks for the same code
    with pytest.raises(ConflictError) as caught:
        services.store_create(by=admin, code=store.code, name="重复", platform="tmall")
    # then the code is named and nothing is written
    assert caught.value.errors[0].field == "code"
    assert Store.objects.filter(code=store.code).count() == 1
    assert AuditEvent.objects.count() == 0


def test_store_update_audits_only_the_changed_fields(make_staff, store):
    # given a Tmall store in CNY
    admin = make_staff("admin")
    # when the administrator moves it to Hong Kong dollars and Hong Kong time and deactivates it
    services.store_update(
        by=admin,
        store=store,
        name=store.name,
        platform="tmall",
        currency="HKD",
        time_zone="Asia/Hong_Kong",
        contact_name=store.contact_name,
        contact_phone="13900002222",
        is_active=False,
        reason="转为跨境店铺",
    )
    # then the store changed and one audit row holds exactly those fields (phone masked)
    store.refresh_from_db()
    assert (store.currency, store.time_zone, store.is_active, store.contact_phone) == (
        "HKD",
        "Asia/Hong_Kong",
        False,
        "13900002222",
    )
    event = AuditEvent.objects.get()
    assert event.action == "stores.store.update"
    assert event.reason == "转为跨境店铺"
    assert event.before == {
        "currency": "CNY",
        "time_zone": "Asia/Shanghai",
        "contact_phone": "139****1111",
        "is_active": True,
    }
    assert event.after == {
        "currency": "HKD",
        "time_zone": "Asia/Hong_Kong",
        "contact_phone": "139****2222",
        "is_active": False,
    }


def test_store_update_with_an_unknown_time_zone_changes_nothing(make_staff, store):
    # given a store in Shanghai time
    admin = make_staff("admin")
    # when the administrator picks a time zone that does not exist
    with pytest.raises(ValidationFailed) as caught:
        services.store_update(
            by=admin,
            store=store,
            name="新名字",
            platform="tmall",
            currency="CNY",
            time_zone="Mars/Olympus",
            contact_name="",
            contact_phone="",
            is_active=True,
        )
    # then the time zone is named, and the name did not change either
    assert [e.field for e in caught.value.errors] == ["time_zone"]
    store.refresh_from_db()
    assert store.name != "新名字"
    assert store.time_zone == "Asia/Shanghai"
    assert AuditEvent.objects.count() == 0


def test_store_list_shows_assigned_stores_only_to_roles_without_all_stores(make_staff, store, other_store):
    # given an agent of the first store and a manager
    agent = make_staff("cs_agent")
    manager = make_staff("manager")
    # when each lists stores
    seen_by_agent = list(selectors.store_list(user=agent, filters={}))
    seen_by_manager = set(selectors.store_list(user=manager, filters={}))
    # then the agent sees one store and the manager both
    assert seen_by_agent == [store]
    assert seen_by_manager == {store, other_store}


def test_store_list_filters_by_platform_status_and_keyword(make_staff):
    # given three stores besides the fixture's Tmall store
    admin = make_staff("admin", stores=[])
    StoreFactory(code="tm-flag", name="天猫旗舰店", platform="tmall")
    jd = StoreFactory(code="jd-flag", name="京东旗舰店", platform="jd")
    closed = StoreFactory(code="dy-old", name="抖音旧店", platform="douyin", is_active=False)
    # when filtering
    by_platform = list(selectors.store_list(user=admin, filters={"platform": "jd"}))
    inactive = list(selectors.store_list(user=admin, filters={"is_active": "0"}))
    by_keyword = list(selectors.store_list(user=admin, filters={"q": "dy-"}))
    # then each filter keeps exactly the matching store
    assert by_platform == [jd]
    assert inactive == [closed]
    assert by_keyword == [closed]


def test_store_get_outside_scope_is_not_found(make_staff, other_store):
    # given an agent of another store
    agent = make_staff("cs_agent")
    # when they ask for a store they are not assigned to
    # then it is reported as missing
    with pytest.raises(NotFoundError):
        selectors.store_get(user=agent, store_id=other_store.pk)


def test_store_get_counts_assigned_staff(make_staff, store):
    # given two staff members on a store
    make_staff("cs_agent")
    admin = make_staff("admin")
    # when the store is read
    found = selectors.store_get(user=admin, store_id=store.pk)
    # then the count is two
    assert found.staff_count == 2
