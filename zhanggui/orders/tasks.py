"""Background tasks of the orders context: thin wrappers around its services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import order_close_unpaid_expired


@db_periodic_task(crontab(minute="*/5"))
def orders_close_unpaid_every_5_minutes() -> int:
    """Close unpaid orders past their store's payment timeout."""
    return order_close_unpaid_expired()
