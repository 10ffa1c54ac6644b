"""Reads of the orders context, the only read surface; one module per area, re-exported here.

Other contexts import from here: ``from zhanggui.orders.selectors import order_list``.
"""

from .blacklist import blacklist_entry_get, blacklist_list
from .checklist import ChecklistContext, ChecklistItem, SectionRule, checklist_section_register, opening_checklist
from .orders import (
    DUE_SOON,
    OVERDUE,
    order_get,
    order_list,
    paid_orders_by_hour,
    review_queue,
    sales_today,
    ship_due_filter,
)
from .paperwork import PoolCount, paperwork_orders, picking_list, tracking_pool_counts
from .ratings import rating_get, rating_list
from .refunds import buyer_blacklist_reasons, returnable_lines
from .settings import order_settings_get
from .timeline import order_timeline
from .tracking import shipments_by_tracking_no

__all__ = [
    "DUE_SOON",
    "OVERDUE",
    "ChecklistContext",
    "ChecklistItem",
    "PoolCount",
    "SectionRule",
    "blacklist_entry_get",
    "blacklist_list",
    "buyer_blacklist_reasons",
    "checklist_section_register",
    "opening_checklist",
    "order_get",
    "order_list",
    "order_settings_get",
    "order_timeline",
    "paid_orders_by_hour",
    "paperwork_orders",
    "picking_list",
    "rating_get",
    "rating_list",
    "returnable_lines",
    "review_queue",
    "sales_today",
    "ship_due_filter",
    "shipments_by_tracking_no",
    "tracking_pool_counts",
]
