"""The measures of docs/measures.md as plain functions over plain rows (rows.py): no database, no Qt.

`compute(records, period, scope, as_of)` gives every measure of one period with its numerator,
denominator and the ids of the records behind each, the ETA-9169 table, the quarter-by-quarter
series and the wage comparison. Each definition is written once, in the function that counts it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sector_desktop.models.choices import EMPLOYER_SERVICES, label

from ..outcomes.quarters import quarter_end_after
from .periods import Period
from .results import CategoryLine, Measure, Performance, QuarterPoint, WageLine, count, rate
from .rows import OrganizationRow, PlacementRow, Records, Scope, VisitRow

CATEGORIES = tuple(code for code, _ in EMPLOYER_SERVICES)
_CATEGORY_SET = frozenset(CATEGORIES)


def kept_id(orgs: dict[str, OrganizationRow], org_id: str | None, employers_only: bool) -> str | None:
    """The live organization a record's organization stands for after merges, or None.

    A merged duplicate stands for the organization it was merged into (followed to the end of the
    chain); a deleted organization that was not merged, or (with `employers_only`) a partner that is
    not an employer, stands for none: its records are not counted.
    """
    seen: set[str] = set()
    while org_id is not None and org_id not in seen:
        seen.add(org_id)
        org = orgs.get(org_id)
        if org is None:
            return None
        if org.merged_into:
            org_id = org.merged_into
            continue
        if org.deleted or (employers_only and org.kind != "employer"):
            return None
        return org.id
    return None


def is_service(visit: VisitRow) -> bool:
    """A service: a completed visit, not deleted, with at least one ETA-9169 category."""
    return (
        not visit.deleted and visit.status == "completed" and any(s in _CATEGORY_SET for s in visit.services)
    )


@dataclass
class _Service:
    visit: VisitRow
    establishment: str


@dataclass
class Context:
    """The rows of one period resolved once (merges, services, memberships), for any scope."""

    records: Records
    period: Period
    as_of: dt.date
    services: list[_Service] = field(default_factory=list)  # in the period
    history: set[str] = field(default_factory=set)  # served in the three program years before
    before: set[str] = field(default_factory=set)  # served at any time before the period
    members: dict[str, set[str]] = field(default_factory=dict)  # partnership -> establishments

    @classmethod
    def build(cls, records: Records, period: Period, as_of: dt.date) -> Context:
        ctx = cls(records, period, as_of)
        orgs = records.organizations
        year_start = period.whole_year.start
        history_start = Period(period.year - 3).start
        kept: dict[str, str | None] = {}
        first, last = period.start, period.end  # compared directly: a million visits, seconds saved
        for org_id in records.earlier_served:
            if (establishment := kept_id(orgs, org_id, employers_only=True)) is not None:
                ctx.before.add(establishment)
        for visit in records.visits:
            if not is_service(visit):
                continue
            if visit.organization_id not in kept:
                kept[visit.organization_id] = kept_id(orgs, visit.organization_id, employers_only=True)
            establishment = kept[visit.organization_id]
            if establishment is None:
                continue
            day = visit.day
            if first <= day <= last:
                ctx.services.append(_Service(visit, establishment))
            elif day < first:
                ctx.before.add(establishment)
                if history_start <= day < year_start:
                    ctx.history.add(establishment)
        for p in records.partnerships.values():
            ctx.members[p.id] = {k for m in p.members if (k := kept_id(orgs, m, employers_only=False))}
        return ctx

    # -- scope -------------------------------------------------------------------------------------
    def org_in_scope(self, org_id: str | None, scope: Scope, staff_id: str | None = None) -> bool:
        if scope.everyone:
            return True
        if scope.staff_id is not None and staff_id != scope.staff_id:
            return False
        org = self.records.organizations.get(org_id or "")
        if scope.sector is not None and (org is None or org.sector != scope.sector):
            return False
        return scope.partnership_id is None or (org_id in self.members.get(scope.partnership_id, ()))

    def services_in(self, scope: Scope, period: Period | None = None) -> list[_Service]:
        period = period or self.period
        first, last = period.start, period.end
        return [
            s
            for s in self.services
            if first <= s.visit.day <= last and self.org_in_scope(s.establishment, scope, s.visit.staff_id)
        ]


# -- the employer measures -------------------------------------------------------------------------
def establishments_served(services: list[_Service], period: Period) -> Measure:
    ids = sorted({s.establishment for s in services})
    return count("establishments_served", "Establishments served", len(ids), "organization", ids)


def services_given(services: list[_Service]) -> Measure:
    ids = [s.visit.id for s in services]
    return count("services", "Services (visits with an ETA-9169 category)", len(ids), "visit", ids)


def repeat_business(ctx: Context, served: list[str]) -> Measure:
    """Served in the period and also in any of the three program years before its program year."""
    repeat = sorted(e for e in served if e in ctx.history)
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
    ids = sorted(e for e in served if e not in ctx.before)
    return count("new_employers", "New employers engaged", len(ids), "organization", ids)


def visits_made(ctx: Context, scope: Scope) -> Measure:
    """Completed visits (with or without a category) with any live organization in the period."""
    ids = []
    orgs = ctx.records.organizations
    for v in ctx.records.visits:
        if v.deleted or v.status != "completed" or v.day not in ctx.period:
            continue
        org = kept_id(orgs, v.organization_id, employers_only=False)
        if org is not None and ctx.org_in_scope(org, scope, v.staff_id):
            ids.append(v.id)
    return count("visits", "Visits completed", len(ids), "visit", ids)


def categories(services: list[_Service]) -> list[CategoryLine]:
    """The ETA-9169 table: per category, distinct establishments that received it and the services."""
    lines = []
    for code in CATEGORIES:
        with_code = [s for s in services if code in s.visit.services]
        orgs = sorted({s.establishment for s in with_code})
        lines.append(
            CategoryLine(
                code, label(EMPLOYER_SERVICES, code), tuple(orgs), tuple(s.visit.id for s in with_code)
            )
        )
    return lines


# -- outcomes --------------------------------------------------------------------------------------
def placements_in(ctx: Context, scope: Scope, period: Period | None = None) -> list[PlacementRow]:
    """Live placements starting in the period, at a live employer, in scope."""
    period = period or ctx.period
    orgs = ctx.records.organizations
    found = []
    for p in ctx.records.placements:
        if p.deleted or p.start_date not in period:
            continue
        employer = kept_id(orgs, p.organization_id, employers_only=False)
        if employer is not None and ctx.org_in_scope(employer, scope, p.staff_id):
            found.append(p)
    return found


def wage_measures(ctx: Context, placed: list[PlacementRow]) -> tuple[Measure, Measure, list[WageLine]]:
    paid = [p for p in placed if p.hourly_wage is not None]
    median = statistics.median(p.hourly_wage for p in paid if p.hourly_wage is not None) if paid else None
    median_measure = Measure(
        "median_wage", "Median starting hourly wage", "median", median, None, len(paid), "placement",
        tuple(p.id for p in paid), absent=None if paid else "no placement with a starting wage",
    )  # fmt: skip
    by_soc: dict[str, list[PlacementRow]] = defaultdict(list)
    for p in paid:
        by_soc[p.occupation_soc or ""].append(p)
    lines, compared, at_or_above = [], [], []
    for soc, group in sorted(by_soc.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        area = ctx.records.area_wages.get(soc) if soc else None
        wages = [p.hourly_wage for p in group if p.hourly_wage is not None]
        title = next((p.occupation_title for p in group if p.occupation_title), "")
        lines.append(WageLine(soc, title, tuple(p.id for p in group), statistics.median(wages), area))
        if area is not None:
            compared += [p.id for p in group]
            at_or_above += [p.id for p in group if (p.hourly_wage or 0) >= area.median_hourly]
    no_area = (
        "no OEWS median imported for the placements' occupations" if paid else "no placement with a wage"
    )
    share = rate(
        "wage_at_or_above_area_median",
        "Placements starting at or above the area's median wage",
        at_or_above,
        compared,
        "placement",
        empty=no_area,
    )
    return median_measure, share, lines


def retention(ctx: Context, scope: Scope, quarter: int) -> Measure:
    """Of the placements whose `quarter`-th quarter after placement ended in the period (and by the
    as-of date), those a retention check for that quarter confirmed still with the employer."""
    orgs = ctx.records.organizations
    confirmed_ids = {
        c.placement_id
        for c in ctx.records.checks
        if not c.deleted and c.quarter == quarter and c.result == "yes"
    }
    due, kept = [], []
    for p in ctx.records.placements:
        if p.deleted:
            continue
        ended = quarter_end_after(p.start_date, quarter)
        if ended not in ctx.period or ended > ctx.as_of:
            continue
        employer = kept_id(orgs, p.organization_id, employers_only=False)
        if employer is None or not ctx.org_in_scope(employer, scope, p.staff_id):
            continue
        due.append(p.id)
        if p.id in confirmed_ids:
            kept.append(p.id)
    nth = {2: "2nd", 4: "4th"}[quarter]
    return rate(
        f"retention_q{quarter}",
        f"Retention with the same employer, {nth} quarter after placement",
        kept,
        due,
        "placement",
        empty=f"no placement's {nth} quarter after placement ended in {ctx.period.label}",
    )


def cohort_measures(ctx: Context, scope: Scope) -> list[Measure]:
    """Cohorts that ended in the period: completions over enrolments, and credentials earned."""
    ended = [
        c
        for c in ctx.records.cohorts
        if not c.deleted
        and c.ends_on in ctx.period
        and (scope.staff_id is None or c.staff_id == scope.staff_id)
        and (scope.sector is None or c.sector == scope.sector)
        and (scope.partnership_id is None or c.partnership_id == scope.partnership_id)
    ]
    ids = tuple(c.id for c in ended)
    enrolled = sum(c.enrolled or 0 for c in ended)
    completed = sum(c.completed or 0 for c in ended)
    credentials = sum(c.credentials_earned or 0 for c in ended)
    completion = Measure(
        "completion_rate", "Training completion rate", "rate",
        completed / enrolled if enrolled else None, completed, enrolled, "cohort", ids, ids,
        absent=None if enrolled else f"no cohort with enrolments ended in {ctx.period.label}",
    )  # fmt: skip
    return [completion, Measure("credentials", "Credentials earned", "sum", credentials, credentials, None,
                                "cohort", ids)]  # fmt: skip


def apprenticeship_measures(ctx: Context, scope: Scope) -> list[Measure]:
    programs = {p.id: p for p in ctx.records.programs if not p.deleted}
    orgs = ctx.records.organizations

    def in_scope(program_id: str) -> bool:
        program = programs.get(program_id)
        if program is None:
            return False
        sponsor = kept_id(orgs, program.sponsor_id, employers_only=False)
        return sponsor is not None and ctx.org_in_scope(sponsor, scope, program.staff_id)

    registered = [p.id for p in programs.values() if p.registered_on in ctx.period and in_scope(p.id)]
    started = [
        a.id
        for a in ctx.records.apprentices
        if not a.deleted and a.start_date in ctx.period and in_scope(a.program_id)
    ]
    return [
        count(
            "programs_registered",
            "Apprenticeship programs registered",
            len(registered),
            "program",
            registered,
        ),
        count("apprentices", "Apprentices started", len(started), "apprentice", started),
    ]


def action_items_closed(ctx: Context, scope: Scope) -> Measure:
    orgs = ctx.records.organizations
    ids = []
    for item in ctx.records.action_items:
        if item.deleted or item.status != "done" or item.completed_on not in ctx.period:
            continue
        if scope.staff_id is not None and item.owner_staff_id != scope.staff_id:
            continue
        org = kept_id(orgs, item.organization_id, employers_only=False)
        partnership = ctx.records.partnerships.get(item.partnership_id or "")
        sector = orgs[org].sector if org else (partnership.sector if partnership else None)
        if scope.sector is not None and sector != scope.sector:
            continue
        if scope.partnership_id is not None and not (
            item.partnership_id == scope.partnership_id or org in ctx.members.get(scope.partnership_id, ())
        ):
            continue
        ids.append(item.id)
    return count("action_items_closed", "Action items closed", len(ids), "action_item", ids)


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
    ctx = ctx or Context.build(records, period, as_of)
    services = ctx.services_in(scope)
    served = sorted({s.establishment for s in services})
    placed = placements_in(ctx, scope)
    median, share, wages = wage_measures(ctx, placed)
    measures = [
        establishments_served(services, period),
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
    return Performance(period, scope, as_of, measures, categories(services), points, wages)


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
    """Establishments served, services and placements per quarter, across program years."""
    built: dict[int, Context] = {}
    if known is not None and known.period.quarter is None:
        built[known.period.year] = known
    points = []
    for quarter in quarters:
        if quarter.year not in built:
            built[quarter.year] = Context.build(records, quarter.whole_year, as_of)
        ctx = built[quarter.year]
        services = ctx.services_in(scope, quarter)
        placed = placements_in(ctx, scope, quarter)
        points.append(
            QuarterPoint(quarter, len({s.establishment for s in services}), len(services), len(placed))
        )
    return points
