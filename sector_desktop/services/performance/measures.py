"""The employer measures of docs/measures.md as plain functions over plain rows (rows.py): no
database, no Qt. `compute(records, period, scope, as_of)` gives every measure of one period with its
numerator, denominator and the records behind each; `breakdown` the few of one breakdown row."""

from __future__ import annotations

import datetime as dt
from itertools import compress, filterfalse

from sector_desktop.models.choices import EMPLOYER_SERVICES, label

from .columns import VisitColumns
from .context import CATEGORIES, HAS_BIT, Context, category_bits
from .outcome_measures import (
    action_items_closed,
    apprenticeship_measures,
    cohort_measures,
    placements_in,
    retention,
    wage_measures,
)
from .periods import Period
from .results import CategoryLine, Measure, Performance, count, rate
from .rows import Records, Scope
from .series import last_quarters, served_by_quarter


# -- the employer measures -------------------------------------------------------------------------
def establishments_served(served: list[str]) -> Measure:
    """Distinct establishments with a service (`served`: those, sorted: `Context.distinct`)."""
    ids = served
    return count("establishments_served", "Establishments served", len(ids), "organization", ids)


def services_given(services: VisitColumns) -> Measure:
    ids = services.ids
    return count("services", "Services (visits with an ETA-9169 category)", len(ids), "visit", ids)


def repeat_business(ctx: Context, served: list[str]) -> Measure:
    """Served in the period and also in any of the three program years before its program year."""
    repeat = list(filter(ctx.history.__contains__, served))  # `served` is sorted: so is this
    first = Period(ctx.period.year - 3).label
    return rate(
        "repeat_business",
        "Repeat business customers rate",
        repeat,
        served,
        "organization",
        empty=f"no establishments served in {ctx.period.label}",
        note=f"served again after a service in {first} – PY {ctx.period.year - 1}",
    )


def penetration(ctx: Context, served: list[str], scope: Scope) -> Measure:
    """Establishments served over the area's private establishments (latest QCEW annual figure)."""
    key, title = "employer_penetration", "Employer penetration rate"
    found = ctx.records.establishments
    if not scope.everyone:
        why = "not for part of the team: the QCEW count is of the whole area's establishments"
        return Measure(key, title, "rate", None, len(served), None, "organization", tuple(served), absent=why)
    if found is None:
        reason = ctx.records.no_establishments_reason
        return Measure(
            key, title, "rate", None, len(served), None, "organization", tuple(served), absent=reason
        )
    value = len(served) / found.count if found.count else None
    return Measure(
        key, title, "rate", value, len(served), found.count, "organization", tuple(served),
        note=f"denominator: {found.count:,} private establishments, {found.vintage}",
    )  # fmt: skip


def new_employers(ctx: Context, served: list[str]) -> Measure:
    """Establishments whose first service ever falls in the period."""
    ids = list(filterfalse(ctx.before.__contains__, served))  # `served` is sorted: so is this
    return count("new_employers", "New employers engaged", len(ids), "organization", ids)


def visits_made(ctx: Context, scope: Scope) -> Measure:
    """Completed visits (with or without a category) with any live organization in the period."""
    ids = ctx.completed_in(scope).ids
    return count("visits", "Visits completed", len(ids), "visit", ids)


def categories(ctx: Context, services: VisitColumns) -> list[CategoryLine]:
    """The ETA-9169 table: per category, distinct establishments that received it and the services.

    Each service's categories are a byte of bits (`category_bits`); a category's services are those
    whose byte has its bit (`bytes.translate`, in C), and its establishments those whose bits, OR-ed
    over their services once, have it: per category one `compress` of the ids and one of the
    establishments, instead of a test, two selections and a sort of its establishments."""
    bits = category_bits(services.services)
    received = bytearray(len(ctx.served))  # per served establishment (its place), the bits it received
    for place, b in zip(services.places, bits, strict=True):
        received[place] |= b
    ids, served = services.ids, ctx.served
    return [
        CategoryLine(
            code,
            label(EMPLOYER_SERVICES, code),
            tuple(compress(served, received.translate(has))),
            tuple(compress(ids, bits.translate(has))),
        )
        for code, has in zip(CATEGORIES, HAS_BIT, strict=True)
    ]


# -- everything ------------------------------------------------------------------------------------
def compute(
    records: Records,
    period: Period,
    scope: Scope,
    as_of: dt.date,
    ctx: Context | None = None,
    *,
    series: bool = True,
) -> Performance:
    """Every measure of `period` for `scope`, as of the date `as_of` (retention looks only at
    quarters that have ended by then). Pass a built `ctx` to compute several scopes of one period;
    `series=False` leaves out the quarter-over-quarter series."""
    ctx = ctx or Context.of(records, period, as_of)
    services = ctx.services_in(scope)
    served = list(ctx.served) if scope.everyone else ctx.distinct(services.places)
    placed = placements_in(ctx, scope)
    median, share, wages = wage_measures(ctx, placed)
    measures = [
        establishments_served(served),
        services_given(services),
        repeat_business(ctx, served),
        penetration(ctx, served, scope),
        new_employers(ctx, served),
        visits_made(ctx, scope),
        count("placements", "Placements", len(placed), "placement", [p.id for p in placed]),
        median,
        share,
        retention(ctx, scope, 2),
        retention(ctx, scope, 4),
        *cohort_measures(ctx, scope),
        *apprenticeship_measures(ctx, scope),
        action_items_closed(ctx, scope),
    ]
    points = served_by_quarter(records, last_quarters(period), scope, as_of, known=ctx) if series else []
    return Performance(period, scope, as_of, measures, categories(ctx, services), points, wages)


BREAKDOWN = (
    "establishments_served",
    "services",
    "repeat_business",
    "new_employers",
    "placements",
    "median_wage",
)


def breakdown(ctx: Context, scope: Scope) -> dict[str, Measure]:
    """The measures of a breakdown row (`BREAKDOWN`) for one scope, as `compute` gives them."""
    services = ctx.services_in(scope)
    served = list(ctx.served) if scope.everyone else ctx.distinct(services.places)
    placed = placements_in(ctx, scope)
    measures = (
        establishments_served(served),
        services_given(services),
        repeat_business(ctx, served),
        new_employers(ctx, served),
        count("placements", "Placements", len(placed), "placement", [p.id for p in placed]),
        wage_measures(ctx, placed)[0],
    )
    return {m.key: m for m in measures}
