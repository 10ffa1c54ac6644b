"""Suggested answers: canned replies and knowledge ranked for a buyer message, the conversation's
products first, scoped to the store and the agent; the index follows edits; the fragment and API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from zhanggui.catalog.models import KnowledgeEntry, KnowledgeKind
from zhanggui.catalog.selectors.search import search_text
from zhanggui.core.exceptions import PermissionDeniedError
from zhanggui.service.constants import MessageKind, SenderKind
from zhanggui.service.models import CannedReply, Message
from zhanggui.service.selectors import suggestions_for
from zhanggui.service.tests.evaluation import CANNED_REPLIES, evaluate
from zhanggui.testing.factories import CategoryFactory, ListingFactory, ProductFactory

# Measured (size 1): ranking top-1 0.674, top-3 0.8715; floors a little lower.
RANKING_TOP1_FLOOR = 0.65
RANKING_TOP3_FLOOR = 0.85


@pytest.fixture
def starter_replies(db):  # type: ignore[no-untyped-def]
    """The starter set, as team replies for every store."""
    rows = json.loads(CANNED_REPLIES.read_text(encoding="utf-8"))
    return CannedReply.objects.bulk_create(CannedReply(**row) for row in rows)


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale)


def shortcuts(found):  # type: ignore[no-untyped-def]
    return [s.shortcut if s.kind == "canned" else s.title for s in found]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("什么时候发货", "/发货"),
        ("能开专票吗", "/专票"),
        ("怎么退货", "/退货"),
        ("包邮吗", "/包邮"),
        ("我要投诉", "/投诉"),
        ("物流单号多少", "/物流"),
        ("能便宜点吗", "/议价"),
    ],
)
def test_the_expected_canned_reply_comes_first(buyer_writes, agent, starter_replies, text, first):
    # given
    conversation = buyer_writes(text).conversation
    # when
    found = suggestions_for(user=agent, conversation=conversation, text=text)
    # then
    assert shortcuts(found)[0] == first
    assert 1 <= len(found) <= 5
    assert found[0].body == next(r.body for r in starter_replies if r.shortcut == first)  # raw, unfilled


def test_the_knowledge_of_the_product_in_the_thread_comes_first(buyer_writes, agent, store, starter_replies):
    # given: two down jackets of the store, each with its own 会跑绒吗？, and a card of the second sent
    category = CategoryFactory(name="羽绒服")
    jackets = [ProductFactory(name=f"暖木 轻薄短款羽绒服 {n}", category=category) for n in (1, 2)]
    entries = []
    for jacket in jackets:
        ListingFactory(product=jacket, store=store)
        body = f"{jacket.name}采用防钻绒面料，不易跑绒。"
        entries.append(
            KnowledgeEntry.objects.create(
                product=jacket, kind=KnowledgeKind.FAQ, title="会跑绒吗？", body=body, search_text=search_text(body)
            )
        )
    conversation = buyer_writes("这件会不会跑绒啊").conversation
    Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.AGENT,
        sender_staff=agent,
        kind=MessageKind.PRODUCT,
        payload={"product_id": jackets[1].pk},
    )
    # when
    found = suggestions_for(user=agent, conversation=conversation, text="这件会不会跑绒啊")
    # then: the carded jacket's answer, once (entries of the same title are not repeated)
    assert (found[0].kind, found[0].id) == ("knowledge", entries[1].pk)
    assert [s.title for s in found].count("会跑绒吗？") == 1


def test_another_stores_canned_replies_are_never_suggested(buyer_writes, agent, store, other_store):
    # given
    mine = CannedReply.objects.create(store=store, title="发货时间", body="今天发货", category="发货物流")
    CannedReply.objects.create(store=other_store, title="发货 发货时间", body="什么时候发货", category="发货物流")
    conversation = buyer_writes("什么时候发货").conversation
    # when
    found = suggestions_for(user=agent, conversation=conversation, text="什么时候发货")
    # then
    assert [(s.kind, s.id) for s in found] == [("canned", mine.pk)]


def test_an_agents_own_replies_are_suggested_to_them_only(buyer_writes, make_agent, presale):
    # given
    owner, colleague = make_agent(presale), make_agent(presale)
    own = CannedReply.objects.create(owner=owner, title="我的发票话术", body="发票确认收货后开", category="发票")
    conversation = buyer_writes("有发票吗").conversation
    # when
    to_owner = suggestions_for(user=owner, conversation=conversation, text="有发票吗")
    to_colleague = suggestions_for(user=colleague, conversation=conversation, text="有发票吗")
    # then
    assert [(s.kind, s.id) for s in to_owner] == [("canned", own.pk)]
    assert to_colleague == []


def test_an_edit_made_elsewhere_is_seen_through_the_version_key(buyer_writes, agent):
    # given: the store's index is built and cached
    reply = CannedReply.objects.create(title="发票", body="可以开电子发票", category="发票")
    conversation = buyer_writes("有发票吗").conversation
    assert suggestions_for(user=agent, conversation=conversation, text="有发票吗")[0].body == "可以开电子发票"
    # when: another process changes the reply (no signal reaches this one)
    CannedReply.objects.filter(pk=reply.pk).update(body="可以开专票", updated_at=timezone.now())
    # then
    assert suggestions_for(user=agent, conversation=conversation, text="有发票吗")[0].body == "可以开专票"


def test_staff_without_service_view_get_nothing(buyer_writes, make_staff, starter_replies):
    # given
    conversation = buyer_writes("什么时候发货").conversation
    outsider = make_staff("warehouse")
    # when / then
    with pytest.raises(PermissionDeniedError):
        suggestions_for(user=outsider, conversation=conversation, text="什么时候发货")


def test_ranking_accuracy_stays_above_its_floors():
    # when
    figures = evaluate(size=1)
    # then
    assert figures["questions"] >= 300
    assert figures["ranking_top1"] >= RANKING_TOP1_FLOOR
    assert figures["ranking_top3"] >= RANKING_TOP3_FLOOR


# --- the fragment and the API ------------------------------------------------------------------
def test_the_fragment_lists_answers_to_fill_the_composer(buyer_writes, agent, starter_replies, client_for):
    # given
    received = buyer_writes("什么时候发货")
    url = reverse("service:suggestions")
    # when
    response = client_for(agent).get(url, {"conversation": received.conversation.pk})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-intent="shipping"' in html
    reply = next(r for r in starter_replies if r.shortcut == "/发货")
    assert f'data-fill="{reply.body}"' in html
    assert "service/suggestions.js" in html


def test_the_fragment_of_another_stores_conversation_is_missing(
    buyer_writes, make_staff, other_store, starter_replies, client_for
):
    # given
    conversation = buyer_writes("什么时候发货").conversation
    stranger = make_staff("cs_agent", stores=[other_store])
    # when
    response = client_for(stranger).get(reverse("service:suggestions"), {"conversation": conversation.pk})
    # then
    assert response.status_code == 404


def test_the_api_ranks_answers_to_the_named_message(buyer_writes, agent, starter_replies, api_client_for):
    # given
    first = buyer_writes("能开专票吗")
    buyer_writes("什么时候发货")
    # when
    response = api_client_for(agent).get(
        "/api/v1/service/suggestions", {"conversation": first.conversation.pk, "message": first.message.pk}
    )
    # then
    assert response.status_code == 200
    data = response.json()
    assert (data["message_id"], data["text"], data["intent"]) == (first.message.pk, "能开专票吗", "invoice")
    assert data["suggestions"][0]["shortcut"] == "/专票"
