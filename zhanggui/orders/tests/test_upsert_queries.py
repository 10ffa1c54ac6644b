"""The create path's query budget: a paid order through ``PUT /api/v1/orders/by-number/…`` costs a
fixed number of statements whatever its number of lines but one UPDATE per stock row, and the stock
rows are the last thing it writes (bench/order_create.py measures it under load)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhanggui.catalog.models import Stock
from zhanggui.orders.models import Order
from zhanggui.testing.factories import SkuFactory, StockFactory

pytestmark = pytest.mark.django_db

# The token check, the store and its scope, whether the order exists, the SKUs, their stock rows,
# the buyer, the store's rules, the blacklist, the merge neighbours; then (in a savepoint here, a
# transaction in production) the buyer, the order, its lines, the stock rows, the audit rows; then
# the answer: the order, its lines with their SKUs, its shipments.
ONE_LINE = 20
PER_MORE_LINE = 1  # the stock row's UPDATE


def paid_order(skus: list[str], buyer: str, phone: str) -> str:
    return json.dumps(
        {
            "buyer_nickname": buyer,
            "status": "paid",
            "lines": [{"title": "T恤", "unit_price": "99.00", "quantity": 1, "merchant_code": code} for code in skus],
            "created_at": "2026-11-01T10:00:00+08:00",
            "receiver_name": "王小二",
            "receiver_phone": phone,
            "province": "浙江省",
            "city": "杭州市",
            "district": "西湖区",
            "address_detail": "文三路 100 号",
        }
    )


@pytest.mark.parametrize("lines", [1, 5])
def test_a_paid_order_costs_a_fixed_number_of_queries_and_holds_its_stock_last(
    lines, store, goods, make_staff, english_api_client_for
):
    # given: an order clerk, and SKUs with stock in one warehouse
    client = english_api_client_for(make_staff("order_clerk"))
    stocks = [StockFactory(sku=SkuFactory(), warehouse=goods.warehouse, on_hand=10) for _ in range(lines)]
    codes = [stock.sku.merchant_code for stock in stocks]
    client.put(
        f"/api/v1/orders/by-number/{store.pk}/WARM-1",
        paid_order([goods.white.merchant_code], "tb_老买家", "13900002222"),
        content_type="application/json",
    )
    # when
    with CaptureQueriesContext(connection) as captured:
        answer = client.put(
            f"/api/v1/orders/by-number/{store.pk}/Q-{lines}",
            paid_order(codes, "tb_新买家", "13800001111"),
            content_type="application/json",
        )
    # then
    assert answer.status_code == 201, answer.content
    assert (answer.json()["status"], answer.json()["paid_amount"]) == (
        "awaiting_shipment",
        str(Decimal("99.00") * lines),
    )
    assert len(captured.captured_queries) == ONE_LINE + PER_MORE_LINE * (lines - 1)
    statements = [query["sql"].strip() for query in captured.captured_queries]
    first_stock_write = next(n for n, sql in enumerate(statements) if sql.startswith("UPDATE catalog_stock"))
    held = statements[first_stock_write:]
    assert [sql.split(" ", 2)[:2] for sql in held[: lines + 2]] == [
        *[["UPDATE", "catalog_stock"]] * lines,
        ["INSERT", "INTO"],
        ["RELEASE", "SAVEPOINT"],
    ]
    assert '"core_auditevent"' in held[lines]
    assert list(Stock.objects.filter(pk__in=[s.pk for s in stocks]).values_list("reserved", flat=True)) == [1] * lines
    assert Order.objects.get(platform_order_id=f"Q-{lines}").lines.filter(reserved=True).count() == lines
