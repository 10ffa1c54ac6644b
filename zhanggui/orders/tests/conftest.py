"""Orders test data: a T-shirt with two SKUs in one warehouse, and orders made the platform's way.

Services run under English, so tests read messages by their msgids.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone, translation

from zhanggui.core.models import AuditEvent
from zhanggui.orders.services import OrderData, OrderLineData, order_upsert
from zhanggui.testing.factories import ListingFactory, ProductFactory, SkuFactory, StockFactory, WarehouseFactory


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(make_staff):  # type: ignore[no-untyped-def]
    """An order clerk of ``store``."""
    return make_staff("order_clerk")


@pytest.fixture
def english_client_for(client_for):  # type: ignore[no-untyped-def]
    """Console clients reading the console in English (the default is Chinese), so checks read msgids."""

    def make(staff, **kwargs):  # type: ignore[no-untyped-def]
        client = client_for(staff, **kwargs)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def english_api_client_for(api_client_for):  # type: ignore[no-untyped-def]
    """API clients asking for English answers, so checks read msgids."""

    def make(staff):  # type: ignore[no-untyped-def]
        client = api_client_for(staff)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def goods(store):  # type: ignore[no-untyped-def]
    """白色 M (10 on hand) and 黑色 L (3 on hand) of one T-shirt, offered in ``store``."""
    product = ProductFactory(name="纯棉T恤", spu_code="SPU-TEE")
    ListingFactory(product=product, store=store)
    white = SkuFactory(product=product, merchant_code="TEE-WHT-M", list_price=Decimal("99.00"))
    black = SkuFactory(
        product=product,
        merchant_code="TEE-BLK-L",
        attributes={"color": "黑色", "size": "L"},
        list_price=Decimal("99.00"),
    )
    warehouse = WarehouseFactory(code="hz-main", name="杭州主仓")
    return SimpleNamespace(
        product=product,
        white=white,
        black=black,
        warehouse=warehouse,
        white_stock=StockFactory(sku=white, warehouse=warehouse, on_hand=10, reserved=0),
        black_stock=StockFactory(sku=black, warehouse=warehouse, on_hand=3, reserved=0),
    )


def order_data(number: str = "T1001", *, status: str = "pending_payment", **kwargs) -> OrderData:  # type: ignore[no-untyped-def]
    """A plain order: 2 × TEE-WHT-M at 99.00, 10.00 shipping, a complete address in Hangzhou."""
    defaults = {
        "platform_order_id": number,
        "buyer_nickname": "tb_小王",
        "status": status,
        "lines": [
            OrderLineData(title="纯棉T恤 白色 M", unit_price=Decimal("99.00"), quantity=2, merchant_code="TEE-WHT-M")
        ],
        "created_at": timezone.now() - dt.timedelta(hours=1),
        "shipping_fee": Decimal("10.00"),
        "buyer_name": "王小二",
        "buyer_phone": "13800001111",
        "receiver_name": "王小二",
        "receiver_phone": "13800001111",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address_detail": "文三路 100 号",
    }
    defaults.update(kwargs)
    return OrderData(**defaults)


@pytest.fixture
def make_order(store, goods):  # type: ignore[no-untyped-def]
    """``make_order("T1", status="paid")`` → an order arrived from the platform (by the system)."""

    def make(number: str = "T1001", **kwargs):  # type: ignore[no-untyped-def]
        order, _outcome = order_upsert(by=None, store=kwargs.pop("store", store), data=order_data(number, **kwargs))
        return order

    return make


@pytest.fixture
def audit_rows():  # type: ignore[no-untyped-def]
    """The orders audit rows written so far (stock moves are audited by the catalog separately)."""
    return lambda: list(AuditEvent.objects.filter(action__startswith="orders.").order_by("pk"))
