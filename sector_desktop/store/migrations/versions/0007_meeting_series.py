"""Meetings in series: each occurrence carries its series' id and rule (monthly or quarterly, by
weekday of the month or by date), so one occurrence or the rest can be moved or cancelled.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy), so the table's triggers stay as they are.
    op.add_column("meeting", sa.Column("series_id", sa.String(36), nullable=True))
    op.add_column("meeting", sa.Column("series_rule", sa.String(40), nullable=True))
    op.create_index("ix_meeting_series_id", "meeting", ["series_id"])


def downgrade() -> None:
    bind = op.get_bind()
    # The capture triggers name every column; the store makes them again for the columns left.
    # (No table copy either: other tables' rows refer to the meetings.)
    triggers = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'meeting'"
    ).fetchall()
    for (name,) in triggers:
        if name.startswith("sync_cap_"):
            bind.exec_driver_sql(f'DROP TRIGGER "{name}"')
    op.drop_index("ix_meeting_series_id", table_name="meeting")
    op.execute("ALTER TABLE meeting DROP COLUMN series_rule")
    op.execute("ALTER TABLE meeting DROP COLUMN series_id")
