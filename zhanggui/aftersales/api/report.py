"""After-sales API: return-rate flags and defect statistics (``/api/v1/aftersales/return-rates``),
and the after-sales report of a period (``/api/v1/aftersales/report``)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.exports import file_response

from .. import selectors, services
from ..selectors.periods import Period
from .schemas.feedback import AcknowledgeIn, DefectsOut, FlagFilters, PeriodQuery, ReportOut, ReturnRateFlagOut

rates_router = ApiRouter(tags=["after-sales defects"])
router = ApiRouter(tags=["after-sales report"])

_FILE = {
    "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        }
    }
}


def _period(query: PeriodQuery) -> Period:
    if query.date_to < query.date_from or (query.date_to - query.date_from).days >= 366:
        raise ValidationFailed.for_field("date_to", _("Choose a period of one day to a year, the start first."))
    return Period(start=query.date_from, end=query.date_to)


@rates_router.get("/flags", response=list[ReturnRateFlagOut], summary="List return-rate flags")
@api_permission("aftersales.report")
@paginate(PageNumber)
def flag_list(request: HttpRequest, filters: Query[FlagFilters]) -> Any:
    """SKUs returned above their store's threshold, newest first (``acknowledged=false``: still to take up)."""
    return selectors.return_rate_flag_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@rates_router.post("/flags/{int:flag_id}/acknowledge", response=ReturnRateFlagOut, summary="Acknowledge a flag")
@api_permission("aftersales.report")
def flag_acknowledge(request: HttpRequest, flag_id: Id, data: AcknowledgeIn) -> Any:
    """Acknowledging it again changes nothing."""
    flag = selectors.return_rate_flag_get(user=request.auth, flag_id=flag_id)
    return services.return_rate_flag_acknowledge(by=request.auth, flag=flag, note=data.note)


@rates_router.get("/defects", response=DefectsOut, summary="Returns by SKU and by reason in a period")
@api_permission("aftersales.report")
def defects(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    period = _period(query)
    return {
        "by_sku": selectors.defect_by_sku(user=request.auth, period=period, store_id=query.store),
        "by_reason": selectors.defect_by_reason(user=request.auth, period=period, store_id=query.store),
    }


@router.get("", response=ReportOut, summary="The after-sales report of a period")
@api_permission("aftersales.report")
def report_get(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    """Cases requested in the period by type, status, reason and responsibility; refunds issued in it;
    the average hours of each step, overall and per staff member who ended it."""
    report = selectors.aftersales_report(user=request.auth, period=_period(query), store_id=query.store)
    return {
        "date_from": report.period.start,
        "date_to": report.period.end,
        **{name: getattr(report, name) for name in ("cases", "by_type", "by_status", "refunded", "refunds")},
        "by_reason": report.by_reason,
        "by_responsibility": report.by_responsibility,
        "step_times": report.step_times,
        "staff_step_times": report.staff_step_times,
    }


@router.get("/export", summary="Export the after-sales report (XLSX)", openapi_extra={"responses": {200: _FILE}})
@api_permission("aftersales.report")
def report_export(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    """The report as one sheet (section, item, cases, amount, average hours). Audited."""
    exported = services.aftersales_report_export(by=request.auth, period=_period(query), store_id=query.store)
    return file_response(exported)
