"""Reading uploaded sheets cell by cell: row numbers, sparse cells, Excel's number noise, dates, CSV dialects."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from zhanggui.core.imports.reading import read_rows
from zhanggui.core.uploads import check_upload


def rows_of(content: bytes) -> list[tuple[int, list[str]]]:
    stream = io.BytesIO(content)
    return list(read_rows(stream, check_upload(stream)))


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_rows_keep_their_sheet_row_numbers_and_columns():
    # given a sheet with a blank row, a cell missing in the middle, rich text, a date and a computed price
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["商品编码", "商品名称", "吊牌价", "上架日期"])
    sheet.append(["SPU1", "T恤", 89.91000000000001, dt.datetime(2026, 3, 8, 9, 30)])
    sheet.append([])
    sheet["A4"] = "SPU2"
    sheet["B4"] = CellRichText([TextBlock(InlineFont(b=True), "新款"), "连衣裙"])
    sheet["D4"] = 12
    sheet["C5"] = "  '=1+1  "

    # when its rows are read
    rows = rows_of(workbook_bytes(workbook))

    # then blank rows are skipped, numbering follows the sheet, missing cells read as empty
    assert rows == [
        (1, ["商品编码", "商品名称", "吊牌价", "上架日期"]),
        (2, ["SPU1", "T恤", "89.91", "2026-03-08 09:30:00"]),
        (4, ["SPU2", "新款连衣裙", "", "12"]),
        (5, ["", "", "=1+1"]),
    ]


def test_csv_rows_are_read_in_gbk_and_tab_separated_text_is_recognised():
    # given a tab-separated file saved in GBK with a blank line and a quoted formula from an export
    content = "商品编码\t商品名称\r\nSPU1\t 纯棉T恤 \r\n\t\r\nSPU2\t'@SUM(A1)\r\n".encode("gbk")

    # when its rows are read
    rows = rows_of(content)

    # then the cells are decoded, stripped and numbered by line
    assert rows == [(1, ["商品编码", "商品名称"]), (2, ["SPU1", "纯棉T恤"]), (4, ["SPU2", "@SUM(A1)"])]
