"""Indexes for the lists' last deep sorts and the Organizations list's last visits (issue 16).

- `ix_organization_sort_staff` (assigned staff, name, id) over live organizations: the list by
  assigned staff reads one staff member's organizations at a time in name order
  (store/paging.grouped_window), so a window deep in the list is a seek instead of sorting every
  organization joined to its staff member (seconds a window at 100,000).
- `ix_visit_last_completed` (organization, start) over live completed visits: each listed
  organization's last visit is one seek to the end of its range, reading one small index page,
  where it read every visit of the organization from the wide service index.

Both end in the columns of their WHERE, so that SQLite counts them as covering and never reads the
table for a row they list.

SQLite only: the client's.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql(
        "CREATE INDEX ix_organization_sort_staff ON organization (assigned_staff_id, name, id, deleted_at) "
        "WHERE deleted_at IS NULL"
    )
    bind.exec_driver_sql(
        "CREATE INDEX ix_visit_last_completed ON visit (organization_id, starts_at, status, deleted_at) "
        "WHERE deleted_at IS NULL AND status = 'completed'"
    )


def downgrade() -> None:
    bind = op.get_bind()
    bind.exec_driver_sql("DROP INDEX IF EXISTS ix_visit_last_completed")
    bind.exec_driver_sql("DROP INDEX IF EXISTS ix_organization_sort_staff")
