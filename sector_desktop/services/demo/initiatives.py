"""Demo goals with progress and initiatives: each partnership gets a goal of its own and one per action
team (a measure, a target, a due date and monthly progress), and two initiatives get funding, budget
lines, expenditures (one cancelled, one line with none) and milestones (one overdue for the demo's
staff member on this laptop). Goes through the services, as a user's edits would."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.models import ActionTeam, SectorPartnership
from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.settings import load_settings

from ..initiatives import (
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
)

# Action team -> (measure, target); a team not listed gets a count of employers engaged.
TEAM_MEASURES = {
    "CNA apprenticeship team": ("Sponsors signed on to the group apprenticeship", 5),
    "Clinical placements team": ("New LPN clinical seats a year", 40),
    "Childcare team": ("Childcare centres in the pilot", 2),
    "CNC apprenticeship team": ("Apprentices in the first cohort", 10),
    "Youth pathway team": ("Plant tours held this year", 50),
    "Hiring pledge team": ("Employers who signed the pledge", 12),
    "Help-desk apprenticeship team": ("Colleges offering the related instruction", 2),
    "Pre-apprenticeship team": ("Graduates with a direct-entry offer", 40),
    "Licence recovery team": ("Licence clinics held", 12),
}
PARTNERSHIP_GOALS = {
    "healthcare": (
        "Fill entry-level clinical jobs from the city's residents",
        "Residents hired by members",
        150,
    ),
    "manufacturing": ("Grow the machining workforce", "Residents hired into production roles", 80),
    "it": ("Open entry-level IT jobs to people without degrees", "Skills-based hires", 60),
    "construction": (
        "Prepare residents for public-works construction",
        "Residents placed with contractors",
        70,
    ),
}

INITIATIVES = (
    {
        "sector": "healthcare",
        "name": "CNA pipeline 2026",
        "months": (-5, 7),
        "description": "Recruit, train and place 60 residents as nursing assistants in long-term care, "
        "with supportive services and a shared apprenticeship.",
        "funding": (
            ("State Workforce Board", "Sector Partnership Grant SP-26-014", 250_000_00),
            ("Riverside Health Foundation", "Pipeline match", 50_000_00),
        ),
        "lines": (
            ("Tuition and exam fees", 120_000_00),
            ("Supportive services", 60_000_00),
            ("Employer wage subsidies", 90_000_00),
            ("Outreach and recruitment", 20_000_00),
            ("Evaluation", 10_000_00),
        ),
        "spend": (
            (0, 18_400_00, "Cohort 1 tuition, 14 students"),
            (0, 17_100_00, "Cohort 2 tuition, 13 students"),
            (1, 6_250_00, "Bus passes and childcare vouchers"),
            (1, 3_980_00, "Scrubs, shoes and exam fees"),
            (2, 24_000_00, "Wage subsidies, first eight hires"),
            (3, 4_500_00, "Radio and transit ads"),
            (3, 2_100_00, "Printing, billed twice by the vendor", True),
        ),
        "milestones": (
            ("Recruit cohort 1", "milestone", -4, "done"),
            ("Cohort 1 graduates", "milestone", -2, "done"),
            ("Group apprenticeship standards filed", "deliverable", -1, "in_progress"),
            ("Cohort 2 graduates", "milestone", 1, "planned"),
            ("Mid-term report to the State Workforce Board", "deliverable", 2, "planned"),
            ("Cohort 3 recruited", "milestone", 3, "planned"),
            ("Final evaluation report", "deliverable", 7, "planned"),
        ),
    },
    {
        "sector": "manufacturing",
        "name": "Machinist apprenticeship launch",
        "months": (-3, 9),
        "description": "Register a multi-employer CNC machinist apprenticeship and enrol the first ten "
        "apprentices across four shops.",
        "funding": (("US Department of Labor", "Apprenticeship Building America subaward", 180_000_00),),
        "lines": (
            ("Related technical instruction", 70_000_00),
            ("Tooling and safety equipment", 30_000_00),
            ("Coordinator time", 55_000_00),
            ("Employer recruitment events", 15_000_00),
            ("Travel", 10_000_00),
        ),
        "spend": (
            (0, 12_600_00, "First semester RTI, 7 apprentices"),
            (1, 8_940_00, "Calipers, micrometers, PPE"),
            (2, 13_750_00, "Coordinator, three months"),
            (3, 1_800_00, "Shop-floor open house"),
        ),
        "milestones": (
            ("Employer commitments signed", "milestone", -2, "done"),
            ("Standards submitted to the state agency", "deliverable", -1, "planned"),
            ("First ten apprentices enrolled", "milestone", 1, "planned"),
            ("Year-one progress report", "deliverable", 8, "planned"),
        ),
    },
)


def _month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    rng = random.Random(rng.getstate()[1][1])  # its own draws: the seeders after it see the same stream
    today = clock.today()
    me = load_settings(paths).get("current_staff_id")
    with db.read_session() as s:
        partnerships = {p.sector: (p.id, p.created_at.date()) for p in s.scalars(select(SectorPartnership))}
        teams = list(
            s.execute(
                select(
                    ActionTeam.id,
                    ActionTeam.partnership_id,
                    ActionTeam.name,
                    ActionTeam.goal,
                    ActionTeam.target_date,
                )
            )
        )
    goals = updates = 0
    for sector, (pid, since) in partnerships.items():
        if sector in PARTNERSHIP_GOALS:
            title, measure, target = PARTNERSHIP_GOALS[sector]
            due = dt.date(today.year + 1, 6, 30)
            updates += _goal(db, rng, GoalInput(pid, title, measure, target, due), since, today)
            goals += 1
    for team_id, pid, name, goal_text, target_date in teams:
        measure, target = TEAM_MEASURES.get(name, ("Employers engaged", 10))
        data = GoalInput(pid, goal_text or name, measure, target, target_date, action_team_id=team_id)
        updates += _goal(db, rng, data, today - dt.timedelta(days=200), today)
        goals += 1
    made = [_initiative(db, spec, partnerships, teams, me, today) for spec in INITIATIVES]
    made = [m for m in made if m]
    return f"Goals and initiatives: {goals} goals with {updates} progress updates, {len(made)} initiatives."


def _goal(db: Database, rng: random.Random, data: GoalInput, since: dt.date, today: dt.date) -> int:
    goal_id = save_goal(db, data)
    target = data.target or 10
    pace = rng.uniform(0.35, 0.9)  # where the measure stands today, as a share of the target
    start = max(since, today - dt.timedelta(days=240))
    months = max(1, (today - start).days // 30)
    value = 0.0
    for n in range(1, months + 1):
        value = round(target * pace * n / months)
        day = start + dt.timedelta(days=30 * n)
        note = (
            "Counted at the monthly partnership meeting."
            if n % 3
            else "Confirmed with the members' HR leads."
        )
        add_progress(db, goal_id, value, min(day, today), note)
    return months


def _initiative(
    db: Database, spec: dict, partnerships: dict, teams: list, me: str | None, today: dt.date
) -> str:
    if spec["sector"] not in partnerships:
        return ""
    pid = partnerships[spec["sector"]][0]
    starts, ends = (_month(today, m).replace(day=1) for m in spec["months"])
    initiative_id = save_initiative(
        db, InitiativeInput(pid, spec["name"], starts, ends - dt.timedelta(days=1), me, spec["description"])
    )
    for funder, grant, cents in spec["funding"]:
        save_funding(
            db, initiative_id, FundingInput(funder, cents, grant, starts, ends - dt.timedelta(days=1))
        )
    lines = [save_budget_line(db, initiative_id, name, cents) for name, cents in spec["lines"]]
    span = max(1, (today - starts).days)
    for n, (line, cents, note, *cancelled) in enumerate(spec["spend"]):
        day = starts + dt.timedelta(days=span * (n + 1) // (len(spec["spend"]) + 1))
        expenditure_id = add_expenditure(db, ExpenditureInput(lines[line], day, cents, note))
        if cancelled:
            from ..initiatives import set_expenditure_cancelled

            set_expenditure_cancelled(db, expenditure_id)
    own_teams = [t[0] for t in teams if t[1] == pid]
    for n, (title, kind, month, status) in enumerate(spec["milestones"]):
        due = _month(today, month) if month else today
        team = own_teams[n % len(own_teams)] if own_teams else None
        save_milestone(db, initiative_id, MilestoneInput(title, due, kind, status, me, team))
    return initiative_id
