"""Read queries for the education and training program inventory: the programs, as plain rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import Organization, TrainingProgram


@dataclass(frozen=True)
class ProgramRow:
    """One program of the inventory, with its provider's name."""

    id: str
    sector: str
    provider_id: str | None
    provider_name: str
    name: str
    credential: str | None
    soc_codes: tuple[str, ...]
    hours: int | None
    duration_weeks: int | None
    cost_cents: int | None
    schedule: str | None
    modality: str | None
    next_start: dt.date | None
    etpl_status: str | None
    capacity: int | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    notes: str | None


def program_rows(session: Session, sector: str | None = None) -> list[ProgramRow]:
    """The live programs (of one sector, or all), by provider then program name."""
    stmt = (
        select(TrainingProgram, Organization.name)
        .outerjoin(Organization, Organization.id == TrainingProgram.provider_id)
        .where(TrainingProgram.deleted_at.is_(None))
    )
    if sector:
        stmt = stmt.where(TrainingProgram.sector == sector)
    rows = [_row(p, provider) for p, provider in session.execute(stmt)]
    rows.sort(key=lambda r: (r.provider_name.lower(), r.name.lower()))
    return rows


def program_row(session: Session, program_id: str) -> ProgramRow | None:
    found = session.execute(
        select(TrainingProgram, Organization.name)
        .outerjoin(Organization, Organization.id == TrainingProgram.provider_id)
        .where(TrainingProgram.id == program_id, TrainingProgram.deleted_at.is_(None))
    ).first()
    return _row(*found) if found else None


def _row(p: TrainingProgram, provider: str | None) -> ProgramRow:
    return ProgramRow(
        p.id,
        p.sector,
        p.provider_id,
        provider or "",
        p.name,
        p.credential,
        tuple(p.soc_codes or ()),
        p.hours,
        p.duration_weeks,
        p.cost_cents,
        p.schedule,
        p.modality,
        p.next_start,
        p.etpl_status,
        p.capacity,
        p.contact_name,
        p.contact_email,
        p.contact_phone,
        p.notes,
    )


PROVIDER_KINDS = (
    "training_provider",
    "community_college",
    "community_organization",
    "workforce_agency",
    "association",
    "government",
)


def provider_options(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the organizations that can offer training, by name."""
    rows = session.execute(
        select(Organization.id, Organization.name)
        .where(Organization.deleted_at.is_(None), Organization.kind.in_(PROVIDER_KINDS))
        .order_by(Organization.name)
    )
    return [(i, n) for i, n in rows]
