"""Queries behind the visit list and the visit detail: filtered, sorted windows and plain rows.

Everything returned here is a frozen dataclass, safe to hand to the UI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from sector_desktop import clock
from sector_desktop.errors import NotFound
from sector_desktop.models import (
    ActionItem,
    Contact,
    HiringNeed,
    Organization,
    SkillGap,
    StaffUser,
    Visit,
    VisitAttendee,
)

from . import paging
from .paging import Group, SortColumn, keys

# The sort keys the list understands, each mapped to its column below.
SORT_KEYS = ("starts_at", "organization", "sector", "visit_type", "status", "staff", "purpose")


@dataclass(frozen=True)
class VisitFilters:
    """What the visit list is narrowed to. `date_to` is inclusive; text matches part of the name."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    staff_id: str | None = None
    organization_id: str | None = None
    organization_text: str = ""
    sector: str | None = None
    visit_type: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class VisitRow:
    """One line of the visit list."""

    id: str
    starts_at: dt.datetime
    organization_id: str
    organization_name: str
    sector: str | None
    visit_type: str
    status: str
    staff_name: str | None
    purpose: str | None
    duration_minutes: int | None


@dataclass(frozen=True)
class Choice:
    """An id and the label a user sees for it (staff members, organizations, contacts)."""

    id: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class AttendeeRow:
    contact_id: str
    name: str
    title: str | None


@dataclass(frozen=True)
class HiringNeedRow:
    id: str
    occupation: str
    openings: int | None
    wage_min: float | None
    wage_max: float | None
    timeline: str | None


@dataclass(frozen=True)
class SkillGapRow:
    id: str
    skill: str
    notes: str | None


@dataclass(frozen=True)
class ActionItemRow:
    id: str
    text: str
    owner_staff_id: str | None
    owner_name: str | None
    due_date: dt.date | None
    status: str


@dataclass(frozen=True)
class VisitDetail:
    """A visit with everything recorded at it."""

    id: str
    organization_id: str
    organization_name: str
    sector: str | None
    starts_at: dt.datetime
    duration_minutes: int | None
    visit_type: str
    status: str
    staff_id: str | None
    staff_name: str | None
    purpose: str | None
    notes: str | None
    services: list[str] = field(default_factory=list)
    attendees: list[AttendeeRow] = field(default_factory=list)
    hiring_needs: list[HiringNeedRow] = field(default_factory=list)
    skill_gaps: list[SkillGapRow] = field(default_factory=list)
    action_items: list[ActionItemRow] = field(default_factory=list)
    updated_at: dt.datetime | None = None


def _filtered(stmt: Select, f: VisitFilters) -> Select:
    stmt = stmt.where(Visit.deleted_at.is_(None))
    # The dates are days on the profile's calendar; the stored times are UTC.
    if f.date_from is not None:
        stmt = stmt.where(Visit.starts_at >= clock.day_start(f.date_from))
    if f.date_to is not None:
        stmt = stmt.where(Visit.starts_at < clock.day_start(f.date_to + dt.timedelta(days=1)))
    if f.staff_id:
        stmt = stmt.where(Visit.staff_id == f.staff_id)
    if f.organization_id:
        stmt = stmt.where(Visit.organization_id == f.organization_id)
    if f.visit_type:
        stmt = stmt.where(Visit.visit_type == f.visit_type)
    if f.status:
        stmt = stmt.where(Visit.status == f.status)
    if f.sector:
        stmt = stmt.where(Organization.sector == f.sector)
    text = f.organization_text.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Organization.name.ilike(f"%{escaped}%", escape="\\"))
    return stmt


def _needs_organization(f: VisitFilters) -> bool:
    return bool(f.sector or f.organization_text.strip())


def count_visits(session: Session, filters: VisitFilters) -> int:
    """How many visits match the filters (for the list's header)."""
    stmt = select(func.count()).select_from(Visit)
    if _needs_organization(filters):
        stmt = stmt.join(Organization, Organization.id == Visit.organization_id)
    return session.scalar(_filtered(stmt, filters)) or 0


def _sort_columns(sort: str, staff: Any) -> list[SortColumn]:
    """The ORDER BY of a sort key, ending in unique columns so that windows can continue after a row."""
    then: list[SortColumn] = [Visit.starts_at, Visit.id]
    columns: dict[str, list[SortColumn]] = {
        "starts_at": then,
        # Organization id before visit id lets SQLite walk the name index instead of sorting every visit.
        "organization": [Organization.name, Organization.id, Visit.id],
        "sector": [func.coalesce(Organization.sector, ""), *then],
        "visit_type": [Visit.visit_type, *then],
        "status": [Visit.status, *then],
        "staff": [func.coalesce(staff.name, ""), *then],
        # '' written out, as migration 0021's index of the expression has it.
        "purpose": [func.coalesce(Visit.purpose, literal_column("''")), Visit.id],
    }
    return columns[sort]


