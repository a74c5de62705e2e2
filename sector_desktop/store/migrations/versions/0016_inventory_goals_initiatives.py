"""The education and training program inventory, goals with progress, and initiatives.

- `training_program` gains the inventory's columns: occupations served (SOC codes), hours, cost in
  cents, schedule, modality, next start, eligible-training-provider status, capacity and a contact.
- `goal` and `goal_progress`: a partnership's or an action team's goals, with progress over time.
- `initiative`, `funding_source`, `budget_line`, `expenditure`, `milestone`: a partnership's funded
  work. Money is whole cents.

Every table here is synced from its first save: the capture triggers are made from the models when a
profile opens, and the server takes every synced table's columns.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

PROGRAM_COLUMNS = (
    ("soc_codes", sa.JSON()),
    ("hours", sa.Integer()),
    ("cost_cents", sa.BigInteger()),
    ("schedule", sa.String(length=200)),
    ("modality", sa.String(length=20)),
    ("next_start", sa.Date()),
    ("etpl_status", sa.String(length=20)),
    ("capacity", sa.Integer()),
    ("contact_name", sa.String(length=200)),
    ("contact_email", sa.String(length=200)),
    ("contact_phone", sa.String(length=40)),
)


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _table(name: str, columns: list[sa.Column], fks: list[tuple[str, str]], indexed: tuple[str, ...]) -> None:
    op.create_table(
        name,
        *columns,
        *_synced(),
        *(_fk(name, column, target) for column, target in fks),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    for column in indexed:
        op.create_index(f"ix_{name}_{column}", name, [column])


def upgrade() -> None:
    # Plain ADD COLUMNs: batch mode could rebuild the table and drop its triggers.
    for name, kind in PROGRAM_COLUMNS:
        op.add_column("training_program", sa.Column(name, kind, nullable=True))
    _goals()
    _initiatives()


def _goals() -> None:
    _table(
        "goal",
        [
            sa.Column("partnership_id", sa.String(length=36), nullable=False),
            sa.Column("action_team_id", sa.String(length=36), nullable=True),
            sa.Column("title", sa.String(length=300), nullable=False),
            sa.Column("measure", sa.String(length=200), nullable=True),
            sa.Column("target", sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=True),
            sa.Column("due_on", sa.Date(), nullable=True),
            sa.Column("notes", sa.Text(), nullable=True),
        ],
        [("partnership_id", "sector_partnership"), ("action_team_id", "action_team")],
        ("partnership_id", "action_team_id"),
    )
    _table(
        "goal_progress",
        [
            sa.Column("goal_id", sa.String(length=36), nullable=False),
            sa.Column("value", sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
            sa.Column("recorded_on", sa.Date(), nullable=False),
            sa.Column("note", sa.Text(), nullable=True),
        ],
        [("goal_id", "goal")],
        ("goal_id",),
    )


def _initiatives() -> None:
    _table(
        "initiative",
        [
            sa.Column("partnership_id", sa.String(length=36), nullable=False),
            sa.Column("name", sa.String(length=300), nullable=False),
            sa.Column("owner_staff_id", sa.String(length=36), nullable=True),
            sa.Column("starts_on", sa.Date(), nullable=False),
            sa.Column("ends_on", sa.Date(), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
        ],
        [("partnership_id", "sector_partnership"), ("owner_staff_id", "staff_user")],
        ("partnership_id", "owner_staff_id"),
    )
    _table(
        "funding_source",
        [
            sa.Column("initiative_id", sa.String(length=36), nullable=False),
            sa.Column("funder", sa.String(length=300), nullable=False),
            sa.Column("grant_name", sa.String(length=300), nullable=True),
            sa.Column("amount_cents", sa.BigInteger(), nullable=False),
            sa.Column("starts_on", sa.Date(), nullable=True),
            sa.Column("ends_on", sa.Date(), nullable=True),
        ],
        [("initiative_id", "initiative")],
        ("initiative_id",),
    )
    _table(
        "budget_line",
        [
            sa.Column("initiative_id", sa.String(length=36), nullable=False),
            sa.Column("funding_source_id", sa.String(length=36), nullable=True),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("amount_cents", sa.BigInteger(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
        ],
        [("initiative_id", "initiative"), ("funding_source_id", "funding_source")],
        ("initiative_id",),
    )
    _table(
        "expenditure",
        [
            sa.Column("initiative_id", sa.String(length=36), nullable=False),
            sa.Column("budget_line_id", sa.String(length=36), nullable=False),
            sa.Column("spent_on", sa.Date(), nullable=False),
            sa.Column("amount_cents", sa.BigInteger(), nullable=False),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("cancelled", sa.Boolean(), nullable=False),
        ],
        [("initiative_id", "initiative"), ("budget_line_id", "budget_line")],
        ("initiative_id", "budget_line_id"),
    )
    _table(
        "milestone",
        [
            sa.Column("initiative_id", sa.String(length=36), nullable=False),
            sa.Column("title", sa.String(length=300), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("due_on", sa.Date(), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("done_on", sa.Date(), nullable=True),
            sa.Column("owner_staff_id", sa.String(length=36), nullable=True),
            sa.Column("action_team_id", sa.String(length=36), nullable=True),
            sa.Column("notes", sa.Text(), nullable=True),
        ],
        [
            ("initiative_id", "initiative"),
            ("owner_staff_id", "staff_user"),
            ("action_team_id", "action_team"),
        ],
        ("initiative_id", "due_on", "status", "owner_staff_id"),
    )


def downgrade() -> None:
    bind = op.get_bind()
    tables = (
        "milestone",
        "expenditure",
        "budget_line",
        "funding_source",
        "initiative",
        "goal_progress",
        "goal",
    )
    for table in tables:
        op.drop_table(table)
    # The capture triggers name every column; they are made again when the profile opens.
    for (name,) in bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_cap_training_program_%'"
    ).fetchall():
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for name, _kind in reversed(PROGRAM_COLUMNS):
        bind.exec_driver_sql(f"ALTER TABLE training_program DROP COLUMN {name}")
