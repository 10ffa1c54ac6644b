"""Reads of the after-sales context."""

from .money import LineMoney, OrderMoney, line_paid_shares, order_money
from .rules import aftersales_rules

__all__ = ["LineMoney", "OrderMoney", "aftersales_rules", "line_paid_shares", "order_money"]
