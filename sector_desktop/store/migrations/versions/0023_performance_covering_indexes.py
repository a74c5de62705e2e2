"""The performance report's covering indexes for organizations and done action items.

The report reads every organization's kind, sector, tombstone and merge (to resolve merges and scope
by sector) and a program year's done action items. At 100,000 organizations the first was a scan of
the whole organization table (addresses, notes: 0.5-1.0 s of encrypted pages) and the second read the
table once per done item of every year through the status index (1.0 s for 148,000 done in the
year). Covering indexes give both from a few consecutive index pages.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-24

Landed as 0022 beside another 0022 and was renumbered; a profile stamped with that 0022 already
holds these indexes, hence IF NOT EXISTS.
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

ORGANIZATION = ["id", "kind", "sector", "deleted_at", "merged_into_id", "name", "fein"]
ACTION_ITEM = ["status", "completed_at", "deleted_at", "owner_staff_id", "organization_id", "partnership_id", "id"]


def upgrade() -> None:
    op.create_index("ix_organization_performance", "organization", ORGANIZATION, if_not_exists=True)
    op.create_index("ix_action_item_done", "action_item", ACTION_ITEM, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_action_item_done", table_name="action_item")
    op.drop_index("ix_organization_performance", table_name="organization")
