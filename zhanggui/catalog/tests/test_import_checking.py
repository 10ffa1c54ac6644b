"""The background check of an uploaded product file: progress, crash, check again, no writes; the uploader is told.

Huey runs tasks inline in tests: a check runs when the upload's transaction commits, which the tests
trigger with ``django_capture_on_commit_callbacks``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone, translation

from zhanggui.catalog.imports import PRODUCT_IMPORT, product_import_confirm, product_import_preview
from zhanggui.catalog.imports import product_import_retry as retry
from zhanggui.catalog.models import Category, Listing, Product, Sku, Stock
from zhanggui.core.audit import AuditEvent
from zhanggui.core.consumers import staff_group
from zhanggui.core.exceptions import ConflictError
from zhanggui.core.imports import import_job_can_retry, import_job_check, jobs
from zhanggui.core.models import ImportJob, ImportStatus
from zhanggui.testing.factories import WarehouseFactory

from .import_files import product_row, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def operator(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("operator")


def rows_for(store_code: str, count: int) -> list[list[object]]:
    return [
        product_row(
            spu_code=f"SPU{n // 2}",
            name=f"商品{n // 2}",
            merchant_code=f"MC{n:05d}",
            list_price="99.00",
            warehouse="hz-main",
            on_hand=str(n),
            stores=store_code,
        )
        for n in range(count)
    ]


def uploaded(by, rows, capture, *, check: bool = True) -> ImportJob:  # type: ignore[no-untyped-def]
    """Upload a CSV; its check runs when the upload commits, unless ``check`` is False."""
    with translation.override("en"), capture(execute=check):
        job = product_import_preview(by=by, upload=upload("csv", rows), name="products.csv")
    job.refresh_from_db()
    return job


def catalog_is_empty() -> bool:
    tables = (Product, Sku, Stock, Listing, Category)
    return not any(model.objects.exists() for model in tables) and not AuditEvent.objects.exists()


def test_the_check_moves_the_progress_and_estimates_the_rows(
    operator, store, django_capture_on_commit_callbacks, monkeypatch
):
    # given a file of 2,000 rows, progress reported every 500 rows
    WarehouseFactory(code="hz-main")
    monkeypatch.setattr("zhanggui.core.imports.validating.PROGRESS_EVERY", 500)
    seen: list[tuple[str, int, int]] = []
    report = jobs._set_check_progress

    def recording(job_id: int, rows: int, share_read: float) -> None:
        report(job_id, rows, share_read)
        seen.append(ImportJob.objects.values_list("status", "processed_rows", "total_rows").get(pk=job_id))

    # when it is uploaded and checked
    with mock.patch.object(jobs, "_set_check_progress", recording):
        job = uploaded(operator, rows_for(store.code, 2000), django_capture_on_commit_callbacks)

    # then the job showed the rows checked so far, with an estimate of the file's rows
    assert [(status, rows) for status, rows, _estimate in seen] == [("checking", n) for n in (500, 1000, 1500, 2000)]
    assert all(1800 <= estimate <= 2200 for _status, _rows, estimate in seen), seen
    # and ends previewed with the exact count, having written nothing but the job
    assert (job.status, job.total_rows, job.processed_rows, job.error_count) == (ImportStatus.PREVIEWED, 2000, 2000, 0)
    assert job.checked_at is not None
    assert catalog_is_empty()


def test_a_crash_during_the_check_fails_the_job_and_it_can_be_checked_again(
    operator, store, django_capture_on_commit_callbacks
):
    # given a valid file whose check crashes in its database checks
    WarehouseFactory(code="hz-main")
    crash = mock.patch(
        "zhanggui.catalog.imports.validation.ProductRowValidator.check_skus", side_effect=RuntimeError("db gone")
    )
    with crash:
        job = uploaded(operator, rows_for(store.code, 3), django_capture_on_commit_callbacks)

    # then the job failed, says so, may be checked again, and nothing was written
    assert (job.status, job.checked_at, job.error_count) == (ImportStatus.FAILED, None, 0)
    assert job.message == (
        "Unexpected error while checking the file; nothing was changed. Check it again or ask an administrator."
    )
    assert import_job_can_retry(job)
    assert catalog_is_empty()

    # when it is checked again
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        again = retry(by=operator, job_id=job.pk)
    assert again.status == ImportStatus.CHECKING
    job.refresh_from_db()

    # then it is previewed like a clean upload, still without writing, and waits for a confirm
    assert (job.status, job.total_rows, job.error_count, job.message) == (ImportStatus.PREVIEWED, 3, 0, "")
    assert catalog_is_empty()
    with django_capture_on_commit_callbacks(execute=True):
        product_import_confirm(by=operator, job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, Sku.objects.count()) == (ImportStatus.DONE, 3)


def test_a_check_left_by_a_dead_worker_can_be_started_again_only_when_stale(
    operator, store, django_capture_on_commit_callbacks
):
    # given a file whose check was claimed by a worker that died 10 minutes ago
    WarehouseFactory(code="hz-main")
    job = uploaded(operator, rows_for(store.code, 2), django_capture_on_commit_callbacks, check=False)
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(minutes=10))

    # when the operator asks to check it again, then it is refused as still running
    with translation.override("en"), pytest.raises(ConflictError):
        retry(by=operator, job_id=job.pk)

    # when it has been stuck for more than half an hour, then it is checked again
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(minutes=31))
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        retry(by=operator, job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.error_count) == (ImportStatus.PREVIEWED, 2, 0)


def test_a_job_no_longer_checking_is_not_checked_again(operator, store, django_capture_on_commit_callbacks):
    # given a checked file that was confirmed
    WarehouseFactory(code="hz-main")
    job = uploaded(operator, rows_for(store.code, 2), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        product_import_confirm(by=operator, job_id=job.pk)

    # when a duplicate delivery of its check runs, then it leaves the job alone
    assert import_job_check(job_id=job.pk, importer=PRODUCT_IMPORT) is None
    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ImportStatus.QUEUED, 2)


def test_a_file_removed_before_its_check_is_reported_on_the_file(operator, store, django_capture_on_commit_callbacks):
    # given an uploaded file removed from storage before its check ran
    job = uploaded(operator, rows_for(store.code, 2), django_capture_on_commit_callbacks, check=False)
    job.file.storage.delete(job.file.name)

    # when the check runs
    with translation.override("en"):
        import_job_check(job_id=job.pk, importer=PRODUCT_IMPORT)

    # then the preview has one error for the whole file, and cannot be confirmed
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.error_count) == (ImportStatus.PREVIEWED, 0, 1)
    assert job.errors == [
        {"row": 0, "field": "file", "message": "The uploaded file is no longer stored; upload it again."}
    ]


def test_a_check_for_staff_who_lost_the_import_permission_fails(operator, store, django_capture_on_commit_callbacks):
    # given an uploaded file whose uploader became a customer-service agent before the check ran
    job = uploaded(operator, rows_for(store.code, 2), django_capture_on_commit_callbacks, check=False)
    operator.role = "cs_agent"
    operator.save(update_fields=["role"])

    # when the check runs
    with translation.override("en"):
        import_job_check(job_id=job.pk, importer=PRODUCT_IMPORT)

    # then the job failed with the reason, and nothing was written
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.FAILED, "You do not have permission to do this.")
    assert catalog_is_empty()


@pytest.fixture
def owner_inbox(operator):  # type: ignore[no-untyped-def]
    """The operator's websocket group as a channel: ``read()`` returns what was sent to it so far."""
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(staff_group(operator.pk), channel)

    async def waiting() -> list[dict[str, object]]:
        messages = []
        with contextlib.suppress(TimeoutError):
            while True:
                messages.append(await asyncio.wait_for(layer.receive(channel), timeout=0.2))
        return messages

    yield SimpleNamespace(read=lambda: async_to_sync(waiting)())
    async_to_sync(layer.group_discard)(staff_group(operator.pk), channel)


