"""Budget against actual by line, and the burn rate against the period. Whole cents throughout: sums are
integer sums, and a cancelled expenditure is never counted. A line with no expenditure shows 0."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sector_desktop.money import dollars, percent
from sector_desktop.store.initiatives import InitiativeDetail


@dataclass(frozen=True)
class LineBudget:
    name: str
    budget_cents: int
    actual_cents: int
    count: int  # expenditures counted (cancelled ones left out)

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.actual_cents

    @property
    def spent_percent(self) -> float | None:
        return percent(self.actual_cents, self.budget_cents)


@dataclass(frozen=True)
class Burn:
    """How fast the money goes against how much of the period has passed, on `today`."""

    today: dt.date
    period_days: int
    elapsed_days: int  # 0 before the start, period_days after the end
    spent_percent: float | None  # of the whole budget
    time_percent: float
    monthly_cents: int | None  # spent per 30.44 days of the elapsed period (None before it starts)
    projected_cents: int | None  # at this rate, spent by the period's end

    def sentence(self, budget_cents: int) -> str:
        """One line in the users' words: 'Spent 42.0% of the budget in 55.0% of the period; ...'."""
        if self.elapsed_days <= 0:
            return "The period has not started yet."
        spent = "no part" if self.spent_percent is None else f"{self.spent_percent:.1f}%"
        text = f"Spent {spent} of the budget in {self.time_percent:.1f}% of the period"
        if self.monthly_cents is not None:
            text += f", about {dollars(self.monthly_cents, whole=True)} a month"
        if self.projected_cents is not None and self.elapsed_days < self.period_days:
            verdict = "over" if self.projected_cents > budget_cents else "within"
            text += (
                f"; at this rate {dollars(self.projected_cents, whole=True)} by the end ({verdict} budget)"
            )
        return text + "."


@dataclass(frozen=True)
class BudgetSummary:
    lines: tuple[LineBudget, ...]
    budget_cents: int
    actual_cents: int
    funded_cents: int
    cancelled_count: int
    burn: Burn

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.actual_cents


def burn_rate(starts_on: dt.date, ends_on: dt.date, today: dt.date, budget: int, actual: int) -> Burn:
    """The burn on `today` for a period from `starts_on` to `ends_on`, both days included."""
    period = (ends_on - starts_on).days + 1
    elapsed = min(max((today - starts_on).days + 1, 0), period)
    time_pct = float(percent(elapsed, period) or 0.0)
    monthly = projected = None
    if elapsed > 0:
        monthly = int((Decimal(actual) * Decimal("30.44") / elapsed).quantize(Decimal(1), ROUND_HALF_UP))
        projected = actual * period // elapsed
    return Burn(today, period, elapsed, percent(actual, budget), time_pct, monthly, projected)


def budget_summary(detail: InitiativeDetail, today: dt.date) -> BudgetSummary:
    """Budget and actual by line (in the lines' order), the totals and the burn on `today`."""
    counted = [e for e in detail.expenditures if not e.cancelled]
    lines = tuple(
        LineBudget(
            line.name,
            line.amount_cents,
            sum(e.amount_cents for e in counted if e.budget_line_id == line.id),
            sum(1 for e in counted if e.budget_line_id == line.id),
        )
        for line in detail.lines
    )
    budget = sum(line.budget_cents for line in lines)
    actual = sum(line.actual_cents for line in lines)
    funded = sum(f.amount_cents for f in detail.funding)
    cancelled = sum(1 for e in detail.expenditures if e.cancelled)
    i = detail.initiative
    return BudgetSummary(
        lines, budget, actual, funded, cancelled, burn_rate(i.starts_on, i.ends_on, today, budget, actual)
    )
