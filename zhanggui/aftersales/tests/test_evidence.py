"""Evidence photos: checked by content, stored privately under generated names, served only in scope."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zhanggui.aftersales.models import Evidence
from zhanggui.aftersales.selectors import evidence_file
from zhanggui.aftersales.services import CaseLineInput, case_create, evidence_add
from zhanggui.aftersales.services.evidence import MAX_EVIDENCE_PER_CASE
from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def photo(name: str = "IMG_0001.jpg", image_format: str = "JPEG", size: tuple[int, int] = (400, 300)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(out, image_format)
    out.seek(0)
    return out


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "aftersales"
    return {str(path) for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def case(make_order, specialist, reason):  # type: ignore[no-untyped-def]
    order = make_order(shipped=True)
    line = order.lines.get(merchant_code="TEE-WHT-M")
    return case_create(
        by=specialist,
        order=order,
        type="return_refund",
        reason=reason("quality"),
        lines=[CaseLineInput(order_line_id=line.pk, quantity=1)],
    )


def test_a_buyers_photo_is_stored_privately_with_a_thumbnail(case, agent):
    # given a case and a photo the buyer sent
    audits = AuditEvent.objects.count()
    # when an agent adds it
    evidence = evidence_add(by=agent, case=case, upload=photo(), kind="buyer")
    # then it is kept under a generated name outside the public media directory
    assert (evidence.kind, evidence.width, evidence.height, evidence.uploaded_by_id) == ("buyer", 400, 300, agent.pk)
    assert evidence.file_name.startswith("aftersales/evidence/")
    assert not evidence.file_name.startswith(settings.ZHANGGUI_PUBLIC_MEDIA_DIR)
    assert "IMG_0001" not in evidence.file_name
    assert evidence.file_name.endswith(".jpg")
    thumbnail = evidence.file_name.removesuffix(".jpg") + "-240.webp"
    assert default_storage.exists(evidence.file_name)
    with default_storage.open(thumbnail) as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (240, 240))
    assert AuditEvent.objects.count() == audits + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_id, event.store_id) == (
        "aftersales.case.evidence_add",
        str(case.pk),
        case.store_id,
    )
    assert event.after == {"evidence": evidence.pk, "kind": "buyer", "width": 400, "height": 300}


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_stored(case, agent):
    audits, files = AuditEvent.objects.count(), stored_files()
    upload = SimpleUploadedFile("photo.jpg", b"not a picture\n" * 50)
    with pytest.raises(ValidationFailed) as caught:
        evidence_add(by=agent, case=case, upload=upload, kind="buyer")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("image", "The file is not a JPEG, PNG or WebP picture.")
    ]
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.count() == audits
    assert stored_files() == files


def test_a_case_holds_at_most_the_maximum_of_photos(case, specialist):
    for _index in range(MAX_EVIDENCE_PER_CASE):
        evidence_add(by=specialist, case=case, upload=photo(image_format="PNG", size=(8, 8)), kind="staff")
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        evidence_add(by=specialist, case=case, upload=photo(), kind="staff")
    assert [e.message for e in caught.value.errors] == ["A case has at most 12 photos."]
    assert Evidence.objects.filter(case=case).count() == 12
    assert AuditEvent.objects.count() == audits


def test_inspection_photos_need_the_handling_permission(case, agent):
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError):
        evidence_add(by=agent, case=case, upload=photo(), kind="inspection")
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_staff_of_another_store_cannot_add_or_see_photos(case, specialist, make_staff, other_store):
    # given a photo on a case of ``store`` and a specialist of another store
    evidence = evidence_add(by=specialist, case=case, upload=photo(), kind="buyer")
    outsider = make_staff("aftersales", stores=[other_store])
    audits = AuditEvent.objects.count()
    # then they can neither add one nor read it
    with pytest.raises(NotFoundError):
        evidence_add(by=outsider, case=case, upload=photo(), kind="buyer")
    with pytest.raises(NotFoundError):
        evidence_file(user=outsider, evidence_id=evidence.pk)
    assert Evidence.objects.count() == 1
    assert AuditEvent.objects.count() == audits


def test_the_file_view_serves_the_photo_and_its_thumbnail_only_in_scope(
    case, specialist, make_staff, other_store, client_for
):
    # given
    evidence = evidence_add(by=specialist, case=case, upload=photo(), kind="buyer")
    url = f"/aftersales/evidence/{evidence.pk}/"
    # when the handler opens it
    response = client_for(specialist).get(url)
    thumbnail = client_for(specialist).get(url + "?size=thumbnail")
    # then
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert "private" in response["Cache-Control"]
    assert (thumbnail.status_code, thumbnail["Content-Type"]) == (200, "image/webp")
    # and someone of another store, or signed out, gets nothing
    assert client_for(make_staff("aftersales", stores=[other_store])).get(url).status_code == 404
    from django.test import Client

    assert Client().get(url).status_code == 302
    # and the file is not under the public media URL
    assert Client().get(f"/media/{evidence.file_name}").status_code == 404


def test_the_upload_view_adds_a_photo(case, specialist, client_for):
    upload = SimpleUploadedFile("p.png", photo(image_format="PNG").getvalue(), content_type="image/png")
    response = client_for(specialist).post(f"/aftersales/cases/{case.pk}/evidence/", {"image": upload, "kind": "staff"})
    assert response.status_code == 302
    assert list(Evidence.objects.values_list("kind", "width")) == [("staff", 400)]


def test_the_api_uploads_lists_and_serves_a_photo(case, specialist, api_client_for, make_staff, other_store):
    client = api_client_for(specialist)
    upload = SimpleUploadedFile("p.png", photo(image_format="PNG").getvalue(), content_type="image/png")
    created = client.post("/api/v1/aftersales/evidence", {"case_id": case.pk, "kind": "inspection", "image": upload})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["width"], body["height"]) == ("inspection", 400, 300)
    assert body["file_url"] == f"/api/v1/aftersales/evidence/{body['id']}/file"
    listed = client.get(f"/api/v1/aftersales/evidence/cases/{case.pk}").json()
    assert [item["id"] for item in listed] == [body["id"]]
    served = client.get(body["file_url"] + "?size=thumbnail")
    assert (served.status_code, served["Content-Type"]) == (200, "image/webp")
    outsider = api_client_for(make_staff("aftersales", stores=[other_store]))
    assert outsider.get(body["file_url"]).status_code == 404


def test_the_api_refuses_a_file_that_is_not_a_picture(case, specialist, api_client_for):
    upload = SimpleUploadedFile("p.jpg", b"no picture" * 30, content_type="image/jpeg")
    response = api_client_for(specialist).post("/api/v1/aftersales/evidence", {"case_id": case.pk, "image": upload})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["image"]
    assert not Evidence.objects.exists()


def test_the_case_page_shows_the_photos_and_the_guidance_cards(case, specialist, client_for):
    evidence = evidence_add(by=specialist, case=case, upload=photo(), kind="buyer")
    html = client_for(specialist).get(reverse("aftersales:case_detail", args=[case.pk])).content.decode()
    assert 'id="evidence"' in html and 'id="guidance"' in html
    assert f"/aftersales/evidence/{evidence.pk}/?size=thumbnail" in html
