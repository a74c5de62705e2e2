"""Merging a duplicate organization into the one kept: every record that points at it moves over.

The duplicate is tombstoned, never deleted, so sync can tell the other laptops. The references are
found from the schema's foreign keys, so a table added later is moved too without a change here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import (
    Base,
    Contact,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    utcnow,
)

from .organizations import OrganizationInput, validate_organization

# Profile fields copied from the duplicate when the kept organization has them blank.
_FILLABLE = [f.name for f in dataclasses.fields(OrganizationInput) if f.name not in {"name", "tags", "notes"}]


@dataclass(frozen=True)
class MergeResult:
    kept_id: str
    merged_id: str
    moved: dict[str, int] = field(default_factory=dict)  # table -> rows re-pointed
    filled_fields: list[str] = field(default_factory=list)


def _references() -> list[tuple[type[Base], Column[Any]]]:
    """(ORM class, column) for every column that refers to organization.id."""
    classes = {t.name: m.class_ for m in Base.registry.mappers for t in m.tables}
    refs: list[tuple[type[Base], Column[Any]]] = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "organization" and table.name in classes:
                refs.append((classes[table.name], fk.parent))
    return refs


def _live(session: Session, org_id: str) -> Organization:
    org = session.get(Organization, org_id)
    if org is None or org.deleted_at is not None:
        raise NotFound(f"No organization with id {org_id}.")
    return org


def _merge_membership(session: Session, member: PartnershipMember, keep_id: str) -> bool:
    """Fold a membership into the kept organization's one in the same partnership; False if it has none."""
    existing = session.scalar(
        select(PartnershipMember).where(
            PartnershipMember.partnership_id == member.partnership_id,
            PartnershipMember.organization_id == keep_id,
            PartnershipMember.deleted_at.is_(None),
        )
    )
    if existing is None or member.deleted_at is not None:
        return False
    reps = select(MemberRepresentative).where(MemberRepresentative.member_id == member.id)
    for rep in session.scalars(reps):
        rep.member_id = existing.id
    member.deleted_at = utcnow()
    return True


def _move_references(session: Session, keep_id: str, dup_id: str) -> dict[str, int]:
    moved: dict[str, int] = {}
    for cls, column in _references():
        attr = column.key
        for row in session.scalars(select(cls).where(getattr(cls, attr) == dup_id)):
            if isinstance(row, PartnershipMember) and _merge_membership(session, row, keep_id):
                continue
            setattr(row, attr, keep_id)
            moved[cls.__tablename__] = moved.get(cls.__tablename__, 0) + 1
    session.flush()
    return moved


def _one_primary_contact(session: Session, org_id: str, prefer: str | None) -> None:
    """Keep one primary contact: `prefer` if it is one, else the oldest."""
    primaries = list(
        session.scalars(
            select(Contact)
            .where(Contact.organization_id == org_id, Contact.is_primary.is_(True))
            .where(Contact.deleted_at.is_(None))
            .order_by(Contact.created_at, Contact.id)
        )
    )
    primaries.sort(key=lambda c: c.id != prefer)
    for extra in primaries[1:]:
        extra.is_primary = False


def _fill_profile(keep: Organization, dup: Organization | OrganizationInput) -> list[str]:
    filled = []
    for name in _FILLABLE:
        if getattr(keep, name) in (None, "") and getattr(dup, name) not in (None, ""):
            setattr(keep, name, getattr(dup, name))
            filled.append(name)
    tags = list(keep.tags or [])
    lowered = {t.lower() for t in tags}
    extra = [t for t in (dup.tags or []) if t.lower() not in lowered]
    if extra:
        keep.tags = tags + extra
        filled.append("tags")
    if dup.notes and dup.notes.strip() and dup.notes.strip() not in (keep.notes or ""):
        keep.notes = f"{keep.notes}\n\nFrom {dup.name}: {dup.notes}" if keep.notes else dup.notes
        filled.append("notes")
    return filled


def merge_organizations(session: Session, keep_id: str, duplicate_id: str) -> MergeResult:
    """Move everything of `duplicate_id` to `keep_id` and tombstone the duplicate.

    Blank profile fields of the kept organization are filled from the duplicate, and the kept
    organization's existing primary contact stays primary.
    """
    if keep_id == duplicate_id:
        raise ValidationError("An organization cannot be merged into itself.")
    keep, dup = _live(session, keep_id), _live(session, duplicate_id)
    kept_primary_first = session.scalar(
        select(Contact.id).where(
            Contact.organization_id == keep_id, Contact.is_primary.is_(True), Contact.deleted_at.is_(None)
        )
    )
    moved = _move_references(session, keep_id, duplicate_id)
    _one_primary_contact(session, keep_id, prefer=kept_primary_first)
    filled = _fill_profile(keep, dup)
    dup.merged_into_id = keep_id  # travels with the tombstone: late records follow (sync/client/merges.py)
    dup.deleted_at = utcnow()
    session.flush()
    return MergeResult(keep_id, duplicate_id, moved, filled)


def merge_new_into(session: Session, keep_id: str, data: OrganizationInput) -> list[str]:
    """Fold a not-yet-created organization into an existing one instead of creating it.

    Returns the fields of the existing profile that were blank and are now filled from `data`.
    """
    cleaned = validate_organization(data, session)
    keep = _live(session, keep_id)
    filled = _fill_profile(keep, cleaned)
    session.flush()
    return filled
