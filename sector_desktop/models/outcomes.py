"""Outcomes: training cohorts, placements and their retention checks. Never a person's identity:
a placement is an employer, an occupation, a start date and a wage, with at most a case number."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Synced
from .organizations import Organization, StaffUser


class TrainingCohort(Synced, Base):
    """One run of a training program: how many enrolled, completed and earned the credential."""

    __tablename__ = "training_cohort"

    name: Mapped[str] = mapped_column(String(300))  # the program as it ran, e.g. "CNA, spring 2026"
    training_program_id: Mapped[str | None] = mapped_column(ForeignKey("training_program.id"))
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    sector: Mapped[str | None] = mapped_column(String(40), index=True)
    partnership_id: Mapped[str | None] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    enrolled: Mapped[int | None] = mapped_column(Integer)
    completed: Mapped[int | None] = mapped_column(Integer)
    credentials_earned: Mapped[int | None] = mapped_column(Integer)
    credential_name: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Organization | None] = relationship()
    staff: Mapped[StaffUser | None] = relationship()


class Placement(Synced, Base):
    """A job start at an employer after our services: occupation, start date and starting wage."""

    __tablename__ = "placement"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    occupation_soc: Mapped[str | None] = mapped_column(String(10), index=True)  # SOC code, 29-2052
    occupation_title: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    hourly_wage: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    full_time: Mapped[bool | None] = mapped_column(Boolean)
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("training_cohort.id"), index=True)
    apprenticeship_program_id: Mapped[str | None] = mapped_column(ForeignKey("apprenticeship_program.id"))
    # The state system's case number, so a placement can be matched there; never an SSN.
    case_number: Mapped[str | None] = mapped_column(String(40))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    staff: Mapped[StaffUser | None] = relationship()
    cohort: Mapped[TrainingCohort | None] = relationship()


class RetentionCheck(Synced, Base):
    """Whether a placement was still with its employer in the 2nd or 4th quarter after it started.

    Planned as an action item for the placement's owner when the quarter ends; `result` stays empty
    until the check is recorded as yes, no or unknown."""

    __tablename__ = "retention_check"

    placement_id: Mapped[str] = mapped_column(ForeignKey("placement.id"), index=True)
    quarter: Mapped[int] = mapped_column(Integer)  # 2 or 4
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the last day of that quarter
    result: Mapped[str | None] = mapped_column(String(10))
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    action_item_id: Mapped[str | None] = mapped_column(ForeignKey("action_item.id"))

    placement: Mapped[Placement] = relationship()
