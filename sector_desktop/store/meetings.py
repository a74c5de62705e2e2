"""Read queries for meetings: windowed lists (upcoming or past), one meeting with its minutes, headcounts.

Everything returned is a plain dataclass, so results can cross threads and outlive the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound
from sector_desktop.models import (
    ActionItem,
    AgendaItem,
    Contact,
    Decision,
    Meeting,
    MeetingAttendance,
    MemberRepresentative,
    Organization,
    PartnershipMember,
    SectorPartnership,
    StaffUser,
    Workgroup,
    utcnow,
)

from . import paging
from .paging import Key, SortColumn, keys

# Attendance statuses that mean "was in the room".
ATTENDED = ("present", "guest")
# A meeting that started this recently is still "upcoming": it may be going on now.
UPCOMING_GRACE = dt.timedelta(hours=3)
PARTNERSHIP_MEETINGS_LIMIT = 200


@dataclass(frozen=True)
class MeetingFilter:
    when: str = "upcoming"  # "upcoming" (soonest first) or "past" (newest first)
    partnership_id: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Headcount:
    """Who came: business representatives against public and nonprofit partners."""

    business: int
    partners: int

    @property
    def employer_led(self) -> bool:
        return self.business > self.partners


@dataclass(frozen=True)
class MeetingRow:
    id: str
    title: str
    starts_at: dt.datetime
    meeting_type: str
    status: str
    partnership_name: str
    workgroup_name: str | None
    location: str | None
    headcount: Headcount


@dataclass(frozen=True)
class AgendaItemRow:
    id: str
    position: int
    title: str
    presenter: str | None
    minutes_allotted: int | None
    minutes: str | None


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance checklist: a roster representative or a guest."""

    contact_id: str | None
    attendance_id: str | None
    name: str
    organization_name: str | None
    role: str | None  # the member's role on the roster; None for guests
    is_business: bool
    status: str  # "present", "absent" or "guest"

    @property
    def is_guest(self) -> bool:
        return self.contact_id is None or self.role is None

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED


@dataclass(frozen=True)
class DecisionRow:
    id: str
    text: str
    agenda_item_id: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class MeetingActionItemRow:
    id: str
    text: str
    owner_name: str | None
    due_date: dt.date | None
    status: str
    agenda_item_id: str | None


@dataclass(frozen=True)
class OwnerOption:
    """Someone who can own a meeting action item: a staff member or a contact who attended."""

    kind: str  # "staff" or "contact"
    id: str
    label: str


@dataclass(frozen=True)
class MeetingDetail:
    id: str
    partnership_id: str
    partnership_name: str
    workgroup_id: str | None
    workgroup_name: str | None
    meeting_type: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str | None
    video_link: str | None
    facilitator_id: str | None
    facilitator_name: str | None
    status: str
    notes: str | None
    agenda: list[AgendaItemRow]
    attendance: list[AttendanceRow]
    decisions: list[DecisionRow]
    action_items: list[MeetingActionItemRow]
    headcount: Headcount
    series_id: str | None = None
    series_rule: str | None = None
    later_in_series: int = 0  # planned occurrences of its series after it


@dataclass(frozen=True)
class MeetingLine:
    """One meeting as `meetings list` prints it."""

    id: str
    title: str
    partnership_name: str
    workgroup_name: str | None
    meeting_type: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str | None
    video_link: str | None
    series_id: str | None


@dataclass(frozen=True)
class NamedOption:
    id: str
    name: str


def _headcount_columns() -> tuple[Any, Any]:
    attended = and_(
        MeetingAttendance.meeting_id == Meeting.id,
        MeetingAttendance.deleted_at.is_(None),
        MeetingAttendance.status.in_(ATTENDED),
    )

    def count(business: bool) -> Any:
        return (
            select(func.count())
            .select_from(MeetingAttendance)
            .where(attended, MeetingAttendance.is_business.is_(business))
            .correlate(Meeting)
            .scalar_subquery()
        )

    return count(True), count(False)


def _row_select(business: Any = None, partners: Any = None) -> Select:
    if business is None or partners is None:
        business, partners = _headcount_columns()
    return (
        select(
            Meeting.id,
            Meeting.title,
            Meeting.starts_at,
            Meeting.meeting_type,
            Meeting.status,
            SectorPartnership.name,
            Workgroup.name,
            Meeting.location,
            business,
            partners,
        )
        .join(SectorPartnership, SectorPartnership.id == Meeting.partnership_id)
        .outerjoin(Workgroup, Workgroup.id == Meeting.workgroup_id)
        .where(Meeting.deleted_at.is_(None))
    )


