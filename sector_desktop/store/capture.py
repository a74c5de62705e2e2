"""Change capture: SQLite triggers, generated from the models, write every field change to the outbox.

Triggers (not ORM events) so that imports through SQLAlchemy Core and raw SQL are captured too,
in the same transaction as the write. Changes applied by sync run under a guard row and are not
echoed. Each captured change is stamped by `sync_hlc()`, a function registered on every connection.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, DateTime, Engine, Table

from sector_desktop.models import Base, synced_tables

from .hlc import MAX_PHYSICAL_MS, Hlc, encode_hlc, wall_clock_ms

TRIGGER_PREFIX = "sync_cap_"
GUARD = "NOT EXISTS (SELECT 1 FROM sync_apply_guard)"

# One clock per process: every connection stamps from it, so readings never repeat or go back.
# It adopts pulled clocks in full: the server has already clamped clocks from the future, and a
# laptop whose own clock is behind must still stamp its next edit after everything it has seen.
CLOCK = Hlc(max_forward_ms=MAX_PHYSICAL_MS)


def _sync_hlc() -> str:
    return CLOCK.now()


def install_functions(dbapi_conn: Any) -> None:
    """Register sync_hlc() on a new DB-API connection (called by the store's connect hook)."""
    dbapi_conn.create_function("sync_hlc", 0, _sync_hlc, deterministic=False)


def wire_expression(table: Table, column: str, ref: str) -> str:
    """SQL turning `ref.column` into the canonical JSON text of the wire format."""
    col_type = table.c[column].type
    expr = f'{ref}."{column}"'
    if isinstance(col_type, Boolean):
        return f"CASE WHEN {expr} IS NULL THEN 'null' WHEN {expr} THEN 'true' ELSE 'false' END"
    if isinstance(col_type, DateTime):
        # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff'; the wire form is ISO 8601 with a 'T'.
        return f"json_quote(replace({expr}, ' ', 'T'))"
    if isinstance(col_type, JSON):
        return f"COALESCE(json({expr}), 'null')"
    return f"json_quote({expr})"


def _row_insert(table: Table, rows_sql: str) -> str:
    """A new row: one clock for the whole row ('*'), every field queued with that clock.

    One clock write per row instead of one per field keeps imports fast; a field edited later
    gets its own clock entry, which overrides the row clock.
    """
    name = table.name
    return (
        "INSERT INTO sync_field_clock (tbl, row_id, field, hlc, node) "
        f"SELECT '{name}', NEW.id, '*', sync_hlc(), node FROM sync_state WHERE true "
        "ON CONFLICT (tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc, node = excluded.node; "
        "INSERT INTO sync_outbox (tbl, row_id, field, value, hlc, node, base_hlc, base_node, author) "
        f"SELECT '{name}', NEW.id, f.field, f.value, r.hlc, r.node, c.hlc, c.node, s.author "
        f"FROM ({rows_sql}) AS f CROSS JOIN sync_state AS s "
        f"JOIN sync_field_clock AS r ON r.tbl = '{name}' AND r.row_id = NEW.id AND r.field = '*' "
        "LEFT JOIN sync_field_clock AS c "
        f"ON c.tbl = '{name}' AND c.row_id = NEW.id AND c.field = f.field; "
        # Clocks of an earlier life of this id (a hard delete, then the same id again) are stale now.
        f"DELETE FROM sync_field_clock WHERE tbl = '{name}' AND row_id = NEW.id AND field != '*';"
    )


# Every captured change moves its field's clock, unless the row clock already says the same.
OUTBOX_CLOCK_TRIGGER = (
    f'CREATE TRIGGER "{TRIGGER_PREFIX}outbox_clock" AFTER INSERT ON sync_outbox '
    "WHEN NOT EXISTS (SELECT 1 FROM sync_field_clock WHERE tbl = NEW.tbl AND row_id = NEW.row_id "
    "AND field = '*' AND hlc = NEW.hlc AND node = NEW.node) BEGIN "
    "INSERT INTO sync_field_clock (tbl, row_id, field, hlc, node) "
    "VALUES (NEW.tbl, NEW.row_id, NEW.field, NEW.hlc, NEW.node) "
    "ON CONFLICT (tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc, node = excluded.node; END"
)


def _outbox_insert(table: Table, rows_sql: str, ref: str) -> str:
    return (
        "INSERT INTO sync_outbox (tbl, row_id, field, value, hlc, node, base_hlc, base_node, author) "
        f"SELECT '{table.name}', {ref}.id, f.field, f.value, sync_hlc(), s.node, "
        "coalesce(c.hlc, r.hlc), CASE WHEN c.hlc IS NULL THEN r.node ELSE c.node END, s.author "
        f"FROM ({rows_sql}) AS f CROSS JOIN sync_state AS s "
        "LEFT JOIN sync_field_clock AS c "
        f"ON c.tbl = '{table.name}' AND c.row_id = {ref}.id AND c.field = f.field "
        # A row pulled whole has one row clock ('*') for the fields without a clock of their own.
        "LEFT JOIN sync_field_clock AS r "
        f"ON r.tbl = '{table.name}' AND r.row_id = {ref}.id AND r.field = '*';"
    )


def trigger_sql(table: Table, columns: list[str]) -> list[str]:
    """CREATE TRIGGER statements capturing inserts, updates and hard deletes of one table."""
    fields = [c for c in columns if c != "id"]
    name = table.name
    inserted = " UNION ALL ".join(
        f"SELECT '{c}' AS field, {wire_expression(table, c, 'NEW')} AS value" for c in fields
    )
    changed = " UNION ALL ".join(
        f"SELECT '{c}' AS field, {wire_expression(table, c, 'NEW')} AS value "
        f'WHERE OLD."{c}" IS NOT NEW."{c}"'
        for c in fields
    )
    deleted = "SELECT 'deleted_at' AS field, json_quote(strftime('%Y-%m-%dT%H:%M:%f000', 'now')) AS value"
    statements = [
        f'CREATE TRIGGER "{TRIGGER_PREFIX}{name}_ins" AFTER INSERT ON "{name}" WHEN {GUARD} BEGIN '
        f"{_row_insert(table, inserted)} END",
        f'CREATE TRIGGER "{TRIGGER_PREFIX}{name}_upd" AFTER UPDATE ON "{name}" WHEN {GUARD} BEGIN '
        f"{_outbox_insert(table, changed, 'NEW')} END",
    ]
    if "deleted_at" in fields:
        # A hard delete still travels as a tombstone, so the row does not come back from the server.
        statements.append(
            f'CREATE TRIGGER "{TRIGGER_PREFIX}{name}_del" AFTER DELETE ON "{name}" '
            f"WHEN {GUARD} AND OLD.deleted_at IS NULL BEGIN "
            f"{_outbox_insert(table, deleted, 'OLD')} END"
        )
    return statements


def expected_triggers(conn: Connection) -> list[str]:
    """The capture triggers the current models call for, for the columns this database has."""
    statements: list[str] = [OUTBOX_CLOCK_TRIGGER]
    for name in synced_tables():
        table = Base.metadata.tables[name]
        present = {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')}
        if not present:
            continue
        statements += trigger_sql(table, [c.name for c in table.columns if c.name in present])
    return statements


def ensure_capture(engine: Engine) -> None:
    """(Re)create the capture triggers when the synced tables or columns changed; cheap when not."""
    with engine.begin() as conn:
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'"
        ).first():
            return
        # A guard row left by a crash during capture_suspended would switch capture off for good.
        conn.exec_driver_sql("DELETE FROM sync_apply_guard")
        statements = expected_triggers(conn)
        signature = hashlib.sha256("\n".join(statements).encode()).hexdigest()
        stored = conn.exec_driver_sql("SELECT trigger_signature FROM sync_state WHERE id = 1").scalar()
        existing = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE 'sync\\_cap\\_%' ESCAPE '\\'"
            )
        ]
        if stored == signature and len(existing) == len(statements):
            return
        # Migration 0003's first version of the outbox clock trigger; the generated one replaces it.
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS sync_outbox_moves_clock")
        for name in existing:
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        for sql in statements:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("UPDATE sync_state SET trigger_signature = ? WHERE id = 1", (signature,))


