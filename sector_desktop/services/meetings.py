"""Meetings of a partnership: scheduling, the agenda, and the live minutes (attendance, notes,
decisions and action items). Each function takes a write session; bad input raises ValidationError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.models import (
    ActionItem,
    AgendaItem,
    Contact,
    Decision,
    Meeting,
    MeetingAttendance,
    Organization,
    SectorPartnership,
    StaffUser,
    Workgroup,
    utcnow,
)
from sector_desktop.models.choices import MEETING_STATUSES, MEETING_TYPES, codes

from .agenda_templates import AgendaTemplate
from .invitations import link_attendance
from .records import live_record, refuse_if


@dataclass(frozen=True)
class MeetingInput:
    partnership_id: str
    title: str
    starts_at: dt.datetime
    meeting_type: str = "workgroup"
    workgroup_id: str | None = None
    duration_minutes: int | None = 90
    location: str | None = None
    video_link: str | None = None
    facilitator_id: str | None = None
    notes: str | None = None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def validate_meeting(session: Session, data: MeetingInput) -> list[str]:
    problems: list[str] = []
    p = session.get(SectorPartnership, data.partnership_id) if data.partnership_id else None
    if p is None or p.deleted_at is not None:
        problems.append("Partnership: choose a partnership.")
    title = _clean(data.title)
    if not title:
        problems.append("Title: required.")
    elif len(title) > 300:
        problems.append("Title: at most 300 characters.")
    if data.meeting_type not in codes(MEETING_TYPES):
        problems.append(f"Type: {data.meeting_type!r} is not one of {', '.join(codes(MEETING_TYPES))}.")
    if data.workgroup_id:
        wg = session.get(Workgroup, data.workgroup_id)
        if wg is None or wg.partnership_id != data.partnership_id or wg.deleted_at is not None:
            problems.append("Workgroup: choose one of the partnership's workgroups.")
    if data.duration_minutes is not None and not 0 < data.duration_minutes <= 24 * 60:
        problems.append("Duration: between 1 minute and 24 hours.")
    link = _clean(data.video_link)
    if link and not link.lower().startswith(("http://", "https://")):
        problems.append("Video link: a web address starting with https://.")
    if not _clean(data.location) and not link:
        problems.append("Location: give a place or a video link.")
    if data.facilitator_id and session.get(StaffUser, data.facilitator_id) is None:
        problems.append("Facilitator: choose a staff member.")
    return problems


def _apply(m: Meeting, data: MeetingInput) -> None:
    m.partnership_id = data.partnership_id
    m.workgroup_id = data.workgroup_id or None
    m.meeting_type = data.meeting_type
    m.title = _clean(data.title) or ""
    m.starts_at = data.starts_at
    m.ends_at = (
        data.starts_at + dt.timedelta(minutes=data.duration_minutes) if data.duration_minutes else None
    )
    m.location = _clean(data.location)
    m.video_link = _clean(data.video_link)
    m.facilitator_id = data.facilitator_id or None
    m.notes = _clean(data.notes)


def schedule_meeting(session: Session, data: MeetingInput, template: AgendaTemplate | None = None) -> str:
    """Create a planned meeting, with the template's agenda when one is given."""
    refuse_if("meeting", validate_meeting(session, data))
    m = Meeting(status="planned")
    _apply(m, data)
    session.add(m)
    session.flush()
    if template is not None:
        apply_template(session, m.id, template)
    return m.id


def update_meeting(session: Session, meeting_id: str, data: MeetingInput) -> None:
    m = live_record(session, Meeting, meeting_id, "meeting")
    refuse_if("meeting", validate_meeting(session, data))
    _apply(m, data)


def set_meeting_status(session: Session, meeting_id: str, status: str) -> None:
    if status not in codes(MEETING_STATUSES):
        refuse_if("meeting", [f"Status: {status!r} is not one of {', '.join(codes(MEETING_STATUSES))}."])
    live_record(session, Meeting, meeting_id, "meeting").status = status


# -- agenda --------------------------------------------------------------------------------------


