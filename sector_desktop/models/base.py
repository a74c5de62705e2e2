"""The declarative base and the one sync mixin that every synced table shares (design rule 4)."""

from __future__ import annotations

import datetime as dt

import uuid_utils
from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names make Alembic migrations reproducible across SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A time-ordered UUIDv7 as canonical text, so ids sort by creation and never collide."""
    return str(uuid_utils.uuid7())


def utcnow() -> dt.datetime:
    """Naive UTC 'now'; every stored timestamp is naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns every synced row carries: UUIDv7 key, timestamps and a tombstone."""

    __synced__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, nullable=False)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def synced_tables(metadata: MetaData | None = None) -> list[str]:
    """Names of the tables whose rows sync, in dependency order (parents first)."""
    md = metadata or Base.metadata
    synced = [m for m in Base.registry.mappers if getattr(m.class_, "__synced__", False)]
    names = {t.name for m in synced for t in m.tables}
    return [t.name for t in md.sorted_tables if t.name in names]
