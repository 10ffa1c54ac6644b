"""Listing and delisting in stores."""

from __future__ import annotations

import pytest

from zhanggui.catalog import services
from zhanggui.catalog.models import Listing
from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError
from zhanggui.core.models import AuditEvent


def test_listing_status_change_writes_one_audit_row(make_staff, catalog, store, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    listing = services.listing_status_change(by=operator, listing=catalog.listing, status="online")
    # then
    assert listing.status == "online"
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.store_id, event.before, event.after) == (
        "catalog.listing.status_change",
        store.pk,
        {"status": "offline"},
        {"status": "online"},
    )


def test_listing_status_change_denied_and_out_of_scope(make_staff, catalog, audit_count):
    # given
    agent, operator = make_staff("cs_agent"), make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.listing_status_change(by=agent, listing=catalog.listing, status="online")
    with pytest.raises(NotFoundError):
        services.listing_status_change(by=operator, listing=catalog.their_listing, status="offline")
    assert list(Listing.objects.order_by("pk").values_list("status", flat=True)) == ["offline", "online"]
    assert audit_count() == before


def test_listing_in_a_new_store_offers_the_product_there(make_staff, catalog, other_store, audit_count):
    # given: a manager (all stores)
    manager = make_staff("manager")
    before = audit_count()
    # when
    listing = services.listing_status_change(by=manager, product=catalog.product, store=other_store, status="online")
    # then
    assert (listing.product_id, listing.store_id, listing.status) == (catalog.product.pk, other_store.pk, "online")
    assert audit_count() == before + 1


def test_batch_listing_by_products_in_a_store(make_staff, catalog, store, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    listings = services.listing_batch_status_change(
        by=operator, status="online", products=[catalog.product], store=store
    )
    # then
    assert [(item.pk, item.status) for item in listings] == [(catalog.listing.pk, "online")]
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.after == {"SPU-TEE@" + store.code: {"status": "online"}}
    assert event.store_id == store.pk


def test_batch_listing_with_another_stores_listing_changes_nothing(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(NotFoundError):
        services.listing_batch_status_change(
            by=operator, status="online", listings=[catalog.listing, catalog.their_listing]
        )
    catalog.listing.refresh_from_db()
    assert catalog.listing.status == "offline"
    assert audit_count() == before
