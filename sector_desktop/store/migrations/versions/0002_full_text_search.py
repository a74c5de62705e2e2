"""Full-text search (SQLite FTS5) over organizations, contacts and visit notes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import op

if TYPE_CHECKING:
    import sqlite_utils

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The columns each table contributes to search. Triggers keep the index in step with every
# write, including imports made with Core and changes applied by sync.
FTS_COLUMNS = {
    "organization": ["name", "dba", "city", "tags", "notes"],
    "contact": ["name", "title", "email"],
    "visit": ["purpose", "notes"],
}


def _db() -> sqlite_utils.Database:
    import sqlite_utils  # here, not at the top: it imports pandas, and loading this file must stay cheap

    return sqlite_utils.Database(op.get_bind().connection.driver_connection)


def upgrade() -> None:
    db = _db()
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")


def downgrade() -> None:
    db = _db()
    for table in FTS_COLUMNS:
        db.table(table).disable_fts()
