"""Attachments (photos, signed PDFs), stored content-addressed by SHA-256 under the profile."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class Attachment(Synced, Base):
    """A file attached to a document, visit or meeting. The bytes live in the blob store."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    # owner_type is one of "program_document", "visit", "meeting", "organization", "expenditure";
    # owner_id is its id.
    owner_type: Mapped[str] = mapped_column(String(40), index=True)
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    caption: Mapped[str | None] = mapped_column(Text)
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
