"""The after-sales report (售后报表) of a period: volume by type and status, money refunded, reasons,
responsibility, and how long each step took, overall and per staff member, computed in the database.

Cases count when they were requested within the period; refunds when they were issued within it.
A step's time is measured on the cases of the period that went through it (both ends recorded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhanggui.core.actors import Actor
from zhanggui.core.permissions import require_perm, scope_to_stores

from ..models import Case, Refund, Responsibility
from ..states import CaseStatus, CaseType
from .periods import Period

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Step:
    """A step of handling: from one recorded time to the next, and who did the ending one (if staff)."""

    key: str
    label: Promise
    start: str
    end: str
    staff: str | None


STEPS: tuple[Step, ...] = (
    Step("decision", _("Request → decision"), "requested_at", "decided_at", "decided_by"),
    Step("return_shipped", _("Approval → return shipped"), "decided_at", "return_shipped_at", None),
    Step("received", _("Return shipped → received"), "return_shipped_at", "received_at", "received_by"),
    Step("inspected", _("Received → inspected"), "received_at", "inspected_at", "inspected_by"),
    Step("resolved", _("Inspected → resolved"), "inspected_at", "resolved_at", "resolved_by"),
)


@dataclass(frozen=True)
class StepTime:
    step: str
    label: str
    cases: int
    average: dt.timedelta | None
    staff_id: int | None = None
    staff_name: str = ""

    @property
    def average_hours(self) -> Decimal | None:
        if self.average is None:
            return None
        return (Decimal(self.average.total_seconds()) / 3600).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class AftersalesReport:
    period: Period
    cases: int
    by_type: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    refunded: Decimal
    refunds: int
    by_reason: list[dict[str, Any]]
    by_responsibility: list[dict[str, Any]]
    step_times: list[StepTime]
    staff_step_times: list[StepTime]


def report_cases(*, user: Actor, period: Period, store_id: int | None = None) -> QuerySet[Case]:
    require_perm(user, "aftersales.report")
    cases = scope_to_stores(Case.objects.all(), user).filter(
        requested_at__gte=period.since, requested_at__lt=period.until
    )
    return cases.filter(store_id=store_id) if store_id else cases


def _duration(step: Step) -> ExpressionWrapper:
    return ExpressionWrapper(F(step.end) - F(step.start), output_field=DurationField())


def _step_cases(cases: QuerySet[Case], step: Step) -> QuerySet[Case]:
    return cases.filter(**{f"{step.start}__isnull": False, f"{step.end}__isnull": False})


def step_times(cases: QuerySet[Case]) -> list[StepTime]:
    """The average time of each step over ``cases`` (None where no case went through it)."""
    times = []
    for step in STEPS:
        row = _step_cases(cases, step).aggregate(cases=Count("pk"), average=Avg(_duration(step)))
        times.append(StepTime(step.key, str(step.label), row["cases"], row["average"]))
    return times


def staff_step_times(cases: QuerySet[Case]) -> list[StepTime]:
    """The same per staff member who ended the step (steps the buyer ends are left out)."""
    times = []
    for step in STEPS:
        if step.staff is None:
            continue
        rows = (
            _step_cases(cases, step)
            .filter(**{f"{step.staff}__isnull": False})
            .values(f"{step.staff}_id", f"{step.staff}__username", f"{step.staff}__display_name")
            .annotate(cases=Count("pk"), average=Avg(_duration(step)))
            .order_by(f"{step.staff}__username")
        )
        for row in rows:
            name = row[f"{step.staff}__display_name"] or row[f"{step.staff}__username"]
            times.append(
                StepTime(step.key, str(step.label), row["cases"], row["average"], row[f"{step.staff}_id"], name)
            )
    return times


def _money(total: Decimal | None) -> Decimal:
    """A database sum as money (SQLite answers sums of decimals with more places)."""
    return (total or ZERO).quantize(Decimal("0.01"))


def _counted(cases: QuerySet[Case], field: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    rows = cases.values(field).annotate(cases=Count("pk")).order_by("-cases", field)
    return [{"code": row[field], "label": labels.get(row[field], row[field]), "cases": row["cases"]} for row in rows]


def aftersales_report(*, user: Actor, period: Period, store_id: int | None = None) -> AftersalesReport:
    """The report of ``period`` in ``user``'s stores (or one of them)."""
    cases = report_cases(user=user, period=period, store_id=store_id)
    refunds = scope_to_stores(Refund.objects.all(), user).filter(
        issued_at__gte=period.since, issued_at__lt=period.until
    )
    if store_id:
        refunds = refunds.filter(store_id=store_id)
    refund_totals = refunds.aggregate(total=Sum("amount"), count=Count("pk"))
    reasons = (
        cases.values("reason_id", "reason__name")
        .annotate(cases=Count("pk"), refunded=Sum("refunded_amount"))
        .order_by("-cases", "reason__name")
    )
    return AftersalesReport(
        period=period,
        cases=cases.count(),
        by_type=_counted(cases, "type", {k: str(v) for k, v in CaseType.choices}),
        by_status=_counted(cases, "status", {k: str(v) for k, v in CaseStatus.choices}),
        refunded=_money(refund_totals["total"]),
        refunds=refund_totals["count"],
        by_reason=[
            {
                "code": row["reason_id"],
                "label": row["reason__name"],
                "cases": row["cases"],
                "refunded": _money(row["refunded"]),
            }
            for row in reasons
        ],
        by_responsibility=_counted(cases, "responsibility", {k: str(v) for k, v in Responsibility.choices}),
        step_times=step_times(cases),
        staff_step_times=staff_step_times(cases),
    )


def report_rows(report: AftersalesReport) -> list[dict[str, Any]]:
    """The report as one table (section, item, cases, amount, average hours), for a spreadsheet."""
    rows: list[dict[str, Any]] = [
        {"section": str(_("Total")), "item": str(_("Cases")), "cases": report.cases},
        {"section": str(_("Total")), "item": str(_("Refunded")), "cases": report.refunds, "amount": report.refunded},
    ]
    for section, items in ((_("Type"), report.by_type), (_("Status"), report.by_status)):
        rows += [{"section": str(section), "item": item["label"], "cases": item["cases"]} for item in items]
    rows += [
        {"section": str(_("Reason")), "item": item["label"], "cases": item["cases"], "amount": item["refunded"]}
        for item in report.by_reason
    ]
    rows += [
        {"section": str(_("Responsibility")), "item": item["label"], "cases": item["cases"]}
        for item in report.by_responsibility
    ]
    for time in [*report.step_times, *report.staff_step_times]:
        item = f"{time.label} · {time.staff_name}" if time.staff_name else time.label
        rows.append(
            {"section": str(_("Handling time")), "item": item, "cases": time.cases, "hours": time.average_hours}
        )
    return rows
