"""Wipe on revoke: `devices.wipe_requested_at`, set by `revoke-device --wipe`.

A device revoked with a wipe may still push (and upload attachments) so that nothing it holds is
lost; every other request gets 401 `device_wipe`, and the laptop then destroys its key and data.

Revision ID: s0003
Revises: s0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("wipe_requested_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("wipe_requested_at")
