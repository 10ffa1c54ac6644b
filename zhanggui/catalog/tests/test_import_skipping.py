"""Skipping invalid rows of a product file on the uploader's choice: counts, audit, the rejects file
and its round trip once corrected; the default stays all or nothing."""

from __future__ import annotations

import pytest
from django.utils import translation

from zhanggui.catalog.imports import product_import_confirm, product_import_preview
from zhanggui.catalog.models import Product, Sku
from zhanggui.core.audit import AuditEvent
from zhanggui.core.imports import import_job_rejects
from zhanggui.core.models import ImportStatus
from zhanggui.testing.factories import WarehouseFactory

from .import_files import HEADER, KINDS, product_row, read_export, upload
from .test_import_products import EXPECTED_STATE, catalog_state, good_rows


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def operator(make_staff, store):  # type: ignore[no-untyped-def]
    WarehouseFactory(code="hz-main", name="杭州主仓")
    return make_staff("operator")


def bad_rows(store_code: str) -> list[list[object]]:
    """Rows 5–7: product SPU003 (two SKUs, one with a bad price) and SPU004 (an unknown warehouse)."""
    return [
        product_row(
            spu_code="SPU003",
            name="亚麻衬衫",
            merchant_code="MC004",
            barcode="0012345",
            list_price="abc",
            warehouse="hz-main",
            on_hand="7",
            stores=store_code,
        ),
        product_row(spu_code="SPU003", merchant_code="MC005", list_price="88", warehouse="hz-main", on_hand="2"),
        product_row(
            spu_code="SPU004",
            name="羊毛围巾",
            merchant_code="MC006",
            list_price="59",
            warehouse="nowhere",
            on_hand="3",
            stores=store_code,
        ),
    ]


def checked(by, content, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        job = product_import_preview(by=by, upload=content, name=content.name)
    job.refresh_from_db()
    return job


def confirmed(by, job, django_capture_on_commit_callbacks, **choice):  # type: ignore[no-untyped-def]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        product_import_confirm(by=by, job_id=job.pk, **choice)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("kind", KINDS)
def test_the_valid_products_are_imported_and_the_invalid_ones_given_back_to_correct(
    kind, operator, store, django_capture_on_commit_callbacks
):
    # given a previewed file of 6 rows: 3 good, product SPU003 with one bad row of two, SPU004 bad
    content = upload(kind, good_rows(store.code) + bad_rows(store.code))
    job = checked(operator, content, django_capture_on_commit_callbacks)
    assert (job.status, job.total_rows, job.error_count, job.invalid_rows) == (ImportStatus.PREVIEWED, 6, 2, 3)

    # when the operator confirms, choosing to skip the invalid rows
    job = confirmed(operator, job, django_capture_on_commit_callbacks, skip_invalid=True)

    # then the 3 valid rows are imported, the whole of SPU003 and SPU004 is not
    assert (job.status, job.skip_invalid, job.message) == (
        ImportStatus.DONE,
        True,
        "Imported 3 rows; 3 invalid rows were skipped.",
    )
    assert (job.result["imported"], job.result["skipped"], job.result["skipped_by_file"]) == (3, 3, [3])
    assert catalog_state() == EXPECTED_STATE

    # and the import's one audit row holds both counts
    audit = AuditEvent.objects.get(action="catalog.import")
    assert (audit.after["rows"], audit.after["imported"], audit.after["skipped"]) == (6, 3, 3)
    assert audit.after["products_created"] == 2

    # and the rejects file is the upload's format: its header, the 3 rows, what was wrong with each
    with translation.override("en"):
        rejects = import_job_rejects(user=operator, job=job)
    assert rejects.name == f"products-rejects.{kind}"
    rows = read_export(rejects.content, kind)
    assert rows[0] == [*HEADER, "Import errors"]
    assert [row[-1] for row in rows[1:]] == [
        "吊牌价: Enter an amount such as 99.00.",
        "Not imported: it belongs with row 5, which has errors.",
        "仓库编码: No active warehouse has the code nowhere.",
    ]
    assert [row[:-1] for row in rows[1:]] == [[str(cell) for cell in row] for row in bad_rows(store.code)]
    download = AuditEvent.objects.get(action="core.import.rejects_download")
    assert download.after == {"file": f"products-rejects.{kind}", "rows": 3}

    # when the rejects are corrected (the error column left in) and imported again
    price, warehouse = HEADER.index("吊牌价"), HEADER.index("仓库编码")
    rows[1][price], rows[3][warehouse] = "79.00", "hz-main"
    fixed = upload(kind, rows[1:], header=rows[0])
    again = checked(operator, fixed, django_capture_on_commit_callbacks)
    assert (again.total_rows, again.error_count, again.errors) == (3, 0, [])
    again = confirmed(operator, again, django_capture_on_commit_callbacks)

    # then they import cleanly, codes with their leading zeros
    assert again.status == ImportStatus.DONE
    assert sorted(Product.objects.values_list("spu_code", flat=True)) == ["SPU001", "SPU002", "SPU003", "SPU004"]
    assert Sku.objects.get(merchant_code="MC004").barcode == "0012345"
    assert (Sku.objects.count(), AuditEvent.objects.filter(action="catalog.import").count()) == (6, 2)
