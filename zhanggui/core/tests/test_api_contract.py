"""The REST API keeps its published contract: schemathesis calls every operation of /api/v1.

The schema is read from the project's own WSGI application and the calls go through it, in each
test's database transaction. A small world is seeded so that ids exist. Every answer must not be
a server error, must use a status code the operation documents, and must match the documented
content type and response schema. The cases are few per operation and derandomized, so a run
is quick and the same everywhere.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhanggui.accounts.services import api_token_create
from zhanggui.catalog.imports.products import product_import_preview
from zhanggui.catalog.services.images import product_image_add
from zhanggui.catalog.services.knowledge import knowledge_entry_create
from zhanggui.catalog.tests.image_files import picture
from zhanggui.catalog.tests.import_files import product_row, upload
from zhanggui.orders.imports.tracking import tracking_import_preview
from zhanggui.orders.services import OrderData, OrderLineData, order_upsert
from zhanggui.testing.factories import (
    CategoryFactory,
    ListingFactory,
    ProductFactory,
    SkuFactory,
    StockFactory,
    TeamFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.slow

API_SCHEMA = "/api/v1/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

SETTINGS = hypothesis.settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    # The seeded world is a function-scoped fixture on purpose: it lives in the test's transaction.
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture, hypothesis.HealthCheck.too_slow],
)

# Generated cases besides the schema's own examples: a few random ones per operation (positive
# and negative), plus for the manager schemathesis's "coverage" cases in positive mode only,
# the boundary values the schema allows (longest strings, largest numbers). Its negative
# coverage cases and wrong HTTP methods would only test django-ninja's own 422 and 405, at
# several times the run time.
MANAGER_CONFIG = {"phases": {"coverage": {"generation": {"mode": "positive"}, "unexpected-methods": []}}}
ADMIN_CONFIG = {"phases": {"coverage": {"enabled": False}}}

# Operations left out, each with its reason (none at present).
EXCLUDED: list[tuple[str, str]] = []


def load_schema(config: dict[str, Any]) -> Any:
    """The published schema, read from the project's WSGI application (the route needs no database)."""
    from zhanggui.wsgi import application

    schema = schemathesis.openapi.from_wsgi(API_SCHEMA, application, config=schemathesis.Config.from_dict(config))
    for method, path in EXCLUDED:
        schema = schema.exclude(method=method, path=path)
    return schema


# The ids seeded for the running test, by path parameter name (filled by ``world``).
KNOWN_IDS: dict[str, list[int]] = {}


def known_path_ids(context: Any, strategy: Any) -> Any:
    """About half the generated path ids name seeded objects, so successful answers are checked too."""
    names = [name for name in re.findall(r"{(\w+)}", context.operation.path) if KNOWN_IDS.get(name)]
    if not names:
        return strategy
    known = st.fixed_dictionaries({name: st.sampled_from(KNOWN_IDS[name]) for name in names})
    # Other path parameters (e.g. a platform order number) keep their generated values.
    return st.one_of(st.tuples(strategy, known).map(lambda pair: with_known(*pair)), strategy)


def with_known(generated: Any, known: dict[str, int]) -> Any:
    """The generated path parameters (wrapped by schemathesis or plain) with the seeded ids put in."""
    if hasattr(generated, "map_value"):
        return generated.map_value(lambda value: {**value, **known} if isinstance(value, dict) else value)
    return {**generated, **known} if isinstance(generated, dict) else generated


manager_schema = load_schema(MANAGER_CONFIG)
manager_schema.hooks.register_hook_with_name(known_path_ids, "before_generate_path_parameters")
# The admin reads everything and makes the staff and store changes a manager may not.
admin_schema = load_schema(ADMIN_CONFIG).include(method="GET").include(tag=["staff", "stores"])
admin_schema.hooks.register_hook_with_name(known_path_ids, "before_generate_path_parameters")


