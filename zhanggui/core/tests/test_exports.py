from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from zhanggui.core.exports import ExportColumn, export_file, neutralise
from zhanggui.core.models import AuditEvent


def test_formula_like_cells_become_text():
    assert [neutralise(v) for v in ("=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "正常")] == [
        "'=1+1",
        "'+86 138",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "正常",
    ]
    # numbers stay numbers, so a negative amount is not quoted
    assert neutralise(Decimal("-5.00")) == Decimal("-5.00")
    assert neutralise(None) == ""


def _columns():  # type: ignore[no-untyped-def]
    return [
        ExportColumn("名称", lambda row: row["name"]),
        ExportColumn("手机", lambda row: row["phone"], pii="phone"),
    ]


def test_csv_export_masks_personal_data_without_permission_and_is_audited(make_staff):
    # given an operator (no pii.export) exporting a row with a formula and a phone number
    operator = make_staff("operator")
    rows = [{"name": '=HYPERLINK("http://x")', "phone": "13812341234"}]
    # when the rows are exported as CSV
    exported = export_file(
        columns=_columns(), objects=rows, user=operator, file_format="csv", filename="t", action="test.export"
    )
    # then the formula is text, the phone is masked and one audit row records the export
    assert (exported.content_type, exported.name.startswith("t-"), exported.name.endswith(".csv")) == (
        "text/csv; charset=utf-8",
        True,
        True,
    )
    text = exported.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["名称", "手机"], ['\'=HYPERLINK("http://x")', "138****1234"]]
    event = AuditEvent.objects.get()
    assert (event.action, event.after) == ("test.export", {"rows": 1, "format": "csv", "unmasked": False})


def test_xlsx_export_is_unmasked_for_staff_allowed_to_export_personal_data(make_staff):
    manager = make_staff("manager")
    rows = [{"name": "@cmd", "phone": "13812341234"}]
    response = export_file(
        columns=_columns(), objects=rows, user=manager, file_format="xlsx", filename="t", action="test.export"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["名称", "手机"], ["'@cmd", "13812341234"]]
    assert AuditEvent.objects.get().after["unmasked"] is True
