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
  seeks on; a row value of expressions alone is scanned. A row value of one table's plain columns
  is sought as a whole, and there the extra term is left out (SQLite would seek on it instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnClause

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
        if _one_table(sort):
            # SQLite seeks on a row value of one index's columns, the whole cursor at once; a
            # `first key >=` term beside it would make it seek on the first key alone and walk
            # every row of that key's value before the cursor (a status, a staff member).
            return condition
    else:
        condition = _after(list(zip(sort, values, strict=True)), descending)
    first, value = sort[0], values[0]
    if first.empty_last or value is None:
        return condition
    bound = literal(value, first.column.type)
    # Implied by the condition; the range an index on the first key seeks to.
    return and_(first.column <= bound if descending else first.column >= bound, condition)


def _one_table(sort: Sequence[Key]) -> bool:
    """Whether every key is a plain column of one and the same table."""
    tables = set()
    for key in sort:
        column = key.column.__clause_element__() if hasattr(key.column, "__clause_element__") else key.column
        if not isinstance(column, ColumnClause) or column.table is None:
            return False
        tables.add(column.table)
    return len(tables) == 1


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


def seek_window(
    session: Session,
    stmt: Select,
    sort: Sequence[Key],
    *,
    descending: bool,
    cursor: Sequence[Any] | None,
    limit: int,
) -> list[Any]:
    """The rows of `window`, read so that an index led by an expression seeks to the cursor itself.

    A row value of expressions is not sought, only its first key's range: SQLite would walk every
    row sharing the cursor's first value before reaching it (tens of thousands where a purpose or a
    kind repeats). So the rows that share it come first, a seek on (first = value, rest after the
    cursor), then the rows after that value from its top."""
    plain = _plain(sort, descending)
    value = _plain_values(sort, cursor, descending)[0] if cursor is not None else None
    if cursor is None or value is None or _one_table(plain) or (descending and sort[0].empty_last):
        return list(
            session.execute(window(stmt, sort, descending=descending, cursor=cursor, limit=limit)).all()
        )
    first = plain[0].column
    bound = literal(value, first.type)
    rest = window(
        stmt.where(first == bound),
        plain[1:],
        descending=descending,
        cursor=_plain_values(sort, cursor, descending)[1:],
        limit=limit,
    )
    rows = list(session.execute(rest).all())
    if len(rows) < limit:
        beyond = stmt.where(first < bound if descending else first > bound)
        rows += session.execute(
            window(beyond, plain, descending=descending, cursor=None, limit=limit - len(rows))
        ).all()
    return rows


def nulls_last_window(
    session: Session,
    stmt: Select,
    sort: Sequence[Key],
    *,
    descending: bool,
    cursor: Sequence[Any] | None,
    limit: int,
) -> list[Any]:
    """The rows of `window` for a sort led by a blanks-last column that is not text (a due date),
    read as the rows with a value, then the blank ones: `column NULLS LAST` is no order an index
    holds, so SQLite sorted every row for every window; in two parts each is a seek on an index of
    the sort's columns (the blank part on `column IS NULL`, then the rest of the sort)."""
    column, rest = sort[0].column, tuple(sort[1:])
    rows: list[Any] = []
    if cursor is None or cursor[0] is not None:
        present = stmt.where(column.is_not(None))
        present = window(present, (Key(column), *rest), descending=descending, cursor=cursor, limit=limit)
        rows.extend(session.execute(present).all())
    if len(rows) < limit:
        within = None if cursor is None or cursor[0] is not None else tuple(cursor[1:])
        blank = window(
            stmt.where(column.is_(None)), rest, descending=descending, cursor=within, limit=limit - len(rows)
        )
        rows.extend(session.execute(blank).all())
    return rows


@dataclass(frozen=True)
class Group:
    """The rows whose first sort key has one value (`value`, None for blanks): `condition` selects
    them, and an index that starts with the column behind it serves the rest of the sort inside it."""

    value: Any
    condition: ColumnElement[bool]


def grouped_window(
    session: Session,
    stmt: Select,
    groups: Sequence[Group],
    rest: Sequence[Key],
    *,
    descending: bool,
    cursor: Sequence[Any] | None,
    limit: int,
) -> list[Any]:
    """The rows of a window sorted by a key with few values (a staff member's name), one group at a
    time: `groups` in ascending order of their value, the blank group (value None) last in either
    direction; inside a group the rows follow `rest`. `cursor` is (group value, *rest values).

    Sorting by a joined name makes SQLite sort every row for every window; a group at a time, each
    window is a seek on an index of (the group's column, *rest) — a few milliseconds at any depth."""
    named = [g for g in groups if g.value is not None]
    ordered = [*(reversed(named) if descending else named), *(g for g in groups if g.value is None)]
    start, within = 0, None
    if cursor is not None:
        value, within = cursor[0], tuple(cursor[1:])
        start = next(
            (i for i, g in enumerate(ordered) if not _before(g.value, value, descending)), len(ordered)
        )
        if start < len(ordered) and ordered[start].value != value:
            within = None  # the cursor's group is gone (renamed): the next one from its top
    rows: list[Any] = []
    for i in range(start, len(ordered)):
        if len(rows) >= limit:
            break
        part = stmt.where(ordered[i].condition)
        part = window(
            part, rest, descending=descending, cursor=within if i == start else None, limit=limit - len(rows)
        )
        rows.extend(session.execute(part).all())
    return rows


def distinct_values(session: Session, column: SortColumn, *where: ColumnElement[bool]) -> list[Any]:
    """The distinct non-blank values of `column` among the rows `where` selects, in order: one
    index seek each (an index led by `column`), where SELECT DISTINCT would read every row."""
    found: list[Any] = []
    while True:
        stmt = select(column).where(*where, column > (found[-1] if found else ""))
        following = session.scalar(stmt.order_by(column).limit(1))
        if following is None:
            return found
        found.append(following)


def _before(group: Any, cursor: Any, descending: bool) -> bool:
    """Whether a group of value `group` comes before the cursor's value (None: blanks, last)."""
    if cursor is None:
        return group is not None
    if group is None:
        return False
    return group > cursor if descending else group < cursor
