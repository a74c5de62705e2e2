"""Partnerships without a GUI: validation, roster and representatives, ranked priorities, overview."""

from __future__ import annotations

import datetime as dt

import pytest

from sector_desktop.errors import ValidationError
from sector_desktop.models import ActionItem, Contact, Organization, StaffUser, Visit
from sector_desktop.services import partnerships as svc
from sector_desktop.services.meetings import MeetingInput, schedule_meeting
from sector_desktop.store import Database
from sector_desktop.store.partnerships import get_partnership_overview, list_partnerships

NOW = dt.datetime(2026, 11, 21, 12, 0)


def _org(
    db: Database, name: str, kind: str = "employer", contacts: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    with db.session() as s:
        org = Organization(name=name, kind=kind, sector="healthcare")
        s.add(org)
        s.flush()
        people = [Contact(organization_id=org.id, name=c) for c in contacts]
        s.add_all(people)
        s.flush()
        return org.id, [c.id for c in people]


def _partnership(db: Database) -> str:
    with db.session() as s:
        return svc.create_partnership(
            s, svc.PartnershipInput(name="Healthcare Careers", sector="healthcare", region="Baltimore City")
        )


def test_create_and_edit_partnership(db: Database) -> None:
    pid = _partnership(db)
    with db.session() as s:
        svc.update_partnership(
            s,
            pid,
            svc.PartnershipInput(
                name=" Healthcare Careers Alliance ",
                sector="healthcare",
                status="active",
                launched_on=dt.date(2025, 3, 1),
                convener="City Workforce Office",
            ),
        )
    with db.read_session() as s:
        rows = list_partnerships(s, NOW)
    assert [(r.name, r.status, r.launched_on) for r in rows] == [
        ("Healthcare Careers Alliance", "active", dt.date(2025, 3, 1))
    ]


def test_bad_partnership_names_every_field_and_saves_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        svc.create_partnership(s, svc.PartnershipInput(name="  ", sector="mining", status="dormant"))
    problems = " ".join(err.value.problems)
    assert "Name" in problems and "Sector" in problems and "Status" in problems
    with db.read_session() as s:
        assert list_partnerships(s, NOW) == []


def test_roster_roles_and_representatives(db: Database) -> None:
    pid = _partnership(db)
    hospital, (ana, ben) = _org(db, "Harbor Medical Center", contacts=("Ana Diaz", "Ben Okafor"))
    college, (cy,) = _org(db, "Bayline Community College", kind="community_college", contacts=("Cy Lam",))
    with db.session() as s:
        m1 = svc.add_member(s, pid, hospital, "chair")
        m2 = svc.add_member(s, pid, college, "training_partner")
        svc.set_representatives(s, m1, [ana, ben])
        svc.add_representative(s, m2, cy)
    with pytest.raises(ValidationError, match="already on the roster"), db.session() as s:
        svc.add_member(s, pid, hospital)
    with pytest.raises(ValidationError, match="does not work for"), db.session() as s:
        svc.add_representative(s, m2, ana)
    with pytest.raises(ValidationError, match="Role"), db.session() as s:
        svc.set_member_role(s, m2, "boss")
    with db.session() as s:
        svc.set_representatives(s, m1, [ben])
    with db.read_session() as s:
        ov = get_partnership_overview(s, pid, NOW)
    assert [(m.organization_name, m.role) for m in ov.members] == [
        ("Harbor Medical Center", "chair"),
        ("Bayline Community College", "training_partner"),
    ]
    assert [r.name for r in ov.members[0].representatives] == ["Ben Okafor"]
    with db.session() as s:
        svc.remove_member(s, m2)
    with db.read_session() as s:
        assert [m.organization_name for m in get_partnership_overview(s, pid, NOW).members] == [
            "Harbor Medical Center"
        ]


def test_priorities_ranked_by_importance_times_feasibility(db: Database) -> None:
    pid = _partnership(db)
    with db.session() as s:
        svc.save_priority(s, pid, "Night-shift childcare", 5, 2)  # 10
        top = svc.save_priority(s, pid, "CNA apprenticeship", 4, 4)  # 16
        svc.save_priority(s, pid, "Not scored yet", None, None)
        svc.save_priority(s, pid, "Shared recruiting fair", 3, 5)  # 15
        svc.save_action_team(s, pid, "CNA team", "Register the program", dt.date(2027, 3, 1), top)
        svc.save_workgroup(s, pid, "Nursing pipeline")
    with pytest.raises(ValidationError, match="1 to 5"), db.session() as s:
        svc.save_priority(s, pid, "Too keen", 9, 1)
    with db.read_session() as s:
        ov = get_partnership_overview(s, pid, NOW)
    assert [(p.rank, p.title, p.score) for p in ov.priorities] == [
        (1, "CNA apprenticeship", 16),
        (2, "Shared recruiting fair", 15),
        (3, "Night-shift childcare", 10),
        (4, "Not scored yet", 0),
    ]
    assert [(t.name, t.priority_title, t.target_date) for t in ov.action_teams] == [
        ("CNA team", "CNA apprenticeship", dt.date(2027, 3, 1))
    ]
    assert [w.name for w in ov.workgroups] == ["Nursing pipeline"]


def test_overview_shows_meetings_open_items_and_member_visits(db: Database) -> None:
    pid = _partnership(db)
    hospital, _ = _org(db, "Harbor Medical Center")
    outsider, _ = _org(db, "Not A Member Clinic")
    with db.session() as s:
        staff = StaffUser(name="Marcus Odom", username="modom")
        s.add(staff)
        svc.add_member(s, pid, hospital)
        mid = schedule_meeting(
            s, MeetingInput(pid, "Workgroup", NOW + dt.timedelta(days=2), location="Harbor Medical Center")
        )
        s.add_all(
            [
                ActionItem(
                    text="Send wage survey",
                    meeting_id=mid,
                    partnership_id=pid,
                    due_date=NOW.date() - dt.timedelta(days=3),
                    owner_staff_id=staff.id,
                ),
                ActionItem(text="Already done", partnership_id=pid, status="done"),
                Visit(organization_id=hospital, starts_at=NOW - dt.timedelta(days=5), status="completed"),
                Visit(organization_id=outsider, starts_at=NOW - dt.timedelta(days=1), status="completed"),
            ]
        )
    with db.read_session() as s:
        ov = get_partnership_overview(s, pid, NOW)
        rows = list_partnerships(s, NOW)
    assert [m.title for m in ov.meetings] == ["Workgroup"]
    assert [(a.text, a.owner_name, a.overdue) for a in ov.open_action_items] == [
        ("Send wage survey", "Marcus Odom", True)
    ]
    assert [v.organization_name for v in ov.recent_visits] == ["Harbor Medical Center"]
    assert rows[0].member_count == 1 and rows[0].next_meeting == NOW + dt.timedelta(days=2)


def test_demo_partnerships_have_rosters_minutes_and_items_in_every_state(db: Database, paths) -> None:
    import random

    from sqlalchemy import func, select

    from sector_desktop.models import AgendaItem, Meeting, SectorPartnership
    from sector_desktop.services.demo import core
    from sector_desktop.services.demo import partnerships as demo

    core.generate(db, paths, random.Random(3), core.DemoCounts(60, 80, 8), now=NOW)
    summary = demo.generate(db, random.Random(3), meetings=16, now=NOW)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(SectorPartnership)) == 4
        rows = list_partnerships(s, NOW)
        assert all(r.member_count >= 3 for r in rows)
        states = set(s.scalars(select(ActionItem.status).where(ActionItem.meeting_id.is_not(None))))
        overdue = s.scalar(
            select(func.count())
            .select_from(ActionItem)
            .where(
                ActionItem.meeting_id.is_not(None),
                ActionItem.status == "open",
                ActionItem.due_date < NOW.date(),
            )
        )
        minutes = s.scalar(
            select(func.count()).select_from(AgendaItem).where(AgendaItem.minutes.is_not(None))
        )
        planned = s.scalar(select(func.count()).select_from(Meeting).where(Meeting.starts_at > NOW))
        ov = get_partnership_overview(s, rows[0].id, NOW)
    assert {"open", "done", "cancelled"} <= states and overdue > 0
    assert minutes > 0 and planned >= 3
    assert ov.priorities[0].score >= ov.priorities[-1].score and ov.members[0].representatives
    assert "4 partnerships" in summary
