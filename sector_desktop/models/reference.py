"""Reference data kept per sector: training programs and labour-market figures (LMI)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class TrainingProgram(Synced, Base):
    """A training program offered in a sector, for example a CNA course at a community college."""

    __tablename__ = "training_program"

    sector: Mapped[str] = mapped_column(String(40), index=True)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    name: Mapped[str] = mapped_column(String(300))
    credential: Mapped[str | None] = mapped_column(String(300))
    duration_weeks: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


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