def _to_row(r: Sequence[Any]) -> MeetingRow:
    id_, title, starts_at, meeting_type, status, partnership, workgroup, location, business, partners = r
    return MeetingRow(
        id_,
        title,
        starts_at,
        meeting_type,
        status,
        partnership,
        workgroup,
        location,
        Headcount(business or 0, partners or 0),
    )


def _apply_filter(stmt: Select, f: MeetingFilter, now: dt.datetime) -> Select:
    cutoff = now - UPCOMING_GRACE
    stmt = (
        stmt.where(Meeting.starts_at >= cutoff)
        if f.when == "upcoming"
        else stmt.where(Meeting.starts_at < cutoff)
    )
    if f.partnership_id:
        stmt = stmt.where(Meeting.partnership_id == f.partnership_id)
    text = f.text.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Meeting.title.like(f"%{escaped}%", escape="\\"))
    return stmt


def count_meetings(session: Session, f: MeetingFilter, now: dt.datetime | None = None) -> int:
    stmt = select(func.count()).select_from(Meeting).where(Meeting.deleted_at.is_(None))
    return session.scalar(_apply_filter(stmt, f, now or utcnow())) or 0


# The sort keys the meeting list understands (its columns, in order).
SORT_KEYS = ("starts_at", "title", "partnership", "type", "status", "attendance")


def _sort_keys(sort: str, business: Any) -> tuple[Key, ...]:
    """The sort's columns: the chosen one, then the time, then the id (unique)."""
    first: dict[str, list[SortColumn]] = {
        "starts_at": [],
        "title": [Meeting.title],
        "partnership": [SectorPartnership.name],
        "type": [Meeting.meeting_type],
        "status": [Meeting.status],
        "attendance": [business],
    }
    return keys(*first[sort], Meeting.starts_at, Meeting.id)


def _cursor(row: MeetingRow, sort: str) -> tuple[Any, ...]:
    """The values of `_sort_keys` for `row`."""
    first: dict[str, tuple[Any, ...]] = {
        "starts_at": (),
        "title": (row.title,),
        "partnership": (row.partnership_name,),
        "type": (row.meeting_type,),
        "status": (row.status,),
        "attendance": (row.headcount.business,),
    }
    return (*first[sort], row.starts_at, row.id)


def list_meetings(
    session: Session,
    f: MeetingFilter,
    *,
    sort: str = "starts_at",
    descending: bool | None = None,
    after: MeetingRow | None = None,
    limit: int = 100,
    now: dt.datetime | None = None,
) -> list[MeetingRow]:
    """One window of meetings, continuing after the row `after` (keyset paging). By default upcoming
    ones come soonest first and past ones newest first; ties are broken by time, then id."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    if descending is None:
        descending = f.when != "upcoming"
    business, partners = _headcount_columns()
    stmt = _apply_filter(_row_select(business, partners), f, now or utcnow())
    cursor = None if after is None else _cursor(after, sort)
    stmt = paging.window(stmt, _sort_keys(sort, business), descending=descending, cursor=cursor, limit=limit)
    return [_to_row(r) for r in session.execute(stmt)]


def meeting_rows_for_partnership(session: Session, partnership_id: str, now: dt.datetime) -> list[MeetingRow]:
    """The partnership's meetings: upcoming ones (soonest first), then past ones (newest first)."""
    stmt = _row_select().where(Meeting.partnership_id == partnership_id)
    upcoming = stmt.where(Meeting.starts_at >= now).order_by(Meeting.starts_at.asc())
    past = stmt.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    rows = [_to_row(r) for r in session.execute(upcoming.limit(PARTNERSHIP_MEETINGS_LIMIT))]
    rows += [_to_row(r) for r in session.execute(past.limit(PARTNERSHIP_MEETINGS_LIMIT))]
    return rows


