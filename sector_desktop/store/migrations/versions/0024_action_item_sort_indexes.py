"""Indexes for the Action items list's own orders (issue 16).

At 350,000 action items (310,000 done or cancelled) every window of the open views (by due date,
blanks last, then created, then id) and of "Done or cancelled" (the most recently closed first:
updated, then id) read and sorted every item of the view. With these, a window is a seek at any
depth: status then due date then created then id for the open views (store/paging.nulls_last_window
reads the dated items, then the undated ones: `due_date NULLS LAST` is no order an index holds);
updated then id for the closed view (status is read from the index; 'done' and 'cancelled' interleave
by time, so status cannot lead). Over every item, not the live ones only: a partial index whose
condition every list query states is, to SQLite's planner, a small index worth scanning for any
sort (migration 0022). SQLite only.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_action_item_sort_due": "status, due_date, created_at, id",
    "ix_action_item_sort_closed": "updated_at, id, status",
}


def upgrade() -> None:
    bind = op.get_bind()
    for name, columns in INDEXES.items():
        bind.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON action_item ({columns})")


def downgrade() -> None:
    bind = op.get_bind()
    for name in INDEXES:
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
