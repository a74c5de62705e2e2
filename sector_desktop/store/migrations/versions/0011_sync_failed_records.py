"""Sync that nothing can wedge: failed records kept with their reasons, merges that travel.

- `sync_failed`: a record field this device could not store (received) or the server refused
  (sent), with the reason, the value and its clock; the Sync page, `sync` and `status` list them,
  and per-record sync state counts them. A received one is applied once a valid value arrives.
- `sync_recent.note`: what sync itself did to a record (e.g. moved to the organization a
  duplicate was merged into), shown in "what changed".
- `sync_state.clock_ahead_ms`: how far this computer's clock was ahead of the server's at the
  last sync (the clock warning).
- `organization.merged_into_id`: on a merged-away organization's tombstone, the one kept.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql(
        """CREATE TABLE sync_failed (
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('received', 'sent')),
            reason TEXT NOT NULL,
            value TEXT,
            hlc TEXT,
            node TEXT,
            author TEXT,
            failed_at TEXT NOT NULL,
            PRIMARY KEY (tbl, row_id, field, direction)
        ) WITHOUT ROWID"""
    )
    bind.exec_driver_sql("ALTER TABLE sync_recent ADD COLUMN note TEXT")
    bind.exec_driver_sql("ALTER TABLE sync_state ADD COLUMN clock_ahead_ms INTEGER")
    # A plain ADD COLUMN: batch mode could rebuild the table and drop its search triggers.
    op.add_column("organization", sa.Column("merged_into_id", sa.String(36), nullable=True))


def downgrade() -> None:
    bind = op.get_bind()
    # The capture triggers name every column; they are made again when the profile opens.
    for (name,) in bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_cap_organization_%'"
    ).fetchall():
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    bind.exec_driver_sql("ALTER TABLE organization DROP COLUMN merged_into_id")
    bind.exec_driver_sql("ALTER TABLE sync_state DROP COLUMN clock_ahead_ms")
    bind.exec_driver_sql("ALTER TABLE sync_recent DROP COLUMN note")
    bind.exec_driver_sql("DROP TABLE sync_failed")
