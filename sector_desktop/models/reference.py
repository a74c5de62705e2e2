"""Reference data kept per sector: training programs and labour-market figures (LMI)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class TrainingProgram(Synced, Base):
    """A training program offered in a sector, for example a CNA course at a community college: one line
    of the partnership's education and training program inventory."""

    __tablename__ = "training_program"

    sector: Mapped[str] = mapped_column(String(40), index=True)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    name: Mapped[str] = mapped_column(String(300))
    credential: Mapped[str | None] = mapped_column(String(300))
    duration_weeks: Mapped[int | None] = mapped_column(Integer)  # the program's length
    notes: Mapped[str | None] = mapped_column(Text)
    # The occupations it prepares for, as SOC codes ("31-1131"); a list so one program serves several.
    soc_codes: Mapped[list[str] | None] = mapped_column(JSON)
    hours: Mapped[int | None] = mapped_column(Integer)  # classroom and lab hours in all
    cost_cents: Mapped[int | None] = mapped_column(BigInteger)  # tuition and fees, in cents
    schedule: Mapped[str | None] = mapped_column(String(200))  # "Evenings, Mon–Thu 6–9 PM"
    modality: Mapped[str | None] = mapped_column(String(20))  # in_person, online, hybrid
    next_start: Mapped[dt.date | None] = mapped_column(Date)  # a calendar date, not an instant
    etpl_status: Mapped[str | None] = mapped_column(String(20))  # on the state's eligible training list?
    capacity: Mapped[int | None] = mapped_column(Integer)  # seats per cohort
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))


class LmiFigure(Synced, Base):
    """One labour-market figure, always with its source and release date."""

    __tablename__ = "lmi_figure"

    sector: Mapped[str] = mapped_column(String(40), index=True)
    area: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False))
    unit: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(300))
    released_on: Mapped[dt.date | None] = mapped_column(Date)
    # Figures from a mapped import (another publisher's table) name their release and codes.
    release_id: Mapped[str | None] = mapped_column(ForeignKey("lmi_release.id"), index=True)
    area_code: Mapped[str | None] = mapped_column(String(10))
    occ_code: Mapped[str | None] = mapped_column(String(10))
    period: Mapped[str | None] = mapped_column(String(60))
