"""An index on visits by organization and date, for visit histories at 500,000 visits.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_visit_organization_starts", "visit", ["organization_id", "starts_at"])


def downgrade() -> None:
    op.drop_index("ix_visit_organization_starts", table_name="visit")
