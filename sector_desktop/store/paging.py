"""Keyset paging for the big lists: ORDER BY keys that end in a unique one, and windows after a row.

A window is `WHERE (key1, key2, ..., id) > (row's values) ORDER BY key1, key2, ..., id LIMIT n`
(`<` and DESC when descending), never OFFSET: the hundredth window costs what the first does, and
a row added or removed above the window neither repeats nor skips a row. Each list names its sort
keys (the columns of one sort choice) and reads the same values from the last row it showed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, literal, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute

# A column of an ORDER BY: a mapped attribute or an expression (coalesce, a scalar subquery).
SortColumn = ColumnElement[Any] | InstrumentedAttribute[Any]
_Select = TypeVar("_Select", bound=Select)


@dataclass(frozen=True)
class Key:
    """One column of a sort. An `empty_last` column may hold NULL, and NULLs come last either way:
    a blank sector is not "before Healthcare", and not "after Transportation" either."""

    column: SortColumn
    empty_last: bool = False


def keys(*columns: SortColumn | Key) -> tuple[Key, ...]:
    """Plain columns as not-null keys; Keys as they are."""
    return tuple(c if isinstance(c, Key) else Key(c) for c in columns)


def order_by(sort: Sequence[Key], descending: bool) -> list[ColumnElement[Any]]:
    """The ORDER BY of `sort`, every column in the one direction (NULLs last where asked)."""
    order: list[ColumnElement[Any]] = []
    for key in sort:
        column = key.column.desc() if descending else key.column.asc()
        order.append(column.nulls_last() if key.empty_last else column)
    return order


def after(sort: Sequence[Key], values: Sequence[Any], descending: bool) -> ColumnElement[bool]:
    """The rows that come after the row whose sort values are `values`, in the order of `sort`."""
    if len(values) != len(sort):
        raise ValueError(f"a cursor of {len(values)} values for a sort of {len(sort)} columns")
    if not any(k.empty_last for k in sort) and all(v is not None for v in values):
        # A row value comparison: SQLite and PostgreSQL both walk an index with it.
        row = tuple_(*(k.column for k in sort))
        cursor = tuple_(*(literal(v, k.column.type) for k, v in zip(sort, values, strict=True)))
        return row < cursor if descending else row > cursor
    return _after(list(zip(sort, values, strict=True)), descending)


def _after(parts: list[tuple[Key, Any]], descending: bool) -> ColumnElement[bool]:
    """The same condition spelled out column by column, for columns that may be NULL."""
    (key, value), rest = parts[0], parts[1:]
    column = key.column
    later = _after(rest, descending) if rest else false()
    if value is None:  # NULLs come last: only NULLs with later tie-breakers follow
        return and_(column.is_(None), later)
    bound = literal(value, column.type)
    beyond = column < bound if descending else column > bound
    options = [beyond, and_(column == bound, later)]
    if key.empty_last:
        options.insert(0, column.is_(None))
    return or_(*options)


def window(
    stmt: _Select,
    sort: Sequence[Key],
    *,
    descending: bool,
    cursor: Sequence[Any] | None,
    limit: int,
) -> _Select:
    """`stmt` sorted by `sort`, limited to the `limit` rows after the row with sort values `cursor`
    (from the top when `cursor` is None)."""
    if cursor is not None:
        stmt = stmt.where(after(sort, cursor, descending))
    return stmt.order_by(*order_by(sort, descending)).limit(max(limit, 0))
