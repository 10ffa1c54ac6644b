"""The product import service: preview with exact errors, confirm once, re-import, GBK, crash and re-run."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.utils import translation

from zhanggui.catalog.imports import product_import_confirm, product_import_preview, product_import_retry
from zhanggui.catalog.models import Category, Listing, Product, Sku, Stock
from zhanggui.core.audit import AuditEvent
from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.imports import import_job_run
from zhanggui.core.models import ImportJob, ImportStatus
from zhanggui.testing.factories import ListingFactory, SkuFactory, StockFactory, WarehouseFactory

from .import_files import IMPORT_KINDS, KINDS, product_row, upload

CLEAN_RESULT = {
    "products_created": 2,
    "products_updated": 0,
    "skus_created": 3,
    "skus_updated": 0,
    "skus_unchanged": 0,
    "stock_set": 3,
    "listings_created": 2,
    "listings_changed": 0,
    "categories_created": 3,
    "created": 3,
    "updated": 0,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def warehouse(db):  # type: ignore[no-untyped-def]
    return WarehouseFactory(code="hz-main", name="杭州主仓")


@pytest.fixture
def operator(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("operator")


def good_rows(store_code: str) -> list[list[object]]:
    return [
        product_row(
            spu_code="SPU001",
            name="纯棉T恤",
            category="女装/T恤",
            brand="掌柜优选",
            merchant_code="MC001",
            barcode="6901000000011",
            color="白色",
            size="M",
            material="棉",
            style="圆领",
            list_price="99.00",
            price_floor="59.00",
            warehouse="hz-main",
            on_hand="10",
            stores=store_code,
            status="上架",
        ),
        # Product-level cells may be left empty on the product's other rows (merged cells).
        product_row(
            spu_code="SPU001",
            merchant_code="MC002",
            color="白色",
            size="L",
            list_price="99",
            price_floor="59",
            warehouse="hz-main",
            on_hand="5",
        ),
        product_row(
            spu_code="SPU002",
            name="雪纺连衣裙",
            category="女装/连衣裙",
            merchant_code="MC003",
            color="红色",
            size="S",
            list_price="199.5",
            warehouse="hz-main",
            on_hand="0",
            stores=store_code,
            status="下架",
        ),
    ]


@pytest.fixture
def preview(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Upload a file; its check runs when the upload commits (Huey runs tasks inline in tests)."""

    def upload_and_check(by, kind, rows, **kwargs):  # type: ignore[no-untyped-def]
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            job = product_import_preview(by=by, upload=upload(kind, rows, **kwargs), name=f"products.{kind}")
        job.refresh_from_db()
        return job

    return upload_and_check


def confirm(by, job, capture):  # type: ignore[no-untyped-def]
    with translation.override("en"), capture(execute=True):
        job = product_import_confirm(by=by, job_id=job.pk)
    job.refresh_from_db()  # the task ran when the transaction committed
    return job


def catalog_state() -> dict[str, object]:
    return {
        "products": list(
            Product.objects.order_by("spu_code").values_list("spu_code", "name", "category__name", "brand")
        ),
        "skus": list(
            Sku.objects.order_by("merchant_code").values_list(
                "merchant_code", "product__spu_code", "barcode", "attributes", "list_price", "price_floor"
            )
        ),
        "stock": list(Stock.objects.order_by("sku__merchant_code").values_list("sku__merchant_code", "on_hand")),
        "listings": list(Listing.objects.order_by("product__spu_code").values_list("product__spu_code", "status")),
        "categories": sorted(Category.objects.values_list("name", flat=True)),
    }


EXPECTED_STATE = {
    "products": [("SPU001", "纯棉T恤", "T恤", "掌柜优选"), ("SPU002", "雪纺连衣裙", "连衣裙", "")],
    "skus": [
        (
            "MC001",
            "SPU001",
            "6901000000011",
            {"color": "白色", "size": "M", "material": "棉", "style": "圆领"},
            Decimal("99.00"),
            Decimal("59.00"),
        ),
        ("MC002", "SPU001", "", {"color": "白色", "size": "L"}, Decimal("99.00"), Decimal("59.00")),
        ("MC003", "SPU002", "", {"color": "红色", "size": "S"}, Decimal("199.50"), Decimal("0.00")),
    ],
    "stock": [("MC001", 10), ("MC002", 5), ("MC003", 0)],
    "listings": [("SPU001", "online"), ("SPU002", "offline")],
    "categories": ["T恤", "女装", "连衣裙"],
}


