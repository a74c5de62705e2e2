"""The manager's figures per staff member (open and overdue items, planned visits this week and next,
assigned employers, visits this quarter) and bulk reassignment of one person's work to another."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.models import ActionItem, Organization, Visit
from sector_desktop.services import staff
from sector_desktop.services.action_items import add_action_item, mark_done
from sector_desktop.services.team_overview import reassign_work, team_overview
from sector_desktop.store import Database

TODAY = dt.date(2026, 11, 25)  # a Wednesday in the fourth quarter


@dataclass
class Team:
    ben: str
    cat: str
    gone: str


def build(db: Database) -> Team:
    ben = staff.add_staff(db, staff.StaffInput("Ben Ito"))
    cat = staff.add_staff(db, staff.StaffInput("Cat Wu", role="manager"))
    gone = staff.add_staff(db, staff.StaffInput("Lee Gone", active=False))
    with db.session() as s:
        orgs = [
            Organization(name="Harbor Welding", kind="employer", assigned_staff_id=ben, tags=[]),
            Organization(name="Bayline Clinic", kind="employer", assigned_staff_id=ben, tags=[]),
            Organization(name="Bayline College", kind="training_provider", assigned_staff_id=ben, tags=[]),
            Organization(name="Gone Tools", kind="employer", assigned_staff_id=ben, tags=[],
                         deleted_at=clock.now()),
        ]  # fmt: skip
        s.add_all(orgs)
        s.flush()

        def visit(days: int, status: str, who: str = ben) -> Visit:
            starts = clock.at(TODAY + dt.timedelta(days=days), 10)
            return Visit(
                organization_id=orgs[0].id, starts_at=starts, status=status, staff_id=who, services=[]
            )

        s.add_all([
            visit(-2, "planned"), visit(4, "planned"),  # this week (Mon 23 to Sun 29 Nov)
            visit(5, "planned"), visit(11, "planned"),  # next week (30 Nov to 6 Dec)
            visit(12, "planned"),  # the week after: not counted
            visit(-30, "completed"), visit(-55, "completed"),  # this quarter (from 1 Oct)
            visit(-60, "completed"),  # 26 Sep: last quarter
            visit(-1, "completed", cat),
        ])  # fmt: skip
    add_action_item(db, "Overdue call", owner_staff_id=ben, due_date=TODAY - dt.timedelta(days=1))
    add_action_item(db, "Send the standards", owner_staff_id=ben, due_date=TODAY + dt.timedelta(days=3))
    done = add_action_item(db, "Done already", owner_staff_id=ben)
    mark_done(db, [done])
    add_action_item(db, "Cat's own", owner_staff_id=cat)
    return Team(ben, cat, gone)


def test_each_staff_members_figures(db: Database) -> None:
    build(db)
    loads = {r.name: r for r in team_overview(db, TODAY)}
    ben, cat = loads["Ben Ito"], loads["Cat Wu"]
    assert (ben.open_items, ben.overdue_items, ben.visits_this_week, ben.visits_next_week) == (2, 1, 2, 2)
    assert (ben.employers, ben.visits_this_quarter) == (2, 2)
    assert (cat.open_items, cat.overdue_items, cat.employers, cat.visits_this_quarter) == (1, 0, 0, 1)
    assert [r.name for r in team_overview(db, TODAY)] == ["Ben Ito", "Cat Wu", "Lee Gone"]


def test_reassign_moves_organizations_and_open_items_only(db: Database) -> None:
    team = build(db)
    moved = reassign_work(db, team.ben, team.cat)
    assert moved.summary("Ben Ito") == (
        "Moved 3 organizations, 2 open action items and 5 planned visits from Ben Ito to Cat Wu."
    )
    with db.read_session() as s:
        owners = dict(s.execute(select(ActionItem.text, ActionItem.owner_staff_id)).all())
        live = s.scalars(select(Organization.assigned_staff_id).where(Organization.deleted_at.is_(None)))
        assert set(live) == {team.cat}
    assert owners == {"Overdue call": team.cat, "Send the standards": team.cat, "Done already": team.ben,
                      "Cat's own": team.cat}  # fmt: skip
    loads = {r.name: r for r in team_overview(db, TODAY)}
    assert (loads["Cat Wu"].employers, loads["Cat Wu"].open_items, loads["Ben Ito"].open_items) == (2, 3, 0)
    # Ben's booked visits are Cat's now (in her week), his completed ones keep his name.
    assert (loads["Cat Wu"].visits_this_week, loads["Cat Wu"].visits_next_week) == (2, 2)
    assert (loads["Ben Ito"].visits_this_week, loads["Ben Ito"].visits_this_quarter) == (0, 2)


def test_reassign_can_move_only_the_planned_visits(db: Database) -> None:
    team = build(db)
    moved = reassign_work(db, team.ben, team.cat, organizations=False, action_items=False)
    assert moved.summary("Ben Ito") == (
        "Moved 0 organizations, 0 open action items and 5 planned visits from Ben Ito to Cat Wu."
    )
    with db.read_session() as s:
        planned = set(s.scalars(select(Visit.staff_id).where(Visit.status == "planned")))
    assert planned == {team.cat}
    assert {r.name: r.employers for r in team_overview(db, TODAY)}["Ben Ito"] == 2


def test_reassign_refuses_the_same_person_or_an_inactive_one_and_changes_nothing(db: Database) -> None:
    team = build(db)
    with pytest.raises(ValidationError, match="a different staff member"):
        reassign_work(db, team.ben, team.ben)
    with pytest.raises(ValidationError, match="Lee Gone is no longer active"):
        reassign_work(db, team.ben, team.gone)
    with pytest.raises(ValidationError, match="Choose what to move"):
        reassign_work(
            db, team.ben, team.cat, organizations=False, action_items=False, planned_visits=False
        )
    assert {r.name: r.employers for r in team_overview(db, TODAY)}["Ben Ito"] == 2
