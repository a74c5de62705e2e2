"""A partial index of the merged-away organizations (issue 16).

After every pull that brought anything, sync/client/merges.py looks for organizations merged away
(`merged_into_id IS NOT NULL`). Without an index that read every organization: at 20,000 of
them about 11 ms a sync round on an encrypted laptop, a quarter of a 100-edit round's local work.
The index holds only the merged ones (usually none or a few).

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.get_bind().exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_organization_merged ON organization (merged_into_id) "
        "WHERE merged_into_id IS NOT NULL"
    )


def downgrade() -> None:
    op.get_bind().exec_driver_sql("DROP INDEX IF EXISTS ix_organization_merged")
