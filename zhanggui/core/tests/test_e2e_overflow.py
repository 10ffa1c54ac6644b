"""The main pages fit a laptop's screen: at 1366×768 and 1440×900 nothing is cut off or scrolls sideways.

One browser, the small demo shop, each page opened once by the role that works on it and measured at
both sizes (a resize re-lays the page out without reloading it).
"""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.urls import reverse

from zhanggui.core.audit import audit_record
from zhanggui.core.demo import DEMO_PASSWORD
from zhanggui.orders.models import Order
from zhanggui.testing.demo import demo_build_pinned

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SIZES = [(1366, 768), (1440, 900)]

# What sticks out: the page or a table wider than its box, or any laid-out element past the right edge.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`page ${page} > ${width}`);
  for (const box of document.querySelectorAll('.table-responsive, table')) {
    if (box.scrollWidth > box.clientWidth + 1) problems.push(`${name(box)} ${box.scrollWidth} > ${box.clientWidth}`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) problems.push(`${name(el)} ends at ${box.right} > ${width}`);
  }
  return problems.slice(0, 8);
}"""


def aftersales_pages() -> list[str]:
    """The specialist's queue, a return request's page and 申请售后 on a shipped order of the demo shop."""
    from zhanggui.aftersales.models import Reason
    from zhanggui.aftersales.services import CaseLineInput, case_create

    order = Order.objects.filter(status__in=["shipped", "delivered", "completed"], paid_amount__gt=0).first()
    case = case_create(
        by=None,
        order=order,
        type="return_refund",
        reason=Reason.objects.get(code="quality"),
        lines=[CaseLineInput(order_line_id=order.lines.first().pk, quantity=1)],
        description="洗了一次就起球，领口也变形了，要求退货退款" * 3,
    )
    return [
        reverse("aftersales:case_list"),
        reverse("aftersales:case_detail", args=[case.pk]),
        reverse("aftersales:case_create") + f"?order={order.pk}",
    ]


def test_main_pages_fit_1366_and_1440_wide_screens(page, login):
    # given the demo shop, an order with several lines and some audit rows with long reasons
    ctx = demo_build_pinned(size="small")
    staff = ctx.made["staff"]
    order = Order.objects.annotate(line_count=Count("lines")).order_by("-line_count", "pk").first()
    for index in range(3):
        audit_record(
            actor=staff["admin"],
            action="orders.order.approve",
            obj=order,
            before={"status": "under_review"},
            after={"status": "awaiting_shipment"},
            reason="买家来电确认收货地址无误，金额较大但为老客户复购，同意发货" * (index + 1),
        )
    pages = {
        "order_clerk": [
            reverse("orders:order_list"),
            reverse("orders:order_detail", args=[order.pk]),
            reverse("orders:review_queue"),
        ],
        "operator": [reverse("catalog:product_list"), reverse("catalog:sku_list"), reverse("catalog:low_stock")],
        "admin": [reverse("core:audit_list")],
        "manager": [reverse("core:home"), reverse("orders:rating_list")],
        "aftersales": aftersales_pages(),
    }

    # when each role opens its pages at both sizes
    overflows = {}
    for role, urls in pages.items():
        page.context.clear_cookies()
        login(role, DEMO_PASSWORD)
        for url in urls:
            page.goto(url)
            assert page.locator("table tbody tr").count() > 0 or url == reverse("core:home"), url
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                if problems := page.evaluate(OVERFLOW):
                    overflows[f"{url} at {width}×{height}"] = problems

    # then nothing sticks out anywhere
    assert overflows == {}
