"""Bulk inserts without per-row triggers: the search index is filled once per statement instead.

A pull writes thousands of new rows a page. Row by row, the search-index trigger and the capture
trigger (quiet under sync's guard, but still called for its WHEN) cost more than the inserts.
Inside the caller's write transaction, `insert_without_triggers` drops those two triggers of the
table, runs the insert, puts the triggers back exactly as they were, and indexes the new rows for
search with one INSERT ... SELECT. It is all one transaction: no other connection ever sees the
table without its triggers (SQLite has one writer), and a failure rolls the triggers back too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from .capture import TRIGGER_PREFIX


def insert_without_triggers(conn: Connection, table: str, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """executemany `sql` (an INSERT into `table`) with the table's insert triggers off; new rows
    are added to the table's search index as its trigger would have. Call only while capture is
    quiet (under sync_apply_guard) and inside a transaction."""
    search, capture = f"{table}_ai", f"{TRIGGER_PREFIX}{table}_ins"
    triggers = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name IN (?, ?)",
        (table, search, capture),
    ).all()
    indexed = any(name == search for name, _sql in triggers)
    columns: list[str] = []
    if indexed:
        columns = [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}_fts")')]
    before = int(conn.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').scalar() or 0)
    for name, _sql in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    conn.exec_driver_sql(sql, list(rows))
    for _name, create in triggers:
        conn.exec_driver_sql(create)
    if indexed and columns:
        names = ", ".join(f'"{c}"' for c in columns)
        index = f'INSERT INTO "{table}_fts" (rowid, {names}) SELECT rowid, {names} FROM "{table}"'
        conn.exec_driver_sql(f"{index} WHERE rowid > ?", (before,))
