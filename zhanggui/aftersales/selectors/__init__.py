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
from .money import LineMoney, OrderMoney, line_paid_shares, order_money
from .rules import aftersales_rules

# --- console (as-console) ---
from .handlers import case_handlers  # noqa: E402
from .timeline import CaseTimelineEntry, case_timeline  # noqa: E402

__all__ = [
    "AWAITING_INSPECTION",
    "DUE_SOON",
    "OPEN_STATUS",
    "OVERDUE",
    "LineMoney",
    "OrderMoney",
    "aftersales_rules",
    "case_get",
    "case_list",
    "cases_of_order",
    "due_filter",
    "line_paid_shares",
    "open_case_counts",
    "order_money",
    "unanswered_count",
    # console (as-console)
    "CaseTimelineEntry",
    "case_handlers",
    "case_timeline",
]
