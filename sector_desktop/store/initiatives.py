"""Read queries for goals with progress and for initiatives (funding, budget lines, expenditures,
milestones), as plain rows. Money is whole cents; every date here is a calendar date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.errors import NotFound
from sector_desktop.models import (
    ActionTeam,
    Attachment,
    BudgetLine,
    Expenditure,
    FundingSource,
    Goal,
    GoalProgress,
    Initiative,
    Milestone,
    SectorPartnership,
    StaffUser,
)

OPEN_MILESTONE = ("planned", "in_progress")


@dataclass(frozen=True)
class ProgressRow:
    id: str
    value: float
    recorded_on: dt.date
    note: str | None


@dataclass(frozen=True)
class GoalRow:
    """A goal with its progress updates, oldest first; `latest` is the newest value (None: none yet)."""

    id: str
    partnership_id: str
    action_team_id: str | None
    action_team_name: str | None
    title: str
    measure: str | None
    target: float | None
    due_on: dt.date | None
    notes: str | None
    progress: tuple[ProgressRow, ...]

    @property
    def latest(self) -> float | None:
        return self.progress[-1].value if self.progress else None

    @property
    def share(self) -> float | None:
        """The latest value as a fraction of the target (None without either)."""
        if self.latest is None or not self.target:
            return None
        return self.latest / self.target


def goal_rows(session: Session, partnership_id: str) -> list[GoalRow]:
    """The partnership's goals (its own first, then its action teams'), each with its progress."""
    goals = session.execute(
        select(Goal, ActionTeam.name)
        .outerjoin(ActionTeam, ActionTeam.id == Goal.action_team_id)
        .where(Goal.partnership_id == partnership_id, Goal.deleted_at.is_(None))
    ).all()
    ids = [g.id for g, _ in goals]
    updates: dict[str, list[ProgressRow]] = {i: [] for i in ids}
    if ids:
        for p in session.scalars(
            select(GoalProgress)
            .where(GoalProgress.goal_id.in_(ids), GoalProgress.deleted_at.is_(None))
            .order_by(GoalProgress.recorded_on, GoalProgress.created_at)
        ):
            updates[p.goal_id].append(ProgressRow(p.id, p.value, p.recorded_on, p.note))
    rows = [
        GoalRow(g.id, g.partnership_id, g.action_team_id, team, g.title, g.measure, g.target, g.due_on,
                g.notes, tuple(updates[g.id]))
        for g, team in goals
    ]  # fmt: skip
    rows.sort(
        key=lambda r: (r.action_team_name is not None, r.action_team_name or "", r.due_on or dt.date.max)
    )
    return rows


@dataclass(frozen=True)
class InitiativeRow:
    id: str
    partnership_id: str
    partnership_name: str
    name: str
    owner_staff_id: str | None
    owner_name: str | None
    starts_on: dt.date
    ends_on: dt.date
    description: str | None


@dataclass(frozen=True)
class FundingRow:
    id: str
    funder: str
    grant_name: str | None
    amount_cents: int
    starts_on: dt.date | None
    ends_on: dt.date | None


@dataclass(frozen=True)
class LineRow:
    id: str
    name: str
    amount_cents: int
    funding_source_id: str | None
    position: int


@dataclass(frozen=True)
class ExpenditureRow:
    id: str
    budget_line_id: str
    spent_on: dt.date
    amount_cents: int
    note: str | None
    cancelled: bool


@dataclass(frozen=True)
class MilestoneRow:
    id: str
    initiative_id: str
    title: str
    kind: str
    due_on: dt.date
    status: str
    done_on: dt.date | None
    owner_staff_id: str | None
    owner_name: str | None
    action_team_id: str | None
    action_team_name: str | None
    notes: str | None

    def overdue(self, today: dt.date) -> bool:
        """Due before `today` (a calendar day on the profile's calendar) and still open."""
        return self.status in OPEN_MILESTONE and self.due_on < today


@dataclass(frozen=True)
class InitiativeDetail:
    initiative: InitiativeRow
    funding: tuple[FundingRow, ...]
    lines: tuple[LineRow, ...]
    expenditures: tuple[ExpenditureRow, ...]
    milestones: tuple[MilestoneRow, ...]


def _initiatives_stmt():
    return (
        select(Initiative, SectorPartnership.name, StaffUser.name)
        .join(SectorPartnership, SectorPartnership.id == Initiative.partnership_id)
        .outerjoin(StaffUser, StaffUser.id == Initiative.owner_staff_id)
        .where(Initiative.deleted_at.is_(None))
    )


def _initiative_row(i: Initiative, partnership: str, owner: str | None) -> InitiativeRow:
    return InitiativeRow(i.id, i.partnership_id, partnership, i.name, i.owner_staff_id, owner, i.starts_on,
                         i.ends_on, i.description)  # fmt: skip


def initiative_rows(session: Session, partnership_id: str | None = None) -> list[InitiativeRow]:
    """Live initiatives (of one partnership, or all), newest period first."""
    stmt = _initiatives_stmt()
    if partnership_id:
        stmt = stmt.where(Initiative.partnership_id == partnership_id)
    rows = [_initiative_row(*r) for r in session.execute(stmt)]
    rows.sort(key=lambda r: (r.starts_on, r.name), reverse=True)
    return rows


def initiative_detail(session: Session, initiative_id: str) -> InitiativeDetail:
    """One initiative with everything under it; NotFound when it does not exist or was deleted."""
    found = session.execute(_initiatives_stmt().where(Initiative.id == initiative_id)).first()
    if found is None:
        raise NotFound(f"No initiative with id {initiative_id}.")
    live = {"initiative_id": initiative_id, "deleted_at": None}
    funding = tuple(
        FundingRow(f.id, f.funder, f.grant_name, f.amount_cents, f.starts_on, f.ends_on)
        for f in session.scalars(select(FundingSource).filter_by(**live).order_by(FundingSource.created_at))
    )
    lines = tuple(
        LineRow(b.id, b.name, b.amount_cents, b.funding_source_id, b.position)
        for b in session.scalars(
            select(BudgetLine).filter_by(**live).order_by(BudgetLine.position, BudgetLine.name)
        )
    )
    spent = tuple(
        ExpenditureRow(e.id, e.budget_line_id, e.spent_on, e.amount_cents, e.note, bool(e.cancelled))
        for e in session.scalars(
            select(Expenditure).filter_by(**live).order_by(Expenditure.spent_on, Expenditure.created_at)
        )
    )
    return InitiativeDetail(
        _initiative_row(*found), funding, lines, spent, milestone_rows(session, initiative_id)
    )


def _milestones_stmt():
    return (
        select(Milestone, StaffUser.name, ActionTeam.name)
        .outerjoin(StaffUser, StaffUser.id == Milestone.owner_staff_id)
        .outerjoin(ActionTeam, ActionTeam.id == Milestone.action_team_id)
        .where(Milestone.deleted_at.is_(None))
        .order_by(Milestone.due_on, Milestone.title)
    )


def _milestone_row(m: Milestone, owner: str | None, team: str | None) -> MilestoneRow:
    return MilestoneRow(m.id, m.initiative_id, m.title, m.kind, m.due_on, m.status, m.done_on,
                        m.owner_staff_id, owner, m.action_team_id, team, m.notes)  # fmt: skip


def milestone_rows(session: Session, initiative_id: str) -> tuple[MilestoneRow, ...]:
    stmt = _milestones_stmt().where(Milestone.initiative_id == initiative_id)
    return tuple(_milestone_row(*r) for r in session.execute(stmt))


@dataclass(frozen=True)
class OverdueMilestone:
    milestone: MilestoneRow
    initiative_name: str


def overdue_milestones(session: Session, today: dt.date, staff_id: str | None) -> list[OverdueMilestone]:
    """Open milestones due before `today` of live initiatives, for one owner (None: everyone's)."""
    stmt = (
        _milestones_stmt()
        .add_columns(Initiative.name)
        .join(Initiative, Initiative.id == Milestone.initiative_id)
        .where(
            Initiative.deleted_at.is_(None), Milestone.status.in_(OPEN_MILESTONE), Milestone.due_on < today
        )
    )
    if staff_id is not None:
        stmt = stmt.where(Milestone.owner_staff_id == staff_id)
    return [
        OverdueMilestone(_milestone_row(m, owner, team), name)
        for m, owner, team, name in session.execute(stmt)
    ]


def partnership_options(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the live partnerships, by name: whose initiative it is."""
    rows = session.execute(
        select(SectorPartnership.id, SectorPartnership.name)
        .where(SectorPartnership.deleted_at.is_(None))
        .order_by(SectorPartnership.name)
    )
    return [(i, n) for i, n in rows]


def action_team_options(session: Session, partnership_id: str) -> list[tuple[str, str]]:
    """(id, name) of a partnership's live action teams: who carries a milestone."""
    rows = session.execute(
        select(ActionTeam.id, ActionTeam.name)
        .where(ActionTeam.partnership_id == partnership_id, ActionTeam.deleted_at.is_(None))
        .order_by(ActionTeam.name)
    )
    return [(i, n) for i, n in rows]


def expenditures_with_receipts(session: Session, initiative_id: str) -> set[str]:
    """The ids of an initiative's expenditures that have a receipt attached."""
    return set(
        session.scalars(
            select(Attachment.owner_id)
            .join(Expenditure, Expenditure.id == Attachment.owner_id)
            .where(Attachment.owner_type == "expenditure", Attachment.deleted_at.is_(None))
            .where(Expenditure.initiative_id == initiative_id)
        )
    )
