"""Logging, changing and deleting visits: one transaction per save, every part validated first.

A visit's attendees, hiring needs, skill gaps, services and follow-up action items are saved
with it, or nothing is (design rule 5). The editor's draft is removed in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import (
    ActionItem,
    Contact,
    Draft,
    HiringNeed,
    Organization,
    SkillGap,
    StaffUser,
    Visit,
    VisitAttendee,
    utcnow,
)
from sector_desktop.models.choices import EMPLOYER_SERVICES, VISIT_STATUSES, VISIT_TYPES, codes
from sector_desktop.store import Database

MAX_DURATION_MINUTES = 24 * 60


@dataclass
class HiringNeedInput:
    occupation: str
    openings: int | None = None
    wage_min: float | None = None
    wage_max: float | None = None
    timeline: str | None = None
    id: str | None = None  # set when editing a row that already exists


@dataclass
class SkillGapInput:
    skill: str
    notes: str | None = None
    id: str | None = None


@dataclass
class ActionItemInput:
    text: str
    owner_staff_id: str | None = None
    due_date: dt.date | None = None
    id: str | None = None


@dataclass
class VisitInput:
    """Everything the visit editor collects."""

    organization_id: str | None
    starts_at: dt.datetime | None
    visit_type: str = "site_visit"
    status: str = "completed"
    duration_minutes: int | None = None
    staff_id: str | None = None
    purpose: str | None = None
    notes: str | None = None
    attendee_ids: list[str] = field(default_factory=list)
    hiring_needs: list[HiringNeedInput] = field(default_factory=list)
    skill_gaps: list[SkillGapInput] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    action_items: list[ActionItemInput] = field(default_factory=list)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _check_visit_fields(s: Session, v: VisitInput, problems: list[str]) -> None:
    org = s.get(Organization, v.organization_id) if v.organization_id else None
    if org is None or org.deleted_at is not None:
        problems.append("Organization: choose the organization that was visited.")
    if v.starts_at is None:
        problems.append("Date and time: enter when the visit took place.")
    if v.visit_type not in codes(VISIT_TYPES):
        problems.append(f"Type: {v.visit_type!r} is not a visit type.")
    if v.status not in codes(VISIT_STATUSES):
        problems.append(f"Status: {v.status!r} is not a visit status.")
    if v.duration_minutes is not None and not 0 <= v.duration_minutes <= MAX_DURATION_MINUTES:
        problems.append(
            f"Duration: {v.duration_minutes} minutes is not between 0 and {MAX_DURATION_MINUTES}."
        )
    if v.staff_id and s.get(StaffUser, v.staff_id) is None:
        problems.append("Staff: the chosen staff member does not exist.")
    if v.purpose is not None and len(v.purpose) > 500:
        problems.append(f"Purpose: {len(v.purpose)} characters is more than the 500 allowed.")
    unknown = [c for c in v.services if c not in codes(EMPLOYER_SERVICES)]
    if unknown:
        problems.append(f"Services: {', '.join(map(repr, unknown))} is not an ETA-9169 employer service.")


def _check_attendees(s: Session, v: VisitInput, problems: list[str]) -> None:
    for contact_id in dict.fromkeys(v.attendee_ids):
        contact = s.get(Contact, contact_id)
        if contact is None or contact.deleted_at is not None:
            problems.append("Attendees: one of the chosen contacts no longer exists.")
        elif contact.organization_id != v.organization_id:
            problems.append(f"Attendees: {contact.name} is a contact of another organization.")


def _check_parts(s: Session, v: VisitInput, problems: list[str]) -> None:
    for i, need in enumerate(v.hiring_needs, start=1):
        where = f"Hiring needs, row {i}"
        if _blank(need.occupation):
            problems.append(f"{where}, occupation: enter the occupation.")
        if need.openings is not None and need.openings < 0:
            problems.append(f"{where}, openings: cannot be negative.")
        for name, wage in (("minimum wage", need.wage_min), ("maximum wage", need.wage_max)):
            if wage is not None and wage < 0:
                problems.append(f"{where}, {name}: cannot be negative.")
        if need.wage_min is not None and need.wage_max is not None and need.wage_min > need.wage_max:
            problems.append(
                f"{where}, wage: the minimum ({need.wage_min:.2f}) "
                f"is more than the maximum ({need.wage_max:.2f})."
            )
    for i, gap in enumerate(v.skill_gaps, start=1):
        if _blank(gap.skill):
            problems.append(f"Skill gaps, row {i}, skill: enter the skill.")
    for i, item in enumerate(v.action_items, start=1):
        if _blank(item.text):
            problems.append(f"Follow-ups, row {i}, text: say what needs doing.")
        if item.owner_staff_id and s.get(StaffUser, item.owner_staff_id) is None:
            problems.append(f"Follow-ups, row {i}, owner: the chosen staff member does not exist.")


def validate_visit(s: Session, v: VisitInput) -> None:
    """Raise ValidationError listing every problem, each naming its field; change nothing."""
    problems: list[str] = []
    _check_visit_fields(s, v, problems)
    _check_attendees(s, v, problems)
    _check_parts(s, v, problems)
    if problems:
        raise ValidationError("The visit was not saved. " + " ".join(problems), problems)


def _apply_fields(visit: Visit, v: VisitInput) -> None:
    visit.organization_id = v.organization_id  # type: ignore[assignment]
    visit.starts_at = v.starts_at  # type: ignore[assignment]
    visit.duration_minutes = v.duration_minutes
    visit.visit_type = v.visit_type
    visit.status = v.status
    visit.staff_id = v.staff_id or None
    visit.purpose = (v.purpose or "").strip() or None
    visit.notes = v.notes if not _blank(v.notes) else None
    # Keep the report's order, whatever order the boxes were ticked in.
    chosen = set(v.services)
    visit.services = [c for c in codes(EMPLOYER_SERVICES) if c in chosen]


def _sync_attendees(s: Session, visit: Visit, v: VisitInput, now: dt.datetime) -> None:
    existing = {
        a.contact_id: a for a in s.scalars(select(VisitAttendee).where(VisitAttendee.visit_id == visit.id))
    }
    wanted = list(dict.fromkeys(v.attendee_ids))
    for contact_id, row in existing.items():
        if contact_id not in wanted and row.deleted_at is None:
            row.deleted_at = now
    for contact_id in wanted:
        attendee = existing.get(contact_id)
        if attendee is None:
            s.add(VisitAttendee(visit_id=visit.id, contact_id=contact_id))
        elif attendee.deleted_at is not None:
            attendee.deleted_at = None


# A visit's child rows and the inputs that edit them (constrained, so each pair is checked).
ChildT = TypeVar("ChildT", HiringNeed, SkillGap, ActionItem)
InputT = TypeVar("InputT", HiringNeedInput, SkillGapInput, ActionItemInput)
PartT = TypeVar("PartT", VisitAttendee, HiringNeed, SkillGap, ActionItem)


def _sync_children(
    s: Session,
    model: type[ChildT],
    visit: Visit,
    inputs: Sequence[InputT],
    apply: Callable[[ChildT, InputT], None],
    now: dt.datetime,
) -> None:
    """Update rows kept by id, add new ones, tombstone the ones the user removed."""
    existing = {r.id: r for r in s.scalars(select(model).where(model.visit_id == visit.id))}
    kept = {i.id for i in inputs if i.id}
    for row_id, row in existing.items():
        if row_id not in kept and row.deleted_at is None:
            row.deleted_at = now
    for item in inputs:
        child = existing.get(item.id) if item.id else None
        if child is None:
            child = model(visit_id=visit.id)
            s.add(child)
        apply(child, item)


def _save_parts(s: Session, visit: Visit, v: VisitInput) -> None:
    now = utcnow()
    org_id = visit.organization_id

    def need(row: HiringNeed, n: HiringNeedInput) -> None:
        row.organization_id, row.occupation, row.openings = org_id, n.occupation.strip(), n.openings
        row.wage_min, row.wage_max, row.timeline = n.wage_min, n.wage_max, (n.timeline or "").strip() or None

    def gap(row: SkillGap, g: SkillGapInput) -> None:
        row.organization_id, row.skill, row.notes = org_id, g.skill.strip(), (g.notes or "").strip() or None

    def action(row: ActionItem, a: ActionItemInput) -> None:
        row.organization_id, row.text = org_id, a.text.strip()
        row.owner_staff_id, row.due_date = a.owner_staff_id or None, a.due_date
        if row.status is None:
            row.status = "open"

    _sync_attendees(s, visit, v, now)
    _sync_children(s, HiringNeed, visit, v.hiring_needs, need, now)
    _sync_children(s, SkillGap, visit, v.skill_gaps, gap, now)
    _sync_children(s, ActionItem, visit, v.action_items, action, now)


def _drop_draft(s: Session, draft_key: str | None) -> None:
    if draft_key:
        draft = s.get(Draft, draft_key)
        if draft is not None:
            s.delete(draft)


def log_visit(db: Database, v: VisitInput, *, draft_key: str | None = None) -> str:
    """Save a new visit with all its parts in one transaction; return its id."""
    with db.session() as s:
        validate_visit(s, v)
        visit = Visit()
        _apply_fields(visit, v)
        s.add(visit)
        s.flush()
        _save_parts(s, visit, v)
        _drop_draft(s, draft_key)
        return visit.id


def update_visit(db: Database, visit_id: str, v: VisitInput, *, draft_key: str | None = None) -> None:
    """Save changes to a visit and its parts in one transaction."""
    with db.session() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted_at is not None:
            raise NotFound(f"No visit with id {visit_id}; it may have been deleted.")
        validate_visit(s, v)
        _apply_fields(visit, v)
        _save_parts(s, visit, v)
        _drop_draft(s, draft_key)


def delete_visit(db: Database, visit_id: str) -> None:
    """Tombstone a visit and what was recorded only at it (design rule 4: never a hard delete)."""
    with db.session() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted_at is not None:
            raise NotFound(f"No visit with id {visit_id}.")
        now = utcnow()
        visit.deleted_at = now
        _tombstone_parts(s, VisitAttendee, visit_id, now)
        _tombstone_parts(s, HiringNeed, visit_id, now)
        _tombstone_parts(s, SkillGap, visit_id, now)
        _tombstone_parts(s, ActionItem, visit_id, now)


def _tombstone_parts(s: Session, model: type[PartT], visit_id: str, now: dt.datetime) -> None:
    for row in s.scalars(select(model).where(model.visit_id == visit_id, model.deleted_at.is_(None))):
        row.deleted_at = now
