"""After-sales test data: an order of two T-shirt lines with a shop discount, paid and shipped or not.

Services run under English, so tests read messages by their msgids.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone, translation

from zhanggui.aftersales.models import Reason
from zhanggui.orders.services import OrderData, OrderLineData, order_ship, order_upsert
from zhanggui.testing.factories import ListingFactory, ProductFactory, SkuFactory, StockFactory, WarehouseFactory

D = Decimal


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def specialist(make_staff):  # type: ignore[no-untyped-def]
    """An after-sales specialist of ``store``."""
    return make_staff("aftersales")


@pytest.fixture
def agent(make_staff):  # type: ignore[no-untyped-def]
    """A customer-service agent of ``store``: opens cases, may not decide or refund them."""
    return make_staff("cs_agent")


@pytest.fixture
def goods(store):  # type: ignore[no-untyped-def]
    """白色 M (10 on hand) and 黑色 L (5 on hand) of one T-shirt, and a second, empty warehouse."""
    product = ProductFactory(name="纯棉T恤", spu_code="SPU-TEE")
    ListingFactory(product=product, store=store)
    white = SkuFactory(product=product, merchant_code="TEE-WHT-M", list_price=D("99.00"))
    black = SkuFactory(
        product=product, merchant_code="TEE-BLK-L", attributes={"color": "黑色", "size": "L"}, list_price=D("99.00")
    )
    warehouse = WarehouseFactory(code="hz-main", name="杭州主仓")
    return SimpleNamespace(
        product=product,
        white=white,
        black=black,
        warehouse=warehouse,
        returns=WarehouseFactory(code="hz-returns", name="杭州退货仓"),
        white_stock=StockFactory(sku=white, warehouse=warehouse, on_hand=10, reserved=0),
        black_stock=StockFactory(sku=black, warehouse=warehouse, on_hand=5, reserved=0),
    )


def order_data(number: str, **kwargs) -> OrderData:  # type: ignore[no-untyped-def]
    """2 × 白色 M at 99.00 and 1 × 黑色 L at 99.00, 19.70 shop discount, 10.00 shipping: paid 287.30."""
    defaults: dict[str, Any] = {
        "platform_order_id": number,
        "buyer_nickname": "tb_小王",
        "status": "paid",
        "lines": [
            OrderLineData(title="纯棉T恤 白色 M", unit_price=D("99.00"), quantity=2, merchant_code="TEE-WHT-M"),
            OrderLineData(title="纯棉T恤 黑色 L", unit_price=D("99.00"), quantity=1, merchant_code="TEE-BLK-L"),
        ],
        "created_at": timezone.now() - dt.timedelta(days=3),
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
    defaults.update(kwargs)
    return OrderData(**defaults)


@pytest.fixture
def make_order(store, goods, make_staff):  # type: ignore[no-untyped-def]
    """``make_order("T1", shipped=True)`` → a paid order from the platform, shipped if asked."""

    def make(number: str = "T1001", *, shipped: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        order, _outcome = order_upsert(by=None, store=store, data=order_data(number, **kwargs))
        if shipped:
            order_ship(by=make_staff("order_clerk"), order=order, carrier="zto", tracking_no="75312345678901")
            order.refresh_from_db()
        return order

    return make


@pytest.fixture
def reason(db):  # type: ignore[no-untyped-def]
    """Reasons by code, as the migration seeds them (and post_migrate again after a test's flush)."""
    return lambda code: Reason.objects.get(code=code)


# --- the after-sales API ---------------------------------------------------------------
API = "/api/v1/aftersales"


class ApiCaller:
    """One staff member's API token: ``get``/``post`` answer (status, JSON), in English."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.last: Any = None

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
        self.last = self.client.get(f"{API}{path}", params or {})
        return self.last.status_code, self.last.json()

    def post(self, path: str, body: dict[str, Any] | None = None, **headers: str) -> tuple[int, Any]:
        self.last = self.client.post(f"{API}{path}", body or {}, content_type="application/json", headers=headers)
        return self.last.status_code, self.last.json()


@pytest.fixture
def api(api_client_for):  # type: ignore[no-untyped-def]
    """``api(staff).post("/cases/1/approve", {...})`` → (status, JSON) of the after-sales API."""
    return lambda staff: ApiCaller(api_client_for(staff))


@pytest.fixture
def audit_rows():  # type: ignore[no-untyped-def]
    """The after-sales audit rows written so far, oldest first."""
    from zhanggui.core.models import AuditEvent

    return lambda: list(AuditEvent.objects.filter(action__startswith="aftersales.").order_by("pk"))


# --- console ---------------------------------------------------------------------
@pytest.fixture
def english_client_for(client_for):  # type: ignore[no-untyped-def]
    """Console clients reading the console in English (the default is Chinese), so checks read msgids."""
    from django.conf import settings

    def make(staff, **kwargs):  # type: ignore[no-untyped-def]
        client = client_for(staff, **kwargs)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def make_case(make_order, specialist, reason):  # type: ignore[no-untyped-def]
    """``make_case("T1")`` → a return-and-refund request (尺码不合适) for the 黑色 L line of a shipped order."""
    from zhanggui.aftersales.services import CaseLineInput, case_create

    def make(number: str = "T1001", *, type: str = "return_refund", code: str = "size", by=None, **kwargs):  # type: ignore[no-untyped-def]
        order = make_order(number, shipped=True, **kwargs)
        black = order.lines.get(merchant_code="TEE-BLK-L")
        return case_create(
            by=by or specialist,
            order=order,
            type=type,
            reason=reason(code),
            lines=[CaseLineInput(order_line_id=black.pk, quantity=1)],
        )

    return make


# --- imports and webhooks of platform requests ---


@pytest.fixture
def importer(make_staff):  # type: ignore[no-untyped-def]
    """An after-sales specialist of ``store`` (may import after-sales files)."""
    return make_staff("aftersales")


@pytest.fixture
def import_api(importer, api_client_for):  # type: ignore[no-untyped-def]
    client = api_client_for(importer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
