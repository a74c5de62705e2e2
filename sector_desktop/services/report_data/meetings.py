"""The data of a meeting's agenda, sign-in sheet and minutes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.models import Contact
from sector_desktop.models.choices import MEETING_TYPES, label
from sector_desktop.reports.data import AgendaLine, AttendeeLine, FollowUp, MeetingPaperwork
from sector_desktop.store.invitations import invitations_of
from sector_desktop.store.meetings import get_meeting_detail


def meeting_paperwork(session: Session, meeting_id: str) -> MeetingPaperwork:
    m = get_meeting_detail(session, meeting_id)
    contact_ids = [a.contact_id for a in m.attendance if a.contact_id]
    emails = dict(session.execute(select(Contact.id, Contact.email).where(Contact.id.in_(contact_ids))).all())
    roster = [
        AttendeeLine(
            a.name,
            a.organization_name or "",
            emails.get(a.contact_id or "", "") or "",
            a.status,
            a.is_business,
        )
        for a in m.attendance
    ]
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
            FollowUp(i.text, i.owner_name or "", timefmt.date(i.due_date), i.status, False)
            for i in m.action_items
        ],
        business_count=m.headcount.business,
        partner_count=m.headcount.partners,
        generated=timefmt.stamp(clock.now()),
        accepted=_accepted(session, meeting_id),
    )


def _accepted(session: Session, meeting_id: str) -> list[AttendeeLine] | None:
    """The invitees who accepted, for the sign-in sheet; None when nobody was invited."""
    invited = invitations_of(session, meeting_id)
    if not invited:
        return None
    return [
        AttendeeLine(
            r.name or r.organization, r.organization if r.name else "", r.email, r.status, r.is_employer
        )
        for r in invited
        if r.status == "accepted"
    ]
