"""Test data of the workspace's tests: a T-shirt shop's paid order of the buyer tb_小王.

Plain helpers (not fixtures) so the workspace, actions and cards tests and the browser test share them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.utils import timezone

from zhanggui.orders.services import OrderData, OrderLineData, order_review_approve, order_ship, order_upsert
from zhanggui.testing.factories import ListingFactory, ProductFactory, SkuFactory, StockFactory, WarehouseFactory

D = Decimal


def goods_make(store: Any) -> SimpleNamespace:
    """纯棉T恤 in 白色 M (10 on hand) and 黑色 L (5), listed in ``store``."""
    product = ProductFactory(name="纯棉T恤", spu_code="SPU-TEE")
    ListingFactory(product=product, store=store)
    white = SkuFactory(
        product=product, merchant_code="TEE-WHT-M", attributes={"color": "白色", "size": "M"}, list_price=D("99.00")
    )
    black = SkuFactory(
        product=product, merchant_code="TEE-BLK-L", attributes={"color": "黑色", "size": "L"}, list_price=D("89.00")
    )
    warehouse = WarehouseFactory(code="hz-main", name="杭州主仓")
    StockFactory(sku=white, warehouse=warehouse, on_hand=10, reserved=0)
    StockFactory(sku=black, warehouse=warehouse, on_hand=5, reserved=0)
    return SimpleNamespace(product=product, white=white, black=black)


def order_make(store: Any, number: str = "T1001", *, shipped_by: Any = None, **kwargs: Any) -> Any:
    """A paid order of tb_小王: 2 × 白色 M and 1 × 黑色 L, paid 287.30, to 浙江省杭州市西湖区文三路 100 号."""
    data: dict[str, Any] = {
        "platform_order_id": number,
        "buyer_nickname": "tb_小王",
        "status": "paid",
        "lines": [
            OrderLineData(title="纯棉T恤 白色 M", unit_price=D("99.00"), quantity=2, merchant_code="TEE-WHT-M"),
            OrderLineData(title="纯棉T恤 黑色 L", unit_price=D("99.00"), quantity=1, merchant_code="TEE-BLK-L"),
        ],
        "created_at": timezone.now() - dt.timedelta(days=1),
        "shipping_fee": D("10.00"),
        "seller_discount": D("19.70"),
        "paid_amount": D("287.30"),
        "receiver_name": "王小二",
        "receiver_phone": "13800001111",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address_detail": "文三路 100 号",
    }
    data.update(kwargs)
    order, _outcome = order_upsert(by=None, store=store, data=OrderData(**data))
    if shipped_by is not None:
        if order.status == "under_review":  # a second order of the same buyer in a day is held for review
            order = order_review_approve(by=shipped_by, order=order)
        order_ship(by=shipped_by, order=order, carrier="zto", tracking_no="75312345678901")
        order.refresh_from_db()
    return order


def english(client: Any) -> Any:
    """The console in English (its default is Chinese), so checks read msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
