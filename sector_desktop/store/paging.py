"""Keyset paging for the big lists: ORDER BY keys that end in a unique one, and windows after a row.

A window is `WHERE (key1, key2, ..., id) > (row's values) ORDER BY key1, key2, ..., id LIMIT n`
(`<` and DESC when descending), never OFFSET: the hundredth window costs what the first does, and
a row added or removed above the window neither repeats nor skips a row. Each list names its sort
keys (the columns of one sort choice) and reads the same values from the last row it showed.

So that SQLite seeks to the window instead of walking every row before it:
- a text column whose blanks come last is sorted ascending as `coalesce(column, char(1114111))`
  (a blank reads as the highest character), one plain expression an index can hold
  (migration 0018's `ix_organization_sort_*`), instead of `column NULLS LAST`, which no index serves;
- the condition leads with `first key >= the cursor's` (implied by the rest), the range SQLite
  seeks on; a row value of expressions alone is scanned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, and_, false, func, literal, literal_column, or_, tuple_
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


# After every real text: a blank sorts last (chr(0x10FFFF), the highest code point).
HIGHEST_TEXT = chr(0x10FFFF)
_HIGHEST_SQL = "char(1114111)"


def blanks_last(column: SortColumn) -> ColumnElement[Any]:
    """`column` with a blank read as the highest text: the expression migration 0018 indexes."""
    return func.coalesce(column, literal_column(_HIGHEST_SQL, String()), type_=column.type)


def _plain(sort: Sequence[Key], descending: bool) -> tuple[Key, ...]:
    """`sort` with each ascending blanks-last text key as its `blanks_last` expression."""
    if descending:
        return tuple(sort)
    return tuple(
        Key(blanks_last(k.column)) if k.empty_last and isinstance(k.column.type, String) else k for k in sort
    )


def _plain_values(sort: Sequence[Key], values: Sequence[Any], descending: bool) -> list[Any]:
    if descending:
        return list(values)
    return [
        HIGHEST_TEXT if v is None and k.empty_last and isinstance(k.column.type, String) else v
        for k, v in zip(sort, values, strict=True)
    ]


def order_by(sort: Sequence[Key], descending: bool) -> list[ColumnElement[Any]]:
    """The ORDER BY of `sort`, every column in the one direction (NULLs last where asked)."""
    order: list[ColumnElement[Any]] = []
    for key in _plain(sort, descending):
        column = key.column.desc() if descending else key.column.asc()
        order.append(column.nulls_last() if key.empty_last else column)
    return order


def after(sort: Sequence[Key], values: Sequence[Any], descending: bool) -> ColumnElement[bool]:
    """The rows that come after the row whose sort values are `values`, in the order of `sort`."""
    if len(values) != len(sort):
        raise ValueError(f"a cursor of {len(values)} values for a sort of {len(sort)} columns")
    values = _plain_values(sort, values, descending)
    sort = _plain(sort, descending)
    if not any(k.empty_last for k in sort) and all(v is not None for v in values):
        # A row value comparison: SQLite and PostgreSQL both walk an index with it.
        row = tuple_(*(k.column for k in sort))
        cursor = tuple_(*(literal(v, k.column.type) for k, v in zip(sort, values, strict=True)))
        condition = row < cursor if descending else row > cursor
    else:
        condition = _after(list(zip(sort, values, strict=True)), descending)
    first, value = sort[0], values[0]
    if first.empty_last or value is None:
        return condition
    bound = literal(value, first.column.type)
    # Implied by the condition; the range an index on the first key seeks to.
    return and_(first.column <= bound if descending else first.column >= bound, condition)


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
