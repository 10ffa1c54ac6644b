"""Writes of the after-sales context. Every service checks permission and scope and writes one audit
row; refunds and replacement orders reach the orders context through its services.

Other contexts import from here: ``from zhanggui.aftersales.services import case_create``.
"""

from .cases import CaseLineInput, case_create
from .decisions import (
    auto_approval_rule,
    case_agree_expired,
    case_approve,
    case_assign,
    case_batch_approve,
    case_batch_reject,
    case_close,
    case_close_resolved_expired,
    case_reject,
    case_review_start,
)
from .evidence import MAX_EVIDENCE_PER_CASE, evidence_add
from .goods import case_batch_receive, case_inspect, case_receive, case_restock, case_return_ship
from .messages import case_message_send
from .platform import PlatformCaseData, PlatformStage, case_platform_sync
from .reasons import reason_create, reason_update
from .refunds import refund_issue, shipping_refund_due
from .reminders import case_remind_due
from .replacements import case_repair_return, case_repair_send, case_replace
from .report import aftersales_report_export
from .return_rates import return_rate_flag_acknowledge, return_rate_scan
from .settings import aftersales_settings_update

__all__ = [
    "MAX_EVIDENCE_PER_CASE",
    "CaseLineInput",
    "PlatformCaseData",
    "PlatformStage",
    "aftersales_report_export",
    "aftersales_settings_update",
    "auto_approval_rule",
    "case_agree_expired",
    "case_approve",
    "case_assign",
    "case_batch_approve",
    "case_batch_receive",
    "case_batch_reject",
    "case_close",
    "case_close_resolved_expired",
    "case_create",
    "case_inspect",
    "case_message_send",
    "case_platform_sync",
    "case_receive",
    "case_reject",
    "case_remind_due",
    "case_repair_return",
    "case_repair_send",
    "case_replace",
    "case_restock",
    "case_return_ship",
    "case_review_start",
    "evidence_add",
    "reason_create",
    "reason_update",
    "refund_issue",
    "return_rate_flag_acknowledge",
    "return_rate_scan",
    "shipping_refund_due",
]
