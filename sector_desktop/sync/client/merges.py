"""Merges travel: records that arrive pointing at an organization merged away are moved to the one
kept, by ordinary (captured, synced) changes, and the user sees it in "what changed".

A merged-away organization's tombstone names the kept one (`organization.merged_into_id`). A visit
logged offline on the duplicate, or a contact added to it, can reach a laptop after the merge did;
after each pull this moves every live record that still points at a merged-away organization.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine

from sector_desktop.models import Base

MAX_CHAIN = 20  # merged into one that was merged in turn
MERGED_SQL = (
    "SELECT id, merged_into_id FROM organization WHERE merged_into_id IS NOT NULL AND deleted_at IS NOT NULL"
)


def _references() -> list[tuple[str, str]]:
    """(table, column) of every column that refers to organization.id, from the schema."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "organization" and "deleted_at" in table.c:
                found.append((table.name, fk.parent.name))
    return found


def _kept(merged: dict[str, str], org_id: str) -> str:
    target = merged[org_id]
    for _ in range(MAX_CHAIN):
        if target not in merged:
            break
        target = merged[target]
    return target


def _names(conn: Connection, ids: set[str]) -> dict[str, str]:
    """The names of these organizations (only those a move mentions, not every organization's)."""
    found: dict[str, str] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        marks = ",".join("?" * len(part))
        found.update(
            conn.exec_driver_sql(
                f"SELECT id, name FROM organization WHERE id IN ({marks})", tuple(part)
            ).all()
        )
    return found


def repoint_merged(engine: Engine) -> int:
    """Move live records that point at merged-away organizations; returns how many moved."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    moved = 0
    with engine.begin() as conn:
        merged: dict[str, str] = {
            old: kept
            for old, kept in conn.exec_driver_sql(MERGED_SQL)  # a partial index: no scan (migration 0025)
        }
        if not merged:
            return 0
        marks = ",".join("?" * len(merged))
        found = []
        for table, column in _references():
            rows = conn.exec_driver_sql(
                f'SELECT id, "{column}" FROM "{table}" WHERE "{column}" IN ({marks}) AND deleted_at IS NULL',
                tuple(merged),
            ).all()
            if not rows:
                continue
            updates = [(_kept(merged, dup), now, row_id) for row_id, dup in rows]
            conn.exec_driver_sql(f'UPDATE "{table}" SET "{column}" = ?, updated_at = ? WHERE id = ?', updates)
            moved += len(rows)
            found += [
                (table, row_id, dup, kept)
                for (row_id, dup), (kept, _now, _id) in zip(rows, updates, strict=True)
            ]
        if not found:
            return 0
        names = _names(conn, {org for _t, _r, dup, kept in found for org in (dup, kept)})
        at = now.isoformat(timespec="seconds")
        notes = [
            (
                table,
                row_id,
                f"moved from {names.get(dup, 'a merged organization')} to {names.get(kept, 'the one kept')}",
                at,
            )
            for table, row_id, dup, kept in found
        ]
        conn.exec_driver_sql(
            "INSERT INTO sync_recent (tbl, row_id, author, hlc, fields, created, pulled_at, note) "
            "VALUES (?, ?, NULL, (SELECT coalesce(last_hlc, '') FROM sync_state WHERE id = 1), 1, 0, ?, ?) "
            "ON CONFLICT (tbl, row_id) DO UPDATE SET note = excluded.note, pulled_at = excluded.pulled_at",
            [(t, r, at, n) for t, r, n, at in notes],
        )
    return moved
