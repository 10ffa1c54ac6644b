"""The product import API: upload (202, checking) → preview JSON, idempotent confirm, job status, export."""

from __future__ import annotations

import pytest

from zhanggui.catalog.models import Sku
from zhanggui.core.audit import AuditEvent
from zhanggui.core.models import ImportJob
from zhanggui.testing.factories import WarehouseFactory

from .import_files import product_row, read_export, upload

BASE = "/api/v1/catalog/imports"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def operator(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("operator")


def test_upload_answers_202_and_the_job_reports_every_error_when_checked(
    operator, api_client_for, django_capture_on_commit_callbacks
):
    # given a file with a duplicated merchant code
    rows = [
        product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99"),
        product_row(spu_code="SPU1", merchant_code="MC1", list_price="99"),
    ]
    client = api_client_for(operator)

    # when it is uploaded (its check runs when the upload commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BASE, {"file": upload("csv", rows)})

    # then the upload answers the job being checked
    assert response.status_code == 202
    body = response.json()
    job = ImportJob.objects.get()
    assert (body["id"], body["status"], body["error_count"], body["errors"]) == (job.pk, "checking", 0, [])

    # and the job, once checked, says which row and column are wrong
    detail = client.get(f"{BASE}/{job.pk}").json()
    assert (detail["status"], detail["total_rows"], detail["error_count"]) == ("previewed", 2, 2)
    assert detail["errors"] == [
        {"row": 2, "field": "店铺编码", "message": "List the new product in at least one of your stores."},
        {"row": 3, "field": "商家编码", "message": "Merchant code MC1 is also on row 2."},
    ]

    # and confirming it is refused
    refused = client.post(f"{BASE}/{job.pk}/confirm")
    assert refused.status_code == 422
    assert refused.json()["message"] == "The file has errors; correct them and upload it again."


def test_confirming_a_job_still_being_checked_is_a_conflict(operator, store, api_client_for):
    # given an uploaded file whose check has not run yet
    rows = [product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99", stores=store.code)]
    client = api_client_for(operator)
    job_id = client.post(BASE, {"file": upload("csv", rows)}).json()["id"]

    # when it is confirmed
    response = client.post(f"{BASE}/{job_id}/confirm")

    # then the confirm is refused and the job keeps being checked
    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "The file is still being checked; confirm it when the preview is ready.",
        "errors": [],
    }
    assert client.get(f"{BASE}/{job_id}").json()["status"] == "checking"


def test_confirming_twice_imports_once(operator, store, api_client_for, django_capture_on_commit_callbacks):
    # given a valid file, uploaded and checked
    WarehouseFactory(code="hz-main")
    rows = [product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99", stores=store.code)]
    client = api_client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        job_id = client.post(BASE, {"file": upload("xlsx", rows)}).json()["id"]

    # when it is confirmed twice
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"{BASE}/{job_id}/confirm")
    second = client.post(f"{BASE}/{job_id}/confirm")

    # then both answer the same job, which imported once
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["id"] == second.json()["id"] == job_id
    detail = client.get(f"{BASE}/{job_id}").json()
    assert (detail["status"], detail["progress_percent"], detail["result"]["created"]) == ("done", 100, 1)
    assert Sku.objects.count() == 1
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1


def test_a_zip_bomb_is_refused_on_the_file_field(operator, api_client_for, settings):
    # given a zip pretending to be a workbook that unpacks beyond the limit
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ZHANGGUI_XLSX_MAX_UNPACKED_BYTES = 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "0" * 4096)

    # when it is uploaded
    response = api_client_for(operator).post(BASE, {"file": SimpleUploadedFile("b.xlsx", buffer.getvalue())})

    # then the answer names the file field
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "The spreadsheet unpacks to more than the allowed size."}
    ]
    assert not ImportJob.objects.exists()


def test_someone_elses_import_is_missing_and_unlisted(operator, make_staff, api_client_for):
    # given an operator's import
    rows = [product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99")]
    job_id = api_client_for(operator).post(BASE, {"file": upload("csv", rows)}).json()["id"]

    # when a colleague lists, reads or confirms it, then it does not exist for them
    colleague = api_client_for(make_staff("operator"))
    assert colleague.get(BASE).json()["count"] == 0
    assert colleague.get(f"{BASE}/{job_id}").status_code == 404
    assert colleague.post(f"{BASE}/{job_id}/confirm").status_code == 404
    # while its owner sees it in their list
    mine = api_client_for(operator).get(BASE).json()
    assert (mine["count"], [item["id"] for item in mine["items"]]) == (1, [job_id])


def test_export_returns_the_product_file(make_staff, api_client_for):
    # given a SKU in the catalogue
    from zhanggui.testing.factories import SkuFactory

    SkuFactory(merchant_code="MC1", product__spu_code="SPU1", product__name="T恤")

    # when an analyst exports as CSV
    response = api_client_for(make_staff("analyst")).get(f"{BASE}/export", {"format": "csv"})

    # then the file has the import header and the SKU
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_export(response.getvalue(), "csv")
    assert [(r[0], r[1], r[4]) for r in rows] == [("商品编码", "商品名称", "商家编码"), ("SPU1", "T恤", "MC1")]


def test_staff_without_permission_are_refused_and_nothing_is_kept(make_staff, api_client_for):
    # given a customer-service agent
    client = api_client_for(make_staff("cs_agent"))
    rows = [product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99")]

    # when they upload or export, then both are forbidden
    assert client.post(BASE, {"file": upload("csv", rows)}).status_code == 403
    assert client.get(f"{BASE}/export").status_code == 403
    assert not ImportJob.objects.exists()
    assert not AuditEvent.objects.filter(action="catalog.export").exists()
