"""The pictures API: multipart upload checked by content, list, move, assign, remove; URLs in products and SKUs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhanggui.catalog.models import ProductImage
from zhanggui.catalog.services import product_image_add
from zhanggui.core.models import AuditEvent

from .image_files import picture, text_as_jpeg

BASE = "/api/v1/catalog"


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def urls(name: str) -> dict[str, str]:
    stem = "/media/" + name.rsplit(".", 1)[0]
    return {"url": "/media/" + name, "thumbnail_url": f"{stem}-96.webp", "preview_url": f"{stem}-320.webp"}


def test_upload_list_and_urls_in_products_and_skus(media, make_staff, api_client_for, catalog):
    # given an operator's token
    client = api_client_for(make_staff("operator"))
    # when a PNG is uploaded as multipart field "image"
    response = client.post(f"{BASE}/products/{catalog.product.pk}/images", {"image": picture("x.png")})
    # then it is the main picture with its URLs, under a generated name
    assert response.status_code == 201
    image = ProductImage.objects.get()
    assert not image.file.name.endswith("x.png")
    expected = {
        "id": image.pk,
        "product_id": catalog.product.pk,
        "position": 0,
        "is_main": True,
        "width": 640,
        "height": 480,
        "picture": urls(image.file.name),
        "sku_ids": [],
    }
    assert response.json() == expected
    assert client.get(f"{BASE}/products/{catalog.product.pk}/images").json() == [expected]
    # and the product and its SKUs carry the picture's URLs
    listed = client.get(f"{BASE}/products").json()["items"][0]
    assert listed["main_picture"] == urls(image.file.name)
    detail = client.get(f"{BASE}/products/{catalog.product.pk}").json()
    assert [sku["picture"] for sku in detail["skus"]] == [urls(image.file.name)] * 2
    assert client.get(f"{BASE}/skus/{catalog.white.pk}").json()["picture"] == urls(image.file.name)


def test_a_text_file_named_jpg_is_422_on_image(media, make_staff, api_client_for, catalog):
    client = api_client_for(make_staff("operator"))
    audit_rows = AuditEvent.objects.count()  # the token's own
    response = client.post(f"{BASE}/products/{catalog.product.pk}/images", {"image": text_as_jpeg()})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "image", "message": "The file is not a JPEG, PNG or WebP picture."}]
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, audit_rows)


def test_a_token_without_catalog_edit_is_403_and_leaves_nothing(media, make_staff, api_client_for, catalog):
    client = api_client_for(make_staff("cs_agent"))
    audit_rows = AuditEvent.objects.count()  # the token's own
    response = client.post(f"{BASE}/products/{catalog.product.pk}/images", {"image": picture()})
    assert response.status_code == 403
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, audit_rows)


def test_another_stores_product_is_404(media, make_staff, api_client_for, catalog):
    client = api_client_for(make_staff("operator"))
    assert client.get(f"{BASE}/products/{catalog.theirs.pk}/images").status_code == 404
    assert client.post(f"{BASE}/products/{catalog.theirs.pk}/images", {"image": picture()}).status_code == 404
    assert files_in(media) == []


def test_set_main_assign_and_remove(media, make_staff, api_client_for, catalog, django_capture_on_commit_callbacks):
    # given two uploaded pictures
    client = api_client_for(make_staff("operator"))
    first, second = (
        client.post(f"{BASE}/products/{catalog.product.pk}/images", {"image": picture()}).json()["id"] for _ in range(2)
    )
    # when the second is made main and shown for the black SKU
    main = client.post(f"{BASE}/product-images/{second}/main")
    assigned = client.put(
        f"{BASE}/product-images/{first}/skus",
        data=json.dumps({"sku_ids": [catalog.black.pk]}),
        content_type="application/json",
    )
    # then the order and the assignment are answered
    assert [(i["id"], i["position"], i["is_main"]) for i in main.json()] == [(second, 0, True), (first, 1, False)]
    assert assigned.json()["sku_ids"] == [catalog.black.pk]
    black_picture = client.get(f"{BASE}/skus/{catalog.black.pk}").json()["picture"]
    assert black_picture == urls(ProductImage.objects.get(pk=first).file.name)
    # when the first is removed
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(f"{BASE}/product-images/{first}")
    # then it is gone with its files, and the black SKU shows the main picture
    assert removed.status_code == 204
    assert [i["id"] for i in client.get(f"{BASE}/products/{catalog.product.pk}/images").json()] == [second]
    assert len(files_in(media)) == 3
    assert client.get(f"{BASE}/skus/{catalog.black.pk}").json()["picture"] == urls(
        ProductImage.objects.get(pk=second).file.name
    )


def test_a_sku_of_another_product_is_refused(media, make_staff, api_client_for, catalog):
    manager = make_staff("manager")
    client = api_client_for(manager)
    image = client.post(f"{BASE}/products/{catalog.product.pk}/images", {"image": picture()}).json()["id"]
    response = client.put(
        f"{BASE}/product-images/{image}/skus",
        data=json.dumps({"sku_ids": [catalog.their_sku.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["sku_ids"]


def test_product_and_sku_lists_answer_pictures_at_the_same_query_count(media, make_staff, api_client_for, catalog):
    # given the lists' query counts before any picture
    manager = make_staff("manager")
    client = api_client_for(manager)
    paths = [f"{BASE}/products", f"{BASE}/skus"]
    client.get(paths[0])  # the token's first use writes its last-use time; the counts leave that out
    before = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        before[path] = len(queries)
    # when both products get a picture
    for product in (catalog.product, catalog.theirs):
        product_image_add(by=manager, product=product, upload=picture())
    # then the lists carry the URLs at the same count
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            items = client.get(path).json()["items"]
        assert len(queries) == before[path], path
        key = "main_picture" if path.endswith("products") else "picture"
        assert all(item[key]["thumbnail_url"].endswith("-96.webp") for item in items), path
