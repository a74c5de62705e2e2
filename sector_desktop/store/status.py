"""Figures for the status bar: record counts and the number of changes waiting to sync."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from sector_desktop.models import Contact, Organization, Visit
from sector_desktop.models.base import Synced


@dataclass(frozen=True)
class RecordCounts:
    organizations: int
    contacts: int
    visits: int


def record_counts(session: Session) -> RecordCounts:
    def count(model: type[Synced]) -> int:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0

    return RecordCounts(count(Organization), count(Contact), count(Visit))


def pending_sync_count(session: Session) -> int:
    """Changes captured locally and not yet acknowledged by the server (0 before sync exists)."""
    if not inspect(session.get_bind()).has_table("sync_outbox"):
        return 0
    return session.scalar(text("SELECT count(*) FROM sync_outbox")) or 0
