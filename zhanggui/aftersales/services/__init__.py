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
from .goods import case_batch_receive, case_inspect, case_receive, case_restock, case_return_ship
from .platform import PlatformCaseData, PlatformStage, case_platform_sync
from .refunds import refund_issue, shipping_refund_due
from .replacements import case_repair_return, case_repair_send, case_replace

__all__ = [
    "CaseLineInput",
    "PlatformCaseData",
    "PlatformStage",
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
    "case_platform_sync",
    "case_receive",
    "case_reject",
    "case_repair_return",
    "case_repair_send",
    "case_replace",
    "case_restock",
    "case_return_ship",
    "case_review_start",
    "refund_issue",
    "shipping_refund_due",
]
