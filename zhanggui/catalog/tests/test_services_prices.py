"""Price services: never below the floor; a batch is all or nothing with one audit row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.catalog import services
from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent


def prices(*skus):  # type: ignore[no-untyped-def]
    for sku in skus:
        sku.refresh_from_db()
    return [sku.list_price for sku in skus]


def test_price_change_writes_one_audit_row_with_reason(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    services.sku_price_change(by=operator, sku=catalog.white, list_price=Decimal("129.00"), reason="换季调价")
    # then
    assert prices(catalog.white) == [Decimal("129.00")]
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.before, event.after, event.reason) == (
        "catalog.sku.price_change",
        {"list_price": "99.00"},
        {"list_price": "129.00"},
        "换季调价",
    )


def test_price_change_below_floor_is_refused(make_staff, catalog, audit_count):
    # given: the white T-shirt's floor is 59.00
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed) as error:
        services.sku_price_change(by=operator, sku=catalog.white, list_price=Decimal("58.99"), reason="清仓")
    assert error.value.errors[0].field == "list_price"
    assert prices(catalog.white) == [Decimal("99.00")]
    assert audit_count() == before


def test_price_change_needs_a_reason_and_permission(make_staff, catalog, audit_count):
    # given
    operator, agent = make_staff("operator"), make_staff("cs_agent")
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed):
        services.sku_price_change(by=operator, sku=catalog.white, list_price=Decimal("100.00"), reason=" ")
    with pytest.raises(PermissionDeniedError):
        services.sku_price_change(by=agent, sku=catalog.white, list_price=Decimal("100.00"), reason="试试")
    assert prices(catalog.white) == [Decimal("99.00")]
    assert audit_count() == before


def test_price_change_of_another_stores_sku_is_not_found(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(NotFoundError):
        services.sku_price_change(by=operator, sku=catalog.their_sku, list_price=Decimal("1.00"), reason="改价")
    assert prices(catalog.their_sku) == [Decimal("599.00")]
    assert audit_count() == before


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        ("set", Decimal("129.00"), [Decimal("129.00"), Decimal("129.00")]),
        ("increase_pct", Decimal("10"), [Decimal("108.90"), Decimal("119.90")]),
        ("decrease_pct", Decimal("5.5"), [Decimal("93.56"), Decimal("103.01")]),
        ("increase_amount", Decimal("0.50"), [Decimal("99.50"), Decimal("109.50")]),
        ("decrease_amount", Decimal("10.00"), [Decimal("89.00"), Decimal("99.00")]),
    ],
)
def test_batch_price_change_modes(make_staff, catalog, audit_count, mode, value, expected):
    # given: white 99.00 (floor 59.00), black 109.00 (floor 89.00)
    operator = make_staff("operator")
    before = audit_count()
    # when
    services.sku_price_batch_change(
        by=operator, skus=[catalog.white, catalog.black], mode=mode, value=value, reason="大促"
    )
    # then
    assert prices(catalog.white, catalog.black) == expected
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "catalog.sku.price_batch_change"
    assert event.after == {
        "TEE-WHT-M": {"list_price": str(expected[0])},
        "TEE-BLK-L": {"list_price": str(expected[1])},
    }
    assert event.reason == "大促"


def test_batch_price_change_below_any_floor_changes_nothing(make_staff, catalog, audit_count):
    # given: a 20% cut takes white to 79.20 (floor 59.00, fine) and black to 87.20 (floor 89.00, refused)
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed) as error:
        services.sku_price_batch_change(
            by=operator, skus=[catalog.white, catalog.black], mode="decrease_pct", value=Decimal("20"), reason="大促"
        )
    assert [(e.field, e.message) for e in error.value.errors] == [
        ("skus.TEE-BLK-L", "TEE-BLK-L: 87.20 is below the price floor 89.00.")
    ]
    assert prices(catalog.white, catalog.black) == [Decimal("99.00"), Decimal("109.00")]
    assert audit_count() == before


def test_batch_price_change_lists_every_refused_sku(make_staff, catalog):
    # given
    operator = make_staff("operator")
    # when / then: setting 50.00 is below both floors
    with pytest.raises(ValidationFailed) as error:
        services.sku_price_batch_change(
            by=operator, skus=[catalog.white, catalog.black], mode="set", value=Decimal("50.00"), reason="清仓"
        )
    assert sorted(e.field for e in error.value.errors) == ["skus.TEE-BLK-L", "skus.TEE-WHT-M"]
    assert prices(catalog.white, catalog.black) == [Decimal("99.00"), Decimal("109.00")]


def test_batch_price_change_with_another_stores_sku_changes_nothing(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(NotFoundError):
        services.sku_price_batch_change(
            by=operator, skus=[catalog.white, catalog.their_sku], mode="set", value=Decimal("120.00"), reason="调价"
        )
    assert prices(catalog.white, catalog.their_sku) == [Decimal("99.00"), Decimal("599.00")]
    assert audit_count() == before


def test_batch_price_change_refuses_bad_mode_and_values(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    for mode, value in (("halve", Decimal("1")), ("decrease_pct", Decimal("101")), ("set", Decimal("1.001"))):
        with pytest.raises(ValidationFailed):
            services.sku_price_batch_change(by=operator, skus=[catalog.white], mode=mode, value=value, reason="调价")
    assert prices(catalog.white) == [Decimal("99.00")]
    assert audit_count() == before


def test_price_floor_change(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    services.sku_price_floor_change(by=operator, sku=catalog.white, price_floor=Decimal("69.00"), reason="成本上涨")
    # then
    catalog.white.refresh_from_db()
    assert catalog.white.price_floor == Decimal("69.00")
    assert audit_count() == before + 1
    assert AuditEvent.objects.latest("id").after == {"price_floor": "69.00"}


def test_price_floor_above_list_price_is_refused(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed) as error:
        services.sku_price_floor_change(by=operator, sku=catalog.white, price_floor=Decimal("99.01"), reason="成本")
    assert error.value.errors[0].field == "price_floor"
    catalog.white.refresh_from_db()
    assert catalog.white.price_floor == Decimal("59.00")
    assert audit_count() == before
