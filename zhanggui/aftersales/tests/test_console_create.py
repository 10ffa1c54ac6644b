"""Opening a case from an order's page, and what the order page shows of after-sales."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from zhanggui.aftersales.models import Case, Reason
from zhanggui.core.models import AuditEvent

D = Decimal
pytestmark = pytest.mark.django_db
URL = reverse("aftersales:case_create")


def lines_of(order) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {line.merchant_code: line.pk for line in order.lines.all()}


def test_create_page_prefills_each_line_with_what_it_can_still_pay_back(make_order, agent, english_client_for):
    # given a shipped order: 白色 M ×2 (share 184.87) and 黑色 L ×1 (share 92.43) of 277.30 goods paid
    order = make_order("T1", shipped=True)
    ids = lines_of(order)
    # when an agent opens 申请售后 from it
    response = english_client_for(agent).get(f"{URL}?order={order.pk}")
    # then each line offers its units and its refundable amount
    assert response.status_code == 200
    form = response.context["form"]
    assert [row["money"].refundable for row in form.line_rows()] == [D("184.87"), D("92.43")]
    assert form.fields[f"line_{ids['TEE-WHT-M']}_quantity"].initial == 2
    assert form.fields[f"line_{ids['TEE-BLK-L']}_amount"].initial == D("92.43")


def test_agent_opens_a_return_of_one_unit_and_the_amount_is_its_share(make_order, agent, english_client_for, reason):
    order = make_order("T1", shipped=True)
    ids = lines_of(order)
    white = ids["TEE-WHT-M"]
    data = {
        "type": "return_refund",
        "reason": reason("size").pk,
        "description": "偏小一码",
        f"line_{white}_pick": "on",
        f"line_{white}_quantity": "1",
        f"line_{white}_amount": "184.87",  # left as prefilled: the share of the one unit asked
        f"line_{ids['TEE-BLK-L']}_quantity": "1",
        f"line_{ids['TEE-BLK-L']}_amount": "92.43",
    }
    response = english_client_for(agent).post(f"{URL}?order={order.pk}", data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("aftersales:case_detail", args=[case.pk])
    assert (case.type, case.requested_amount, case.description, case.created_by_id) == (
        "return_refund",
        D("92.44"),
        "偏小一码",
        agent.pk,
    )
    assert [(line.order_line_id, line.quantity, line.amount) for line in case.lines.all()] == [(white, 1, D("92.44"))]


def test_an_amount_typed_by_hand_is_asked_as_typed(make_order, agent, english_client_for, reason):
    order = make_order("T1", shipped=True)
    black = lines_of(order)["TEE-BLK-L"]
    data = {
        "type": "refund_only",
        "reason": reason("quality").pk,
        f"line_{black}_pick": "on",
        f"line_{black}_quantity": "1",
        f"line_{black}_amount": "30.00",
    }
    assert english_client_for(agent).post(f"{URL}?order={order.pk}", data).status_code == 302
    assert Case.objects.get().requested_amount == D("30.00")


def test_errors_land_on_the_lines_they_are_about(make_order, agent, english_client_for, reason):
    order = make_order("T1", shipped=True)
    black = lines_of(order)["TEE-BLK-L"]
    client = english_client_for(agent)
    # nothing ticked
    response = client.post(f"{URL}?order={order.pk}", {"type": "return_refund", "reason": reason("size").pk})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["Choose at least one order line."]
    # more than the line can pay back
    data = {
        "type": "refund_only",
        "reason": reason("size").pk,
        f"line_{black}_pick": "on",
        f"line_{black}_quantity": "1",
        f"line_{black}_amount": "99.00",
    }
    response = client.post(f"{URL}?order={order.pk}", data)
    assert response.status_code == 422
    assert response.context["form"].errors[f"line_{black}_amount"] == [
        "At most 92.43 can still be refunded on this line."
    ]
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action="aftersales.case.create").exists()


def test_create_needs_an_order_and_the_create_permission(make_order, make_staff, english_client_for, reason):
    order = make_order("T1", shipped=True)
    clerk = english_client_for(make_staff("order_clerk"))  # sees after-sales, may not open cases
    assert english_client_for(make_staff("cs_agent")).get(URL).status_code == 404
    assert clerk.get(f"{URL}?order={order.pk}").status_code == 403
    assert clerk.post(f"{URL}?order={order.pk}", {"type": "refund_only"}).status_code == 403
    assert not Case.objects.exists()


def test_create_post_needs_the_csrf_token(make_order, agent, reason):
    order = make_order("T1", shipped=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"{URL}?order={order.pk}", {"type": "refund_only", "reason": reason("size").pk})
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_order_page_shows_its_cases_the_refunded_amount_and_the_request_button(
    make_case, agent, english_client_for, make_staff
):
    # given an order with one case on it
    case = make_case("T1")
    # when the agent opens the order page
    html = english_client_for(agent).get(reverse("orders:order_detail", args=[case.order_id])).content.decode()
    # then the after-sales panel lists the case, the refunded amount and 申请售后
    assert 'id="order-aftersales"' in html
    assert f'href="{reverse("aftersales:case_detail", args=[case.pk])}"' in html
    assert f"{URL}?order={case.order_id}" in html
    assert '<span class="num fw-bold" id="order-aftersales-refunded">0.00</span>' in html
    # and a role without after-sales sees no panel; the order clerk sees it without the button
    clerk_html = (
        english_client_for(make_staff("order_clerk"))
        .get(reverse("orders:order_detail", args=[case.order_id]))
        .content.decode()
    )
    assert 'id="order-aftersales"' in clerk_html and 'id="order-aftersales-create"' not in clerk_html


def test_inactive_reasons_are_not_offered(make_order, agent, english_client_for):
    Reason.objects.filter(code="other").update(is_active=False)
    order = make_order("T1", shipped=True)
    form = english_client_for(agent).get(f"{URL}?order={order.pk}").context["form"]
    assert "other" not in {reason.code for reason in form.fields["reason"].queryset}
