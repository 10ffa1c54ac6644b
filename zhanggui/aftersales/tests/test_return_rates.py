"""The return-rate scan and the defect statistics: what counts as sold and returned, thresholds, reruns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhanggui.aftersales.models import AftersalesSettings, ReturnRateFlag
from zhanggui.aftersales.selectors import Period, defect_by_reason, defect_by_sku, return_rate_flag_list
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_create,
    case_reject,
    return_rate_flag_acknowledge,
    return_rate_scan,
)
from zhanggui.catalog.models import Stock
from zhanggui.core.exceptions import PermissionDeniedError
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order
from zhanggui.orders.services import OrderLineData

D = Decimal
pytestmark = pytest.mark.django_db
NOW = timezone.now()
TWO_DAYS_AGO = NOW - dt.timedelta(days=2)
SHIPPED = NOW - dt.timedelta(days=2, hours=12)
PERIOD = Period.ending_before(NOW, 30)


@pytest.fixture
def sales(make_order, specialist, reason, goods):  # type: ignore[no-untyped-def]
    """21 white T-shirts sold on 5 orders, 10 black on one; then (two days ago):
    white: a return (quality), an exchange (size), a refund-only after delivery (quality), a refused return;
    black: a return (quality) and a refund-only of a buyer who changed their mind."""

    Stock.objects.filter(pk__in=[goods.white_stock.pk, goods.black_stock.pk]).update(on_hand=100)

    def order(number, quantity, code="TEE-WHT-M"):  # type: ignore[no-untyped-def]
        line = OrderLineData(title="T恤", unit_price=D("99.00"), quantity=quantity, merchant_code=code)
        made = make_order(
            number,
            shipped=True,
            lines=[line],
            buyer_nickname=f"tb_{number}",
            address_detail=f"{number} 号",
            seller_discount=D("0.00"),
            paid_amount=D("99.00") * quantity + D("10.00"),
        )
        Order.objects.filter(pk=made.pk).update(shipped_at=SHIPPED)  # paid 3 days ago, shipped before the requests
        return made.lines.get()

    def case(line, type_, code, quantity=1):  # type: ignore[no-untyped-def]
        return case_create(
            by=specialist,
            order=line.order,
            type=type_,
            reason=reason(code),
            lines=[CaseLineInput(order_line_id=line.pk, quantity=quantity)],
            requested_at=TWO_DAYS_AGO,
        )

    white = [order("W1", 17), order("W2", 1), order("W3", 1), order("W4", 1), order("W5", 1)]
    black = order("B1", 10, "TEE-BLK-L")
    case(white[0], "return_refund", "quality")
    case(white[1], "exchange", "size")
    case(white[2], "refund_only", "quality")
    case_reject(by=specialist, case=case(white[3], "return_refund", "quality"), reason="超过七天")
    case(black, "return_refund", "quality", quantity=2)
    return {"white": white[0].sku, "black": black.sku}


def test_a_sku_above_the_default_threshold_is_flagged_with_its_main_reason(sales, reason):
    # when
    assert return_rate_scan(now=NOW) == 1
    # then white: 21 sold, 3 counted (the refused return is not), 14.29 % > 5 %; black sold too few
    flag = ReturnRateFlag.objects.get()
    assert (flag.sku_id, flag.period_start, flag.period_end) == (sales["white"].pk, PERIOD.start, PERIOD.end)
    assert (flag.units_sold, flag.units_returned, flag.return_rate, flag.threshold) == (21, 3, D("14.29"), D("5.00"))
    assert flag.top_reason == reason("quality")
    event = AuditEvent.objects.get(action="aftersales.sku.return_rate_flag")
    assert event.after["return_rate"] == "14.29"
    # and a second run the same day changes nothing
    assert return_rate_scan(now=NOW + dt.timedelta(hours=1)) == 0
    assert ReturnRateFlag.objects.count() == 1
    assert AuditEvent.objects.filter(action="aftersales.sku.return_rate_flag").count() == 1


def test_the_stores_own_threshold_decides(sales, store):
    AftersalesSettings.objects.create(store=store, return_rate_threshold=D("14.29"))
    assert return_rate_scan(now=NOW) == 0  # 14.29 is not above 14.29
    assert not ReturnRateFlag.objects.exists()


def test_defect_statistics_per_sku_and_reason(sales, make_staff):
    operator = make_staff("operator")
    rows = defect_by_sku(user=operator, period=PERIOD)
    assert [(r["merchant_code"], r["units_sold"], r["units_returned"], r["cases"], r["return_rate"]) for r in rows] == [
        ("TEE-WHT-M", 21, 3, 3, D("14.29")),
        ("TEE-BLK-L", 10, 2, 1, D("20.00")),
    ]
    reasons = defect_by_reason(user=operator, period=PERIOD)
    assert [(r["reason"], r["units_returned"], r["cases"]) for r in reasons] == [
        ("质量问题", 4, 3),
        ("尺码不合适", 1, 1),
    ]


def test_staff_of_another_store_see_no_statistics(sales, make_staff, other_store):
    outsider = make_staff("operator", stores=[other_store])
    assert defect_by_sku(user=outsider, period=PERIOD) == []
    return_rate_scan(now=NOW)
    assert list(return_rate_flag_list(user=outsider)) == []


def test_acknowledging_a_flag_once(sales, make_staff):
    # given
    return_rate_scan(now=NOW)
    flag = ReturnRateFlag.objects.get()
    manager = make_staff("manager")
    # when
    return_rate_flag_acknowledge(by=manager, flag=flag, note="已通知供应商")
    return_rate_flag_acknowledge(by=manager, flag=flag)
    # then
    flag.refresh_from_db()
    assert flag.acknowledged_by_id == manager.pk
    event = AuditEvent.objects.get(action="aftersales.sku.return_rate_acknowledge")
    assert (event.reason, event.actor_id) == ("已通知供应商", manager.pk)
    assert list(return_rate_flag_list(user=manager, filters={"acknowledged": False})) == []


def test_acknowledging_needs_the_report_permission(sales, agent):
    return_rate_scan(now=NOW)
    flag = ReturnRateFlag.objects.get()
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError):
        return_rate_flag_acknowledge(by=agent, flag=flag)
    flag.refresh_from_db()
    assert flag.acknowledged_at is None
    assert AuditEvent.objects.count() == audits


def test_the_defects_page_lists_the_flag_and_acknowledges_it(sales, make_staff, client_for):
    return_rate_scan(now=NOW)
    flag = ReturnRateFlag.objects.get()
    client = client_for(make_staff("operator"))
    page = client.get("/aftersales/defects/")
    assert page.status_code == 200
    assert f'data-flag="{flag.pk}"' in page.content.decode()
    response = client.post(f"/aftersales/defects/flags/{flag.pk}/acknowledge/", {"note": "下架检查"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_at is not None
    assert client_for(make_staff("cs_agent")).get("/aftersales/defects/").status_code == 403


def test_the_api_lists_acknowledges_flags_and_answers_the_statistics(sales, make_staff, api_client_for):
    return_rate_scan(now=NOW)
    client = api_client_for(make_staff("operator"))
    flags = client.get("/api/v1/aftersales/return-rates/flags?acknowledged=false").json()
    assert [(f["merchant_code"], f["return_rate"]) for f in flags["items"]] == [("TEE-WHT-M", "14.29")]
    done = client.post(
        f"/api/v1/aftersales/return-rates/flags/{flags['items'][0]['id']}/acknowledge",
        {"note": "已下架"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["acknowledged_at"]
    query = f"date_from={PERIOD.start.isoformat()}&date_to={PERIOD.end.isoformat()}"
    defects = client.get(f"/api/v1/aftersales/return-rates/defects?{query}").json()
    assert [(row["merchant_code"], row["units_returned"]) for row in defects["by_sku"]] == [
        ("TEE-WHT-M", 3),
        ("TEE-BLK-L", 2),
    ]
