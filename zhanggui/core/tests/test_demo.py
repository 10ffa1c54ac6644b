"""The demo shop: exact contents at size small, idempotent reruns, working logins, determinism.

The small shop is built once for the module (``demo_shop``); each test sees it fresh, in its own
savepoint. Tests comparing two catalogs rebuild only up to the catalog: the orders are not compared.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from zhanggui.accounts.models import Staff, Team
from zhanggui.aftersales.models import Case, Refund
from zhanggui.catalog.models import (
    Category,
    KnowledgeEntry,
    Listing,
    Product,
    ProductImage,
    Sku,
    Stock,
    Warehouse,
)
from zhanggui.core.demo import DEMO_PASSWORD
from zhanggui.core.models import AuditEvent
from zhanggui.core.policy import ROLES
from zhanggui.orders.models import BlacklistEntry, Buyer, Order, StoreRating, TrackingNumber
from zhanggui.service.models import Contact, Conversation, FollowUp, PhoneCall
from zhanggui.stores.models import Store, StoreCredential
from zhanggui.testing.demo import demo_build_pinned

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts() -> dict[str, int]:
    models = [
        *(Staff, Team, Store, StoreCredential, Category, Warehouse),
        *(Product, Sku, Stock, Listing, KnowledgeEntry, ProductImage),
    ]
    return {model.__name__: model.objects.count() for model in models}


def catalog_snapshot() -> dict[str, Any]:
    """Everything the demo draws at random, keyed by natural keys."""
    return {
        "products": set(Product.objects.values_list("spu_code", "name", "category__name", "description")),
        "skus": set(
            Sku.objects.values_list("merchant_code", "barcode", "list_price", "price_floor", "attributes__color")
        ),
        "stock": set(Stock.objects.values_list("sku__merchant_code", "warehouse__code", "on_hand")),
        "listings": set(Listing.objects.values_list("product__spu_code", "store__code", "status", "platform_item_id")),
        "knowledge": set(KnowledgeEntry.objects.values_list("product__spu_code", "kind", "title", "body")),
        "pictures": set(ProductImage.objects.values_list("product__spu_code", "position", "file")),
        "sku_pictures": set(Sku.objects.values_list("merchant_code", "image__file")),
        "credentials": {
            (c.store.code, c.app_key, c.app_secret, c.webhook_secret) for c in StoreCredential.objects.all()
        },
    }


def wipe_demo() -> None:
    # conversations and their buyers refer to stores and orders; the after-sales cases and refunds to
    # orders; the orders and tracking pool to stores, SKUs, staff
    for model in [FollowUp, PhoneCall, Conversation, Contact]:
        model.objects.all().delete()
    for model in [Refund, Case, StoreRating, TrackingNumber, Order, Buyer, BlacklistEntry]:
        model.objects.all().delete()
    for model in [KnowledgeEntry, Stock, Listing, Sku, Product, StoreCredential, Store, Warehouse, Team, Staff]:
        model.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()


def test_small_demo_builds_the_expected_shop(demo_shop):
    # when the small demo was built
    ctx = demo_shop

    # then
    assert counts() == {
        "Staff": 10,
        "Team": 3,
        "Store": 7,
        "StoreCredential": 7,
        "Category": 13,
        "Warehouse": 3,
        "Product": 60,
        "Sku": 599,
        "Stock": 1096,
        "Listing": 283,
        "KnowledgeEntry": 193,
        "ProductImage": 168,
    }
    assert "knowledge entries: 193 (193 new)" in ctx.log
    # one picture per colour of each product, drawn once per product line and colour
    assert "pictures: 168 new, showing 42 drawings" in ctx.log
    assert ProductImage.objects.values("file").distinct().count() == 42
    assert ProductImage.objects.filter(position=0).count() == 60
    assert Sku.objects.filter(image__isnull=True).count() == 0
    assert sorted(ctx.made["stores"]) == ["cross_border", "douyin", "jd", "own", "pdd", "taobao", "tmall"]
    assigned = {s.code: sorted(s.staff.values_list("username", flat=True)) for s in Store.objects.all()}
    assert assigned == {
        "nm-tmall": ["aftersales", "cs_agent", "cs_lead", "operator", "order_clerk"],
        "nm-taobao": ["aftersales", "cs_agent", "cs_lead", "operator", "order_clerk"],
        "nm-jd": ["cs_lead", "order_clerk"],
        "nm-pdd": ["order_clerk"],
        "nm-douyin": ["operator"],
        "nm-own": ["editor"],
        "nm-hk": [],
    }
    assert Store.objects.get(code="nm-hk").currency == "HKD"
    assert Counter(Product.objects.values_list("category__name", flat=True)) == {
        "连衣裙": 10,
        "T恤": 8,
        "羽绒服": 8,
        "针织衫": 7,
        "半身裙": 6,
        "四件套": 6,
        "被子": 5,
        "枕头": 4,
        "围巾": 4,
        "帽子": 2,
    }
    assert Stock.objects.filter(on_hand=0).count() == 65
    assert Stock.objects.filter(on_hand__gt=0, on_hand__lt=F("low_stock_threshold")).count() == 116
    assert Listing.objects.filter(status="offline").count() == 37
    assert not Sku.objects.filter(list_price__lte=F("price_floor")).exists()
    assert KnowledgeEntry.objects.filter(search_text="").count() == 0


def test_demo_barcodes_are_valid_chinese_ean13(demo_shop):
    # given the small demo

    # when
    barcodes = list(Sku.objects.values_list("barcode", flat=True))

    # then
    assert len(set(barcodes)) == 599
    for code in barcodes:
        assert len(code) == 13
        assert code.startswith("69")
        assert sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code)) % 10 == 0


def test_a_second_run_changes_nothing(demo_shop):
    # given the small demo
    before_counts, before = counts(), catalog_snapshot()
    audit_rows = AuditEvent.objects.count()

    # when
    ctx = demo_build_pinned(size="small")

    # then
    assert counts() == before_counts
    assert catalog_snapshot() == before
    assert AuditEvent.objects.count() == audit_rows
    assert "knowledge entries: 193 (0 new)" in ctx.log


def test_every_demo_role_can_log_in_with_the_demo_password(demo_shop):
    # given the small demo

    for role in ROLES:
        # when
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": role, "password": DEMO_PASSWORD})

        # then
        assert response.status_code == 302, role
        assert client.session["_auth_user_id"] == str(Staff.objects.get(username=role).pk)


def test_two_fresh_runs_build_the_same_shop(demo_shop):
    # given the small demo, then an empty database
    first = catalog_snapshot()
    wipe_demo()

    # when it is built again
    demo_build_pinned(size="small", catalog_only=True)

    # then
    assert len(first["skus"]) == 599
    assert catalog_snapshot() == first


def test_a_bigger_size_keeps_every_product_of_the_smaller_one(demo_shop):
    # given the small demo, then an empty database
    small = catalog_snapshot()
    wipe_demo()

    # when the medium one is built
    demo_build_pinned(size="medium", catalog_only=True)

    # then
    medium = catalog_snapshot()
    assert len(medium["products"]) == 300
    for part in ["products", "skus", "stock", "listings", "knowledge", "pictures", "sku_pictures"]:
        assert small[part] <= medium[part], part
