"""the domain schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 21:22:38.338401
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("owner_type", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_owner_type"), ["owner_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)

    op.create_table(
        "draft",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_draft")),
    )
    op.create_table(
        "lmi_figure",
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("occupation", sa.String(length=200), nullable=True),
        sa.Column("measure", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lmi_figure")),
    )
    with op.batch_alter_table("lmi_figure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lmi_figure_sector"), ["sector"], unique=False)

    op.create_table(
        "sector_partnership",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("convener", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("launched_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sector_partnership")),
    )
    op.create_table(
        "staff_user",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_username"), ["username"], unique=False)

    op.create_table(
        "organization",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("dba", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("fein", sa.String(length=20), nullable=True),
        sa.Column("state_ui_number", sa.String(length=30), nullable=True),
        sa.Column("naics", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=300), nullable=True),
        sa.Column("address_line2", sa.String(length=300), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("zip", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("size_band", sa.String(length=20), nullable=True),
        sa.Column("sites_count", sa.Integer(), nullable=True),
        sa.Column("assigned_staff_id", sa.String(length=36), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_staff_id"],
            ["staff_user.id"],
            name=op.f("fk_organization_assigned_staff_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_assigned_staff_id"), ["assigned_staff_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organization_fein"), ["fein"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_status"), ["status"], unique=False)

    op.create_table(
        "priority",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=True),
        sa.Column("feasibility", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["sector_partnership.id"],
            name=op.f("fk_priority_partnership_id_sector_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority")),
    )
    with op.batch_alter_table("priority", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priority_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "workgroup",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["sector_partnership.id"],
            name=op.f("fk_workgroup_partnership_id_sector_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workgroup")),
    )
    with op.batch_alter_table("workgroup", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workgroup_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "action_team",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("priority_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["sector_partnership.id"],
            name=op.f("fk_action_team_partnership_id_sector_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"], ["priority.id"], name=op.f("fk_action_team_priority_id_priority")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_team")),
    )
    with op.batch_alter_table("action_team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_team_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "apprenticeship_program",
        sa.Column("sponsor_id", sa.String(length=36), nullable=False),
        sa.Column("intermediary_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("occupation_title", sa.String(length=300), nullable=False),
        sa.Column("onet_code", sa.String(length=20), nullable=True),
        sa.Column("rapids_code", sa.String(length=20), nullable=True),
        sa.Column("program_type", sa.String(length=20), nullable=False),
        sa.Column("term_hours", sa.Integer(), nullable=True),
        sa.Column("rti_provider_id", sa.String(length=36), nullable=True),
        sa.Column("rti_provider_name", sa.String(length=300), nullable=True),
        sa.Column("rti_hours_per_year", sa.Integer(), nullable=True),
        sa.Column("ratio_apprentices", sa.Integer(), nullable=True),
        sa.Column("ratio_journeyworkers", sa.Integer(), nullable=True),
        sa.Column("journeyworker_wage", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=True),
        sa.Column("probation_hours", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("interest_on", sa.Date(), nullable=True),
        sa.Column("intake_on", sa.Date(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("registration_number", sa.String(length=60), nullable=True),
        sa.Column("reviewer_comments", sa.Text(), nullable=True),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["intermediary_id"],
            ["organization.id"],
            name=op.f("fk_apprenticeship_program_intermediary_id_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["rti_provider_id"],
            ["organization.id"],
            name=op.f("fk_apprenticeship_program_rti_provider_id_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["sponsor_id"],
            ["organization.id"],
            name=op.f("fk_apprenticeship_program_sponsor_id_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_user.id"], name=op.f("fk_apprenticeship_program_staff_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apprenticeship_program")),
    )
    with op.batch_alter_table("apprenticeship_program", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_apprenticeship_program_sponsor_id"), ["sponsor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_apprenticeship_program_stage"), ["stage"], unique=False)

    op.create_table(
        "contact",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_contact_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("workgroup_id", sa.String(length=36), nullable=True),
        sa.Column("meeting_type", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("video_link", sa.String(length=500), nullable=True),
        sa.Column("facilitator_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["facilitator_id"], ["staff_user.id"], name=op.f("fk_meeting_facilitator_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["sector_partnership.id"],
            name=op.f("fk_meeting_partnership_id_sector_partnership"),
        ),
        sa.ForeignKeyConstraint(
            ["workgroup_id"], ["workgroup.id"], name=op.f("fk_meeting_workgroup_id_workgroup")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_partnership_id"), ["partnership_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_workgroup_id"), ["workgroup_id"], unique=False)

    op.create_table(
        "partnership_member",
        sa.Column("partnership_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_partnership_member_organization_id_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["sector_partnership.id"],
            name=op.f("fk_partnership_member_partnership_id_sector_partnership"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_member")),
    )
    with op.batch_alter_table("partnership_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partnership_member_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partnership_member_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "training_program",
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("provider_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("credential", sa.String(length=300), nullable=True),
        sa.Column("duration_weeks", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["organization.id"], name=op.f("fk_training_program_provider_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_program")),
    )
    with op.batch_alter_table("training_program", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_program_sector"), ["sector"], unique=False)

    op.create_table(
        "visit",
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("visit_type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("purpose", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_visit_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"], name=op.f("fk_visit_staff_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_status"), ["status"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("presenter", sa.String(length=200), nullable=True),
        sa.Column("minutes_allotted", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "apprentice",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("wage_step", sa.Integer(), nullable=True),
        sa.Column("agreement_status", sa.String(length=20), nullable=False),
        sa.Column("rti_hours_completed", sa.Integer(), nullable=True),
        sa.Column("ojt_hours_completed", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["apprenticeship_program.id"],
            name=op.f("fk_apprentice_program_id_apprenticeship_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apprentice")),
    )
    with op.batch_alter_table("apprentice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_apprentice_program_id"), ["program_id"], unique=False)

    op.create_table(
        "hiring_need",
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("occupation", sa.String(length=200), nullable=False),
        sa.Column("openings", sa.Integer(), nullable=True),
        sa.Column("wage_min", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=True),
        sa.Column("wage_max", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=True),
        sa.Column("timeline", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_hiring_need_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_hiring_need_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hiring_need")),
    )
    with op.batch_alter_table("hiring_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hiring_need_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hiring_need_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "meeting_attendance",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("guest_name", sa.String(length=200), nullable=True),
        sa.Column("guest_organization", sa.String(length=300), nullable=True),
        sa.Column("is_business", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_meeting_attendance_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_attendance_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_meeting_attendance_organization_id_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendance_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "member_representative",
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_member_representative_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["partnership_member.id"],
            name=op.f("fk_member_representative_member_id_partnership_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_representative")),
    )
    with op.batch_alter_table("member_representative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_representative_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_representative_member_id"), ["member_id"], unique=False)

    op.create_table(
        "skill_gap",
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("skill", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_skill_gap_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_skill_gap_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_gap")),
    )
    with op.batch_alter_table("skill_gap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_gap_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_skill_gap_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "stage_change",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=True),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["apprenticeship_program.id"],
            name=op.f("fk_stage_change_program_id_apprenticeship_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_change")),
    )
    with op.batch_alter_table("stage_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_change_program_id"), ["program_id"], unique=False)

    op.create_table(
        "visit_attendee",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_visit_attendee_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_visit_attendee_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_attendee")),
    )
    with op.batch_alter_table("visit_attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_attendee_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_attendee_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "wage_step",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("after_hours", sa.Integer(), nullable=True),
        sa.Column("after_months", sa.Integer(), nullable=True),
        sa.Column(
            "percent_of_journeyworker", sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=True
        ),
        sa.Column("hourly_rate", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["apprenticeship_program.id"],
            name=op.f("fk_wage_step_program_id_apprenticeship_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wage_step")),
    )
    with op.batch_alter_table("wage_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wage_step_program_id"), ["program_id"], unique=False)

    op.create_table(
        "work_process",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["apprenticeship_program.id"],
            name=op.f("fk_work_process_program_id_apprenticeship_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_process")),
    )
    with op.batch_alter_table("work_process", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_process_program_id"), ["program_id"], unique=False)

    op.create_table(
        "action_item",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_staff_id", sa.String(length=36), nullable=True),
        sa.Column("owner_contact_id", sa.String(length=36), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("meeting_id", sa.String(length=36), nullable=True),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("partnership_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_action_item_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_action_item_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_action_item_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["owner_contact_id"], ["contact.id"], name=op.f("fk_action_item_owner_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["owner_staff_id"], ["staff_user.id"], name=op.f("fk_action_item_owner_staff_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["sector_partnership.id"],
            name=op.f("fk_action_item_partnership_id_sector_partnership"),
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_action_item_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_owner_staff_id"), ["owner_staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_partnership_id"), ["partnership_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_decision_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_decision_meeting_id_meeting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "program_document",
        sa.Column("program_id", sa.String(length=36), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("apprentice_id", sa.String(length=36), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["apprentice_id"], ["apprentice.id"], name=op.f("fk_program_document_apprentice_id_apprentice")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["apprenticeship_program.id"],
            name=op.f("fk_program_document_program_id_apprenticeship_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_document")),
    )
    with op.batch_alter_table("program_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_document_program_id"), ["program_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("program_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_document_program_id"))

    op.drop_table("program_document")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_meeting_id"))

    op.drop_table("decision")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_item_visit_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_status"))
        batch_op.drop_index(batch_op.f("ix_action_item_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_owner_staff_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_organization_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_due_date"))

    op.drop_table("action_item")
    with op.batch_alter_table("work_process", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_process_program_id"))

    op.drop_table("work_process")
    with op.batch_alter_table("wage_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_step_program_id"))

    op.drop_table("wage_step")
    with op.batch_alter_table("visit_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_attendee_visit_id"))
        batch_op.drop_index(batch_op.f("ix_visit_attendee_contact_id"))

    op.drop_table("visit_attendee")
    with op.batch_alter_table("stage_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_change_program_id"))

    op.drop_table("stage_change")
    with op.batch_alter_table("skill_gap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_gap_visit_id"))
        batch_op.drop_index(batch_op.f("ix_skill_gap_organization_id"))

    op.drop_table("skill_gap")
    with op.batch_alter_table("member_representative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_representative_member_id"))
        batch_op.drop_index(batch_op.f("ix_member_representative_contact_id"))

    op.drop_table("member_representative")
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendance_meeting_id"))

    op.drop_table("meeting_attendance")
    with op.batch_alter_table("hiring_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hiring_need_visit_id"))
        batch_op.drop_index(batch_op.f("ix_hiring_need_organization_id"))

    op.drop_table("hiring_need")
    with op.batch_alter_table("apprentice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apprentice_program_id"))

    op.drop_table("apprentice")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_status"))
        batch_op.drop_index(batch_op.f("ix_visit_starts_at"))
        batch_op.drop_index(batch_op.f("ix_visit_staff_id"))
        batch_op.drop_index(batch_op.f("ix_visit_organization_id"))

    op.drop_table("visit")
    with op.batch_alter_table("training_program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_program_sector"))

    op.drop_table("training_program")
    with op.batch_alter_table("partnership_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_member_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_partnership_member_organization_id"))

    op.drop_table("partnership_member")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_workgroup_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_status"))
        batch_op.drop_index(batch_op.f("ix_meeting_starts_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_partnership_id"))

    op.drop_table("meeting")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_organization_id"))

    op.drop_table("contact")
    with op.batch_alter_table("apprenticeship_program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apprenticeship_program_stage"))
        batch_op.drop_index(batch_op.f("ix_apprenticeship_program_sponsor_id"))

    op.drop_table("apprenticeship_program")
    with op.batch_alter_table("action_team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_team_partnership_id"))

    op.drop_table("action_team")
    with op.batch_alter_table("workgroup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workgroup_partnership_id"))

    op.drop_table("workgroup")
    with op.batch_alter_table("priority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_partnership_id"))

    op.drop_table("priority")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_status"))
        batch_op.drop_index(batch_op.f("ix_organization_sector"))
        batch_op.drop_index(batch_op.f("ix_organization_name"))
        batch_op.drop_index(batch_op.f("ix_organization_kind"))
        batch_op.drop_index(batch_op.f("ix_organization_fein"))
        batch_op.drop_index(batch_op.f("ix_organization_assigned_staff_id"))

    op.drop_table("organization")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_username"))

    op.drop_table("staff_user")
    op.drop_table("sector_partnership")
    with op.batch_alter_table("lmi_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lmi_figure_sector"))

    op.drop_table("lmi_figure")
    op.drop_table("draft")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_owner_type"))
        batch_op.drop_index(batch_op.f("ix_attachment_owner_id"))

    op.drop_table("attachment")
