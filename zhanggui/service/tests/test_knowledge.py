"""The product knowledge panel: a store's products and SKUs with the units left now, FAQ and size
charts, searched in Chinese or by code; scoped to the store; the fragment and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhanggui.catalog.models import KnowledgeEntry, KnowledgeKind
from zhanggui.catalog.selectors.search import search_text
from zhanggui.service.selectors import knowledge_panel_search
from zhanggui.testing.factories import (
    CategoryFactory,
    ListingFactory,
    ProductFactory,
    SkuFactory,
    StockFactory,
    WarehouseFactory,
)


def entry(title, body, *, kind=KnowledgeKind.FAQ, product=None):  # type: ignore[no-untyped-def]
    return KnowledgeEntry.objects.create(
        product=product, kind=kind, title=title, body=body, search_text=search_text(title, body)
    )


@pytest.fixture
def jacket(store):  # type: ignore[no-untyped-def]
    """A down jacket of the store: black M (10 on hand − 3 reserved in Hangzhou, 5 in Guangzhou)
    and black L (4 on hand, 4 reserved)."""
    product = ProductFactory(name="暖木 轻薄短款羽绒服", spu_code="NM-DJ2601", category=CategoryFactory(name="羽绒服"))
    ListingFactory(product=product, store=store)
    hangzhou, guangzhou = WarehouseFactory(code="hz-main"), WarehouseFactory(code="gz")
    medium = SkuFactory(product=product, merchant_code="NM-DJ2601-BLK-M", attributes={"color": "黑色", "size": "M"})
    large = SkuFactory(product=product, merchant_code="NM-DJ2601-BLK-L", attributes={"color": "黑色", "size": "L"})
    StockFactory(sku=medium, warehouse=hangzhou, on_hand=10, reserved=3)
    StockFactory(sku=medium, warehouse=guangzhou, on_hand=5, reserved=0)
    StockFactory(sku=large, warehouse=hangzhou, on_hand=4, reserved=4)
    return product


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale)


def available(panel):  # type: ignore[no-untyped-def]
    return {sku.merchant_code: sku.available for product in panel.products for sku in product.sku_rows}


@pytest.mark.parametrize("query", ["羽绒服", "NM-DJ2601", "NM-DJ2601-BLK-L", "轻薄 羽绒服"])
def test_products_are_found_with_the_units_left_per_sku(agent, store, jacket, query):
    # when
    panel = knowledge_panel_search(user=agent, store=store, query=query)
    # then
    assert [product.pk for product in panel.products] == [jacket.pk]
    assert available(panel) == {"NM-DJ2601-BLK-M": 12, "NM-DJ2601-BLK-L": 0}


def test_faq_and_size_charts_are_found_by_chinese_words(agent, store, jacket):
    # given
    faq = entry("会跑绒吗？", "采用防钻绒面料，不易跑绒。", product=jacket)
    chart = entry("羽绒服尺码表", "尺码 | 建议身高\nM | 160–165", kind=KnowledgeKind.SIZE_CHART)
    entry("会起球吗？", "不易起球。")
    # when
    runs = knowledge_panel_search(user=agent, store=store, query="跑绒")
    sizes = knowledge_panel_search(user=agent, store=store, query="尺码表")
    # then
    assert [e.pk for e in runs.entries] == [faq.pk]
    assert [e.pk for e in sizes.entries] == [chart.pk]


def test_a_question_missing_words_still_finds_its_answer(agent, store, jacket):
    # given
    faq = entry("会跑绒吗？", "采用防钻绒面料，不易跑绒。", product=jacket)
    # when: 钻毛 is in no entry, so the word search finds nothing and the ranking answers
    panel = knowledge_panel_search(user=agent, store=store, query="会不会跑绒 钻毛")
    # then
    assert [e.pk for e in panel.entries] == [faq.pk]


def test_another_stores_products_and_their_knowledge_are_not_shown(agent, store, other_store):
    # given
    theirs = ProductFactory(name="别家的羽绒服", spu_code="XX-1")
    ListingFactory(product=theirs, store=other_store)
    SkuFactory(product=theirs)
    entry("羽绒服会跑绒吗？", "别家的答案", product=theirs)
    # when
    panel = knowledge_panel_search(user=agent, store=store, query="羽绒服")
    # then
    assert (panel.products, panel.entries) == ([], [])


def test_an_empty_query_shows_nothing(agent, store, jacket):
    assert knowledge_panel_search(user=agent, store=store, query="  ").products == []


# --- the fragment and the API ------------------------------------------------------------------
def test_the_fragment_shows_live_stock_and_polls(buyer_writes, agent, jacket, client_for):
    # given
    conversation = buyer_writes("羽绒服还有M码吗").conversation
    # when
    response = client_for(agent).get(reverse("service:knowledge"), {"conversation": conversation.pk, "q": "羽绒服"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-available="12"' in html
    assert 'data-available="0"' in html
    assert 'hx-trigger="every 20s, zg:message from:body"' in html


def test_the_fragment_of_another_stores_conversation_is_missing(buyer_writes, make_staff, other_store, client_for):
    # given
    conversation = buyer_writes("在吗").conversation
    stranger = make_staff("cs_agent", stores=[other_store])
    # when
    response = client_for(stranger).get(reverse("service:knowledge"), {"conversation": conversation.pk, "q": "x"})
    # then
    assert response.status_code == 404


def test_the_api_searches_a_store(agent, store, jacket, api_client_for):
    # when
    response = api_client_for(agent).get("/api/v1/service/knowledge", {"store": store.pk, "q": "NM-DJ2601"})
    # then
    assert response.status_code == 200
    products = response.json()["products"]
    assert [(p["spu_code"], p["category"]) for p in products] == [("NM-DJ2601", "羽绒服")]
    assert {s["merchant_code"]: s["available"] for s in products[0]["skus"]} == {
        "NM-DJ2601-BLK-M": 12,
        "NM-DJ2601-BLK-L": 0,
    }


def test_the_api_reports_another_store_as_missing(agent, other_store, api_client_for):
    # when
    response = api_client_for(agent).get("/api/v1/service/knowledge", {"store": other_store.pk, "q": "羽绒服"})
    # then
    assert response.status_code == 404
