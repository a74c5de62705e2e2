"""Indexes for the Organizations list's sorts by a column that may be blank (issue 16).

The list sorts by kind, sector, status, city, ZIP or phone with blanks last, then by name and id;
store/paging.py writes that order as `coalesce(column, char(1114111)), name, id`. Each index holds
that expression for the live rows, so a window deep in the list is a seek (about a millisecond at
row 90,000 of 100,000) instead of sorting every row (about a second). SQLite only: the client's.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COLUMNS = ("kind", "sector", "status", "city", "zip", "phone")


def upgrade() -> None:
    bind = op.get_bind()
    for column in COLUMNS:
        bind.exec_driver_sql(
            f"CREATE INDEX ix_organization_sort_{column} ON organization "
            f"(coalesce({column}, char(1114111)), name, id) WHERE deleted_at IS NULL"
        )


def downgrade() -> None:
    bind = op.get_bind()
    for column in COLUMNS:
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS ix_organization_sort_{column}")
