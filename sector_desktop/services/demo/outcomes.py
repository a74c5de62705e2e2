"""Demo outcomes: training cohorts of the demo's programs over two years, placements of their completers
at employers of the same sector, and retention checks recorded where their quarter has ended.

Placements go through the outcomes service, so each plans its retention checks as action items exactly
as a user's would; checks whose quarter ended are then recorded (mostly yes)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.models import Organization, RetentionCheck, SectorPartnership, StaffUser, TrainingProgram
from sector_desktop.store import Database, ProfilePaths

from ..outcomes import CohortInput, PlacementInput, record_check, save_cohort, save_placement

# Training program -> the occupation its completers are placed in: SOC, title, hourly wage range.
OCCUPATIONS = {
    "Certified Nursing Assistant course": ("31-1131", "Nursing Assistants", 17.0, 21.0),
    "Pharmacy Technician program": ("29-2052", "Pharmacy Technicians", 18.0, 23.0),
    "Sterile Processing bootcamp": ("31-9093", "Medical Equipment Preparers", 20.0, 26.0),
    "CNC Machining fundamentals": ("51-4041", "Machinists", 22.0, 30.0),
    "Welding pre-apprenticeship": ("51-4121", "Welders, Cutters, Solderers, and Brazers", 21.0, 28.0),
    "IT Support bootcamp": ("15-1232", "Computer User Support Specialists", 21.0, 27.0),
    "Cybersecurity analyst track": ("15-1212", "Information Security Analysts", 30.0, 42.0),
    "Construction pre-apprenticeship": ("47-2061", "Construction Laborers", 18.0, 24.0),
    "HVAC technician program": (
        "49-9021",
        "Heating, Air Conditioning, and Refrigeration Mechanics",
        21.0,
        29.0,
    ),
    "Culinary skills academy": ("35-2014", "Cooks, Restaurant", 15.5, 19.0),
    "Hotel operations pathway": ("43-4081", "Hotel, Motel, and Resort Desk Clerks", 15.0, 18.0),
    "CDL Class A training": ("53-3032", "Heavy and Tractor-Trailer Truck Drivers", 24.0, 31.0),
    "Warehouse and forklift certificate": ("53-7051", "Industrial Truck and Tractor Operators", 18.0, 22.0),
}
RETENTION = (("yes", 80), ("no", 12), ("unknown", 8))


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    today = clock.today()
    with db.read_session() as s:
        programs = list(s.scalars(select(TrainingProgram).where(TrainingProgram.deleted_at.is_(None))))
        staff = list(s.scalars(select(StaffUser.id).order_by(StaffUser.created_at)))
        partnerships = dict(s.execute(select(SectorPartnership.sector, SectorPartnership.id)).all())
        employers: dict[str | None, list[str]] = {}
        for org_id, sector in s.execute(
            select(Organization.id, Organization.sector).where(
                Organization.kind == "employer", Organization.deleted_at.is_(None)
            )
        ):
            employers.setdefault(sector, []).append(org_id)
    cohorts = placements = 0
    runs = max(1, round(4 * min(scale, 1.0)))
    for program in programs:
        if program.name not in OCCUPATIONS or not employers.get(program.sector):
            continue
        for n in range(runs):
            ends = today - dt.timedelta(days=60 + (n * 700) // runs + rng.randint(0, 50))
            cohort_id, completers = _cohort(db, rng, program, ends, staff, partnerships)
            cohorts += 1
            placed = round(completers * rng.uniform(0.55, 0.8) * min(scale * 4, 1.0))
            for _ in range(placed):
                start = ends + dt.timedelta(days=rng.randint(5, 75))
                if start > today:
                    continue
                _placement(db, rng, program, cohort_id, start, employers[program.sector], staff, today)
                placements += 1
        _in_progress(db, rng, program, today, staff, partnerships)
        cohorts += 1
    checks = _record_checks(db, rng, today)
    return (
        f"Outcomes: {cohorts} training cohorts, {placements} placements, {checks} retention checks recorded."
    )


def _cohort(
    db: Database,
    rng: random.Random,
    program: TrainingProgram,
    ends: dt.date,
    staff: list[str],
    partnerships: dict[str | None, str],
) -> tuple[str, int]:
    enrolled = rng.randint(10, 20)
    completed = round(enrolled * rng.uniform(0.68, 0.95))
    credentials = round(completed * rng.uniform(0.82, 1.0))
    season = ("winter", "spring", "summer", "fall")[(ends.month - 1) // 3]
    data = CohortInput(
        name=f"{program.name}, {season} {ends.year}",
        sector=program.sector,
        training_program_id=program.id,
        provider_id=program.provider_id,
        partnership_id=partnerships.get(program.sector),
        staff_id=rng.choice(staff) if staff else None,
        starts_on=ends - dt.timedelta(weeks=program.duration_weeks or 8),
        ends_on=ends,
        enrolled=enrolled,
        completed=completed,
        credentials_earned=credentials,
        credential_name=program.credential,
    )
    return save_cohort(db, data), completed


def _in_progress(
    db: Database,
    rng: random.Random,
    program: TrainingProgram,
    today: dt.date,
    staff: list[str],
    partnerships: dict[str | None, str],
) -> None:
    """One cohort still running: enrolled, nothing completed yet."""
    starts = today - dt.timedelta(days=rng.randint(7, 40))
    save_cohort(
        db,
        CohortInput(
            name=f"{program.name}, starting {starts:%B %Y}",
            sector=program.sector,
            training_program_id=program.id,
            partnership_id=partnerships.get(program.sector),
            staff_id=rng.choice(staff) if staff else None,
            starts_on=starts,
            ends_on=starts + dt.timedelta(weeks=program.duration_weeks or 8),
            enrolled=rng.randint(10, 20),
        ),
    )


def _placement(
    db: Database,
    rng: random.Random,
    program: TrainingProgram,
    cohort_id: str,
    start: dt.date,
    employers: list[str],
    staff: list[str],
    today: dt.date,
) -> None:
    soc, title, low, high = OCCUPATIONS[program.name]
    data = PlacementInput(
        organization_id=rng.choice(employers[:40]),
        start_date=start,
        occupation_soc=soc,
        occupation_title=title,
        hourly_wage=round(rng.uniform(low, high) * 4) / 4,
        full_time=rng.random() < 0.85,
        cohort_id=cohort_id,
        case_number=f"MD-{start.year}-{rng.randint(1000, 99999):05d}" if rng.random() < 0.7 else None,
        staff_id=rng.choice(staff) if staff else None,
    )
    save_placement(db, data)


def _record_checks(db: Database, rng: random.Random, today: dt.date) -> int:
    """Record the checks whose quarter ended at least two weeks ago; a few stay unrecorded."""
    with db.read_session() as s:
        due = s.execute(
            select(RetentionCheck.id, RetentionCheck.due_on).where(
                RetentionCheck.due_on <= today - dt.timedelta(days=14), RetentionCheck.result.is_(None)
            )
        ).all()
    results, weights = [r for r, _ in RETENTION], [w for _, w in RETENTION]
    recorded = 0
    for check_id, due_on in due:
        if rng.random() < 0.07:
            continue  # overdue: still waiting for the owner to call
        checked = min(today, due_on + dt.timedelta(days=rng.randint(1, 20)))
        record_check(db, check_id, rng.choices(results, weights)[0], checked)
        recorded += 1
    return recorded
