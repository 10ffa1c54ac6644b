"""Store ratings: idempotent upsert by rating number, order linking, field errors, scoped list, API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.models import StoreRating
from zhanggui.orders.selectors.ratings import rating_list
from zhanggui.orders.services.ratings import RatingData, store_rating_upsert

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)


def rating_data(number: str = "R1", **kwargs) -> RatingData:  # type: ignore[no-untyped-def]
    values = {
        "platform_rating_id": number,
        "rating": 2,
        "rated_at": AT,
        "buyer_nickname": "tb_小王",
        "text": "颜色和图片不一样",
        "product_title": "纯棉T恤",
    }
    values.update(kwargs)
    return RatingData(**values)


def rating_rows(audit_rows):  # type: ignore[no-untyped-def]
    return [(row.action, row.before, row.after) for row in audit_rows() if row.action.startswith("orders.rating")]


def test_a_new_rating_is_created_linked_to_its_order_and_audited(make_staff, store, make_order, audit_rows):
    # given an order of the store and a staff member who imports ratings
    order = make_order("T1", status="paid")
    operator = make_staff("operator")
    # when its rating is recorded
    rating, outcome = store_rating_upsert(by=operator, store=store, data=rating_data(platform_order_id="T1"))
    # then it is stored in UTC with the order linked, and audited once
    assert outcome == "created"
    assert (rating.rating, rating.order_id, rating.rated_at) == (2, order.pk, AT.astimezone(dt.UTC))
    [(action, before, after)] = rating_rows(audit_rows)
    assert (action, before) == ("orders.rating.create", None)
    assert after["platform_rating_id"] == "R1"
    assert after["order"] == order.pk


def test_the_same_rating_again_changes_nothing(store, audit_rows):
    store_rating_upsert(by=None, store=store, data=rating_data())
    _rating, outcome = store_rating_upsert(by=None, store=store, data=rating_data())
    assert outcome == "unchanged"
    assert StoreRating.objects.count() == 1
    assert len(rating_rows(audit_rows)) == 1


def test_a_changed_rating_is_updated_with_before_and_after(store, make_order, audit_rows):
    # given a rating whose order was not imported yet
    store_rating_upsert(by=None, store=store, data=rating_data(platform_order_id="T9"))
    order = make_order("T9")
    # when the buyer raises the rating and the platform sends it again
    rating, outcome = store_rating_upsert(
        by=None, store=store, data=rating_data(platform_order_id="T9", rating=4, text="客服解决了")
    )
    # then the changed fields (and the now known order) are updated and audited
    assert outcome == "updated"
    assert (rating.rating, rating.text, rating.order_id) == (4, "客服解决了", order.pk)
    assert rating_rows(audit_rows)[-1] == (
        "orders.rating.update",
        {"order": None, "rating": 2, "text": "颜色和图片不一样"},
        {"order": order.pk, "rating": 4, "text": "客服解决了"},
    )


def test_rating_numbers_are_per_store(store, other_store):
    store_rating_upsert(by=None, store=store, data=rating_data())
    store_rating_upsert(by=None, store=other_store, data=rating_data())
    assert StoreRating.objects.filter(platform_rating_id="R1").count() == 2


def test_every_bad_field_is_reported_at_once_and_nothing_written(store, audit_rows):
    data = rating_data(platform_rating_id=" ", rating=6, rated_at=None, text="x" * 2001)
    with pytest.raises(ValidationFailed) as invalid:
        store_rating_upsert(by=None, store=store, data=data)
    assert [(e.field, e.message) for e in invalid.value.errors] == [
        ("platform_rating_id", "This field is required."),
        ("rating", "Enter a rating from 1 to 5."),
        ("rated_at", "Enter the date and time of the rating."),
        ("text", "Use at most 2000 characters."),
    ]
    assert StoreRating.objects.count() == 0
    assert rating_rows(audit_rows) == []


def test_a_rating_from_the_future_is_refused(store):
    with pytest.raises(ValidationFailed) as invalid:
        store_rating_upsert(by=None, store=store, data=rating_data(rated_at=timezone.now() + dt.timedelta(days=2)))
    assert invalid.value.errors[0].field == "rated_at"


def test_staff_without_the_permission_or_the_store_write_nothing(make_staff, store, other_store, audit_rows):
    with pytest.raises(PermissionDeniedError):
        store_rating_upsert(by=make_staff("cs_agent"), store=store, data=rating_data())
    with pytest.raises(NotFoundError):
        store_rating_upsert(by=make_staff("operator"), store=other_store, data=rating_data())
    assert StoreRating.objects.count() == 0
    assert rating_rows(audit_rows) == []


# --- list ------------------------------------------------------------------------------------------
@pytest.fixture
def ratings(store, other_store):  # type: ignore[no-untyped-def]
    rows = [
        (store, "R1", 1, AT, "发货太慢", "纯棉T恤"),
        (store, "R2", 5, AT + dt.timedelta(days=1), "很好", "纯棉T恤"),
        (store, "R3", 2, AT + dt.timedelta(days=2), "尺码偏小", "连衣裙"),
        (other_store, "R4", 1, AT, "差", "纯棉T恤"),
    ]
    for shop, number, rating, at, text, title in rows:
        store_rating_upsert(
            by=None,
            store=shop,
            data=rating_data(number, rating=rating, rated_at=at, text=text, product_title=title),
        )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["R3", "R2", "R1"]),
        ({"rating": 5}, ["R2"]),
        ({"rating_max": 2}, ["R3", "R1"]),
        ({"keyword": "连衣裙"}, ["R3"]),
        ({"keyword": "R2"}, ["R2"]),
        ({"rated_from": dt.date(2026, 11, 22), "rated_to": dt.date(2026, 11, 22)}, ["R2"]),
    ],
)
def test_the_list_filters_within_the_staff_members_stores(make_staff, ratings, filters, expected):
    rows = rating_list(user=make_staff("cs_agent"), filters=filters)
    assert [r.platform_rating_id for r in rows] == expected


def test_a_manager_sees_every_store_and_an_editor_none(make_staff, ratings):
    assert rating_list(user=make_staff("manager")).count() == 4
    with pytest.raises(PermissionDeniedError):
        rating_list(user=make_staff("editor"))


# --- API ---------------------------------------------------------------------------------------------
def test_api_creates_then_updates_a_rating(make_staff, store, api_client_for):
    client = api_client_for(make_staff("cs_lead"))
    body = {"store_id": store.pk, "platform_rating_id": "R7", "rating": 1, "rated_at": "2026-11-21T09:00:00+08:00"}
    created = client.post("/api/v1/orders/ratings", body, content_type="application/json")
    again = client.post("/api/v1/orders/ratings", {**body, "rating": 3}, content_type="application/json")
    assert (created.status_code, again.status_code) == (201, 200)
    assert again.json()["rating"] == 3
    assert again.json()["store_name"] == store.name
    assert StoreRating.objects.get().rating == 3


def test_api_refuses_another_stores_rating_and_bad_fields(make_staff, other_store, store, api_client_for):
    client = api_client_for(make_staff("operator"))
    body = {"store_id": other_store.pk, "platform_rating_id": "R7", "rating": 1, "rated_at": "2026-11-21T09:00:00Z"}
    response = client.post("/api/v1/orders/ratings", body, content_type="application/json")
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "store_id")
    bad = client.post(
        "/api/v1/orders/ratings", {**body, "store_id": store.pk, "rating": 0}, content_type="application/json"
    )
    assert (bad.status_code, [e["field"] for e in bad.json()["errors"]]) == (422, ["rating"])
    assert StoreRating.objects.count() == 0


def test_api_lists_with_filters(make_staff, ratings, api_client_for):
    response = api_client_for(make_staff("cs_agent")).get("/api/v1/orders/ratings?rating_max=2")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [r["platform_rating_id"] for r in response.json()["items"]] == ["R3", "R1"]


def test_console_list_marks_low_ratings(make_staff, ratings, client_for):
    response = client_for(make_staff("cs_agent")).get("/orders/ratings/?rating_max=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="badge bg-red-lt">★') == 2
    assert "很好" not in html
