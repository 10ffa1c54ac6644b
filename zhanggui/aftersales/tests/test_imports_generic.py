"""A store's own after-sales spreadsheet, read through a column mapping chosen once per store."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Case
from zhanggui.core.models import ImportJob

from .import_files import BASE, check, confirm, upload

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

HEADER = ["售后单号", "平台订单", "SKU", "类型", "当前状态", "申请于", "原因", "金额"]
MAPPING = {
    "case_no": "售后单号",
    "order_no": "平台订单",
    "merchant_code": "SKU",
    "type": "类型",
    "status": "当前状态",
    "requested_at": "申请于",
    "reason": "原因",
    "amount": "金额",
}
ROWS = [
    ["DY-1", "T1001", "TEE-BLK-L", "仅退款", "已退款", "2026-11-25 09:00", "物流破损", "30.00"],
    ["DY-2", "T1002", "TEE-WHT-M", "return_refund", "待处理", "2026/11/26 10:30:00", "颜色不喜欢", ""],
    ["DY-3", "T1003", "TEE-BLK-L", "补发", "agreed", "2026-11-26 11:00:00", "少件/漏发", ""],
]


@pytest.fixture
def orders(make_order):  # type: ignore[no-untyped-def]
    return {number: make_order(number, shipped=True) for number in ("T1001", "T1002", "T1003")}


def test_a_mapped_file_is_imported_and_its_mapping_kept_for_the_store(
    import_api, store, orders, django_capture_on_commit_callbacks
):
    # when the store's file is uploaded with its mapping
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("bom", HEADER, ROWS, name="抖店售后"),
        store=store,
        file_format="generic",
        mapping=json.dumps(MAPPING),
    )
    assert (job["status"], job["total_rows"], job["error_count"]) == ("previewed", 3, 0)
    done = confirm(import_api, django_capture_on_commit_callbacks, job["id"])
    # then each row is a case, read through the mapping
    assert {k: done["result"][k] for k in ("cases_created", "refunds_issued")} == {
        "cases_created": 3,
        "refunds_issued": 1,
    }
    rows = Case.objects.order_by("platform_case_id").select_related("reason")
    assert [(c.platform_case_id, c.type, c.status, c.reason.code, c.requested_amount, c.description) for c in rows] == [
        ("DY-1", "refund_only", "refunded", "damaged_in_transit", D("30.00"), ""),
        ("DY-2", "return_refund", "requested", "other", D("184.87"), "颜色不喜欢"),
        ("DY-3", "reissue", "approved", "missing_item", D("0.00"), ""),
    ]
    # and the store's next file is read with the same mapping without sending it again
    response = import_api.get(f"{BASE}/mappings/{store.pk}")
    assert response.json()["saved"] is True
    assert {f["key"]: f["header"] for f in response.json()["fields"] if f["header"]} == MAPPING
    again = check(
        import_api, django_capture_on_commit_callbacks, upload("xlsx", HEADER, ROWS), store=store, file_format="generic"
    )
    assert (again["error_count"], ImportJob.objects.get(pk=again["id"]).options["mapping"]) == (0, MAPPING)
    done = confirm(import_api, django_capture_on_commit_callbacks, again["id"])
    assert (done["result"]["cases_unchanged"], Case.objects.count()) == (3, 3)


def test_a_generic_file_without_a_mapping_is_refused(import_api, store, orders):
    response = import_api.post(BASE, {"store_id": store.pk, "format": "generic", "file": upload("bom", HEADER, ROWS)})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "mapping", "message": "Map the columns of this store's file first."}]
    assert ImportJob.objects.count() == 0


def test_an_incomplete_mapping_names_every_missing_field(import_api, store, orders):
    mapping = {"case_no": "售后单号", "order_no": "售后单号", "nonsense": "X"}
    response = import_api.post(
        BASE,
        {
            "store_id": store.pk,
            "format": "generic",
            "file": upload("bom", HEADER, ROWS),
            "mapping": json.dumps(mapping),
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "columns.order_no", "message": "This column is already mapped to Platform request number."},
        {"field": "columns.nonsense", "message": "Unknown field."},
        {"field": "columns.type", "message": "Choose the column of your file that holds this field."},
        {"field": "columns.status", "message": "Choose the column of your file that holds this field."},
        {"field": "columns.requested_at", "message": "Choose the column of your file that holds this field."},
    ]
    assert ImportJob.objects.count() == 0


def test_a_missing_mapped_column_and_bad_cells_are_reported(
    import_api, store, orders, django_capture_on_commit_callbacks
):
    header = [h for h in HEADER if h != "当前状态"]
    rows = [[cell for i, cell in enumerate(row) if HEADER[i] != "当前状态"] for row in ROWS]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("bom", header, rows, name="own"),
        store=store,
        file_format="generic",
        mapping=json.dumps(MAPPING),
    )
    assert job["errors"] == [{"file": "own.csv", "row": 1, "field": "当前状态", "message": "This column is missing."}]
    bad = [["DY-9", "T1001", "TEE-BLK-L", "退货", "已同意", "2026-11-25", "", "-5"]]
    job = check(
        import_api,
        django_capture_on_commit_callbacks,
        upload("bom", HEADER, bad, name="own"),
        store=store,
        file_format="generic",
        mapping=json.dumps(MAPPING),
    )
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(2, "金额")]
