"""Plain tables of the orders context that several layers share: the defaults of the per-store order
rules, the anomaly codes and their labels, the carriers and the shape of their tracking numbers."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- defaults of the per-store order rules (``OrderSettings`` overrides them per store) ----------
UNPAID_TIMEOUT_MINUTES = 72 * 60  # unpaid orders close after 72 hours
REVIEW_AMOUNT_THRESHOLD = Decimal("2000.00")  # paid amounts above this are checked by a clerk
# Buyer messages asking for something a clerk must handle before the parcel leaves.
REVIEW_KEYWORDS: tuple[str, ...] = ("改地址", "加急", "发票", "换颜色", "换尺码", "别发")
SHIP_SLA_HOURS = 48  # paid orders should leave within two days
MERGE_WINDOW_HOURS = 24  # orders of one buyer or address this close together may ship as one parcel
STUCK_SHIPMENT_DAYS = 3  # a parcel with no tracking news for this long is an anomaly
AUTO_COMPLETE_DAYS = 10  # delivered orders complete on their own after this long, as on Taobao


# --- anomalies (异常) ------------------------------------------------------------------------------
# What went wrong with an order after review, kept as codes in ``Order.anomalies``. An anomaly stays
# on the order until a clerk resolves it with a remark (or, for a stuck shipment, until the parcel
# moves again). The codes are stable; labels are what clerks read.
ADDRESS_CHANGED_AFTER_PAYMENT = "address_changed_after_payment"
MANUAL_PRICE_CHANGE = "manual_price_change"
STUCK_SHIPMENT = "stuck_shipment"

ANOMALY_LABELS: dict[str, Promise] = {
    ADDRESS_CHANGED_AFTER_PAYMENT: _("Address changed after payment"),
    MANUAL_PRICE_CHANGE: _("Price changed by hand"),
    STUCK_SHIPMENT: _("Shipment without tracking news"),
}

ANOMALY_CHOICES: list[tuple[str, Promise]] = list(ANOMALY_LABELS.items())


def anomaly_label(code: str) -> str:
    """The clerk-facing label of ``code`` (the code itself if it is unknown, e.g. retired)."""
    label = ANOMALY_LABELS.get(code)
    return str(label) if label is not None else code


# --- carriers (快递公司) and the shape of their tracking numbers (物流单号) ---------------------------
# The patterns follow the numbers the carriers print on their waybills today; they catch typos and
# numbers pasted into the wrong carrier, not every number a carrier could ever issue.
CARRIERS: dict[str, tuple[Promise, re.Pattern[str]]] = {
    # 顺丰: SF + 12 or 13 digits (SF1234567890123); older waybills are 12 digits.
    "SF": (_("SF Express"), re.compile(r"(SF\d{12,13}|\d{12})")),
    # 中通: 12 to 15 digits (e.g. 78 or 75 + 12 digits).
    "ZTO": (_("ZTO Express"), re.compile(r"\d{12,15}")),
    # 圆通: YT + 13 digits (YT6123456789012).
    "YTO": (_("YTO Express"), re.compile(r"YT\d{13}")),
    # 申通: 77 + 11 to 13 digits (773012345678901), or ST + digits.
    "STO": (_("STO Express"), re.compile(r"(77\d{11,13}|ST\d{10,13})")),
    # 韵达: 13 or 15 digits.
    "YUNDA": (_("Yunda Express"), re.compile(r"(\d{13}|\d{15})")),
    # 京东: JD + 13 to 16 letters or digits (JDVA01234567890, JDX012345678901).
    "JD": (_("JD Logistics"), re.compile(r"JD[A-Z0-9]{11,16}")),
    # EMS: the UPU format (two letters, nine digits, CN: EA123456789CN) or 11/13 digits.
    "EMS": (_("China Post EMS"), re.compile(r"([A-Z]{2}\d{9}CN|\d{13}|\d{11})")),
}

OTHER_TRACKING_NUMBER = re.compile(r"[A-Z0-9]{6,30}")  # any other carrier: 6–30 letters or digits

# Carrier names as clerks and platform exports write them → our carrier codes; keys are lower
# case without spaces (see ``carrier_by_name``).
CARRIER_NAMES: dict[str, str] = {
    "顺丰": "SF",
    "顺丰速运": "SF",
    "顺丰快递": "SF",
    "中通": "ZTO",
    "中通快递": "ZTO",
    "圆通": "YTO",
    "圆通速递": "YTO",
    "圆通快递": "YTO",
    "申通": "STO",
    "申通快递": "STO",
    "韵达": "YUNDA",
    "韵达快递": "YUNDA",
    "韵达速递": "YUNDA",
    "京东": "JD",
    "京东快递": "JD",
    "京东物流": "JD",
    "ems": "EMS",
    "邮政ems": "EMS",
    "中国邮政ems": "EMS",
    "ems快递": "EMS",
    "极兔": "JTSD",
    "极兔速递": "JTSD",
    "德邦": "DBL",
    "德邦快递": "DBL",
}


def carrier_label(code: str) -> str:
    known = CARRIERS.get(code)
    return str(known[0]) if known else code


def tracking_number_valid(carrier: str, tracking_no: str) -> bool:
    pattern = CARRIERS[carrier][1] if carrier in CARRIERS else OTHER_TRACKING_NUMBER
    return pattern.fullmatch(tracking_no) is not None


def carrier_by_name(name: str) -> str | None:
    """Our code for a carrier named as files write it (中通快递, 邮政 EMS), or None."""
    return CARRIER_NAMES.get("".join(name.split()).lower())


# --- how people read the audit actions of this context (the audit log, the order timeline) ---------
AUDIT_ACTIONS: dict[str, Promise] = {
    "orders.blacklist.add": _("Add buyer to blacklist"),
    "orders.blacklist.remove": _("Remove buyer from blacklist"),
    "orders.import": _("Import orders"),
    "orders.import_mapping.save": _("Save import column mapping"),
    "orders.order.address_change": _("Change receiver address"),
    "orders.order.anomaly_clear": _("Clear anomaly"),
    "orders.order.anomaly_raise": _("Flag anomaly"),
    "orders.order.anomaly_resolve": _("Resolve anomaly"),
    "orders.order.approve": _("Approve order"),
    "orders.order.cancel": _("Cancel order"),
    "orders.order.close_unpaid": _("Close unpaid order"),
    "orders.order.complete": _("Complete order"),
    "orders.order.create": _("Receive order"),
    "orders.order.deliver": _("Mark order delivered"),
    "orders.order.export": _("Export orders"),
    "orders.order.hold": _("Keep order held"),
    "orders.order.line_sku_change": _("Change order line SKU"),
    "orders.order.memo_set": _("Set seller memo"),
    "orders.order.pay": _("Order paid"),
    "orders.order.price_adjust": _("Adjust order price"),
    "orders.order.refund_record": _("Record platform refund"),
    "orders.order.refund": _("Refund order (after-sales)"),
    "orders.order.ship": _("Ship order"),
    "orders.order.shipping_fee_change": _("Change shipping fee"),
    "orders.order.sync": _("Update order from platform"),
    "orders.rating.create": _("Add store rating"),
    "orders.rating.import": _("Import store ratings"),
    "orders.rating.update": _("Update store rating"),
    "orders.settings.update": _("Change order rules"),
    "orders.shipment.tracking_add": _("Add tracking event"),
    "orders.shipment.tracking_import": _("Import tracking events"),
    "orders.tracking_pool.add": _("Add tracking numbers to the pool"),
}
