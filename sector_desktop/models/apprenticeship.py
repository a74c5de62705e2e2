"""Registered apprenticeship programs: wage steps, work processes, paperwork and apprentices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Synced
from .organizations import Organization, StaffUser


class ApprenticeshipProgram(Synced, Base):
    __tablename__ = "apprenticeship_program"

    sponsor_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    # A group program is sponsored through an intermediary on behalf of several employers.
    intermediary_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    state: Mapped[str] = mapped_column(String(2), default="MD")
    occupation_title: Mapped[str] = mapped_column(String(300))
    onet_code: Mapped[str | None] = mapped_column(String(20))
    rapids_code: Mapped[str | None] = mapped_column(String(20))
    program_type: Mapped[str] = mapped_column(String(20), default="time_based")
    term_hours: Mapped[int | None] = mapped_column(Integer)
    rti_provider_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    rti_provider_name: Mapped[str | None] = mapped_column(String(300))
    rti_hours_per_year: Mapped[int | None] = mapped_column(Integer)
    ratio_apprentices: Mapped[int | None] = mapped_column(Integer)
    ratio_journeyworkers: Mapped[int | None] = mapped_column(Integer)
    journeyworker_wage: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    probation_hours: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20), default="interest", index=True)
    interest_on: Mapped[dt.date | None] = mapped_column(Date)
    intake_on: Mapped[dt.date | None] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    registered_on: Mapped[dt.date | None] = mapped_column(Date)
    registration_number: Mapped[str | None] = mapped_column(String(60))
    reviewer_comments: Mapped[str | None] = mapped_column(Text)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"))
    notes: Mapped[str | None] = mapped_column(Text)

    sponsor: Mapped[Organization] = relationship(foreign_keys=[sponsor_id])
    staff: Mapped[StaffUser | None] = relationship()
    wage_steps: Mapped[list[WageStep]] = relationship(order_by="WageStep.position")
    work_processes: Mapped[list[WorkProcess]] = relationship(order_by="WorkProcess.position")
    documents: Mapped[list[ProgramDocument]] = relationship()
    apprentices: Mapped[list[Apprentice]] = relationship()


class StageChange(Synced, Base):
    """A move of a program between pipeline stages, with the override reason when one was given."""

    __tablename__ = "stage_change"

    program_id: Mapped[str] = mapped_column(ForeignKey("apprenticeship_program.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    override_reason: Mapped[str | None] = mapped_column(Text)


class WageStep(Synced, Base):
    """A step of the progressive wage schedule: after N hours or months, a percent or a rate."""

    __tablename__ = "wage_step"

    program_id: Mapped[str] = mapped_column(ForeignKey("apprenticeship_program.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    after_hours: Mapped[int | None] = mapped_column(Integer)
    after_months: Mapped[int | None] = mapped_column(Integer)
    percent_of_journeyworker: Mapped[float | None] = mapped_column(Numeric(5, 2, asdecimal=False))
    hourly_rate: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))


class WorkProcess(Synced, Base):
    """One line of the work process schedule (on-the-job learning), with its hours."""

    __tablename__ = "work_process"

    program_id: Mapped[str] = mapped_column(ForeignKey("apprenticeship_program.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    hours: Mapped[int | None] = mapped_column(Integer)


class Apprentice(Synced, Base):
    """An apprentice on a program's roster. No SSN or date of birth is ever stored."""

    __tablename__ = "apprentice"

    program_id: Mapped[str] = mapped_column(ForeignKey("apprenticeship_program.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    wage_step: Mapped[int | None] = mapped_column(Integer)
    agreement_status: Mapped[str] = mapped_column(String(20), default="missing")
    rti_hours_completed: Mapped[int | None] = mapped_column(Integer)
    ojt_hours_completed: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="active")


class ProgramDocument(Synced, Base):
    """A document of a program's paperwork checklist."""

    __tablename__ = "program_document"

    program_id: Mapped[str] = mapped_column(ForeignKey("apprenticeship_program.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    apprentice_id: Mapped[str | None] = mapped_column(ForeignKey("apprentice.id"))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="missing")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