def seed_clock(engine: Engine) -> None:
    """Move the process clock past every clock this database has handed out or seen."""
    with engine.connect() as conn:
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'"
        ).first():
            return
        row = conn.exec_driver_sql(
            "SELECT max(coalesce((SELECT last_hlc FROM sync_state WHERE id = 1), ''),"
            " coalesce((SELECT max(hlc) FROM sync_outbox), ''))"
        ).scalar()
    if row:
        CLOCK.receive(row)


def heal_clock(engine: Engine) -> int:
    """Bring a clock that ran ahead back to wall time (never below a clock pulled from the
    server, which the server accepted within its tolerance), and restamp in order the unsent
    changes stamped beyond it, so the next edit orders by real time and still after them.
    Numbered changes keep their clocks: they may have reached the server, which restamps and
    remembers them. Returns how many clocks moved."""
    with engine.connect() as conn:
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'"
        ).first():
            return 0
        seen = conn.exec_driver_sql("SELECT seen_hlc FROM sync_state WHERE id = 1").scalar() or ""
        limit = max(wall_clock_ms(), int(seen[:13] or 0))
        moved = CLOCK.cap(limit)
        cutoff = encode_hlc(min(limit, MAX_PHYSICAL_MS), 99_999)
        ahead = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT DISTINCT hlc FROM sync_outbox WHERE mutation IS NULL AND hlc > ? ORDER BY hlc",
                (cutoff,),
            )
        ]
    if not moved and not ahead:
        return 0  # the usual case: nothing to write
    with engine.begin() as conn:
        for old in ahead:
            new = CLOCK.now()
            conn.exec_driver_sql(
                "UPDATE sync_outbox SET hlc = ? WHERE mutation IS NULL AND hlc = ?", (new, old)
            )
            conn.exec_driver_sql(
                "UPDATE sync_outbox SET base_hlc = ? WHERE mutation IS NULL AND base_hlc = ?", (new, old)
            )
            conn.exec_driver_sql("UPDATE sync_field_clock SET hlc = ? WHERE hlc = ?", (new, old))
        conn.exec_driver_sql("UPDATE sync_state SET last_hlc = ? WHERE id = 1", (CLOCK.last,))
    return len(ahead)


