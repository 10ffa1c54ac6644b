"""Taobao/Tmall refund export (退款管理 导出): previewed, imported through the case services, idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Case, Refund
from zhanggui.core.models import AuditEvent

from .import_files import TAOBAO_HEADER, check, confirm, taobao_row, upload

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

RETURNING = "买家已经退货，等待卖家确认收货"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def orders(make_order):  # type: ignore[no-untyped-def]
    """Five shipped orders T1001…T1005 of ``store`` (白色 M ×2, 黑色 L ×1; paid 287.30)."""
    return {number: make_order(number, shipped=True) for number in ("T1001", "T1002", "T1003", "T1004", "T1005")}


def five_refunds() -> list[list[str]]:
    return [
        taobao_row("R1", "T1001"),
        taobao_row(
            "R2", "T1002", 是否需要退货="否", 买家退款金额="50.00", 退款状态="退款成功", 买家退款原因="七天无理由"
        ),
        taobao_row("R3", "T1003", 退款状态=RETURNING, 退货物流单号="75300000000001", 退货物流公司="中通快递"),
        taobao_row("R4", "T1004", 退款状态="退款关闭"),
        taobao_row("R5", "T1005", 商品编码="TEE-WHT-M", 退款状态="卖家拒绝退款", 买家退款原因="不合心意啊"),
    ]


def cases() -> dict[str, tuple[str, str, str, Decimal, str]]:
    rows = Case.objects.order_by("platform_case_id")
    return {
        case.platform_case_id: (case.type, case.status, case.reason.code, case.requested_amount, case.source)
        for case in rows.select_related("reason")
    }


@pytest.mark.parametrize("kind", ["gbk", "bom", "xlsx"])
def test_a_refund_export_opens_each_case_and_moves_it_to_the_platform_status(
    kind, import_api, store, orders, django_capture_on_commit_callbacks
):
    # when Taobao's refund export of five refunds is uploaded and checked
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload(kind, TAOBAO_HEADER, five_refunds()),
        store=store,
        file_format="taobao",
    )
    # then the preview is clean and nothing is written yet
    assert (job["status"], job["total_rows"], job["error_count"]) == ("previewed", 5, 0)
    assert Case.objects.count() == 0
    # when it is confirmed
    done = confirm(import_api, django_capture_on_commit_callbacks, job["id"])
    # then each refund is one case at the platform's status
    assert (done["status"], done["message"]) == ("done", "Imported 5 rows.")
    assert {k: done["result"][k] for k in ("cases_created", "cases_updated", "cases_unchanged", "refunds_issued")} == {
        "cases_created": 5,
        "cases_updated": 0,
        "cases_unchanged": 0,
        "refunds_issued": 1,
    }
    assert cases() == {
        "R1": ("return_refund", "requested", "size", D("92.43"), "import"),
        "R2": ("refund_only", "refunded", "no_reason", D("50.00"), "import"),
        "R3": ("return_refund", "awaiting_return", "size", D("92.43"), "import"),
        "R4": ("return_refund", "closed", "size", D("92.43"), "import"),
        "R5": ("return_refund", "rejected", "other", D("92.43"), "import"),
    }
    r1 = Case.objects.get(platform_case_id="R1")
    assert (r1.requested_at, r1.respond_by, r1.description) == (utc(2026, 11, 25, 1), utc(2026, 11, 27, 1), "偏小一码")
    r3 = Case.objects.get(platform_case_id="R3")
    assert (r3.return_carrier, r3.return_tracking_no) == ("ZTO", "75300000000001")
    assert Case.objects.get(platform_case_id="R5").description == "不合心意啊\n偏小一码"
    refund = Refund.objects.get()
    assert (refund.idempotency_key, refund.amount, refund.rule, refund.issued_by) == (
        "platform-R2",
        D("50.00"),
        "platform",
        None,
    )


def test_the_import_is_audited_once_with_its_counts_besides_each_case_step(
    import_api, importer, store, orders, django_capture_on_commit_callbacks
):
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("gbk", TAOBAO_HEADER, five_refunds()),
        store=store,
        file_format="taobao",
    )
    confirm(import_api, django_capture_on_commit_callbacks, job["id"])
    batch = AuditEvent.objects.get(action="aftersales.import")
    assert batch.actor == importer
    assert {k: batch.after[k] for k in ("file", "rows", "cases_created", "refunds_issued")} == {
        "file": "refunds.csv",
        "rows": 5,
        "cases_created": 5,
        "refunds_issued": 1,
    }
    steps = AuditEvent.objects.filter(action__startswith="aftersales.case.").order_by("pk")
    assert sorted(steps.values_list("action", flat=True)) == sorted(
        ["aftersales.case.create"] * 5
        + ["aftersales.case.approve"] * 2  # R2, R3
        + ["aftersales.case.refund", "aftersales.case.return_ship", "aftersales.case.close", "aftersales.case.reject"]
    )
    assert set(steps.values_list("actor", flat=True)) == {None}  # the platform acted


def test_importing_the_same_file_again_changes_nothing(import_api, store, orders, django_capture_on_commit_callbacks):
    rows = five_refunds()
    first = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("xlsx", TAOBAO_HEADER, rows),
        store=store,
        file_format="taobao",
    )
    confirm(import_api, django_capture_on_commit_callbacks, first["id"])
    before = (cases(), list(Refund.objects.values_list("pk", "amount")), AuditEvent.objects.count())
    # when the same export is imported again
    again = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("xlsx", TAOBAO_HEADER, rows),
        store=store,
        file_format="taobao",
    )
    done = confirm(import_api, django_capture_on_commit_callbacks, again["id"])
    # then every case is unchanged and only the import itself is audited
    assert {k: done["result"][k] for k in ("cases_created", "cases_updated", "cases_unchanged", "refunds_issued")} == {
        "cases_created": 0,
        "cases_updated": 0,
        "cases_unchanged": 5,
        "refunds_issued": 0,
    }
    assert (cases(), list(Refund.objects.values_list("pk", "amount")), AuditEvent.objects.count()) == (
        before[0],
        before[1],
        before[2] + 1,
    )


def test_a_later_export_moves_cases_forward_never_back(import_api, store, orders, django_capture_on_commit_callbacks):
    # given R1 imported as waiting for the seller
    first = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("gbk", TAOBAO_HEADER, [taobao_row("R1")]),
        store=store,
        file_format="taobao",
    )
    confirm(import_api, django_capture_on_commit_callbacks, first["id"])
    # when a later export says the buyer returned the goods and the refund succeeded
    rows = [taobao_row("R1", 退款状态="退款成功", 退货物流单号="75300000000009", 退货物流公司="中通快递")]
    later = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("gbk", TAOBAO_HEADER, rows),
        store=store,
        file_format="taobao",
    )
    done = confirm(import_api, django_capture_on_commit_callbacks, later["id"])
    # then the case went through every step to refunded, once
    case = Case.objects.get(platform_case_id="R1")
    assert (done["result"]["cases_updated"], done["result"]["refunds_issued"]) == (1, 1)
    assert (case.status, case.return_tracking_no, case.inspection_result, case.refunded_amount) == (
        "refunded",
        "75300000000009",
        "passed",
        D("92.43"),
    )
    # and an older export (still waiting for the seller) changes nothing
    older = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("gbk", TAOBAO_HEADER, [taobao_row("R1")]),
        store=store,
        file_format="taobao",
    )
    done = confirm(import_api, django_capture_on_commit_callbacks, older["id"])
    case.refresh_from_db()
    assert (done["result"]["cases_unchanged"], case.status, Refund.objects.count()) == (1, "refunded", 1)


def test_every_error_names_the_file_row_and_column(import_api, store, orders, django_capture_on_commit_callbacks):
    rows = [
        taobao_row("R1", "T1001"),
        taobao_row("R2", "T9999"),
        taobao_row("R3", "T1002", 商品编码="NOPE"),
        taobao_row("R4", "T1003", 退款状态="等一等", 退款的申请时间="昨天"),
        taobao_row("R1", "T1004", 买家退款金额="500.00"),
        taobao_row("R6", "T1005", 买家退款金额="500.00"),
    ]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("gbk", TAOBAO_HEADER, rows, name="退款导出"),
        store=store,
        file_format="taobao",
    )
    assert (job["status"], job["total_rows"], job["error_count"], job["invalid_rows"]) == ("previewed", 6, 6, 5)
    assert job["errors"] == [
        {
            "file": "退款导出.csv",
            "row": 3,
            "field": "订单编号",
            "message": "No order T9999 in this store; import the orders first.",
        },
        {
            "file": "退款导出.csv",
            "row": 4,
            "field": "商品编码",
            "message": "No line of order T1002 has this merchant code.",
        },
        {
            "file": "退款导出.csv",
            "row": 5,
            "field": "退款的申请时间",
            "message": "Enter a time such as 2026-11-20 10:15:30.",
        },
        {"file": "退款导出.csv", "row": 5, "field": "退款状态", "message": "Unknown status “等一等”."},
        {"file": "退款导出.csv", "row": 6, "field": "退款编号", "message": "This request number is already on row 2."},
        {
            "file": "退款导出.csv",
            "row": 7,
            "field": "买家退款金额",
            "message": "At most 92.43 can still be refunded on this line.",
        },
    ]
    # a file with errors imports nothing unless the invalid rows are skipped
    response = import_api.post(f"/api/v1/aftersales/imports/{job['id']}/confirm")
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_skipping_invalid_rows_imports_the_rest_and_keeps_the_rejects(
    import_api, store, orders, django_capture_on_commit_callbacks
):
    rows = [taobao_row("R1", "T1001"), taobao_row("R2", "T9999"), taobao_row("R3", "T1003", 退款状态="退款关闭")]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("bom", TAOBAO_HEADER, rows),
        store=store,
        file_format="taobao",
    )
    done = confirm(import_api, django_capture_on_commit_callbacks, job["id"], skip_invalid=True)
    assert (done["status"], done["message"]) == ("done", "Imported 2 rows; 1 invalid rows were skipped.")
    assert sorted(Case.objects.values_list("platform_case_id", "status")) == [("R1", "requested"), ("R3", "closed")]
    rejects = import_api.get(f"/api/v1/core/imports/{job['id']}/rejects")
    assert rejects.status_code == 200
    lines = rejects.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert "T9999" in lines[1].split(",")[0] and "R2" in lines[1].split(",")[1]
    assert lines[1].endswith("订单编号: No order T9999 in this store; import the orders first.")


def test_header_aliases_of_older_exports_are_read(import_api, store, orders, django_capture_on_commit_callbacks):
    # the 2017 export calls 商品编码 商家编码 and 支付宝交易号 支付单号
    header = [{"商品编码": "商家编码", "支付宝交易号": "支付单号"}.get(h, h) for h in TAOBAO_HEADER]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("gbk", header, [taobao_row("R1")]),
        store=store,
        file_format="taobao",
    )
    assert (job["error_count"], job["total_rows"]) == (0, 1)
