"""Chinese word search with jieba: tokens for the index, tokens for a query, highlighting.

Chinese has no spaces between words, so ``icontains`` on raw text would match fragments across
word boundaries. Entries store their jieba tokens space-separated and padded (`` 羽绒服 充绒量 ``),
and a query matches when each of its words appears as `` word ``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from types import ModuleType

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_WORDLIKE = re.compile(r"\w")


@lru_cache(maxsize=1)
def _jieba() -> ModuleType:
    """jieba, imported and initialised on first use (loading its dictionary takes a second)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _clean(words: list[str]) -> list[str]:
    """Lower-cased words, without blanks and punctuation, each once, in order."""
    seen: dict[str, None] = {}
    for word in words:
        word = word.strip().lower()
        if word and _WORDLIKE.search(word):
            seen.setdefault(word, None)
    return list(seen)


def index_tokens(text: str) -> list[str]:
    """The words of ``text`` for the index: search mode also yields the shorter words inside long ones."""
    return _clean(_jieba().lcut_for_search(text or ""))


def search_text(*parts: str) -> str:
    """The padded token string stored in ``KnowledgeEntry.search_text``."""
    tokens = index_tokens(" ".join(p for p in parts if p))
    return f" {' '.join(tokens)} " if tokens else ""


def query_tokens(query: str) -> list[str]:
    """The words of a search query (precise mode: fewer, longer words, each must match)."""
    return _clean(_jieba().lcut(query or ""))


def highlight(text: str, tokens: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of a token wrapped in ``<mark>``."""
    if not tokens:
        return SafeString(escape(text))
    pattern = re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)), re.IGNORECASE)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of user text above is escaped
