"""Skipping invalid orders of an order file on the uploader's choice: an order with any invalid line is
left out whole, the rest imported; the rows left out come back with their errors and import once corrected."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from zhanggui.core.audit import AuditEvent
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.imports import import_job_rejects
from zhanggui.core.models import ImportStatus
from zhanggui.orders.imports import order_import_confirm, order_import_mapping_save, order_import_upload
from zhanggui.orders.models import Order

from .import_files import TAOBAO_LINE_HEADER, TAOBAO_ORDER_HEADER, taobao_line, taobao_order, upload
from .test_import_formats import GENERIC_HEADER, MAPPING


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def line(number: str, code: str, quantity: str = "1", status: str = "已付款") -> list[str]:
    """A row of the generic layout (``MAPPING``): one line of order ``number``."""
    return [
        number,
        "老客户",
        status,
        "2026-11-22 08:00",
        "T恤",
        code,
        "99",
        quantity,
        "江苏省 南京市 玄武区 中山路1号",
        "赵六",
        "13700003333",
    ]


ROWS = [
    line("A-1", "TEE-WHT-M"),  # row 2
    line("A-1", "TEE-BLK-L"),  # row 3
    line("A-2", "TEE-WHT-M"),  # row 4: a good line of an order whose other line is bad
    line("A-2", "TEE-BLK-L", quantity="x"),  # row 5
    line("A-3", "TEE-WHT-M", status="飞走了"),  # row 6
    line("A-4", "TEE-WHT-M"),  # row 7
]


def read(content: bytes, kind: str) -> list[list[str]]:
    if kind == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def checked(by, store, file_format, file, capture, companion=None):  # type: ignore[no-untyped-def]
    with translation.override("en"), capture(execute=True):
        job = order_import_upload(
            by=by,
            store=store,
            file_format=file_format,
            upload=file,
            name=file.name,
            companion=companion,
            companion_name=companion.name if companion else "",
        )
    job.refresh_from_db()
    return job


def confirmed(by, job, capture, **choice):  # type: ignore[no-untyped-def]
    with translation.override("en"), capture(execute=True):
        order_import_confirm(by=by, job_id=job.pk, **choice)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_orders_with_an_invalid_line_are_skipped_whole_and_come_back_to_correct(
    kind, clerk, store, goods, django_capture_on_commit_callbacks
):
    # given the store's mapping and a previewed file: A-2 has a bad line, A-3 a bad status
    order_import_mapping_save(by=clerk, store=store, columns=MAPPING)
    capture = django_capture_on_commit_callbacks
    job = checked(clerk, store, "generic", upload(kind, GENERIC_HEADER, ROWS, name="mine"), capture)
    assert (job.total_rows, job.error_count, job.invalid_rows) == (6, 2, 3)

    # when it is confirmed without the choice, then nothing is imported
    with pytest.raises(ValidationFailed):
        order_import_confirm(by=clerk, job_id=job.pk)
    assert Order.objects.count() == 0

    # when it is confirmed with the choice to skip the invalid rows
    job = confirmed(clerk, job, capture, skip_invalid=True)

    # then are imported; A-2 is left out whole, its good line too
    assert (job.status, job.result["imported"], job.result["skipped"]) == (ImportStatus.DONE, 3, 3)
    assert sorted(Order.objects.values_list("platform_order_id", flat=True)) == ["A-1", "A-4"]
    assert Order.objects.get(platform_order_id="A-1").lines.count() == 2
    audit = AuditEvent.objects.get(action="orders.import")
    assert (audit.after["rows"], audit.after["imported"], audit.after["skipped"]) == (6, 3, 3)

    # and the rows left out come back in the upload's format, each with its problems
    with translation.override("en"):
        rejects = import_job_rejects(user=clerk, job=job)
    assert rejects.name == f"mine-rejects.{kind}"
    rows = read(rejects.content, kind)
    assert rows == [
        [*GENERIC_HEADER, "Import errors"],
        [*ROWS[2], "Not imported: it belongs with row 5, which has errors."],
        [*ROWS[3], "件数: Enter a whole number of one or more."],
        [*ROWS[4], "状态: Unknown order status “飞走了”."],
    ]

    # when they are corrected, the error column left in, and imported again
    rows[2][7], rows[3][2] = "1", "已付款"
    again = checked(clerk, store, "generic", upload(kind, rows[0], rows[1:], name="fixed"), capture)
    assert (again.total_rows, again.error_count) == (3, 0)
    again = confirmed(clerk, again, capture)

    # then they import cleanly: every order of the file is in, once
    assert again.status == ImportStatus.DONE
    assert sorted(Order.objects.values_list("platform_order_id", flat=True)) == ["A-1", "A-2", "A-3", "A-4"]
    assert Order.objects.get(platform_order_id="A-2").lines.count() == 2


def test_a_taobao_pair_gives_back_the_rejected_rows_of_both_files(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given a Taobao pair whose second order has a line with a bad price
    orders = [taobao_order("3300000000000001"), taobao_order("3300000000000002")]
    lines = [taobao_line("3300000000000001"), taobao_line("3300000000000002", price="abc")]
    capture = django_capture_on_commit_callbacks
    job = checked(
        clerk,
        store,
        "taobao",
        upload("csv", TAOBAO_ORDER_HEADER, orders, name="orders"),
        capture,
        companion=upload("csv", TAOBAO_LINE_HEADER, lines, name="lines"),
    )
    assert (job.total_rows, job.error_count, job.invalid_rows) == (4, 1, 2)

    # when it is imported skipping the invalid rows
    job = confirmed(clerk, job, capture, skip_invalid=True)

    # then the first order is in, and each file's rows of the second come back
    assert list(Order.objects.values_list("platform_order_id", flat=True)) == ["3300000000000001"]
    assert job.result["skipped_by_file"] == [1, 1]
    with translation.override("en"):
        order_rejects = read(import_job_rejects(user=clerk, job=job).content, "csv")
        line_rejects = read(import_job_rejects(user=clerk, job=job, companion=True).content, "csv")
    # (a cell that looks like a formula gets the quote that the reader removes again)
    assert order_rejects[1][0] == '\'="3300000000000002"'
    assert order_rejects[1][-1] == "Not imported: it belongs with row 3 of lines.csv, which has errors."
    assert line_rejects[0] == [*TAOBAO_LINE_HEADER, "Import errors"]
    assert line_rejects[1][-1] == "价格: Enter an amount."

    # when both are corrected and uploaded again as a pair, then they import cleanly
    price = TAOBAO_LINE_HEADER.index("价格")
    line_rejects[1][price] = "99.00"
    again = checked(
        clerk,
        store,
        "taobao",
        upload("csv", order_rejects[0], order_rejects[1:], name="orders-fixed"),
        capture,
        companion=upload("csv", line_rejects[0], line_rejects[1:], name="lines-fixed"),
    )
    assert (again.total_rows, again.error_count) == (2, 0)
    again = confirmed(clerk, again, capture)
    assert again.status == ImportStatus.DONE
    assert sorted(Order.objects.values_list("platform_order_id", flat=True)) == ["3300000000000001", "3300000000000002"]
