"""The data of a meeting's agenda, sign-in sheet and minutes. No contact's e-mail or phone is printed:
the sheets go round the room, and people write their own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.models import Meeting
from sector_desktop.models.choices import ACTION_ITEM_STATUSES, MEETING_TYPES, label
from sector_desktop.reports.data import AgendaLine, AttendeeLine, FollowUp, MeetingPaperwork
from sector_desktop.store.invitations import invitations_of
from sector_desktop.store.meetings import get_meeting_detail


def meeting_paperwork(session: Session, meeting_id: str) -> MeetingPaperwork:
    m = get_meeting_detail(session, meeting_id)
    roster = [AttendeeLine(a.name, a.organization_name or "", a.status, a.is_business) for a in m.attendance]
    return MeetingPaperwork(
        meeting_id=m.id,
        title=m.title,
        partnership=m.partnership_name,
        workgroup=m.workgroup_name or "",
        meeting_type=label(MEETING_TYPES, m.meeting_type),
        when=f"{timefmt.long_date(m.starts_at)}, {timefmt.time_range(m.starts_at, m.ends_at)}",
        location=m.location or "",
        video_link=m.video_link or "",
        facilitator=m.facilitator_name or "",
        agenda=[
            # Positions are stored from 0; people number agenda items from 1.
            AgendaLine(i, a.title, a.presenter or "", a.minutes_allotted, a.minutes or "")
            for i, a in enumerate(m.agenda, start=1)
        ],
        roster=roster,
        decisions=[d.text for d in m.decisions],
        action_items=[
            FollowUp(
                i.text,
                i.owner_name or "",
                timefmt.date(i.due_date),
                label(ACTION_ITEM_STATUSES, i.status),
                False,
            )
            for i in m.action_items
        ],
        business_count=m.headcount.business,
        partner_count=m.headcount.partners,
        generated=timefmt.stamp(clock.now()),
        accepted=_accepted(session, meeting_id),
        next_meeting=next_meeting(session, m.partnership_id, m.workgroup_id, m.starts_at),
    )


def _accepted(session: Session, meeting_id: str) -> list[AttendeeLine] | None:
    """The invitees who accepted, for the sign-in sheet; None when nobody was invited."""
    invited = invitations_of(session, meeting_id)
    if not invited:
        return None
    return [
        AttendeeLine(r.name or r.organization, r.organization if r.name else "", r.status, r.is_employer)
        for r in invited
        if r.status == "accepted"
    ]


def next_meeting(session: Session, partnership_id: str, workgroup_id: str | None, after: dt.datetime) -> str:
    """The partnership's next meeting after `after` (of the same workgroup, when the meeting belongs to
    one; planned or held, never cancelled), as the minutes print it: 'Tue, Dec 8, 2026, 3:00 PM–4:30 PM,
    Room 4'; '' for none."""
    query = select(Meeting).where(
        Meeting.partnership_id == partnership_id,
        Meeting.starts_at > after,
        Meeting.status != "cancelled",
        Meeting.deleted_at.is_(None),
    )
    if workgroup_id:
        query = query.where(Meeting.workgroup_id == workgroup_id)
    found = session.scalars(query.order_by(Meeting.starts_at).limit(1)).first()
    if found is None:
        return ""
    when = f"{timefmt.long_date(found.starts_at)}, {timefmt.time_range(found.starts_at, found.ends_at)}"
    return ", ".join(x for x in (when, found.location or found.video_link) if x)
