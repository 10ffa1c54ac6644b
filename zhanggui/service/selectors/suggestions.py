"""Suggested answers for a buyer's message: the store's canned replies and product knowledge, ranked.

Ranking is BM25 over jieba words (``ranking.py``), title words counting ``TITLE_WEIGHT`` times the
body's, plus what the conversation tells: the message's intent lifts the canned replies of its
category, and the products the conversation is about (its order's, the product cards sent in the
thread) lift their own knowledge entries and the general entries naming their category (the
羽绒服 size chart for a down jacket). Product entries of other products sink, and of entries with the
same title (every product has its own 会起球吗？) only the best placed one is kept.

The index of a store is built on first use and kept in this process under a version key (count and
latest change of the store's canned replies, knowledge entries and listings), read on every call:
another process's edit changes the key, so a stale index is never used.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q

from zhanggui.catalog.models import KnowledgeEntry, KnowledgeKind, Listing, Product
from zhanggui.core.actors import Actor
from zhanggui.core.permissions import require_perm
from zhanggui.orders.models import OrderLine

from ..constants import Intent, MessageKind, SenderKind
from ..models import CannedReply, Conversation, Message
from .intents import intent_classify
from .ranking import Bm25, tokens

TITLE_WEIGHT = 1.5
# A canned reply of the message's intent: its score times (1 + INTENT_LIFT) plus INTENT_FLOOR, so
# that a message sharing no word with any answer ("都三天了 怎么回事") still gets its category's replies.
INTENT_LIFT = 0.5
INTENT_FLOOR = 5.0
CONTEXT_LIFT = 1.0  # an entry of a product in the conversation: score × (1 + CONTEXT_LIFT)
CONTEXT_CATEGORY_LIFT = 0.8  # a general entry naming a product's category (size charts): score × 1.8
OTHER_PRODUCT_FACTOR = 0.35  # an entry about a product the conversation is not about
# Selling points describe a product rather than answer a question: they share its words with every
# question about it (羽绒服, 乳胶) and would crowd out the FAQ that answers.
KIND_FACTORS: dict[str, float] = {KnowledgeKind.SELLING_POINT: 0.5}

# The canned-reply categories of the starter set (data/canned_replies.json) and their intents.
CATEGORY_INTENTS: dict[str, str] = {
    "售前咨询": Intent.PRODUCT,
    "尺码": Intent.SIZE,
    "发货物流": Intent.SHIPPING,
    "修改地址": Intent.ADDRESS,
    "退换货": Intent.RETURN,
    "投诉处理": Intent.COMPLAINT,
    "发票": Intent.INVOICE,
    "优惠活动": Intent.PROMOTION,
}
KIND_INTENTS: dict[str, str] = {KnowledgeKind.SIZE_CHART: Intent.SIZE}

CANNED, KNOWLEDGE = "canned", "knowledge"


@dataclass(frozen=True)
class Suggestion:
    """One suggested answer: a canned reply (its raw body, variables unfilled) or a knowledge entry."""

    kind: str  # "canned" or "knowledge"
    id: int
    title: str
    body: str
    score: float
    shortcut: str = ""
    category: str = ""  # the canned reply's category, or the knowledge entry's kind
    product_id: int | None = None


@dataclass(frozen=True)
class Document:
    """What the index knows of a canned reply or a knowledge entry."""

    kind: str
    id: int
    title: str
    body: str
    shortcut: str = ""
    category: str = ""
    product_id: int | None = None
    owner_id: int | None = None  # an agent's own canned reply
    intent: str = ""  # the intent the answer serves, when known


@dataclass(frozen=True)
class Context:
    """What the conversation is about: products (by id) and the words naming them."""

    product_ids: frozenset[int] = frozenset()
    words: frozenset[str] = frozenset()  # the products' category names and names, as tokens


@dataclass
class SuggestionIndex:
    """Two BM25 indexes (titles, bodies) over the same documents."""

    documents: Sequence[Document]
    title_words: list[frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        titles = [tokens(" ".join((d.title, d.shortcut.lstrip("/"), d.category))) for d in self.documents]
        self.title_words = [frozenset(words) for words in titles]
        self.titles = Bm25(titles)
        self.bodies = Bm25([tokens(d.body) for d in self.documents])

    def rank(
        self,
        text: str,
        *,
        context: Context | None = None,
        intent: str = "",
        owner_id: int | None = None,
        limit: int = 5,
    ) -> list[Suggestion]:
        """The best ``limit`` answers to ``text``; agents' own replies only for ``owner_id``."""
        context = context or Context()
        query = tokens(text)
        scores: dict[int, float] = {i: TITLE_WEIGHT * s for i, s in self.titles.scores(query).items()}
        for index, score in self.bodies.scores(query).items():
            scores[index] = scores.get(index, 0.0) + score
        if intent:
            for index, document in enumerate(self.documents):
                if document.intent == intent:
                    scores[index] = scores.get(index, 0.0) * (1 + INTENT_LIFT) + INTENT_FLOOR
        ranked: dict[str, Suggestion] = {}  # by kind and title: one entry per title
        for index, score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
            document = self.documents[index]
            if document.owner_id is not None and document.owner_id != owner_id:
                continue
            score = self._in_context(index, document, score, context)
            key = f"{document.kind}:{document.title}"
            if score <= 0 or (key in ranked and ranked[key].score >= score):
                continue
            ranked[key] = Suggestion(
                kind=document.kind,
                id=document.id,
                title=document.title,
                body=document.body,
                score=round(score, 4),
                shortcut=document.shortcut,
                category=document.category,
                product_id=document.product_id,
            )
        return sorted(ranked.values(), key=lambda s: (-s.score, s.kind, s.id))[:limit]

    def _in_context(self, index: int, document: Document, score: float, context: Context) -> float:
        if document.kind != KNOWLEDGE:
            return score
        score *= KIND_FACTORS.get(document.category, 1.0)
        if document.product_id is not None:
            if document.product_id in context.product_ids:
                return score * (1 + CONTEXT_LIFT)
            return score * OTHER_PRODUCT_FACTOR
        if context.words and self.title_words[index] & context.words:
            return score * (1 + CONTEXT_CATEGORY_LIFT)
        return score


