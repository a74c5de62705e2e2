"""A small fixed dataset for the action-item, Today and calendar tests: two staff, two employers,
planned and completed visits, one partnership with a planned and a held meeting, and action items
in every state. All dates hang off TODAY so tests are deterministic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    Workgroup,
)
from sector_desktop.store import Database

TODAY = dt.date(2026, 3, 11)  # a Wednesday


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """The stored instant (naive UTC) of a wall-clock time `days` after TODAY in the profile's zone."""
    return clock.at(TODAY + dt.timedelta(days=days), hour, minute)


@dataclass
class Followups:
    me: str
    colleague: str
    acme: str
    bolt: str
    partnership: str
    visit_today_late: str  # 14:00 today, mine
    visit_today_early: str  # 09:30 today, mine
    visit_tomorrow: str  # 10:00 tomorrow, mine
    visit_colleague: str  # 11:00 today, colleague's
    visit_next_week: str  # planned, in 8 days, mine
    visit_done: str  # completed yesterday
    meeting_today: str  # planned 12:00 today, I facilitate
    meeting_held: str  # held last week
    meeting_colleague: str  # planned tomorrow 15:00, the colleague facilitates
    item_overdue: str  # mine, open, due 3 days ago (from a visit)
    item_due_soon: str  # mine, open, due in 2 days (from a meeting)
    item_later: str  # mine, open, due in 20 days
    item_colleague: str  # colleague's, open, overdue by 1 day, from a meeting
    item_done: str  # mine, done
    item_cancelled: str  # colleague's, cancelled


def build(db: Database) -> Followups:
    with db.session() as s:
        me = StaffUser(name="Maria Lopez", username="mlopez")
        colleague = StaffUser(name="Dev Patel", username="dpatel")
        acme = Organization(
            name="Acme Precision",
            address_line1="12 Mill Road",
            city="Riverton",
            state="OH",
            zip="44101",
            phone="555-0100",
        )
        bolt = Organization(name="Bolt Logistics", address_line1="4 Dock St", city="Riverton", state="OH")
        s.add_all([me, colleague, acme, bolt])
        s.flush()
        ann = Contact(organization_id=acme.id, name="Ann Reyes", phone="555-0111", is_primary=True)
        ben = Contact(organization_id=bolt.id, name="Ben Cho", phone="555-0222", is_primary=True)
        s.add_all([ann, ben])

        def visit(org: Organization, when: dt.datetime, staff: StaffUser, status: str = "planned") -> Visit:
            v = Visit(
                organization_id=org.id,
                starts_at=when,
                duration_minutes=45,
                staff_id=staff.id,
                status=status,
                purpose=f"Hiring plans at {org.name}",
            )
            s.add(v)
            return v

        v_late = visit(acme, at(0, 14), me)
        v_early = visit(bolt, at(0, 9, 30), me)
        v_tomorrow = visit(acme, at(1, 10), me)
        v_colleague = visit(bolt, at(0, 11), colleague)
        v_next_week = visit(bolt, at(8, 9), me)
        v_done = visit(acme, at(-1, 9), me, "completed")
        p = SectorPartnership(name="Riverton Manufacturing Partnership", sector="manufacturing")
        s.add(p)
        s.flush()
        wg = Workgroup(partnership_id=p.id, name="CNC apprenticeship")
        s.add(wg)
        s.flush()
        s.add(VisitAttendee(visit_id=v_late.id, contact_id=ann.id))
        m_today = Meeting(
            partnership_id=p.id,
            workgroup_id=wg.id,
            title="CNC workgroup",
            starts_at=at(0, 12),
            ends_at=at(0, 13, 30),
            location="Riverton Community College, Room 4",
            video_link="https://meet.example.org/cnc",
            facilitator_id=me.id,
            status="planned",
        )
        m_held = Meeting(partnership_id=p.id, title="Launch", starts_at=at(-7, 9), status="held")
        m_colleague = Meeting(
            partnership_id=p.id,
            title="Employer roundtable",
            starts_at=at(1, 15),
            facilitator_id=colleague.id,
            video_link="https://meet.example.org/roundtable",
        )
        s.add_all([m_today, m_held, m_colleague])
        s.flush()
        s.add_all(
            [
                AgendaItem(meeting_id=m_today.id, position=1, title="Curriculum review"),
                AgendaItem(meeting_id=m_today.id, position=0, title="Welcome"),
            ]
        )

        def item(
            text: str, owner: StaffUser, due: int | None, status: str = "open", **src: str
        ) -> ActionItem:
            a = ActionItem(
                text=text,
                owner_staff_id=owner.id,
                due_date=None if due is None else TODAY + dt.timedelta(days=due),
                status=status,
                **src,
            )
            s.add(a)
            return a

        i_overdue = item("Send apprenticeship brochure", me, -3, visit_id=v_done.id, organization_id=acme.id)
        i_soon = item("Book the lab for the CNC demo", me, 2, meeting_id=m_held.id, partnership_id=p.id)
        i_later = item("Follow up on wage survey", me, 20, visit_id=v_done.id)
        i_colleague = item("Draft MOU with the college", colleague, -1, meeting_id=m_held.id)
        i_done = item("Share job description template", me, -5, "done", visit_id=v_done.id)
        i_cancelled = item("Arrange site tour", colleague, 4, "cancelled")
        s.flush()
        return Followups(
            me=me.id,
            colleague=colleague.id,
            acme=acme.id,
            bolt=bolt.id,
            partnership=p.id,
            visit_today_late=v_late.id,
            visit_today_early=v_early.id,
            visit_tomorrow=v_tomorrow.id,
            visit_colleague=v_colleague.id,
            visit_next_week=v_next_week.id,
            visit_done=v_done.id,
            meeting_today=m_today.id,
            meeting_held=m_held.id,
            meeting_colleague=m_colleague.id,
            item_overdue=i_overdue.id,
            item_due_soon=i_soon.id,
            item_later=i_later.id,
            item_colleague=i_colleague.id,
            item_done=i_done.id,
            item_cancelled=i_cancelled.id,
        )
