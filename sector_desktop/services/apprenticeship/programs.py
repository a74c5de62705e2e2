"""Create and edit apprenticeship programs, their paperwork and their apprentices.

Values that can never be right (negative hours, a percentage over 100) are refused. Values
that break a rule of the standards are saved but reported, and they block submission
(see pipeline.py): a program in its interest stage is allowed to be incomplete.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import (
    Apprentice,
    ApprenticeshipProgram,
    ProgramDocument,
    WageStep,
    WorkProcess,
    utcnow,
)
from sector_desktop.models.choices import (
    APPRENTICE_STATUSES,
    DOCUMENT_STATUSES,
    PROGRAM_TYPES,
    codes,
)
from sector_desktop.personal_data import POLICY
from sector_desktop.store import Database

from .pipeline import findings_for, refresh_checklist
from .rules import Finding

# Staff must not keep SSNs or dates of birth here: every save passes the personal-data guard
# (sector_desktop/personal_data.py, installed on the store's sessions), which names the field.
PRIVACY_NOTE = POLICY


@dataclass
class WageStepInput:
    after_hours: int | None = None
    after_months: int | None = None
    percent_of_journeyworker: float | None = None
    hourly_rate: float | None = None


@dataclass
class ProgramInput:
    sponsor_id: str
    occupation_title: str
    state: str = "MD"
    program_type: str = "time_based"
    onet_code: str | None = None
    rapids_code: str | None = None
    term_hours: int | None = None
    rti_provider_name: str | None = None
    rti_hours_per_year: int | None = None
    ratio_apprentices: int | None = None
    ratio_journeyworkers: int | None = None
    journeyworker_wage: float | None = None
    probation_hours: int | None = None
    registration_number: str | None = None
    reviewer_comments: str | None = None
    notes: str | None = None
    wage_steps: list[WageStepInput] = field(default_factory=list)
    work_processes: list[tuple[str, int]] = field(default_factory=list)


def _problems(data: ProgramInput) -> list[str]:
    problems = []
    if not data.occupation_title.strip():
        problems.append("Occupation title: required.")
    if data.program_type not in codes(PROGRAM_TYPES):
        problems.append(f"Type: '{data.program_type}' is not one of {', '.join(codes(PROGRAM_TYPES))}.")
    if data.onet_code and not re.fullmatch(r"\d{2}-\d{4}(\.\d{2})?", data.onet_code):
        problems.append(f"O*NET-SOC code: '{data.onet_code}' should look like 51-4041.00.")
    for name in (
        "term_hours",
        "rti_hours_per_year",
        "ratio_apprentices",
        "ratio_journeyworkers",
        "probation_hours",
    ):
        value = getattr(data, name)
        if value is not None and value < 0:
            problems.append(f"{name.replace('_', ' ').capitalize()}: cannot be negative.")
    if data.journeyworker_wage is not None and data.journeyworker_wage <= 0:
        problems.append("Journeyworker wage: must be more than zero.")
    for i, step in enumerate(data.wage_steps, start=1):
        if step.percent_of_journeyworker is None and step.hourly_rate is None:
            problems.append(f"Wage step {i}: give a percentage of the journeyworker wage or a dollar rate.")
        if step.percent_of_journeyworker is not None and not 0 < step.percent_of_journeyworker <= 100:
            problems.append(f"Wage step {i}: the percentage must be between 0 and 100.")
    for title, hours in data.work_processes:
        if not title.strip() or hours is None or hours < 0:
            problems.append(f"Work process '{title or '(untitled)'}': needs a title and non-negative hours.")
    return problems


def _apply(program: ApprenticeshipProgram, data: ProgramInput) -> None:
    for name in (
        "sponsor_id", "occupation_title", "state", "program_type", "onet_code", "rapids_code", "term_hours",
        "rti_provider_name", "rti_hours_per_year", "ratio_apprentices", "ratio_journeyworkers",
        "journeyworker_wage", "probation_hours", "registration_number", "reviewer_comments", "notes",
    ):  # fmt: skip
        setattr(program, name, getattr(data, name))


def _replace_schedules(s: Session, program: ApprenticeshipProgram, data: ProgramInput) -> None:
    now = utcnow()
    rows: list[WageStep | WorkProcess] = [*program.wage_steps, *program.work_processes]
    for row in rows:
        if row.deleted_at is None:
            row.deleted_at = now
    for i, step in enumerate(data.wage_steps, start=1):
        s.add(WageStep(program_id=program.id, position=i, **step.__dict__))
    for i, (title, hours) in enumerate(data.work_processes, start=1):
        s.add(WorkProcess(program_id=program.id, position=i, title=title, hours=hours))


def save_program(
    db: Database, data: ProgramInput, today: dt.date, program_id: str | None = None
) -> tuple[str, list[Finding]]:
    """Create (no id) or update a program. Returns its id and the rule findings to show the user."""
    problems = _problems(data)
    if problems:
        raise ValidationError("The program was not saved.", problems)
    with db.session() as s:
        if program_id is None:
            program = ApprenticeshipProgram(stage="interest", interest_on=today)
            s.add(program)
        else:
            found = s.get(ApprenticeshipProgram, program_id)
            if found is None:
                raise NotFound(f"No apprenticeship program with id {program_id}.")
            program = found
        _apply(program, data)
        s.flush()
        _replace_schedules(s, program, data)
        s.flush()
        s.expire(program, ["wage_steps", "work_processes", "documents", "apprentices"])
        refresh_checklist(s, program, today)
        return program.id, findings_for(program)


def update_document(
    db: Database,
    document_id: str,
    *,
    status: str | None = None,
    due_date: dt.date | None = None,
    notes: str | None = None,
) -> None:
    if status is not None and status not in codes(DOCUMENT_STATUSES):
        raise ValidationError(f"Status '{status}' is not one of {', '.join(codes(DOCUMENT_STATUSES))}.")
    with db.session() as s:
        doc = s.get(ProgramDocument, document_id)
        if doc is None:
            raise NotFound(f"No document with id {document_id}.")
        if status is not None:
            doc.status = status
        if due_date is not None:
            doc.due_date = due_date
        if notes is not None:
            doc.notes = notes


def add_apprentice(
    db: Database, program_id: str, name: str, start_date: dt.date | None, today: dt.date
) -> str:
    """Add an apprentice; the program gains an agreement to collect (and an AAP at five)."""
    if not name.strip():
        raise ValidationError("Apprentice name: required.")
    with db.session() as s:
        program = s.get(ApprenticeshipProgram, program_id)
        if program is None:
            raise NotFound(f"No apprenticeship program with id {program_id}.")
        apprentice = Apprentice(program_id=program_id, name=name.strip(), start_date=start_date, wage_step=1)
        s.add(apprentice)
        s.flush()
        s.expire(program, ["apprentices", "documents"])
        refresh_checklist(s, program, today)
        return apprentice.id


def update_apprentice(db: Database, apprentice_id: str, **changes: object) -> None:
    allowed = {
        "wage_step",
        "agreement_status",
        "rti_hours_completed",
        "ojt_hours_completed",
        "status",
        "start_date",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} on an apprentice.")
    if "status" in changes and changes["status"] not in codes(APPRENTICE_STATUSES):
        raise ValidationError(f"Status '{changes['status']}' is not a known apprentice status.")
    with db.session() as s:
        apprentice = s.get(Apprentice, apprentice_id)
        if apprentice is None:
            raise NotFound(f"No apprentice with id {apprentice_id}.")
        for key, value in changes.items():
            setattr(apprentice, key, value)
