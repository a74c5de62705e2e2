"""Visits (employer service events) with what was learned there, and action items."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Synced
from .organizations import Contact, Organization, StaffUser


class Visit(Synced, Base):
    """A site visit, call, virtual meeting or event with an employer."""

    __tablename__ = "visit"
    # An organization's visit history in date order (briefing packets, the detail panel): without
    # it SQLite picks the low-selectivity status index and sorts. It also covers what makes a service
    # (status, deleted_at, services), so the performance report finds each organization's last service
    # before a day without reading the table (migration 0017). The second covers every column the
    # report reads of a program year's visits, so they come from the index alone (migration 0019).
    # The third holds each organization's completed visits by date for the last visit (0020).
    __table_args__ = (
        Index(
            "ix_visit_organization_service",
            "organization_id",
            "starts_at",
            "status",
            "deleted_at",
            "services",
        ),
        Index(
            "ix_visit_period_service",
            "starts_at",
            "status",
            "deleted_at",
            "organization_id",
            "staff_id",
            "services",
            "id",
        ),
        # The Organizations list's last visit of each row: one seek (migration 0020).
        Index(
            "ix_visit_last_completed",
            "organization_id",
            "starts_at",
            "status",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL AND status = 'completed'"),
        ),
        # The list's sorts by type, status and staff (one staff member at a time): a window deep in
        # the list is a seek (migrations 0021, 0022: over every row, as a partial index would be
        # scanned for the other sorts; the purpose's, on an expression, is in the migrations only).
        *(
            Index(
                f"ix_visit_sort_{name}",
                column,
                "starts_at",
                "id",
            )
            for name, column in (("type", "visit_type"), ("status", "status"), ("staff", "staff_id"))
        ),
    )

    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    visit_type: Mapped[str] = mapped_column(String(20), default="site_visit")
    status: Mapped[str] = mapped_column(String(20), default="completed", index=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    purpose: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    # Codes from choices.EMPLOYER_SERVICES (the ETA-9169 categories).
    services: Mapped[list[str]] = mapped_column(JSON, default=list)

    organization: Mapped[Organization] = relationship()
    staff: Mapped[StaffUser | None] = relationship()
    attendees: Mapped[list[VisitAttendee]] = relationship(back_populates="visit")
    hiring_needs: Mapped[list[HiringNeed]] = relationship(back_populates="visit")
    skill_gaps: Mapped[list[SkillGap]] = relationship(back_populates="visit")


class VisitAttendee(Synced, Base):
    """A contact who was present at a visit."""

    __tablename__ = "visit_attendee"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)

    visit: Mapped[Visit] = relationship(back_populates="attendees")
    contact: Mapped[Contact] = relationship()


class HiringNeed(Synced, Base):
    """An occupation an employer is hiring for, as heard at a visit."""

    __tablename__ = "hiring_need"

    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    occupation: Mapped[str] = mapped_column(String(200))
    openings: Mapped[int | None] = mapped_column(Integer)
    wage_min: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    wage_max: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    timeline: Mapped[str | None] = mapped_column(String(200))

    visit: Mapped[Visit | None] = relationship(back_populates="hiring_needs")


class SkillGap(Synced, Base):
    """A skill an employer finds missing in applicants or staff."""

    __tablename__ = "skill_gap"

    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    skill: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[Visit | None] = relationship(back_populates="skill_gaps")


class ActionItem(Synced, Base):
    """A follow-up with an owner, a due date and a status, from a visit or a meeting."""

    __tablename__ = "action_item"
    # The performance report reads a period's done items by completion time, from the index alone
    # (migration 0023); without it, the status index and one table page per done item of every year.
    __table_args__ = (
        Index(
            "ix_action_item_done",
            "status",
            "completed_at",
            "deleted_at",
            "owner_staff_id",
            "organization_id",
            "partnership_id",
            "id",
        ),
        # The list's own orders: a window deep in the open views (by due date) or in "Done or
        # cancelled" (most recently updated first) is a seek (migration 0024).
        Index("ix_action_item_sort_due", "status", "due_date", "created_at", "id"),
        Index("ix_action_item_sort_closed", "updated_at", "id", "status"),
    )

    text: Mapped[str] = mapped_column(Text)
    owner_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # An attendee from outside the team may own a meeting action item.
    owner_contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    status_note: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))
    partnership_id: Mapped[str | None] = mapped_column(ForeignKey("sector_partnership.id"), index=True)

    owner_staff: Mapped[StaffUser | None] = relationship()
    owner_contact: Mapped[Contact | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
