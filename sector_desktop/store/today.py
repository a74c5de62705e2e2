"""Queries for the Today page and the calendar export: planned visits and meetings as a route list,
my overdue and due-soon action items, and the team's recent activity.

Every time here is an instant as stored (naive UTC, design rule 8); a day is a day on the profile's
calendar, turned into instants by `sector_desktop.clock`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from sector_desktop import clock
from sector_desktop.models import (
    ActionItem,
    AgendaItem,
    Contact,
    Meeting,
    Organization,
    SectorPartnership,
    StaffUser,
    Visit,
    VisitAttendee,
)
from sector_desktop.models.choices import MEETING_TYPES, VISIT_TYPES, label

from .action_items import WEEK_DAYS, ActionItemFilter, ActionItemRow, list_action_items
from .initiatives import OverdueMilestone, overdue_milestones

DEFAULT_VISIT_MINUTES = 60
DEFAULT_MEETING_MINUTES = 90
RECENT_DAYS = 7
RECENT_LIMIT = 20
ITEMS_LIMIT = 50


@dataclass(frozen=True)
class RouteStop:
    """One planned visit or meeting: where to be, when, and whom to ask for."""

    kind: str  # "visit" or "meeting"
    id: str
    starts_at: dt.datetime  # naive UTC
    ends_at: dt.datetime  # naive UTC
    title: str  # the organization's name, or the meeting's title
    type_label: str  # "Site visit", "Workgroup", ...
    organization_id: str | None
    organization_name: str | None
    address: str  # one line; empty when unknown
    video_link: str | None
    contact_name: str | None
    contact_phone: str | None
    purpose: str | None  # the visit's purpose, or the meeting's partnership / workgroup
    staff_name: str | None  # who goes (visit) or facilitates (meeting)
    partnership_name: str | None = None
    agenda: tuple[str, ...] = ()
    cancelled: bool = False  # cancelled or deleted (only when asked for, by the calendar export)
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class DayRoute:
    day: dt.date
    stops: list[RouteStop]


@dataclass(frozen=True)
class ActivityEntry:
    kind: str  # "visit", "meeting" or "action_item"
    id: str
    when: dt.datetime  # naive UTC, when the record last changed
    what: str  # "Visit logged", "Meeting held", "Action item done", ...
    title: str
    open_kind: str | None = None  # the record a click opens (an action item opens its source)
    open_id: str | None = None


@dataclass(frozen=True)
class TodayData:
    today: dt.date
    staff_id: str | None
    staff_name: str | None
    days: list[DayRoute]
    overdue: list[ActionItemRow]
    due_soon: list[ActionItemRow]
    recent: list[ActivityEntry] = field(default_factory=list)
    # Open milestones of initiatives due before today that this staff member owns (everyone's without one).
    overdue_milestones: list[OverdueMilestone] = field(default_factory=list)


def one_line_address(org: Organization | None) -> str:
    if org is None:
        return ""
    city_line = " ".join(p for p in (org.state, org.zip) if p)
    city_line = ", ".join(p for p in (org.city, city_line) if p)
    return ", ".join(p for p in (org.address_line1, org.address_line2, city_line) if p)


def _visit_contacts(session: Session, visit_ids: list[str]) -> dict[str, Contact]:
    """The first attendee of each visit, the person to ask for at the door."""
    if not visit_ids:
        return {}
    stmt = (
        select(VisitAttendee.visit_id, Contact)
        .join(Contact, Contact.id == VisitAttendee.contact_id)
        .where(VisitAttendee.visit_id.in_(visit_ids), VisitAttendee.deleted_at.is_(None))
        .order_by(VisitAttendee.created_at, VisitAttendee.id)
    )
    found: dict[str, Contact] = {}
    for visit_id, contact in session.execute(stmt):
        found.setdefault(visit_id, contact)
    return found


def _primary_contacts(session: Session, org_ids: set[str]) -> dict[str, Contact]:
    if not org_ids:
        return {}
    stmt = (
        select(Contact)
        .where(Contact.organization_id.in_(org_ids), Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
    found: dict[str, Contact] = {}
    for c in session.scalars(stmt):
        found.setdefault(c.organization_id, c)
    return found


def _plans(model: type[Visit] | type[Meeting], with_cancelled: bool) -> ColumnElement[bool]:
    """Planned records; with `with_cancelled`, also cancelled ones and planned ones since deleted."""
    planned = and_(model.deleted_at.is_(None), model.status == "planned")
    if not with_cancelled:
        return planned
    deleted_plan = and_(model.deleted_at.is_not(None), model.status == "planned")
    return or_(planned, model.status == "cancelled", deleted_plan)


def _is_cancelled(record: Visit | Meeting) -> bool:
    return record.deleted_at is not None or record.status == "cancelled"


def planned_visits(
    session: Session,
    start: dt.datetime,
    end: dt.datetime | None,
    staff_id: str | None,
    *,
    with_cancelled: bool = False,
) -> list[RouteStop]:
    """Planned visits starting in [start, end), for one staff member (None: everyone)."""
    staff = aliased(StaffUser)
    stmt = (
        select(Visit, Organization, staff.name)
        .join(Organization, Organization.id == Visit.organization_id)
        .outerjoin(staff, staff.id == Visit.staff_id)
        .where(_plans(Visit, with_cancelled), Visit.starts_at >= start)
        .order_by(Visit.starts_at, Visit.id)
    )
    if end is not None:
        stmt = stmt.where(Visit.starts_at < end)
    if staff_id is not None:
        stmt = stmt.where(Visit.staff_id == staff_id)
    rows = session.execute(stmt).all()
    attendees = _visit_contacts(session, [v.id for v, _o, _s in rows])
    primaries = _primary_contacts(session, {o.id for v, o, _s in rows if v.id not in attendees})
    stops = []
    for visit, org, staff_name in rows:
        contact = attendees.get(visit.id) or primaries.get(org.id)
        minutes = visit.duration_minutes or DEFAULT_VISIT_MINUTES
        stops.append(
            RouteStop(
                kind="visit",
                id=visit.id,
                starts_at=visit.starts_at,
                ends_at=visit.starts_at + dt.timedelta(minutes=minutes),
                title=org.name,
                type_label=label(VISIT_TYPES, visit.visit_type),
                organization_id=org.id,
                organization_name=org.name,
                address=one_line_address(org) if visit.visit_type == "site_visit" else "",
                video_link=None,
                contact_name=contact.name if contact else None,
                contact_phone=(contact.phone if contact and contact.phone else None) or org.phone,
                purpose=visit.purpose,
                staff_name=staff_name,
                cancelled=_is_cancelled(visit),
                updated_at=visit.updated_at,
            )
        )
    return stops


def planned_meetings(
    session: Session,
    start: dt.datetime,
    end: dt.datetime | None,
    staff_id: str | None,
    *,
    with_cancelled: bool = False,
) -> list[RouteStop]:
    """Planned meetings starting in [start, end) that a staff member facilitates, or that nobody
    facilitates yet (None: every meeting)."""
    facilitator = aliased(StaffUser)
    stmt = (
        select(Meeting, SectorPartnership.name, facilitator.name)
        .join(SectorPartnership, SectorPartnership.id == Meeting.partnership_id)
        .outerjoin(facilitator, facilitator.id == Meeting.facilitator_id)
        .where(_plans(Meeting, with_cancelled), Meeting.starts_at >= start)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if end is not None:
        stmt = stmt.where(Meeting.starts_at < end)
    if staff_id is not None:
        stmt = stmt.where(or_(Meeting.facilitator_id == staff_id, Meeting.facilitator_id.is_(None)))
    rows = session.execute(stmt).all()
    agendas = _agendas(session, [m.id for m, _p, _f in rows])
    stops = []
    for meeting, partnership_name, facilitator_name in rows:
        ends = meeting.ends_at
        if ends is None or ends <= meeting.starts_at:
            ends = meeting.starts_at + dt.timedelta(minutes=DEFAULT_MEETING_MINUTES)
        workgroup = meeting.workgroup.name if meeting.workgroup else None
        stops.append(
            RouteStop(
                kind="meeting",
                id=meeting.id,
                starts_at=meeting.starts_at,
                ends_at=ends,
                title=meeting.title,
                type_label=label(MEETING_TYPES, meeting.meeting_type),
                organization_id=None,
                organization_name=None,
                address=meeting.location or "",
                video_link=meeting.video_link,
                contact_name=facilitator_name,
                contact_phone=None,
                purpose=" · ".join(p for p in (partnership_name, workgroup) if p),
                staff_name=facilitator_name,
                partnership_name=partnership_name,
                agenda=tuple(agendas.get(meeting.id, ())),
                cancelled=_is_cancelled(meeting),
                updated_at=meeting.updated_at,
            )
        )
    return stops


def _agendas(session: Session, meeting_ids: list[str]) -> dict[str, list[str]]:
    if not meeting_ids:
        return {}
    stmt = (
        select(AgendaItem.meeting_id, AgendaItem.title)
        .where(AgendaItem.meeting_id.in_(meeting_ids), AgendaItem.deleted_at.is_(None))
        .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
    )
    found: dict[str, list[str]] = {}
    for meeting_id, title in session.execute(stmt):
        found.setdefault(meeting_id, []).append(title)
    return found


def planned_stops(
    session: Session,
    start: dt.datetime,
    end: dt.datetime | None,
    staff_id: str | None,
    *,
    team_meetings: bool = False,
    with_cancelled: bool = False,
) -> list[RouteStop]:
    """Planned visits and meetings in [start, end), in time order. With `team_meetings`, every
    planned meeting is included, not only those the staff member facilitates; with `with_cancelled`,
    the cancelled and deleted ones too (marked `cancelled`)."""
    who = None if team_meetings else staff_id
    meetings = planned_meetings(session, start, end, who, with_cancelled=with_cancelled)
    stops = planned_visits(session, start, end, staff_id, with_cancelled=with_cancelled) + meetings
    return sorted(stops, key=lambda s: (s.starts_at, s.kind, s.id))


def route_days(session: Session, today: dt.date, staff_id: str | None, days: int = 2) -> list[DayRoute]:
    """Today's and tomorrow's (by default) planned visits of a staff member, and the team's planned
    meetings (anyone on the team may attend a workgroup), each day in time order."""
    start, end = clock.days(today, today + dt.timedelta(days=days - 1))
    stops = planned_stops(session, start, end, staff_id, team_meetings=True)
    result = []
    for i in range(days):
        day = today + dt.timedelta(days=i)
        result.append(DayRoute(day, [s for s in stops if clock.local_day(s.starts_at) == day]))
    return result


def my_items(session: Session, today: dt.date, staff_id: str | None) -> tuple[list[ActionItemRow], ...]:
    """(overdue, due soon): open items the staff member owns (None: everyone's), by due date."""
    view = "mine" if staff_id else "open"
    overdue = ActionItemFilter(view=view, today=today, staff_id=staff_id, due_before=today)
    soon = ActionItemFilter(
        view=view, today=today, staff_id=staff_id, due_from=today, due_before=today + dt.timedelta(WEEK_DAYS)
    )
    return (
        list_action_items(session, overdue, limit=ITEMS_LIMIT),
        list_action_items(session, soon, limit=ITEMS_LIMIT),
    )


def recent_activity(session: Session, since: dt.datetime, limit: int = RECENT_LIMIT) -> list[ActivityEntry]:
    """Visits, meetings and action items that changed since `since` (naive UTC), newest first."""
    entries: list[ActivityEntry] = []
    visits = session.execute(
        select(Visit.id, Visit.updated_at, Visit.status, Organization.name)
        .join(Organization, Organization.id == Visit.organization_id)
        .where(Visit.deleted_at.is_(None), Visit.updated_at >= since)
        .order_by(Visit.updated_at.desc())
        .limit(limit)
    )
    visit_words = {"planned": "Visit planned", "completed": "Visit logged", "cancelled": "Visit cancelled"}
    for vid, when, status, org_name in visits:
        entries.append(ActivityEntry("visit", vid, when, visit_words.get(status, "Visit"), org_name))
    meetings = session.execute(
        select(Meeting.id, Meeting.updated_at, Meeting.status, Meeting.title)
        .where(Meeting.deleted_at.is_(None), Meeting.updated_at >= since)
        .order_by(Meeting.updated_at.desc())
        .limit(limit)
    )
    meeting_words = {"planned": "Meeting scheduled", "held": "Meeting held", "cancelled": "Meeting cancelled"}
    for mid, when, status, title in meetings:
        entries.append(ActivityEntry("meeting", mid, when, meeting_words.get(status, "Meeting"), title))
    entries.extend(_recent_items(session, since, limit))
    entries.sort(key=lambda e: (e.when, e.id), reverse=True)
    return entries[:limit]


def _recent_items(session: Session, since: dt.datetime, limit: int) -> list[ActivityEntry]:
    items = session.scalars(
        select(ActionItem)
        .where(ActionItem.deleted_at.is_(None), ActionItem.updated_at >= since)
        .order_by(ActionItem.updated_at.desc())
        .limit(limit)
    )
    words = {"done": "Action item done", "cancelled": "Action item cancelled"}
    out = []
    for a in items:
        what = words.get(a.status) or (
            "Action item added" if a.created_at >= since else "Action item changed"
        )
        kind, source = ("meeting", a.meeting_id) if a.meeting_id else ("visit", a.visit_id)
        out.append(
            ActivityEntry("action_item", a.id, a.updated_at, what, a.text, kind if source else None, source)
        )
    return out


def staff_name(session: Session, staff_id: str | None) -> str | None:
    if staff_id is None:
        return None
    return session.scalar(select(StaffUser.name).where(StaffUser.id == staff_id))


def today_data(
    session: Session, today: dt.date, staff_id: str | None, *, now: dt.datetime | None = None
) -> TodayData:
    """Everything the Today page shows. `now` (naive UTC) anchors recent activity; default: end of today."""
    anchor = now or clock.day_start(today + dt.timedelta(days=1))
    overdue, soon = my_items(session, today, staff_id)
    return TodayData(
        today=today,
        staff_id=staff_id,
        staff_name=staff_name(session, staff_id),
        days=route_days(session, today, staff_id),
        overdue=overdue,
        due_soon=soon,
        recent=recent_activity(session, anchor - dt.timedelta(days=RECENT_DAYS)),
        overdue_milestones=overdue_milestones(session, today, staff_id),
    )