def _agenda(session: Session, meeting_id: str) -> list[AgendaItem]:
    stmt = (
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return list(session.scalars(stmt))


def _check_item(title: str, minutes_allotted: int | None) -> None:
    problems: list[str] = []
    if not _clean(title):
        problems.append("Title: required.")
    if minutes_allotted is not None and not 0 < minutes_allotted <= 600:
        problems.append("Minutes allotted: between 1 and 600.")
    refuse_if("agenda item", problems)


def add_agenda_item(
    session: Session,
    meeting_id: str,
    title: str,
    presenter: str | None = None,
    minutes_allotted: int | None = None,
) -> str:
    """Append an item to the end of the agenda."""
    live_record(session, Meeting, meeting_id, "meeting")
    _check_item(title, minutes_allotted)
    last = session.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None)
        )
    )
    item = AgendaItem(
        meeting_id=meeting_id,
        position=(last if last is not None else -1) + 1,
        title=_clean(title) or "",
        presenter=_clean(presenter),
        minutes_allotted=minutes_allotted,
    )
    session.add(item)
    session.flush()
    return item.id


def update_agenda_item(
    session: Session, item_id: str, title: str, presenter: str | None, minutes_allotted: int | None
) -> None:
    _check_item(title, minutes_allotted)
    item = live_record(session, AgendaItem, item_id, "agenda item")
    item.title, item.presenter, item.minutes_allotted = (
        _clean(title) or "",
        _clean(presenter),
        minutes_allotted,
    )


def remove_agenda_item(session: Session, item_id: str) -> None:
    item = live_record(session, AgendaItem, item_id, "agenda item")
    item.deleted_at = utcnow()
    reorder_agenda(
        session, item.meeting_id, [a.id for a in _agenda(session, item.meeting_id) if a.id != item_id]
    )


def reorder_agenda(session: Session, meeting_id: str, ordered_ids: list[str]) -> None:
    """Put the agenda in this order; the ids must be exactly the meeting's items."""
    items = {a.id: a for a in _agenda(session, meeting_id)}
    if sorted(ordered_ids) != sorted(items):
        refuse_if("agenda order", ["Order: list every item of the agenda exactly once."])
    for pos, item_id in enumerate(ordered_ids):
        if items[item_id].position != pos:
            items[item_id].position = pos


def move_agenda_item(session: Session, item_id: str, delta: int) -> None:
    """Move an item up (negative delta) or down; moving past either end leaves it at that end."""
    item = live_record(session, AgendaItem, item_id, "agenda item")
    ids = [a.id for a in _agenda(session, item.meeting_id)]
    i = ids.index(item_id)
    j = max(0, min(len(ids) - 1, i + delta))
    ids.insert(j, ids.pop(i))
    reorder_agenda(session, item.meeting_id, ids)


def apply_template(session: Session, meeting_id: str, template: AgendaTemplate) -> list[str]:
    """Append the template's items to the meeting's agenda (the user edits them afterwards)."""
    return [add_agenda_item(session, meeting_id, t.title, t.presenter, t.minutes) for t in template.items]


# -- live minutes --------------------------------------------------------------------------------


def save_minutes(session: Session, agenda_item_id: str, text: str) -> None:
    """Store the notes typed under an agenda item (called by the editor's autosave)."""
    item = live_record(session, AgendaItem, agenda_item_id, "agenda item")
    if item.minutes != text:
        item.minutes = text


def _attendance_for(session: Session, meeting_id: str, contact_id: str) -> MeetingAttendance | None:
    return session.scalar(
        select(MeetingAttendance).where(
            MeetingAttendance.meeting_id == meeting_id,
            MeetingAttendance.contact_id == contact_id,
            MeetingAttendance.deleted_at.is_(None),
        )
    )


def _held_when_attended(meeting: Meeting) -> None:
    # Someone in the room means the meeting is happening: a planned one that has started is held.
    if meeting.status == "planned" and meeting.starts_at <= utcnow() + dt.timedelta(hours=1):
        meeting.status = "held"