def without_timings(result: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in result.items() if not k.endswith("_seconds")}


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_a_file_with_bad_rows_reports_each_row_and_column_and_imports_nothing(
    kind, operator, store, other_store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a file whose rows break every rule once (row 2 is fine on its own)
    mine = store.code
    rows = [
        product_row(spu_code="SPU010", name="针织开衫", merchant_code="MC010", list_price="129.00", stores=mine),
        product_row(spu_code="SPU010", name="另一个名字", merchant_code="MC010", list_price="129.00"),
        product_row(spu_code="SPU011", name="衬衫", list_price="abc", stores=mine),
        product_row(
            spu_code="SPU012", name="半身裙", merchant_code="MC012", list_price="50", price_floor="60", stores=mine
        ),
        product_row(
            spu_code="SPU013",
            name="卫衣",
            merchant_code="MC013",
            list_price="9.999",
            warehouse="nowhere",
            on_hand="-1",
            stores=mine,
        ),
        product_row(
            spu_code="SPU014",
            name="风衣",
            merchant_code="MC014",
            list_price="10",
            stores=other_store.code,
            status="在售",
        ),
        product_row(spu_code="SPU015", name="马甲", merchant_code="MC015", list_price="10", stores="no-such-store"),
        product_row(spu_code="SPU016", merchant_code="MC016", list_price="10", on_hand="3", stores=mine),
    ]

    # when it is previewed
    job = preview(operator, kind, rows)

    # then every problem is listed by file row and column header, in order
    assert job.status == ImportStatus.PREVIEWED
    assert job.total_rows == 8
    assert job.errors == [
        {"row": 3, "field": "商品名称", "message": "Product SPU010 has a different value on row 2."},
        {"row": 3, "field": "商家编码", "message": "Merchant code MC010 is also on row 2."},
        {"row": 4, "field": "商家编码", "message": "This field is required."},
        {"row": 4, "field": "吊牌价", "message": "Enter an amount such as 99.00."},
        {"row": 5, "field": "吊牌价", "message": "The price is below the price floor 60.00."},
        {"row": 6, "field": "吊牌价", "message": "Use at most 2 decimal places."},
        {"row": 6, "field": "仓库编码", "message": "No active warehouse has the code nowhere."},
        {"row": 6, "field": "库存", "message": "Enter a whole number of 0 or more."},
        {
            "row": 7,
            "field": "店铺编码",
            "message": f"Store {other_store.code} does not exist or is not one of your stores.",
        },
        {"row": 7, "field": "上架状态", "message": "Enter 上架 or 下架."},
        {"row": 8, "field": "店铺编码", "message": "Store no-such-store does not exist or is not one of your stores."},
        {"row": 9, "field": "商品名称", "message": "This field is required."},
        {"row": 9, "field": "仓库编码", "message": "Enter the warehouse the stock is in."},
    ]
    assert job.error_count == 13

    # and it cannot be confirmed; nothing is imported and nothing audited
    with pytest.raises(ValidationFailed), django_capture_on_commit_callbacks(execute=True):
        product_import_confirm(by=operator, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert (Product.objects.count(), Sku.objects.count(), Stock.objects.count(), Category.objects.count()) == (
        0,
        0,
        0,
        0,
    )
    assert not AuditEvent.objects.filter(action="catalog.import").exists()


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_a_good_file_imports_exactly_once_even_if_confirmed_twice(
    kind, operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a previewed, valid file
    job = preview(operator, kind, good_rows(store.code))
    assert (job.error_count, job.total_rows, job.errors) == (0, 3, [])

    # when it is confirmed twice before the worker picks it up, and once more afterwards
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True) as enqueued:
        first = product_import_confirm(by=operator, job_id=job.pk)
        again = product_import_confirm(by=operator, job_id=job.pk)
    second = confirm(operator, job, django_capture_on_commit_callbacks)

    # then only the first confirm queued the run
    assert len(enqueued) == 1
    assert first.status == again.status == ImportStatus.QUEUED

    # then it was imported once, with exact counts, and audited once for the batch
    assert first.pk == second.pk == job.pk
    assert second.status == ImportStatus.DONE
    assert without_timings(second.result) == CLEAN_RESULT
    assert (second.processed_rows, second.progress_percent, second.message) == (3, 100, "Imported 3 rows.")
    assert catalog_state() == EXPECTED_STATE
    audits = AuditEvent.objects.filter(action="catalog.import")
    assert audits.count() == 1
    audit = audits.get()
    assert (audit.actor, audit.object_type, audit.object_id) == (operator, "core.importjob", str(job.pk))
    assert audit.after == {"file": f"products.{kind}", "sha256": job.file_sha256, "rows": 3, **CLEAN_RESULT}


@pytest.mark.parametrize("kind", KINDS)
def test_reimporting_the_same_file_changes_nothing(
    kind, operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a file imported once
    confirm(operator, preview(operator, kind, good_rows(store.code)), django_capture_on_commit_callbacks)

    # when the same file is imported again
    job = confirm(operator, preview(operator, kind, good_rows(store.code)), django_capture_on_commit_callbacks)

    # then nothing new is created or changed
    assert job.status == ImportStatus.DONE
    assert without_timings(job.result) == {
        "products_created": 0,
        "products_updated": 0,
        "skus_created": 0,
        "skus_updated": 0,
        "skus_unchanged": 3,
        "stock_set": 0,
        "listings_created": 0,
        "listings_changed": 0,
        "categories_created": 0,
        "created": 0,
        "updated": 0,
    }
    assert catalog_state() == EXPECTED_STATE
    assert AuditEvent.objects.filter(action="catalog.import").count() == 2


def test_existing_merchant_codes_are_updated_and_stock_is_set(
    operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a SKU listed in the operator's store, with 40 units of which 4 are reserved
    sku = SkuFactory(merchant_code="MC001", product__spu_code="SPU001", product__name="旧名字")
    ListingFactory(product=sku.product, store=store, status="offline")
    StockFactory(sku=sku, warehouse=warehouse, on_hand=40, reserved=4)
    rows = [
        product_row(
            spu_code="SPU001",
            name="新名字",
            merchant_code="MC001",
            list_price="88.00",
            warehouse="hz-main",
            on_hand="7",
        )
    ]

    # when a file sets its name, price and stock
    job = confirm(operator, preview(operator, "csv", rows), django_capture_on_commit_callbacks)

    # then the SKU is updated in place and the stock is set, not added
    assert (job.result["skus_updated"], job.result["products_updated"], job.result["stock_set"]) == (1, 1, 1)
    sku.refresh_from_db()
    assert (sku.product.name, sku.list_price, sku.price_floor, sku.attributes) == (
        "新名字",
        Decimal("88.00"),
        Decimal("0.00"),
        {},
    )
    assert list(Stock.objects.values_list("on_hand", "reserved")) == [(7, 4)]
    assert list(Listing.objects.values_list("status", flat=True)) == ["offline"]  # no stores given: kept


def test_stock_below_the_reserved_units_is_refused(operator, store, warehouse, preview):
    # given a SKU with 4 units reserved for paid orders
    sku = SkuFactory(merchant_code="MC001", product__spu_code="SPU001")
    ListingFactory(product=sku.product, store=store)
    StockFactory(sku=sku, warehouse=warehouse, on_hand=10, reserved=4)

    # when a file sets the stock to 3
    rows = [
        product_row(
            spu_code="SPU001", name="T恤", merchant_code="MC001", list_price="9", warehouse="hz-main", on_hand="3"
        )
    ]
    job = preview(operator, "csv", rows)

    # then the row is refused on the stock column
    assert job.errors == [
        {"row": 2, "field": "库存", "message": "The stock cannot be below the 4 units reserved for paid orders."}
    ]


def test_a_store_bound_operator_only_touches_products_of_their_stores(operator, store, other_store, preview):
    # given a product offered only in another store, and a merchant code of it
    sku = SkuFactory(merchant_code="MC900", product__spu_code="SPU900")
    ListingFactory(product=sku.product, store=other_store)

    # when the operator's file changes that product, moves its code, and adds a product listed nowhere
    rows = [
        product_row(spu_code="SPU900", name="别店商品", merchant_code="MC901", list_price="9"),
        product_row(spu_code="SPU901", name="新品", merchant_code="MC900", list_price="9", stores=store.code),
        product_row(spu_code="SPU902", name="无店铺新品", merchant_code="MC902", list_price="9"),
    ]
    job = preview(operator, "csv", rows)

    # then each is refused
    assert job.errors == [
        {"row": 2, "field": "商品编码", "message": "Product SPU900 is not offered in any of your stores."},
        {"row": 3, "field": "商家编码", "message": "Merchant code MC900 already belongs to another product."},
        {"row": 4, "field": "店铺编码", "message": "List the new product in at least one of your stores."},
    ]


def test_a_gbk_csv_with_english_headers_imports(
    operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a CSV saved by Excel in Chinese Windows (GBK), with English header aliases
    header = [
        "spu_code",
        "name",
        "category",
        "merchant_code",
        "colour",
        "size",
        "price",
        "warehouse",
        "stock",
        "stores",
    ]
    rows = [["SPU100", "羊毛大衣", "女装/外套", "MC100", "驼色", "M", "899.00", "hz-main", "12", store.code]]

    # when it is imported
    job = preview(operator, "csv", rows, header=header, encoding="gbk")
    assert job.errors == []
    job = confirm(operator, job, django_capture_on_commit_callbacks)

    # then the Chinese text arrives intact
    assert job.status == ImportStatus.DONE
    sku = Sku.objects.select_related("product__category").get()
    assert (sku.product.name, sku.product.category.name, sku.attributes) == (
        "羊毛大衣",
        "外套",
        {"color": "驼色", "size": "M"},
    )
    assert list(Stock.objects.values_list("on_hand", flat=True)) == [12]


def test_a_missing_required_column_is_reported_on_the_header_row(operator, preview):
    # given a file without the merchant code column
    header = ["商品编码", "商品名称", "吊牌价"]

    # when it is previewed
    job = preview(operator, "csv", [["SPU1", "T恤", "9"]], header=header)

    # then the header row carries the error
    assert (job.total_rows, job.errors) == (1, [{"row": 1, "field": "商家编码", "message": "This column is missing."}])


@pytest.mark.parametrize("kind", KINDS)
def test_an_interrupted_write_changes_nothing_and_the_job_can_be_run_again(
    kind, operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a confirmed file whose write fails after products and SKUs were written
    job = preview(operator, kind, good_rows(store.code))
    with mock.patch("zhanggui.catalog.imports.writing._write_stock", side_effect=RuntimeError("disk I/O error")):
        job = confirm(operator, job, django_capture_on_commit_callbacks)

    # then the catalog is unchanged, nothing is audited, and the job says so
    assert job.status == ImportStatus.FAILED
    assert job.message == "Unexpected error: nothing was changed. Run the import again or ask an administrator."
    assert (Product.objects.count(), Sku.objects.count(), Stock.objects.count(), Category.objects.count()) == (
        0,
        0,
        0,
        0,
    )
    assert not AuditEvent.objects.filter(action="catalog.import").exists()

    # when it is run again
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        product_import_retry(by=operator, job_id=job.pk)

    # then the result is exactly that of a clean run
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert without_timings(job.result) == CLEAN_RESULT
    assert catalog_state() == EXPECTED_STATE
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1


def test_a_job_left_running_by_a_dead_worker_runs_again_to_the_clean_result(
    operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a confirmed job whose worker died after claiming it (status running, nothing written)
    job = preview(operator, "csv", good_rows(store.code))
    with django_capture_on_commit_callbacks(execute=False):
        product_import_confirm(by=operator, job_id=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)

    # when the task runs again, and once more after it finished
    from zhanggui.catalog.imports import PRODUCT_IMPORT

    import_job_run(job_id=job.pk, importer=PRODUCT_IMPORT)
    again = import_job_run(job_id=job.pk, importer=PRODUCT_IMPORT)

    # then it imported once, exactly like a clean run
    job.refresh_from_db()
    assert again is None
    assert job.status == ImportStatus.DONE
    assert without_timings(job.result) == CLEAN_RESULT
    assert catalog_state() == EXPECTED_STATE
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1


def test_staff_without_the_import_permission_cannot_preview(make_staff, preview):
    # given a customer-service agent
    agent = make_staff("cs_agent")

    # when they upload a product file
    with pytest.raises(PermissionDeniedError):
        preview(agent, "csv", [product_row(spu_code="S", name="n", merchant_code="M", list_price="1")])

    # then no job was kept
    assert not ImportJob.objects.exists()


def test_someone_elses_job_cannot_be_confirmed(operator, make_staff, store, warehouse, preview):
    # given an operator's valid preview
    job = preview(operator, "csv", good_rows(store.code))

    # when another operator confirms it
    from zhanggui.core.exceptions import NotFoundError

    with pytest.raises(NotFoundError):
        product_import_confirm(by=make_staff("operator"), job_id=job.pk)

    # then it is still waiting for its owner
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


def test_a_job_whose_file_was_removed_fails_with_a_clear_message(
    operator, store, warehouse, django_capture_on_commit_callbacks, preview
):
    # given a previewed file that was removed from storage before the import ran
    job = preview(operator, "csv", good_rows(store.code))
    job.file.storage.delete(job.file.name)

    # when it is confirmed
    job = confirm(operator, job, django_capture_on_commit_callbacks)

    # then the job failed, says why, and nothing was imported
    assert (job.status, job.message) == (ImportStatus.FAILED, "The uploaded file is no longer stored; upload it again.")
    assert (Product.objects.count(), Sku.objects.count()) == (0, 0)
