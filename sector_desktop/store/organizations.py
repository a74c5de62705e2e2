"""Read queries for the Organizations screen: a filtered, sorted, windowed list and one record's detail.

Everything returned is a plain dataclass, so results can cross threads and outlive the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, null, or_, select
from sqlalchemy.orm import Session, aliased

from sector_desktop.errors import NotFound
from sector_desktop.models import Contact, Organization, StaffUser, Visit

from . import paging
from .paging import Group, Key, SortColumn, keys

# A staff filter value meaning "organizations nobody is assigned to".
UNASSIGNED = "__unassigned__"


@dataclass(frozen=True)
class OrganizationFilter:
    """What the list shows. Empty values mean "any"."""

    text: str = ""  # a substring of the name or the doing-business-as name
    kind: str | None = None
    sector: str | None = None
    status: str | None = None
    staff_id: str | None = None  # a staff id, or UNASSIGNED


@dataclass(frozen=True)
class OrganizationRow:
    id: str
    name: str
    dba: str | None
    kind: str
    sector: str | None
    status: str
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    staff_name: str | None
    last_visit: dt.datetime | None


@dataclass(frozen=True)
class ContactRow:
    id: str
    name: str
    title: str | None
    email: str | None
    phone: str | None
    is_primary: bool
    notes: str | None


@dataclass(frozen=True)
class VisitHistoryRow:
    id: str
    starts_at: dt.datetime
    visit_type: str
    status: str
    staff_name: str | None
    purpose: str | None
    services: list[str]


@dataclass(frozen=True)
class OrganizationDetail:
    """One organization's profile, contacts (primary first) and visits (newest first)."""

    id: str
    name: str
    dba: str | None
    fein: str | None
    state_ui_number: str | None
    naics: str | None
    sector: str | None
    kind: str
    status: str
    address_line1: str | None
    address_line2: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    website: str | None
    size_band: str | None
    sites_count: int | None
    assigned_staff_id: str | None
    staff_name: str | None
    tags: list[str]
    notes: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    contacts: list[ContactRow] = field(default_factory=list)
    visits: list[VisitHistoryRow] = field(default_factory=list)
    visit_count: int = 0


@dataclass(frozen=True)
class StaffOption:
    id: str
    name: str
    active: bool


# Sort keys the list accepts; each maps to a column expression in _sort_expression.
SORT_KEYS = ("name", "kind", "sector", "status", "city", "zip", "phone", "staff", "last_visit")
VISIT_HISTORY_LIMIT = 500
# The sorts migration 0018 indexes as `coalesce(column, char(1114111)), name, id`.
INDEXED_SORTS = ("kind", "sector", "status", "city", "zip", "phone")

_Staff = aliased(StaffUser)


def _last_visit() -> Any:
    """The newest completed visit of the outer organization (a correlated scalar subquery)."""
    return (
        select(func.max(Visit.starts_at))
        .where(
            Visit.organization_id == Organization.id,
            Visit.deleted_at.is_(None),
            # Both as migration 0020's partial index says them: the newest is its range's last entry.
            Visit.status == "completed",
        )
        .correlate(Organization)
        .scalar_subquery()
    )


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _apply_filter(stmt: Select, f: OrganizationFilter) -> Select:
    text = f.text.strip()
    if text:
        # A substring match has to read every row. Hidden behind coalesce, the live check stops
        # SQLite from walking an index and fetching rows one by one (10x slower than a plain scan).
        stmt = stmt.where(func.coalesce(Organization.deleted_at, null()).is_(None))
    else:
        stmt = stmt.where(Organization.deleted_at.is_(None))
    if text:
        pattern = _like_pattern(text)
        stmt = stmt.where(
            Organization.name.like(pattern, escape="\\") | Organization.dba.like(pattern, escape="\\")
        )
    if f.kind:
        stmt = stmt.where(Organization.kind == f.kind)
    if f.sector:
        stmt = stmt.where(Organization.sector == f.sector)
    if f.status:
        stmt = stmt.where(Organization.status == f.status)
    if f.staff_id == UNASSIGNED:
        stmt = stmt.where(Organization.assigned_staff_id.is_(None))
    elif f.staff_id:
        stmt = stmt.where(Organization.assigned_staff_id == f.staff_id)
    return stmt


