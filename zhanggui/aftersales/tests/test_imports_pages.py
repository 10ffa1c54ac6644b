"""Console pages of the after-sales imports: upload, preview, confirm; refused without the permission."""

from __future__ import annotations

import pytest

from zhanggui.aftersales.models import Case
from zhanggui.core.models import ImportJob

from .import_files import TAOBAO_HEADER, taobao_row, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_a_specialist_uploads_previews_and_confirms_a_refund_export(
    importer, client_for, store, make_order, django_capture_on_commit_callbacks
):
    make_order("T1001", shipped=True)
    client = client_for(importer)
    page = client.get("/aftersales/imports/new/").content.decode()
    assert 'id="import-taobao-columns"' in page and "退款编号" in page
    # when the export is uploaded through the form
    file = upload("gbk", TAOBAO_HEADER, [taobao_row("R1")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aftersales/imports/new/", {"store": store.pk, "format": "taobao", "file": file})
    job = ImportJob.objects.get()
    # then the preview page shows the checked file, and confirming imports it
    assert response.status_code == 302 and response["Location"] == f"/aftersales/imports/{job.pk}/"
    assert client.get(response["Location"]).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aftersales/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert (job.status, job.result["cases_created"]) == ("done", 1)
    assert list(Case.objects.values_list("platform_case_id", "status")) == [("R1", "requested")]
    assert client.get("/aftersales/imports/").status_code == 200


def test_the_generic_form_prefills_the_stores_last_mapping(importer, client_for, store):
    ImportJob.objects.create(
        kind="aftersales.generic",
        file="imports/x.csv",
        original_name="x.csv",
        file_sha256="0" * 64,
        created_by=importer,
        store=store,
        options={"mapping": {"case_no": "售后单号"}},
    )
    page = client_for(importer).get(f"/aftersales/imports/new/?store={store.pk}").content.decode()
    assert 'value="售后单号"' in page


def test_staff_without_the_import_permission_are_refused(make_staff, client_for, store):
    client = client_for(make_staff("cs_agent"))
    file = upload("gbk", TAOBAO_HEADER, [taobao_row("R1")])
    response = client.post("/aftersales/imports/new/", {"store": store.pk, "format": "taobao", "file": file})
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0
