"""Goals with progress: a partnership's or an action team's goal (measure, target, due date) and the
progress updates recorded against it over time (value, date, note)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sector_desktop import clock
from sector_desktop.models import ActionTeam, Goal, GoalProgress, SectorPartnership
from sector_desktop.store import Database

from ..records import live_record, refuse_if

LARGEST = 10**12


@dataclass(frozen=True)
class GoalInput:
    partnership_id: str
    title: str
    measure: str | None = None
    target: float | None = None
    due_on: dt.date | None = None
    action_team_id: str | None = None
    notes: str | None = None


def _goal_problems(data: GoalInput) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append("goal: say what the partnership wants to reach")
    if len(data.title) > 300 or len(data.measure or "") > 200:
        problems.append("goal: at most 300 characters (the measure at most 200)")
    if data.target is not None and not 0 <= data.target < LARGEST:
        problems.append("target: a number of 0 or more")
    return problems


def save_goal(db: Database, data: GoalInput, goal_id: str | None = None) -> str:
    """Create a goal (or update `goal_id`); a ValidationError names every problem and saves nothing."""
    refuse_if("goal", _goal_problems(data))
    with db.session() as s:
        live_record(s, SectorPartnership, data.partnership_id, "partnership")
        if data.action_team_id:
            team = live_record(s, ActionTeam, data.action_team_id, "action team")
            if team.partnership_id != data.partnership_id:
                refuse_if("goal", ["action team: it belongs to another partnership"])
        goal = live_record(s, Goal, goal_id, "goal") if goal_id else Goal()
        goal.partnership_id, goal.action_team_id = data.partnership_id, data.action_team_id or None
        goal.title, goal.measure = data.title.strip(), (data.measure or "").strip() or None
        goal.target, goal.due_on, goal.notes = data.target, data.due_on, (data.notes or "").strip() or None
        if goal_id is None:
            s.add(goal)
        s.flush()
        return goal.id


def add_progress(
    db: Database, goal_id: str, value: float, recorded_on: dt.date, note: str | None = None
) -> str:
    """Record where a goal's measure stood on `recorded_on` (a calendar day, not after today)."""
    problems = []
    if not -LARGEST < value < LARGEST:
        problems.append("value: the number is too large")
    if recorded_on > clock.today():
        problems.append("date: progress is recorded for a day that has come, not a later one")
    if len(note or "") > 20_000:
        problems.append("note: at most 20,000 characters")
    refuse_if("progress update", problems)
    with db.session() as s:
        live_record(s, Goal, goal_id, "goal")
        row = GoalProgress(
            goal_id=goal_id, value=value, recorded_on=recorded_on, note=(note or "").strip() or None
        )
        s.add(row)
        s.flush()
        return row.id


def delete_goal(db: Database, goal_id: str) -> None:
    with db.session() as s:
        live_record(s, Goal, goal_id, "goal").deleted_at = clock.now()
