"""Editor drafts saved as the user types (design rule 2). Local to the laptop; never synced."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Draft(Base):
    """The unsaved state of an editor, as JSON, keyed by what it edits (e.g. 'visit:new:<id>')."""

    __tablename__ = "draft"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
