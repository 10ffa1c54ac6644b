"""In Chromium: the preview page follows the background check and then offers the preview and Confirm."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from zhanggui.catalog.imports import PRODUCT_IMPORT, product_import_preview
from zhanggui.core.imports import import_job_check
from zhanggui.testing import factories as f

from .import_files import product_row, upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_preview_page_shows_the_check_then_reloads_into_the_preview(page, login, settings, tmp_path):
    # given an operator's uploaded file whose check has not run yet (its task is held back)
    settings.MEDIA_ROOT = tmp_path
    store = f.StoreFactory()
    f.WarehouseFactory(code="hz-main")
    operator = f.StaffFactory(username="chenchen", role="operator", stores=[store])
    rows = [
        product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99", stores=store.code),
        product_row(spu_code="SPU1", merchant_code="MC2", list_price="99", warehouse="hz-main", on_hand="4"),
    ]
    with mock.patch("zhanggui.core.imports.jobs.enqueue_on_commit"):
        job = product_import_preview(by=operator, upload=upload("csv", rows), name="products.csv")

    # when the operator opens its page
    login("chenchen")
    page.goto(reverse("catalog:import_preview", args=[job.pk]))

    # then the page shows the check's progress bar and no confirm button
    page.wait_for_selector("[data-import-status=checking]")
    assert page.locator("#import-confirm").count() == 0

    # when the check runs in the background
    import_job_check(job_id=job.pk, importer=PRODUCT_IMPORT)

    # then the polling bar reloads the page, which shows the sample rows and an enabled confirm button
    page.wait_for_selector("#import-confirm:not([disabled])")
    assert page.locator("#import-total").inner_text() == "2"
    assert page.locator("#import-sample").get_by_text("MC2").count() == 1
