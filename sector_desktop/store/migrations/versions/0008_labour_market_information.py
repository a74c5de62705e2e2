"""Labour-market information: releases, OEWS estimates, QCEW figures, O*NET occupations, mappings.

Every table here is synced (one person imports, the team has the figures). lmi_figure gains the
release and codes of a mapped import.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lmi_column_mapping",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lmi_column_mapping")),
    )
    with op.batch_alter_table("lmi_column_mapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lmi_column_mapping_name"), ["name"], unique=False)

    op.create_table(
        "lmi_release",
        sa.Column("dataset", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lmi_release")),
    )
    with op.batch_alter_table("lmi_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lmi_release_dataset"), ["dataset"], unique=False)
        batch_op.create_index(batch_op.f("ix_lmi_release_file_sha256"), ["file_sha256"], unique=False)

    op.create_table(
        "oews_estimate",
        sa.Column("release_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_kind", sa.String(length=10), nullable=False),
        sa.Column("area_code", sa.String(length=10), nullable=False),
        sa.Column("area_title", sa.String(length=200), nullable=False),
        sa.Column("naics", sa.String(length=10), nullable=False),
        sa.Column("naics_title", sa.String(length=200), nullable=True),
        sa.Column("own_code", sa.String(length=6), nullable=True),
        sa.Column("occ_code", sa.String(length=10), nullable=False),
        sa.Column("occ_title", sa.String(length=200), nullable=False),
        sa.Column("o_group", sa.String(length=20), nullable=True),
        sa.Column("tot_emp", sa.Integer(), nullable=True),
        sa.Column("emp_prse", sa.Float(), nullable=True),
        sa.Column("jobs_1000", sa.Float(), nullable=True),
        sa.Column("loc_quotient", sa.Float(), nullable=True),
        sa.Column("pct_total", sa.Float(), nullable=True),
        sa.Column("pct_rpt", sa.Float(), nullable=True),
        sa.Column("h_mean", sa.Float(), nullable=True),
        sa.Column("a_mean", sa.Float(), nullable=True),
        sa.Column("mean_prse", sa.Float(), nullable=True),
        sa.Column("h_pct10", sa.Float(), nullable=True),
        sa.Column("h_pct25", sa.Float(), nullable=True),
        sa.Column("h_median", sa.Float(), nullable=True),
        sa.Column("h_pct75", sa.Float(), nullable=True),
        sa.Column("h_pct90", sa.Float(), nullable=True),
        sa.Column("a_pct10", sa.Float(), nullable=True),
        sa.Column("a_pct25", sa.Float(), nullable=True),
        sa.Column("a_median", sa.Float(), nullable=True),
        sa.Column("a_pct75", sa.Float(), nullable=True),
        sa.Column("a_pct90", sa.Float(), nullable=True),
        sa.Column("annual_only", sa.Boolean(), nullable=False),
        sa.Column("hourly_only", sa.Boolean(), nullable=False),
        sa.Column("markers", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["release_id"], ["lmi_release.id"], name=op.f("fk_oews_estimate_release_id_lmi_release")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oews_estimate")),
    )
    with op.batch_alter_table("oews_estimate", schema=None) as batch_op:
        batch_op.create_index(
            "ix_oews_estimate_area_occ", ["area_kind", "area_code", "occ_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oews_estimate_release_id"), ["release_id"], unique=False)

    op.create_table(
        "onet_occupation",
        sa.Column("release_id", sa.String(length=36), nullable=False),
        sa.Column("onet_code", sa.String(length=10), nullable=False),
        sa.Column("soc_code", sa.String(length=7), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("tasks", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("technology", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["release_id"], ["lmi_release.id"], name=op.f("fk_onet_occupation_release_id_lmi_release")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onet_occupation")),
    )
    with op.batch_alter_table("onet_occupation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_onet_occupation_onet_code"), ["onet_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_onet_occupation_release_id"), ["release_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_onet_occupation_soc_code"), ["soc_code"], unique=False)

    op.create_table(
        "qcew_figure",
        sa.Column("release_id", sa.String(length=36), nullable=False),
        sa.Column("area_fips", sa.String(length=5), nullable=False),
        sa.Column("area_kind", sa.String(length=10), nullable=False),
        sa.Column("area_code", sa.String(length=10), nullable=False),
        sa.Column("own_code", sa.String(length=2), nullable=False),
        sa.Column("industry_code", sa.String(length=10), nullable=False),
        sa.Column("agglvl_code", sa.String(length=3), nullable=False),
        sa.Column("size_code", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("qtr", sa.String(length=1), nullable=False),
        sa.Column("disclosure_code", sa.String(length=2), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("establishments", sa.Integer(), nullable=True),
        sa.Column("month1_emplvl", sa.Integer(), nullable=True),
        sa.Column("month2_emplvl", sa.Integer(), nullable=True),
        sa.Column("month3_emplvl", sa.Integer(), nullable=True),
        sa.Column("annual_avg_emplvl", sa.Integer(), nullable=True),
        sa.Column("total_wages", sa.Float(), nullable=True),
        sa.Column("avg_wkly_wage", sa.Integer(), nullable=True),
        sa.Column("avg_annual_pay", sa.Integer(), nullable=True),
        sa.Column("lq_employment", sa.Float(), nullable=True),
        sa.Column("oty_suppressed", sa.Boolean(), nullable=False),
        sa.Column("oty_estabs_chg", sa.Integer(), nullable=True),
        sa.Column("oty_estabs_pct_chg", sa.Float(), nullable=True),
        sa.Column("oty_emplvl_chg", sa.Integer(), nullable=True),
        sa.Column("oty_emplvl_pct_chg", sa.Float(), nullable=True),
        sa.Column("oty_avg_wkly_wage_chg", sa.Integer(), nullable=True),
        sa.Column("oty_avg_wkly_wage_pct_chg", sa.Float(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["release_id"], ["lmi_release.id"], name=op.f("fk_qcew_figure_release_id_lmi_release")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qcew_figure")),
    )
    with op.batch_alter_table("qcew_figure", schema=None) as batch_op:
        batch_op.create_index(
            "ix_qcew_figure_area_industry", ["area_fips", "industry_code", "own_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_qcew_figure_release_id"), ["release_id"], unique=False)

    with op.batch_alter_table("lmi_figure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("release_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("area_code", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("occ_code", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("period", sa.String(length=60), nullable=True))
        batch_op.create_index(batch_op.f("ix_lmi_figure_release_id"), ["release_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_lmi_figure_release_id_lmi_release"), "lmi_release", ["release_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("lmi_figure", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_lmi_figure_release_id_lmi_release"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_lmi_figure_release_id"))
        batch_op.drop_column("period")
        batch_op.drop_column("occ_code")
        batch_op.drop_column("area_code")
        batch_op.drop_column("release_id")

    with op.batch_alter_table("qcew_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qcew_figure_release_id"))
        batch_op.drop_index("ix_qcew_figure_area_industry")

    op.drop_table("qcew_figure")
    with op.batch_alter_table("onet_occupation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_onet_occupation_soc_code"))
        batch_op.drop_index(batch_op.f("ix_onet_occupation_release_id"))
        batch_op.drop_index(batch_op.f("ix_onet_occupation_onet_code"))

    op.drop_table("onet_occupation")
    with op.batch_alter_table("oews_estimate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oews_estimate_release_id"))
        batch_op.drop_index("ix_oews_estimate_area_occ")

    op.drop_table("oews_estimate")
    with op.batch_alter_table("lmi_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lmi_release_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_lmi_release_dataset"))

    op.drop_table("lmi_release")
    with op.batch_alter_table("lmi_column_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lmi_column_mapping_name"))

    op.drop_table("lmi_column_mapping")
