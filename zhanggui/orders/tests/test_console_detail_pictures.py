"""The order page's lines show their SKU's picture (or its product's main one) at a fixed query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhanggui.catalog.selectors import picture_urls
from zhanggui.catalog.services import product_image_add, product_image_assign
from zhanggui.catalog.tests.image_files import picture
from zhanggui.orders.services import OrderLineData


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def line(title: str, code: str) -> OrderLineData:
    return OrderLineData(title=title, unit_price=Decimal("99.00"), quantity=1, merchant_code=code)


def test_order_lines_show_the_sku_picture_else_the_products(
    media, make_order, goods, clerk, english_client_for, make_staff
):
    # given an order of a white, a black and an unknown SKU, counted before any picture exists
    lines = [line("白色 M", "TEE-WHT-M"), line("黑色 L", "TEE-BLK-L"), line("旧款", "GONE-1")]
    order = make_order("P1", status="paid", lines=lines)
    client = english_client_for(clerk)
    url = reverse("orders:order_detail", args=[order.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    # when the product gets a main picture and the black SKU its own
    operator = make_staff("operator")
    main = product_image_add(by=operator, product=goods.product, upload=picture())
    black = product_image_add(by=operator, product=goods.product, upload=picture())
    product_image_assign(by=operator, image=black, skus=[goods.black])
    # then the white line shows the main picture, the black one its own, the unknown one none
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    shown = [line.picture for line in response.context["lines"]]
    assert shown == [picture_urls(main.file.name), picture_urls(black.file.name), None]
    html = response.content.decode()
    assert f'src="{picture_urls(main.file.name)["thumbnail_url"]}"' in html
    assert f'src="{picture_urls(black.file.name)["thumbnail_url"]}"' in html
    # and the page costs the same queries as without pictures
    assert len(after) == len(before)
