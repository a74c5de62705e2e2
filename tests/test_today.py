"""The Today page's data, without a GUI: route list for today and tomorrow, my action items,
recent activity. A fixed `today` keeps it deterministic."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_data import TODAY, Followups, at, build

from sector_desktop.models import ActionItem, Meeting, Visit
from sector_desktop.store import Database
from sector_desktop.store.today import planned_stops, today_data


@pytest.fixture
def data(db: Database) -> Followups:
    return build(db)


def test_route_lists_my_planned_visits_and_meetings_in_time_order(db: Database, data: Followups) -> None:
    with db.read_session() as s:
        t = today_data(s, TODAY, data.me)
    today, tomorrow = t.days
    assert (today.day, tomorrow.day) == (TODAY, TODAY + dt.timedelta(days=1))
    # The colleague's 11:00 visit, next week's and the completed one are not on my route.
    assert [s.id for s in today.stops] == [data.visit_today_early, data.meeting_today, data.visit_today_late]
    # Meetings are team events: the colleague's roundtable is on my route too.
    assert [s.id for s in tomorrow.stops] == [data.visit_tomorrow, data.meeting_colleague]
    early, meeting, late = today.stops
    assert early.starts_at == at(0, 9, 30) and early.ends_at == at(0, 10, 15)
    assert early.address == "4 Dock St, Riverton, OH"
    # No attendee recorded: the primary contact is whom to ask for.
    assert (early.contact_name, early.contact_phone) == ("Ben Cho", "555-0222")
    assert (late.contact_name, late.address) == ("Ann Reyes", "12 Mill Road, Riverton, OH 44101")
    assert meeting.kind == "meeting" and meeting.address == "Riverton Community College, Room 4"
    assert meeting.agenda == ("Welcome", "Curriculum review")
    assert t.staff_name == "Maria Lopez"


def test_whole_team_route_without_a_staff_member(db: Database, data: Followups) -> None:
    with db.read_session() as s:
        t = today_data(s, TODAY, None)
    assert data.visit_colleague in [s.id for s in t.days[0].stops]


def test_my_overdue_and_due_soon_items(db: Database, data: Followups) -> None:
    with db.read_session() as s:
        t = today_data(s, TODAY, data.me)
    assert [r.id for r in t.overdue] == [data.item_overdue]
    assert [r.id for r in t.due_soon] == [data.item_due_soon]
    with db.read_session() as s:
        later = today_data(s, TODAY + dt.timedelta(days=15), data.me)
    assert [r.id for r in later.due_soon] == [data.item_later]
    assert data.item_due_soon in [r.id for r in later.overdue]


def test_recent_activity_is_newest_first_and_bounded_by_days(db: Database, data: Followups) -> None:
    now = dt.datetime(2026, 3, 11, 18, 0)
    recent_stamps = {
        data.visit_done: now - dt.timedelta(hours=2),
        data.meeting_held: now - dt.timedelta(days=2),
        data.item_done: now - dt.timedelta(hours=1),
    }
    with db.session() as s:
        # Plain SQL, because the ORM's onupdate would stamp updated_at with the real clock.
        for model in (Visit, Meeting, ActionItem):
            table = model.__table__
            s.execute(table.update().values(updated_at=dt.datetime(2025, 1, 1)))
            for record_id, stamp in recent_stamps.items():
                s.execute(table.update().values(updated_at=stamp).where(table.c.id == record_id))
    with db.read_session() as s:
        recent = today_data(s, TODAY, data.me, now=now).recent
    assert [(e.id, e.what) for e in recent] == [
        (data.item_done, "Action item done"),
        (data.visit_done, "Visit logged"),
        (data.meeting_held, "Meeting held"),
    ]
    assert (recent[0].open_kind, recent[0].open_id) == ("visit", data.visit_done)
    with db.read_session() as s:
        assert today_data(s, TODAY, data.me, now=now + dt.timedelta(days=30)).recent == []


def test_planned_stops_range_and_staff_filter(db: Database, data: Followups) -> None:
    with db.read_session() as s:
        everything = planned_stops(s, at(0, 0), None, None)
        mine_this_week = planned_stops(s, at(0, 10), at(7, 0), data.me)
        team = planned_stops(s, at(0, 10), at(7, 0), data.me, team_meetings=True)
    assert len(everything) == 7  # five planned visits and two planned meetings
    # "Mine" means my visits and the meetings I facilitate (or nobody does yet).
    assert [x.id for x in mine_this_week] == [data.meeting_today, data.visit_today_late, data.visit_tomorrow]
    assert [x.id for x in team][-1] == data.meeting_colleague
