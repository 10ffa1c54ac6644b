"""Store reviews: idempotent upsert by review number, order linking, field errors, scoped list, API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.models import StoreReview
from zhanggui.orders.selectors.ratings import review_list
from zhanggui.orders.services.ratings import ReviewData, store_review_upsert

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)


def review_data(number: str = "R1", **kwargs) -> ReviewData:  # type: ignore[no-untyped-def]
    values = {
        "platform_review_id": number,
        "rating": 2,
        "reviewed_at": AT,
        "buyer_nickname": "tb_小王",
        "text": "颜色和图片不一样",
        "product_title": "纯棉T恤",
    }
    values.update(kwargs)
    return ReviewData(**values)


def review_rows(audit_rows):  # type: ignore[no-untyped-def]
    return [(row.action, row.before, row.after) for row in audit_rows() if row.action.startswith("orders.review")]


def test_a_new_review_is_created_linked_to_its_order_and_audited(make_staff, store, make_order, audit_rows):
    # given an order of the store and a staff member who imports reviews
    order = make_order("T1", status="paid")
    operator = make_staff("operator")
    # when its review is recorded
    review, outcome = store_review_upsert(by=operator, store=store, data=review_data(platform_order_id="T1"))
    # then it is stored in UTC with the order linked, and audited once
    assert outcome == "created"
    assert (review.rating, review.order_id, review.reviewed_at) == (2, order.pk, AT.astimezone(dt.UTC))
    [(action, before, after)] = review_rows(audit_rows)
    assert (action, before) == ("orders.review.create", None)
    assert after["platform_review_id"] == "R1"
    assert after["order"] == order.pk


def test_the_same_review_again_changes_nothing(store, audit_rows):
    store_review_upsert(by=None, store=store, data=review_data())
    _review, outcome = store_review_upsert(by=None, store=store, data=review_data())
    assert outcome == "unchanged"
    assert StoreReview.objects.count() == 1
    assert len(review_rows(audit_rows)) == 1


def test_a_changed_review_is_updated_with_before_and_after(store, make_order, audit_rows):
    # given a review whose order was not imported yet
    store_review_upsert(by=None, store=store, data=review_data(platform_order_id="T9"))
    order = make_order("T9")
    # when the buyer raises the rating and the review comes again
    review, outcome = store_review_upsert(
        by=None, store=store, data=review_data(platform_order_id="T9", rating=4, text="客服解决了")
    )
    # then the changed fields (and the now known order) are updated and audited
    assert outcome == "updated"
    assert (review.rating, review.text, review.order_id) == (4, "客服解决了", order.pk)
    assert review_rows(audit_rows)[-1] == (
        "orders.review.update",
        {"order": None, "rating": 2, "text": "颜色和图片不一样"},
        {"order": order.pk, "rating": 4, "text": "客服解决了"},
    )


def test_review_numbers_are_per_store(store, other_store):
    store_review_upsert(by=None, store=store, data=review_data())
    store_review_upsert(by=None, store=other_store, data=review_data())
    assert StoreReview.objects.filter(platform_review_id="R1").count() == 2


def test_every_bad_field_is_reported_at_once_and_nothing_written(store, audit_rows):
    data = review_data(platform_review_id=" ", rating=6, reviewed_at=None, text="x" * 2001)
    with pytest.raises(ValidationFailed) as invalid:
        store_review_upsert(by=None, store=store, data=data)
    assert [(e.field, e.message) for e in invalid.value.errors] == [
        ("platform_review_id", "This field is required."),
        ("rating", "Enter a rating from 1 to 5."),
        ("reviewed_at", "Enter the date and time of the review."),
        ("text", "Use at most 2000 characters."),
    ]
    assert StoreReview.objects.count() == 0
    assert review_rows(audit_rows) == []


def test_a_review_from_the_future_is_refused(store):
    with pytest.raises(ValidationFailed) as invalid:
        store_review_upsert(by=None, store=store, data=review_data(reviewed_at=timezone.now() + dt.timedelta(days=2)))
    assert invalid.value.errors[0].field == "reviewed_at"


def test_staff_without_the_permission_or_the_store_write_nothing(make_staff, store, other_store, audit_rows):
    with pytest.raises(PermissionDeniedError):
        store_review_upsert(by=make_staff("cs_agent"), store=store, data=review_data())
    with pytest.raises(NotFoundError):
        store_review_upsert(by=make_staff("operator"), store=other_store, data=review_data())
    assert StoreReview.objects.count() == 0
    assert review_rows(audit_rows) == []


# --- list ------------------------------------------------------------------------------------------
@pytest.fixture
def reviews(store, other_store):  # type: ignore[no-untyped-def]
    rows = [
        (store, "R1", 1, AT, "发货太慢", "纯棉T恤"),
        (store, "R2", 5, AT + dt.timedelta(days=1), "很好", "纯棉T恤"),
        (store, "R3", 2, AT + dt.timedelta(days=2), "尺码偏小", "连衣裙"),
        (other_store, "R4", 1, AT, "差", "纯棉T恤"),
    ]
    for shop, number, rating, at, text, title in rows:
        store_review_upsert(
            by=None,
            store=shop,
            data=review_data(number, rating=rating, reviewed_at=at, text=text, product_title=title),
        )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["R3", "R2", "R1"]),
        ({"rating": 5}, ["R2"]),
        ({"rating_max": 2}, ["R3", "R1"]),
        ({"keyword": "连衣裙"}, ["R3"]),
        ({"keyword": "R2"}, ["R2"]),
        ({"reviewed_from": dt.date(2026, 11, 22), "reviewed_to": dt.date(2026, 11, 22)}, ["R2"]),
    ],
)
def test_the_list_filters_within_the_staff_members_stores(make_staff, reviews, filters, expected):
    rows = review_list(user=make_staff("cs_agent"), filters=filters)
    assert [r.platform_review_id for r in rows] == expected


def test_a_manager_sees_every_store_and_an_editor_none(make_staff, reviews):
    assert review_list(user=make_staff("manager")).count() == 4
    with pytest.raises(PermissionDeniedError):
        review_list(user=make_staff("editor"))


# --- API ---------------------------------------------------------------------------------------------
def test_api_creates_then_updates_a_review(make_staff, store, api_client_for):
    client = api_client_for(make_staff("cs_lead"))
    body = {"store_id": store.pk, "platform_review_id": "R7", "rating": 1, "reviewed_at": "2026-11-21T09:00:00+08:00"}
    created = client.post("/api/v1/orders/reviews", body, content_type="application/json")
    again = client.post("/api/v1/orders/reviews", {**body, "rating": 3}, content_type="application/json")
    assert (created.status_code, again.status_code) == (201, 200)
    assert again.json()["rating"] == 3
    assert again.json()["store_name"] == store.name
    assert StoreReview.objects.get().rating == 3


def test_api_refuses_another_stores_review_and_bad_fields(make_staff, other_store, store, api_client_for):
    client = api_client_for(make_staff("operator"))
    body = {"store_id": other_store.pk, "platform_review_id": "R7", "rating": 1, "reviewed_at": "2026-11-21T09:00:00Z"}
    response = client.post("/api/v1/orders/reviews", body, content_type="application/json")
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "store_id")
    bad = client.post(
        "/api/v1/orders/reviews", {**body, "store_id": store.pk, "rating": 0}, content_type="application/json"
    )
    assert (bad.status_code, [e["field"] for e in bad.json()["errors"]]) == (422, ["rating"])
    assert StoreReview.objects.count() == 0


def test_api_lists_with_filters(make_staff, reviews, api_client_for):
    response = api_client_for(make_staff("cs_agent")).get("/api/v1/orders/reviews?rating_max=2")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [r["platform_review_id"] for r in response.json()["items"]] == ["R3", "R1"]


def test_console_list_marks_low_ratings(make_staff, reviews, client_for):
    response = client_for(make_staff("cs_agent")).get("/orders/reviews/?rating_max=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="badge bg-red-lt">★') == 2
    assert "很好" not in html
