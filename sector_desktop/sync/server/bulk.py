"""Set-based writes for a push: one statement per table on PostgreSQL instead of one per row.

psycopg runs an executemany as one statement per row (pipelined): a 100-edit push was hundreds
of statements, each planned and executed on its own, and most of the push's time on PostgreSQL.
There the rows go as one array per column, joined with `unnest` in a single statement. SQLite
runs in the server's process, where executemany is already cheap, and keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, text, update

from .db import field_state

FIELD_COLUMNS = ("value", "hlc", "node", "author", "position", "device_id")
KEY_COLUMNS = ("table_name", "row_id", "field")


def _arrays(conn: Connection, table: Table, names: Sequence[str]) -> tuple[str, list[str]]:
    """`unnest(CAST(:c0 AS type[]), ...) AS v(name, ...)` for these columns, and the bind names."""
    binds = [f"c{i}" for i in range(len(names))]
    casts = ", ".join(
        f"CAST(:{b} AS {table.c[name].type.compile(dialect=conn.dialect)}[])"
        for b, name in zip(binds, names, strict=True)
    )
    return f"unnest({casts}) AS v({', '.join(_q(n) for n in names)})", binds


def _q(name: str) -> str:
    return f'"{name}"'  # "position" and "value" are words of SQL: always quoted


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (dicts with the same keys, the table's column names)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    source, binds = _arrays(conn, table, names)
    columns = ", ".join(_q(n) for n in names)
    conn.execute(
        text(f"INSERT INTO {_q(table.name)} ({columns}) SELECT {columns} FROM {source}"),
        {b: [r[name] for r in rows] for b, name in zip(binds, names, strict=True)},
    )


def update_fields(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """UPDATE field_state rows by key (table_name, row_id, field) to the rows' FIELD_COLUMNS."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        stmt = (
            update(field_state)
            .where(
                field_state.c.table_name == bindparam("k_table_name"),
                field_state.c.row_id == bindparam("k_row_id"),
                field_state.c.field == bindparam("k_field"),
            )
            .values({name: bindparam(name) for name in FIELD_COLUMNS})
        )
        conn.execute(
            stmt,
            [{**{f"k_{k}": r[k] for k in KEY_COLUMNS}, **{k: r[k] for k in FIELD_COLUMNS}} for r in rows],
        )
        return
    names = [*KEY_COLUMNS, *FIELD_COLUMNS]
    source, binds = _arrays(conn, field_state, names)
    sets = ", ".join(f"{_q(name)} = v.{_q(name)}" for name in FIELD_COLUMNS)
    keys = " AND ".join(f"s.{_q(name)} = v.{_q(name)}" for name in KEY_COLUMNS)
    conn.execute(
        text(f"UPDATE field_state AS s SET {sets} FROM {source} WHERE {keys}"),
        {b: [r[name] for r in rows] for b, name in zip(binds, names, strict=True)},
    )
