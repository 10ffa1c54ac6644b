"""Services for categories, products and SKUs: one audit row per write, nothing on refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.catalog import services
from zhanggui.catalog.models import Category, Listing, Product, Sku
from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import CategoryFactory


def test_category_create_writes_one_audit_row(make_staff, audit_count):
    # given
    operator = make_staff("operator")
    parent = CategoryFactory(name="女装")
    before = audit_count()
    # when
    category = services.category_create(by=operator, name=" 连衣裙 ", parent=parent, sort_order=2)
    # then
    assert (category.name, category.parent_id, category.sort_order) == ("连衣裙", parent.pk, 2)
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "catalog.category.create"
    assert event.after == {"name": "连衣裙", "parent": parent.pk, "sort_order": 2}


def test_category_create_denied_to_cs_agent(make_staff, audit_count):
    # given
    agent = make_staff("cs_agent")
    before = audit_count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.category_create(by=agent, name="男装")
    assert not Category.objects.filter(name="男装").exists()
    assert audit_count() == before


def test_category_top_level_names_are_unique(make_staff):
    # given
    operator = make_staff("operator")
    CategoryFactory(name="男装")
    # when / then
    with pytest.raises(ConflictError):
        services.category_create(by=operator, name="男装")
    assert Category.objects.filter(name="男装").count() == 1


def test_category_move_refuses_a_cycle(make_staff, audit_count):
    # given: 女装 › 连衣裙 › 长裙
    operator = make_staff("operator")
    top = CategoryFactory(name="女装")
    middle = CategoryFactory(name="连衣裙", parent=top)
    leaf = CategoryFactory(name="长裙", parent=middle)
    before = audit_count()
    # when / then: 女装 cannot go under its grandchild
    with pytest.raises(ValidationFailed) as error:
        services.category_move(by=operator, category=top, parent=leaf)
    assert error.value.errors[0].field == "parent"
    top.refresh_from_db()
    assert top.parent_id is None
    assert audit_count() == before


def test_category_move_and_update(make_staff, audit_count):
    # given
    operator = make_staff("operator")
    top = CategoryFactory(name="女装")
    loose = CategoryFactory(name="半身裙")
    before = audit_count()
    # when
    services.category_move(by=operator, category=loose, parent=top)
    services.category_update(by=operator, category=loose, name="半身裙/短裙", sort_order=5)
    # then
    loose.refresh_from_db()
    assert (loose.parent_id, loose.name, loose.sort_order) == (top.pk, "半身裙/短裙", 5)
    assert audit_count() == before + 2
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-2:] == [
        "catalog.category.move",
        "catalog.category.update",
    ]


def test_product_create_lists_offline_in_each_store(make_staff, store, other_store, audit_count):
    # given
    manager = make_staff("manager")
    before = audit_count()
    # when
    product = services.product_create(
        by=manager, spu_code="SPU-NEW", name="真丝衬衫", store_ids=[store.pk, other_store.pk], brand="掌柜优选"
    )
    # then
    assert sorted(Listing.objects.filter(product=product).values_list("store_id", "status")) == sorted(
        [(store.pk, "offline"), (other_store.pk, "offline")]
    )
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id) == ("catalog.product.create", str(product.pk))
    assert event.after["stores"] == sorted([store.code, other_store.code])


def test_product_create_needs_a_store(make_staff, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed) as error:
        services.product_create(by=operator, spu_code="SPU-X", name="无店铺商品", store_ids=[])
    assert error.value.errors[0].field == "store_ids"
    assert not Product.objects.filter(spu_code="SPU-X").exists()
    assert audit_count() == before


def test_product_create_in_another_store_is_not_found(make_staff, other_store, audit_count):
    # given: an operator of ``store`` only
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(NotFoundError):
        services.product_create(by=operator, spu_code="SPU-Y", name="别家商品", store_ids=[other_store.pk])
    assert not Product.objects.filter(spu_code="SPU-Y").exists()
    assert audit_count() == before


def test_product_update_records_only_changed_fields(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    services.product_update(
        by=operator,
        product=catalog.product,
        spu_code="SPU-TEE",
        name="精梳棉T恤",
        category=catalog.product.category,
        brand=catalog.product.brand,
        description="",
        reason="名称规范",
    )
    # then
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.before, event.after, event.reason) == ({"name": "纯棉T恤"}, {"name": "精梳棉T恤"}, "名称规范")


def test_product_update_of_another_stores_product_is_not_found(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(NotFoundError):
        services.product_update(
            by=operator,
            product=catalog.theirs,
            spu_code="SPU-DOWN",
            name="改名",
            category=None,
            brand="",
            description="",
        )
    catalog.theirs.refresh_from_db()
    assert catalog.theirs.name == "羽绒服"
    assert audit_count() == before


def test_sku_create_keeps_known_attributes(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    sku = services.sku_create(
        by=operator,
        product=catalog.product,
        merchant_code="TEE-GRY-S",
        list_price=Decimal("99.00"),
        price_floor=Decimal("60.00"),
        attributes={"color": " 灰色 ", "size": "S", "material": ""},
    )
    # then
    assert sku.attributes == {"color": "灰色", "size": "S"}
    assert audit_count() == before + 1
    assert AuditEvent.objects.latest("id").action == "catalog.sku.create"


def test_sku_create_refuses_unknown_attribute_and_duplicate_code(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed):
        services.sku_create(
            by=operator, product=catalog.product, merchant_code="TEE-1", list_price=Decimal("1"), attributes={"x": "1"}
        )
    with pytest.raises(ConflictError):
        services.sku_create(by=operator, product=catalog.product, merchant_code="TEE-WHT-M", list_price=Decimal("1"))
    with pytest.raises(ValidationFailed):
        services.sku_create(
            by=operator,
            product=catalog.product,
            merchant_code="TEE-2",
            list_price=Decimal("10.00"),
            price_floor=Decimal("20.00"),
        )
    assert Sku.objects.filter(product=catalog.product).count() == 2
    assert audit_count() == before


def test_sku_update_changes_codes_not_prices(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    services.sku_update(
        by=operator,
        sku=catalog.white,
        merchant_code="TEE-WHT-M2",
        barcode="6900000000001",
        attributes={"color": "白色", "size": "M", "material": "纯棉"},
        is_active=False,
    )
    # then
    catalog.white.refresh_from_db()
    assert (catalog.white.merchant_code, catalog.white.is_active, catalog.white.list_price) == (
        "TEE-WHT-M2",
        False,
        Decimal("99.00"),
    )
    assert audit_count() == before + 1
    assert AuditEvent.objects.latest("id").after["attributes"] == {"color": "白色", "size": "M", "material": "纯棉"}
