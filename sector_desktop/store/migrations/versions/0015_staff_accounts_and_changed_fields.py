"""Who changed what, by name: staff members know their server account, and "what changed while you
were out" keeps the names of the fields a colleague changed.

- `staff_user.account_id`: the server account that signs in as this staff member (the server
  writes it at the first sign-in), so a change's author is shown as that colleague's name.
- `sync_recent.field_names`: the changed fields (a JSON list), besides how many.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: the capture triggers are made again from the models when the profile opens.
    op.add_column("staff_user", sa.Column("account_id", sa.String(36), nullable=True))
    op.create_index("ix_staff_user_account_id", "staff_user", ["account_id"])
    op.get_bind().exec_driver_sql("ALTER TABLE sync_recent ADD COLUMN field_names TEXT")


def downgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql("ALTER TABLE sync_recent DROP COLUMN field_names")
    # The capture triggers name every column: drop them before the column they name.
    for (name,) in bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_cap_staff_user_%'"
    ).fetchall():
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    op.drop_index("ix_staff_user_account_id", "staff_user")
    bind.exec_driver_sql("ALTER TABLE staff_user DROP COLUMN account_id")
