"""``case_platform_sync``: a platform request opens one case and moves it forward only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Case
from zhanggui.aftersales.services import PlatformCaseData, case_approve, case_platform_sync
from zhanggui.core.exceptions import ConflictError, PermissionDeniedError
from zhanggui.core.models import AuditEvent

D = Decimal
pytestmark = pytest.mark.django_db


def request(line_id: int, stage: str = "requested", **kwargs) -> PlatformCaseData:  # type: ignore[no-untyped-def]
    return PlatformCaseData(platform_case_id="R1", type="return_refund", stage=stage, order_line_id=line_id, **kwargs)


def test_a_refusal_after_the_shop_agreed_is_left_to_staff(make_order, specialist):
    order = make_order(shipped=True)
    line = order.lines.get(merchant_code="TEE-BLK-L")
    case, outcome = case_platform_sync(by=None, order=order, data=request(line.pk))
    case_approve(by=specialist, case=case)
    # when the platform then reports a refusal
    case, outcome = case_platform_sync(by=None, order=order, data=request(line.pk, "refused"))
    case.refresh_from_db()
    # then the case stays where staff put it
    assert (outcome, case.status) == ("unchanged", "awaiting_return")


def test_a_closed_refusal_closes_the_case(make_order):
    order = make_order(shipped=True)
    line = order.lines.get(merchant_code="TEE-BLK-L")
    case_platform_sync(by=None, order=order, data=request(line.pk, "refused"))
    case, outcome = case_platform_sync(by=None, order=order, data=request(line.pk, "closed"))
    case.refresh_from_db()
    assert (outcome, case.status, case.refusal_reason) == ("updated", "closed", "Refused on the platform")


def test_a_request_number_of_another_order_is_refused(make_order):
    first, second = make_order("T1", shipped=True), make_order("T2", shipped=True)
    case_platform_sync(by=None, order=first, data=request(first.lines.first().pk))
    with pytest.raises(ConflictError):
        case_platform_sync(by=None, order=second, data=request(second.lines.first().pk))
    assert Case.objects.count() == 1


def test_staff_without_the_import_permission_write_nothing(make_order, agent):
    order = make_order(shipped=True)
    with pytest.raises(PermissionDeniedError):
        case_platform_sync(by=agent, order=order, data=request(order.lines.first().pk))
    assert Case.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="aftersales.").count() == 0
