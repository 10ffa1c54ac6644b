"""Browser journeys through the real console in Chromium."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.accounts.models import Staff
from zhanggui.catalog.models import Sku
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


def test_operator_imports_a_product_file_through_preview_and_progress(page, login, tmp_path):
    # given an operator of the Tmall store, a warehouse and a product file with two SKUs
    from zhanggui.catalog.tests.import_files import csv_bytes, product_row

    store = f.StoreFactory(code="nm-tmall", name="暖木天猫旗舰店")
    f.WarehouseFactory(code="hz-main", name="杭州主仓")
    f.StaffFactory(username="chenchen", role="operator", stores=[store])
    common = {"spu_code": "NM-DJ2701", "warehouse": "hz-main", "stores": "nm-tmall", "status": "上架"}
    rows = [
        product_row(
            name="暖木 轻薄短款羽绒服",
            category="女装/羽绒服",
            merchant_code="NM-DJ2701-BLK-M",
            color="黑色",
            size="M",
            list_price="799.00",
            price_floor="559.00",
            on_hand="12",
            **common,
        ),
        product_row(
            merchant_code="NM-DJ2701-BLK-L",
            color="黑色",
            size="L",
            list_price="799.00",
            price_floor="559.00",
            on_hand="8",
            **common,
        ),
    ]
    upload = tmp_path / "products.csv"
    upload.write_bytes(csv_bytes(rows))

    # when the operator uploads the file
    login("chenchen")
    page.goto(reverse("catalog:import_start"))
    page.set_input_files("input[type=file]", str(upload))
    page.locator("form button[type=submit]").last.click()

    # then the preview shows two rows and no error, and confirming imports them
    page.wait_for_selector("#import-confirm:not([disabled])")
    assert page.locator("#import-total").inner_text() == "2"
    assert page.locator("#import-error-count").inner_text() == "0"
    page.click("#import-confirm")
    page.wait_for_selector("[data-import-status=done]")
    assert page.locator(".progress-bar").get_attribute("aria-valuenow") == "100"
    assert sorted(Sku.objects.values_list("merchant_code", "list_price")) == [
        ("NM-DJ2701-BLK-L", Decimal("799.00")),
        ("NM-DJ2701-BLK-M", Decimal("799.00")),
    ]
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1

    # and the new SKUs appear in the SKU list
    page.goto(reverse("catalog:sku_list") + "?q=NM-DJ2701")
    assert page.locator("input[name=ids]").count() == 2