def count_organizations(session: Session, f: OrganizationFilter | None = None) -> int:
    stmt = _apply_filter(select(func.count()).select_from(Organization), f or OrganizationFilter())
    return session.scalar(stmt) or 0


def _sort_expression(sort: str, last_visit: Any) -> SortColumn:
    columns: dict[str, SortColumn] = {
        "name": Organization.name,
        "kind": Organization.kind,
        "sector": Organization.sector,
        "status": Organization.status,
        "city": Organization.city,
        "zip": Organization.zip,
        "phone": Organization.phone,
        "staff": _Staff.name,
        "last_visit": last_visit,
    }
    if sort not in columns:
        raise ValueError(f"unknown sort key {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    return columns[sort]


def _sort_keys(sort: str, f: OrganizationFilter) -> tuple[Key, ...]:
    """The sort's columns: the chosen one (blanks last), then the name, then the id (unique)."""
    key = _sort_expression(sort, _last_visit())
    if f.text.strip() and sort != "last_visit":
        key = key.concat("")  # same order, but no index walk (see _apply_filter)
    if sort == "name":
        # Names are never empty, and a plain order on them lets SQLite walk the name index.
        return keys(key, Organization.id)
    return (Key(key, empty_last=True), *keys(Organization.name, Organization.id))


def _cursor(row: OrganizationRow, sort: str) -> tuple[Any, ...]:
    """The values of `_sort_keys` for `row`."""
    value = {
        "name": row.name,
        "kind": row.kind,
        "sector": row.sector,
        "status": row.status,
        "city": row.city,
        "zip": row.zip,
        "phone": row.phone,
        "staff": row.staff_name,
        "last_visit": row.last_visit,
    }[sort]
    return (value, row.id) if sort == "name" else (value, row.name, row.id)


def _window_ids(
    session: Session,
    f: OrganizationFilter,
    sort: str,
    descending: bool,
    after: OrganizationRow | None,
    limit: int,
) -> list[str]:
    """The ids of one window, in order. Only the sort key is read, so the window stays cheap."""
    if sort == "staff" and not f.text.strip():  # (a text filter reads every row anyway)
        rows = paging.grouped_window(
            session,
            _apply_filter(select(Organization.id), f),
            _staff_groups(session),
            keys(Organization.name, Organization.id),
            descending=descending,
            cursor=None if after is None else _cursor(after, sort),
            limit=limit,
        )
        return [row[0] for row in rows]
    stmt = select(Organization.id)
    if sort == "staff":
        stmt = stmt.outerjoin(_Staff, _Staff.id == Organization.assigned_staff_id)
    stmt = _apply_filter(stmt, f)
    cursor = None if after is None else _cursor(after, sort)
    sort_keys = _sort_keys(sort, f)
    if sort in INDEXED_SORTS:  # migration 0018's: the cursor's own value first, each part a seek
        rows = paging.seek_window(session, stmt, sort_keys, descending=descending, cursor=cursor, limit=limit)
        return [row[0] for row in rows]
    stmt = paging.window(stmt, sort_keys, descending=descending, cursor=cursor, limit=limit)
    return list(session.scalars(stmt))


def _staff_groups(session: Session) -> list[Group]:
    """The sort by assigned staff as groups: each staff name (every staff record, as the list's
    join reads them) with the ids that bear it, by name; then the blanks, which are the unassigned
    and any id no staff record has (yet: sync may bring an organization before its staff member).
    Each group is a seek on migration 0020's index of (assigned staff, name, id)."""
    names: dict[str, list[str]] = {}
    for staff_id, name in session.execute(select(StaffUser.id, StaffUser.name)):
        names.setdefault(name, []).append(staff_id)
    known = {staff_id for ids in names.values() for staff_id in ids}
    column = Organization.assigned_staff_id
    groups = [
        Group(name, column == ids[0] if len(ids) == 1 else column.in_(ids))
        for name, ids in sorted(names.items())
    ]
    assigned = paging.distinct_values(session, column, Organization.deleted_at.is_(None))
    dangling = [staff_id for staff_id in assigned if staff_id not in known]
    blank = or_(column.is_(None), column.in_(dangling)) if dangling else column.is_(None)
    return [*groups, Group(None, blank)]


def list_organizations(
    session: Session,
    f: OrganizationFilter | None = None,
    *,
    sort: str = "name",
    descending: bool = False,
    after: OrganizationRow | None = None,
    limit: int = 200,
) -> list[OrganizationRow]:
    """One window of the list, sorted, continuing after the row `after` (keyset paging; ties are
    broken by name, then id, so windows never overlap)."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    ids = _window_ids(session, f or OrganizationFilter(), sort, descending, after, limit)
    if not ids:
        return []
    # The columns (and the last-visit lookup) are read for this window's rows only.
    stmt = (
        select(
            Organization.id,
            Organization.name,
            Organization.dba,
            Organization.kind,
            Organization.sector,
            Organization.status,
            Organization.city,
            Organization.state,
            Organization.zip,
            Organization.phone,
            _Staff.name,
            _last_visit(),
        )
        .outerjoin(_Staff, _Staff.id == Organization.assigned_staff_id)
        .where(Organization.id.in_(ids))
    )
    rows = {row[0]: OrganizationRow(*tuple(row)) for row in session.execute(stmt)}
    return [rows[i] for i in ids if i in rows]


def _contacts(session: Session, org_id: str) -> list[ContactRow]:
    stmt = (
        select(Contact)
        .where(Contact.organization_id == org_id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.name, Contact.id)
    )
    return [
        ContactRow(c.id, c.name, c.title, c.email, c.phone, bool(c.is_primary), c.notes)
        for c in session.scalars(stmt)
    ]


def visit_history(session: Session, org_id: str, limit: int = VISIT_HISTORY_LIMIT) -> list[VisitHistoryRow]:
    """The organization's visits, newest first (any status, so planned visits show too)."""
    stmt = (
        select(
            Visit.id,
            Visit.starts_at,
            Visit.visit_type,
            Visit.status,
            StaffUser.name,
            Visit.purpose,
            Visit.services,
        )
        .outerjoin(StaffUser, StaffUser.id == Visit.staff_id)
        .where(Visit.organization_id == org_id, Visit.deleted_at.is_(None))
        .order_by(Visit.starts_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return [
        VisitHistoryRow(vid, starts, vtype, status, staff, purpose, list(services or []))
        for vid, starts, vtype, status, staff, purpose, services in session.execute(stmt)
    ]


def get_organization_detail(session: Session, org_id: str) -> OrganizationDetail:
    """The whole record for the detail panel and the editor. Raises NotFound for unknown or deleted ids."""
    org = session.get(Organization, org_id)
    if org is None or org.deleted_at is not None:
        raise NotFound(f"No organization with id {org_id}.")
    staff_name = session.scalar(select(StaffUser.name).where(StaffUser.id == org.assigned_staff_id))
    visit_count = session.scalar(
        select(func.count())
        .select_from(Visit)
        .where(Visit.organization_id == org_id, Visit.deleted_at.is_(None))
    )
    return OrganizationDetail(
        id=org.id,
        name=org.name,
        dba=org.dba,
        fein=org.fein,
        state_ui_number=org.state_ui_number,
        naics=org.naics,
        sector=org.sector,
        kind=org.kind,
        status=org.status,
        address_line1=org.address_line1,
        address_line2=org.address_line2,
        city=org.city,
        state=org.state,
        zip=org.zip,
        phone=org.phone,
        website=org.website,
        size_band=org.size_band,
        sites_count=org.sites_count,
        assigned_staff_id=org.assigned_staff_id,
        staff_name=staff_name,
        tags=list(org.tags or []),
        notes=org.notes,
        created_at=org.created_at,
        updated_at=org.updated_at,
        contacts=_contacts(session, org_id),
        visits=visit_history(session, org_id),
        visit_count=visit_count or 0,
    )


def list_staff(session: Session, *, include_inactive: bool = False) -> list[StaffOption]:
    """Staff members for combo boxes, by name."""
    stmt = select(StaffUser.id, StaffUser.name, StaffUser.active).where(StaffUser.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(StaffUser.active.is_(True))
    stmt = stmt.order_by(StaffUser.name, StaffUser.id)
    return [StaffOption(sid, name, bool(active)) for sid, name, active in session.execute(stmt)]


def organization_of_contact(session: Session, contact_id: str) -> str | None:
    """The organization a contact belongs to (None when the contact is unknown)."""
    return session.scalar(select(Contact.organization_id).where(Contact.id == contact_id))


def organization_name(session: Session, org_id: str) -> str | None:
    return session.scalar(select(Organization.name).where(Organization.id == org_id))
