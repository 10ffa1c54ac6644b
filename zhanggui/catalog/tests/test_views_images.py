"""Console: the product page's pictures card, and thumbnails in the product and SKU lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhanggui.catalog.models import ProductImage, Sku
from zhanggui.catalog.services import product_image_add, product_image_assign
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import ListingFactory, ProductFactory, SkuFactory

from .image_files import picture, text_as_jpeg


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def thumb(image: ProductImage, edge: int = 96) -> str:
    return "/media/" + image.file.name[: -len(".png")] + f"-{edge}.webp"


def test_an_operator_uploads_a_picture_from_the_product_page(media, make_staff, client_for, catalog):
    # given an operator on the product page
    client = client_for(make_staff("operator"))
    # when a PNG is uploaded through the pictures card's form
    response = client.post(reverse("catalog:product_image_upload", args=[catalog.product.pk]), {"image": picture()})
    # then the page comes back with the picture as main, its 320 px preview shown
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:product_detail", args=[catalog.product.pk]) + "#pictures"
    image = ProductImage.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert f'src="{thumb(image, 320)}"' in html
    assert "Main picture" in html
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The picture was added."]


def test_a_refused_upload_names_the_field_and_stores_nothing(media, make_staff, client_for, catalog):
    client = client_for(make_staff("operator"))
    response = client.post(
        reverse("catalog:product_image_upload", args=[catalog.product.pk]), {"image": text_as_jpeg()}
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Picture: The file is not a JPEG, PNG or WebP picture."
    ]
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, 0)


def test_a_cs_agent_may_not_upload(media, make_staff, client_for, catalog):
    client = client_for(make_staff("cs_agent"))
    response = client.post(reverse("catalog:product_image_upload", args=[catalog.product.pk]), {"image": picture()})
    assert response.status_code == 403
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, 0)


def test_upload_needs_the_csrf_token(media, make_staff, client_for, catalog):
    client = client_for(make_staff("operator"), enforce_csrf_checks=True)
    response = client.post(reverse("catalog:product_image_upload", args=[catalog.product.pk]), {"image": picture()})
    assert response.status_code == 403
    assert (files_in(media), ProductImage.objects.count()) == ([], 0)


def test_make_main_remove_and_assign_from_the_page(
    media, make_staff, client_for, catalog, django_capture_on_commit_callbacks
):
    # given two pictures
    operator = make_staff("operator")
    client = client_for(operator)
    first, second = (product_image_add(by=operator, product=catalog.product, upload=picture()) for _ in range(2))
    # when the second is made main, shown for the black SKU, and the first removed
    client.post(reverse("catalog:product_image_move", args=[second.pk]), {"position": "0"})
    client.post(reverse("catalog:product_image_skus", args=[second.pk]), {"sku_ids": [catalog.black.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalog:product_image_remove", args=[first.pk]))
    # then one picture is left, main, and the black SKU shows it
    assert list(ProductImage.objects.values_list("pk", "position")) == [(second.pk, 0)]
    assert Sku.objects.get(pk=catalog.black.pk).image_id == second.pk
    assert len(files_in(media)) == 3
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-3:] == [
        "catalog.product.image_move",
        "catalog.product.image_assign",
        "catalog.product.image_remove",
    ]


def test_another_stores_picture_is_missing(media, make_staff, client_for, catalog):
    manager = make_staff("manager")
    theirs = product_image_add(by=manager, product=catalog.theirs, upload=picture())
    client = client_for(make_staff("operator"))
    assert client.post(reverse("catalog:product_image_remove", args=[theirs.pk])).status_code == 404
    assert ProductImage.objects.filter(pk=theirs.pk).exists()


def test_lists_show_thumbnails_at_the_same_query_count(media, make_staff, client_for, catalog, store):
    # given ten more products in the store, counted without pictures
    operator = make_staff("operator")
    client = client_for(operator)
    products = [ProductFactory(spu_code=f"SPU-{n}") for n in range(10)]
    for product in products:
        ListingFactory(product=product, store=store)
        SkuFactory(product=product, merchant_code=f"M-{product.spu_code}")
    counts = {}
    for name in ("catalog:product_list", "catalog:sku_list"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(queries)
    # when every product gets a picture, and one SKU its own
    images = [product_image_add(by=operator, product=p, upload=picture()) for p in [catalog.product, *products]]
    black = product_image_add(by=operator, product=catalog.product, upload=picture())
    product_image_assign(by=operator, image=black, skus=[catalog.black])
    # then both lists show the thumbnails with exactly as many queries as before
    for name in ("catalog:product_list", "catalog:sku_list"):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse(name)).content.decode()
        assert len(queries) == counts[name], name
        assert all(f'src="{thumb(image)}"' in html for image in images[1:]), name
    product_html = client.get(reverse("catalog:product_list")).content.decode()
    sku_html = client.get(reverse("catalog:sku_list")).content.decode()
    assert f'src="{thumb(images[0])}"' in product_html
    assert f'src="{thumb(black)}"' not in product_html  # the product shows its main picture
    assert f'src="{thumb(images[0])}"' in sku_html  # the white SKU: the product's main picture
    assert f'src="{thumb(black)}"' in sku_html  # the black SKU: its own
