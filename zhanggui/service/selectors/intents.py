"""What a buyer's message is about (咨询商品, 尺码, 催发货 …): its intent label.

A multinomial naive Bayes over jieba words and character pairs, trained on the labelled buyer
messages shipped in ``zhanggui/service/data/intent_exemplars.jsonl``, plus a few cue words that
decide on their own when present (nobody writes 12315 unless complaining). The model is trained
once per process on first use (a few milliseconds after jieba's dictionary is loaded); classifying
a message is a dictionary walk, fast enough to run on every buyer message as it is received.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from zhanggui.catalog.selectors.search import index_tokens

from ..constants import Intent
from .ranking import char_pairs

EXEMPLARS = Path(__file__).resolve().parent.parent / "data" / "intent_exemplars.jsonl"

# Words that name the intent whatever else the message says; each label whose cue appears
# gets CUE_WEIGHT added to its log-probability (enough to outweigh the words around it).
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Intent.COMPLAINT, ("投诉", "差评", "骗子", "12315", "消协", "工商", "举报", "态度太差", "垃圾")),
    (Intent.INVOICE, ("发票", "开票", "税号", "抬头", "专票", "普票")),
    (Intent.ADDRESS, ("改地址", "修改地址", "地址改", "地址写错", "地址填错", "收货地址", "换个地址", "改收货")),
    (Intent.RETURN, ("退货", "退款", "换货", "退换", "换个码", "换码", "退回", "运费险", "七天无理由")),
    (Intent.PROMOTION, ("优惠", "优惠券", "满减", "便宜", "包邮", "打折", "折扣", "红包", "赠品", "价保", "降价")),
    (Intent.SHIPPING, ("发货", "快递", "物流", "顺丰", "几天到", "到货", "单号")),
    (Intent.SIZE, ("尺码", "码数", "什么码", "哪个码", "几码", "偏大", "偏小", "身高", "斤", "kg")),
)
CUE_WEIGHT = 3.0
SMOOTHING = 1.0  # Laplace


def features(text: str) -> list[str]:
    """jieba's words (search mode) and every pair of adjacent Chinese characters (typos and words
    jieba splits oddly still share pairs with the exemplars)."""
    return index_tokens(text) + char_pairs(text)


class NaiveBayes:
    """Multinomial naive Bayes with additive smoothing; labels are the Intent values."""

    def __init__(self, examples: list[tuple[str, str]]) -> None:
        self.labels = sorted({label for _, label in examples})
        counts: dict[str, Counter[str]] = {label: Counter() for label in self.labels}
        docs = Counter(label for _, label in examples)
        for text, label in examples:
            counts[label].update(features(text))
        vocabulary = {word for counter in counts.values() for word in counter}
        self.vocabulary = vocabulary
        self.size = len(vocabulary) or 1
        self.prior = {label: math.log(docs[label] / len(examples)) for label in self.labels}
        self.totals = {label: sum(counts[label].values()) for label in self.labels}
        self.counts = counts

    def log_scores(self, text: str) -> dict[str, float]:
        # Words no exemplar has say nothing about any label; counting them would only penalise the
        # labels with the most exemplar words (a product question with new words would lose).
        words = [word for word in features(text) if word in self.vocabulary]
        scores = {}
        for label in self.labels:
            denominator = math.log(self.totals[label] + SMOOTHING * self.size)
            counter = self.counts[label]
            scores[label] = self.prior[label] + sum(
                math.log(counter.get(word, 0) + SMOOTHING) - denominator for word in words
            )
        return scores


def exemplars() -> list[tuple[str, str]]:
    """(text, intent) of the shipped training exemplars."""
    rows = []
    with EXEMPLARS.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], row["intent"]))
    return rows


@lru_cache(maxsize=1)
def _model() -> NaiveBayes:
    return NaiveBayes(exemplars())


def intent_ranking(text: str) -> list[tuple[str, float]]:
    """Every intent with its score, the likeliest first (scores are log-probabilities plus cue
    bonuses: only their order means something)."""
    scores = _model().log_scores(text)
    lowered = text.lower()
    for intent, cues in CUES:
        if any(cue in lowered for cue in cues):
            scores[str(intent)] = scores.get(str(intent), 0.0) + CUE_WEIGHT
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


# A greeting says nothing yet (在吗 is not 催发货): the buyer's next message will.
GREETING = re.compile(
    r"^(亲|亲亲|您好|你好|在吗|在不在|在么|有人吗|客服|老板|掌柜|hello|hi|[\s,.!?，。！？~～、]|呢|呀|啊)*$", re.I
)


def intent_classify(text: str) -> str:
    """The intent of ``text`` (an ``Intent`` value), or "" for no text or a bare greeting."""
    text = text.strip()
    if not text or GREETING.match(text):
        return ""
    return intent_ranking(text)[0][0]
