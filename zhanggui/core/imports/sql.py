"""Plain SQL helpers of set-based imports: reading the current rows of many keys at once, time parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
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


def time_parameter() -> Callable[[dt.datetime], Any]:
    """Turns a time into the query parameter ``connection.ops.adapt_datetimefield_value`` makes of it.

    On SQLite that is the time in the connection's zone (UTC) as text without an offset: converted
    here without the settings look-ups Django's version makes per call, which cost more than the
    conversion itself when an import writes two times per order. Other databases take it as is.
    """
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor != "sqlite" or not settings.USE_TZ:
        return adapt  # type: ignore[no-any-return]
    zone = connection.timezone

    def parameter(value: dt.datetime) -> Any:
        if value.utcoffset() is None:
            return adapt(value)
        return str(value.astimezone(zone).replace(tzinfo=None))

    return parameter
