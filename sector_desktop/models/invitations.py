"""Invitations to a meeting and their answers (RSVPs): to a contact at an organization, or to an
organization as a whole, with the letter it was sent (the employer or the partner letter)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Synced
from .organizations import Contact, Organization
from .partnerships import Meeting


class Invitation(Synced, Base):
    """One invitee of a meeting: who, which letter, when it went out, and their answer."""

    __tablename__ = "invitation"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    letter: Mapped[str] = mapped_column(String(20), default="employer")  # "employer" or "partner"
    status: Mapped[str] = mapped_column(String(20), default="invited")  # invited, accepted, declined, ...
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship()
    contact: Mapped[Contact | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
