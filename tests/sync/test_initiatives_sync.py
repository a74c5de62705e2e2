"""The inventory, goals and initiatives sync from their first save: a program with its new columns, a
goal with progress, an initiative with funding, budget lines, an expenditure (cancelled on the other
laptop) and a milestone made on one laptop reach another through the real `sector-server`."""

from __future__ import annotations

import datetime as dt

from client_helpers import Laptop

from sector_desktop.models import SectorPartnership, StaffUser
from sector_desktop.services.initiatives import (
    ExpenditureInput,
    FundingInput,
    GoalInput,
    InitiativeInput,
    MilestoneInput,
    add_expenditure,
    add_progress,
    save_budget_line,
    save_funding,
    save_goal,
    save_initiative,
    save_milestone,
    set_expenditure_cancelled,
)
from sector_desktop.services.programs import ProgramInput, save_program


def test_programs_goals_and_initiatives_sync(two_laptops: list[Laptop]) -> None:
    a, b = two_laptops
    with a.db.session() as s:
        staff = StaffUser(name="Ana Ortiz", username="ana-staff")
        partnership = SectorPartnership(name="Healthcare Careers Alliance", sector="healthcare")
        s.add_all([staff, partnership])
        s.flush()
        staff_id, pid = staff.id, partnership.id
    program = ProgramInput(
        name="CNA course",
        sector="healthcare",
        soc_codes=("31-1131", "31-9097"),
        hours=120,
        cost_cents=145_000,
        modality="hybrid",
        next_start=dt.date(2027, 1, 11),
        etpl_status="eligible",
        capacity=16,
        contact_email="enrol@college.example.edu",
    )
    program_id = save_program(a.db, program)
    goal_id = save_goal(a.db, GoalInput(pid, "Fill CNA jobs", "CNAs hired", 60, dt.date(2027, 6, 30)))
    add_progress(a.db, goal_id, 27.5, dt.date(2026, 6, 1), "Counted with HR")
    iid = save_initiative(
        a.db, InitiativeInput(pid, "CNA pipeline 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), staff_id)
    )
    save_funding(a.db, iid, FundingInput("State Workforce Board", 250_000_00, "SP-26-014"))
    line = save_budget_line(a.db, iid, "Tuition", 120_000_00)
    spent = add_expenditure(a.db, ExpenditureInput(line, dt.date(2026, 3, 2), 18_400_10, "Cohort 1"))
    save_milestone(
        a.db,
        iid,
        MilestoneInput("Standards filed", dt.date(2026, 11, 24), "deliverable", owner_staff_id=staff_id),
    )
    report = a.sync()
    assert report.ok and not report.failed, report.failed
    assert b.sync().ok
    (got,) = b.rows("training_program")
    assert (got["id"], got["cost_cents"], got["modality"], got["next_start"]) == (
        program_id,
        145_000,
        "hybrid",
        "2027-01-11",
    )
    assert got["soc_codes"] == '["31-1131", "31-9097"]'
    assert [(p["value"], p["recorded_on"]) for p in b.rows("goal_progress")] == [(27.5, "2026-06-01")]
    assert [f["amount_cents"] for f in b.rows("funding_source")] == [250_000_00]
    assert [(e["amount_cents"], e["cancelled"]) for e in b.rows("expenditure")] == [(18_400_10, 0)]
    assert [(m["due_on"], m["owner_staff_id"]) for m in b.rows("milestone")] == [("2026-11-24", staff_id)]

    set_expenditure_cancelled(b.db, spent)
    assert b.sync().ok and a.sync().ok
    assert [e["cancelled"] for e in a.rows("expenditure")] == [1]