@pytest.fixture
def wsgi_app(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Serve requests in the test's transaction, as Django's test client does.

    A request must not close the database connection: that would end the test's transaction
    (and, on SQLite, lose the in-memory test database).
    """
    settings.MEDIA_ROOT = tmp_path
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def bearer(staff: Any) -> dict[str, str]:
    _token, raw = api_token_create(by=staff, name="contract")
    return {"Authorization": f"Bearer {raw}"}


def contract_cases(manager: Any, open_order: Any, shipped_order: Any) -> list[Any]:
    """After-sales cases: an approved refund-only request of the open order, a return of the shipped one."""
    from zhanggui.aftersales.models import Reason
    from zhanggui.aftersales.services import CaseLineInput, case_approve, case_create

    reason = Reason.objects.get(code="quality")
    refund_only = case_create(by=manager, order=open_order, type="refund_only", reason=reason)
    line = shipped_order.lines.get()
    lines = [CaseLineInput(order_line_id=line.pk, quantity=1)]
    return_refund = case_create(by=manager, order=shipped_order, type="return_refund", reason=reason, lines=lines)
    return [case_approve(by=manager, case=refund_only), return_refund]


@pytest.fixture
def world(wsgi_app, store, other_store, make_staff):  # type: ignore[no-untyped-def]
    """A store-spanning manager and an admin with API tokens, and one of each catalog object."""
    manager = make_staff("manager")
    admin = make_staff("admin")
    category = CategoryFactory(name="上装")
    product = ProductFactory(name="纯棉T恤", spu_code="SPU-TEE", category=category)
    listing = ListingFactory(product=product, store=store, status="online")
    ListingFactory(product=product, store=other_store, status="offline")
    white = SkuFactory(product=product, merchant_code="TEE-WHT-M", list_price=Decimal("99.00"))
    black = SkuFactory(product=product, merchant_code="TEE-BLK-L", list_price=Decimal("109.00"))
    warehouse = WarehouseFactory(code="hz-main", name="杭州主仓")
    StockFactory(sku=white, warehouse=warehouse, on_hand=20, reserved=5)
    StockFactory(sku=black, warehouse=warehouse, on_hand=8, reserved=0)
    TeamFactory()
    entry = knowledge_entry_create(by=manager, product=product, kind="faq", title="尺码怎么选", body="偏大一码")
    image = product_image_add(by=manager, product=product, upload=picture())
    job = product_import_preview(
        by=manager,
        upload=upload("csv", [product_row(spu_code="SPU-NEW", name="新品", merchant_code="NEW-1", list_price="9")]),
        name="products.csv",
    )
    # A token of the manager's that DELETE /auth/tokens/{token_id} may revoke (not the one in use).
    spare_token, _raw = api_token_create(by=manager, name="spare")
    # Two orders: one awaiting shipment, one shipped (its shipment takes tracking events).
    open_order, shipped_order = (
        order_upsert(
            by=None,
            store=store,
            data=OrderData(
                platform_order_id=number,
                buyer_nickname=f"tb_{number}",
                status=status,
                created_at=timezone.now(),
                lines=[
                    OrderLineData(title="纯棉T恤", unit_price=Decimal("99.00"), quantity=1, merchant_code="TEE-WHT-M")
                ],
                carrier="ZTO",
                tracking_no="78123456789012" if status == "shipped" else "",
            ),
        )[0]
        for number, status in (("T-CONTRACT-1", "paid"), ("T-CONTRACT-2", "shipped"))
    )
    tracking_job = tracking_import_preview(
        by=manager,
        upload=upload("csv", [["78123456789012", "2026-01-05 08:00", "已揽收"]], header=["运单号", "时间", "描述"]),
        name="tracking.csv",
    )
    cases = contract_cases(manager, open_order, shipped_order)
    KNOWN_IDS.update(
        store_id=[store.pk, other_store.pk],
        staff_id=[manager.pk, admin.pk],
        category_id=[category.pk],
        product_id=[product.pk],
        sku_id=[white.pk, black.pk],
        listing_id=[listing.pk],
        warehouse_id=[warehouse.pk],
        entry_id=[entry.pk],
        image_id=[image.pk],
        job_id=[job.pk, tracking_job.pk],
        token_id=[spare_token.pk],
        order_id=[open_order.pk, shipped_order.pk],
        shipment_id=list(shipped_order.shipments.values_list("pk", flat=True)),
        case_id=[case.pk for case in cases],
    )
    yield SimpleNamespace(manager=bearer(manager), admin=bearer(admin))
    KNOWN_IDS.clear()


@manager_schema.parametrize()
@SETTINGS
def test_every_operation_keeps_its_contract_for_a_manager(case, world):  # type: ignore[no-untyped-def]
    # given a manager's token (most permissions, every store) and the seeded world
    # when the operation is called with a generated case
    # then the answer is documented and matches its schema
    case.call_and_validate(headers=world.manager, checks=CHECKS)


@admin_schema.parametrize()
@SETTINGS
def test_reads_and_staff_and_store_changes_keep_their_contract_for_an_admin(case, world):  # type: ignore[no-untyped-def]
    # given an administrator's token (staff, stores and credentials; no catalog writes)
    # when a read, staff or store operation is called with a generated case
    # then the answer is documented and matches its schema
    case.call_and_validate(headers=world.admin, checks=CHECKS)
