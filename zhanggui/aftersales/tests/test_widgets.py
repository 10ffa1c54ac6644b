"""Home cards of the after-sales desk and the operators, and the after-sales sections of the opening checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from zhanggui.aftersales.models import Case, ReturnRateFlag
from zhanggui.aftersales.services import CaseLineInput, case_create
from zhanggui.aftersales.widgets import deadlines_card, return_rate_flags_card
from zhanggui.orders.selectors import opening_checklist

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def queue_url(query: str) -> str:
    try:
        return reverse("aftersales:case_list") + "?" + query
    except NoReverseMatch:  # the queue's page comes from another branch
        return ""


@pytest.fixture
def desk(make_order, specialist, reason, make_staff, other_store):  # type: ignore[no-untyped-def]
    """Open cases due 1 h ago, in 2 h and in 10 h, one received (inspect within 24 h); one of another store overdue."""
    now = timezone.now()

    def case(number, due, status="requested"):  # type: ignore[no-untyped-def]
        order = make_order(number, shipped=True, buyer_nickname=f"tb_{number}", address_detail=f"{number} 号")
        line = order.lines.get(merchant_code="TEE-WHT-M")
        made = case_create(
            by=specialist,
            order=order,
            type="return_refund",
            reason=reason("quality"),
            lines=[CaseLineInput(order_line_id=line.pk, quantity=1)],
        )
        Case.objects.filter(pk=made.pk).update(due_at=now + due, status=status)
        return made

    cases = {
        "overdue": case("A1", -1 * HOUR),
        "soon": case("A2", 2 * HOUR),
        "later": case("A3", 10 * HOUR),
        "received": case("A4", 20 * HOUR, status="received"),
    }
    elsewhere = case("A5", -3 * HOUR)
    Case.objects.filter(pk=elsewhere.pk).update(store=other_store)
    return cases


def test_the_deadlines_card_counts_the_desks_queues(desk, specialist):
    # when
    card = deadlines_card(specialist)
    # then
    figures = [(figure.key, figure.value, figure.url) for figure in card["figures"]]
    assert figures == [
        ("overdue", 1, queue_url("due=overdue")),
        ("due_soon", 1, queue_url("due=due_soon")),
        ("awaiting_inspection", 1, queue_url("awaiting_inspection=1")),
    ]
    assert card["todo"] == 3


def test_the_checklist_shows_open_cases_and_overdue_steps(desk, specialist, make_staff):
    # given
    sections = {section.key: section for section in opening_checklist(user=specialist)}
    # then
    overdue, open_ = sections["aftersales_overdue"], sections["aftersales_open"]
    assert (overdue.count, [item.label for item in overdue.items]) == (1, [desk["overdue"].number])
    assert (open_.count, [item.label for item in open_.items]) == (
        4,
        [desk["overdue"].number, desk["soon"].number, desk["later"].number, desk["received"].number],
    )
    assert overdue.url == queue_url("due=overdue")
    # and an order clerk's checklist has no after-sales section
    clerk_keys = {section.key for section in opening_checklist(user=make_staff("order_clerk"))}
    assert not clerk_keys & {"aftersales_overdue", "aftersales_open"}


def test_the_flags_card_lists_flags_not_yet_taken_up(make_staff, goods, reason):
    operator = make_staff("operator")
    assert return_rate_flags_card(operator) is None
    today = timezone.localdate()
    ReturnRateFlag.objects.create(
        sku=goods.white,
        period_start=today - dt.timedelta(days=30),
        period_end=today - dt.timedelta(days=1),
        units_sold=40,
        units_returned=6,
        return_rate=Decimal("15.00"),
        threshold=Decimal("5.00"),
        top_reason=reason("quality"),
    )
    card = return_rate_flags_card(operator)
    assert card is not None
    assert ([flag.sku.merchant_code for flag in card["flags"]], card["todo"]) == (["TEE-WHT-M"], 1)


def test_the_home_page_shows_the_cards(desk, specialist, make_staff, client_for):
    html = client_for(specialist).get("/").content.decode()
    assert 'data-figure="awaiting_inspection"' in html
    assert 'data-figure="awaiting_inspection"' not in client_for(make_staff("cs_agent")).get("/").content.decode()
