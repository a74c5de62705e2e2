"""The sponsor pipeline: paperwork checklists per program and the rules for moving between stages.

A program cannot move forward while a document that blocks the target stage is not ready or
the program breaks a rule, unless the user gives a reason, which is recorded with the move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, SectorError, ValidationError
from sector_desktop.models import Apprentice, ApprenticeshipProgram, ProgramDocument, StageChange
from sector_desktop.models.choices import PROGRAM_STAGES, label
from sector_desktop.store import Database
from sector_desktop.store.apprenticeship import document_is_overdue

from .rules import Finding, ProgramFacts, WageStepFacts, check_program
from .templates import STAGE_CODES, checklist_for_state

# What a document must have reached before the stage it blocks.
READY_FOR = {
    "submitted": {"received", "submitted", "approved"},
    "registered": {"submitted", "approved"},
    "active": {"submitted", "approved"},
}
DATE_FIELD = {
    "interest": "interest_on",
    "intake": "intake_on",
    "submitted": "submitted_on",
    "registered": "registered_on",
}


class StageBlocked(SectorError):
    """A stage move refused because of `blockers`; give an override reason to move anyway."""

    def __init__(self, message: str, blockers: list[str]) -> None:
        super().__init__(message)
        self.problems = blockers


@dataclass(frozen=True)
class DocumentState:
    id: str
    title: str
    status: str
    due_date: dt.date | None
    blocks_stage: str | None
    overdue: bool


def _live(rows: list) -> list:
    return [r for r in rows if r.deleted_at is None]


def program_facts(program: ApprenticeshipProgram) -> ProgramFacts:
    return ProgramFacts(
        state=program.state,
        program_type=program.program_type,
        term_hours=program.term_hours,
        work_process_hours=[w.hours or 0 for w in _live(program.work_processes)],
        rti_hours_per_year=program.rti_hours_per_year,
        rti_provider=program.rti_provider_name,
        ratio_apprentices=program.ratio_apprentices,
        ratio_journeyworkers=program.ratio_journeyworkers,
        journeyworker_wage=program.journeyworker_wage,
        probation_hours=program.probation_hours,
        wage_steps=[
            WageStepFacts(s.after_hours, s.after_months, s.percent_of_journeyworker, s.hourly_rate)
            for s in _live(program.wage_steps)
        ],
        apprentice_count=len([a for a in _live(program.apprentices) if a.status == "active"]),
    )


def findings_for(program: ApprenticeshipProgram) -> list[Finding]:
    return check_program(program_facts(program))


def _blocks(doc_type: str, state: str) -> str | None:
    for item in checklist_for_state(state).documents:
        if item.doc_type == doc_type:
            return item.blocks_stage
    return None


def refresh_checklist(session: Session, program: ApprenticeshipProgram, today: dt.date) -> int:
    """Add the documents the state's template requires and the program lacks. Returns how many."""
    docs = _live(program.documents)
    have = {(d.doc_type, d.apprentice_id) for d in docs}
    apprentices = [a for a in _live(program.apprentices) if a.status == "active"]
    added = 0
    for item in checklist_for_state(program.state).documents:
        if item.when == "apprentices_at_least_5" and len(apprentices) < 5:
            continue
        targets: list[Apprentice | None] = list(apprentices) if item.per_apprentice else [None]
        for apprentice in targets:
            key = (item.doc_type, apprentice.id if apprentice else None)
            if key in have:
                continue
            title = f"{item.title} — {apprentice.name}" if apprentice else item.title
            doc = ProgramDocument(
                program_id=program.id,
                doc_type=item.doc_type,
                title=title,
                apprentice_id=key[1],
                status="missing",
                due_date=today + dt.timedelta(days=item.due_days),
            )
            session.add(doc)
            program.documents.append(doc)
            added += 1
    return added


def document_states(program: ApprenticeshipProgram, today: dt.date) -> list[DocumentState]:
    out = []
    for d in _live(program.documents):
        overdue = document_is_overdue(d.status, d.due_date, today)
        out.append(
            DocumentState(d.id, d.title, d.status, d.due_date, _blocks(d.doc_type, program.state), overdue)
        )
    return out


def _order(stage: str) -> int:
    return STAGE_CODES.index(stage) if stage in STAGE_CODES else -1


def stage_blockers(program: ApprenticeshipProgram, to_stage: str) -> list[str]:
    """Why the program may not move to `to_stage` yet (empty when it may)."""
    if to_stage in ("inactive", "cancelled") or _order(to_stage) <= _order(program.stage):
        return []
    blockers = []
    for doc in _live(program.documents):
        stage = _blocks(doc.doc_type, program.state)
        if (
            stage
            and doc.required
            and _order(stage) <= _order(to_stage)
            and doc.status not in READY_FOR[stage]
        ):
            blockers.append(
                f"{doc.title} is {doc.status}; it must be "
                f"{' or '.join(sorted(READY_FOR[stage]))} before {label(PROGRAM_STAGES, stage)}."
            )
    if _order(to_stage) >= _order("submitted"):
        blockers += [str(f) for f in findings_for(program) if f.severity == "error"]
    return blockers


def move_stage(
    db: Database,
    program_id: str,
    to_stage: str,
    today: dt.date,
    override_reason: str | None = None,
) -> list[str]:
    """Move a program to `to_stage`. Returns the blockers that were overridden (recorded with the move)."""
    if to_stage not in dict(PROGRAM_STAGES):
        raise ValidationError(f"Unknown stage '{to_stage}'.")
    with db.session() as s:
        program = s.get(ApprenticeshipProgram, program_id)
        if program is None or program.deleted_at is not None:
            raise NotFound(f"No apprenticeship program with id {program_id}.")
        blockers = stage_blockers(program, to_stage)
        reason = (override_reason or "").strip()
        if blockers and not reason:
            raise StageBlocked(
                f"{program.occupation_title} cannot move to {label(PROGRAM_STAGES, to_stage)} yet.", blockers
            )
        s.add(
            StageChange(
                program_id=program.id,
                from_stage=program.stage,
                to_stage=to_stage,
                changed_on=today,
                override_reason=reason or None,
            )
        )
        program.stage = to_stage
        if to_stage in DATE_FIELD and getattr(program, DATE_FIELD[to_stage]) is None:
            setattr(program, DATE_FIELD[to_stage], today)
        return blockers if reason else []


def programs_by_stage(session: Session) -> dict[str, list[ApprenticeshipProgram]]:
    board: dict[str, list[ApprenticeshipProgram]] = {code: [] for code, _ in PROGRAM_STAGES}
    rows = session.scalars(
        select(ApprenticeshipProgram)
        .where(ApprenticeshipProgram.deleted_at.is_(None))
        .order_by(ApprenticeshipProgram.occupation_title)
    )
    for p in rows:
        board.setdefault(p.stage, []).append(p)
    return board


def program_findings(db: Database, program_id: str) -> list[Finding]:
    """The rule findings of one program, for the screen (plain data, no session left open)."""
    with db.read_session() as s:
        program = s.get(ApprenticeshipProgram, program_id)
        return findings_for(program) if program is not None else []


def blockers_for(db: Database, program_id: str, to_stage: str) -> list[str]:
    with db.read_session() as s:
        program = s.get(ApprenticeshipProgram, program_id)
        return stage_blockers(program, to_stage) if program is not None else []
