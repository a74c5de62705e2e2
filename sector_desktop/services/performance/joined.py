"""A select's columns read as one row: each column's values joined into one text by SQLite
(`group_concat`) and split in Python. One step of SQLite, so a thread reading them holds Python's lock
only for the split (a query of many rows takes the lock back after each row)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, literal, select
from sqlalchemy.orm import Session

from .queries import fetch

SEPARATOR = "\x1e"  # the record separator: in no id, code or stored date


def joined_columns(source: Session | Connection, query: Any) -> list[list[Any]] | None:
    """The columns of `query` (text, or integers such as a 0/1 flag, given as their text), each a list
    in the order of its rows, with NULL as None: the rows of `fetch`, column by column, for text.

    None when the columns cannot be told apart in the joined text: a value holds the separator (its
    column splits into too many values), or a column that can be NULL holds the empty text (the
    joined text gives NULL as the empty text). The caller then reads the rows."""
    inner = query.subquery()
    columns = list(inner.c)
    nullable = [getattr(c, "nullable", True) is not False for c in columns]  # an expression: may be NULL
    pairs = list(zip(columns, nullable, strict=True))
    joined = [func.group_concat(func.coalesce(c, "") if null else c, SEPARATOR) for c, null in pairs]
    empty = [func.sum(c == literal("")) for c, null in pairs if null]
    n, *found = fetch(source, select(func.count(), *joined, *empty).select_from(inner))[0]
    if any(found[len(columns) :]):
        return None
    if not n:
        return [[] for _ in columns]
    split = [text.split(SEPARATOR) for text in found[: len(columns)]]
    if any(len(values) != n for values in split):
        return None
    none_for_empty = {"": None}.get  # (value, value): None for the empty text, else the value
    return [
        list(map(none_for_empty, values, values)) if can_be_null else values
        for values, can_be_null in zip(split, nullable, strict=True)
    ]
