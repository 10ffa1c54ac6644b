"""Background tasks of the orders context: thin wrappers around its services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import order_close_unpaid_expired, order_complete_delivered_expired, order_stuck_shipments_flag


@db_periodic_task(crontab(minute="*/5"))
def orders_close_unpaid_every_5_minutes() -> int:
    """Close unpaid orders past their store's payment timeout."""
    return order_close_unpaid_expired()


@db_periodic_task(crontab(minute="17"))
def orders_flag_stuck_shipments_hourly() -> int:
    """Flag shipments without tracking news for the store's number of days; clear moved ones."""
    return order_stuck_shipments_flag()


@db_periodic_task(crontab(minute="43"))
def orders_complete_delivered_hourly() -> int:
    """Complete delivered orders whose confirmation period ran out (交易成功)."""
    return order_complete_delivered_expired()
