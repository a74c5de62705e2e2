"""Staff members' title and phone (the Team page; synced like every staff field).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: the capture triggers are made again from the models when the profile opens.
    op.add_column("staff_user", sa.Column("title", sa.String(200), nullable=True))
    op.add_column("staff_user", sa.Column("phone", sa.String(40), nullable=True))


def downgrade() -> None:
    bind = op.get_bind()
    # The capture triggers name every column: drop them before the columns they name.
    for (name,) in bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_cap_staff_user_%'"
    ).fetchall():
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    bind.exec_driver_sql("ALTER TABLE staff_user DROP COLUMN phone")
    bind.exec_driver_sql("ALTER TABLE staff_user DROP COLUMN title")
