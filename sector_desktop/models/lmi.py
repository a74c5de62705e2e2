"""Labour-market figures imported from their publishers' files (BLS OEWS and QCEW, O*NET).

Every figure belongs to one release (source, reference period, release date, file). A newer
release of the same figure supersedes it for the current view; the older row stays for trends.
Figures are synced like every other record, so one person's import reaches the whole team.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class LmiRelease(Synced, Base):
    """One imported file: which dataset, whose, for what period, released when."""

    __tablename__ = "lmi_release"

    dataset: Mapped[str] = mapped_column(String(20), index=True)  # oews, qcew, onet, mapped
    source: Mapped[str] = mapped_column(String(300))
    period: Mapped[str] = mapped_column(String(60))  # as the publisher says it: "May 2024", "2025 Q1"
    released_on: Mapped[dt.date | None] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_by: Mapped[str | None] = mapped_column(String(200))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    # The office areas the import kept, and the publisher's footnotes found in the file.
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)


class OewsEstimate(Synced, Base):
    """An OEWS estimate for one occupation in one area (and industry), with its wage distribution.

    A value the publisher marked (`*`, `**`, `#`, `~`) is NULL here and `markers` says what the
    mark means for that field: "not_available", "top_coded" (at or above the top code) or
    "under_half_percent".
    """

    __tablename__ = "oews_estimate"
    __table_args__ = (Index("ix_oews_estimate_area_occ", "area_kind", "area_code", "occ_code"),)

    release_id: Mapped[str] = mapped_column(ForeignKey("lmi_release.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # the May reference year
    area_kind: Mapped[str] = mapped_column(String(10))
    area_code: Mapped[str] = mapped_column(String(10))
    area_title: Mapped[str] = mapped_column(String(200))
    naics: Mapped[str] = mapped_column(String(10), default="000000")  # 000000: cross-industry
    naics_title: Mapped[str | None] = mapped_column(String(200))
    own_code: Mapped[str | None] = mapped_column(String(6))
    occ_code: Mapped[str] = mapped_column(String(10))
    occ_title: Mapped[str] = mapped_column(String(200))
    o_group: Mapped[str | None] = mapped_column(String(20))
    tot_emp: Mapped[int | None] = mapped_column(Integer)
    emp_prse: Mapped[float | None] = mapped_column(Float)
    jobs_1000: Mapped[float | None] = mapped_column(Float)
    loc_quotient: Mapped[float | None] = mapped_column(Float)
    pct_total: Mapped[float | None] = mapped_column(Float)
    pct_rpt: Mapped[float | None] = mapped_column(Float)
    h_mean: Mapped[float | None] = mapped_column(Float)
    a_mean: Mapped[float | None] = mapped_column(Float)
    mean_prse: Mapped[float | None] = mapped_column(Float)
    h_pct10: Mapped[float | None] = mapped_column(Float)
    h_pct25: Mapped[float | None] = mapped_column(Float)
    h_median: Mapped[float | None] = mapped_column(Float)
    h_pct75: Mapped[float | None] = mapped_column(Float)
    h_pct90: Mapped[float | None] = mapped_column(Float)
    a_pct10: Mapped[float | None] = mapped_column(Float)
    a_pct25: Mapped[float | None] = mapped_column(Float)
    a_median: Mapped[float | None] = mapped_column(Float)
    a_pct75: Mapped[float | None] = mapped_column(Float)
    a_pct90: Mapped[float | None] = mapped_column(Float)
    annual_only: Mapped[bool] = mapped_column(Boolean, default=False)
    hourly_only: Mapped[bool] = mapped_column(Boolean, default=False)
    markers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class QcewFigure(Synced, Base):
    """A QCEW cell: establishments, employment and wages for an area, ownership and industry.

    A cell the publisher did not disclose (disclosure code N) keeps `suppressed` true and its
    values NULL: BLS prints zeros there, which are not zeros.
    """

    __tablename__ = "qcew_figure"
    __table_args__ = (Index("ix_qcew_figure_area_industry", "area_fips", "industry_code", "own_code"),)

    release_id: Mapped[str] = mapped_column(ForeignKey("lmi_release.id"), index=True)
    area_fips: Mapped[str] = mapped_column(String(5))
    area_kind: Mapped[str] = mapped_column(String(10))
    area_code: Mapped[str] = mapped_column(String(10))
    own_code: Mapped[str] = mapped_column(String(2))
    industry_code: Mapped[str] = mapped_column(String(10))
    agglvl_code: Mapped[str] = mapped_column(String(3))
    size_code: Mapped[str] = mapped_column(String(2))
    year: Mapped[int] = mapped_column(Integer)
    qtr: Mapped[str] = mapped_column(String(1))  # 1-4, or A for the annual average
    disclosure_code: Mapped[str | None] = mapped_column(String(2))
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False)
    establishments: Mapped[int | None] = mapped_column(Integer)
    month1_emplvl: Mapped[int | None] = mapped_column(Integer)
    month2_emplvl: Mapped[int | None] = mapped_column(Integer)
    month3_emplvl: Mapped[int | None] = mapped_column(Integer)
    annual_avg_emplvl: Mapped[int | None] = mapped_column(Integer)
    total_wages: Mapped[float | None] = mapped_column(Float)
    avg_wkly_wage: Mapped[int | None] = mapped_column(Integer)
    avg_annual_pay: Mapped[int | None] = mapped_column(Integer)
    lq_employment: Mapped[float | None] = mapped_column(Float)
    oty_suppressed: Mapped[bool] = mapped_column(Boolean, default=False)
    oty_estabs_chg: Mapped[int | None] = mapped_column(Integer)
    oty_estabs_pct_chg: Mapped[float | None] = mapped_column(Float)
    oty_emplvl_chg: Mapped[int | None] = mapped_column(Integer)
    oty_emplvl_pct_chg: Mapped[float | None] = mapped_column(Float)
    oty_avg_wkly_wage_chg: Mapped[int | None] = mapped_column(Integer)
    oty_avg_wkly_wage_pct_chg: Mapped[float | None] = mapped_column(Float)


class OnetOccupation(Synced, Base):
    """One O*NET-SOC occupation with its tasks, skills and technology skills (one row, so that the
    whole database syncs as about a thousand records instead of a hundred thousand)."""

    __tablename__ = "onet_occupation"

    release_id: Mapped[str] = mapped_column(ForeignKey("lmi_release.id"), index=True)
    onet_code: Mapped[str] = mapped_column(String(10), index=True)  # 51-4041.00
    soc_code: Mapped[str] = mapped_column(String(7), index=True)  # 51-4041, the OEWS code
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # [{"task", "type", "id"}], [{"id", "name", "importance", "level"}], [{"example", "hot", ...}]
    tasks: Mapped[list[dict]] = mapped_column(JSON, default=list)
    skills: Mapped[list[dict]] = mapped_column(JSON, default=list)
    technology: Mapped[list[dict]] = mapped_column(JSON, default=list)


class LmiColumnMapping(Synced, Base):
    """A saved column mapping for another publisher's table (Lightcast, JobsEQ, a state portal)."""

    __tablename__ = "lmi_column_mapping"

    name: Mapped[str] = mapped_column(String(100), index=True)
    source: Mapped[str] = mapped_column(String(300))
    # {"area": "Region", "occupation_code": "SOC", "measures": {"Openings": "Annual Openings"}, ...}
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
