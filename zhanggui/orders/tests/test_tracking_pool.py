"""The tracking-number pool: imports that add each number once, print and ship that takes distinct
numbers and changes nothing when the pool runs short (two concurrent batches on PostgreSQL)."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection

from zhanggui.catalog.models import Stock
from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, Shipment, TrackingNumber
from zhanggui.orders.selectors import tracking_pool_counts
from zhanggui.orders.services import (
    PoolAddResult,
    order_batch_print_ship,
    tracking_pool_add,
    tracking_pool_import,
)

from .pdfs import pdf_pages

ZTO = ["781000000000001", "781000000000002", "781000000000003"]


def csv_file(*rows: str) -> io.BytesIO:
    return io.BytesIO(("\n".join(rows) + "\n").encode("utf-8"))


def pool(carrier: str = "ZTO") -> list[tuple[str, str | None]]:
    """The carrier's numbers in pool order with the order number each was used for."""
    return [
        (number.tracking_no, number.order.platform_order_id if number.order else None)
        for number in TrackingNumber.objects.filter(carrier=carrier).select_related("order").order_by("pk")
    ]


def buyer(n: int) -> dict[str, str]:
    """A buyer of their own, so the orders are no merge candidates of each other."""
    return {"buyer_nickname": f"tb_买家{n}", "receiver_phone": f"1380000{n:04d}"}


@pytest.mark.django_db
def test_pool_import_adds_each_number_once(clerk):
    # given: a file with a header, a repeated number and a blank row
    upload = ("物流单号", ZTO[0], ZTO[1], "", ZTO[1], ZTO[2])
    # when: imported twice
    first = tracking_pool_import(by=clerk, carrier="zto", stream=csv_file(*upload))
    again = tracking_pool_import(by=clerk, carrier="ZTO", stream=csv_file(*upload))
    # then
    assert (first, again) == (
        PoolAddResult(carrier="ZTO", added=3, existing=0),
        PoolAddResult(carrier="ZTO", added=0, existing=3),
    )
    assert pool() == [(ZTO[0], None), (ZTO[1], None), (ZTO[2], None)]
    rows = AuditEvent.objects.filter(action="orders.tracking_pool.add").order_by("pk")
    assert [row.after for row in rows] == [
        {"carrier": "ZTO", "added": 3, "existing": 0},
        {"carrier": "ZTO", "added": 0, "existing": 3},
    ]
    zto = next(count for count in tracking_pool_counts() if count.carrier == "ZTO")
    assert (zto.unused, zto.used) == (3, 0)


@pytest.mark.django_db
def test_pool_refuses_a_file_with_a_bad_number_and_adds_nothing(clerk):
    # given: row 3 is a YTO number, not a ZTO one
    upload = csv_file(ZTO[0], ZTO[1], "YT6123456789012")
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        tracking_pool_import(by=clerk, carrier="ZTO", stream=upload)
    assert [(error.field, error.message) for error in refused.value.errors] == [
        ("file", "Row 3: YT6123456789012 is not a ZTO Express tracking number.")
    ]
    assert pool() == []
    assert not AuditEvent.objects.filter(action="orders.tracking_pool.add").exists()


@pytest.mark.django_db
def test_pool_needs_the_shipping_permission(make_staff):
    with pytest.raises(PermissionDeniedError):
        tracking_pool_add(by=make_staff("cs_agent"), carrier="ZTO", numbers=ZTO)
    assert pool() == []


@pytest.mark.django_db
def test_print_and_ship_assigns_the_next_numbers_and_ships(make_order, clerk, goods):
    # given: three pool numbers, two orders awaiting shipment and one unpaid
    tracking_pool_add(by=clerk, carrier="ZTO", numbers=ZTO)
    first = make_order("T1", status="paid", **buyer(1))
    unpaid = make_order("T2", **buyer(2))
    second = make_order("T3", status="paid", **buyer(3))
    # when
    result = order_batch_print_ship(by=clerk, carrier="ZTO", order_ids=[first.pk, unpaid.pk, second.pk])
    # then: the two shipped with the first two numbers in the order chosen, the unpaid one reported
    assert result.batch.done == [first.pk, second.pk]
    assert result.batch.errors == {unpaid.pk: "Order T2 cannot go from “Awaiting payment” to “Shipped”."}
    assert result.tracking_numbers == {first.pk: ZTO[0], second.pk: ZTO[1]}
    assert pool() == [(ZTO[0], "T1"), (ZTO[1], "T3"), (ZTO[2], None)]
    assert sorted(Shipment.objects.values_list("order__platform_order_id", "carrier", "tracking_no")) == [
        ("T1", "ZTO", ZTO[0]),
        ("T3", "ZTO", ZTO[1]),
    ]
    assert dict(Order.objects.values_list("platform_order_id", "status")) == {
        "T1": "shipped",
        "T2": "pending_payment",
        "T3": "shipped",
    }
    assert result.labels is not None
    assert [page.splitlines()[:2] for page in pdf_pages(result.labels)] == [
        ["ZTO Express", ZTO[0]],
        ["ZTO Express", ZTO[1]],
    ]
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1


@pytest.mark.django_db
def test_print_and_ship_short_of_numbers_changes_nothing(make_order, clerk, goods):
    # given: one number for two orders
    tracking_pool_add(by=clerk, carrier="ZTO", numbers=ZTO[:1])
    first = make_order("T1", status="paid", **buyer(1))
    second = make_order("T2", status="paid", **buyer(2))
    before = AuditEvent.objects.count()
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        order_batch_print_ship(by=clerk, carrier="ZTO", order_ids=[first.pk, second.pk])
    assert [(error.field, error.message) for error in refused.value.errors] == [
        ("carrier", "Only 1 unused ZTO Express tracking number(s) left for 2 order(s); import more.")
    ]
    assert pool() == [(ZTO[0], None)]
    assert Shipment.objects.count() == 0
    assert set(Order.objects.values_list("status", flat=True)) == {"awaiting_shipment"}
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_print_and_ship_needs_the_shipping_permission(make_order, make_staff, clerk, goods):
    tracking_pool_add(by=clerk, carrier="ZTO", numbers=ZTO[:1])
    order = make_order("T1", status="paid")
    with pytest.raises(PermissionDeniedError):
        order_batch_print_ship(by=make_staff("cs_agent"), carrier="ZTO", order_ids=[order.pk])
    assert pool() == [(ZTO[0], None)]
    assert Shipment.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_printing_at_once_never_share_a_number(make_order, make_staff, goods):
    # given: six numbers and two clerks with three orders each (of 2 units; 12 in stock)
    Stock.objects.filter(pk=goods.white_stock.pk).update(on_hand=12)
    clerks = [make_staff("order_clerk"), make_staff("order_clerk")]
    numbers = [f"78100000000010{n}" for n in range(6)]
    tracking_pool_add(by=clerks[0], carrier="ZTO", numbers=numbers)
    batches = [[make_order(f"T{b}{n}", status="paid", **buyer(b * 10 + n)).pk for n in range(3)] for b in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    failed: list[dict[int, str]] = []

    def clerk_prints(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = order_batch_print_ship(by=clerks[index], carrier="ZTO", order_ids=batches[index])
            failed.append(result.batch.errors)
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk_prints, args=(index,)) for index in range(2)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then: every order shipped once, each with its own number, and the pool is used up
    assert (errors, failed) == ([], [{}, {}])
    shipped = list(Shipment.objects.values_list("tracking_no", flat=True))
    assert sorted(shipped) == numbers
    assert set(Order.objects.values_list("status", flat=True)) == {"shipped"}
    assert sorted(number for number, order in pool() if order is not None) == numbers