def most_recent_meeting_id(session: Session, now: dt.datetime | None = None) -> str | None:
    """The meeting that started last, up to now (the one whose minutes are being or were just taken)."""
    stmt = (
        select(Meeting.id)
        .where(
            Meeting.deleted_at.is_(None),
            Meeting.status != "cancelled",
            Meeting.starts_at <= (now or utcnow()),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def agenda_of(session: Session, meeting_id: str) -> list[AgendaItemRow]:
    stmt = (
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return [
        AgendaItemRow(a.id, a.position, a.title, a.presenter, a.minutes_allotted, a.minutes)
        for a in session.scalars(stmt)
    ]


def attendance_of(session: Session, meeting_id: str, partnership_id: str) -> list[AttendanceRow]:
    """The roster's representatives (with their recorded status), then guests in the order added."""
    recorded = {
        a.contact_id: a
        for a in session.scalars(
            select(MeetingAttendance).where(
                MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.deleted_at.is_(None)
            )
        )
        if a.contact_id is not None
    }
    roster_stmt = (
        select(Contact.id, Contact.name, Organization.name, Organization.kind, PartnershipMember.role)
        .select_from(MemberRepresentative)
        .join(PartnershipMember, PartnershipMember.id == MemberRepresentative.member_id)
        .join(Contact, Contact.id == MemberRepresentative.contact_id)
        .join(Organization, Organization.id == Contact.organization_id)
        .where(
            PartnershipMember.partnership_id == partnership_id,
            PartnershipMember.deleted_at.is_(None),
            MemberRepresentative.deleted_at.is_(None),
            Contact.deleted_at.is_(None),
        )
        .order_by(Organization.kind != "employer", Organization.name, Contact.name)
    )
    rows: list[AttendanceRow] = []
    seen: set[str] = set()
    for cid, name, org, kind, role in session.execute(roster_stmt):
        if cid in seen:
            continue
        seen.add(cid)
        a = recorded.get(cid)
        rows.append(
            AttendanceRow(
                cid, a.id if a else None, name, org, role, kind == "employer", a.status if a else "absent"
            )
        )
    guest_stmt = (
        select(MeetingAttendance, Contact.name, Organization.name)
        .outerjoin(Contact, Contact.id == MeetingAttendance.contact_id)
        .outerjoin(Organization, Organization.id == MeetingAttendance.organization_id)
        .where(MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.deleted_at.is_(None))
        .order_by(MeetingAttendance.created_at, MeetingAttendance.id)
    )
    for a, cname, oname in session.execute(guest_stmt):
        if a.contact_id in seen:
            continue
        name = a.guest_name or cname or "Guest"
        org = a.guest_organization or oname
        rows.append(AttendanceRow(a.contact_id, a.id, name, org, None, bool(a.is_business), a.status))
    return rows


def headcount_of(session: Session, meeting_id: str) -> Headcount:
    stmt = select(
        func.sum(case((MeetingAttendance.is_business.is_(True), 1), else_=0)),
        func.sum(case((MeetingAttendance.is_business.is_(True), 0), else_=1)),
    ).where(
        MeetingAttendance.meeting_id == meeting_id,
        MeetingAttendance.deleted_at.is_(None),
        MeetingAttendance.status.in_(ATTENDED),
    )
    business, partners = session.execute(stmt).one()
    return Headcount(business or 0, partners or 0)


def decisions_of(session: Session, meeting_id: str) -> list[DecisionRow]:
    stmt = (
        select(Decision)
        .where(Decision.meeting_id == meeting_id, Decision.deleted_at.is_(None))
        .order_by(Decision.created_at, Decision.id)
    )
    return [DecisionRow(d.id, d.text, d.agenda_item_id, d.created_at) for d in session.scalars(stmt)]


def action_items_of(session: Session, meeting_id: str) -> list[MeetingActionItemRow]:
    owner = func.coalesce(StaffUser.name, Contact.name)
    stmt = (
        select(
            ActionItem.id,
            ActionItem.text,
            owner,
            ActionItem.due_date,
            ActionItem.status,
            ActionItem.agenda_item_id,
        )
        .outerjoin(StaffUser, StaffUser.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .where(ActionItem.meeting_id == meeting_id, ActionItem.deleted_at.is_(None))
        .order_by(ActionItem.created_at, ActionItem.id)
    )
    return [MeetingActionItemRow(*r) for r in session.execute(stmt)]


def get_meeting_detail(session: Session, meeting_id: str) -> MeetingDetail:
    """One meeting with agenda, attendance, decisions and action items. NotFound when unknown."""
    m = session.get(Meeting, meeting_id)
    if m is None or m.deleted_at is not None:
        raise NotFound(f"No meeting with id {meeting_id}.")
    partnership_name = session.scalar(
        select(SectorPartnership.name).where(SectorPartnership.id == m.partnership_id)
    )
    workgroup_name = (
        session.scalar(select(Workgroup.name).where(Workgroup.id == m.workgroup_id))
        if m.workgroup_id
        else None
    )
    facilitator = (
        session.scalar(select(StaffUser.name).where(StaffUser.id == m.facilitator_id))
        if m.facilitator_id
        else None
    )
    return MeetingDetail(
        id=m.id,
        partnership_id=m.partnership_id,
        partnership_name=partnership_name or "",
        workgroup_id=m.workgroup_id,
        workgroup_name=workgroup_name,
        meeting_type=m.meeting_type,
        title=m.title,
        starts_at=m.starts_at,
        ends_at=m.ends_at,
        location=m.location,
        video_link=m.video_link,
        facilitator_id=m.facilitator_id,
        facilitator_name=facilitator,
        status=m.status,
        notes=m.notes,
        agenda=agenda_of(session, m.id),
        attendance=attendance_of(session, m.id, m.partnership_id),
        decisions=decisions_of(session, m.id),
        action_items=action_items_of(session, m.id),
        headcount=headcount_of(session, m.id),
        series_id=m.series_id,
        series_rule=m.series_rule,
        later_in_series=_later_in_series(session, m),
    )


def _later_in_series(session: Session, m: Meeting) -> int:
    if not m.series_id:
        return 0
    stmt = select(func.count()).where(
        Meeting.series_id == m.series_id,
        Meeting.deleted_at.is_(None),
        Meeting.status == "planned",
        Meeting.starts_at > m.starts_at,
    )
    return session.scalar(stmt) or 0


def meetings_between(session: Session, start: dt.datetime, end: dt.datetime | None) -> list[MeetingLine]:
    """Every live meeting starting in [start, end) (stored instants; end None: no limit), in time order."""
    stmt = (
        select(Meeting, SectorPartnership.name, Workgroup.name)
        .join(SectorPartnership, SectorPartnership.id == Meeting.partnership_id)
        .outerjoin(Workgroup, Workgroup.id == Meeting.workgroup_id)
        .where(Meeting.deleted_at.is_(None), Meeting.starts_at >= start)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if end is not None:
        stmt = stmt.where(Meeting.starts_at < end)
    lines = []
    for m, partnership, workgroup in session.execute(stmt):
        lines.append(
            MeetingLine(
                id=m.id,
                title=m.title,
                partnership_name=partnership,
                workgroup_name=workgroup,
                meeting_type=m.meeting_type,
                status=m.status,
                starts_at=m.starts_at,
                ends_at=m.ends_at,
                location=m.location,
                video_link=m.video_link,
                series_id=m.series_id,
            )
        )
    return lines


def owner_options(session: Session, meeting_id: str) -> list[OwnerOption]:
    """Who can own an action item: the contacts who attended (by name), then active staff."""
    stmt = (
        select(Contact.id, Contact.name, Organization.name)
        .join(MeetingAttendance, MeetingAttendance.contact_id == Contact.id)
        .join(Organization, Organization.id == Contact.organization_id)
        .where(
            MeetingAttendance.meeting_id == meeting_id,
            MeetingAttendance.deleted_at.is_(None),
            MeetingAttendance.status.in_(ATTENDED),
        )
        .order_by(Contact.name)
    )
    options = [OwnerOption("contact", cid, f"{name} ({org})") for cid, name, org in session.execute(stmt)]
    staff = select(StaffUser.id, StaffUser.name).where(
        StaffUser.deleted_at.is_(None), StaffUser.active.is_(True)
    )
    options += [
        OwnerOption("staff", sid, f"{name} (staff)")
        for sid, name in session.execute(staff.order_by(StaffUser.name))
    ]
    return options


def partnership_options(session: Session) -> list[NamedOption]:
    stmt = select(SectorPartnership.id, SectorPartnership.name).where(SectorPartnership.deleted_at.is_(None))
    return [NamedOption(*r) for r in session.execute(stmt.order_by(SectorPartnership.name))]


def workgroup_options(session: Session, partnership_id: str) -> list[NamedOption]:
    stmt = select(Workgroup.id, Workgroup.name).where(
        Workgroup.partnership_id == partnership_id, Workgroup.deleted_at.is_(None), Workgroup.active.is_(True)
    )
    return [NamedOption(*r) for r in session.execute(stmt.order_by(Workgroup.name))]


def staff_options(session: Session) -> list[NamedOption]:
    stmt = select(StaffUser.id, StaffUser.name).where(
        StaffUser.deleted_at.is_(None), StaffUser.active.is_(True)
    )
    return [NamedOption(*r) for r in session.execute(stmt.order_by(StaffUser.name))]
