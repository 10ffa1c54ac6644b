"""The return-rate scan (退货率预警): SKUs that come back more often than their stores allow.

Daily, over the last ``RETURN_RATE_PERIOD_DAYS`` whole days (``selectors.defects`` says what
counts as sold and as returned): a SKU with at least ``RETURN_RATE_MIN_UNITS`` units sold whose
return rate is above the threshold is flagged once per period end, with the reason most of its
returns gave. A SKU sold in several stores is held to the strictest threshold among them, since
the flag is about the goods, not the shop. Running the scan again the same day changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zhanggui.catalog.selectors import require_product_access
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.permissions import require_perm

from .. import constants
from ..models import AftersalesSettings, ReturnRateFlag
from ..selectors.defects import rate, returned_lines, sold_lines
from ..selectors.periods import Period


def _thresholds(period: Period, sku_ids: list[int]) -> dict[int, Decimal]:
    """Per SKU, the lowest threshold of the stores that sold it in ``period``."""
    stores = sold_lines(period).filter(sku_id__in=sku_ids).values_list("sku_id", "order__store_id").distinct()
    own = dict(AftersalesSettings.objects.values_list("store_id", "return_rate_threshold"))
    lowest: dict[int, Decimal] = {}
    for sku_id, store_id in stores:
        threshold = own.get(store_id, constants.RETURN_RATE_THRESHOLD)
        lowest[sku_id] = min(lowest.get(sku_id, threshold), threshold)
    return lowest


def _top_reasons(period: Period, sku_ids: list[int]) -> dict[int, int]:
    """Per SKU, the reason with the most units returned (the lower id on a tie)."""
    rows = (
        returned_lines(period)
        .filter(order_line__sku_id__in=sku_ids)
        .values("order_line__sku_id", "case__reason_id")
        .annotate(units=Sum("quantity"))
        .order_by("order_line__sku_id", "-units", "case__reason_id")
    )
    top: dict[int, int] = {}
    for row in rows:
        top.setdefault(row["order_line__sku_id"], row["case__reason_id"])
    return top


def return_rate_scan(*, now: dt.datetime | None = None) -> int:
    """Flag the SKUs above their threshold in the period ending yesterday; how many were flagged now."""
    now = now or timezone.now()
    period = Period.ending_before(now, constants.RETURN_RATE_PERIOD_DAYS)
    sold = dict(
        sold_lines(period)
        .values("sku_id")
        .annotate(units=Sum("quantity"))
        .filter(units__gte=constants.RETURN_RATE_MIN_UNITS)
        .values_list("sku_id", "units")
    )
    returned = dict(
        returned_lines(period)
        .filter(order_line__sku_id__in=list(sold))
        .values("order_line__sku_id")
        .annotate(units=Sum("quantity"))
        .values_list("order_line__sku_id", "units")
    )
    thresholds = _thresholds(period, list(returned))
    over: dict[int, Decimal] = {}
    for sku_id, units in returned.items():
        sku_rate = rate(units, sold[sku_id])
        if sku_rate is not None and sku_rate > thresholds[sku_id]:
            over[sku_id] = sku_rate
    top = _top_reasons(period, list(over))
    flagged = 0
    for sku_id in sorted(over):
        flagged += _flag(
            sku_id=sku_id,
            period=period,
            units_sold=sold[sku_id],
            units_returned=returned[sku_id],
            return_rate=over[sku_id],
            threshold=thresholds[sku_id],
            top_reason_id=top.get(sku_id),
            now=now,
        )
    return flagged


@transaction.atomic
def _flag(
    *,
    sku_id: int,
    period: Period,
    units_sold: int,
    units_returned: int,
    return_rate: Decimal,
    threshold: Decimal,
    top_reason_id: int | None,
    now: dt.datetime,
) -> int:
    flag, created = ReturnRateFlag.objects.get_or_create(
        sku_id=sku_id,
        period_end=period.end,
        defaults={
            "period_start": period.start,
            "units_sold": units_sold,
            "units_returned": units_returned,
            "return_rate": return_rate,
            "threshold": threshold,
            "top_reason_id": top_reason_id,
            "flagged_at": now,
        },
    )
    if not created:
        return 0
    audit_record(
        actor=None,
        action="aftersales.sku.return_rate_flag",
        obj=flag,
        after={
            "sku": flag.sku.merchant_code,
            "period": f"{period.start.isoformat()}–{period.end.isoformat()}",
            "units_sold": units_sold,
            "units_returned": units_returned,
            "return_rate": return_rate,
            "threshold": threshold,
        },
    )
    return 1


@transaction.atomic
def return_rate_flag_acknowledge(*, by: Actor, flag: ReturnRateFlag, note: str = "") -> ReturnRateFlag:
    """Mark a flag as seen and taken up (e.g. the supplier is told); acknowledging it again changes nothing."""
    require_perm(by, "aftersales.report")
    require_product_access(user=by, product_id=flag.sku.product_id)
    flag = ReturnRateFlag.objects.select_for_update().select_related("sku").get(pk=flag.pk)
    if flag.acknowledged_at is not None:
        return flag
    flag.acknowledged_at, flag.acknowledged_by_id = timezone.now(), by.pk
    flag.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_record(
        actor=by,
        action="aftersales.sku.return_rate_acknowledge",
        obj=flag,
        after={"sku": flag.sku.merchant_code, "acknowledged_at": flag.acknowledged_at},
        reason=note.strip()[:500],
    )
    return flag
