"""Defaults of the per-store order rules (``OrderSettings`` overrides them per store)."""

from __future__ import annotations

from decimal import Decimal

UNPAID_TIMEOUT_MINUTES = 72 * 60  # unpaid orders close after 72 hours
REVIEW_AMOUNT_THRESHOLD = Decimal("2000.00")  # paid amounts above this are checked by a clerk
# Buyer messages asking for something a clerk must handle before the parcel leaves.
REVIEW_KEYWORDS: tuple[str, ...] = ("改地址", "加急", "发票", "换颜色", "换尺码", "别发")
SHIP_SLA_HOURS = 48  # paid orders should leave within two days