# --- the store's index, kept per process -------------------------------------------------------
_indexes: dict[int, tuple[tuple[Any, ...], SuggestionIndex]] = {}
_lock = threading.Lock()


def _canned_rows(store_id: int) -> Any:
    return CannedReply.objects.filter(Q(store__isnull=True) | Q(store_id=store_id))


def _knowledge_rows(store_id: int) -> Any:
    listed = Listing.objects.filter(store_id=store_id).values("product_id")
    return KnowledgeEntry.objects.filter(Q(product__isnull=True) | Q(product_id__in=listed))


def _version(store_id: int) -> tuple[Any, ...]:
    canned = _canned_rows(store_id).aggregate(n=Count("pk"), at=Max("updated_at"))
    knowledge = _knowledge_rows(store_id).aggregate(n=Count("pk"), at=Max("updated_at"))
    listings = Listing.objects.filter(store_id=store_id).aggregate(n=Count("pk"), at=Max("changed_at"))
    return tuple(part[key] for part in (canned, knowledge, listings) for key in ("n", "at"))


def store_documents(store_id: int) -> list[Document]:
    """Every answer the store's agents may be suggested: team replies (of the store, or of all
    stores), agents' own replies (shown to their owner only) and knowledge of its listed products."""
    documents = [
        Document(
            kind=CANNED,
            id=row.pk,
            title=row.title,
            body=row.body,
            shortcut=row.shortcut,
            category=row.category,
            owner_id=row.owner_id,
            intent=CATEGORY_INTENTS.get(row.category, ""),
        )
        for row in _canned_rows(store_id).order_by("pk")
    ]
    documents += [
        Document(
            kind=KNOWLEDGE,
            id=row.pk,
            title=row.title,
            body=row.body,
            category=row.kind,
            product_id=row.product_id,
            intent=KIND_INTENTS.get(row.kind, ""),
        )
        for row in _knowledge_rows(store_id).order_by("pk")
    ]
    return documents


def store_index(store_id: int) -> SuggestionIndex:
    """The store's index, rebuilt when its version key changed since it was built."""
    version = _version(store_id)
    cached = _indexes.get(store_id)
    if cached is not None and cached[0] == version:
        return cached[1]
    index = SuggestionIndex(store_documents(store_id))
    with _lock:
        _indexes[store_id] = (version, index)
    return index


# --- a conversation's context ------------------------------------------------------------------
def context_for_products(products: Iterable[Product]) -> Context:
    ids, words = set(), set()
    for product in products:
        ids.add(product.pk)
        words.update(tokens(product.category.name if product.category is not None else ""))
        words.update(tokens(product.name))
    return Context(product_ids=frozenset(ids), words=frozenset(words))


def conversation_product_ids(conversation: Conversation) -> set[int]:
    """The products of the conversation's order and of the product cards sent in its thread."""
    ids: set[int] = set()
    if conversation.order_id:
        ids.update(
            OrderLine.objects.filter(order_id=conversation.order_id, sku__isnull=False).values_list(
                "sku__product_id", flat=True
            )
        )
    cards = Message.objects.filter(conversation=conversation, kind=MessageKind.PRODUCT).values_list(
        "payload", flat=True
    )
    for payload in cards:
        value = (payload or {}).get("product_id") or (payload or {}).get("product")
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            ids.add(int(value))
    return ids


def conversation_context(conversation: Conversation) -> Context:
    ids = conversation_product_ids(conversation)
    if not ids:
        return Context()
    return context_for_products(Product.objects.select_related("category").filter(pk__in=ids))


def suggestions_for(*, user: Actor, conversation: Conversation, text: str, limit: int = 5) -> list[Suggestion]:
    """The best answers to ``text`` in ``conversation`` (one the caller found through
    ``conversation_get``, so it is the user's to see), best first."""
    require_perm(user, "service.view")
    if not text.strip():
        return []
    index = store_index(conversation.store_id)
    return index.rank(
        text,
        context=conversation_context(conversation),
        intent=intent_classify(text),
        owner_id=user.pk,
        limit=limit,
    )


def last_buyer_message(conversation: Conversation, message_id: int | None = None) -> Message | None:
    """The buyer's message to answer: the one named, or the latest buyer text of the thread."""
    messages = Message.objects.filter(conversation=conversation, sender_kind=SenderKind.BUYER).exclude(body="")
    if message_id is not None:
        return messages.filter(pk=message_id).first()
    return messages.order_by("-pk").first()
