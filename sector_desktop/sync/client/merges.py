"""Merges travel: records that arrive pointing at an organization merged away are moved to the one
kept, by ordinary (captured, synced) changes, and the user sees it in "what changed".

A merged-away organization's tombstone names the kept one (`organization.merged_into_id`). A visit
logged offline on the duplicate, or a contact added to it, can reach a laptop after the merge did;
after each pull this moves every live record that still points at a merged-away organization.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from sector_desktop.models import Base

MAX_CHAIN = 20  # merged into one that was merged in turn


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


def repoint_merged(engine: Engine) -> int:
    """Move live records that point at merged-away organizations; returns how many moved."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    moved = 0
    with engine.begin() as conn:
        merged: dict[str, str] = {
            old: kept
            for old, kept in conn.exec_driver_sql(
                "SELECT id, merged_into_id FROM organization "
                "WHERE merged_into_id IS NOT NULL AND deleted_at IS NOT NULL"
            )
        }
        if not merged:
            return 0
        names: dict[str, str] = {i: n for i, n in conn.exec_driver_sql("SELECT id, name FROM organization")}
        marks = ",".join("?" * len(merged))
        notes = []
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
            for (row_id, dup), (kept, _now, _id) in zip(rows, updates, strict=True):
                old, new = names.get(dup, "a merged organization"), names.get(kept, "the one kept")
                note = f"moved from {old} to {new}"
                notes.append((table, row_id, note, now.isoformat(timespec="seconds")))
        if not notes:
            return 0
        conn.exec_driver_sql(
            "INSERT INTO sync_recent (tbl, row_id, author, hlc, fields, created, pulled_at, note) "
            "VALUES (?, ?, NULL, (SELECT coalesce(last_hlc, '') FROM sync_state WHERE id = 1), 1, 0, ?, ?) "
            "ON CONFLICT (tbl, row_id) DO UPDATE SET note = excluded.note, pulled_at = excluded.pulled_at",
            [(t, r, at, n) for t, r, n, at in notes],
        )
    return moved
