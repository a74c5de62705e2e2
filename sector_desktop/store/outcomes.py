"""The outcomes the Performance page lists for editing: training cohorts, and placements with their
retention checks. Plain rows, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import Organization, Placement, RetentionCheck, TrainingCohort


@dataclass(frozen=True)
class CohortLine:
    id: str
    name: str
    sector: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    enrolled: int | None
    completed: int | None
    credentials_earned: int | None
    credential_name: str | None
    provider_id: str | None
    partnership_id: str | None
    staff_id: str | None
    notes: str | None


@dataclass(frozen=True)
class CheckLine:
    id: str
    quarter: int
    due_on: dt.date
    result: str | None
    checked_on: dt.date | None


@dataclass(frozen=True)
class PlacementLine:
    id: str
    organization_id: str
    employer: str
    start_date: dt.date
    occupation_soc: str | None
    occupation_title: str | None
    hourly_wage: float | None
    full_time: bool | None
    cohort_id: str | None
    case_number: str | None
    staff_id: str | None
    notes: str | None
    checks: tuple[CheckLine, ...] = ()

    def check(self, quarter: int) -> CheckLine | None:
        return next((c for c in self.checks if c.quarter == quarter), None)


def cohort_lines(session: Session) -> list[CohortLine]:
    c = TrainingCohort
    query = select(
        c.id, c.name, c.sector, c.starts_on, c.ends_on, c.enrolled, c.completed, c.credentials_earned,
        c.credential_name, c.provider_id, c.partnership_id, c.staff_id, c.notes,
    ).where(c.deleted_at.is_(None))  # fmt: skip
    rows = [CohortLine(**row._mapping) for row in session.execute(query)]  # columns named as fields
    return sorted(rows, key=lambda r: (r.ends_on or dt.date.max, r.name), reverse=True)


def placement_lines(session: Session, limit: int = 2000) -> list[PlacementLine]:
    """The newest `limit` live placements, with their live retention checks."""
    p = Placement
    query = (
        select(
            p.id,
            p.organization_id,
            Organization.name.label("employer"),
            p.start_date,
            p.occupation_soc,
            p.occupation_title,
            p.hourly_wage,
            p.full_time,
            p.cohort_id,
            p.case_number,
            p.staff_id,
            p.notes,
        )
        .join(Organization, Organization.id == p.organization_id)
        .where(p.deleted_at.is_(None))
        .order_by(p.start_date.desc(), p.id)
        .limit(limit)
    )
    rows = session.execute(query).all()
    checks: dict[str, list[CheckLine]] = {}
    ids = [r[0] for r in rows]
    for i in range(0, len(ids), 500):
        r = RetentionCheck
        found = select(r.placement_id, r.id, r.quarter, r.due_on, r.result, r.checked_on).where(
            r.placement_id.in_(ids[i : i + 500]), r.deleted_at.is_(None)
        )
        for placement_id, check_id, quarter, due_on, result, checked_on in session.execute(found):
            line = CheckLine(check_id, quarter, due_on, result, checked_on)
            checks.setdefault(placement_id, []).append(line)
    return [
        PlacementLine(**row._mapping, checks=tuple(sorted(checks.get(row.id, []), key=lambda c: c.quarter)))
        for row in rows
    ]


def organization_choices(session: Session) -> list[tuple[str, str, str]]:
    """(id, name, kind) of every live organization, by name: employers for a placement, the others
    as a cohort's provider."""
    query = (
        select(Organization.id, Organization.name, Organization.kind)
        .where(Organization.deleted_at.is_(None))
        .order_by(Organization.name)
    )
    return [(i, n, k) for i, n, k in session.execute(query)]
