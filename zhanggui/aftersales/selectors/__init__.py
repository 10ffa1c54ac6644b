"""Reads of the after-sales context."""

from .cases import (
    AWAITING_INSPECTION,
    DUE_SOON,
    OPEN_STATUS,
    OVERDUE,
    case_get,
    case_list,
    cases_of_order,
    due_filter,
    open_case_counts,
    unanswered_count,
)
from .defects import defect_by_reason, defect_by_sku, return_rate_flag_get, return_rate_flag_list
from .evidence import EvidenceFile, evidence_file, evidence_get, evidence_list
from .guidance import case_messages, guidance_for_case
from .handlers import case_handlers
from .money import LineMoney, OrderMoney, case_order_get, line_paid_shares, order_money, order_money_get
from .periods import Period
from .report import AftersalesReport, aftersales_report
from .rules import aftersales_rules
from .timeline import CaseTimelineEntry, case_timeline

__all__ = [
    "AWAITING_INSPECTION",
    "DUE_SOON",
    "OPEN_STATUS",
    "OVERDUE",
    "AftersalesReport",
    "CaseTimelineEntry",
    "EvidenceFile",
    "LineMoney",
    "OrderMoney",
    "Period",
    "aftersales_report",
    "aftersales_rules",
    "case_get",
    "case_handlers",
    "case_list",
    "case_messages",
    "case_order_get",
    "case_timeline",
    "cases_of_order",
    "defect_by_reason",
    "defect_by_sku",
    "due_filter",
    "evidence_file",
    "evidence_get",
    "evidence_list",
    "guidance_for_case",
    "line_paid_shares",
    "open_case_counts",
    "order_money",
    "order_money_get",
    "return_rate_flag_get",
    "return_rate_flag_list",
    "unanswered_count",
]
