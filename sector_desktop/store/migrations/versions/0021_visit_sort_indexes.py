"""Indexes for the Visits list's sorts by type, status, staff and purpose (issue 16).

At 500,000 visits each of these sorts read and sorted every visit for every window (about a second
a window here). With an index of the sort's columns over the live visits, a window is a seek at any
depth: type or status then time then id; staff id then time then id (store/visits.py reads one
staff member at a time, by name: store/paging.grouped_window); `coalesce(purpose, '')` then id,
the expression the list sorts by (not reflected by SQLAlchemy, so not in the models). SQLite only.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_visit_sort_type": "visit_type, starts_at, id",
    "ix_visit_sort_status": "status, starts_at, id",
    "ix_visit_sort_staff": "staff_id, starts_at, id",
    "ix_visit_sort_purpose": "coalesce(purpose, ''), id",
}


def upgrade() -> None:
    bind = op.get_bind()
    for name, columns in INDEXES.items():
        bind.exec_driver_sql(f"CREATE INDEX {name} ON visit ({columns}) WHERE deleted_at IS NULL")


def downgrade() -> None:
    bind = op.get_bind()
    for name in INDEXES:
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
