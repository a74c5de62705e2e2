"""Placements and their retention checks at the 2nd and 4th quarter after placement.

Saving a placement plans both checks: a retention check each, due the last day of that quarter, and an
action item for the placement's owner on that day. Recording a check (yes, no or unknown) closes its
action item. Nothing here holds a person's identity (docs/measures.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop import clock, personal_data, timefmt
from sector_desktop.errors import ValidationError
from sector_desktop.models import (
    ActionItem,
    ApprenticeshipProgram,
    Organization,
    Placement,
    RetentionCheck,
    StaffUser,
    TrainingCohort,
)
from sector_desktop.models.choices import RETENTION_QUARTERS, RETENTION_RESULTS, codes
from sector_desktop.store import Database

from ..records import live_record, refusal
from .quarters import quarter_end_after

TITLE_MAX, CASE_MAX, NOTES_MAX = 200, 40, 20_000
HIGHEST_WAGE = 500.0  # dollars an hour; more is a typo (an annual salary, a missing decimal point)
_SOC = re.compile(r"(\d{2})-?(\d{4})(?:\.\d{2})?")
NINE_DIGITS = re.compile(r"\d{3}[-\s.]?\d{2}[-\s.]?\d{4}")


@dataclass(frozen=True)
class PlacementInput:
    organization_id: str
    start_date: dt.date
    occupation_soc: str | None = None
    occupation_title: str | None = None
    hourly_wage: float | None = None
    full_time: bool | None = None
    cohort_id: str | None = None
    apprenticeship_program_id: str | None = None
    case_number: str | None = None
    staff_id: str | None = None
    notes: str | None = None


def clean_soc(text: str | None) -> str | None:
    """A SOC code as 29-2052 (from 29-2052, 292052 or the O*NET 29-2052.00); ValueError if it is not one."""
    if text is None or not text.strip():
        return None
    match = _SOC.fullmatch(text.strip())
    if match is None:
        raise ValueError("a SOC code is written 29-2052 (two digits, a dash, four digits)")
    return f"{match.group(1)}-{match.group(2)}"


def validate_placement(data: PlacementInput, today: dt.date | None = None) -> list[str]:
    """Every reason `data` cannot be saved (empty when it can), in the users' words."""
    problems = []
    try:
        clean_soc(data.occupation_soc)
    except ValueError as exc:
        problems.append(f"occupation: {exc}")
    if data.hourly_wage is not None and not 0 < data.hourly_wage <= HIGHEST_WAGE:
        problems.append(f"starting wage: an hourly wage above $0 and at most ${HIGHEST_WAGE:,.0f}")
    if data.start_date > (today or clock.today()) + dt.timedelta(days=366):
        problems.append("start date: more than a year ahead; check the year")
    if len(data.occupation_title or "") > TITLE_MAX:
        problems.append(f"occupation title: at most {TITLE_MAX} characters")
    if len(data.notes or "") > NOTES_MAX:
        problems.append(f"notes: at most {NOTES_MAX:,} characters")
    case = (data.case_number or "").strip()
    if len(case) > CASE_MAX:
        problems.append(f"case number: at most {CASE_MAX} characters")
    elif NINE_DIGITS.fullmatch(case):
        # Nine digits alone is the shape of an SSN or ITIN: refused whatever it is (rule 11).
        problems.append(
            "case number: nine digits alone look like a Social Security number; use the case number "
            f"of the state system. {personal_data.POLICY}"
        )
    return problems


