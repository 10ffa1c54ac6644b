"""The order files we read: Taobao/Tmall's pair (orders + lines), JD's export, and our generic fields.

Column keys are shared: JD's layout and a store's saved generic mapping are both a header for
each generic field, so one validator reads them; Taobao's pair has its own order and line keys.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhanggui.core.imports import ImportColumn

from ..states import OrderStatus

S = OrderStatus

TAOBAO, JD, GENERIC = "taobao", "jd", "generic"

TAOBAO_ORDER_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("order_no", "订单编号", ("订单号", "主订单编号"), required=True),
    ImportColumn("buyer", "买家会员名", ("买家昵称",), required=True),
    ImportColumn("alipay", "买家支付宝账号"),
    ImportColumn("goods", "买家应付货款"),
    ImportColumn("shipping", "买家应付邮费", ("邮费",)),
    ImportColumn("total", "总金额", ("应付金额",)),
    ImportColumn("paid", "买家实际支付金额", ("实付金额",)),
    ImportColumn("status", "订单状态", (), required=True),
    ImportColumn("message", "买家留言"),
    ImportColumn("receiver", "收货人姓名"),
    ImportColumn("address", "收货地址"),
    ImportColumn("phone", "联系手机", ("联系电话", "手机")),
    ImportColumn("created", "订单创建时间", ("创建时间", "下单时间"), required=True),
    ImportColumn("paid_at", "订单付款时间", ("付款时间",)),
    ImportColumn("titles", "宝贝标题"),
    ImportColumn("kinds", "宝贝种类"),
    ImportColumn("tracking", "物流单号", ("运单号",)),
    ImportColumn("carrier", "物流公司"),
    ImportColumn("memo", "订单备注", ("卖家备注",)),
    ImportColumn("quantity", "宝贝总数量"),
    ImportColumn("refunded", "退款金额"),
    ImportColumn("shipped_at", "发货时间"),
    ImportColumn("completed_at", "确认收货时间", ("交易成功时间",)),
    ImportColumn("close_reason", "订单关闭原因", ("关闭原因",)),
)

TAOBAO_LINE_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("order_no", "订单编号", ("订单号", "主订单编号"), required=True),
    ImportColumn("title", "标题", ("宝贝标题", "商品标题"), required=True),
    ImportColumn("price", "价格", ("单价",), required=True),
    ImportColumn("quantity", "购买数量", ("数量",), required=True),
    ImportColumn("external", "外部系统编号"),
    ImportColumn("attributes", "商品属性", ("销售属性",)),
    ImportColumn("package", "套餐信息"),
    ImportColumn("note", "备注"),
    ImportColumn("status", "订单状态"),
    ImportColumn("merchant_code", "商家编码", ("商家外部编码",)),
)

# Our fields of a one-row-per-line file: key → (label, required). JD's columns and the generic
# mapping both name a header for these keys.
GENERIC_FIELDS: dict[str, tuple[Any, bool]] = {
    "order_no": (_("Order number"), True),
    "buyer": (_("Buyer nickname"), True),
    "status": (_("Order status"), True),
    "created": (_("Order time"), True),
    "paid_at": (_("Payment time"), False),
    "shipped_at": (_("Shipping time"), False),
    "delivered_at": (_("Delivery time"), False),
    "completed_at": (_("Completion time"), False),
    "closed_at": (_("Closing time"), False),
    "close_reason": (_("Close reason"), False),
    "title": (_("Product title"), True),
    "merchant_code": (_("Merchant code (SKU)"), False),
    "attributes": (_("Product attributes"), False),
    "price": (_("Unit price"), True),
    "quantity": (_("Quantity"), True),
    "discount": (_("Line discount"), False),
    "shipping": (_("Shipping fee"), False),
    "paid": (_("Paid amount"), False),
    "refunded": (_("Refunded amount"), False),
    "receiver": (_("Receiver"), False),
    "phone": (_("Receiver phone"), False),
    "address": (_("Full address"), False),
    "province": (_("Province"), False),
    "city": (_("City"), False),
    "district": (_("District"), False),
    "detail": (_("Street address"), False),
    "message": (_("Buyer message"), False),
    "memo": (_("Seller memo"), False),
    "carrier": (_("Carrier"), False),
    "tracking": (_("Tracking number"), False),
}
GENERIC_REQUIRED = tuple(key for key, (_label, required) in GENERIC_FIELDS.items() if required)

JD_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("order_no", "订单号", ("订单编号",), required=True),
    # JD exports have no buyer nickname column in every layout: the account, else the customer.
    ImportColumn("buyer", "下单帐号", ("下单账号", "客户账号")),
    ImportColumn("sku_id", "商品ID", ("商品编号", "SKU")),
    ImportColumn("title", "商品名称", (), required=True),
    ImportColumn("quantity", "订购数量", ("数量",), required=True),
    ImportColumn("price", "京东价", ("单价",), required=True),
    ImportColumn("order_amount", "订单金额"),
    ImportColumn("paid", "应付金额", ("实付金额",)),
    ImportColumn("status", "订单状态", (), required=True),
    ImportColumn("created", "下单时间", (), required=True),
    ImportColumn("paid_at", "付款确认时间", ("付款时间",)),
    ImportColumn("receiver", "客户姓名", ("收货人",), required=True),
    ImportColumn("address", "客户地址", ("收货地址",)),
    ImportColumn("phone", "联系电话", ("联系手机",)),
    ImportColumn("message", "订单备注", ("客户留言",)),
    ImportColumn("memo", "商家备注", ("卖家备注",)),
    ImportColumn("merchant_code", "商家SKUID", ("商家编码", "商家SKU编码")),
    ImportColumn("shipping", "运费金额", ("运费",)),
    ImportColumn("carrier", "快递公司", ("承运商",)),
    ImportColumn("tracking", "运单号", ("快递单号",)),
    ImportColumn("shipped_at", "出库时间", ("发货时间",)),
    ImportColumn("completed_at", "订单完成时间", ("完成时间",)),
)

# Not an order status: a platform's "refunded" closes a paid order, its refund the reported amount or
# all that was paid (``validation``; docs/imports.md).
REFUNDED = "refunded"

# Status texts of the platforms' exports, compared without spaces and punctuation (see ``status_key``).
TAOBAO_STATUSES: dict[str, str] = {
    "等待买家付款": S.PENDING_PAYMENT,
    "买家已付款，等待卖家发货": S.PAID,
    "买家已付款": S.PAID,
    "等待卖家发货": S.PAID,
    "等待卖家发货,即:买家已付款": S.PAID,
    "卖家部分发货": S.PAID,
    "卖家已发货，等待买家确认": S.SHIPPED,
    "卖家已发货": S.SHIPPED,
    "等待买家确认收货": S.SHIPPED,
    "等待买家确认收货,即:卖家已发货": S.SHIPPED,
    "买家已签收": S.DELIVERED,
    "交易成功": S.COMPLETED,
    "交易关闭": S.CLOSED,
    "交易关闭(退款)": REFUNDED,
    "退款成功": REFUNDED,
    "退款中": S.PAID,  # asked for, not refunded yet: the order keeps the progress we know
    "交易自动关闭": S.CLOSED,
    "付款以前，卖家或买家主动关闭交易": S.CLOSED,
}
JD_STATUSES: dict[str, str] = {
    "等待付款": S.PENDING_PAYMENT,
    "等待付款确认": S.PENDING_PAYMENT,
    "等待出库": S.PAID,
    "暂停": S.PAID,
    "锁定": S.PAID,
    "等待确认收货": S.SHIPPED,
    "已出库": S.SHIPPED,
    "配送退货": S.SHIPPED,
    "完成": S.COMPLETED,
    "已完成": S.COMPLETED,
    "退款成功": REFUNDED,
    "已取消": S.CLOSED,
    "取消": S.CLOSED,
    "删除": S.CLOSED,
}
# A generic file may use our codes, our Chinese status names, or either platform's texts.
OUR_STATUSES: dict[str, str] = {
    **{value: value for value in S.values},
    "待付款": S.PENDING_PAYMENT,
    "已付款": S.PAID,
    "待发货": S.PAID,
    "已发货": S.SHIPPED,
    "已签收": S.DELIVERED,
    "交易成功": S.COMPLETED,
    "已关闭": S.CLOSED,
    REFUNDED: REFUNDED,
    "已退款": REFUNDED,
}

_STATUS_NOISE = str.maketrans("", "", " \u3000，,：:（）()")


def status_key(text: str) -> str:
    return text.translate(_STATUS_NOISE).lower()


def status_table(*tables: dict[str, str]) -> dict[str, str]:
    """Status texts by ``status_key``, so spacing and full- or half-width punctuation do not matter."""
    return {status_key(text): status for table in tables for text, status in table.items()}


STATUS_TABLES: dict[str, dict[str, str]] = {
    TAOBAO: status_table(TAOBAO_STATUSES),
    JD: status_table(JD_STATUSES),
    GENERIC: status_table(OUR_STATUSES, TAOBAO_STATUSES, JD_STATUSES),
}

FORMAT_LABELS: dict[str, Any] = {
    TAOBAO: _("Taobao / Tmall (order file + line file)"),
    JD: _("JD export"),
    GENERIC: _("Other spreadsheet (saved column mapping)"),
}
