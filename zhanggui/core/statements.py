"""The busiest reads' SQL, compiled once per process and shape, then run with each call's values.

Django builds and compiles a queryset on every call; for the order list API that was the largest
part of the request after the database itself (bench/order_api.py). A statement here is the SQL
of a queryset of one *shape* (which filters, how many values, which page), its parameters with
the call's values put in their places, and the converters the ORM would apply to its rows.

The places are found by building the queryset once with sentinel values (numbers and texts no
caller sends) and once with the call's real values: the statement is kept only when both compile
to the same SQL and the real parameters are exactly the sentinel ones with the values put in, so a
shape whose SQL depends on the values themselves is simply not kept (and compiled every time).
Nothing but SQL text is kept: every call reads the database afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

Value = int | str


@dataclass(frozen=True)
class Statement:
    """A compiled queryset: its SQL, its parameters (``slots``: which take which value) and its row converters."""

    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (parameter index, value index)
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]  # (column, converters, expression)
    alias: str

    def rows(self, values: Sequence[Value]) -> list[tuple[Any, ...]]:
        params = list(self.params)
        for index, value_index in self.slots:
            params[index] = values[value_index]
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            cells = list(row)
            for column, functions, expression in self.converters:
                for function in functions:
                    cells[column] = function(cells[column], expression, connection)
            converted.append(tuple(cells))
        return converted


# Bounded: a key holds the page's limits, and a client paging through a long list must not grow
# every worker's memory by one statement a page. The most recently used statements stay.
KEPT_MAX = 256
_kept: OrderedDict[Hashable, Statement | None] = OrderedDict()
_lock = threading.Lock()


_MISSING: Any = object()


def sentinel(value: Value, index: int) -> Value:
    """A stand-in for ``value`` no caller sends, of its type."""
    if isinstance(value, int):
        return -(7_000_000_000_000 + index)
    return f"\x1fzhanggui-sentinel-{index}\x1f"


def statement_rows(
    key: Hashable, values: Sequence[Value], build: Callable[[Sequence[Value]], QuerySet[Any]]
) -> list[tuple[Any, ...]]:
    """The rows of ``build(values)`` (a ``values_list`` queryset), compiled once per ``key``.

    ``key`` names everything the SQL's text depends on besides ``values`` (which filters, how
    many values, the page's limits, the database); ``values`` are ints and strings the queryset
    compares with columns.
    """
    with _lock:
        statement = _kept.get(key, _MISSING)
        if statement is not _MISSING:
            _kept.move_to_end(key)
    if statement is _MISSING:
        statement = _prepare(values, build)
        with _lock:
            _kept[key] = statement
            while len(_kept) > KEPT_MAX:
                _kept.popitem(last=False)
    if statement is None:
        return list(build(values))
    return statement.rows(values)


def _prepare(values: Sequence[Value], build: Callable[[Sequence[Value]], QuerySet[Any]]) -> Statement | None:
    stand_ins = [sentinel(value, index) for index, value in enumerate(values)]
    sample = build(stand_ins)
    compiler = sample.query.get_compiler(using=sample.db)
    sql, params = compiler.as_sql()
    where = {stand_in: index for index, stand_in in enumerate(stand_ins)}
    slots = tuple((position, where[param]) for position, param in enumerate(params) if _hashable_in(param, where))
    real = build(values)
    real_sql, real_params = real.query.get_compiler(using=real.db).as_sql()
    placed = list(params)
    for position, value_index in slots:
        placed[position] = values[value_index]
    if real_sql != sql or list(real_params) != placed or {i for _p, i in slots} != set(range(len(values))):
        return None
    selected = [expression for expression, _sql, _alias in compiler.select[: compiler.col_count]]
    converters = tuple(
        (column, tuple(functions), expression)
        for column, (functions, expression) in compiler.get_converters(selected).items()
    )
    return Statement(sql=sql, params=tuple(params), slots=slots, converters=converters, alias=sample.db)


def _hashable_in(param: Any, where: dict[Value, int]) -> bool:
    return isinstance(param, int | str) and not isinstance(param, bool) and param in where
