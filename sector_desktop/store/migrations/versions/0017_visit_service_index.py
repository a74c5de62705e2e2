"""The performance report's index: visits by organization and date, covering what makes a service.

It replaces `ix_visit_organization_starts` (organization_id, starts_at), which it starts with, so
visit histories use it as before. With status, deleted_at and services in the index, "the last service
of each organization before a day" (repeat business, new employers) is one seek per organization that
never reads the table: ten years of visits at 100,000 organizations.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

COLUMNS = ["organization_id", "starts_at", "status", "deleted_at", "services"]


def upgrade() -> None:
    op.create_index("ix_visit_organization_service", "visit", COLUMNS)
    op.drop_index("ix_visit_organization_starts", table_name="visit")


def downgrade() -> None:
    op.create_index("ix_visit_organization_starts", "visit", ["organization_id", "starts_at"])
    op.drop_index("ix_visit_organization_service", table_name="visit")
