"""The initiative document's data: budget against actual by line (from services/initiatives' budget,
in whole cents, turned into Decimal dollars only here), the burn rate, funding, expenditures and the
milestones with the month marks of the timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import MILESTONE_KINDS, MILESTONE_STATUSES, label
from sector_desktop.reports.program_data import (
    BudgetRow,
    FundingLine,
    InitiativeReport,
    MilestoneLine,
    SpendRow,
)
from sector_desktop.store import Database
from sector_desktop.store.initiatives import InitiativeDetail, MilestoneRow, initiative_detail

from ..initiatives.budget import budget_summary


def dollars_of(cents: int) -> Decimal:
    return Decimal(cents) / 100


def month_ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """The first of each month from `first`'s month to `last`, labelled 'Jan 2027'."""
    ticks = []
    day = first.replace(day=1)
    while day <= last:
        ticks.append((day, timefmt.month(day)))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return ticks


def milestone_line(m: MilestoneRow, today: dt.date) -> MilestoneLine:
    return MilestoneLine(
        m.title,
        label(MILESTONE_KINDS, m.kind),
        m.due_on,
        timefmt.date(m.due_on),
        label(MILESTONE_STATUSES, m.status),
        m.owner_name or "",
        m.action_team_name or "",
        m.overdue(today),
        m.status == "done",
        m.status == "cancelled",
    )


def _period(first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return f"{timefmt.date(first)} – {timefmt.date(last)}"
    return timefmt.date(first or last)


def initiative_report_from(detail: InitiativeDetail, today: dt.date) -> InitiativeReport:
    summary = budget_summary(detail, today)
    i = detail.initiative
    lines_by_id = {line.id: line.name for line in detail.lines}
    lines = [
        BudgetRow(
            b.name,
            dollars_of(b.budget_cents),
            dollars_of(b.actual_cents),
            dollars_of(b.remaining_cents),
            None if b.spent_percent is None else b.spent_percent / 100,
            b.count,
        )
        for b in summary.lines
    ]
    spending = [
        SpendRow(
            e.spent_on,
            timefmt.date(e.spent_on),
            lines_by_id.get(e.budget_line_id, "—"),
            dollars_of(e.amount_cents),
            e.note or "",
            e.cancelled,
        )
        for e in detail.expenditures
    ]
    funding = [
        FundingLine(f.funder, f.grant_name or "", dollars_of(f.amount_cents), _period(f.starts_on, f.ends_on))
        for f in detail.funding
    ]
    milestones = [milestone_line(m, today) for m in detail.milestones]
    last = max([i.ends_on, *(m.due_on for m in detail.milestones)])
    first = min([i.starts_on, *(m.due_on for m in detail.milestones)])
    notes = ["Money is counted in whole cents; cancelled expenditures are listed but never counted."]
    if summary.cancelled_count:
        notes.append(f"{summary.cancelled_count} cancelled expenditure(s) left out of the sums.")
    overdue = sum(1 for m in milestones if m.overdue)
    if overdue:
        notes.insert(0, f"{overdue} milestone(s) overdue on {timefmt.date(today)}.")
    return InitiativeReport(
        name=i.name,
        partnership=i.partnership_name,
        owner=i.owner_name or "",
        period=_period(i.starts_on, i.ends_on),
        starts=i.starts_on,
        ends=i.ends_on,
        today=today,
        description=i.description or "",
        as_of=timefmt.date(today),
        budget=dollars_of(summary.budget_cents),
        actual=dollars_of(summary.actual_cents),
        remaining=dollars_of(summary.remaining_cents),
        funded=dollars_of(summary.funded_cents),
        spent_share=None if summary.burn.spent_percent is None else summary.burn.spent_percent / 100,
        time_share=summary.burn.time_percent / 100,
        burn=summary.burn.sentence(summary.budget_cents),
        lines=lines,
        spending=spending,
        funding=funding,
        milestones=milestones,
        ticks=month_ticks(first, last),
        date_format=timefmt.excel_date_format(),
        notes=notes,
        generated=timefmt.stamp(clock.now()),
    )


def initiative_report(db: Database, initiative_id: str, today: dt.date | None = None) -> InitiativeReport:
    with db.read_session() as s:
        detail = initiative_detail(s, initiative_id)
    return initiative_report_from(detail, today or clock.today())
