"""Plain tables of the after-sales context: the defaults of the per-store after-sales rules, the reason
taxonomy the demo and a new shop start from, and the audit actions' labels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

# --- defaults of the per-store after-sales rules (``AftersalesSettings`` overrides them per store) ---
# Taobao and Tmall agree a request the seller has not answered within 48 hours (JD: 48 hours too).
RESPONSE_HOURS = 48
RETURN_SHIP_DAYS = 7  # the buyer sends the goods back within 7 days of the agreement, or the case lapses
RECEIVE_DAYS = 10  # after the buyer ships the return, the seller confirms receipt within 10 days
INSPECT_HOURS = 24  # the warehouse inspects received goods within a day
RESOLVE_HOURS = 24  # refund, replace or send back within a day of the inspection
REISSUE_SHIP_HOURS = 48  # a reissue or an exchange leaves within two days, like any order
CLOSE_AFTER_DAYS = 7  # a resolved case stays open for questions this long, then closes by itself
REMIND_BEFORE_HOURS = 4  # the handler is reminded this long before a step falls due
AUTO_APPROVE_MAX_AMOUNT = Decimal("0.00")  # no automatic approval until a store sets an amount
AUTO_APPROVE_MAX_BUYER_CASES = 2  # the buyer's cases in the last 90 days, this one excluded
AUTO_APPROVE_LOOKBACK_DAYS = 90
RETURN_RATE_THRESHOLD = Decimal("5.00")  # percent of the units sold in the period
RETURN_RATE_MIN_UNITS = 20  # too few sales say nothing about a SKU
RETURN_RATE_PERIOD_DAYS = 30

# The reasons a shop starts with: code, label, who is responsible. The labels are what the
# platforms show buyers, so staff recognise them in imported files.
DEFAULT_REASONS: tuple[tuple[str, str, str], ...] = (
    ("quality", "质量问题", "merchant"),
    ("size", "尺码不合适", "buyer"),
    ("not_as_described", "颜色/款式与描述不符", "merchant"),
    ("wrong_item", "发错货", "merchant"),
    ("missing_item", "少件/漏发", "merchant"),
    ("damaged_in_transit", "物流破损", "carrier"),
    ("no_reason", "七天无理由退换货", "buyer"),
    ("changed_mind", "不想要了", "buyer"),
    ("not_received", "未收到货", "carrier"),
    ("late_shipment", "未按约定时间发货", "merchant"),
    ("faulty", "商品故障/需要维修", "merchant"),
    ("other", "其他", "buyer"),
)


def default_reasons_add(reason_model: Any) -> None:
    """Add the default reasons a database lacks (by code); reasons staff changed stay as they are.

    Run by the migration that seeds them and after every ``migrate`` or ``flush`` (post_migrate), so
    a database emptied by a test's flush has them again, as Django restores its content types."""
    for position, (code, name, responsibility) in enumerate(DEFAULT_REASONS):
        reason_model.objects.get_or_create(
            code=code, defaults={"name": name, "responsibility": responsibility, "sort_order": position * 10}
        )


AUDIT_ACTIONS = {
    "aftersales.case.create": _("Create after-sales case"),
    "aftersales.case.review": _("Start reviewing after-sales case"),
    "aftersales.case.approve": _("Approve after-sales case"),
    "aftersales.case.reject": _("Refuse after-sales case"),
    "aftersales.case.assign": _("Assign after-sales case"),
    "aftersales.case.return_ship": _("Record return tracking number"),
    "aftersales.case.receive": _("Receive returned goods"),
    "aftersales.case.inspect": _("Inspect returned goods"),
    "aftersales.case.restock": _("Restock returned goods"),
    "aftersales.case.refund": _("Refund after-sales case"),
    "aftersales.case.replace": _("Create replacement order"),
    "aftersales.case.replacement_ship": _("Ship replacement"),
    "aftersales.case.repair_send": _("Send item for repair"),
    "aftersales.case.repair_return": _("Send repaired item back"),
    "aftersales.case.close": _("Close after-sales case"),
    "aftersales.case.evidence_add": _("Add evidence photo"),
    "aftersales.case.message": _("Send guidance to buyer"),
    "aftersales.case.remind": _("Remind about due after-sales step"),
    "aftersales.reason.create": _("Create after-sales reason"),
    "aftersales.reason.update": _("Change after-sales reason"),
    "aftersales.settings.update": _("Change after-sales rules"),
    "aftersales.sku.return_rate_flag": _("Flag SKU return rate"),
    "aftersales.sku.return_rate_acknowledge": _("Acknowledge SKU return-rate flag"),
    # --- imports of platform requests ---
    "aftersales.import": _("Import after-sales requests"),
    # --- the report's export ---
    "aftersales.report.export": _("Export after-sales report"),
}

# --- requests coming in from the platforms (file imports, webhooks) ---
# Reason texts the platforms show buyers that are worded differently from our reasons' names
# (compared without spaces and punctuation). A text matching neither is the "other" reason, and the
# text is kept in the case's description.
PLATFORM_REASON_ALIASES: dict[str, str] = {
    "七天无理由": "no_reason",
    "7天无理由退换货": "no_reason",
    "7天无理由": "no_reason",
    "七天无理由退货": "no_reason",
    "大小/尺寸与商品描述不符": "size",
    "尺码拍错/不喜欢/效果差": "size",
    "尺寸拍错/不喜欢/效果不好": "size",
    "颜色/图案/款式与商品描述不符": "not_as_described",
    "材质与商品描述不符": "not_as_described",
    "与商品描述不符": "not_as_described",
    "卖家发错货": "wrong_item",
    "少件/漏发": "missing_item",
    "少件": "missing_item",
    "商品破损/少件": "damaged_in_transit",
    "包装/商品破损/污渍": "damaged_in_transit",
    "快递/物流一直未送到": "not_received",
    "快递一直未送达": "not_received",
    "未收到货": "not_received",
    "多拍/拍错/不想要": "changed_mind",
    "拍错/多拍": "changed_mind",
    "买错了": "changed_mind",
    "不想要了": "changed_mind",
    "不喜欢/效果不好": "changed_mind",
    "未按约定时间发货": "late_shipment",
    "商品质量问题": "quality",
    "质量问题": "quality",
    "商品故障": "faulty",
}
OTHER_REASON = "other"
