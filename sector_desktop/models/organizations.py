"""Organizations (employers and partners), their contacts, and the staff users of the team."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Synced


class StaffUser(Synced, Base):
    """A member of the sector-partnership team (a person who logs visits and owns follow-ups)."""

    __tablename__ = "staff_user"

    name: Mapped[str] = mapped_column(String(200))
    username: Mapped[str] = mapped_column(String(100), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="staff")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    # The server account (its user id) that signs in as this person; written by the server only.
    account_id: Mapped[str | None] = mapped_column(String(36), index=True)


class Organization(Synced, Base):
    """An employer or a partner organization."""

    __tablename__ = "organization"
    # The list counts and pages live organizations in name order; this index answers both without
    # reading the table, so opening the list costs the same at 100,000 rows as at 1,000.
    __table_args__ = (
        Index(
            "ix_organization_live_name",
            "name",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # The list by assigned staff, one staff member at a time (store/paging.grouped_window;
        # migration 0020): a window at row 99,800 is a seek, as at row 0.
        Index(
            "ix_organization_sort_staff",
            "assigned_staff_id",
            "name",
            "id",
            "deleted_at",  # covering: SQLite reads no row to check the WHERE
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # What the performance report reads of every organization (merges, sectors), from the index
        # alone instead of the whole table (migration 0023).
        Index(
            "ix_organization_performance",
            *("id", "kind", "sector", "deleted_at", "merged_into_id", "name", "fein"),
        ),
        # The merged-away organizations, which every pull looks up (sync/client/merges.py): a
        # handful of entries instead of a scan of every organization (migration 0025).
        Index(
            "ix_organization_merged",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NOT NULL"),
            postgresql_where=text("merged_into_id IS NOT NULL"),
        ),
    )

    name: Mapped[str] = mapped_column(String(300), index=True)
    dba: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40), default="employer", index=True)
    status: Mapped[str] = mapped_column(String(20), default="prospect", index=True)
    sector: Mapped[str | None] = mapped_column(String(40), index=True)
    # The WIOA employer measures match employers on FEIN and state UI account number.
    fein: Mapped[str | None] = mapped_column(String(20), index=True)
    state_ui_number: Mapped[str | None] = mapped_column(String(30))
    naics: Mapped[str | None] = mapped_column(String(10))
    address_line1: Mapped[str | None] = mapped_column(String(300))
    address_line2: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    size_band: Mapped[str | None] = mapped_column(String(20))
    sites_count: Mapped[int | None] = mapped_column(Integer)
    assigned_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    # Set on the tombstone of a duplicate merged away: the organization kept. Records that arrive
    # later pointing at the duplicate are moved there by sync (sync/client/merges.py).
    merged_into_id: Mapped[str | None] = mapped_column(String(36))

    assigned_staff: Mapped[StaffUser | None] = relationship()
    contacts: Mapped[list[Contact]] = relationship(back_populates="organization", order_by="Contact.name")


class Contact(Synced, Base):
    """A person at an organization."""

    __tablename__ = "contact"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship(back_populates="contacts")
