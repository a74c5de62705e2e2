"""Goals with progress for the outcomes template: each goal's measure, target, latest value (and when),
its share of the target and due date; then every progress update, oldest first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from sector_desktop import timefmt
from sector_desktop.reports.data import Figure, ReportTable
from sector_desktop.store.initiatives import GoalRow, goal_rows


def _state(goal: GoalRow, today: dt.date) -> str:
    if goal.share is not None and goal.share >= 1:
        return "Reached"
    if goal.due_on is not None and goal.due_on < today:
        return "Past due"
    if not goal.progress:
        return "No progress recorded"
    return "On the way"


def goal_sections(session: Session, partnership_id: str, today: dt.date) -> list[ReportTable]:
    """The goals table and the progress updates table; empty when the partnership has no goal records."""
    goals = goal_rows(session, partnership_id)
    if not goals:
        return []
    rows = tuple(
        (
            Figure(g.title),
            Figure(g.action_team_name or "Partnership"),
            Figure(g.measure or "—"),
            Figure(g.target, "int") if g.target is not None else Figure("—"),
            Figure(g.latest, "int") if g.latest is not None else Figure("—"),
            Figure(g.share, "pct") if g.share is not None else Figure("—"),
            Figure(timefmt.date(g.due_on) or "—"),
            Figure(_state(g, today)),
        )
        for g in goals
    )
    table = ReportTable(
        "Goals and progress against target",
        ("Goal", "Whose", "Measure", "Target", "Latest", "Of target", "Due", "Status"),
        rows,
        note="Latest: the most recent progress update; each update is listed on the next table.",
        sheet="Goals",
        widths=(0.23, 0.12, 0.17, 0.09, 0.09, 0.09, 0.1, 0.11),
    )
    updates = tuple(
        (Figure(g.title), Figure(timefmt.date(u.recorded_on)), Figure(u.value, "int"), Figure(u.note or ""))
        for g in goals
        for u in g.progress
    )
    progress = ReportTable(
        "Progress updates",
        ("Goal", "Date", "Value", "Note"),
        updates,
        sheet="Goal progress",
        widths=(0.35, 0.13, 0.1, 0.42),
    )
    return [table, progress]
