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
from .handlers import case_handlers
from .money import LineMoney, OrderMoney, case_order_get, line_paid_shares, order_money, order_money_get
from .rules import aftersales_rules, reason_list
from .timeline import CaseTimelineEntry, case_timeline

__all__ = [
    "AWAITING_INSPECTION",
    "DUE_SOON",
    "OPEN_STATUS",
    "OVERDUE",
    "CaseTimelineEntry",
    "LineMoney",
    "OrderMoney",
    "aftersales_rules",
    "case_get",
    "case_handlers",
    "case_list",
    "case_order_get",
    "case_timeline",
    "cases_of_order",
    "due_filter",
    "line_paid_shares",
    "open_case_counts",
    "order_money",
    "order_money_get",
    "reason_list",
    "unanswered_count",
]
