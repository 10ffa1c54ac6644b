"""Order import pages and API: upload with store and format, preview with per-file errors, confirm, result, mapping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhanggui.core.models import ImportJob, ImportStatus
from zhanggui.orders.models import ImportMapping, Order

from .import_files import (
    JD_HEADER,
    TAOBAO_LINE_HEADER,
    TAOBAO_ORDER_HEADER,
    jd_line,
    taobao_line,
    taobao_order,
    upload,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_the_upload_page_offers_the_clerks_stores_and_the_three_formats(clerk, store, other_store, english_client_for):
    page = english_client_for(clerk).get(reverse("orders:import_start")).content.decode()

    assert f'value="{store.pk}"' in page and f'value="{other_store.pk}"' not in page
    assert all(f'value="{fmt}"' in page for fmt in ("taobao", "jd", "generic"))
    assert "宝贝标题" in page and "商家编码" in page
    assert reverse("orders:import_mapping") in page


def test_a_taobao_pair_goes_from_upload_through_preview_and_confirm_to_its_result(
    clerk, store, goods, english_client_for, django_capture_on_commit_callbacks
):
    client = english_client_for(clerk)
    # when the clerk uploads a pair whose line file names an unknown order
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders:import_start"),
            {
                "store": store.pk,
                "format": "taobao",
                "file": upload("csv", TAOBAO_ORDER_HEADER, [taobao_order("1001")], name="o"),
                "companion_file": upload("csv", TAOBAO_LINE_HEADER, [taobao_line("1001"), taobao_line("9")], name="l"),
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:import_preview", args=[job.pk])

    # then the preview lists the error with its file, and Confirm is disabled
    page = client.get(response["Location"]).content.decode()
    assert "l.csv" in page and "Order 9 is not in the order file." in page
    assert 'id="import-confirm" disabled' in page

    # when a correct pair is uploaded and confirmed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orders:import_start"),
            {
                "store": store.pk,
                "format": "taobao",
                "file": upload("xlsx", TAOBAO_ORDER_HEADER, [taobao_order("1001")], name="o"),
                "companion_file": upload("xlsx", TAOBAO_LINE_HEADER, [taobao_line("1001")], name="l"),
            },
        )
    good = ImportJob.objects.order_by("-pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orders:import_confirm", args=[good.pk]))

    # then the page shows the result, and the history lists both files
    good.refresh_from_db()
    assert good.status == ImportStatus.DONE
    page = client.get(reverse("orders:import_preview", args=[good.pk])).content.decode()
    assert 'id="import-result"' in page and Order.objects.count() == 1
    history = client.get(reverse("orders:import_list")).content.decode()
    assert history.count("o.xlsx") == 1 and "o.csv" in history


def test_a_taobao_upload_without_the_line_file_is_refused_on_that_field(clerk, store, english_client_for):
    response = english_client_for(clerk).post(
        reverse("orders:import_start"),
        {"store": store.pk, "format": "taobao", "file": upload("csv", TAOBAO_ORDER_HEADER, [taobao_order()])},
    )

    assert response.status_code == 422
    assert "Upload the second file too." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_mapping_page_saves_the_store_mapping_and_shows_missing_fields(clerk, store, english_client_for):
    client = english_client_for(clerk)
    fields = {
        "columns.order_no": "单号",
        "columns.buyer": "客户",
        "columns.status": "状态",
        "columns.created": "下单",
        "columns.title": "品名",
        "columns.price": "单价",
    }

    # when the quantity is left out
    response = client.post(reverse("orders:import_mapping"), {"store": store.pk, **fields})
    assert response.status_code == 422
    assert "Choose the column of your file that holds this field." in response.content.decode()
    assert not ImportMapping.objects.exists()

    # when it is given
    response = client.post(reverse("orders:import_mapping"), {"store": store.pk, **fields, "columns.quantity": "件数"})
    assert response.status_code == 302
    assert ImportMapping.objects.get(store=store).columns["quantity"] == "件数"
    page = client.get(response["Location"]).content.decode()
    assert 'value="件数"' in page


def test_the_api_imports_a_jd_file_and_reads_and_saves_the_mapping(
    clerk, store, goods, english_api_client_for, django_capture_on_commit_callbacks
):
    api = english_api_client_for(clerk)
    # when a JD file is uploaded through the API, then confirmed
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/orders/imports",
            {"store_id": store.pk, "format": "jd", "file": upload("csv", JD_HEADER, [jd_line("2801")], name="jd")},
        )
    assert response.status_code == 202
    job_id = response.json()["id"]
    detail = api.get(f"/api/v1/orders/imports/{job_id}").json()
    assert (detail["status"], detail["errors"], detail["store_id"]) == ("previewed", [], store.pk)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/orders/imports/{job_id}/confirm")
    detail = api.get(f"/api/v1/orders/imports/{job_id}").json()
    assert (detail["status"], detail["result"]["orders_created"]) == ("done", 1)

    # and the mapping is read and saved per store, problems answered with 422
    url = f"/api/v1/orders/imports/mappings/{store.pk}"
    assert api.get(url).json()["saved"] is False
    bad = api.put(url, {"columns": {"order_no": "单号"}}, content_type="application/json")
    assert bad.status_code == 422
    columns = {"order_no": "单号", "buyer": "客户", "status": "状态", "created": "下单", "title": "品名"}
    good = api.put(url, {"columns": {**columns, "price": "单价", "quantity": "件数"}}, content_type="application/json")
    assert good.status_code == 200
    assert {f["key"]: f["header"] for f in good.json()["fields"]}["quantity"] == "件数"


def test_the_api_hides_other_stores(clerk, other_store, english_api_client_for):
    api = english_api_client_for(clerk)

    assert api.get(f"/api/v1/orders/imports/mappings/{other_store.pk}").status_code == 404
    response = api.post(
        "/api/v1/orders/imports",
        {"store_id": other_store.pk, "format": "jd", "file": upload("csv", JD_HEADER, [jd_line()])},
    )
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_a_sample_file_offers_its_headers_and_maps_the_known_ones(clerk, store, english_client_for):
    # given a store's file with JD's headers for some fields and its own for others
    sample = upload("csv", ["订单号", "客户", "商品名称", "数量", "单价", "备注X"], [["1", "a", "b", "1", "9", ""]])

    # when it is read on the mapping page
    response = english_client_for(clerk).post(reverse("orders:import_mapping"), {"store": store.pk, "sample": sample})

    # then its headers are offered and the known ones filled in, nothing saved
    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="备注X">' in page
    assert 'name="columns.order_no" value="订单号"' in page and 'name="columns.quantity" value="数量"' in page
    assert 'name="columns.buyer" ' in page and 'name="columns.buyer" value' not in page
    assert not ImportMapping.objects.exists()


def test_the_api_takes_a_taobao_pair_and_names_the_file_of_each_error(
    clerk, store, goods, english_api_client_for, django_capture_on_commit_callbacks
):
    api = english_api_client_for(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/orders/imports",
            {
                "store_id": store.pk,
                "format": "taobao",
                "file": upload("csv", TAOBAO_ORDER_HEADER, [taobao_order("1001")], name="o"),
                "companion_file": upload("csv", TAOBAO_LINE_HEADER, [taobao_line("1002")], name="l"),
            },
        )
    assert response.status_code == 202
    detail = api.get(f"/api/v1/orders/imports/{response.json()['id']}").json()
    assert (detail["companion_name"], detail["errors"]) == (
        "l.csv",
        [
            {"file": "o.csv", "row": 2, "field": "订单编号", "message": "Order 1001 has no lines."},
            {"file": "l.csv", "row": 2, "field": "订单编号", "message": "Order 1002 is not in the order file."},
        ],
    )
    missing = api.post(
        "/api/v1/orders/imports",
        {"store_id": store.pk, "format": "taobao", "file": upload("csv", TAOBAO_ORDER_HEADER, [taobao_order()])},
    )
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "companion_file")
