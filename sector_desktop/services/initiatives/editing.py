"""Saving an initiative and what hangs off it: funding sources, budget lines, expenditures (with a
receipt through the attachments service; cancelled, never deleted) and milestones or deliverables.
Each save checks its input and refuses it whole, naming every problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from sector_desktop import clock
from sector_desktop.models import (
    ActionTeam,
    BudgetLine,
    Expenditure,
    FundingSource,
    Initiative,
    Milestone,
    SectorPartnership,
    StaffUser,
)
from sector_desktop.models.choices import MILESTONE_KINDS, MILESTONE_STATUSES, codes
from sector_desktop.money import LARGEST
from sector_desktop.store import Database, ProfilePaths

from ..attachments import AttachmentInfo, add_attachment
from ..records import live_record, refuse_if


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _amount(cents: int, what: str, problems: list[str], *, positive: bool = False) -> None:
    if not isinstance(cents, int) or isinstance(cents, bool):
        problems.append(f"{what}: whole cents expected")
    elif not (cents > 0 if positive else cents >= 0) or cents >= LARGEST:
        problems.append(
            f"{what}: an amount {'above' if positive else 'of'} $0{'' if positive else ' or more'}"
        )


@dataclass(frozen=True)
class InitiativeInput:
    partnership_id: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    owner_staff_id: str | None = None
    description: str | None = None


def save_initiative(db: Database, data: InitiativeInput, initiative_id: str | None = None) -> str:
    problems = []
    if not data.name.strip():
        problems.append("name: name the initiative, e.g. “CNA pipeline 2026”")
    if len(data.name) > 300:
        problems.append("name: at most 300 characters")
    if data.ends_on < data.starts_on:
        problems.append("ends on: the period cannot end before it starts")
    refuse_if("initiative", problems)
    with db.session() as s:
        live_record(s, SectorPartnership, data.partnership_id, "partnership")
        if data.owner_staff_id:
            live_record(s, StaffUser, data.owner_staff_id, "owner")
        row = live_record(s, Initiative, initiative_id, "initiative") if initiative_id else Initiative()
        row.partnership_id, row.name, row.owner_staff_id = (
            data.partnership_id,
            data.name.strip(),
            data.owner_staff_id,
        )
        row.starts_on, row.ends_on, row.description = data.starts_on, data.ends_on, _text(data.description)
        if initiative_id is None:
            s.add(row)
        s.flush()
        return row.id


@dataclass(frozen=True)
class FundingInput:
    funder: str
    amount_cents: int
    grant_name: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


def save_funding(db: Database, initiative_id: str, data: FundingInput, funding_id: str | None = None) -> str:
    problems = [] if data.funder.strip() else ["funder: say who gives the money"]
    _amount(data.amount_cents, "amount", problems)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        problems.append("ends on: the grant period cannot end before it starts")
    refuse_if("funding source", problems)
    with db.session() as s:
        live_record(s, Initiative, initiative_id, "initiative")
        row = live_record(s, FundingSource, funding_id, "funding source") if funding_id else FundingSource()
        row.initiative_id, row.funder, row.grant_name = (
            initiative_id,
            data.funder.strip(),
            _text(data.grant_name),
        )
        row.amount_cents, row.starts_on, row.ends_on = data.amount_cents, data.starts_on, data.ends_on
        if funding_id is None:
            s.add(row)
        s.flush()
        return row.id


def save_budget_line(
    db: Database,
    initiative_id: str,
    name: str,
    amount_cents: int,
    funding_source_id: str | None = None,
    line_id: str | None = None,
) -> str:
    problems = [] if name.strip() else ["line: name the budget line, e.g. “Tuition”"]
    _amount(amount_cents, "amount", problems)
    refuse_if("budget line", problems)
    with db.session() as s:
        live_record(s, Initiative, initiative_id, "initiative")
        if funding_source_id:
            live_record(s, FundingSource, funding_source_id, "funding source")
        if line_id:
            row = live_record(s, BudgetLine, line_id, "budget line")
        else:
            last = s.scalar(
                select(func.max(BudgetLine.position)).where(BudgetLine.initiative_id == initiative_id)
            )
            row = BudgetLine(initiative_id=initiative_id, position=(last or 0) + 1)
            s.add(row)
        row.name, row.amount_cents, row.funding_source_id = name.strip(), amount_cents, funding_source_id
        s.flush()
        return row.id


@dataclass(frozen=True)
class ExpenditureInput:
    budget_line_id: str
    spent_on: dt.date
    amount_cents: int
    note: str | None = None


def add_expenditure(
    db: Database, data: ExpenditureInput, paths: ProfilePaths | None = None, receipt: Path | None = None
) -> str:
    """Record money spent on a budget line, with its receipt (a PDF or photo) attached when given.

    The receipt is checked before anything is written; a receipt that cannot be attached leaves no
    expenditure behind."""
    problems: list[str] = []
    _amount(data.amount_cents, "amount", problems, positive=True)
    if data.spent_on > clock.today():
        problems.append("date: an expenditure is recorded on or after the day it was made")
    refuse_if("expenditure", problems)
    with db.session() as s:
        line = live_record(s, BudgetLine, data.budget_line_id, "budget line")
        row = Expenditure(
            initiative_id=line.initiative_id, budget_line_id=line.id, spent_on=data.spent_on,
            amount_cents=data.amount_cents, note=_text(data.note), cancelled=False,
        )  # fmt: skip
        s.add(row)
        s.flush()
        expenditure_id = row.id
    if receipt is not None and paths is not None:
        try:
            attach_receipt(db, paths, expenditure_id, receipt)
        except Exception:
            with db.session() as s:  # the receipt was refused: the expenditure goes too
                live_record(s, Expenditure, expenditure_id, "expenditure").deleted_at = clock.now()
            raise
    return expenditure_id


def attach_receipt(db: Database, paths: ProfilePaths, expenditure_id: str, receipt: Path) -> AttachmentInfo:
    with db.read_session() as s:
        live_record(s, Expenditure, expenditure_id, "expenditure")
    return add_attachment(db, paths, "expenditure", expenditure_id, receipt, caption="Receipt")


def set_expenditure_cancelled(db: Database, expenditure_id: str, cancelled: bool = True) -> None:
    """Cancel (or restore) an expenditure: it stays on record and is left out of every sum."""
    with db.session() as s:
        live_record(s, Expenditure, expenditure_id, "expenditure").cancelled = cancelled


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: dt.date
    kind: str = "milestone"
    status: str = "planned"
    owner_staff_id: str | None = None
    action_team_id: str | None = None
    notes: str | None = None


def save_milestone(
    db: Database, initiative_id: str, data: MilestoneInput, milestone_id: str | None = None
) -> str:
    problems = [] if data.title.strip() else ["title: say what is due"]
    if len(data.title) > 300:
        problems.append("title: at most 300 characters")
    if data.kind not in codes(MILESTONE_KINDS):
        problems.append(f"kind: {data.kind!r} is not a milestone or a deliverable")
    if data.status not in codes(MILESTONE_STATUSES):
        problems.append(f"status: unknown status {data.status!r}")
    refuse_if("milestone", problems)
    with db.session() as s:
        initiative = live_record(s, Initiative, initiative_id, "initiative")
        if data.owner_staff_id:
            live_record(s, StaffUser, data.owner_staff_id, "owner")
        if data.action_team_id:
            team = live_record(s, ActionTeam, data.action_team_id, "action team")
            if team.partnership_id != initiative.partnership_id:
                refuse_if("milestone", ["action team: it belongs to another partnership"])
        row = live_record(s, Milestone, milestone_id, "milestone") if milestone_id else Milestone()
        row.initiative_id, row.title, row.kind, row.due_on = (
            initiative_id,
            data.title.strip(),
            data.kind,
            data.due_on,
        )
        _set_status(row, data.status)
        row.owner_staff_id, row.action_team_id = data.owner_staff_id, data.action_team_id
        row.notes = _text(data.notes)
        if milestone_id is None:
            s.add(row)
        s.flush()
        return row.id


def _set_status(row: Milestone, status: str) -> None:
    if status == "done" and row.status != "done":
        row.done_on = clock.today()
    elif status != "done":
        row.done_on = None
    row.status = status


def set_milestone_status(db: Database, milestone_id: str, status: str) -> None:
    """Mark a milestone planned, in progress, done (today, on the profile's calendar) or cancelled."""
    if status not in codes(MILESTONE_STATUSES):
        refuse_if("milestone", [f"status: unknown status {status!r}"])
    with db.session() as s:
        _set_status(live_record(s, Milestone, milestone_id, "milestone"), status)
