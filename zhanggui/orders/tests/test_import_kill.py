"""A worker killed with SIGKILL in the middle of an order import's write, then the task run again,
leaves exactly the result of a clean run.

Run on PostgreSQL (``DATABASE_URL=postgres://…``): the worker is a real second process, killed
while its transaction holds the written orders, lines, buyers and stock changes uncommitted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection

from zhanggui.catalog.models import Stock
from zhanggui.core.imports import import_job_run
from zhanggui.core.models import AuditEvent, ImportJob, ImportStatus
from zhanggui.orders.imports import IMPORTERS, order_import_confirm, order_import_upload
from zhanggui.orders.models import Buyer, Order, OrderLine, Shipment

from .import_files import TAOBAO_LINE_HEADER, TAOBAO_ORDER_HEADER, taobao_line, taobao_order, upload

ORDERS = 120
STATUSES = ("买家已付款，等待卖家发货", "交易成功", "等待买家付款", "交易关闭")

# The worker: runs the job, and once every row is written (uncommitted) says so and waits to be killed.
WORKER = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from django.conf import settings
    settings.MEDIA_ROOT = sys.argv[2]
    from zhanggui.core.imports import import_job_run
    from zhanggui.orders.imports import IMPORTERS
    from zhanggui.orders.imports.writing import NewOrders

    written = NewOrders.route

    def route_then_hang(self, paid):
        held = written(self, paid)
        open(sys.argv[3], "w").close()
        time.sleep(120)
        return held

    NewOrders.route = route_then_hang
    import_job_run(job_id=int(sys.argv[1]), importer=IMPORTERS["taobao"])
    """
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def files():  # type: ignore[no-untyped-def]
    orders = [taobao_order(f"{n:04d}", buyer=f"tb_{n % 40}", status=STATUSES[n % 4]) for n in range(ORDERS)]
    lines = [taobao_line(f"{n:04d}", quantity=str(1 + n % 2)) for n in range(ORDERS)]
    return orders, lines


def confirmed(by, store, capture):  # type: ignore[no-untyped-def]
    """A previewed, confirmed job whose run has not started (its task is held back)."""
    orders, lines = files()
    with capture(execute=True):  # the check runs when the upload commits
        job = order_import_upload(
            by=by,
            store=store,
            file_format="taobao",
            upload=upload("csv", TAOBAO_ORDER_HEADER, orders, name="orders"),
            name="orders.csv",
            companion=upload("csv", TAOBAO_LINE_HEADER, lines, name="lines"),
            companion_name="lines.csv",
        )
    with mock.patch("zhanggui.core.imports.jobs.enqueue_on_commit"):  # the worker is started by the test
        order_import_confirm(by=by, job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    return job


def snapshot(job):  # type: ignore[no-untyped-def]
    return {
        "orders": sorted(
            Order.objects.values_list(
                "platform_order_id", "buyer__nickname", "status", "paid_amount", "out_of_stock", "warehouse_id"
            )
        ),
        "lines": sorted(
            OrderLine.objects.values_list("order__platform_order_id", "merchant_code", "quantity", "reserved")
        ),
        "buyers": sorted(Buyer.objects.values_list("nickname", flat=True)),
        "shipments": Shipment.objects.count(),
        "stock": sorted(Stock.objects.values_list("sku__merchant_code", "on_hand", "reserved")),
        "job_audits": AuditEvent.objects.filter(action="orders.import", object_id=str(job.pk)).count(),
        "order_audits": AuditEvent.objects.filter(action__startswith="orders.order.").count(),
    }


def forget_the_import(stock):  # type: ignore[no-untyped-def]
    Order.objects.all().delete()
    Buyer.objects.all().delete()
    for pk, on_hand, reserved in stock:
        Stock.objects.filter(pk=pk).update(on_hand=on_hand, reserved=reserved)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_then_run_again_equals_a_clean_run(
    make_staff, store, goods, django_capture_on_commit_callbacks, tmp_path
):
    clerk = make_staff("order_clerk")
    initial_stock = list(Stock.objects.values_list("pk", "on_hand", "reserved"))

    # given the result of a clean run of the pair
    clean_job = confirmed(clerk, store, django_capture_on_commit_callbacks)
    import_job_run(job_id=clean_job.pk, importer=IMPORTERS["taobao"])
    clean = snapshot(clean_job)
    assert (len(clean["orders"]), clean["job_audits"]) == (ORDERS, 1)
    forget_the_import(initial_stock)

    # when a worker is killed (SIGKILL) after writing every row, before its commit
    job = confirmed(clerk, store, django_capture_on_commit_callbacks)
    marker = tmp_path / "written"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhanggui.settings.test",
        "DATABASE_URL": _database_url(),
    }
    media_root = str(django_settings.MEDIA_ROOT)
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(job.pk), media_root, str(marker)], env=env)
    try:
        _wait_for(marker, worker)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    # then nothing of it is left but a job still marked running
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert (Order.objects.count(), Buyer.objects.count()) == (0, 0)
    assert sorted(Stock.objects.values_list("pk", "on_hand", "reserved")) == sorted(initial_stock)

    # when the task is delivered again (a restarted worker), and once more after it finished
    import_job_run(job_id=job.pk, importer=IMPORTERS["taobao"])
    again = import_job_run(job_id=job.pk, importer=IMPORTERS["taobao"])

    # then the result is exactly the clean run's
    job.refresh_from_db()
    assert (job.status, again) == (ImportStatus.DONE, None)
    assert snapshot(job) == clean
    assert {k: v for k, v in job.result.items() if not k.endswith("_seconds")} == {
        k: v for k, v in ImportJob.objects.get(pk=clean_job.pk).result.items() if not k.endswith("_seconds")
    }


def _database_url() -> str:
    db = connection.settings_dict
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or "5432"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _wait_for(marker: Path, worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert worker.poll() is None, "the worker ended before writing"
        assert time.monotonic() < deadline, "the worker never wrote"
        time.sleep(0.1)
