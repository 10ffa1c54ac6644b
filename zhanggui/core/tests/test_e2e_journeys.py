"""Browser journeys through the real console in Chromium."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.accounts.models import Staff
from zhanggui.core.models import AuditEvent
from zhanggui.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_creates_an_operator_who_reprices_a_sku_and_switches_to_english(page, login):
    # given an administrator and a listed SKU in the Tmall store
    store = f.StoreFactory(name="暖木天猫旗舰店")
    f.StaffFactory(username="root", role="admin")
    sku = f.SkuFactory(merchant_code="NM-DJ2601-BLK-M", list_price=Decimal("399.00"), price_floor=Decimal("199.00"))
    f.ListingFactory(product=sku.product, store=store)

    # when the administrator signs in, the console speaks Chinese
    login("root")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_text("退出登录", exact=False).count() >= 1

    # and creates a staff member with the operator role, assigned to the store
    page.goto(reverse("accounts:staff_create"))
    page.fill("input[name=username]", "chenchen")
    page.fill("input[name=display_name]", "陈晨")
    page.select_option("select[name=role]", "operator")
    page.fill("input[name=password]", "Operator-pass-2026")
    page.locator("select[name=stores]").select_option(label=store.name)
    page.click("#staff-form-submit")
    page.wait_for_url("**" + reverse("accounts:staff_list"))
    assert Staff.objects.get(username="chenchen").role == "operator"
    page.context.clear_cookies()

    # then the operator signs in and changes the SKU's price with a batch edit
    login("chenchen", "Operator-pass-2026")
    page.goto(reverse("catalog:sku_list"))
    row = page.locator("tr", has_text="NM-DJ2601-BLK-M")
    row.locator("input[name=ids]").check()
    page.fill("[name='price_set-list_price']", "429.00")
    page.fill("[name='price_set-reason']", "双十二调价")
    page.locator("button[name=_action][value=price_set]").click()
    page.wait_for_selector("tr:has-text('NM-DJ2601-BLK-M'):has-text('429.00')")

    # and sees the new price in the list, stored and audited
    sku.refresh_from_db()
    assert sku.list_price == Decimal("429.00")
    event = AuditEvent.objects.get(action="catalog.sku.price_batch_change")
    assert (event.actor.username, event.reason) == ("chenchen", "双十二调价")
    assert (event.before, event.after) == (
        {"NM-DJ2601-BLK-M": {"list_price": "399.00"}},
        {"NM-DJ2601-BLK-M": {"list_price": "429.00"}},
    )

    # when the operator switches to English, the same page is translated
    chinese_title = page.locator("h2.page-title").inner_text()
    page.locator("#language-switch button[value=en]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(reverse("catalog:sku_list"))
    assert page.locator("html").get_attribute("lang") == "en"
    english_title = page.locator("h2.page-title").inner_text()
    assert english_title != chinese_title
    assert page.get_by_text("Sign out", exact=False).count() >= 1
    assert page.locator("tr", has_text="NM-DJ2601-BLK-M").filter(has_text="429.00").count() == 1