def _cursor(row: VisitRow, sort: str) -> tuple:
    """The sort columns' values for `row`, in the order `_sort_columns` gives them."""
    then = (row.starts_at, row.id)
    return {
        "starts_at": then,
        "organization": (row.organization_name, row.organization_id, row.id),
        "sector": (row.sector or "", *then),
        "visit_type": (row.visit_type, *then),
        "status": (row.status, *then),
        "staff": (row.staff_name or "", *then),
        "purpose": (row.purpose or "", row.id),
    }[sort]


def list_visits(
    session: Session,
    filters: VisitFilters,
    *,
    sort: str = "starts_at",
    descending: bool = True,
    after: VisitRow | None = None,
    limit: int = 200,
) -> list[VisitRow]:
    """One window of the matching visits, sorted, continuing after the row `after` (keyset paging).

    Keyset paging keeps the hundredth window as quick as the first, where OFFSET would read and
    throw away every row before it.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")
    staff = aliased(StaffUser)
    stmt = (
        select(
            Visit.id,
            Visit.starts_at,
            Visit.organization_id,
            Organization.name,
            Organization.sector,
            Visit.visit_type,
            Visit.status,
            staff.name,
            Visit.purpose,
            Visit.duration_minutes,
        )
        .join(Organization, Organization.id == Visit.organization_id)
        .outerjoin(staff, staff.id == Visit.staff_id)
    )
    if after is None and sort == "organization":
        # A range on the name steers SQLite to the name index for the first window too.
        stmt = stmt.where(Organization.name <= "\U0010ffff" if descending else Organization.name >= "")
    cursor = None if after is None else _cursor(after, sort)
    filtered = _filtered(stmt, filters)
    if sort == "staff":  # one staff member at a time, each a seek (migration 0021)
        rest = keys(Visit.starts_at, Visit.id)
        groups = _staff_groups(session)
        rows = paging.grouped_window(
            session, filtered, groups, rest, descending=descending, cursor=cursor, limit=limit
        )
        return [VisitRow(*row) for row in rows]
    sort_keys = keys(*_sort_columns(sort, staff))
    if sort == "purpose":  # purposes repeat: the cursor's own purpose first, each part a seek
        rows = paging.seek_window(
            session, filtered, sort_keys, descending=descending, cursor=cursor, limit=limit
        )
        return [VisitRow(*row) for row in rows]
    page = paging.window(filtered, sort_keys, descending=descending, cursor=cursor, limit=limit)
    return [VisitRow(*row) for row in session.execute(page)]


def _staff_groups(session: Session) -> list[Group]:
    """The sort by staff as groups of staff ids, by name. A visit with no staff member, or one whose
    staff record sync has not brought yet, reads as an empty name (the plain sort's coalesce), so
    it sorts with any staff member named "" and first of all."""
    names: dict[str, list[str]] = {}
    for staff_id, name in session.execute(select(StaffUser.id, StaffUser.name)):
        names.setdefault(name or "", []).append(staff_id)
    known = {staff_id for ids in names.values() for staff_id in ids}
    column = Visit.staff_id
    dangling = [
        i for i in paging.distinct_values(session, column, Visit.deleted_at.is_(None)) if i not in known
    ]
    groups = [
        Group(name, column == ids[0] if len(ids) == 1 else column.in_(ids)) for name, ids in names.items()
    ]
    empty = [*names.get("", []), *dangling]
    blank = Group("", or_(column.is_(None), column.in_(empty)) if empty else column.is_(None))
    return [blank, *sorted((g for g in groups if g.value != ""), key=lambda g: str(g.value))]


def get_visit_detail(session: Session, visit_id: str) -> VisitDetail:
    """The visit and its attendees, hiring needs, skill gaps, services and follow-ups."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise NotFound(f"No visit with id {visit_id}.")
    org = session.get(Organization, visit.organization_id)
    staff = session.get(StaffUser, visit.staff_id) if visit.staff_id else None
    attendees = session.execute(
        select(Contact.id, Contact.name, Contact.title)
        .join(VisitAttendee, VisitAttendee.contact_id == Contact.id)
        .where(VisitAttendee.visit_id == visit_id, VisitAttendee.deleted_at.is_(None))
        .order_by(Contact.name)
    )
    needs = session.scalars(
        select(HiringNeed)
        .where(HiringNeed.visit_id == visit_id, HiringNeed.deleted_at.is_(None))
        .order_by(HiringNeed.created_at, HiringNeed.id)
    )
    gaps = session.scalars(
        select(SkillGap)
        .where(SkillGap.visit_id == visit_id, SkillGap.deleted_at.is_(None))
        .order_by(SkillGap.created_at, SkillGap.id)
    )
    owner = aliased(StaffUser)
    actions = session.execute(
        select(ActionItem, owner.name)
        .outerjoin(owner, owner.id == ActionItem.owner_staff_id)
        .where(ActionItem.visit_id == visit_id, ActionItem.deleted_at.is_(None))
        .order_by(ActionItem.created_at, ActionItem.id)
    )
    return VisitDetail(
        id=visit.id,
        organization_id=visit.organization_id,
        organization_name=org.name if org else "",
        sector=org.sector if org else None,
        starts_at=visit.starts_at,
        duration_minutes=visit.duration_minutes,
        visit_type=visit.visit_type,
        status=visit.status,
        staff_id=visit.staff_id,
        staff_name=staff.name if staff else None,
        purpose=visit.purpose,
        notes=visit.notes,
        services=list(visit.services or []),
        attendees=[AttendeeRow(*row) for row in attendees],
        hiring_needs=[
            HiringNeedRow(n.id, n.occupation, n.openings, n.wage_min, n.wage_max, n.timeline) for n in needs
        ],
        skill_gaps=[SkillGapRow(g.id, g.skill, g.notes) for g in gaps],
        action_items=[
            ActionItemRow(a.id, a.text, a.owner_staff_id, name, a.due_date, a.status) for a, name in actions
        ],
        updated_at=visit.updated_at,
    )


@dataclass(frozen=True)
class PlannedVisit:
    id: str
    starts_at: dt.datetime  # naive UTC
    staff_name: str | None
    purpose: str | None


def planned_visits(
    session: Session, organization_id: str, start: dt.datetime, end: dt.datetime
) -> list[PlannedVisit]:
    """Visits to the organization still planned in [start, end) (naive UTC), earliest first."""
    rows = session.execute(
        select(Visit.id, Visit.starts_at, StaffUser.name, Visit.purpose)
        .outerjoin(StaffUser, StaffUser.id == Visit.staff_id)
        .where(
            Visit.organization_id == organization_id,
            Visit.status == "planned",
            Visit.deleted_at.is_(None),
            Visit.starts_at >= start,
            Visit.starts_at < end,
        )
        .order_by(Visit.starts_at)
    )
    return [PlannedVisit(*row) for row in rows]


def staff_choices(session: Session, *, include_inactive: bool = False) -> list[Choice]:
    """The team, by name, for staff pickers and filters."""
    stmt = select(StaffUser.id, StaffUser.name).where(StaffUser.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(StaffUser.active.is_(True))
    return [Choice(i, name) for i, name in session.execute(stmt.order_by(StaffUser.name))]


def organization_choices(session: Session, text: str, *, limit: int = 25) -> list[Choice]:
    """Organizations whose name starts with, then contains, `text` (for the editor's picker)."""
    text = text.strip()
    base = select(Organization.id, Organization.name, Organization.city).where(
        Organization.deleted_at.is_(None)
    )
    if not text:
        rows = session.execute(base.order_by(Organization.name).limit(limit)).all()
    else:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        starts = session.execute(
            base.where(Organization.name.ilike(f"{escaped}%", escape="\\"))
            .order_by(Organization.name)
            .limit(limit)
        ).all()
        seen = {r[0] for r in starts}
        contains = session.execute(
            base.where(Organization.name.ilike(f"%{escaped}%", escape="\\"))
            .order_by(Organization.name)
            .limit(limit)
        ).all()
        rows = [*starts, *(r for r in contains if r[0] not in seen)]
    return [Choice(i, name, city or "") for i, name, city in rows[:limit]]


def organization_choice(session: Session, organization_id: str) -> Choice:
    org = session.get(Organization, organization_id)
    if org is None or org.deleted_at is not None:
        raise NotFound(f"No organization with id {organization_id}.")
    return Choice(org.id, org.name, org.city or "")


def contact_choices(session: Session, organization_id: str) -> list[Choice]:
    """The contacts of one organization, primary first, for the attendee checklist."""
    stmt = (
        select(Contact.id, Contact.name, Contact.title)
        .where(Contact.organization_id == organization_id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
    return [Choice(i, name, title or "") for i, name, title in session.execute(stmt)]
