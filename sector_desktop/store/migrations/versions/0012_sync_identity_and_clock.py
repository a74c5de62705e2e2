"""Sync identity and clock bookkeeping on the laptop.

- `sync_state.seen_hlc`: the newest clock pulled from the server; the laptop's clock is capped at
  wall time plus the tolerance, but never below it.
- `sync_state.renew_identity`: a restore from a backup was detected here; the next sync takes a
  new device identity from the server before it sends anything.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql("ALTER TABLE sync_state ADD COLUMN seen_hlc TEXT")
    bind.exec_driver_sql("ALTER TABLE sync_state ADD COLUMN renew_identity INTEGER NOT NULL DEFAULT 0")


def downgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql("ALTER TABLE sync_state DROP COLUMN renew_identity")
    bind.exec_driver_sql("ALTER TABLE sync_state DROP COLUMN seen_hlc")
