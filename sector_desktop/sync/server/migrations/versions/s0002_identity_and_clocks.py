"""Restores detected and clocks that heal: mutation fingerprints, device lineage, restamp memory.

- `device_mutations`: a fingerprint of each applied mutation per device, so a reused mutation
  number with other content (a device restored from a backup) is refused, not taken as a replay.
- `devices.restored_from`: the device a restored device's new identity continues.
- `restamps`: the clock a change from the future was given, per (node, original clock), so a
  re-delivery of it is recognised as the same change.
- `feed_counter.clock`: the server's clock high-water, read and advanced under the feed lock, so
  restamping gives the same order across server processes and restarts.

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_mutations",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("mutation", sa.BigInteger(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "mutation", name=op.f("pk_device_mutations")),
    )
    op.create_table(
        "restamps",
        sa.Column("node", sa.String(length=64), nullable=False),
        sa.Column("orig_hlc", sa.String(length=19), nullable=False),
        sa.Column("hlc", sa.String(length=19), nullable=False),
        sa.PrimaryKeyConstraint("node", "orig_hlc", name=op.f("pk_restamps")),
    )
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("restored_from", sa.String(length=64), nullable=True))
    with op.batch_alter_table("feed_counter") as batch:
        batch.add_column(sa.Column("clock", sa.String(length=19), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feed_counter") as batch:
        batch.drop_column("clock")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("restored_from")
    op.drop_table("restamps")
    op.drop_table("device_mutations")
