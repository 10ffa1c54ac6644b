"""Skipping invalid rows of a product file on the uploader's choice: counts, audit, the rejects file
and its round trip once corrected; the default stays all or nothing."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from zhanggui.catalog.imports import product_import_confirm, product_import_preview, product_import_retry
from zhanggui.catalog.models import Product, Sku
from zhanggui.core.audit import AuditEvent
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.imports import import_job_rejects
from zhanggui.core.models import ImportStatus
from zhanggui.testing.factories import StaffFactory, WarehouseFactory

from .import_files import HEADER, KINDS, product_row, read_export, upload
from .test_import_products import EXPECTED_STATE, catalog_state, good_rows

BASE = "/api/v1/catalog/imports"


def make_other_operator(store):  # type: ignore[no-untyped-def]
    return StaffFactory(role="operator", stores=[store])


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


def test_by_default_a_file_with_errors_imports_nothing_and_has_no_rejects(
    operator, store, django_capture_on_commit_callbacks
):
    # given a previewed file with invalid rows
    content = upload("csv", good_rows(store.code) + bad_rows(store.code))
    job = checked(operator, content, django_capture_on_commit_callbacks)

    # when it is confirmed without the choice to skip, then it is refused and nothing is imported
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        product_import_confirm(by=operator, job_id=job.pk)
    assert refused.value.message == "The file has errors; correct them and upload it again."
    job.refresh_from_db()
    assert (job.status, job.skip_invalid, job.invalid_rows) == (ImportStatus.PREVIEWED, False, 3)
    assert (Product.objects.count(), AuditEvent.objects.filter(action="catalog.import").count()) == (0, 0)
    with pytest.raises(NotFoundError):
        import_job_rejects(user=operator, job=job)


def test_a_file_whose_header_is_wrong_cannot_be_imported_in_part(operator, store, django_capture_on_commit_callbacks):
    # given a file without the required 商家编码 column
    header = [h for h in HEADER if h != "商家编码"]
    rows = [[cell for h, cell in zip(HEADER, row, strict=True) if h != "商家编码"] for row in good_rows(store.code)]
    job = checked(operator, upload("csv", rows, header=header), django_capture_on_commit_callbacks)
    assert (job.error_count, job.invalid_rows) == (1, 0)

    # when it is confirmed with the choice to skip, then it is refused too
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        product_import_confirm(by=operator, job_id=job.pk, skip_invalid=True)
    assert refused.value.message == "No row of the file can be imported; correct the file and upload it again."
    job.refresh_from_db()
    assert (job.status, job.skip_invalid, Product.objects.count()) == (ImportStatus.PREVIEWED, False, 0)


def test_the_api_confirms_with_skip_invalid_and_serves_the_rejects(
    operator, store, api_client_for, django_capture_on_commit_callbacks
):
    # given a file with invalid rows, uploaded and checked through the API
    client = api_client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        job_id = client.post(BASE, {"file": upload("csv", good_rows(store.code) + bad_rows(store.code))}).json()["id"]
    detail = client.get(f"{BASE}/{job_id}").json()
    assert (detail["error_count"], detail["invalid_rows"], detail["skip_invalid"]) == (2, 3, False)

    # when it is confirmed without the choice, then it is refused (422)
    assert client.post(f"{BASE}/{job_id}/confirm").status_code == 422
    assert client.get(f"/api/v1/core/imports/{job_id}/rejects").status_code == 404

    # when it is confirmed with skip_invalid
    with django_capture_on_commit_callbacks(execute=True):
        confirmed_job = client.post(f"{BASE}/{job_id}/confirm?skip_invalid=true")

    # then the valid rows are imported and the counts reported
    assert confirmed_job.status_code == 200
    detail = client.get(f"{BASE}/{job_id}").json()
    assert (detail["status"], detail["skip_invalid"], detail["result"]["imported"], detail["result"]["skipped"]) == (
        "done",
        True,
        3,
        3,
    )
    assert Sku.objects.count() == 3

    # and the rejects download is the CSV of the 3 rows left out, with the error column
    rejects = client.get(f"/api/v1/core/imports/{job_id}/rejects")
    assert (rejects.status_code, rejects["Content-Type"]) == (200, "text/csv; charset=utf-8")
    rows = read_export(rejects.content, "csv")
    assert (len(rows), rows[0][-1], rows[1][-1]) == (4, "Import errors", "吊牌价: Enter an amount such as 99.00.")

    # and nobody else gets them: another operator's request is 404
    other = api_client_for(make_other_operator(store))
    assert other.get(f"/api/v1/core/imports/{job_id}/rejects").status_code == 404


def test_an_interrupted_skipping_import_runs_again_to_the_same_result(
    operator, store, django_capture_on_commit_callbacks
):
    # given a file with invalid rows, confirmed to skip them, whose write fails half-way
    content = upload("csv", good_rows(store.code) + bad_rows(store.code))
    job = checked(operator, content, django_capture_on_commit_callbacks)
    with mock.patch("zhanggui.catalog.imports.writing._write_stock", side_effect=RuntimeError("disk I/O error")):
        job = confirmed(operator, job, django_capture_on_commit_callbacks, skip_invalid=True)

    # then nothing was imported or audited, and no rejects are offered
    assert (job.status, job.skip_invalid, bool(job.rejects_file)) == (ImportStatus.FAILED, True, False)
    assert (Product.objects.count(), AuditEvent.objects.filter(action="catalog.import").count()) == (0, 0)

    # when it is run again
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        product_import_retry(by=operator, job_id=job.pk)

    # then it skips the same rows and imports the rest once, as a clean run does
    job.refresh_from_db()
    assert (job.status, job.result["imported"], job.result["skipped"]) == (ImportStatus.DONE, 3, 3)
    assert catalog_state() == EXPECTED_STATE
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1
    with translation.override("en"):
        assert len(read_export(import_job_rejects(user=operator, job=job).content, "csv")) == 4


def test_the_job_page_offers_the_choice_with_its_counts_and_then_the_rejects(
    operator, store, client_for, django_capture_on_commit_callbacks
):
    # given a previewed file with invalid rows
    content = upload("csv", good_rows(store.code) + bad_rows(store.code))
    job = checked(operator, content, django_capture_on_commit_callbacks)
    client = client_for(operator)
    page_url = reverse("catalog:import_preview", args=[job.pk])

    # when the operator opens its page
    page = client.get(page_url).content.decode()

    # then besides the disabled confirm, it offers importing the valid rows and says what is skipped whole
    assert 'id="import-confirm" disabled' in page
    assert "Import the 3 valid rows and skip the 3 invalid ones" in page
    assert "A product with any invalid row is skipped whole, with all its SKUs." in page

    # when the operator chooses it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalog:import_confirm", args=[job.pk]), {"skip_invalid": "1"})

    # then the import ran with the choice, and the page shows both counts and the rejects' download
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.skip_invalid) == (ImportStatus.DONE, True)
    page = client.get(page_url).content.decode()
    assert "Rows imported" in page and "Invalid rows skipped" in page
    rejects_url = reverse("catalog:import_rejects", args=[job.pk])
    assert f'href="{rejects_url}"' in page
    download = client.get(rejects_url)
    assert (download.status_code, download["Content-Disposition"]) == (
        200,
        'attachment; filename="products-rejects.csv"',
    )
    assert len(read_export(download.content, "csv")) == 4
