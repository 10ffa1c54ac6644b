"""Accuracy of suggestions and intents on the labelled buyer questions (``data/buyer_questions.jsonl``).

Each question has its intent, the answer that should come first (a canned reply's shortcut or a
knowledge entry's title) and, for questions asked about a product, the product line (羽绒服 …).
The answers are the starter canned replies (``zhanggui/service/data/canned_replies.json``) and the
demo shop's knowledge: its store-wide FAQ and size charts, and per product line one product with
every FAQ of its line (the product the question is about) plus ``size − 1`` more products drawn as
the demo draws them (two FAQ and a selling point each), which compete with the right one.

No database: the same ``SuggestionIndex`` and ``intent_classify`` the console uses, on documents
built from the data. ``bench/suggestions_accuracy.py`` prints the figures; a test keeps floors.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from zhanggui.catalog.demo.assortment import BRAND, CARE, LINES
from zhanggui.catalog.demo.knowledge import SIZE_CHARTS, STORE_FAQ, size_chart_text
from zhanggui.catalog.demo.plan import plan_product
from zhanggui.catalog.models import KnowledgeKind
from zhanggui.service.selectors.intents import intent_ranking
from zhanggui.service.selectors.ranking import tokens
from zhanggui.service.selectors.suggestions import (
    CANNED,
    CATEGORY_INTENTS,
    KIND_INTENTS,
    KNOWLEDGE,
    Context,
    Document,
    Suggestion,
    SuggestionIndex,
)

QUESTIONS = Path(__file__).resolve().parent / "data" / "buyer_questions.jsonl"
CANNED_REPLIES = Path(__file__).resolve().parents[1] / "data" / "canned_replies.json"


def questions() -> list[dict[str, Any]]:
    with QUESTIONS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def canned_replies() -> list[dict[str, str]]:
    return json.loads(CANNED_REPLIES.read_text(encoding="utf-8"))


def corpus(size: int = 1, seed: int = 10) -> tuple[list[Document], dict[str, tuple[int, str]]]:
    """The documents, and per product line its questions' product: (id, name)."""
    documents = [
        Document(
            kind=CANNED,
            id=n,
            title=row["title"],
            body=row["body"],
            shortcut=row["shortcut"],
            category=row["category"],
            intent=CATEGORY_INTENTS.get(row["category"], ""),
        )
        for n, row in enumerate(canned_replies(), 1)
    ]
    knowledge: list[tuple[int | None, str, str, str]] = [(None, KnowledgeKind.FAQ, q, a) for q, a in STORE_FAQ]
    knowledge += [(None, KnowledgeKind.SIZE_CHART, f"{noun}尺码表", size_chart_text(noun)) for noun in SIZE_CHARTS]
    products: dict[str, tuple[int, str]] = {}
    rng, now, taken = random.Random(seed), dt.datetime(2026, 12, 1, tzinfo=dt.UTC), set()
    product_id = 0
    for index, line in enumerate(LINES):
        product_id += 1
        material = line.materials[0]
        values = {"material": material.name, "care": CARE[material.name], "noun": line.noun}
        values["fill"] = line.fills[0] if line.fills else ""
        name = f"{BRAND} {line.leads[0]} {material.highlights[0]} {line.tags[0]} {line.styles[0]}{line.noun}"
        products[line.noun] = (product_id, name)
        knowledge += [(product_id, KnowledgeKind.FAQ, q, a.format(**values)) for q, a in line.faqs]
        points = "\n".join(p.format(**values) for p in line.points)
        selling = f"卖点｜{material.highlights[0]} {line.noun}"
        knowledge.append((product_id, KnowledgeKind.SELLING_POINT, selling, points))
        for seq in range(2, size + 1):
            product_id += 1
            plan = plan_product(rng, line, index, seq, taken, [], now)
            knowledge += [(product_id, kind, title, body) for kind, title, body in plan.knowledge]
    documents += [
        Document(
            kind=KNOWLEDGE,
            id=n,
            title=title,
            body=body,
            category=kind,
            product_id=product,
            intent=KIND_INTENTS.get(kind, ""),
        )
        for n, (product, kind, title, body) in enumerate(knowledge, 1)
    ]
    return documents, products


def answer_of(suggestion: Suggestion) -> str:
    return suggestion.shortcut if suggestion.kind == CANNED else suggestion.title


def evaluate(size: int = 1) -> dict[str, Any]:
    """Top-1 and top-3 accuracy of the ranking and of the intent, with the misses."""
    documents, products = corpus(size)
    index = SuggestionIndex(documents)
    rows = questions()
    ranking_1 = ranking_3 = intent_1 = intent_3 = 0
    misses: list[dict[str, Any]] = []
    per_intent: dict[str, list[int]] = {}  # intent → [questions, ranking top-1 hits, intent top-1 hits]
    for row in rows:
        context = Context()
        if line := row.get("product_line"):
            product_id, name = products[line]
            context = Context(product_ids=frozenset({product_id}), words=frozenset(tokens(f"{line} {name}")))
        intents = [label for label, _ in intent_ranking(row["text"])]
        ranked = [answer_of(s) for s in index.rank(row["text"], context=context, intent=intents[0], limit=3)]
        ranking_1 += ranked[:1] == [row["answer"]]
        ranking_3 += row["answer"] in ranked
        intent_1 += intents[0] == row["intent"]
        intent_3 += row["intent"] in intents[:3]
        counts = per_intent.setdefault(row["intent"], [0, 0, 0])
        counts[0] += 1
        counts[1] += ranked[:1] == [row["answer"]]
        counts[2] += intents[0] == row["intent"]
        if ranked[:1] != [row["answer"]] or intents[0] != row["intent"]:
            misses.append({**row, "got": ranked, "got_intent": intents[0]})
    total = len(rows)
    return {
        "questions": total,
        "documents": len(documents),
        "size": size,
        "ranking_top1": round(ranking_1 / total, 4),
        "ranking_top3": round(ranking_3 / total, 4),
        "intent_top1": round(intent_1 / total, 4),
        "intent_top3": round(intent_3 / total, 4),
        "by_intent": {
            label: {"questions": n, "ranking_top1": round(r / n, 4), "intent_top1": round(i / n, 4)}
            for label, (n, r, i) in sorted(per_intent.items())
        },
        "misses": misses,
    }
