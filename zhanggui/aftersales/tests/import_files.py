"""Building after-sales export files (Taobao refunds, JD service orders, generic) and running imports
through the API, for the import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

BASE = "/api/v1/aftersales/imports"

# Taobao's 退款管理 export, in its own column order (with columns we do not read).
TAOBAO_HEADER = [
    *("订单编号", "退款编号", "支付宝交易号", "订单付款时间", "商品id", "商品编码", "退款完结时间", "买家会员名称"),
    *("买家实际支付金额", "宝贝标题", "买家退款金额", "手工退款/系统退款", "是否需要退货", "退款的申请时间"),
    *("超时时间", "退款状态", "货物状态", "退货物流信息", "发货物流信息", "客服介入状态", "退货物流单号"),
    *("退货物流公司", "买家退款原因", "买家退款说明", "买家退货时间", "售中或售后"),
]
JD_HEADER = [
    *("服务单号", "订单号", "商品编号", "商品名称", "服务类型", "申请时间", "服务单状态", "申请原因"),
    *("问题描述", "申请数量", "退款金额", "运单号", "快递公司"),
]


def taobao_row(refund_no: str, order_no: str = "T1001", **values: Any) -> list[str]:
    """A row as Taobao exports it: numbers as ="…", 退款编号 unique per refund."""
    row = {
        "订单编号": f'="{order_no}"',
        "退款编号": f'="{refund_no}"',
        "支付宝交易号": '="2026112022001100001234567890"',
        "订单付款时间": "2026-11-20 10:16:02",
        "商品id": "700012345678",
        "商品编码": "TEE-BLK-L",
        "买家会员名称": "tb_小王",
        "买家实际支付金额": "287.30",
        "宝贝标题": "纯棉T恤",
        "买家退款金额": "92.43",
        "手工退款/系统退款": "系统退款",
        "是否需要退货": "是",
        "退款的申请时间": "2026-11-25 09:00:00",
        "超时时间": "2026-11-27 09:00:00",
        "退款状态": "买家已经申请退款，等待卖家同意",
        "货物状态": "买家已收到货",
        "客服介入状态": "不需客服介入",
        "买家退款原因": "尺码不合适",
        "买家退款说明": "偏小一码",
        "售中或售后": "售后",
    }
    row.update(values)
    assert set(row) <= set(TAOBAO_HEADER), set(row) - set(TAOBAO_HEADER)
    return [row.get(header, "") for header in TAOBAO_HEADER]


def jd_row(service_no: str, order_no: str = "T1001", **values: Any) -> list[str]:
    row = {
        "服务单号": service_no,
        "订单号": order_no,
        "商品编号": "TEE-BLK-L",
        "商品名称": "纯棉T恤 黑色 L",
        "服务类型": "退货",
        "申请时间": "2026-11-25 09:00:00",
        "服务单状态": "待审核",
        "申请原因": "七天无理由",
        "问题描述": "不喜欢",
        "申请数量": "1",
        "退款金额": "92.43",
    }
    row.update(values)
    assert set(row) <= set(JD_HEADER), set(row) - set(JD_HEADER)
    return [row.get(header, "") for header in JD_HEADER]


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


def upload(kind: str, header: list[str], rows: list[list[Any]], name: str = "refunds") -> SimpleUploadedFile:
    """``kind`` gbk (Taobao's CSV), bom (UTF-8 with BOM) or xlsx."""
    if kind == "xlsx":
        return SimpleUploadedFile(f"{name}.xlsx", xlsx_bytes(header, rows))
    encoding = "gbk" if kind == "gbk" else "utf-8-sig"
    return SimpleUploadedFile(f"{name}.csv", csv_bytes(header, rows, encoding=encoding))


def check(client: Any, capture: Any, file: Any, *, store: Any, file_format: str, **extra: Any) -> dict[str, Any]:
    """Upload and check a file through the API; the job as previewed."""
    with capture(execute=True):
        response = client.post(BASE, {"store_id": store.pk, "format": file_format, "file": file, **extra})
    assert response.status_code == 202, response.content
    return client.get(f"{BASE}/{response.json()['id']}").json()


def confirm(client: Any, capture: Any, job_id: int, *, skip_invalid: bool = False) -> dict[str, Any]:
    query = "?skip_invalid=true" if skip_invalid else ""
    with capture(execute=True):
        response = client.post(f"{BASE}/{job_id}/confirm{query}")
    assert response.status_code == 200, response.content
    return client.get(f"{BASE}/{job_id}").json()
