"""Outcomes: training cohorts, placements and retention checks (synced from their first day: the
capture triggers are made from the models when a profile opens, and the server takes every synced
table's columns).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "training_cohort",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("training_program_id", sa.String(length=36), nullable=True),
        sa.Column("provider_id", sa.String(length=36), nullable=True),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("partnership_id", sa.String(length=36), nullable=True),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("enrolled", sa.Integer(), nullable=True),
        sa.Column("completed", sa.Integer(), nullable=True),
        sa.Column("credentials_earned", sa.Integer(), nullable=True),
        sa.Column("credential_name", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_synced(),
        _fk("training_cohort", "training_program_id", "training_program"),
        _fk("training_cohort", "provider_id", "organization"),
        _fk("training_cohort", "partnership_id", "sector_partnership"),
        _fk("training_cohort", "staff_id", "staff_user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_cohort")),
    )
    for column in ("provider_id", "sector", "partnership_id", "staff_id", "ends_on"):
        op.create_index(f"ix_training_cohort_{column}", "training_cohort", [column])

    op.create_table(
        "placement",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("occupation_soc", sa.String(length=10), nullable=True),
        sa.Column("occupation_title", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("hourly_wage", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=True),
        sa.Column("full_time", sa.Boolean(), nullable=True),
        sa.Column("cohort_id", sa.String(length=36), nullable=True),
        sa.Column("apprenticeship_program_id", sa.String(length=36), nullable=True),
        sa.Column("case_number", sa.String(length=40), nullable=True),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_synced(),
        _fk("placement", "organization_id", "organization"),
        _fk("placement", "cohort_id", "training_cohort"),
        _fk("placement", "apprenticeship_program_id", "apprenticeship_program"),
        _fk("placement", "staff_id", "staff_user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement")),
    )
    for column in ("organization_id", "occupation_soc", "start_date", "cohort_id", "staff_id"):
        op.create_index(f"ix_placement_{column}", "placement", [column])

    op.create_table(
        "retention_check",
        sa.Column("placement_id", sa.String(length=36), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("action_item_id", sa.String(length=36), nullable=True),
        *_synced(),
        _fk("retention_check", "placement_id", "placement"),
        _fk("retention_check", "action_item_id", "action_item"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_check")),
    )
    for column in ("placement_id", "due_on"):
        op.create_index(f"ix_retention_check_{column}", "retention_check", [column])


def downgrade() -> None:
    for table in ("retention_check", "placement", "training_cohort"):
        op.drop_table(table)
