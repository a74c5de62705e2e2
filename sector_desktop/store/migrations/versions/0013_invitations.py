"""Invitations to meetings and their answers (RSVPs); an attendance row names the invitation it
answers. Synced from the first save: the capture triggers are made from the models when a profile
opens, and the server checks every synced table's values against the models.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_invitation_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "invitation",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("letter", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        _fk("meeting_id", "meeting"),
        _fk("contact_id", "contact"),
        _fk("organization_id", "organization"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
    )
    for column in ("meeting_id", "contact_id", "organization_id"):
        op.create_index(f"ix_invitation_{column}", "invitation", [column])
    # A plain ADD COLUMN: batch mode would copy the table and could drop its triggers.
    op.add_column("meeting_attendance", sa.Column("invitation_id", sa.String(36), nullable=True))
    op.create_index("ix_meeting_attendance_invitation_id", "meeting_attendance", ["invitation_id"])


def downgrade() -> None:
    bind = op.get_bind()
    # The capture triggers name every column; they are made again when the profile opens.
    for (name,) in bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        " AND (name LIKE 'sync_cap_meeting_attendance_%' OR name LIKE 'sync_cap_invitation_%')"
    ).fetchall():
        bind.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    op.drop_index("ix_meeting_attendance_invitation_id", table_name="meeting_attendance")
    bind.exec_driver_sql("ALTER TABLE meeting_attendance DROP COLUMN invitation_id")
    op.drop_table("invitation")