def set_attendance(session: Session, meeting_id: str, contact_id: str, present: bool) -> str:
    """Mark a roster contact present or absent. Business = the contact's organization is an employer."""
    meeting = live_record(session, Meeting, meeting_id, "meeting")
    contact = live_record(session, Contact, contact_id, "contact")
    kind = session.scalar(select(Organization.kind).where(Organization.id == contact.organization_id))
    row = _attendance_for(session, meeting_id, contact_id)
    if row is None:
        row = MeetingAttendance(meeting_id=meeting_id, contact_id=contact_id)
        session.add(row)
    row.organization_id = contact.organization_id
    row.is_business = kind == "employer"
    row.status = "present" if present else "absent"
    link_attendance(session, row)
    if present:
        _held_when_attended(meeting)
    session.flush()
    return row.id


def add_guest(
    session: Session, meeting_id: str, name: str, organization: str | None = None, is_business: bool = False
) -> str:
    """Record someone not on the roster who came (a guest added on the spot)."""
    meeting = live_record(session, Meeting, meeting_id, "meeting")
    problems: list[str] = []
    if not _clean(name):
        problems.append("Guest name: required.")
    elif len(name.strip()) > 200:
        problems.append("Guest name: at most 200 characters.")
    refuse_if("guest", problems)
    row = MeetingAttendance(
        meeting_id=meeting_id,
        guest_name=_clean(name),
        guest_organization=_clean(organization),
        is_business=is_business,
        status="guest",
    )
    session.add(row)
    _held_when_attended(meeting)
    session.flush()
    return row.id


def set_guest_present(session: Session, attendance_id: str, present: bool) -> None:
    """Un-tick a guest added by mistake (absent), or tick them again."""
    attendance = live_record(session, MeetingAttendance, attendance_id, "attendance")
    attendance.status = "guest" if present else "absent"


def add_decision(session: Session, meeting_id: str, text: str, agenda_item_id: str | None = None) -> str:
    live_record(session, Meeting, meeting_id, "meeting")
    if not _clean(text):
        refuse_if("decision", ["Decision: type what was decided."])
    d = Decision(meeting_id=meeting_id, text=_clean(text) or "", agenda_item_id=agenda_item_id or None)
    session.add(d)
    session.flush()
    return d.id


def update_decision(session: Session, decision_id: str, text: str) -> None:
    """Reword a decision (a typo caught in the room, or a sharper wording afterwards)."""
    decision = live_record(session, Decision, decision_id, "decision")
    if not _clean(text):
        refuse_if("decision", ["Decision: type what was decided."])
    decision.text = _clean(text) or ""


def remove_decision(session: Session, decision_id: str) -> None:
    """Take a decision off the minutes (a tombstone, so undo and sync can bring it back)."""
    live_record(session, Decision, decision_id, "decision").deleted_at = utcnow()


@dataclass(frozen=True)
class Owner:
    kind: str  # "staff" or "contact"
    id: str


def add_meeting_action_item(
    session: Session,
    meeting_id: str,
    text: str,
    owner: Owner | None,
    due_date: dt.date | None,
    agenda_item_id: str | None = None,
) -> str:
    """An action item from a meeting, owned by a staff member or an attendee, tied to the partnership."""
    meeting = live_record(session, Meeting, meeting_id, "meeting")
    problems: list[str] = []
    if not _clean(text):
        problems.append("Action item: type what needs doing.")
    org_id = None
    if owner is not None:
        if owner.kind == "staff":
            if session.get(StaffUser, owner.id) is None:
                problems.append("Owner: choose a staff member or an attendee.")
        elif owner.kind == "contact":
            contact = session.get(Contact, owner.id)
            if contact is None:
                problems.append("Owner: choose a staff member or an attendee.")
            else:
                org_id = contact.organization_id
        else:
            problems.append(f"Owner: unknown kind {owner.kind!r}.")
    refuse_if("action item", problems)
    item = ActionItem(
        text=_clean(text) or "",
        owner_staff_id=owner.id if owner and owner.kind == "staff" else None,
        owner_contact_id=owner.id if owner and owner.kind == "contact" else None,
        due_date=due_date,
        status="open",
        organization_id=org_id,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id or None,
        partnership_id=meeting.partnership_id,
    )
    session.add(item)
    session.flush()
    return item.id
