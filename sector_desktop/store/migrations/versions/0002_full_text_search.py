"""Full-text search (SQLite FTS5) over organizations, contacts and visit notes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The columns each table contributes to search. Triggers keep the index in step with every
# write, including imports made with Core and changes applied by sync. Written out as plain
# statements, the same as sqlite-utils' enable_fts made them: sqlite3's executescript() commits
# (sqlite-utils 3 calls it even inside a transaction), and a migration runs inside the one
# transaction of its upgrade.
FTS_COLUMNS = {
    "organization": ["name", "dba", "city", "tags", "notes"],
    "contact": ["name", "title", "email"],
    "visit": ["purpose", "notes"],
}
TOKENIZE = "unicode61 remove_diacritics 2"


def _statements(table: str, columns: list[str]) -> list[str]:
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    fts = f"[{table}_fts]"
    delete = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({cols}, tokenize='{TOKENIZE}', content=[{table}])",
        f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} FROM [{table}]",
        f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN {insert} END",
        f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN {delete} END",
        f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN {delete} {insert} END",
    ]


def upgrade() -> None:
    for table, columns in FTS_COLUMNS.items():
        for statement in _statements(table, columns):
            op.execute(statement)


def downgrade() -> None:
    for table in FTS_COLUMNS:
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS [{table}_{trigger}]")
        op.execute(f"DROP TABLE IF EXISTS [{table}_fts]")
