"""Catalog test data: a product offered in ``store`` and one offered only in ``other_store``.

The tests read messages in English (the msgids): services run under English, and the clients
ask for English (the console by its language cookie, the API by Accept-Language).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import (
    ListingFactory,
    ProductFactory,
    SkuFactory,
    StockFactory,
    WarehouseFactory,
)


@pytest.fixture
def catalog(store, other_store):  # type: ignore[no-untyped-def]
    """Ours: a T-shirt in ``store``, two SKUs in one warehouse. Theirs: a product only in ``other_store``."""
    product = ProductFactory(name="纯棉T恤", spu_code="SPU-TEE")
    listing = ListingFactory(product=product, store=store, status="offline")
    white = SkuFactory(
        product=product, merchant_code="TEE-WHT-M", list_price=Decimal("99.00"), price_floor=Decimal("59.00")
    )
    black = SkuFactory(
        product=product,
        merchant_code="TEE-BLK-L",
        attributes={"color": "黑色", "size": "L"},
        list_price=Decimal("109.00"),
        price_floor=Decimal("89.00"),
    )
    warehouse = WarehouseFactory(code="hz-main", name="杭州主仓")
    white_stock = StockFactory(sku=white, warehouse=warehouse, on_hand=20, reserved=5, low_stock_threshold=10)
    black_stock = StockFactory(sku=black, warehouse=warehouse, on_hand=8, reserved=0, low_stock_threshold=10)
    theirs = ProductFactory(name="羽绒服", spu_code="SPU-DOWN")
    their_listing = ListingFactory(product=theirs, store=other_store, status="online")
    their_sku = SkuFactory(product=theirs, merchant_code="DOWN-RED-M", list_price=Decimal("599.00"))
    their_stock = StockFactory(sku=their_sku, warehouse=warehouse, on_hand=3, reserved=0)
    return SimpleNamespace(
        product=product,
        listing=listing,
        white=white,
        black=black,
        warehouse=warehouse,
        white_stock=white_stock,
        black_stock=black_stock,
        theirs=theirs,
        their_listing=their_listing,
        their_sku=their_sku,
        their_stock=their_stock,
    )


@pytest.fixture
def audit_count():  # type: ignore[no-untyped-def]
    """The number of audit rows so far (tests compare before and after a call)."""
    return lambda: AuditEvent.objects.count()


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):  # type: ignore[no-untyped-def]
    def make(staff, **kwargs):  # type: ignore[no-untyped-def]
        client = client_for(staff, **kwargs)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def api_client_for(api_client_for):  # type: ignore[no-untyped-def]
    def make(staff):  # type: ignore[no-untyped-def]
        client = api_client_for(staff)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
