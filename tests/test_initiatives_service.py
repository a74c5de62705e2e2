"""Goals with progress and initiatives: budget against actual by line (a cancelled expenditure left out,
a line with none shown as 0, whole cents), the burn rate against the period, receipts as attachments,
and milestones whose due dates are calendar dates across the time-zone rule."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from visits_data import make_world

from sector_desktop import clock
from sector_desktop.errors import ValidationError
from sector_desktop.models import SectorPartnership
from sector_desktop.money import dollars, parse_cents
from sector_desktop.services.attachments import list_attachments
from sector_desktop.services.initiatives import (
    ExpenditureInput,
    FundingInput,
    GoalInput,
    InitiativeInput,
    MilestoneInput,
    add_expenditure,
    add_progress,
    budget_summary,
    save_budget_line,
    save_funding,
    save_goal,
    save_initiative,
    save_milestone,
    set_expenditure_cancelled,
    set_milestone_status,
)
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.initiatives import goal_rows, initiative_detail, overdue_milestones

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _initiative(db: Database) -> tuple[str, str, dict[str, str], object]:
    world = make_world(db)
    with db.session() as s:
        p = SectorPartnership(name="Healthcare Careers Alliance", sector="healthcare")
        s.add(p)
        s.flush()
        pid = p.id
    period = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    iid = save_initiative(db, InitiativeInput(pid, "CNA pipeline 2026", *period, world.ana))
    save_funding(db, iid, FundingInput("State Workforce Board", 250_000_00, "SP-26-014"))
    lines = {
        name: save_budget_line(db, iid, name, cents)
        for name, cents in (
            ("Tuition", 120_000_00),
            ("Supportive services", 60_000_10),
            ("Evaluation", 10_000_00),
        )
    }
    return pid, iid, lines, world


def test_budget_against_actual_leaves_out_a_cancelled_expenditure_and_shows_0_for_a_line_with_none(
    db: Database,
) -> None:
    _pid, iid, lines, _world = _initiative(db)
    # Amounts whose float sum is not exact (0.1 + 0.2): whole cents keep the sums exact.
    for line, amount in (("Tuition", "18,400.10"), ("Tuition", "0.20"), ("Supportive services", "6,250.35")):
        add_expenditure(db, ExpenditureInput(lines[line], dt.date(2026, 3, 2), parse_cents(amount)))
    wrong = add_expenditure(
        db, ExpenditureInput(lines["Tuition"], dt.date(2026, 3, 9), 17_100_00, "billed twice")
    )
    set_expenditure_cancelled(db, wrong)
    with db.read_session() as s:
        summary = budget_summary(initiative_detail(s, iid), dt.date(2026, 7, 1))
    by_line = {line.name: line for line in summary.lines}
    assert [line.name for line in summary.lines] == ["Tuition", "Supportive services", "Evaluation"]
    assert (by_line["Tuition"].actual_cents, by_line["Tuition"].count) == (18_400_30, 2)
    assert by_line["Supportive services"].actual_cents == 6_250_35
    assert (by_line["Evaluation"].actual_cents, by_line["Evaluation"].count) == (0, 0)
    assert by_line["Evaluation"].remaining_cents == 10_000_00
    assert summary.budget_cents == 190_000_10 and summary.actual_cents == 24_650_65
    assert summary.cancelled_count == 1 and summary.funded_cents == 250_000_00
    assert dollars(summary.remaining_cents) == "$165,349.45"
    # The burn: 182 of 365 days have passed (Jan 1 to Jul 1, both counted).
    burn = summary.burn
    assert (burn.period_days, burn.elapsed_days, burn.time_percent) == (365, 182, 49.9)
    assert burn.spent_percent == 13.0
    assert burn.projected_cents == 24_650_65 * 365 // 182
    assert "Spent 13.0% of the budget in 49.9% of the period" in burn.sentence(summary.budget_cents)
    set_expenditure_cancelled(db, wrong, cancelled=False)
    with db.read_session() as s:
        assert budget_summary(initiative_detail(s, iid), dt.date(2026, 7, 1)).actual_cents == 41_750_65


def test_a_receipt_is_an_attachment_and_a_bad_one_leaves_no_expenditure(
    db: Database, paths: ProfilePaths, tmp_path: Path
) -> None:
    _pid, iid, lines, _world = _initiative(db)
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(PNG)
    spent = add_expenditure(
        db, ExpenditureInput(lines["Tuition"], dt.date(2026, 2, 1), 500_00), paths, receipt
    )
    assert [a.filename for a in list_attachments(db, paths, "expenditure", spent)] == ["receipt.png"]
    bogus = tmp_path / "receipt.txt"
    bogus.write_text("not a receipt")
    with pytest.raises(ValidationError):
        add_expenditure(db, ExpenditureInput(lines["Tuition"], dt.date(2026, 2, 2), 99_00), paths, bogus)
    with db.read_session() as s:
        assert [e.amount_cents for e in initiative_detail(s, iid).expenditures] == [500_00]


def test_bad_amounts_and_periods_are_refused_with_reasons(db: Database) -> None:
    pid, _iid, lines, _world = _initiative(db)
    with pytest.raises(ValidationError, match="ends on"):
        save_initiative(db, InitiativeInput(pid, "Backwards", dt.date(2026, 5, 1), dt.date(2026, 4, 1)))
    with pytest.raises(ValidationError, match="amount"):
        add_expenditure(db, ExpenditureInput(lines["Tuition"], dt.date(2026, 2, 1), 0))
    with pytest.raises(ValidationError, match="date"):
        add_expenditure(db, ExpenditureInput(lines["Tuition"], clock.today() + dt.timedelta(days=3), 100))
    with pytest.raises(ValueError, match="2 decimal places"):
        parse_cents("12.345")


def test_milestone_due_dates_are_calendar_dates_across_the_time_zone_rule(db: Database) -> None:
    _pid, iid, _lines, world = _initiative(db)
    due = dt.date(2026, 11, 24)
    mid = save_milestone(
        db, iid, MilestoneInput("Standards filed", due, "deliverable", owner_staff_id=world.ana)
    )
    save_milestone(db, iid, MilestoneInput("Report", due, owner_staff_id=world.ben))
    # 9 PM on Nov 24 in New York is already Nov 25 in UTC: the milestone is due today, not overdue.
    evening = dt.datetime(2026, 11, 25, 2, 0)  # naive UTC
    assert clock.local_day(evening) == due
    with db.read_session() as s:
        assert overdue_milestones(s, clock.local_day(evening), world.ana) == []
        late = overdue_milestones(s, clock.local_day(evening + dt.timedelta(hours=5)), world.ana)
    assert [(m.milestone.title, m.initiative_name) for m in late] == [
        ("Standards filed", "CNA pipeline 2026")
    ]
    # The date travels as the date typed, and reads the same in another zone.
    with db.engine.connect() as conn:
        sent = conn.execute(
            text(
                "SELECT value FROM sync_outbox WHERE tbl = 'milestone' AND row_id = :id AND field = 'due_on'"
            ),
            {"id": mid},
        ).scalar()
    assert json.loads(sent) == "2026-11-24"
    clock.use_zone("Pacific/Auckland")
    with db.read_session() as s:
        assert initiative_detail(s, iid).milestones[0].due_on == due
    set_milestone_status(db, mid, "done")
    with db.read_session() as s:
        assert overdue_milestones(s, dt.date(2027, 1, 1), None)[0].milestone.title == "Report"


def test_goal_progress_against_target(db: Database) -> None:
    pid, _iid, _lines, _world = _initiative(db)
    goal = save_goal(db, GoalInput(pid, "Fill CNA jobs", "CNAs hired by members", 60, dt.date(2027, 6, 30)))
    add_progress(db, goal, 12, dt.date(2026, 3, 1), "First cohort")
    add_progress(db, goal, 27, dt.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="date"):
        add_progress(db, goal, 30, clock.today() + dt.timedelta(days=1))
    with db.read_session() as s:
        (row,) = goal_rows(s, pid)
    assert (row.latest, row.target, round(row.share or 0, 2)) == (27, 60, 0.45)
    assert [p.recorded_on for p in row.progress] == [dt.date(2026, 3, 1), dt.date(2026, 6, 1)]
