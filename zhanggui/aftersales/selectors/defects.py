"""Defect feedback (缺陷反馈): which SKUs come back, why, and the return-rate flags raised for them.

What counts as a unit returned (decided here, used by the scan and the statistics alike):
- every unit of a return-and-refund, exchange or repair request: the buyer sends the goods back
  because of them, whatever the reason, so a size or description problem shows too;
- the units of a refund-only request made after the order shipped whose reason is the merchant's
  (质量问题, 与描述不符 …): the buyer keeps a faulty item and is paid back, as much a defect as a return;
- not a request that was refused, nor one the buyer withdrew before anything was resolved, nor a
  reissue (a missing parcel says nothing about the goods).
Units sold are the units on order lines paid in the same period (by ``paid_at``), less those of
orders closed before shipment (the goods never left); requests count by
``requested_at``. Both windows are the same days, so the rate is an approximation over a rolling
period, which is what the platforms' own return-rate figures are too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from zhanggui.catalog.selectors import products_in_scope
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.orders.models import OrderLine
from zhanggui.orders.states import OrderStatus

from ..models import CaseLine, Responsibility, ReturnRateFlag
from ..states import GOODS_BACK, CaseStatus, CaseType
from .periods import Period


def counted_return_lines(prefix: str = "case__") -> Q:
    """The case lines (or, with ``prefix=""``, cases) that count as units returned (see the module)."""
    goods_back = Q(**{f"{prefix}type__in": GOODS_BACK})
    kept_faulty = Q(
        **{
            f"{prefix}type": CaseType.REFUND_ONLY,
            f"{prefix}responsibility": Responsibility.MERCHANT,
            f"{prefix}order__shipped_at__lt": F(f"{prefix}requested_at"),
        }
    )
    refused = ~Q(**{f"{prefix}refusal_reason": ""}) | Q(**{f"{prefix}status": CaseStatus.REJECTED})
    withdrawn = Q(**{f"{prefix}status": CaseStatus.CLOSED, f"{prefix}resolved_at__isnull": True})
    return (goods_back | kept_faulty) & ~refused & ~withdrawn


def returned_lines(period: Period) -> QuerySet[CaseLine]:
    """Case lines counting as returns, requested within ``period``, of lines matched to a SKU."""
    return CaseLine.objects.filter(
        counted_return_lines(),
        case__requested_at__gte=period.since,
        case__requested_at__lt=period.until,
        order_line__sku__isnull=False,
    )


def sold_lines(period: Period) -> QuerySet[OrderLine]:
    """Order lines of a SKU paid within ``period``, but not of orders closed before they shipped
    (refunded in full, cancelled: the goods never left)."""
    return OrderLine.objects.filter(
        sku__isnull=False, order__paid_at__gte=period.since, order__paid_at__lt=period.until
    ).exclude(order__status=OrderStatus.CLOSED, order__shipped_at__isnull=True)


def defect_by_sku(*, user: Actor, period: Period, store_id: int | None = None) -> list[dict[str, Any]]:
    """Per SKU returned in ``period`` in ``user``'s stores: units returned, cases, units sold and the
    return rate (%, None when nothing was sold), most returned first."""
    require_perm(user, "aftersales.report")
    lines = scope_to_stores(returned_lines(period), user, "case__store")
    sold = scope_to_stores(sold_lines(period), user, "order__store")
    if store_id:
        lines, sold = lines.filter(case__store_id=store_id), sold.filter(order__store_id=store_id)
    rows = list(
        lines.values("order_line__sku_id", "order_line__sku__merchant_code", "order_line__sku__product__name")
        .annotate(units=Sum("quantity"), cases=Count("case_id", distinct=True))
        .order_by("-units", "order_line__sku__merchant_code")
    )
    sold_units = dict(
        sold.filter(sku_id__in=[row["order_line__sku_id"] for row in rows])
        .values("sku_id")
        .annotate(units=Sum("quantity"))
        .values_list("sku_id", "units")
    )
    return [
        {
            "sku_id": row["order_line__sku_id"],
            "merchant_code": row["order_line__sku__merchant_code"],
            "product": row["order_line__sku__product__name"],
            "units_returned": row["units"],
            "cases": row["cases"],
            "units_sold": sold_units.get(row["order_line__sku_id"], 0),
            "return_rate": rate(row["units"], sold_units.get(row["order_line__sku_id"], 0)),
        }
        for row in rows
    ]


def defect_by_reason(*, user: Actor, period: Period, store_id: int | None = None) -> list[dict[str, Any]]:
    """Per reason of the returns in ``period``: units, cases and who is responsible, most first."""
    require_perm(user, "aftersales.report")
    lines = scope_to_stores(returned_lines(period), user, "case__store")
    if store_id:
        lines = lines.filter(case__store_id=store_id)
    rows = (
        lines.values("case__reason_id", "case__reason__name", "case__reason__responsibility")
        .annotate(units=Sum("quantity"), cases=Count("case_id", distinct=True))
        .order_by("-units", "case__reason__name")
    )
    return [
        {
            "reason_id": row["case__reason_id"],
            "reason": row["case__reason__name"],
            "responsibility": row["case__reason__responsibility"],
            "units_returned": row["units"],
            "cases": row["cases"],
        }
        for row in rows
    ]


def rate(returned: int, sold: int) -> Decimal | None:
    """Units returned per hundred sold, two places; None when nothing was sold."""
    if not sold:
        return None
    return (Decimal(returned) * 100 / Decimal(sold)).quantize(Decimal("0.01"))


def return_rate_flag_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[ReturnRateFlag]:
    """Flags of SKUs in ``user``'s scope, newest first; ``filters``: ``acknowledged`` (bool), ``sku``."""
    require_perm(user, "aftersales.report")
    filters = filters or {}
    queryset = ReturnRateFlag.objects.filter(sku__product_id__in=products_in_scope(user=user).values("pk"))
    if (acknowledged := filters.get("acknowledged")) is not None:
        queryset = queryset.filter(acknowledged_at__isnull=not acknowledged)
    if sku := filters.get("sku"):
        queryset = queryset.filter(sku_id=sku)
    return queryset.select_related("sku", "sku__product", "top_reason", "acknowledged_by").order_by(
        "-flagged_at", "-pk"
    )


def return_rate_flag_get(*, user: Actor, flag_id: int) -> ReturnRateFlag:
    flag = return_rate_flag_list(user=user).filter(pk=flag_id).first()
    if flag is None:
        raise NotFoundError()
    return flag
