"""Store API: scoped reads, writes through the services, audited credentials, error format."""

from __future__ import annotations

import json

import pytest

from zhanggui.core.models import AuditEvent
from zhanggui.stores import services
from zhanggui.stores.models import Store, StoreCredential
from zhanggui.testing.factories import StoreFactory

pytestmark = pytest.mark.django_db

APP_SECRET = "tm-app-secret-9f8e7d6c5b4a"


def store_events() -> int:
    return AuditEvent.objects.filter(action__startswith="stores.").count()


def test_list_is_paginated_and_scoped(make_staff, api_client_for, store, other_store):
    # given an agent of one store and a manager who sees all
    agent = make_staff("cs_agent")
    manager = make_staff("manager")
    # when both list stores, the manager one per page
    agent_page = api_client_for(agent).get("/api/v1/stores").json()
    manager_page = api_client_for(manager).get("/api/v1/stores", {"page_size": 1, "page": 2}).json()
    # then the agent sees their store only; the manager's second page holds the second store
    assert agent_page["count"] == 1
    assert [s["code"] for s in agent_page["items"]] == [store.code]
    assert agent_page["items"][0]["contact_phone"] == "139****1111"
    assert (manager_page["count"], manager_page["page"], manager_page["page_size"]) == (2, 2, 1)
    assert len(manager_page["items"]) == 1


def test_get_another_store_is_404(make_staff, api_client_for, other_store):
    # given an agent of the first store
    agent = make_staff("cs_agent")
    # when they ask for the second store
    response = api_client_for(agent).get(f"/api/v1/stores/{other_store.pk}")
    # then it does not exist for them
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_get_returns_the_store_with_its_staff(make_staff, api_client_for, store):
    # given an agent of the store
    agent = make_staff("cs_agent", username="kefu_01")
    # when they read it
    body = api_client_for(agent).get(f"/api/v1/stores/{store.pk}").json()
    # then it carries its staff and platform label
    assert body["code"] == store.code
    assert body["staff_count"] == 1
    assert [s["username"] for s in body["staff"]] == ["kefu_01"]
    assert body["platform"] == "tmall"


def test_create_returns_201_and_audits_once(make_staff, api_client_for):
    # given an administrator's API client
    client = api_client_for(make_staff("admin", stores=[]))
    # when they create a Pinduoduo store
    response = client.post(
        "/api/v1/stores",
        {"code": "pdd-main", "name": "拼多多主店", "platform": "pdd", "contact_phone": "13600001234"},
        content_type="application/json",
    )
    # then it exists, the answer masks the phone, and one store audit row was written
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["currency"], body["time_zone"], body["contact_phone"]) == (
        "pdd-main",
        "CNY",
        "Asia/Shanghai",
        "136****1234",
    )
    assert Store.objects.filter(code="pdd-main").exists()
    assert store_events() == 1


def test_create_with_bad_input_is_422_naming_the_field(make_staff, api_client_for):
    # given an administrator's API client
    client = api_client_for(make_staff("admin", stores=[]))
    # when the time zone is unknown
    response = client.post(
        "/api/v1/stores",
        {"code": "own-1", "name": "官网", "platform": "own", "time_zone": "Asia/Beijing"},
        content_type="application/json",
    )
    # then the answer is 422 naming time_zone, and nothing was written
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"] for e in body["errors"]] == ["time_zone"]
    assert not Store.objects.filter(code="own-1").exists()
    assert store_events() == 0


def test_create_with_a_missing_field_is_422_naming_it(make_staff, api_client_for):
    # given an administrator's API client
    client = api_client_for(make_staff("admin", stores=[]))
    # when the platform is left out
    response = client.post("/api/v1/stores", {"code": "own-2", "name": "官网"}, content_type="application/json")
    # then the field is named
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["platform"]


def test_operator_cannot_create_a_store_through_the_api(make_staff, api_client_for):
    # given an operator's API client
    client = api_client_for(make_staff("operator"))
    stores_before = Store.objects.count()
    # when they create a store
    response = client.post(
        "/api/v1/stores", {"code": "x-1", "name": "X", "platform": "own"}, content_type="application/json"
    )
    # then it is forbidden, no store and no store audit row exist
    assert response.status_code == 403
    assert Store.objects.count() == stores_before
    assert store_events() == 0


