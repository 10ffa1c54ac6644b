"""The after-sales files we read: Taobao/Tmall's refund export (退款管理 导出), JD's service orders
(服务单) and our generic fields for a store's own spreadsheet; their status and type texts.

Every layout names a header for the same keys, so one validator reads them all. The Taobao headers
are confirmed from real exports; JD's are inferred from its open-platform API fields (docs/imports.md).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhanggui.core.imports import ImportColumn

from ..selectors.platform import text_key
from ..services.platform import PlatformStage
from ..states import CaseType

P, T = PlatformStage, CaseType
TAOBAO, JD, GENERIC = "taobao", "jd", "generic"

TAOBAO_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("order_no", "订单编号", ("订单号", "主订单编号"), required=True),
    ImportColumn("case_no", "退款编号", ("退款单号", "退款ID"), required=True),
    ImportColumn("merchant_code", "商品编码", ("商家编码", "商家外部编码")),
    ImportColumn("title", "宝贝标题", ("商品标题",)),
    ImportColumn("amount", "买家退款金额", ("退款金额", "申请退款金额")),
    ImportColumn("return_needed", "是否需要退货", ("退款类型",)),
    ImportColumn("type", "售后类型"),
    ImportColumn("requested_at", "退款的申请时间", ("退款申请时间", "申请时间"), required=True),
    ImportColumn("respond_by", "超时时间"),
    ImportColumn("status", "退款状态", (), required=True),
    ImportColumn("return_info", "退货物流信息"),
    ImportColumn("tracking_no", "退货物流单号", ("退货运单号",)),
    ImportColumn("carrier", "退货物流公司", ("退货快递公司",)),
    ImportColumn("reason", "买家退款原因", ("退款原因",)),
    ImportColumn("description", "买家退款说明", ("退款说明",)),
    ImportColumn("return_shipped_at", "买家退货时间", ("退货时间",)),
)

JD_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("case_no", "服务单号", ("服务单编号",), required=True),
    ImportColumn("order_no", "订单号", ("订单编号",), required=True),
    ImportColumn("sku_id", "商品编号", ("商品ID", "SKU")),
    ImportColumn("merchant_code", "商家SKUID", ("商家编码", "商家SKU编码")),
    ImportColumn("title", "商品名称"),
    ImportColumn("type", "服务类型", ("客户期望", "客户期望处理方式", "售后类型"), required=True),
    ImportColumn("requested_at", "申请时间", (), required=True),
    ImportColumn("respond_by", "审核超时时间", ("超时时间",)),
    ImportColumn("status", "服务单状态", ("审核状态",), required=True),
    ImportColumn("reason", "申请原因"),
    ImportColumn("description", "问题描述"),
    ImportColumn("quantity", "申请数量", ("数量",)),
    ImportColumn("amount", "退款金额", ("实付金额",)),
    ImportColumn("tracking_no", "运单号", ("快递单号",)),
    ImportColumn("carrier", "快递公司"),
)

# Our fields of a store's own after-sales spreadsheet: key → (label, required).
GENERIC_FIELDS: dict[str, tuple[Any, bool]] = {
    "case_no": (_("Platform request number"), True),
    "order_no": (_("Order number"), True),
    "merchant_code": (_("Merchant code (SKU)"), False),
    "title": (_("Product title"), False),
    "type": (_("After-sales type"), True),
    "status": (_("Status"), True),
    "requested_at": (_("Requested at"), True),
    "respond_by": (_("Answer by (platform deadline)"), False),
    "reason": (_("Reason"), False),
    "description": (_("Buyer's description"), False),
    "quantity": (_("Quantity"), False),
    "amount": (_("Refund amount"), False),
    "carrier": (_("Return carrier"), False),
    "tracking_no": (_("Return tracking number"), False),
    "return_shipped_at": (_("Return shipped at"), False),
}
GENERIC_REQUIRED = tuple(key for key, (_label, required) in GENERIC_FIELDS.items() if required)

# 退款状态 of Taobao's export (the API's status codes too, for the webhook and generic files).
TAOBAO_STATUSES: dict[str, str] = {
    "买家已经申请退款，等待卖家同意": P.REQUESTED,
    "WAIT_SELLER_AGREE": P.REQUESTED,
    "卖家已经同意退款，等待买家退货": P.AGREED,
    "WAIT_BUYER_RETURN_GOODS": P.AGREED,
    "买家已经退货，等待卖家确认收货": P.RETURN_SHIPPED,
    "WAIT_SELLER_CONFIRM_GOODS": P.RETURN_SHIPPED,
    "卖家拒绝退款": P.REFUSED,
    "SELLER_REFUSE_BUYER": P.REFUSED,
    "退款关闭": P.CLOSED,
    "CLOSED": P.CLOSED,
    "退款成功": P.REFUNDED,
    "SUCCESS": P.REFUNDED,
}
# 服务单状态 of JD (texts seen on its seller pages; inferred, docs/imports.md).
JD_STATUSES: dict[str, str] = {
    "待审核": P.REQUESTED,
    "审核中": P.REQUESTED,
    "申请阶段": P.REQUESTED,
    "审核通过": P.AGREED,
    "待寄回": P.AGREED,
    "待用户寄回": P.AGREED,
    "待收货": P.RETURN_SHIPPED,
    "商家收货": P.RETURN_SHIPPED,
    "处理中": P.RETURN_SHIPPED,
    "退款中": P.RETURN_SHIPPED,
    "审核不通过": P.REFUSED,
    "已驳回": P.REFUSED,
    "已取消": P.CLOSED,
    "已关闭": P.CLOSED,
    "取消": P.CLOSED,
    "退款成功": P.REFUNDED,
    "已完成": P.REFUNDED,
    "完成": P.REFUNDED,
}
OUR_STATUSES: dict[str, str] = {
    **{stage: stage for stage in (P.REQUESTED, P.AGREED, P.RETURN_SHIPPED, P.REFUSED, P.CLOSED, P.REFUNDED)},
    "待处理": P.REQUESTED,
    "已同意": P.AGREED,
    "待买家退货": P.AGREED,
    "买家已退货": P.RETURN_SHIPPED,
    "已拒绝": P.REFUSED,
    "已退款": P.REFUNDED,
}

TYPES: dict[str, str] = {
    **{value: value for value in T.values},
    "仅退款": T.REFUND_ONLY,
    "退款": T.REFUND_ONLY,
    "售前退款": T.REFUND_ONLY,
    "退货退款": T.RETURN_REFUND,
    "退货": T.RETURN_REFUND,
    "换货": T.EXCHANGE,
    "维修": T.REPAIR,
    "补发": T.REISSUE,
    "10": T.RETURN_REFUND,  # JD customerExpect codes
    "20": T.EXCHANGE,
    "30": T.REPAIR,
}
RETURN_NEEDED = {"是": True, "需要": True, "true": True, "否": False, "不需要": False, "false": False}


def table(*tables: dict[str, str]) -> dict[str, str]:
    """Texts by ``text_key``, so spacing, case and full- or half-width punctuation do not matter."""
    return {text_key(text): value for each in tables for text, value in each.items()}


STATUS_TABLES: dict[str, dict[str, str]] = {
    TAOBAO: table(TAOBAO_STATUSES),
    JD: table(JD_STATUSES),
    GENERIC: table(OUR_STATUSES, TAOBAO_STATUSES, JD_STATUSES),
}
TYPE_TABLE = table(TYPES)
RETURN_NEEDED_TABLE = {text_key(text): value for text, value in RETURN_NEEDED.items()}

FORMAT_LABELS: dict[str, Any] = {
    TAOBAO: _("Taobao / Tmall refund export (退款管理)"),
    JD: _("JD service orders (服务单)"),
    GENERIC: _("Other spreadsheet (column mapping)"),
}