def save_placement(
    db: Database, data: PlacementInput, placement_id: str | None = None, *, owner_id: str | None = None
) -> str:
    """Create (or update) a placement and plan its retention checks; the placement's id.

    The checks' action items go to the placement's staff member, else `owner_id` (the signed-in one).
    A changed start date moves the checks that are not recorded yet."""
    problems = validate_placement(data)
    if problems:
        raise refusal("placement", problems)
    with db.session() as s:
        employer = live_record(s, Organization, data.organization_id, "organization")
        for model, ref, what in (
            (TrainingCohort, data.cohort_id, "cohort"),
            (ApprenticeshipProgram, data.apprenticeship_program_id, "apprenticeship program"),
            (StaffUser, data.staff_id, "staff member"),
        ):
            if ref is not None:
                live_record(s, model, ref, what)
        placement = live_record(s, Placement, placement_id, "placement") if placement_id else Placement()
        for name, value in vars(data).items():
            setattr(placement, name, value.strip() or None if isinstance(value, str) else value)
        placement.occupation_soc = clean_soc(data.occupation_soc)
        if placement_id is None:
            s.add(placement)
        s.flush()
        plan_checks(s, placement, employer, data.staff_id or owner_id)
        return placement.id


def _check_text(placement: Placement, employer: Organization, quarter: int) -> str:
    what = placement.occupation_title or placement.occupation_soc or "placement"
    nth = {2: "2nd", 4: "4th"}[quarter]
    return (
        f"Retention check ({nth} quarter): is the {what} placed at {employer.name} on "
        f"{timefmt.date(placement.start_date)} still employed there? Record yes, no or unknown."
    )


def plan_checks(s: Session, placement: Placement, employer: Organization, owner_id: str | None) -> None:
    """Plan (or move) the placement's 2nd and 4th quarter checks and their action items; recorded
    checks stay as they are. The import writes placements with this in its own transaction."""
    existing = {
        c.quarter: c
        for c in s.scalars(
            select(RetentionCheck).where(
                RetentionCheck.placement_id == placement.id, RetentionCheck.deleted_at.is_(None)
            )
        )
    }
    for quarter in RETENTION_QUARTERS:
        due = quarter_end_after(placement.start_date, quarter)
        check = existing.get(quarter)
        if check is not None and check.result is not None:
            continue  # recorded: the answer stands
        item = s.get(ActionItem, check.action_item_id) if check and check.action_item_id else None
        if item is None or item.deleted_at is not None:
            item = ActionItem(status="open", organization_id=employer.id, owner_staff_id=owner_id)
            s.add(item)
        item.text = _check_text(placement, employer, quarter)
        item.due_date = due
        item.organization_id = employer.id
        s.flush()
        if check is None:
            check = RetentionCheck(placement_id=placement.id, quarter=quarter)
            s.add(check)
        check.due_on, check.action_item_id = due, item.id
    s.flush()


def record_check(db: Database, check_id: str, result: str, checked_on: dt.date | None = None) -> None:
    """Record a retention check as yes, no or unknown, and close its action item."""
    if result not in codes(RETENTION_RESULTS):
        raise ValidationError(f"A retention check is recorded as yes, no or unknown, not {result!r}.")
    day = checked_on or clock.today()
    with db.session() as s:
        check = live_record(s, RetentionCheck, check_id, "retention check")
        placement = live_record(s, Placement, check.placement_id, "placement")
        if day < placement.start_date:
            raise ValidationError("A retention check cannot be recorded before the placement started.")
        check.result, check.checked_on = result, day
        item = s.get(ActionItem, check.action_item_id) if check.action_item_id else None
        if item is not None and item.deleted_at is None and item.status == "open":
            item.status = "done"
            item.completed_at = clock.now()
            item.status_note = f"Recorded: {dict(RETENTION_RESULTS)[result]}."


def delete_placement(db: Database, placement_id: str) -> None:
    """Tombstone a placement and its checks; their open action items are cancelled, saying why."""
    now = clock.now()
    with db.session() as s:
        placement = live_record(s, Placement, placement_id, "placement")
        placement.deleted_at = now
        checks = s.scalars(select(RetentionCheck).where(RetentionCheck.placement_id == placement_id))
        for check in checks:
            check.deleted_at = check.deleted_at or now
            item = s.get(ActionItem, check.action_item_id) if check.action_item_id else None
            if item is not None and item.status == "open":
                item.status, item.completed_at = "cancelled", now
                item.status_note = "The placement was deleted."
