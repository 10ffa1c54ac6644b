"""Building order export files (Taobao pair, JD, generic) as uploads for the import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhanggui.orders.imports.formats import JD_COLUMNS, TAOBAO_LINE_COLUMNS, TAOBAO_ORDER_COLUMNS

TAOBAO_ORDER_HEADER = [c.header for c in TAOBAO_ORDER_COLUMNS]
TAOBAO_LINE_HEADER = [c.header for c in TAOBAO_LINE_COLUMNS]
JD_HEADER = [c.header for c in JD_COLUMNS]


def _row(columns: Any, values: dict[str, Any]) -> list[Any]:
    keys = [c.key for c in columns]
    assert set(values) <= set(keys), set(values) - set(keys)
    return [values.get(key, "") for key in keys]


def taobao_order(number: str = "3312345678901234", **values: Any) -> list[Any]:
    """An order-file row as Taobao exports it: numbers as ="…", the address as one string."""
    defaults = {
        "order_no": f'="{number}"',
        "buyer": "tb_小王",
        "alipay": "wang***@163.com",
        "goods": "198.00",
        "shipping": "10.00",
        "total": "208.00",
        "paid": "208.00",
        "status": "买家已付款，等待卖家发货",
        "message": "",
        "receiver": "王小二",
        "address": "浙江省 杭州市 西湖区 文三路100号 (310000)",
        "phone": "'13800001111",
        "created": "2026-11-20 10:15:30",
        "paid_at": "2026-11-20 10:16:02",
        "titles": "纯棉T恤",
        "kinds": "1",
        "tracking": "",
        "carrier": "",
        "memo": "",
        "quantity": "2",
        "refunded": "0.00",
    }
    return _row(TAOBAO_ORDER_COLUMNS, {**defaults, **values})


def taobao_line(number: str = "3312345678901234", **values: Any) -> list[Any]:
    defaults = {
        "order_no": f'="{number}"',
        "title": "纯棉T恤 白色 M",
        "price": "99.00",
        "quantity": "2",
        "external": "SPU-TEE",
        "attributes": "颜色分类：白色;尺码：M",
        "package": "",
        "note": "",
        "status": "买家已付款，等待卖家发货",
        "merchant_code": "TEE-WHT-M",
    }
    return _row(TAOBAO_LINE_COLUMNS, {**defaults, **values})


def jd_line(number: str = "280012345678", **values: Any) -> list[Any]:
    defaults = {
        "order_no": number,
        "buyer": "jd_小李",
        "sku_id": "100012345678",
        "title": "纯棉T恤 黑色 L",
        "quantity": "1",
        "price": "99.00",
        "order_amount": "109.00",
        "paid": "109.00",
        "status": "等待出库",
        "created": "2026-11-21 09:00:00",
        "paid_at": "2026-11-21 09:01:00",
        "receiver": "李四",
        "address": "上海上海市浦东新区世纪大道1号",
        "phone": "13900002222",
        "message": "",
        "memo": "",
        "merchant_code": "TEE-BLK-L",
        "shipping": "10.00",
        "carrier": "",
        "tracking": "",
    }
    return _row(JD_COLUMNS, {**defaults, **values})


def csv_bytes(header: list[str], rows: list[list[Any]], *, encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def _xlsx_cell(cell: Any) -> Any:
    # In a workbook the number is simply a text cell; ="…" is the CSV export's way of saying so.
    if isinstance(cell, str) and cell.startswith('="'):
        return cell[2:-1]
    return None if cell == "" else cell


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(kind: str, header: list[str], rows: list[list[Any]], name: str = "orders") -> SimpleUploadedFile:
    content = csv_bytes(header, rows, encoding="gbk") if kind == "csv" else xlsx_bytes(header, rows)
    return SimpleUploadedFile(f"{name}.{'csv' if kind == 'csv' else 'xlsx'}", content)
