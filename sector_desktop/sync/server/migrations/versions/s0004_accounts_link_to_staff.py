"""Server accounts link to a staff record: `users.staff_id` (the synced staff_user a sign-in becomes).

Revision ID: s0004
Revises: s0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("staff_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("staff_id")
