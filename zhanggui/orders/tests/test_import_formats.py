"""JD and generic (saved column mapping) order imports, the mapping's checks, the cells of exports, scoping."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.models import AuditEvent, ImportJob, ImportStatus
from zhanggui.orders.imports import (
    order_import_confirm,
    order_import_get,
    order_import_mapping_get,
    order_import_mapping_save,
    order_import_upload,
)
from zhanggui.orders.imports.cells import address, amount, moment, plain, tracking_number
from zhanggui.orders.models import ImportMapping, Order
from zhanggui.orders.states import OrderStatus

from .import_files import JD_HEADER, jd_line, upload

S = OrderStatus
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

MAPPING = {
    "order_no": "单号",
    "buyer": "客户",
    "status": "状态",
    "created": "下单",
    "title": "品名",
    "merchant_code": "货号",
    "price": "单价",
    "quantity": "件数",
    "address": "地址",
    "receiver": "收件人",
    "phone": "电话",
}
GENERIC_HEADER = list(MAPPING.values())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def imported(by, store, file_format, file, capture, confirm=True):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        job = order_import_upload(by=by, store=store, file_format=file_format, upload=file, name=file.name)
    job.refresh_from_db()
    if confirm and job.status == ImportStatus.PREVIEWED and not job.error_count:
        with capture(execute=True):
            order_import_confirm(by=by, job_id=job.pk)
        job.refresh_from_db()
    return job


# --- cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("浙江省 杭州市 西湖区 文三路100号 (310000)", ("浙江省", "杭州市", "西湖区", "文三路100号")),
        ("广东省 东莞市 莞城街道 市桥路1号（523000）", ("广东省", "东莞市", "莞城街道", "市桥路1号")),
        ("广东省 东莞市 市桥路1号", ("广东省", "东莞市", "", "市桥路1号")),
        ("北京 北京市 朝阳区 建国路 88 号 (100022)", ("北京", "北京市", "朝阳区", "建国路 88 号")),
        ("上海上海市浦东新区世纪大道1号", ("上海", "上海市", "浦东新区", "世纪大道1号")),
        ("浙江省杭州市西湖区文三路100号", ("浙江省", "杭州市", "西湖区", "文三路100号")),
        ("文三路100号", ("", "", "", "文三路100号")),
    ],
)
def test_addresses_written_as_one_string_are_split(text, expected):
    assert address(text) == expected


def test_export_numbers_amounts_and_times_are_read_as_written():
    assert plain('="3312345678901234"') == "3312345678901234"
    assert plain("'13800001111") == "13800001111"
    assert amount("¥1,299.00") == Decimal("1299.00")
    assert amount("12.345") == "Use at most two decimal places."
    assert moment("2026/11/20 10:15", SHANGHAI) == dt.datetime(2026, 11, 20, 10, 15, tzinfo=SHANGHAI)
    assert moment("20.11.2026", SHANGHAI) == "Enter a time such as 2026-11-20 10:15:30."
    assert tracking_number("No:78123456789012,No:78123456789013") == "78123456789012"


# --- JD -------------------------------------------------------------------------------------------


def test_a_jd_export_is_read_one_row_per_line(clerk, store, goods, django_capture_on_commit_callbacks):
    # given a JD export of one order (two lines, waiting to leave the warehouse) and a finished one
    rows = [
        jd_line("2801", order_amount="208.00", paid="208.00"),
        jd_line("2801", title="纯棉T恤 白色 M", merchant_code="TEE-WHT-M", price="99.00", quantity="1"),
        jd_line("2802", status="完成", carrier="京东快递", tracking="JDVA01234567890"),
    ]

    # when it is imported
    job = imported(clerk, store, "jd", upload("csv", JD_HEADER, rows, name="jd"), django_capture_on_commit_callbacks)

    # then the orders have JD's values and the finished one's units left the warehouse
    assert job.status == ImportStatus.DONE
    first = Order.objects.get(platform_order_id="2801")
    assert (first.status, first.buyer.nickname, first.paid_amount, first.shipping_fee) == (
        S.AWAITING_SHIPMENT,
        "jd_小李",
        Decimal("208.00"),
        Decimal("10.00"),
    )
    assert (first.province, first.city, first.district, first.address_detail) == (
        "上海",
        "上海市",
        "浦东新区",
        "世纪大道1号",
    )
    assert list(first.lines.order_by("pk").values_list("merchant_code", "quantity")) == [
        ("TEE-BLK-L", 1),
        ("TEE-WHT-M", 1),
    ]
    done = Order.objects.get(platform_order_id="2802")
    assert (done.status, list(done.shipments.values_list("carrier", "tracking_no"))) == (
        S.COMPLETED,
        [("JD", "JDVA01234567890")],
    )
    goods.black_stock.refresh_from_db()
    assert (goods.black_stock.on_hand, goods.black_stock.reserved) == (2, 1)


def test_a_jd_row_with_an_unknown_status_and_a_bad_tracking_number_is_reported(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    rows = [jd_line("2801", status="已发往火星"), jd_line("2802", status="完成", carrier="中通快递", tracking="ABC")]

    job = imported(clerk, store, "jd", upload("xlsx", JD_HEADER, rows), django_capture_on_commit_callbacks)

    assert job.errors == [
        {"row": 2, "field": "订单状态", "message": "Unknown order status “已发往火星”."},
        {"row": 3, "field": "运单号", "message": "ABC is not a ZTO Express tracking number."},
    ]
    assert not Order.objects.exists()


# --- generic --------------------------------------------------------------------------------------


def test_a_generic_file_is_read_with_the_stores_saved_mapping(clerk, store, goods, django_capture_on_commit_callbacks):
    # given a saved mapping, and a file in the store's own layout
    order_import_mapping_save(by=clerk, store=store, columns=MAPPING)
    rows = [
        [
            "A-1",
            "老客户",
            "已付款",
            "2026-11-22 08:00",
            "T恤",
            "TEE-WHT-M",
            "99",
            "3",
            "江苏省 南京市 玄武区 中山路1号",
            "赵六",
            "13700003333",
        ]
    ]

    # when it is imported
    file = upload("csv", GENERIC_HEADER, rows, name="mine")
    job = imported(clerk, store, "generic", file, django_capture_on_commit_callbacks)

    # then the mapping told where each field is
    assert job.status == ImportStatus.DONE
    order = Order.objects.get()
    assert (order.platform_order_id, order.buyer.nickname, order.status, order.paid_amount, order.city) == (
        "A-1",
        "老客户",
        S.AWAITING_SHIPMENT,
        Decimal("297.00"),
        "南京市",
    )
    assert order.created_at == dt.datetime(2026, 11, 22, 8, 0, tzinfo=SHANGHAI)


def test_a_mapped_header_missing_from_the_file_is_reported_on_the_header_row(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    order_import_mapping_save(by=clerk, store=store, columns=MAPPING)
    header = [h for h in GENERIC_HEADER if h != "件数"]

    job = imported(
        clerk, store, "generic", upload("csv", header, [["A-1"] * len(header)]), django_capture_on_commit_callbacks
    )

    assert job.errors == [{"row": 1, "field": "件数", "message": "This column is missing."}]


def test_a_generic_file_needs_a_saved_mapping(clerk, store):
    with pytest.raises(ValidationFailed) as caught:
        order_import_upload(
            by=clerk, store=store, file_format="generic", upload=upload("csv", ["x"], [["1"]]), name="x.csv"
        )
    assert [e.field for e in caught.value.errors] == ["format"]
    assert not ImportJob.objects.exists()


def test_a_mapping_reports_every_problem_at_once_and_saves_nothing(clerk, store):
    # given a mapping without the quantity and price, one header used twice and an unknown field
    columns = {**MAPPING, "quantity": "", "price": "", "receiver": "客户", "colour": "颜色"}

    # when it is saved
    with pytest.raises(ValidationFailed) as caught:
        order_import_mapping_save(by=clerk, store=store, columns=columns)

    # then each problem names its field, and nothing is saved or audited
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("columns.receiver", "This column is already mapped to Buyer nickname."),
        ("columns.colour", "Unknown field."),
        ("columns.price", "Choose the column of your file that holds this field."),
        ("columns.quantity", "Choose the column of your file that holds this field."),
    ]
    assert not ImportMapping.objects.exists()
    assert not AuditEvent.objects.filter(action="orders.import_mapping.save").exists()


def test_a_mapping_is_saved_once_per_store_and_audited_on_change(clerk, store):
    order_import_mapping_save(by=clerk, store=store, columns=MAPPING)
    order_import_mapping_save(by=clerk, store=store, columns=MAPPING)  # the same again: no change
    order_import_mapping_save(by=clerk, store=store, columns={**MAPPING, "phone": "手机"})

    assert order_import_mapping_get(user=clerk, store=store)["phone"] == "手机"
    assert ImportMapping.objects.count() == 1
    assert AuditEvent.objects.filter(action="orders.import_mapping.save").count() == 2


# --- scope ----------------------------------------------------------------------------------------


def test_staff_import_only_into_their_stores_and_see_only_their_imports(
    clerk, store, other_store, make_staff, goods, django_capture_on_commit_callbacks
):
    # a clerk of another store cannot upload into this one, nor save its mapping
    outsider = make_staff("order_clerk", stores=[other_store])
    with pytest.raises(NotFoundError):
        order_import_upload(
            by=outsider, store=store, file_format="jd", upload=upload("csv", JD_HEADER, [jd_line()]), name="x.csv"
        )
    with pytest.raises(NotFoundError):
        order_import_mapping_save(by=outsider, store=store, columns=MAPPING)

    # and cannot open this store's clerk's job
    job = imported(
        clerk, store, "jd", upload("csv", JD_HEADER, [jd_line()]), django_capture_on_commit_callbacks, confirm=False
    )
    with pytest.raises(NotFoundError):
        order_import_get(user=outsider, job_id=job.pk)
    with pytest.raises(NotFoundError):
        order_import_confirm(by=outsider, job_id=job.pk)
    assert not Order.objects.exists()
