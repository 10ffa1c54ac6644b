"""The after-sales report: volume, money, reasons, responsibility and handling times of a period; its export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zhanggui.aftersales.models import Case
from zhanggui.aftersales.selectors import Period, aftersales_report
from zhanggui.aftersales.services import (
    CaseLineInput,
    aftersales_report_export,
    case_approve,
    case_create,
    case_inspect,
    case_receive,
    case_return_ship,
    refund_issue,
)
from zhanggui.core.exceptions import PermissionDeniedError
from zhanggui.core.models import AuditEvent

D = Decimal
H = dt.timedelta(hours=1)
pytestmark = pytest.mark.django_db
T = timezone.now().replace(microsecond=0) - dt.timedelta(days=5)
PERIOD = Period(start=timezone.localdate() - dt.timedelta(days=13), end=timezone.localdate())


def _times(case: Case, **offsets: float) -> None:
    Case.objects.filter(pk=case.pk).update(requested_at=T, **{name: T + hours * H for name, hours in offsets.items()})


@pytest.fixture
def cases(make_order, specialist, make_staff, reason):  # type: ignore[no-untyped-def]
    """C1 a return (size) handled through by the specialist; C2 a refund-only (quality) the manager
    approved; C3 an exchange (quality) still waiting; C0 a request from before the period."""
    manager = make_staff("manager")

    def open_case(number, type_, code, line_code, by):  # type: ignore[no-untyped-def]
        order = make_order(number, shipped=True, buyer_nickname=f"tb_{number}", address_detail=f"{number} 号")
        line = order.lines.get(merchant_code=line_code)
        lines = [CaseLineInput(order_line_id=line.pk, quantity=1)]
        return case_create(by=by, order=order, type=type_, reason=reason(code), lines=lines)

    c1 = open_case("R1", "return_refund", "size", "TEE-BLK-L", specialist)
    case_approve(by=specialist, case=c1)
    case_return_ship(by=specialist, case=c1, carrier="zto", tracking_no="75300000000001")
    case_receive(by=specialist, case=c1)
    case_inspect(by=specialist, case=c1, result="passed")
    refund_issue(by=specialist, case=c1, idempotency_key="c1")
    _times(c1, decided_at=2, return_shipped_at=26, received_at=74, inspected_at=78, resolved_at=80)
    c2 = open_case("R2", "refund_only", "quality", "TEE-BLK-L", manager)
    case_approve(by=manager, case=c2)
    refund_issue(by=manager, case=c2, idempotency_key="c2")
    _times(c2, decided_at=4, resolved_at=5)
    c3 = open_case("R3", "exchange", "quality", "TEE-WHT-M", specialist)
    _times(c3)
    c0 = open_case("R0", "exchange", "quality", "TEE-WHT-M", specialist)
    Case.objects.filter(pk=c0.pk).update(requested_at=T - dt.timedelta(days=20))
    return {"specialist": specialist, "manager": manager}


def test_the_report_counts_the_period_in_the_database(cases, specialist):
    # when
    report = aftersales_report(user=specialist, period=PERIOD)
    # then
    assert report.cases == 3
    assert [(row["code"], row["cases"]) for row in report.by_type] == [
        ("exchange", 1),
        ("refund_only", 1),
        ("return_refund", 1),
    ]
    assert [(row["label"], row["cases"]) for row in report.by_status] == [("Refunded", 2), ("Requested", 1)]
    assert (report.refunded, report.refunds) == (D("184.86"), 2)
    assert [(row["label"], row["cases"], row["refunded"]) for row in report.by_reason] == [
        ("质量问题", 2, D("92.43")),
        ("尺码不合适", 1, D("92.43")),
    ]
    assert [(row["code"], row["cases"]) for row in report.by_responsibility] == [("merchant", 2), ("buyer", 1)]
    steps = {time.step: (time.cases, time.average_hours) for time in report.step_times}
    assert steps == {
        "decision": (2, D("3.0")),
        "return_shipped": (1, D("24.0")),
        "received": (1, D("48.0")),
        "inspected": (1, D("4.0")),
        "resolved": (1, D("2.0")),
    }
    per_staff = [(t.step, t.staff_id, t.cases, t.average_hours) for t in report.staff_step_times]
    assert per_staff == [
        ("decision", cases["specialist"].pk, 1, D("2.0")),
        ("decision", cases["manager"].pk, 1, D("4.0")),
        ("received", cases["specialist"].pk, 1, D("48.0")),
        ("inspected", cases["specialist"].pk, 1, D("4.0")),
        ("resolved", cases["specialist"].pk, 1, D("2.0")),
    ]


def test_another_stores_staff_see_an_empty_report(cases, make_staff, other_store):
    report = aftersales_report(user=make_staff("aftersales", stores=[other_store]), period=PERIOD)
    assert (report.cases, report.refunded, report.by_type) == (0, D("0.00"), [])


def test_the_export_is_a_workbook_and_audited(cases, specialist):
    # when
    exported = aftersales_report_export(by=specialist, period=PERIOD)
    # then
    sheet = load_workbook(io.BytesIO(exported.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Item", "Cases", "Amount", "Average hours")
    assert rows[1] == ("Total", "Cases", 3, None, None)
    assert ("Handling time", "Request → decision", 2, None, 3) in rows
    event = AuditEvent.objects.filter(action="aftersales.report.export").get()
    assert event.after == {"rows": len(rows) - 1, "format": "xlsx", "unmasked": False}


def test_the_report_needs_the_report_permission(cases, agent):
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError):
        aftersales_report(user=agent, period=PERIOD)
    with pytest.raises(PermissionDeniedError):
        aftersales_report_export(by=agent, period=PERIOD)
    assert AuditEvent.objects.count() == audits


def test_the_report_page_and_its_export(cases, specialist, client_for):
    client = client_for(specialist)
    start, end = PERIOD.start.isoformat(), PERIOD.end.isoformat()
    page = client.get(f"/aftersales/report/?date_from={start}&date_to={end}")
    assert page.status_code == 200
    assert 'id="report-cases" data-value="3"' in page.content.decode() or ">3<" in page.content.decode()
    exported = client.get(f"/aftersales/report/?date_from={start}&date_to={end}&export=xlsx")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="aftersales-report-')


def test_the_api_answers_the_report_and_its_export(cases, specialist, api_client_for):
    client = api_client_for(specialist)
    query = f"date_from={PERIOD.start.isoformat()}&date_to={PERIOD.end.isoformat()}"
    body = client.get(f"/api/v1/aftersales/report?{query}").json()
    assert (body["cases"], body["refunded"], body["refunds"]) == (3, "184.86", 2)
    first = body["step_times"][0]
    assert (first["step"], first["average_hours"]) == ("decision", "3.0")
    exported = client.get(f"/api/v1/aftersales/report/export?{query}")
    assert exported.status_code == 200
    backwards = client.get(f"/api/v1/aftersales/report?date_from={PERIOD.end}&date_to={PERIOD.start}")
    assert backwards.status_code == 422
