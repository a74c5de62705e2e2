"""The outcome measures of docs/measures.md: placements and wages, retention, cohorts,
apprenticeships and action items closed."""

from __future__ import annotations

import datetime as dt
import statistics
from bisect import bisect_left, bisect_right
from collections import defaultdict

from ..outcomes.quarters import quarter_end_after
from .context import Context
from .periods import Period
from .results import Measure, WageLine, count, rate
from .rows import PlacementRow, Scope


def placements_in(ctx: Context, scope: Scope, period: Period | None = None) -> list[PlacementRow]:
    """Live placements starting in the period, at a live employer, in scope."""
    return [p for p, _employer in live_placements_in(ctx, scope, period)]


def live_placements_in(
    ctx: Context, scope: Scope, period: Period | None = None
) -> list[tuple[PlacementRow, str]]:
    """`placements_in`, each with the live employer it counts for."""
    period = period or ctx.period
    first, last = period.start, period.end
    found = ctx.pairs_in("placements", lambda: _live_placements(ctx), scope)
    return [pair for pair in found if first <= pair[0].start_date <= last]


def _live_placements(ctx: Context) -> list[tuple[PlacementRow, str]]:
    """Live placements with the live employer they count for."""
    found = []
    for p in ctx.records.placements:
        if not p.deleted and (employer := ctx.kept(p.organization_id, False)) is not None:
            found.append((p, employer))
    return found


def placements_count(ctx: Context, scope: Scope, period: Period) -> int:
    """len(placements_in(ctx, scope, period)), from the scope's start dates sorted once (the series
    counts eight quarters)."""

    def start_dates() -> list[dt.date]:
        found = ctx.pairs_in("placements", lambda: _live_placements(ctx), scope)
        return sorted(p.start_date for p, _employer in found)

    days = ctx.once(("placement days", scope), start_dates)
    return bisect_right(days, period.end) - bisect_left(days, period.start)


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
    confirmed_ids = {
        c.placement_id
        for c in ctx.records.checks
        if not c.deleted and c.quarter == quarter and c.result == "yes"
    }

    def ended() -> list[tuple[PlacementRow, str]]:
        found = []
        first, last = ctx.period.start, min(ctx.period.end, ctx.as_of)
        ends: dict[dt.date, dt.date] = {}  # by start date: placements share their days
        for p in ctx.records.placements:
            if p.deleted:
                continue
            end = ends.get(p.start_date)
            if end is None:
                end = ends[p.start_date] = quarter_end_after(p.start_date, quarter)
            if not first <= end <= last:  # ended in the period, and by the as-of date
                continue
            if (employer := ctx.kept(p.organization_id, False)) is not None:
                found.append((p, employer))
        return found

    due = [p.id for p, _employer in ctx.pairs_in(f"retention {quarter}", ended, scope)]
    kept = [i for i in due if i in confirmed_ids]
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

    def in_scope(program_id: str) -> bool:
        program = programs.get(program_id)
        if program is None:
            return False
        sponsor = ctx.kept(program.sponsor_id, False)
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
    first, last = ctx.period.start, ctx.period.end
    narrow = scope.sector is not None or scope.partnership_id is not None
    ids = []
    for item in ctx.records.action_items:
        done = item.completed_on
        if item.deleted or item.status != "done" or done is None or not first <= done <= last:
            continue
        if scope.staff_id is not None and item.owner_staff_id != scope.staff_id:
            continue
        if not narrow:
            ids.append(item.id)
            continue
        org = ctx.kept(item.organization_id, False)
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
