"""Store console pages: scoped list and detail, forms calling the services, credentials page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhanggui.core.models import AuditEvent
from zhanggui.stores import services
from zhanggui.stores.models import Store, StoreCredential

pytestmark = pytest.mark.django_db

APP_SECRET = "tm-app-secret-9f8e7d6c5b4a"


def test_store_list_shows_only_the_agents_stores(make_staff, client_for, store, other_store):
    # given an agent assigned to one store
    agent = make_staff("cs_agent")
    # when they open the store list
    response = client_for(agent).get(reverse("stores:store_list"))
    # then only their store is listed and there is no "New" button
    assert response.status_code == 200
    body = response.content.decode()
    assert store.code in body
    assert other_store.code not in body
    assert reverse("stores:store_create") not in body


def test_store_list_filters_by_platform_with_htmx(make_staff, client_for, store):
    # given an administrator and a JD store besides the Tmall one
    admin = make_staff("admin")
    jd = services.store_create(by=admin, code="jd-main", name="京东主店", platform="jd")
    # when the filter form asks for JD stores as an htmx fragment
    response = client_for(admin).get(
        reverse("stores:store_list"), {"platform": "jd"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table"
    )
    # then only the table comes back, with the JD store only
    body = response.content.decode()
    assert "<html" not in body
    assert jd.code in body
    assert store.code not in body


def test_store_detail_of_another_store_is_404(make_staff, client_for, other_store):
    # given an agent of the first store
    agent = make_staff("cs_agent")
    # when they open the second store's page
    response = client_for(agent).get(reverse("stores:store_detail", args=[other_store.pk]))
    # then it does not exist for them
    assert response.status_code == 404


def test_store_detail_masks_the_contact_and_offers_a_reveal(make_staff, client_for, store):
    # given an agent of the store (may reveal personal data)
    agent = make_staff("cs_agent")
    # when they open the store page
    body = client_for(agent).get(reverse("stores:store_detail", args=[store.pk])).content.decode()
    # then the phone is masked and the reveal control loads the core reveal form via htmx
    assert "139****1111" in body
    assert "13900001111" not in body
    assert f'hx-get="{reverse("core:reveal", args=["stores.store", store.pk, "contact_phone"])}"' in body
    assert reverse("stores:store_credentials", args=[store.pk]) not in body


def test_store_detail_links_credentials_for_administrators(make_staff, client_for, store):
    # given an administrator
    admin = make_staff("admin")
    # when they open the store page
    body = client_for(admin).get(reverse("stores:store_detail", args=[store.pk])).content.decode()
    # then edit, staff and credentials pages are linked
    assert reverse("stores:store_edit", args=[store.pk]) in body
    assert reverse("accounts:store_staff", args=[store.pk]) in body
    assert reverse("stores:store_credentials", args=[store.pk]) in body


def test_store_create_page_creates_and_redirects(make_staff, client_for):
    # given an administrator on the create page
    admin = make_staff("admin", stores=[])
    client = client_for(admin)
    assert client.get(reverse("stores:store_create")).status_code == 200
    # when they submit a Douyin store
    response = client.post(
        reverse("stores:store_create"),
        {
            "code": "douyin-live",
            "name": "抖音直播店",
            "platform": "douyin",
            "currency": "CNY",
            "time_zone": "Asia/Shanghai",
            "contact_name": "",
            "contact_phone": "",
            "is_active": "on",
        },
    )
    # then the store exists, they land on its page, and one audit row was written
    created = Store.objects.get(code="douyin-live")
    assert response.status_code == 302
    assert response["Location"] == reverse("stores:store_detail", args=[created.pk])
    assert AuditEvent.objects.filter(action="stores.store.create").count() == 1


def test_store_create_page_shows_service_errors_on_the_field(make_staff, client_for):
    # given an administrator
    admin = make_staff("admin", stores=[])
    # when the currency is not an ISO 4217 code
    response = client_for(admin).post(
        reverse("stores:store_create"),
        {"code": "own-site", "name": "官网", "platform": "own", "currency": "RMB", "time_zone": "Asia/Shanghai"},
    )
    # then the page answers 422 with the message on the field and nothing is saved
    assert response.status_code == 422
    assert response.context["form"].errors["currency"]
    assert not Store.objects.filter(code="own-site").exists()
    assert AuditEvent.objects.count() == 0


def test_operator_cannot_create_a_store_from_the_console(make_staff, client_for):
    # given an operations specialist
    operator = make_staff("operator")
    client = client_for(operator)
    # when they open or post the create page
    page = client.get(reverse("stores:store_create"))
    post = client.post(reverse("stores:store_create"), {"code": "x1", "name": "X", "platform": "own"})
    # then both are forbidden and nothing is written
    assert (page.status_code, post.status_code) == (403, 403)
    assert not Store.objects.filter(code="x1").exists()
    assert AuditEvent.objects.count() == 0


def test_store_edit_keeps_personal_data_when_left_blank(make_staff, client_for, store):
    # given an administrator on the edit page
    admin = make_staff("admin")
    client = client_for(admin)
    page = client.get(reverse("stores:store_edit", args=[store.pk])).content.decode()
    assert "13900001111" not in page
    # when they rename the store and leave the contact fields blank
    response = client.post(
        reverse("stores:store_edit", args=[store.pk]),
        {
            "name": "天猫官方旗舰店",
            "platform": "tmall",
            "currency": "CNY",
            "time_zone": "Asia/Shanghai",
            "contact_name": "",
            "contact_phone": "",
            "is_active": "on",
            "reason": "品牌升级",
        },
    )
    # then the name changed, the contact did not, and the audit row names only the name
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.name, store.contact_name, store.contact_phone) == ("天猫官方旗舰店", "王小明", "13900001111")
    event = AuditEvent.objects.get()
    assert list(event.after) == ["name"]
    assert event.reason == "品牌升级"


def test_credentials_page_shows_values_only_when_asked_and_audits_it(make_staff, client_for, store):
    # given a store with an app secret
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_secret=APP_SECRET)
    client = client_for(admin)
    before = AuditEvent.objects.count()
    # when the administrator opens the credentials page
    page = client.get(reverse("stores:store_credentials", args=[store.pk])).content.decode()
    # then the secret is not in it and nothing was audited
    assert APP_SECRET not in page
    assert AuditEvent.objects.count() == before
    # when they ask to see the credentials
    shown = client.post(
        reverse("stores:store_credentials", args=[store.pk]), {"_action": "view", "reveal-reason": "核对"}
    )
    # then the secret is shown and the view is audited with the reason
    assert APP_SECRET in shown.content.decode()
    event = AuditEvent.objects.get(action="stores.credential.view")
    assert event.reason == "核对"


def test_credentials_page_updates_and_rotates(make_staff, client_for, store):
    # given a store with a webhook secret
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret="whsec-first-0123456789abcdef")
    client = client_for(admin)
    # when the administrator saves a new webhook secret, then retires the previous one
    saved = client.post(
        reverse("stores:store_credentials", args=[store.pk]),
        {"_action": "update", "app_key": "", "app_secret": "", "webhook_secret": "whsec-second-fedcba9876543210"},
    )
    retired = client.post(
        reverse("stores:store_credentials", args=[store.pk]), {"_action": "retire", "retire-reason": "平台已切换"}
    )
    # then the new one is current and the previous one is gone
    assert (saved.status_code, retired.status_code) == (302, 302)
    credential = StoreCredential.objects.get(store=store)
    assert credential.webhook_secret == "whsec-second-fedcba9876543210"
    assert credential.previous_webhook_secret == ""


def test_retiring_without_a_reason_shows_the_error_and_keeps_the_secret(make_staff, client_for, store):
    # given a rotation under way
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret="whsec-first-0123456789abcdef")
    services.store_credential_update(by=admin, store=store, webhook_secret="whsec-second-fedcba9876543210")
    before = AuditEvent.objects.count()
    # when the administrator retires the previous secret with a blank reason
    response = client_for(admin).post(
        reverse("stores:store_credentials", args=[store.pk]), {"_action": "retire", "retire-reason": " "}
    )
    # then the form says the reason is required, and nothing changed
    assert response.status_code == 422
    assert '<div class="invalid-feedback d-block">此项为必填项。</div>' in response.content.decode()
    assert StoreCredential.objects.get(store=store).previous_webhook_secret == "whsec-first-0123456789abcdef"
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ["manager", "operator"])
def test_credentials_page_is_forbidden_to_non_administrators(make_staff, client_for, store, role):
    # given a store with an app secret and a non-administrator
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_secret=APP_SECRET)
    other = make_staff(role)
    before = AuditEvent.objects.count()
    # when they open the page or ask for the values
    client = client_for(other)
    page = client.get(reverse("stores:store_credentials", args=[store.pk]))
    view = client.post(reverse("stores:store_credentials", args=[store.pk]), {"_action": "view"})
    # then both are forbidden and nothing is audited
    assert (page.status_code, view.status_code) == (403, 403)
    assert AuditEvent.objects.count() == before


def test_stores_menu_item_shows_for_store_viewers(make_staff, client_for, store):
    # given an agent
    agent = make_staff("cs_agent")
    # when they open any console page
    body = client_for(agent).get(reverse("stores:store_list")).content.decode()
    # then the menu links the store list
    assert f'href="{reverse("stores:store_list")}"' in body
