"""The product import pages: upload → check (progress) → preview (errors or sample) → confirm → progress and result.

Huey runs tasks inline in tests: a check runs when the upload's transaction commits, which the
tests trigger with ``django_capture_on_commit_callbacks(execute=True)``.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhanggui.core.models import ImportJob, ImportStatus
from zhanggui.testing.factories import WarehouseFactory

from .import_files import HEADER, product_row, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def operator(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("operator")


def valid_rows(store_code: str) -> list[list[object]]:
    return [
        product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="99", stores=store_code),
        product_row(spu_code="SPU1", merchant_code="MC2", list_price="99", warehouse="hz-main", on_hand="4"),
    ]


def test_the_upload_page_explains_the_layout_and_offers_the_template(operator, client_for):
    # when the operator opens the upload page
    response = client_for(operator).get(reverse("catalog:import_start"))

    # then it shows the file field, every column and the template link
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page
    assert all(header in page for header in HEADER)
    assert reverse("catalog:import_template") in page


def test_an_uploaded_file_with_errors_shows_them_and_cannot_be_confirmed(
    operator, client_for, django_capture_on_commit_callbacks
):
    # given a file with one bad price
    rows = [product_row(spu_code="SPU1", name="T恤", merchant_code="MC1", list_price="九十九")]
    client = client_for(operator)

    # when it is uploaded and its check has run
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalog:import_start"), {"file": upload("csv", rows)})
    job = ImportJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, reverse("catalog:import_preview", args=[job.pk]))
    page = client.get(response["Location"]).content.decode()

    # then the preview lists the error by row and column and the confirm button is disabled
    assert '<td class="text-end">2</td><td>吊牌价</td><td class="text-wrap">Enter an amount such as 99.00.</td>' in page
    assert 'id="import-confirm" disabled' in page
    assert "hx-get" not in page


def test_a_file_being_checked_shows_the_progress_bar_and_no_confirm_button(operator, store, client_for):
    # given an uploaded file whose check has not run yet (the upload's transaction is still open)
    client = client_for(operator)
    client.post(reverse("catalog:import_start"), {"file": upload("csv", valid_rows(store.code))})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKING

    # when its page is opened
    page = client.get(reverse("catalog:import_preview", args=[job.pk])).content.decode()

    # then it shows the polling progress bar of the check, and neither a confirm button nor a preview
    progress = reverse("core:import_progress", args=[job.pk])
    assert f'hx-get="{progress}?shown=checking" hx-trigger="every 1s"' in page
    assert 'data-import-status="checking"' in page
    assert "import-confirm" not in page
    assert "import-sample" not in page and "import-errors" not in page


def test_the_progress_bar_reloads_the_page_when_the_check_is_done(
    operator, store, client_for, django_capture_on_commit_callbacks
):
    # given an uploaded file whose page shows its check in progress
    WarehouseFactory(code="hz-main")
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=False) as checks:
        client.post(reverse("catalog:import_start"), {"file": upload("csv", valid_rows(store.code))})
    job = ImportJob.objects.get()
    progress = reverse("core:import_progress", args=[job.pk])
    polled = client.get(progress, {"shown": "checking"}, HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in polled

    # when the check runs and the bar polls again
    checks[0]()
    polled = client.get(progress, {"shown": "checking"}, HTTP_HX_REQUEST="true")

    # then the answer asks htmx to reload the page, which now shows the preview and the confirm button
    assert polled["HX-Refresh"] == "true"
    page = client.get(reverse("catalog:import_preview", args=[job.pk])).content.decode()
    assert 'id="import-confirm">' in page and "<td>MC2</td>" in page


def test_confirming_a_file_still_being_checked_is_refused_with_a_message(operator, store, client_for):
    # given an uploaded file whose check has not run yet
    client = client_for(operator)
    client.post(reverse("catalog:import_start"), {"file": upload("csv", valid_rows(store.code))})
    job = ImportJob.objects.get()

    # when the confirm is posted anyway
    response = client.post(reverse("catalog:import_confirm", args=[job.pk]), follow=True)

    # then the page says why and the job is still being checked
    assert "The file is still being checked; confirm it when the preview is ready." in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKING


def test_a_valid_file_is_previewed_confirmed_and_its_result_shown(
    operator, store, client_for, django_capture_on_commit_callbacks
):
    # given a valid workbook uploaded by the operator and checked
    WarehouseFactory(code="hz-main")
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalog:import_start"), {"file": upload("xlsx", valid_rows(store.code))})
    job = ImportJob.objects.get()
    preview_url = reverse("catalog:import_preview", args=[job.pk])

    # when the preview is opened
    page = client.get(preview_url).content.decode()

    # then it shows the first rows and an enabled confirm button
    assert 'id="import-sample"' in page
    assert "<td>MC2</td>" in page
    assert 'id="import-confirm">' in page

    # when it is confirmed (twice, as a double click would)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("catalog:import_confirm", args=[job.pk]))
        client.post(reverse("catalog:import_confirm", args=[job.pk]))

    # then the job ran once and the page shows the finished progress bar and the counts
    assert first.status_code == 302 and first["Location"] == preview_url
    job.refresh_from_db()
    assert (job.status, job.result["created"], job.result["updated"]) == (ImportStatus.DONE, 2, 0)
    page = client.get(preview_url).content.decode()
    assert 'data-import-status="done"' in page
    assert 'id="import-result"' in page
    progress = client.get(reverse("core:import_progress", args=[job.pk])).content.decode()
    assert "Imported: 2 created, 0 updated." in progress


def test_a_zip_bomb_upload_is_refused_on_the_file_field(operator, client_for, settings):
    # given a zip that unpacks beyond the limit
    settings.ZHANGGUI_XLSX_MAX_UNPACKED_BYTES = 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "0" * 4096)
    from django.core.files.uploadedfile import SimpleUploadedFile

    # when it is uploaded
    response = client_for(operator).post(
        reverse("catalog:import_start"), {"file": SimpleUploadedFile("bomb.xlsx", buffer.getvalue())}
    )

    # then the form shows the error under the file field and no job is kept
    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["The spreadsheet unpacks to more than the allowed size."]}
    assert not ImportJob.objects.exists()


def test_the_template_is_an_empty_workbook_with_the_headers(operator, client_for):
    # when the template is downloaded
    response = client_for(operator).get(reverse("catalog:import_template"))

    # then it is a workbook with only the header row
    assert response["Content-Disposition"] == 'attachment; filename="product-import-template.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [HEADER]


def test_the_history_lists_only_my_imports(operator, make_staff, store, client_for):
    # given an import by the operator and one by a colleague
    client_for(operator).post(reverse("catalog:import_start"), {"file": upload("csv", valid_rows(store.code))})
    colleague = make_staff("operator")
    client_for(colleague).post(reverse("catalog:import_start"), {"file": upload("csv", valid_rows(store.code))})
    mine, theirs = ImportJob.objects.order_by("pk")

    # when the operator opens the history and the colleague's preview
    client = client_for(operator)
    page = client.get(reverse("catalog:import_list")).content.decode()
    other = client.get(reverse("catalog:import_preview", args=[theirs.pk]))

    # then only their own import is listed, and the colleague's is missing
    assert reverse("catalog:import_preview", args=[mine.pk]) in page
    assert reverse("catalog:import_preview", args=[theirs.pk]) not in page
    assert other.status_code == 404


@pytest.mark.parametrize("name", ["catalog:import_start", "catalog:import_list", "catalog:import_template"])
def test_staff_without_the_import_permission_get_403(name, make_staff, client_for):
    assert client_for(make_staff("cs_agent")).get(reverse(name)).status_code == 403
