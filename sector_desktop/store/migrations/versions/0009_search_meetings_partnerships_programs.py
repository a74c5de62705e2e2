"""Full-text search over meetings, partnerships and apprenticeship programs too.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The columns each table contributes to search, as in 0002; written out as plain statements (not
# sqlite-utils) so that they run inside the migration's one transaction.
FTS_COLUMNS = {
    "meeting": ["title", "location", "notes"],
    "sector_partnership": ["name", "region", "convener", "description"],
    "apprenticeship_program": ["occupation_title", "rti_provider_name", "registration_number", "notes"],
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
        f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN {insert} END",
        f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN {delete} END",
        f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN {delete} {insert} END",
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
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
