"""Plain SQL helpers of set-based imports: reading the current rows of many keys at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection

CHUNK = 900  # values per IN (...) query, below SQLite's historical 999-parameter limit


def chunked(values: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def rows_for_keys(sql: str, keys: list[Any]) -> list[tuple[Any, ...]]:
    """Run ``sql`` for chunks of ``keys`` (its ``{keys}`` becomes the IN list); all result rows.

    Plain SQL rather than the ORM: building a 900-value IN lookup through the ORM costs more than
    running it, and an import asks thousands of them.
    """
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for chunk in chunked(keys):
            cursor.execute(sql.replace("{keys}", ", ".join(["%s"] * len(chunk))), chunk)
            rows.extend(cursor.fetchall())
    return rows