def on_open(engine: Engine) -> None:
    """The store's open hook: triggers in step with the models, clock past the stored clocks but
    not beyond wall time (or the newest clock pulled from the server)."""
    ensure_capture(engine)
    seed_clock(engine)
    heal_clock(engine)


@contextmanager
def capture_suspended(engine: Engine, reason: str = "baseline") -> Iterator[None]:
    """Writes made inside are not captured (demo data, bulk baselines); committed guard row."""
    with engine.begin() as conn:
        guard_id = _add_guard(conn, reason)
    try:
        yield
    finally:
        with engine.begin() as conn:
            _drop_guard(conn, guard_id)


def mark_all_as_baseline(engine: Engine) -> int:
    """Forget every captured change (the data becomes this profile's baseline); returns how many."""
    with engine.begin() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar() or 0
        conn.exec_driver_sql("DELETE FROM sync_outbox")
    return int(count)


def never_sent(conn: Connection, table: str, row_id: str) -> bool:
    """The record was made on this laptop and no server holds it: its creation is still in the
    outbox, or the server refused it (a failed sent record)."""
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sync_outbox WHERE tbl = ? AND row_id = ? AND field = 'created_at' UNION ALL "
        "SELECT 1 FROM sync_failed WHERE tbl = ? AND row_id = ? AND field = 'created_at' "
        "AND direction = 'sent' LIMIT 1",
        (table, row_id, table, row_id),
    ).first()
    return found is not None


@contextmanager
def uncaptured(conn: Connection, reason: str) -> Iterator[None]:
    """Writes on `conn` inside are not captured; the guard row lives in the caller's transaction."""
    guard_id = _add_guard(conn, reason)
    try:
        yield
    finally:
        _drop_guard(conn, guard_id)


def _add_guard(conn: Connection, reason: str) -> Any:
    """A guard row: while it exists, the capture triggers write nothing (their WHEN clause)."""
    insert = "INSERT INTO sync_apply_guard (reason) VALUES (?) RETURNING id"
    return conn.exec_driver_sql(insert, (reason,)).scalar()


def _drop_guard(conn: Connection, guard_id: Any) -> None:
    conn.exec_driver_sql("DELETE FROM sync_apply_guard WHERE id = ?", (guard_id,))


def forget_unsent(conn: Connection, table: str, row_id: str) -> int:
    """Drop what the outbox (and the refused records) hold of a record no server has; returns how
    many changes were dropped. For a record that stays on this laptop only (never_sent)."""
    dropped = conn.exec_driver_sql(
        "DELETE FROM sync_outbox WHERE tbl = ? AND row_id = ?", (table, row_id)
    ).rowcount
    conn.exec_driver_sql("DELETE FROM sync_failed WHERE tbl = ? AND row_id = ?", (table, row_id))
    return int(dropped or 0)
