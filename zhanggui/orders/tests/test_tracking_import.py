"""The carrier's tracking file (运单号, 时间, 物流状态, 描述, 地点): checked, previewed, confirmed, idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhanggui.core.models import AuditEvent, ImportJob
from zhanggui.orders.models import Order, Shipment, TrackingEvent
from zhanggui.orders.services import order_ship

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orders/tracking/imports"
ZTO = "78123456789012"
SF = "SF1234567890123"
SHIPPED = dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC)
# 顺丰's export headers
SF_HEADER = ["运单号", "扫描时间", "物流状态", "描述", "网点"]
SF_ROWS = [
    [ZTO, "2026-11-20 08:00:00", "", "【杭州市】【杭州西湖】的张三已揽收", "杭州西湖"],
    [ZTO, "2026/11/20 20:15", "", "快件已发往【上海转运中心】", "杭州转运中心"],
    [ZTO, "2026-11-21 09:30:00", "派件", "【上海市】快递员李四正在派件（电话：13800000000）", "上海浦东"],
    [SF, "2026-11-21 10:00:00", "已签收", "您的快件已签收，签收人：本人", "上海"],
    [f"No:{ZTO}", "2026-11-21 09:30:00", "派件", "【上海市】快递员李四正在派件（电话：13800000000）", "上海浦东"],
]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def csv_upload(rows: list[list[str]], header: list[str] = SF_HEADER) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("tracking.csv", text.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_upload(rows: list[list[object]], header: list[str]) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("tracking.xlsx", buffer.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def parcels(make_order, clerk, other_store, make_staff):  # type: ignore[no-untyped-def]
    """Two shipped orders of the clerk's store (ZTO, SF) and one of another store."""
    shipped = [
        order_ship(by=clerk, order=make_order(number, status="paid"), carrier=carrier, tracking_no=tracking_no)
        for number, carrier, tracking_no in (("T1", "ZTO", ZTO), ("T2", "SF", SF))
    ]
    stranger = make_staff("order_clerk", stores=[other_store])
    order_ship(
        by=stranger,
        order=make_order("T9", status="paid", store=other_store),
        carrier="ZTO",
        tracking_no="78123456789099",
    )
    Shipment.objects.update(shipped_at=SHIPPED)
    Order.objects.update(shipped_at=SHIPPED)
    return shipped


@pytest.fixture
def api(clerk, english_api_client_for):  # type: ignore[no-untyped-def]
    return english_api_client_for(clerk)


