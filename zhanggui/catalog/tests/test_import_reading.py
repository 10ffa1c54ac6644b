"""Reading uploaded sheets cell by cell: row numbers, sparse cells, shared and inline strings, Excel's
number noise, dates, CSV dialects."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from zhanggui.core.exceptions import FieldError, ValidationFailed
from zhanggui.core.imports.reading import read_rows
from zhanggui.core.imports.xlsx import Workbook as Workbook_
from zhanggui.core.imports.xlsx import column_index
from zhanggui.core.imports.xlsx_fast import FastWorkbook, ReadSlowly
from zhanggui.core.uploads import check_upload

from .import_files import xlsx_package


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


def test_shared_strings_keep_rich_text_runs_and_drop_phonetic_guides():
    # given a sheet as Excel saves it: shared strings (plain, rich-text runs, a phonetic guide, padded, quoted)
    strings = [
        "<t>商品编码</t>",
        '<r><rPr><b/></rPr><t>新款</t></r><r><t xml:space="preserve"> 连衣裙</t></r>',
        '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh>',
        '<t xml:space="preserve">  SPU1  </t>',
        '<t>\'=HYPERLINK("x")</t>',
        "<t>A &amp; B &lt;C&gt;</t>",
    ]
    cells = "".join(f'<c r="{letter}1" t="s"><v>{n}</v></c>' for n, letter in enumerate("ABCDEF"))

    # when its rows are read
    rows = rows_of(xlsx_package(f'<row r="1">{cells}</row>', strings=strings))

    # then each string reads as the text Excel shows, stripped, without the export's quote
    assert rows == [(1, ["商品编码", "新款 连衣裙", "漢字", "SPU1", '=HYPERLINK("x")', "A & B <C>"])]


def test_sparse_cells_fill_the_gaps_and_cells_without_references_follow_the_previous_one():
    # given rows with gaps (C5 after A5), cells without a reference, a row without a number, blank cells
    sheet = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>SPU1</t></is></c><c r="D2"><v>7</v></c></row>'
        '<row r="5"><c r="C5" t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>'
        '<row><c r="B6" t="inlineStr"><is><t>z</t></is></c><c r="AA6"><v>1</v></c></row>'
        '<row r="7"><c r="A7"/><c r="B7" t="inlineStr"><is><t>  </t></is></c></row>'
    )

    # when its rows are read
    rows = rows_of(xlsx_package(sheet))

    # then each value is in its column, numbered by its row, and the blank row is skipped
    assert rows == [
        (2, ["SPU1", "", "", "7"]),
        (5, ["", "", "x", "y"]),
        (6, ["", "z", *[""] * 24, "1"]),
    ]


def test_numbers_booleans_errors_and_formula_texts_read_as_excel_shows_them():
    # given a price typed as text "129.00", the same price as the number 129, a computed price,
    # a boolean, an error, a formula's text result and a number stored in scientific notation
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>129.00</t></is></c><c r="B1"><v>129</v></c>'
        '<c r="C1" t="n"><v>89.910000000000011</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c>'
        '<c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="str"><f>A1&amp;"x"</f><v>129.00x</v></c>'
        '<c r="H1"><v>6.9E+12</v></c><c r="I1" t="s"><v>0</v></c></row>'
    )

    # when its rows are read
    rows = rows_of(xlsx_package(sheet, strings=["<t>'+86 138</t>"]))

    # then texts keep their digits, numbers read as written, booleans as Excel shows them
    assert rows == [(1, ["129.00", "129", "89.91", "TRUE", "FALSE", "#N/A", "129.00x", "6.9E+12", "+86 138"])]


def test_dates_are_read_by_their_number_format_and_other_numbers_are_not():
    # given a custom date format (id 164), a built-in one (14), and a plain number format (2 = "0.00")
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="2"/></cellXfs>'
    )
    sheet = (
        '<row r="1"><c r="A1" s="1"><v>46089.5</v></c><c r="B1" s="2"><v>46089</v></c>'
        '<c r="C1" s="3"><v>129</v></c></row>'
    )

    # when its rows are read
    rows = rows_of(xlsx_package(sheet, styles=styles))

    # then the dates read as dates and the price as a number
    assert rows == [(1, ["2026-03-08 12:00:00", "2026-03-08 00:00:00", "129"])]


def test_a_part_with_a_byte_order_mark_is_read():
    # given a workbook whose sheet starts with a UTF-8 byte order mark
    good = zipfile.ZipFile(
        io.BytesIO(xlsx_package('<row r="1"><c r="A1" t="inlineStr"><is><t>商品</t></is></c></row>'))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in good.namelist():
            content = good.read(name)
            archive.writestr(name, b"\xef\xbb\xbf" + content if name.endswith("sheet1.xml") else content)

    # when its rows are read, then the text is intact
    assert rows_of(buffer.getvalue()) == [(1, ["商品"])]


def test_a_shared_string_index_out_of_range_makes_the_file_unreadable():
    # given a cell pointing at a shared string that does not exist
    content = xlsx_package('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', strings=["<t>a</t>"])

    # when its rows are read, then the file is refused as unreadable
    with translation.override("en"), pytest.raises(ValidationFailed) as failure:
        rows_of(content)
    assert failure.value.errors == [
        FieldError("file", "The Excel file could not be read; save it again as .xlsx and retry.")
    ]


@pytest.mark.parametrize(("letters", "index"), [("A", 0), ("Z", 25), ("AA", 26), ("AZ", 51), ("XFD", 16383)])
def test_column_letters_map_to_positions(letters, index):
    assert column_index(letters) == index


@pytest.mark.parametrize("letters", ["", "A1", "ABCD", "Ä"])
def test_anything_else_is_not_a_column(letters):
    with pytest.raises(ValueError):
        column_index(letters)


def _both_readers(content: bytes) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    expat = Workbook_(io.BytesIO(content))
    fast = FastWorkbook(io.BytesIO(content))
    try:
        return [row for row in expat.rows() if any(row[1])], [row for row in fast.rows() if any(row[1])]
    finally:
        expat.close()
        fast.close()


def test_calamine_reads_every_cell_as_the_expat_reader_does():
    # given a workbook as openpyxl writes it: text codes with leading zeros, numbers, a computed price,
    # a date, a time of day, a boolean, a formula-like text from an export, padding, sparse cells
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["商家编码", "条码", "吊牌价", "库存", "上架日期", "时间", "可售", "备注"])
    sheet.append(["0012", "6901234567890", 89.91000000000001, 12, dt.datetime(2026, 3, 8, 9, 30), dt.time(12), True])
    sheet.append([" 007 ", 6901234567890, 0.1, -5, dt.date(2026, 3, 8), None, False, "'=1+1"])
    sheet["C6"] = 1234567.891
    sheet["H7"] = "纯棉"

    # when calamine and expat read it
    expat, fast = _both_readers(workbook_bytes(workbook))

    # then they read the same rows and cells
    assert fast == expat
    assert fast[2] == (3, ["007", "6901234567890", "0.1", "-5", "2026-03-08 00:00:00", "", "FALSE", "=1+1"])


@pytest.mark.parametrize(
    "value",
    ["6.9E+12", "1.50", "007", "12345678901234567890", ".5"],
)
def test_numbers_calamine_would_read_otherwise_are_read_by_expat(value):
    # given a number written in a form its float value does not give back
    content = xlsx_package(f'<row r="1"><c r="A1"><v>{value}</v></c></row>')

    # when calamine is asked to read it, then it sends the file to the expat reader
    with pytest.raises(ReadSlowly):
        FastWorkbook(io.BytesIO(content))


def test_error_cells_are_read_by_expat():
    content = xlsx_package('<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>')
    with pytest.raises(ReadSlowly):
        FastWorkbook(io.BytesIO(content))


def test_formula_texts_that_look_like_numbers_are_read_by_calamine_as_expat_reads_them():
    # given ="0012" and a long order number as Excel saves a string formula, beside plain numbers
    sheet = (
        '<row r="1"><c r="A1" t="str"><f>"0012"</f><v>0012</v></c>'
        '<c r="B1" t="str"><f>"3312345678901234567"</f><v>3312345678901234567</v></c>'
        '<c r="C1" t="str"><f>"1.50"</f><v>1.50</v></c><c r="D1"><v>129</v></c></row>'
    )
    content = xlsx_package(sheet)

    # when both readers read it, then calamine keeps the file and reads the same texts
    expat, fast = _both_readers(content)
    assert fast == expat == [(1, ["0012", "3312345678901234567", "1.50", "129"])]
