"""Sector partnerships: members, workgroups, priorities, action teams and meetings with minutes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Synced
from .organizations import Contact, Organization, StaffUser


class SectorPartnership(Synced, Base):
    __tablename__ = "sector_partnership"

    name: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(200))
    convener: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="forming")
    launched_on: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[PartnershipMember]] = relationship(back_populates="partnership")
    workgroups: Mapped[list[Workgroup]] = relationship(back_populates="partnership")


class PartnershipMember(Synced, Base):
    """An organization on a partnership's roster, with its role."""

    __tablename__ = "partnership_member"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    role: Mapped[str] = mapped_column(String(30), default="employer_member")
    joined_on: Mapped[dt.date | None] = mapped_column(Date)

    partnership: Mapped[SectorPartnership] = relationship(back_populates="members")
    organization: Mapped[Organization] = relationship()


class MemberRepresentative(Synced, Base):
    """A contact who represents a member organization in the partnership."""

    __tablename__ = "member_representative"

    member_id: Mapped[str] = mapped_column(ForeignKey("partnership_member.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)

    contact: Mapped[Contact] = relationship()


class Workgroup(Synced, Base):
    __tablename__ = "workgroup"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    partnership: Mapped[SectorPartnership] = relationship(back_populates="workgroups")


class Priority(Synced, Base):
    """A partnership priority, scored importance × feasibility at a launch meeting."""

    __tablename__ = "priority"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    importance: Mapped[int | None] = mapped_column(Integer)
    feasibility: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class ActionTeam(Synced, Base):
    __tablename__ = "action_team"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    priority_id: Mapped[str | None] = mapped_column(ForeignKey("priority.id"))
    name: Mapped[str] = mapped_column(String(300))
    goal: Mapped[str | None] = mapped_column(Text)
    target_date: Mapped[dt.date | None] = mapped_column(Date)


class Meeting(Synced, Base):
    __tablename__ = "meeting"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    workgroup_id: Mapped[str | None] = mapped_column(ForeignKey("workgroup.id"), index=True)
    meeting_type: Mapped[str] = mapped_column(String(20), default="workgroup")
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    location: Mapped[str | None] = mapped_column(String(300))
    video_link: Mapped[str | None] = mapped_column(String(500))
    facilitator_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"))
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    # The occurrences of one series (every month on the second Tuesday, ...) share an id and a rule.
    series_id: Mapped[str | None] = mapped_column(String(36), index=True)
    series_rule: Mapped[str | None] = mapped_column(String(40))  # "monthly-weekday", "quarterly-date", ...

    partnership: Mapped[SectorPartnership] = relationship()
    workgroup: Mapped[Workgroup | None] = relationship()
    facilitator: Mapped[StaffUser | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )


class AgendaItem(Synced, Base):
    """One item of a meeting's agenda; `minutes` holds the notes typed under it."""

    __tablename__ = "agenda_item"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str | None] = mapped_column(String(200))
    minutes_allotted: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class MeetingAttendance(Synced, Base):
    """Who was at a meeting: a roster contact, or a guest added on the spot."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    guest_name: Mapped[str | None] = mapped_column(String(200))
    guest_organization: Mapped[str | None] = mapped_column(String(300))
    # Counted for the employer-led check: business representatives should outnumber partners.
    is_business: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="absent")
    # The invitation this attendance answers (an id without a foreign key: SQLite cannot add one to
    # an existing table without copying it; sync checks it is a record id).
    invitation_id: Mapped[str | None] = mapped_column(String(36), index=True)


class Decision(Synced, Base):
    __tablename__ = "decision"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))
    text: Mapped[str] = mapped_column(Text)
