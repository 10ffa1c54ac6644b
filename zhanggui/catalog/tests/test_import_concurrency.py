"""Two workers run the same import at once (a duplicate delivery, or a re-run of a job that looked stuck).

Run on PostgreSQL (``DATABASE_URL=postgres://…``): the write re-checks the job's status under a row
lock, so exactly one run writes and audits; SQLite serialises writers, so the race cannot happen there.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from zhanggui.catalog.imports import PRODUCT_IMPORT, product_import_preview
from zhanggui.catalog.models import Product, Sku, Stock
from zhanggui.core.imports import import_job_run
from zhanggui.core.models import AuditEvent, ImportJob, ImportStatus
from zhanggui.testing.factories import WarehouseFactory

from .import_files import product_row, upload

WORKERS = 2
SKUS = 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_one_job_import_it_once(make_staff, store):
    # given a queued import of 200 SKUs
    WarehouseFactory(code="hz-main")
    operator = make_staff("operator")
    rows = [
        product_row(
            spu_code=f"SPU{n // 4}",
            name=f"商品{n // 4}",
            merchant_code=f"MC{n:04d}",
            list_price="99.00",
            warehouse="hz-main",
            on_hand=str(n),
            stores=store.code,
        )
        for n in range(SKUS)
    ]
    job = product_import_preview(by=operator, upload=upload("csv", rows), name="products.csv")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)

    # when two workers run it at the same moment
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            import_job_run(job_id=job.pk, importer=PRODUCT_IMPORT)
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # then the catalog holds each row once and the batch is audited once
    assert errors == []
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.result["skus_created"], job.result["products_created"]) == (SKUS, SKUS // 4)
    assert (Product.objects.count(), Sku.objects.count(), Stock.objects.count()) == (SKUS // 4, SKUS, SKUS)
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1
