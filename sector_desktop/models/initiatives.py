"""Goals with progress, and initiatives: a partnership's funded work with its funding sources, budget
lines, expenditures and milestones. Money is whole cents (integers), never a float."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Synced


class Goal(Synced, Base):
    """A partnership's goal, or an action team's (`action_team_id` set): what is measured, the target
    and the date it is due."""

    __tablename__ = "goal"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    action_team_id: Mapped[str | None] = mapped_column(ForeignKey("action_team.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    measure: Mapped[str | None] = mapped_column(String(200))  # "CNAs placed with member employers"
    target: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class GoalProgress(Synced, Base):
    """The value a goal's measure stood at on a day, with a note on how it was counted."""

    __tablename__ = "goal_progress"

    goal_id: Mapped[str] = mapped_column(ForeignKey("goal.id"), index=True)
    value: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False))
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Initiative(Synced, Base):
    """A partnership's funded piece of work, for example "CNA pipeline 2026", over a period."""

    __tablename__ = "initiative"

    partnership_id: Mapped[str] = mapped_column(ForeignKey("sector_partnership.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    owner_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)


class FundingSource(Synced, Base):
    """Money for an initiative: the funder, the grant, the amount and the period it covers."""

    __tablename__ = "funding_source"

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id"), index=True)
    funder: Mapped[str] = mapped_column(String(300))
    grant_name: Mapped[str | None] = mapped_column(String(300))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)


class BudgetLine(Synced, Base):
    """One line of an initiative's budget ("Tuition", "Supportive services") and the amount set aside."""

    __tablename__ = "budget_line"

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id"), index=True)
    funding_source_id: Mapped[str | None] = mapped_column(ForeignKey("funding_source.id"))
    name: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Expenditure(Synced, Base):
    """Money spent on a budget line; a cancelled one (a refund, an entry made by mistake) is kept but
    never counted. The receipt is an attachment (owner_type "expenditure")."""

    __tablename__ = "expenditure"

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id"), index=True)
    budget_line_id: Mapped[str] = mapped_column(ForeignKey("budget_line.id"), index=True)
    spent_on: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class Milestone(Synced, Base):
    """A milestone or a deliverable of an initiative: due on a calendar date, with an owner and the
    action team that carries it."""

    __tablename__ = "milestone"

    initiative_id: Mapped[str] = mapped_column(ForeignKey("initiative.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="milestone")  # milestone or deliverable
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    owner_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action_team_id: Mapped[str | None] = mapped_column(ForeignKey("action_team.id"))
    notes: Mapped[str | None] = mapped_column(Text)