def test_the_uploader_is_told_when_the_check_and_the_import_end(
    operator, store, owner_inbox, django_capture_on_commit_callbacks
):
    # given a valid file of two rows
    WarehouseFactory(code="hz-main")

    # when it is uploaded and checked, then confirmed and imported
    job = uploaded(operator, rows_for(store.code, 2), django_capture_on_commit_callbacks)
    checked = owner_inbox.read()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        product_import_confirm(by=operator, job_id=job.pk)
    imported = owner_inbox.read()

    # then the operator's consoles heard of each end, once
    about = {"job": job.pk, "import": "catalog.products", "file": "products.csv"}
    assert checked == [
        {
            "type": "notify",
            "kind": "import.previewed",
            "payload": {**about, "status": "previewed", "errors": 0, "message": ""},
        }
    ]
    assert imported == [
        {
            "type": "notify",
            "kind": "import.done",
            "payload": {**about, "status": "done", "errors": 0, "message": "Imported 2 rows."},
        }
    ]


def test_the_uploader_is_told_when_the_check_fails(operator, store, owner_inbox, django_capture_on_commit_callbacks):
    # given a file whose check crashes
    crash = mock.patch(
        "zhanggui.catalog.imports.validation.ProductRowValidator.check_skus", side_effect=RuntimeError("db gone")
    )

    # when it is uploaded and checked
    with crash:
        job = uploaded(operator, rows_for(store.code, 1), django_capture_on_commit_callbacks)

    # then the operator hears that it failed, and why
    assert [(m["kind"], m["payload"]["message"]) for m in owner_inbox.read()] == [
        ("import.failed", job.message),
    ]
    assert job.status == ImportStatus.FAILED


def test_a_channel_layer_that_is_down_does_not_fail_the_check(
    operator, store, owner_inbox, django_capture_on_commit_callbacks, caplog
):
    # given a channel layer that refuses every message
    WarehouseFactory(code="hz-main")
    down = mock.patch.object(type(get_channel_layer()), "group_send", side_effect=ConnectionError("redis gone"))

    # when a file is uploaded and checked
    with down:
        job = uploaded(operator, rows_for(store.code, 2), django_capture_on_commit_callbacks)

    # then the check still previewed the file, and the missed notification is logged
    assert (job.status, job.total_rows) == (ImportStatus.PREVIEWED, 2)
    assert owner_inbox.read() == []
    assert [r.getMessage() for r in caplog.records if r.name == "zhanggui.core.notifications"] == [
        f"Could not notify staff member {operator.pk} of import.previewed"
    ]