def upload_and_check(client, file, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = client.post(BASE, {"file": file})
    assert response.status_code == 202, response.content
    return client.get(f"{BASE}/{response.json()['id']}").json()


def confirm(client, job_id, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        client.post(f"{BASE}/{job_id}/confirm")
    return client.get(f"{BASE}/{job_id}").json()


def stored_events() -> list[tuple[str, dt.datetime, str, str, str]]:
    rows = TrackingEvent.objects.order_by("shipment__tracking_no", "at")
    return list(rows.values_list("shipment__tracking_no", "at", "description", "location", "status"))


def test_a_tracking_file_is_previewed_then_imported_through_the_tracking_rules(
    api, parcels, django_capture_on_commit_callbacks
):
    # when the 顺丰-style file is uploaded and checked
    job = upload_and_check(api, csv_upload(SF_ROWS), django_capture_on_commit_callbacks)
    # then the preview is clean and nothing is imported yet
    assert (job["status"], job["total_rows"], job["error_count"]) == ("previewed", 5, 0)
    assert TrackingEvent.objects.count() == 0
    # when it is confirmed
    done = confirm(api, job["id"], django_capture_on_commit_callbacks)
    # then each event is stored once (the repeated row too), times read as Beijing time, statuses decided
    assert (done["status"], done["message"]) == ("done", "Imported 5 rows.")
    counts = {key: done["result"][key] for key in ("events_added", "events_known", "shipments_updated")}
    assert counts == {"events_added": 4, "events_known": 1, "shipments_updated": 2}
    assert done["result"]["orders_delivered"] == 1
    assert stored_events() == [
        (ZTO, utc(2026, 11, 20, 0, 0), "【杭州市】【杭州西湖】的张三已揽收", "杭州西湖", "collected"),
        (ZTO, utc(2026, 11, 20, 12, 15), "快件已发往【上海转运中心】", "杭州转运中心", "in_transit"),
        (
            ZTO,
            utc(2026, 11, 21, 1, 30),
            "【上海市】快递员李四正在派件（电话：13800000000）",
            "上海浦东",
            "out_for_delivery",
        ),
        (SF, utc(2026, 11, 21, 2, 0), "您的快件已签收，签收人：本人", "上海", "signed"),
    ]
    # and the shipments and orders know where the parcels are; the signed one is delivered
    _zto, sf = parcels
    orders = Order.objects.filter(platform_order_id__in=["T1", "T2"]).order_by("platform_order_id")
    assert [(o.status, o.logistics_status, o.delivered_at) for o in orders] == [
        ("shipped", "out_for_delivery", None),
        ("delivered", "signed", utc(2026, 11, 21, 2, 0)),
    ]
    assert list(Shipment.objects.order_by("pk").values_list("logistics_status", flat=True)) == [
        "out_for_delivery",
        "signed",
        "",
    ]
    # and the file is audited once with its counts, the delivery by its own row
    [audit] = AuditEvent.objects.filter(action="orders.shipment.tracking_import")
    assert (audit.after["rows"], audit.after["events_added"], audit.after["orders_delivered"]) == (5, 4, 1)
    assert AuditEvent.objects.filter(action="orders.order.deliver", object_id=str(sf.order_id)).count() == 1
    assert not AuditEvent.objects.filter(action="orders.shipment.tracking_add").exists()


def test_importing_the_same_events_again_changes_nothing(api, parcels, django_capture_on_commit_callbacks):
    # given the file imported once
    first = upload_and_check(api, csv_upload(SF_ROWS), django_capture_on_commit_callbacks)
    confirm(api, first["id"], django_capture_on_commit_callbacks)
    before = (stored_events(), list(Order.objects.order_by("pk").values_list("status", "logistics_status")))
    audit_rows = AuditEvent.objects.count()
    # when the same events come again, as a 中通-style XLSX with date cells
    header = ["快递单号", "操作时间", "扫描类型", "物流信息", "扫描网点"]
    rows = [[ZTO if row[0].startswith("No:") else row[0], *row[1:]] for row in SF_ROWS]
    rows[0][1] = dt.datetime(2026, 11, 20, 8, 0)
    again = upload_and_check(api, xlsx_upload(rows, header), django_capture_on_commit_callbacks)
    done = confirm(api, again["id"], django_capture_on_commit_callbacks)
    # then nothing changes but the import's own audit row
    assert (done["result"]["events_added"], done["result"]["events_known"]) == (0, 5)
    assert (done["result"]["shipments_updated"], done["result"]["orders_delivered"]) == (0, 0)
    assert (stored_events(), list(Order.objects.order_by("pk").values_list("status", "logistics_status"))) == before
    assert AuditEvent.objects.count() == audit_rows + 1


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(
    api, parcels, django_capture_on_commit_callbacks
):
    rows = [
        [ZTO, "2026-11-20 08:00:00", "", "已揽收", "杭州"],
        ["78123456789099", "2026-11-20 09:00:00", "", "已揽收", "杭州"],  # another store's parcel
        ["99999999999999", "2026-11-20 09:00:00", "", "已揽收", ""],
        [ZTO, "昨天", "", "运输中", ""],
        [ZTO, "2099-01-01 00:00:00", "", "运输中", ""],
        [ZTO, "2026-11-20 10:00:00", "", "", ""],
        ["", "2026-11-20 10:00:00", "", "运输中", "上海"],
    ]
    job = upload_and_check(api, csv_upload(rows), django_capture_on_commit_callbacks)
    assert (job["status"], job["error_count"]) == ("previewed", 6)
    assert [(e["row"], e["field"], e["message"]) for e in job["errors"]] == [
        (3, "运单号", "No shipment of your stores has this tracking number."),
        (4, "运单号", "No shipment of your stores has this tracking number."),
        (5, "扫描时间", "Enter a time such as 2026-11-20 10:15:30."),
        (6, "扫描时间", "A tracking event cannot lie in the future."),
        (7, "描述", "Enter the carrier's description or status."),
        (8, "运单号", "Enter the tracking number."),
    ]
    refused = api.post(f"{BASE}/{job['id']}/confirm")
    assert refused.status_code == 422
    assert (TrackingEvent.objects.count(), AuditEvent.objects.filter(action__contains="tracking").count()) == (0, 0)


def test_a_carrier_file_with_unknown_waybills_imports_its_valid_events_on_request(
    api, parcels, django_capture_on_commit_callbacks
):
    # given a carrier export holding a waybill of no shipment here beside a good event
    rows = [
        [ZTO, "2026-11-20 08:00:00", "", "已揽收", "杭州"],
        ["99999999999999", "2026-11-20 09:00:00", "", "已揽收", ""],
    ]
    job = upload_and_check(api, csv_upload(rows), django_capture_on_commit_callbacks)
    # when the clerk confirms, skipping the invalid row
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.post(f"{BASE}/{job['id']}/confirm?skip_invalid=true")
    done = api.get(f"{BASE}/{job['id']}").json()
    # then the good event is stored and the unknown waybill left out, both counted
    assert answer.status_code == 200
    assert (done["status"], done["result"]["imported"], done["result"]["skipped"]) == ("done", 1, 1)
    assert [event[0] for event in stored_events()] == [ZTO]


def test_a_file_needs_a_number_a_time_and_some_text(api, parcels, django_capture_on_commit_callbacks):
    job = upload_and_check(api, csv_upload([[ZTO, "x"]], header=["运单号", "地点"]), django_capture_on_commit_callbacks)
    assert [(e["field"], e["message"]) for e in job["errors"]] == [("时间", "This column is missing.")]
    job = upload_and_check(
        api, csv_upload([[ZTO, "2026-11-20 08:00"]], header=["运单号", "时间"]), django_capture_on_commit_callbacks
    )
    assert [(e["row"], e["field"], e["message"]) for e in job["errors"]] == [
        (1, "描述", "The file needs a 描述 or a 物流状态 column.")
    ]


def test_a_status_column_alone_gives_the_text_and_the_status(api, parcels, django_capture_on_commit_callbacks):
    # 中通's scan types as the only text
    header = ["运单编号", "时间", "扫描类型", "城市"]
    rows = [[ZTO, "2026-11-20 08:00", "收件", "杭州"], [ZTO, "2026-11-22 08:00", "问题件", "上海"]]
    job = upload_and_check(api, csv_upload(rows, header), django_capture_on_commit_callbacks)
    confirm(api, job["id"], django_capture_on_commit_callbacks)
    assert [(e[2], e[4]) for e in stored_events()] == [("收件", "collected"), ("问题件", "exception")]
    assert Order.objects.get(platform_order_id="T1").logistics_status == "exception"


def test_staff_without_the_ship_permission_are_refused(make_staff, english_api_client_for, parcels):
    denied = english_api_client_for(make_staff("cs_agent")).post(BASE, {"file": csv_upload(SF_ROWS)})
    assert denied.status_code == 403
    assert (ImportJob.objects.count(), TrackingEvent.objects.count()) == (0, 0)


def test_the_console_upload_leads_to_the_job_page(
    clerk, english_client_for, parcels, django_capture_on_commit_callbacks
):
    client = english_client_for(clerk)
    start = client.get("/orders/tracking/imports/new/").content.decode()
    assert 'id="tracking-import-columns"' in start and "扫描时间" not in start  # headers shown, aliases in the docs
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orders/tracking/imports/new/", {"file": csv_upload(SF_ROWS)})
    job = ImportJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/orders/tracking/imports/{job.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-confirm"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/orders/tracking/imports/{job.pk}/confirm/")
    result = client.get(response["Location"]).content.decode()
    assert "Tracking events added" in result
    assert TrackingEvent.objects.count() == 4
    assert client.get("/orders/tracking/imports/").status_code == 200
    template = client.get("/orders/tracking/imports/template/")
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [cell.value for cell in sheet[1]] == ["运单号", "时间", "物流状态", "描述", "地点"]
