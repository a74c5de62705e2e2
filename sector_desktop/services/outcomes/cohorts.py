"""Training cohorts: a program's run with its enrolments, completions and credentials earned (counts only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sector_desktop import clock
from sector_desktop.models import Organization, SectorPartnership, StaffUser, TrainingCohort, TrainingProgram
from sector_desktop.models.choices import SECTORS, codes
from sector_desktop.store import Database

from ..records import find_live, live_record, refuse_if

NAME_MAX, NOTES_MAX, LARGEST_COHORT = 300, 20_000, 100_000


@dataclass(frozen=True)
class CohortInput:
    name: str
    sector: str | None = None
    training_program_id: str | None = None
    provider_id: str | None = None
    partnership_id: str | None = None
    staff_id: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    enrolled: int | None = None
    completed: int | None = None
    credentials_earned: int | None = None
    credential_name: str | None = None
    notes: str | None = None


def _problems(data: CohortInput) -> list[str]:
    problems = []
    if not data.name.strip():
        problems.append("name: say which program ran, e.g. “CNA, spring 2026”")
    if len(data.name) > NAME_MAX or len(data.credential_name or "") > NAME_MAX:
        problems.append(f"name: at most {NAME_MAX} characters")
    if len(data.notes or "") > NOTES_MAX:
        problems.append(f"notes: at most {NOTES_MAX:,} characters")
    if data.sector is not None and data.sector not in codes(SECTORS):
        problems.append(f"sector: unknown sector {data.sector!r}")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        problems.append("ends on: the cohort cannot end before it starts")
    counts = {"enrolled": data.enrolled, "completed": data.completed, "credentials": data.credentials_earned}
    for what, n in counts.items():
        if n is not None and not 0 <= n <= LARGEST_COHORT:
            problems.append(f"{what}: a number from 0 to {LARGEST_COHORT:,}")
    if data.enrolled is not None and data.completed is not None and data.completed > data.enrolled:
        problems.append("completed: more completions than enrolments")
    if data.credentials_earned and not (data.credential_name or "").strip():
        problems.append("credential: name the credential the cohort earned")
    if data.ends_on and data.completed is not None and data.ends_on > clock.today():
        problems.append("completed: the cohort has not ended yet; record completions once it has")
    return problems


def save_cohort(db: Database, data: CohortInput, cohort_id: str | None = None) -> str:
    """Create a cohort (or update `cohort_id`); a ValidationError names every problem and saves nothing."""
    refuse_if("cohort", _problems(data))
    with db.session() as s:
        for model, ref, what in (
            (TrainingProgram, data.training_program_id, "training program"),
            (Organization, data.provider_id, "provider"),
            (SectorPartnership, data.partnership_id, "partnership"),
            (StaffUser, data.staff_id, "staff member"),
        ):
            if ref is not None:
                live_record(s, model, ref, what)
        cohort = live_record(s, TrainingCohort, cohort_id, "cohort") if cohort_id else TrainingCohort()
        program = find_live(s, TrainingProgram, data.training_program_id)
        for name, value in vars(data).items():
            setattr(cohort, name, value.strip() if isinstance(value, str) else value)
        if program is not None:  # what the program record knows fills what was left blank
            cohort.sector = cohort.sector or program.sector
            cohort.provider_id = cohort.provider_id or program.provider_id
            cohort.credential_name = cohort.credential_name or program.credential
        if cohort_id is None:
            s.add(cohort)
        s.flush()
        return cohort.id


def delete_cohort(db: Database, cohort_id: str) -> None:
    """Tombstone the cohort; the placements that came from it stay as they are."""
    with db.session() as s:
        live_record(s, TrainingCohort, cohort_id, "cohort").deleted_at = clock.now()
