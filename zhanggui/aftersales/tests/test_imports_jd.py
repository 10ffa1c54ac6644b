"""JD's after-sales service orders (服务单): inferred headers, service types, statuses, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Case, Refund

from .import_files import JD_HEADER, check, confirm, jd_row, upload

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def orders(make_order):  # type: ignore[no-untyped-def]
    return {number: make_order(number, shipped=True) for number in ("T1001", "T1002", "T1003", "T1004")}


def service_orders() -> list[list[str]]:
    return [
        jd_row("724578811", "T1001"),
        jd_row(
            "724578812",
            "T1002",
            服务类型="换货",
            服务单状态="待收货",
            运单号="JDY000240428005",
            快递公司="京东快递",
            退款金额="",
        ),
        jd_row(
            "724578813",
            "T1003",
            服务类型="维修",
            服务单状态="审核通过",
            商品编号="TEE-WHT-M",
            申请数量="2",
            退款金额="",
        ),
        jd_row("724578814", "T1004", 服务类型="退货", 服务单状态="退款成功", 申请原因="质量问题"),
    ]


@pytest.mark.parametrize("kind", ["bom", "xlsx"])
def test_a_service_order_file_opens_cases_of_each_type(
    kind, import_api, store, orders, django_capture_on_commit_callbacks
):
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload(kind, JD_HEADER, service_orders(), name="服务单"),
        store=store,
        file_format="jd",
    )
    assert (job["status"], job["total_rows"], job["error_count"]) == ("previewed", 4, 0)
    done = confirm(import_api, django_capture_on_commit_callbacks, job["id"])
    assert {k: done["result"][k] for k in ("cases_created", "refunds_issued")} == {
        "cases_created": 4,
        "refunds_issued": 1,
    }
    rows = Case.objects.order_by("platform_case_id").select_related("reason")
    assert [
        (c.platform_case_id, c.type, c.status, c.reason.code, c.requested_amount, c.return_tracking_no) for c in rows
    ] == [
        ("724578811", "return_refund", "requested", "no_reason", D("92.43"), ""),
        ("724578812", "exchange", "awaiting_return", "no_reason", D("0.00"), "JDY000240428005"),
        ("724578813", "repair", "awaiting_return", "no_reason", D("0.00"), ""),
        ("724578814", "return_refund", "refunded", "quality", D("92.43"), ""),
    ]
    assert list(Case.objects.get(platform_case_id="724578813").lines.values_list("quantity", flat=True)) == [2]
    assert Refund.objects.get().idempotency_key == "platform-724578814"


def test_reimporting_service_orders_changes_nothing(import_api, store, orders, django_capture_on_commit_callbacks):
    for expected in ({"cases_created": 4, "cases_unchanged": 0}, {"cases_created": 0, "cases_unchanged": 4}):
        job = check(
            import_api,
            django_capture_on_commit_callbacks,
            upload("xlsx", JD_HEADER, service_orders()),
            store=store,
            file_format="jd",
        )
        done = confirm(import_api, django_capture_on_commit_callbacks, job["id"])
        assert {k: done["result"][k] for k in expected} == expected
    assert (Case.objects.count(), Refund.objects.count()) == (4, 1)


def test_service_order_errors_name_file_row_and_column(import_api, store, orders, django_capture_on_commit_callbacks):
    rows = [
        jd_row("724578811", "T1001", 服务类型="价格保护"),
        jd_row("724578812", "T1002", 申请数量="3", 商品编号="TEE-WHT-M"),
        jd_row("724578813", "T1003", 运单号="!!", 快递公司="京东快递", 服务单状态="待收货"),
        jd_row("", "T1004"),
    ]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("bom", JD_HEADER, rows, name="服务单"),
        store=store,
        file_format="jd",
    )
    assert job["errors"] == [
        {"file": "服务单.csv", "row": 2, "field": "服务类型", "message": "Unknown after-sales type “价格保护”."},
        {"file": "服务单.csv", "row": 3, "field": "申请数量", "message": "Enter a number from 1 to 2."},
        {"file": "服务单.csv", "row": 4, "field": "运单号", "message": "!! is not a JD Logistics tracking number."},
        {"file": "服务单.csv", "row": 5, "field": "服务单号", "message": "This field is required."},
    ]


def test_the_customer_expectation_header_is_an_alias(import_api, store, orders, django_capture_on_commit_callbacks):
    header = ["客户期望" if h == "服务类型" else h for h in JD_HEADER]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("bom", header, [jd_row("1", "T1001")]),
        store=store,
        file_format="jd",
    )
    assert (job["error_count"], job["total_rows"]) == (0, 1)
