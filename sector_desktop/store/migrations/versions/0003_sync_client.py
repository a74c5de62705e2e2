"""Sync client bookkeeping: outbox, field clocks, sync state, conflicts and the apply guard.

The per-table capture triggers are not made here: they are generated from the models' metadata
each time a profile opens (sector_desktop.store.capture.ensure_capture), so that tables and
columns added by later migrations are captured without another sync migration.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import uuid_utils
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = [
    """CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        hlc TEXT NOT NULL,
        node TEXT NOT NULL,
        base_hlc TEXT,
        base_node TEXT,
        author TEXT,
        mutation INTEGER
    )""",
    "CREATE INDEX ix_sync_outbox_mutation ON sync_outbox (mutation)",
    """CREATE TABLE sync_field_clock (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        node TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id, field)
    ) WITHOUT ROWID""",
    """CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        node TEXT NOT NULL,
        device_id TEXT,
        server_url TEXT,
        insecure INTEGER NOT NULL DEFAULT 0,
        user_id TEXT,
        user_name TEXT,
        author TEXT,
        epoch TEXT,
        cursor TEXT,
        next_mutation INTEGER NOT NULL DEFAULT 1,
        identity_counter INTEGER NOT NULL DEFAULT 0,
        last_hlc TEXT,
        last_sync_at TEXT,
        last_report TEXT,
        reseeding INTEGER NOT NULL DEFAULT 0,
        trigger_signature TEXT
    )""",
    """CREATE TABLE sync_conflict (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'field',
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        winner_value TEXT,
        winner_hlc TEXT,
        winner_node TEXT,
        winner_author TEXT,
        loser_value TEXT,
        loser_hlc TEXT,
        loser_node TEXT,
        loser_author TEXT,
        detected_at TEXT,
        resolved_at TEXT,
        resolution TEXT
    )""",
    "CREATE INDEX ix_sync_conflict_open ON sync_conflict (resolved_at)",
    """CREATE TABLE sync_recent (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        author TEXT,
        hlc TEXT NOT NULL,
        fields INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL DEFAULT 0,
        pulled_at TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id)
    )""",
    "CREATE TABLE sync_user (user_id TEXT PRIMARY KEY, name TEXT NOT NULL)",
    # Conflict resolutions waiting to be pushed with the chosen value (same mutation number).
    """CREATE TABLE sync_resolution_out (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        conflict_id TEXT NOT NULL,
        resolution TEXT NOT NULL,
        author TEXT,
        hlc TEXT NOT NULL,
        outbox_seq INTEGER NOT NULL
    )""",
    # After a server restore: local fields the server has not confirmed yet, to be pushed again.
    """CREATE TABLE sync_reseed (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        srv_hlc TEXT,
        srv_node TEXT,
        PRIMARY KEY (tbl, row_id, field)
    ) WITHOUT ROWID""",
    "CREATE TABLE sync_blob (sha256 TEXT PRIMARY KEY, uploaded_at TEXT)",
    "CREATE TABLE sync_apply_guard (id INTEGER PRIMARY KEY, reason TEXT NOT NULL)",
    # Every captured change moves the field's clock to the change's clock, in the same statement.
    """CREATE TRIGGER sync_outbox_moves_clock AFTER INSERT ON sync_outbox BEGIN
        INSERT INTO sync_field_clock (tbl, row_id, field, hlc, node)
        VALUES (NEW.tbl, NEW.row_id, NEW.field, NEW.hlc, NEW.node)
        ON CONFLICT (tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc, node = excluded.node;
    END""",
]

DROPPED = [
    "sync_outbox",
    "sync_field_clock",
    "sync_state",
    "sync_conflict",
    "sync_recent",
    "sync_user",
    "sync_resolution_out",
    "sync_reseed",
    "sync_blob",
    "sync_apply_guard",
]


def upgrade() -> None:
    bind = op.get_bind()
    for sql in TABLES:
        bind.exec_driver_sql(sql)
    # The node names this database's edits; a restored or copied database gets a new one.
    bind.exec_driver_sql("INSERT INTO sync_state (id, node) VALUES (1, ?)", (str(uuid_utils.uuid7()),))


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_cap_%'"
    ).fetchall()
    for (name,) in rows:
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for name in DROPPED:
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