def test_patch_changes_only_the_fields_sent(make_staff, api_client_for, store):
    # given an administrator's API client
    client = api_client_for(make_staff("admin"))
    # when they change the currency alone
    response = client.patch(
        f"/api/v1/stores/{store.pk}", {"currency": "usd", "reason": "跨境"}, content_type="application/json"
    )
    # then only the currency changed and one audit row records it
    assert response.status_code == 200
    store.refresh_from_db()
    assert (store.currency, store.name, store.contact_phone) == ("USD", response.json()["name"], "13900001111")
    event = AuditEvent.objects.get(action="stores.store.update")
    assert (event.before, event.after, event.reason) == ({"currency": "CNY"}, {"currency": "USD"}, "跨境")


def test_credentials_get_is_audited_every_time(make_staff, api_client_for, store):
    # given a store with credentials and an administrator's API client
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_key="12345678", app_secret=APP_SECRET)
    client = api_client_for(admin)
    # when the credentials are read twice
    first = client.get(f"/api/v1/stores/{store.pk}/credentials", {"reason": "对接"})
    client.get(f"/api/v1/stores/{store.pk}/credentials")
    # then the values come back and two view rows were written
    assert first.status_code == 200
    assert (first.json()["app_key"], first.json()["app_secret"]) == ("12345678", APP_SECRET)
    assert AuditEvent.objects.filter(action="stores.credential.view").count() == 2


def test_manager_cannot_read_credentials_through_the_api(make_staff, api_client_for, store):
    # given a store with credentials and a manager
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_secret=APP_SECRET)
    client = api_client_for(make_staff("manager"))
    # when the manager asks for them
    response = client.get(f"/api/v1/stores/{store.pk}/credentials")
    # then it is forbidden, without the secret and without a view row
    assert response.status_code == 403
    assert APP_SECRET not in response.content.decode()
    assert AuditEvent.objects.filter(action="stores.credential.view").count() == 0


def test_credentials_update_rotates_and_answers_without_values(make_staff, api_client_for, store):
    # given a store with a webhook secret
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret="whsec-first-0123456789abcdef")
    client = api_client_for(admin)
    # when a new webhook secret is sent, then the previous one is retired
    updated = client.patch(
        f"/api/v1/stores/{store.pk}/credentials",
        {"webhook_secret": "whsec-second-fedcba9876543210"},
        content_type="application/json",
    )
    during = updated.json()
    retired = client.post(
        f"/api/v1/stores/{store.pk}/credentials/retire-previous-webhook-secret",
        {"reason": "平台已切换"},
        content_type="application/json",
    )
    # then the answers say which secrets are set, never their values
    assert updated.status_code == 200
    assert (during["webhook_secret"], during["previous_webhook_secret"]) == (True, True)
    assert "whsec" not in json.dumps(during)
    assert retired.json()["previous_webhook_secret"] is False
    assert StoreCredential.objects.get(store=store).webhook_secret == "whsec-second-fedcba9876543210"


@pytest.mark.parametrize(
    ("body", "message"),
    [({}, "Field required"), ({"reason": ""}, "此项为必填项。"), ({"reason": "  "}, "此项为必填项。")],
)
def test_retiring_the_previous_secret_without_a_reason_is_422(make_staff, api_client_for, store, body, message):
    # given a rotation under way
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret="whsec-first-0123456789abcdef")
    services.store_credential_update(by=admin, store=store, webhook_secret="whsec-second-fedcba9876543210")
    before = store_events()
    # when the previous secret is retired with a missing or blank reason
    response = api_client_for(admin).post(
        f"/api/v1/stores/{store.pk}/credentials/retire-previous-webhook-secret", body, content_type="application/json"
    )
    # then the reason is named, the previous secret still works and nothing is audited
    assert (response.status_code, response.json()["errors"]) == (422, [{"field": "reason", "message": message}])
    assert StoreCredential.objects.get(store=store).previous_webhook_secret == "whsec-first-0123456789abcdef"
    assert store_events() == before


def test_credentials_update_with_a_short_secret_is_422(make_staff, api_client_for, store):
    # given an administrator's API client
    client = api_client_for(make_staff("admin"))
    # when the webhook secret is too short
    response = client.patch(
        f"/api/v1/stores/{store.pk}/credentials", {"webhook_secret": "short"}, content_type="application/json"
    )
    # then the field is named
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["webhook_secret"]


def test_list_filters_by_platform_and_activity(make_staff, api_client_for, store):
    # given an inactive JD store besides the Tmall store
    StoreFactory(code="jd-closed", platform="jd", is_active=False)
    client = api_client_for(make_staff("admin"))
    # when filtering for inactive stores
    body = client.get("/api/v1/stores", {"is_active": "false"}).json()
    # then only the JD store is listed
    assert [s["code"] for s in body["items"]] == ["jd-closed"]
