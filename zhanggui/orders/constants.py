"""Defaults of the per-store order rules (``OrderSettings`` overrides them per store)."""

from __future__ import annotations

from decimal import Decimal

UNPAID_TIMEOUT_MINUTES = 72 * 60  # unpaid orders close after 72 hours
REVIEW_AMOUNT_THRESHOLD = Decimal("2000.00")  # paid amounts above this are checked by a clerk
# Buyer messages asking for something a clerk must handle before the parcel leaves.
REVIEW_KEYWORDS: tuple[str, ...] = ("改地址", "加急", "发票", "换颜色", "换尺码", "别发")
SHIP_SLA_HOURS = 48  # paid orders should leave within two days
MERGE_WINDOW_HOURS = 24  # orders of one buyer or address this close together may ship as one parcel
STUCK_SHIPMENT_DAYS = 3  # a parcel with no tracking news for this long is an anomaly
AUTO_COMPLETE_DAYS = 10  # delivered orders complete on their own after this long, as on Taobao
