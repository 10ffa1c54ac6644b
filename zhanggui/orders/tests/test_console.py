"""Console pages of the orders context: the list, an order's page and actions, edits, the review queue."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order
from zhanggui.orders.services import order_ship
from zhanggui.testing.factories import anomalies_set

pytestmark = pytest.mark.django_db

ORDER_LINK = re.compile(r'<a class="num" href="/orders/\d+/">([^<]+)</a>')


@pytest.fixture
def new_order(make_order):  # type: ignore[no-untyped-def]
    """A paid order of its own buyer and phone (so no two are merge candidates of each other)."""
    phones = iter(range(13900000001, 13900001000))

    def make(number: str, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("status", "paid")
        kwargs.setdefault("buyer_nickname", f"tb_{number}")
        kwargs.setdefault("receiver_phone", str(next(phones)))
        return make_order(number, **kwargs)

    return make


def listed(response) -> list[str]:  # type: ignore[no-untyped-def]
    return ORDER_LINK.findall(response.content.decode())


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- the list --------------------------------------------------------------------------------------
@pytest.fixture
def three_orders(new_order, other_store, clerk):  # type: ignore[no-untyped-def]
    """T1 ready to ship (208.00), T2 held for its message (208.00), T3 shipped by SF (1,000.00);
    X1 in another store."""
    ready = new_order("T1", buyer_nickname="tb_alpha", receiver_phone="13800001111")
    held = new_order("T2", buyer_nickname="tb_beta", buyer_message="麻烦加急")
    shipped = new_order("T3", buyer_nickname="tb_gamma", shipping_fee=Decimal("802.00"))
    order_ship(by=clerk, order=shipped, carrier="SF", tracking_no="SF1234567890123")
    new_order("X1", store=other_store, buyer_nickname="tb_alpha")
    return ready, held, shipped


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["T3", "T2", "T1"]),
        ({"keyword": "T2"}, ["T2"]),
        ({"keyword": "tb_alpha"}, ["T1"]),
        ({"keyword": "sf1234567890123"}, ["T3"]),
        ({"status": "under_review"}, ["T2"]),
        ({"status": "shipped"}, ["T3"]),
        ({"amount_min": "500"}, ["T3"]),
        ({"amount_max": "208.00"}, ["T2", "T1"]),
        ({"out_of_stock": "0", "status": "awaiting_shipment"}, ["T1"]),
        ({"out_of_stock": "1"}, []),
        ({"sort": "paid_amount"}, ["T2", "T1", "T3"]),
    ],
)
def test_order_list_filters_give_exactly_the_matching_orders_of_own_stores(
    three_orders, clerk, english_client_for, query, expected
):
    # given three orders of the clerk's store and one of another store
    client = english_client_for(clerk)
    # when the clerk filters the list
    response = client.get(reverse("orders:order_list"), query)
    # then exactly the matching orders of the clerk's store are listed
    assert response.status_code == 200
    assert listed(response) == expected


def test_order_list_filters_by_store_and_memo_flag(three_orders, clerk, english_client_for, store):
    # given T1 flagged red
    client = english_client_for(clerk)
    client.post(
        reverse("orders:order_memo_edit", args=[three_orders[0].pk]), {"seller_memo": "送赠品", "memo_flag": "red"}
    )
    # when filtering by store and flag
    response = client.get(reverse("orders:order_list"), {"store": store.pk, "memo_flag": "red"})
    # then only T1
    assert listed(response) == ["T1"]


def test_order_list_filters_by_anomaly(three_orders, clerk, english_client_for):
    # given T2 with a manual price change and T3 stuck in transit
    anomalies_set(Order.objects.filter(platform_order_id="T2"), ["manual_price_change"])
    anomalies_set(Order.objects.filter(platform_order_id="T3"), ["stuck_shipment"])
    client = english_client_for(clerk)
    # when filtering by one anomaly, and by any
    one = client.get(reverse("orders:order_list"), {"anomaly": "stuck_shipment"})
    any_ = client.get(reverse("orders:order_list"), {"anomaly": "any"})
    # then exactly those orders, with the anomaly's label on the row
    assert (listed(one), listed(any_)) == (["T3"], ["T3", "T2"])
    assert "Shipment without tracking news" in one.content.decode()


def test_order_list_folds_its_rarer_filters_and_opens_them_while_one_is_used(clerk, english_client_for):
    # given an order clerk
    client = english_client_for(clerk)
    # when the list is opened plainly, and from a link that filters by a folded field
    plain = client.get(reverse("orders:order_list")).content.decode()
    anomalies = client.get(reverse("orders:order_list"), {"anomaly": "any"}).content.decode()
    # then the main filters stand in the first row, the rarer ones under "More filters",
    # which starts open only while one of them filters the list
    fold = re.compile(r'<details class="mt-1" id="list-filters-more"( open)?>')
    assert [m.group(1) for m in fold.finditer(plain)] == [None]
    assert [m.group(1) for m in fold.finditer(anomalies)] == [" open"]
    main, folded = plain.split('id="list-filters-more"')
    assert all(f'name="{name}"' in main for name in ("keyword", "status", "store", "created_from", "created_to"))
    assert all(f'name="{name}"' in folded for name in ("anomaly", "out_of_stock", "ship_due", "logistics_status"))


def test_order_list_masks_the_receiver_and_export_masks_personal_data_without_pii_export(
    three_orders, clerk, english_client_for
):
    # given an order clerk (no pii.export)
    client = english_client_for(clerk)
    # when listing and exporting
    page = client.get(reverse("orders:order_list")).content.decode()
    export = client.get(reverse("orders:order_list"), {"export": "csv", "keyword": "T1"})
    # then the receiver is masked in both, and the export is audited
    assert "王小二" not in page and "王**" in page
    rows = export.getvalue().decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert "138****1111" in rows[1] and "13800001111" not in rows[1]
    assert "王**" in rows[1]
    assert AuditEvent.objects.filter(action="orders.order.export", actor=clerk).count() == 1


def test_order_export_is_unmasked_for_a_manager(three_orders, make_staff, english_client_for):
    # given a manager, who holds pii.export
    client = english_client_for(make_staff("manager"))
    # when exporting
    export = client.get(reverse("orders:order_list"), {"export": "csv", "keyword": "T1"})
    # then personal data is in the clear
    assert "13800001111" in export.getvalue().decode("utf-8-sig").splitlines()[1]


def test_the_console_and_the_api_export_the_same_file_as_one_audited_action(
    three_orders, clerk, english_client_for, api_client_for
):
    # given an order clerk on the console and on the API
    console, api = english_client_for(clerk), api_client_for(clerk)
    # when exporting the same order from both
    from_console = console.get(reverse("orders:order_list"), {"export": "csv", "keyword": "T1"})
    from_api = api.get("/api/v1/orders/export", {"format": "csv", "keyword": "T1"}, HTTP_ACCEPT_LANGUAGE="en")
    # then the files are the same, and both exports are audited as the same action
    rows = from_console.getvalue().decode("utf-8-sig").splitlines()
    assert rows == from_api.getvalue().decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:6] == ["Order number", "Store", "Buyer", "Status", "Out of stock", "Anomalies"]
    actions = AuditEvent.objects.filter(actor=clerk, action__endswith="export").values_list("action", flat=True)
    assert list(actions) == ["orders.order.export", "orders.order.export"]


def test_batch_approve_reports_each_order_it_could_not_approve(new_order, clerk, english_client_for):
    # given two held orders and one already released for shipment
    first = new_order("H1", buyer_message="加急")
    second = new_order("H2", buyer_message="要发票")
    ready = new_order("R1")
    client = english_client_for(clerk)
    # when the clerk approves all three at once
    response = client.post(
        reverse("orders:order_list"),
        {"_action": "approve", "ids": [first.pk, second.pk, ready.pk], "approve-reason": "已电话确认"},
        follow=True,
    )
    # then two are approved and the third is reported by its number
    assert messages_of(response) == [
        "R1: Order R1 is “Awaiting shipment”, not under review.",
        "2 of 3 order(s) approved.",
    ]
    statuses = dict(Order.objects.values_list("platform_order_id", "status"))
    assert statuses == {"H1": "awaiting_shipment", "H2": "awaiting_shipment", "R1": "awaiting_shipment"}
    assert AuditEvent.objects.filter(action="orders.order.approve", reason="已电话确认").count() == 2


def test_batch_ship_takes_tracking_numbers_in_the_order_of_the_rows(new_order, clerk, english_client_for):
    # given two orders ready to ship
    first = new_order("S1")
    second = new_order("S2")
    client = english_client_for(clerk)
    # when the clerk ticks both (the table lists S2 above S1) and pastes two SF numbers
    response = client.post(
        reverse("orders:order_list"),
        {
            "_action": "ship",
            "ids": [second.pk, first.pk],
            "ship-carrier": "SF",
            "ship-tracking_numbers": "SF1000000000002\n\nSF1000000000001\n",
        },
        follow=True,
    )
    # then each order leaves with its own number
    assert messages_of(response) == ["2 of 2 order(s) shipped."]
    tracking = dict(Order.objects.values_list("platform_order_id", "shipments__tracking_no"))
    assert tracking == {"S1": "SF1000000000001", "S2": "SF1000000000002"}


def test_batch_ship_with_too_few_tracking_numbers_ships_nothing(new_order, clerk, english_client_for, audit_rows):
    # given two orders ready to ship
    first = new_order("S1")
    second = new_order("S2")
    before = len(audit_rows())
    client = english_client_for(clerk)
    # when the clerk pastes only one number
    response = client.post(
        reverse("orders:order_list"),
        {
            "_action": "ship",
            "ids": [first.pk, second.pk],
            "ship-carrier": "SF",
            "ship-tracking_numbers": "SF1000000000001",
        },
        follow=True,
    )
    # then nothing is shipped and the clerk is told why
    assert messages_of(response) == ["1 tracking number(s) for 2 selected order(s); nothing was shipped."]
    assert set(Order.objects.values_list("status", flat=True)) == {"awaiting_shipment"}
    assert len(audit_rows()) == before


def test_batch_memo_sets_memo_and_flag(new_order, clerk, english_client_for):
    # given two orders
    orders = [new_order("M1"), new_order("M2")]
    # when the clerk flags them purple with a memo
    response = english_client_for(clerk).post(
        reverse("orders:order_list"),
        {"_action": "memo", "ids": [o.pk for o in orders], "memo-memo": "双十一赠品", "memo-flag": "purple"},
        follow=True,
    )
    # then both carry it
    assert messages_of(response) == ["Memo set on 2 of 2 order(s)."]
    assert set(Order.objects.values_list("seller_memo", "memo_flag")) == {("双十一赠品", "purple")}


# --- scoping and access ----------------------------------------------------------------------------
def test_another_stores_order_is_not_found(new_order, other_store, clerk, english_client_for):
    # given an order of a store the clerk is not assigned to
    theirs = new_order("X1", store=other_store, buyer_message="加急")
    client = english_client_for(clerk)
    # when the clerk opens or approves it
    page = client.get(reverse("orders:order_detail", args=[theirs.pk]))
    approve = client.post(reverse("orders:order_approve", args=[theirs.pk]))
    edit = client.get(reverse("orders:order_address_edit", args=[theirs.pk]))
    # then it does not exist for them, and nothing happened
    assert (page.status_code, approve.status_code, edit.status_code) == (404, 404, 404)
    theirs.refresh_from_db()
    assert theirs.status == "under_review"


@pytest.mark.parametrize("name", ["orders:order_list", "orders:review_queue", "orders:order_detail"])
def test_anonymous_visitors_are_sent_to_login(new_order, name):
    # given an order
    order = new_order("T1")
    args = [order.pk] if name == "orders:order_detail" else []
    # when an anonymous visitor opens the page
    response = Client().get(reverse(name, args=args))
    # then they are asked to sign in
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_htmx_post_without_csrf_token_is_refused(new_order, clerk, audit_rows):
    # given a held order and a browser that checks CSRF like production
    order = new_order("T1", buyer_message="加急")
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    before = len(audit_rows())
    # when an htmx POST arrives without the token
    response = client.post(reverse("orders:order_approve", args=[order.pk]), HTTP_HX_REQUEST="true")
    # then it is refused and the order is still held
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == "under_review"
    assert len(audit_rows()) == before


def test_an_agent_sees_the_order_but_not_the_review_actions(new_order, make_staff, english_client_for):
    # given a held order and a customer-service agent (orders.view and orders.edit, no review or ship)
    order = new_order("T1", buyer_message="加急")
    client = english_client_for(make_staff("cs_agent"))
    # when the agent opens it
    html = client.get(reverse("orders:order_detail", args=[order.pk])).content.decode()
    # then edits and cancel are offered, approving is not; and approving directly is forbidden
    assert 'id="order-address-edit"' in html and 'id="order-cancel"' in html
    assert 'id="order-approve"' not in html and 'id="order-ship"' not in html
    assert client.post(reverse("orders:order_approve", args=[order.pk])).status_code == 403
