"""Reads of the orders context, the only read surface; one module per area, re-exported here.

Other contexts import from here: ``from zhanggui.orders.selectors import order_list``.
"""

from .blacklist import blacklist_entry_get, blacklist_list
from .checklist import opening_checklist
from .orders import order_get, order_list, review_queue
from .ratings import rating_get, rating_list
from .settings import order_settings_get
from .timeline import order_timeline

__all__ = [
    "blacklist_entry_get",
    "blacklist_list",
    "opening_checklist",
    "order_get",
    "order_list",
    "order_settings_get",
    "order_timeline",
    "rating_get",
    "rating_list",
    "review_queue",
]
