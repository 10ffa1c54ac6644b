"""The generic list in Chromium: the filter form reacts to its own fields only, never to a batch bar's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.catalog.models import Sku
from zhanggui.core.models import AuditEvent
from zhanggui.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_batch_price_cut_chosen_after_ticking_rows_is_applied_as_a_cut(page, login):
    # given an operator and three listed SKUs at 939.55, and one more that stays unticked
    store = f.StoreFactory(name="暖木天猫旗舰店")
    f.StaffFactory(username="chenchen", role="operator", stores=[store])
    codes = ["NM-DY01-BLK-S", "NM-DY01-BLK-M", "NM-DY01-BLK-L", "NM-DY01-BLK-XL"]
    for code in codes:
        sku = f.SkuFactory(merchant_code=code, list_price=Decimal("939.55"), price_floor=Decimal("100.00"))
        f.ListingFactory(product=sku.product, store=store)
    login("chenchen")
    page.goto(reverse("catalog:sku_list"))

    # when the operator ticks three rows, then chooses "decrease by %" in the batch bar's select
    for code in codes[:3]:
        page.locator("tr", has_text=code).locator("input[name=ids]").check()
    page.select_option("[name='price_change-mode']", "decrease_pct")

    # then the table was not reloaded: the ticks and the choice are still there
    for code in codes[:3]:
        assert page.locator("tr", has_text=code).locator("input[name=ids]").is_checked()
    assert page.locator("[name='price_change-mode']").input_value() == "decrease_pct"

    # when the operator fills the amount and the reason and presses the button
    page.fill("[name='price_change-value']", "5")
    page.fill("[name='price_change-reason']", "降价")
    page.locator("button[name=_action][value=price_change]").click()
    page.wait_for_selector(f"tr:has-text('{codes[0]}'):has-text('892.57')")

    # then exactly the three ticked SKUs went down by 5 %, audited as a decrease
    prices = dict(Sku.objects.filter(merchant_code__in=codes).values_list("merchant_code", "list_price"))
    assert prices == {
        codes[0]: Decimal("892.57"),
        codes[1]: Decimal("892.57"),
        codes[2]: Decimal("892.57"),
        codes[3]: Decimal("939.55"),
    }
    event = AuditEvent.objects.get(action="catalog.sku.price_batch_change")
    assert event.reason == "降价"
    assert event.after == {code: {"list_price": "892.57"} for code in codes[:3]}


def test_choosing_in_a_filter_select_reloads_the_table(page, login):
    # given an operator of two stores, each listing one SKU
    tmall = f.StoreFactory(name="暖木天猫旗舰店")
    jd = f.StoreFactory(name="暖木京东自营店")
    f.StaffFactory(username="chenchen", role="operator", stores=[tmall, jd])
    for store, code in ((tmall, "NM-TM-01"), (jd, "NM-JD-01")):
        sku = f.SkuFactory(merchant_code=code)
        f.ListingFactory(product=sku.product, store=store)
    login("chenchen")
    page.goto(reverse("catalog:sku_list"))
    assert page.locator("tr", has_text="NM-JD-01").count() == 1

    # when the operator chooses the Tmall store in the filter's select, without pressing Filter
    page.locator("#list-filters select[name=store]").select_option(label=tmall.name)

    # then the table shows only that store's SKU
    page.wait_for_selector("tr:has-text('NM-JD-01')", state="detached")
    assert page.locator("tr", has_text="NM-TM-01").count() == 1
