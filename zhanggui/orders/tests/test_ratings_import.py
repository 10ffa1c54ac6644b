"""The rating file (评价编号, 订单编号, 买家, 评分, 评价内容, 宝贝, 评价时间): checked, previewed, confirmed."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhanggui.core.models import AuditEvent, ImportJob
from zhanggui.orders.models import StoreRating

BASE = "/api/v1/orders/ratings/imports"
HEADER = ["评价编号", "订单编号", "买家", "评分", "评价内容", "宝贝", "评价时间"]
ROWS = [
    ["R100", "T1", "tb_小王", "1", "发货太慢", "纯棉T恤", "2026-11-20 08:30:00"],
    ["R101", "", "tb_小李", "好评", "很好", "纯棉T恤", "2026/11/20 21:05"],
    ["R102", "", "tb_小张", "★★", "偏小", "连衣裙", "2026-11-19"],
]


def csv_upload(rows: list[list[str]], header: list[str] = HEADER) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("ratings.csv", text.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_upload(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ratings.xlsx", buffer.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client(make_staff, english_api_client_for):  # type: ignore[no-untyped-def]
    return english_api_client_for(make_staff("operator"))


def upload_and_check(client, store, file, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = client.post(BASE, {"store_id": store.pk, "file": file})
    assert response.status_code == 202
    return client.get(f"{BASE}/{response.json()['id']}").json()


def confirm(client, job_id, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        client.post(f"{BASE}/{job_id}/confirm")
    return client.get(f"{BASE}/{job_id}").json()


def test_a_rating_file_is_previewed_then_imported_in_the_stores_time(
    client, store, make_order, django_capture_on_commit_callbacks
):
    # given an order of the store and its rating file
    order = make_order("T1")
    # when the file is uploaded and checked
    job = upload_and_check(client, store, csv_upload(ROWS), django_capture_on_commit_callbacks)
    # then the preview is clean and nothing is imported yet
    assert (job["status"], job["total_rows"], job["error_count"]) == ("previewed", 3, 0)
    assert StoreRating.objects.count() == 0
    # when it is confirmed
    done = confirm(client, job["id"], django_capture_on_commit_callbacks)
    # then every rating is stored, times read in Shanghai, words and stars as ratings, the order linked
    assert (done["status"], done["message"], done["result"].get("created")) == ("done", "Imported 3 rows.", 3)
    rows = StoreRating.objects.order_by("platform_rating_id")
    assert [(r.platform_rating_id, r.rating, r.order_id, r.rated_at) for r in rows] == [
        ("R100", 1, order.pk, dt.datetime(2026, 11, 20, 0, 30, tzinfo=dt.UTC)),
        ("R101", 5, None, dt.datetime(2026, 11, 20, 13, 5, tzinfo=dt.UTC)),
        ("R102", 2, None, dt.datetime(2026, 11, 18, 16, 0, tzinfo=dt.UTC)),
    ]
    assert rows[0].store_id == store.pk
    # and the import is audited once, with its counts
    [audit] = AuditEvent.objects.filter(action="orders.rating.import")
    assert (audit.after["rows"], audit.after["created"]) == (3, 3)


def test_importing_the_same_file_again_changes_nothing(client, store, django_capture_on_commit_callbacks):
    first = upload_and_check(client, store, csv_upload(ROWS), django_capture_on_commit_callbacks)
    confirm(client, first["id"], django_capture_on_commit_callbacks)
    again = upload_and_check(client, store, xlsx_upload(ROWS), django_capture_on_commit_callbacks)
    done = confirm(client, again["id"], django_capture_on_commit_callbacks)
    assert {k: done["result"][k] for k in ("created", "updated", "unchanged")} == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
    }
    assert StoreRating.objects.count() == 3


def test_an_xlsx_with_date_cells_is_read(client, store, django_capture_on_commit_callbacks):
    rows = [["R200", "", "tb_a", 4, "不错", "T恤", dt.datetime(2026, 11, 20, 8, 0)]]
    job = upload_and_check(client, store, xlsx_upload(rows), django_capture_on_commit_callbacks)
    confirm(client, job["id"], django_capture_on_commit_callbacks)
    assert StoreRating.objects.get().rated_at == dt.datetime(2026, 11, 20, 0, 0, tzinfo=dt.UTC)


def test_every_bad_cell_is_reported_by_row_and_column(client, store, django_capture_on_commit_callbacks):
    rows = [
        ["R1", "", "", "六星", "", "", "2026-11-20 08:00"],
        ["R2", "", "", "3", "", "", "昨天"],
        ["R1", "", "", "3", "", "", "2026-11-20 09:00"],
        ["", "", "", "", "", "", ""],
        ["", "", "", "4", "", "", ""],
    ]
    job = upload_and_check(client, store, csv_upload(rows), django_capture_on_commit_callbacks)
    assert [(e["row"], e["field"], e["message"]) for e in job["errors"]] == [
        (2, "评分", "Enter a rating from 1 to 5, or 好评, 中评 or 差评."),
        (3, "评价时间", "Enter a date and time such as 2026-05-01 14:30."),
        (4, "评价编号", "This rating number is already on row 2."),
        (6, "评价编号", "This field is required."),  # row 5 is blank: skipped
        (6, "评价时间", "Enter the date and time of the rating."),
    ]
    refused = client.post(f"{BASE}/{job['id']}/confirm")
    assert refused.status_code == 422
    assert StoreRating.objects.count() == 0


def test_a_missing_column_is_reported(client, store, django_capture_on_commit_callbacks):
    job = upload_and_check(
        client, store, csv_upload([["R1", "5"]], header=["评价编号", "评分"]), django_capture_on_commit_callbacks
    )
    assert [(e["field"], e["message"]) for e in job["errors"]] == [("评价时间", "This column is missing.")]


def test_another_stores_file_and_staff_without_the_permission_are_refused(
    make_staff, api_client_for, other_store, store
):
    refused = api_client_for(make_staff("operator")).post(BASE, {"store_id": other_store.pk, "file": csv_upload(ROWS)})
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "store_id")
    denied = api_client_for(make_staff("cs_agent")).post(BASE, {"store_id": store.pk, "file": csv_upload(ROWS)})
    assert denied.status_code == 403
    assert ImportJob.objects.count() == 0


def test_the_console_upload_leads_to_the_job_page(make_staff, client_for, store, django_capture_on_commit_callbacks):
    client = client_for(make_staff("cs_lead"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orders/ratings/imports/new/", {"store": store.pk, "file": csv_upload(ROWS)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/ratings/imports/{job.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="import-confirm"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/orders/ratings/imports/{job.pk}/confirm/")
    assert StoreRating.objects.count() == 3
    assert client.get("/orders/ratings/imports/").status_code == 200
    assert client.get("/orders/ratings/imports/template/").status_code == 200
