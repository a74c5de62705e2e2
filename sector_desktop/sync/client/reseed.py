"""After the server's database was restored: send again what the server no longer has.

When the epoch changes, every field this device holds is noted in sync_reseed. The full re-pull
crosses off each field the server already has at the same or a newer clock. What is left at the
end (the server lost it, or holds an older value) is queued in the outbox with its original
clock, so every device converges again instead of one side overwriting the other.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, Engine, text

from sector_desktop.models import Base, synced_tables
from sector_desktop.store.capture import wire_expression

from .state import load_state, update_state

CHUNK = 500


def start_reseed(engine: Engine) -> None:
    with engine.begin() as conn:
        if load_state(conn).reseeding:
            return  # a re-pull that was cut off carries on with the list it already has
        conn.execute(text("DELETE FROM sync_reseed"))
        _explode_row_clocks(conn)
        conn.execute(
            text(
                "INSERT INTO sync_reseed (tbl, row_id, field) SELECT tbl, row_id, field FROM sync_field_clock"
            )
        )
        update_state(conn, reseeding=1)


def _explode_row_clocks(conn: Connection) -> None:
    """Turn row clocks ('*') into one clock per field, so each field can be crossed off alone."""
    for tbl in synced_tables():
        for col in Base.metadata.tables[tbl].columns:
            if col.name == "id":
                continue
            conn.execute(
                text(
                    "INSERT OR IGNORE INTO sync_field_clock (tbl, row_id, field, hlc, node) "
                    "SELECT tbl, row_id, :f, hlc, node FROM sync_field_clock WHERE tbl = :t AND field = '*'"
                ),
                {"t": tbl, "f": col.name},
            )
    conn.execute(text("DELETE FROM sync_field_clock WHERE field = '*'"))


def enqueue_reseed(engine: Engine) -> int:
    """Queue the fields left in sync_reseed; returns how many. Clears the reseeding flag."""
    with engine.begin() as conn:
        state = load_state(conn)
        if not state.reseeding:
            return 0
        rows = conn.execute(
            text(
                "SELECT r.tbl, r.row_id, r.field, r.srv_hlc, r.srv_node, c.hlc, c.node FROM sync_reseed r "
                "JOIN sync_field_clock c USING (tbl, row_id, field) "
                "WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.tbl = r.tbl AND o.row_id = r.row_id "
                "AND o.field = r.field)"
            )
        ).all()
        by_table: dict[str, list[tuple]] = defaultdict(list)
        for row in rows:
            by_table[row[0]].append(tuple(row))
        queued = 0
        for tbl, items in by_table.items():
            queued += _queue_table(conn, tbl, items, state.user_id)
        conn.execute(text("DELETE FROM sync_reseed"))
        update_state(conn, reseeding=0)
    return queued


def _queue_table(conn: Connection, tbl: str, items: list[tuple], author: str | None) -> int:
    if tbl not in synced_tables():
        return 0
    table = Base.metadata.tables[tbl]
    fields = [c.name for c in table.columns if c.name != "id"]
    select_list = ", ".join(f'{wire_expression(table, f, "r")} AS "{f}"' for f in fields)
    row_ids = sorted({it[1] for it in items})
    values: dict[str, dict[str, str]] = {}
    for i in range(0, len(row_ids), CHUNK):
        part = row_ids[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        for row in conn.exec_driver_sql(
            f'SELECT r.id, {select_list} FROM "{tbl}" AS r WHERE r.id IN ({marks})', tuple(part)
        ).mappings():
            values[row["id"]] = dict(row)
    out = []
    for _tbl, row_id, fld, srv_hlc, srv_node, hlc, node in items:
        if row_id in values and fld in values[row_id]:
            out.append((tbl, row_id, fld, values[row_id][fld], hlc, node, srv_hlc, srv_node, author))
    if out:
        conn.exec_driver_sql(
            "INSERT INTO sync_outbox (tbl, row_id, field, value, hlc, node, base_hlc, base_node, author) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            out,
        )
    return len(out)
