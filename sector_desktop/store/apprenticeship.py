"""Queries for the apprenticeship screens: the board by stage and one program's full detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from sector_desktop.models import (
    Apprentice,
    ApprenticeshipProgram,
    Attachment,
    Organization,
    ProgramDocument,
    StageChange,
)

READY = {"received", "submitted", "approved"}


@dataclass(frozen=True)
class ProgramCard:
    """One program on the board."""

    id: str
    occupation_title: str
    sponsor_name: str
    stage: str
    documents_ready: int
    documents_total: int
    overdue_documents: int
    apprentices: int


@dataclass(frozen=True)
class DocumentRow:
    id: str
    doc_type: str
    title: str
    status: str
    due_date: dt.date | None
    notes: str | None
    required: bool
    overdue: bool
    attachments: int


@dataclass(frozen=True)
class ApprenticeRow:
    id: str
    name: str
    start_date: dt.date | None
    wage_step: int | None
    agreement_status: str
    rti_hours_completed: int | None
    ojt_hours_completed: int | None
    status: str


@dataclass
class ProgramDetail:
    id: str
    sponsor_id: str
    sponsor_name: str
    state: str
    occupation_title: str
    onet_code: str | None
    rapids_code: str | None
    program_type: str
    term_hours: int | None
    rti_provider_name: str | None
    rti_hours_per_year: int | None
    ratio_apprentices: int | None
    ratio_journeyworkers: int | None
    journeyworker_wage: float | None
    probation_hours: int | None
    stage: str
    interest_on: dt.date | None
    intake_on: dt.date | None
    submitted_on: dt.date | None
    registered_on: dt.date | None
    registration_number: str | None
    reviewer_comments: str | None
    notes: str | None
    wage_steps: list[tuple[int | None, int | None, float | None, float | None]] = field(default_factory=list)
    work_processes: list[tuple[str, int | None]] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    apprentices: list[ApprenticeRow] = field(default_factory=list)
    history: list[tuple[dt.date, str | None, str, str | None]] = field(default_factory=list)


def document_is_overdue(status: str, due_date: dt.date | None, today: dt.date) -> bool:
    """A document is overdue when its due date has passed and it has not come in yet."""
    return due_date is not None and due_date < today and status not in READY


def _is_overdue(doc: ProgramDocument, today: dt.date) -> bool:
    return document_is_overdue(doc.status, doc.due_date, today)


def program_board(session: Session, today: dt.date) -> list[ProgramCard]:
    """Every live program with its paperwork progress, for the board view."""
    programs = session.scalars(
        select(ApprenticeshipProgram)
        .where(ApprenticeshipProgram.deleted_at.is_(None))
        .options(
            selectinload(ApprenticeshipProgram.sponsor),
            selectinload(ApprenticeshipProgram.documents),
            selectinload(ApprenticeshipProgram.apprentices),
        )
        .order_by(ApprenticeshipProgram.occupation_title)
    )
    cards = []
    for p in programs:
        docs = [d for d in p.documents if d.deleted_at is None]
        cards.append(
            ProgramCard(
                id=p.id,
                occupation_title=p.occupation_title,
                sponsor_name=p.sponsor.name,
                stage=p.stage,
                documents_ready=sum(d.status in READY for d in docs),
                documents_total=len(docs),
                overdue_documents=sum(_is_overdue(d, today) for d in docs),
                apprentices=sum(a.deleted_at is None and a.status == "active" for a in p.apprentices),
            )
        )
    return cards


def program_with_most_documents(session: Session) -> str | None:
    return session.scalar(
        select(ProgramDocument.program_id)
        .where(ProgramDocument.deleted_at.is_(None))
        .group_by(ProgramDocument.program_id)
        .order_by(func.count().desc())
        .limit(1)
    )


def _attachment_counts(session: Session, doc_ids: list[str]) -> dict[str, int]:
    if not doc_ids:
        return {}
    rows = session.execute(
        select(Attachment.owner_id, func.count())
        .where(Attachment.owner_type == "program_document", Attachment.owner_id.in_(doc_ids))
        .where(Attachment.deleted_at.is_(None))
        .group_by(Attachment.owner_id)
    )
    return dict(rows.all())


def program_detail(session: Session, program_id: str, today: dt.date) -> ProgramDetail | None:
    p = session.get(ApprenticeshipProgram, program_id)
    if p is None or p.deleted_at is not None:
        return None
    docs = sorted(
        (d for d in p.documents if d.deleted_at is None), key=lambda d: (d.due_date or dt.date.max, d.title)
    )
    counts = _attachment_counts(session, [d.id for d in docs])
    history = session.scalars(
        select(StageChange).where(StageChange.program_id == p.id).order_by(StageChange.created_at)
    )
    sponsor = session.get(Organization, p.sponsor_id)
    return ProgramDetail(
        id=p.id,
        sponsor_id=p.sponsor_id,
        sponsor_name=sponsor.name if sponsor else "",
        state=p.state,
        occupation_title=p.occupation_title,
        onet_code=p.onet_code,
        rapids_code=p.rapids_code,
        program_type=p.program_type,
        term_hours=p.term_hours,
        rti_provider_name=p.rti_provider_name,
        rti_hours_per_year=p.rti_hours_per_year,
        ratio_apprentices=p.ratio_apprentices,
        ratio_journeyworkers=p.ratio_journeyworkers,
        journeyworker_wage=p.journeyworker_wage,
        probation_hours=p.probation_hours,
        stage=p.stage,
        interest_on=p.interest_on,
        intake_on=p.intake_on,
        submitted_on=p.submitted_on,
        registered_on=p.registered_on,
        registration_number=p.registration_number,
        reviewer_comments=p.reviewer_comments,
        notes=p.notes,
        wage_steps=[
            (w.after_hours, w.after_months, w.percent_of_journeyworker, w.hourly_rate)
            for w in p.wage_steps
            if w.deleted_at is None
        ],
        work_processes=[(w.title, w.hours) for w in p.work_processes if w.deleted_at is None],
        documents=[
            DocumentRow(
                d.id,
                d.doc_type,
                d.title,
                d.status,
                d.due_date,
                d.notes,
                d.required,
                _is_overdue(d, today),
                counts.get(d.id, 0),
            )
            for d in docs
        ],
        apprentices=[
            ApprenticeRow(
                a.id,
                a.name,
                a.start_date,
                a.wage_step,
                a.agreement_status,
                a.rti_hours_completed,
                a.ojt_hours_completed,
                a.status,
            )
            for a in sorted(p.apprentices, key=lambda a: a.name)
            if a.deleted_at is None
        ],
        history=[(h.changed_on, h.from_stage, h.to_stage, h.override_reason) for h in history],
    )


def active_apprentice_count(session: Session, program_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Apprentice)
            .where(
                Apprentice.program_id == program_id,
                Apprentice.deleted_at.is_(None),
                Apprentice.status == "active",
            )
        )
        or 0
    )


def sponsor_choices(session: Session, limit: int = 5000) -> list[tuple[str, str]]:
    """Organizations that can sponsor a program (employers, associations, agencies), by name."""
    rows = session.execute(
        select(Organization.id, Organization.name)
        .where(Organization.deleted_at.is_(None))
        .where(Organization.kind.in_(("employer", "association", "workforce_agency", "community_college")))
        .order_by(Organization.name)
        .limit(limit)
    )
    return [(r[0], r[1]) for r in rows]
