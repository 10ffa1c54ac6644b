"""The ranking maths behind suggestions and intents: jieba tokens without stop words, and Okapi BM25.

BM25 is written here (about forty lines) rather than taken from ``bm25s``: that library needs numpy
(and scipy for its sparse mode), which the project does not otherwise install, and an index of a
store's few hundred canned replies and FAQ entries is small enough for plain dicts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from zhanggui.catalog.selectors.search import index_tokens

# Words buyers put in every message (greetings, particles, pronouns, question words): they say
# nothing about which answer fits, and BM25's idf would only half discount them in a small index.
_STOP_WORDS = """
    亲 亲亲 亲们 您好 你好 在 在吗 吗 呢 吧 啊 呀 哦 噢 喔 嘛 么 哈 哈哈 嗯 额 呃 哎 诶 唉 啦 咯 哟 滴 的 地 得 了 着 过
    我 我们 你 您 你们 他 她 它 这 那 这个 那个 这款 那款 这件 那件 这边 那边 是 不 没 就 都 也 还 又 和 跟 与 或 呗
    请问 问 问下 问一下 一下 下 想 想问 要 给 个 能 能不能 可以 可不可以 会 会不会 有 有没有 没有 什么 怎么 怎么样
    怎样 如何 为什么 多少 哪 哪个 哪里 几 吗吗 谢谢 谢了 麻烦 麻烦你 好的 好 老板 客服 掌柜 宝贝 美女 小姐姐 一个 一点
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


_CHINESE = re.compile(r"[\u4e00-\u9fff]+")


def char_pairs(text: str) -> list[str]:
    """Every two adjacent Chinese characters, marked ``#``: buyers' typos and words jieba splits
    otherwise than in the answer (包不包邮 → 包 不包 邮) still share pairs with it (``#包邮``)."""
    return [f"#{run[i : i + 2]}" for run in _CHINESE.findall(text or "") for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The words of ``text`` that carry meaning: jieba's search-mode words (as the catalog indexes
    them, shorter words inside long ones too), lower-cased, each once, without stop words; and its
    character pairs. The pairs add about five points of top-1 accuracy on the evaluation set."""
    return [word for word in index_tokens(text) if word not in STOP_WORDS] + char_pairs(text)


class Bm25:
    """Okapi BM25 over documents given as token lists (k1 = 1.2, b = 0.75)."""

    def __init__(self, documents: Sequence[Iterable[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for index, words in enumerate(documents):
            counts = Counter(words)
            self.lengths.append(sum(counts.values()))
            for word, count in counts.items():
                self.postings.setdefault(word, []).append((index, count))
        self.average_length = (sum(self.lengths) / self.size) if self.size else 0.0
        self.idf = {
            word: math.log(1 + (self.size - len(hits) + 0.5) / (len(hits) + 0.5))
            for word, hits in self.postings.items()
        }

    def scores(self, query: Iterable[str]) -> dict[int, float]:
        """Document index → score, for the documents sharing at least one word with ``query``."""
        found: dict[int, float] = {}
        average = self.average_length or 1.0
        for word in set(query):
            idf = self.idf.get(word)
            if idf is None:
                continue
            for index, count in self.postings[word]:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / average)
                found[index] = found.get(index, 0.0) + idf * count * (self.k1 + 1) / (count + norm)
        return found
