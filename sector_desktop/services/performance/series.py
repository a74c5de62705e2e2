"""The quarter-over-quarter series: establishments served, services and placements per quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import compress
from typing import cast

from .context import COUNT, ROW, Context
from .outcome_measures import placements_count
from .periods import Period
from .results import QuarterPoint
from .rows import Records, Scope


def last_quarters(period: Period, n: int = 8) -> list[Period]:
    """The `n` quarters up to the period's last one, oldest first (a program year ends with its Q4)."""
    last = Period(period.year, period.quarter or 4)
    quarters = [last]
    while len(quarters) < n:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


def served_by_quarter(
    records: Records, quarters: Iterable[Period], scope: Scope, as_of: dt.date, known: Context | None = None
) -> list[QuarterPoint]:
    """Establishments served, services and placements per quarter, across program years. A quarter the
    store counted (`records.counted`) is taken from its counts, any other from the visit rows."""
    points = []
    for quarter in quarters:
        # A counted quarter needs no visit rows: any context resolves its organizations.
        counted = records.counted is not None and quarter in records.counted.quarters
        own = known is not None and quarter.year == known.period.year
        if known is not None and (counted or (own and known.period in (quarter.whole_year, quarter))):
            ctx = known
        else:
            ctx = Context.of(records, quarter.whole_year, as_of)
        served, services = _served_in(ctx, quarter, scope)
        points.append(QuarterPoint(quarter, len(served), services, placements_count(ctx, scope, quarter)))
    return points


def _served_in(ctx: Context, quarter: Period, scope: Scope) -> tuple[set[str], int]:
    counts = ctx.records.counted.quarters.get(quarter) if ctx.records.counted is not None else None
    if counts is None:
        services = ctx.services_in(scope, quarter)
        return set(services.organizations), len(services)
    employer_of, everyone, in_scope = ctx.employer_of, scope.everyone, ctx.org_in_scope
    if everyone:  # the same count in C: each row's establishment, the rows that have one
        establishments: list[str | None] = list(map(employer_of.get, map(ROW, counts)))
        found = set(establishments)
        found.discard(None)
        return cast(set[str], found), sum(compress(map(COUNT, counts), establishments))
    served: set[str] = set()
    n = 0
    for org_id, staff_id, services_n in counts:
        establishment = employer_of.get(org_id)
        if establishment is not None and (everyone or in_scope(establishment, scope, staff_id)):
            served.add(establishment)
            n += services_n
    return served, n


def served_in(
    records: Records, quarter: Period, scope: Scope, as_of: dt.date, period: Period | None = None
) -> list[str]:
    """The establishments served in one quarter of the series of `period` (within the scope), sorted:
    from the store's counts when it counted that quarter, else from the visit rows."""
    counted = records.counted is not None and quarter in records.counted.quarters
    ctx = Context.of(records, period if counted and period else quarter.whole_year, as_of)
    served, _n = _served_in(ctx, quarter, scope)
    return sorted(served)
