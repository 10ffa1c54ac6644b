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
    text = exported.read().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["名称", "手机"], ['\'=HYPERLINK("http://x")', "138****1234"]]
    event = AuditEvent.objects.get()
    assert (event.action, event.after) == ("test.export", {"rows": 1, "format": "csv", "unmasked": False})


def test_xlsx_export_is_unmasked_for_staff_allowed_to_export_personal_data(make_staff):
    manager = make_staff("manager")
    rows = [{"name": "@cmd", "phone": "13812341234"}]
    response = export_file(
        columns=_columns(), objects=rows, user=manager, file_format="xlsx", filename="t", action="test.export"
    )
    sheet = load_workbook(io.BytesIO(response.read())).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["名称", "手机"], ["'@cmd", "13812341234"]]
    assert AuditEvent.objects.get().after["unmasked"] is True


def _old_csv(rows: list[list[str]]) -> bytes:
    """The file as it was built before streaming: everything in one string."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["名称", "手机"])
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode()


def test_a_csv_export_streams_the_same_file_in_chunks_audited_before_the_first_byte(make_staff):
    # given 5,000 rows (several chunks), some with formulas and line breaks
    operator = make_staff("operator")
    rows = [{"name": f"=A{n}\n第{n}行" if n % 7 == 0 else f"商品{n}", "phone": "13812341234"} for n in range(5000)]
    read = []

    def objects():  # type: ignore[no-untyped-def]
        for row in rows:
            read.append(row)
            yield row

    # when exported
    exported = export_file(
        columns=_columns(),
        objects=objects(),
        user=operator,
        file_format="csv",
        filename="t",
        action="test.export",
        count=lambda: len(rows),
    )
    # then nothing is read until the file is sent, but the export is already audited
    assert (read, AuditEvent.objects.get().after) == ([], {"rows": 5000, "format": "csv", "unmasked": False})
    chunks = list(exported.content)
    expected = [[f"'=A{n}\n第{n}行" if n % 7 == 0 else f"商品{n}", "138****1234"] for n in range(5000)]
    assert (len(chunks) > 1, b"".join(chunks)) == (True, _old_csv(expected))


def test_an_xlsx_export_is_written_to_a_file_and_sent_in_chunks(make_staff):
    manager = make_staff("manager")
    rows = [{"name": f"商品{n}", "phone": "13812341234"} for n in range(3000)]
    exported = export_file(
        columns=_columns(), objects=iter(rows), user=manager, file_format="xlsx", filename="t", action="test.export"
    )
    assert not isinstance(exported.content, bytes)
    sheet = load_workbook(io.BytesIO(exported.read()), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert (len(values), values[0], values[-1]) == (3001, ["名称", "手机"], ["商品2999", "13812341234"])
    assert AuditEvent.objects.get().after == {"rows": 3000, "format": "xlsx", "unmasked": True}


def test_a_console_list_export_is_a_streamed_answer(make_staff, client_for):
    from django.http import StreamingHttpResponse
    from django.urls import reverse

    manager = make_staff("manager")
    AuditEvent.objects.create(action="test.one", actor_name="x", object_type="test.thing", object_repr="=cmd")
    response = client_for(manager).get(reverse("core:audit_list"), {"export": "csv", "object_type": "test.thing"})
    assert isinstance(response, StreamingHttpResponse)
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert (len(lines), "'=cmd" in lines[1]) == (2, True)
    assert AuditEvent.objects.filter(action="core.audit.export").get().after["rows"] == 1
