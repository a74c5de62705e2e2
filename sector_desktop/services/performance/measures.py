"""The measures of docs/measures.md as plain functions over plain rows (rows.py): no database, no Qt.

`compute(records, period, scope, as_of)` gives every measure of one period with its numerator,
denominator and the ids of the records behind each, the ETA-9169 table, the quarter-by-quarter
series and the wage comparison. Each definition is written once, in the function that counts it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import compress, filterfalse
from operator import attrgetter, itemgetter
from typing import Any, Generic, NamedTuple, TypeVar, cast

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


def kept_ids(records: Records) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """`kept_id` of every organization of the records, without and with `employers_only` (an id not
    in the tables stands for none, as `kept_id` says), made once per records."""
    found = records.cache.get("kept_ids")
    if found is None:
        orgs = records.organizations
        any_of: dict[str, str | None] = {}
        for org in orgs.values():
            if org.merged_into:
                any_of[org.id] = kept_id(orgs, org.id, employers_only=False)
            else:
                any_of[org.id] = None if org.deleted else org.id
        # The same chain, ending at an employer: kept_id with employers_only refuses exactly the
        # organizations kept_id without it keeps that are not employers.
        employer_of = {
            i: k if k is not None and orgs[k].kind == "employer" else None for i, k in any_of.items()
        }
        found = records.cache["kept_ids"] = (any_of, employer_of)
    return found


def is_service(visit: VisitRow) -> bool:
    """A service: a completed visit, not deleted, with at least one ETA-9169 category."""
    return not visit.deleted and visit.status == "completed" and has_category(visit.services)


def has_category(codes: Iterable[str]) -> bool:
    """At least one of the codes is an ETA-9169 category."""
    return any(s in _CATEGORY_SET for s in codes)


class _Service(NamedTuple):
    visit: VisitRow
    establishment: str


T = TypeVar("T")


class _Scoped(Generic[T]):
    """Pairs (row, organization) whose row has a `staff_id` (services, completed visits, placements
    with the organization they count for), indexed by staff member, sector and organization, so that
    one scope's items are found without walking them all (a report asks for dozens of scopes: its
    breakdowns). For a scope of one kind the index is exact; for a scope that combines kinds, the
    scope's own test (`Context.org_in_scope`) decides among the index's items, so the answer is always
    that test's. The keys are read with C getters (`_ORG`, `_STAFF`): a quarter of a million items."""

    def __init__(self, ctx: Context, items: list[T]) -> None:
        self.ctx, self.items = ctx, items
        self._pairs: list[Any] = items  # the same list, as the pairs it holds
        self._indexes: dict[str, dict[Any, list[int]]] = {}

    def _index(self, kind: str) -> dict[Any, list[int]]:
        found = self._indexes.get(kind)
        if found is None:
            found = self._indexes[kind] = defaultdict(list)
            if kind == "staff":
                keys: Iterable[Any] = map(_STAFF, map(_ROW, self._pairs))
            elif kind == "org":
                keys = map(_ORG, self._pairs)
            else:
                keys = map(self.ctx.sector_of().get, map(_ORG, self._pairs))
            for i, key in enumerate(keys):
                found[key].append(i)
        return found

    def select(self, scope: Scope) -> list[T]:
        """The items in scope, in their order."""
        items = self.items
        if scope.everyone:
            return list(items)
        if scope.staff_id is not None:
            positions = self._index("staff").get(scope.staff_id, [])
        elif scope.partnership_id is not None:
            by_org = self._index("org")
            members = self.ctx.members.get(scope.partnership_id, set())
            positions = sorted(i for m in members for i in by_org.get(m, ()))
        else:
            positions = self._index("sector").get(scope.sector, [])
        kinds = (scope.staff_id is not None) + (scope.sector is not None) + (scope.partnership_id is not None)
        if kinds == 1:
            return [items[i] for i in positions]
        in_scope, pairs = self.ctx.org_in_scope, self._pairs
        return [pairs[i] for i in positions if in_scope(pairs[i][1], scope, pairs[i][0].staff_id)]


@dataclass
class Context:
    """The rows of one period resolved once (merges, services, memberships), for any scope.

    `Context.of` keeps it on the records, so a report's measures, series and breakdowns share it."""

    records: Records
    period: Period
    as_of: dt.date
    services: list[_Service] = field(default_factory=list)  # in the period
    history: set[str] = field(default_factory=set)  # served in the three program years before
    before: set[str] = field(default_factory=set)  # served at any time before the period
    members: dict[str, set[str]] = field(default_factory=dict)  # partnership -> establishments
    completed: list[tuple[VisitRow, str]] = field(default_factory=list)  # completed visits in the period
    _kept: tuple[dict[Any, Any], dict[Any, Any]] = field(default_factory=lambda: ({}, {}))

    def __post_init__(self) -> None:
        self._kept = kept_ids(self.records)

    _scoped: dict[str, _Scoped[Any]] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict)  # what one scope or quarter asked for, kept

    def kept(self, org_id: str | None, employers_only: bool) -> str | None:
        """`kept_id`, from the records' table of it (`kept_ids`)."""
        found: str | None = self._kept[employers_only].get(org_id)
        return found

    @classmethod
    def of(cls, records: Records, period: Period, as_of: dt.date) -> Context:
        """The context of `period` over `records`, built once and kept on the records."""
        key = ("context", period, as_of)
        found = records.cache.get(key)
        if found is None:
            found = records.cache[key] = cls.build(records, period, as_of)
        return found

    @classmethod
    def build(cls, records: Records, period: Period, as_of: dt.date) -> Context:
        ctx = cls(records, period, as_of)
        year_start = period.whole_year.start
        history_start = Period(period.year - 3).start
        first, last = period.start, period.end  # compared directly: a million visits, seconds saved
        kept = ctx.kept
        # A million visits: the memos of `kept` are read directly (in C where they can be), each row
        # is unpacked once, and each _Service is made as the tuple it is (NamedTuple's own
        # constructor is Python code).
        any_of, employer_of, new = ctx._kept[False], ctx._kept[True], tuple.__new__
        services, completed, before, history = ctx.services, ctx.completed, ctx.before, ctx.history
        before.update(e for e in map(employer_of.get, records.earlier_served) if e is not None)
        counted = records.counted
        if counted is not None and counted.year == period.year:
            history.update(e for e in map(employer_of.get, counted.history) if e is not None)
            before.update(history)
        is_service: dict[tuple[str, ...], bool] = {}
        for visit in records.visits:
            _id, org_id, day, status, codes, _staff, deleted = visit
            if deleted or status != "completed":
                continue
            in_period = first <= day <= last
            if in_period and (org := any_of.get(org_id)) is not None:
                completed.append((visit, org))
            service = is_service.get(codes)
            if service is None:
                service = is_service[codes] = has_category(codes)
            if not service:
                continue
            if (establishment := employer_of.get(org_id)) is None:
                continue
            if in_period:
                services.append(new(_Service, (visit, establishment)))
            elif day < first:
                before.add(establishment)
                if history_start <= day < year_start:
                    history.add(establishment)
        for p in records.partnerships.values():
            ctx.members[p.id] = {k for m in p.members if (k := kept(m, False))}
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

    def scoped(self, name: str, items: Callable[[], list[Any]]) -> _Scoped[Any]:
        """The pairs `items()` makes, made once and indexed for scopes (`_Scoped`) under `name`."""
        found = self._scoped.get(name)
        if found is None:
            found = self._scoped[name] = _Scoped(self, items())
        return found

    def sector_of(self) -> dict[str, str | None]:
        """Each organization's sector by its id, made once."""
        found = self._cache.get("sector_of")
        if found is None:
            found = self._cache["sector_of"] = {o.id: o.sector for o in self.records.organizations.values()}
        return found

    def services_in(self, scope: Scope, period: Period | None = None) -> list[_Service]:
        """The services in scope, in the context's period or (`period`) one part of it."""
        if scope.everyone:
            found = self.services
        else:
            found = self.scoped("services", lambda: self.services).select(scope)
        if period is None or period == self.period:
            return list(found) if found is self.services else found
        by_quarter = self._by_quarter(scope, found)
        if period in by_quarter:
            return list(by_quarter[period])
        first, last = period.start, period.end
        return [s for s in found if first <= s.visit.day <= last]

    def _by_quarter(self, scope: Scope, found: list[_Service]) -> dict[Period, list[_Service]]:
        """The scope's services split by the quarters of the period, in one pass (the series asks for
        each quarter in turn)."""
        key = ("by quarter", scope)
        split = self._cache.get(key)
        if split is None:
            quarters = self.period.quarters()
            after = [q.start for q in quarters[1:]]  # a service's quarter: how many of these it is after
            lists: list[list[_Service]] = [[] for _ in quarters]
            for s in found:
                lists[bisect_right(after, s.visit.day)].append(s)
            split = self._cache[key] = dict(zip(quarters, lists, strict=True))
        return split


_ROW, _ORG, _STAFF, _ID = itemgetter(0), itemgetter(1), attrgetter("staff_id"), attrgetter("id")
_COUNT = itemgetter(2)


# -- the employer measures -------------------------------------------------------------------------
def establishments_served(
    services: list[_Service], period: Period, served: list[str] | None = None
) -> Measure:
    """Distinct establishments with a service (`served`: those, sorted, when the caller has them)."""
    ids = served if served is not None else sorted(set(map(_ORG, services)))  # each service's, once
    return count("establishments_served", "Establishments served", len(ids), "organization", ids)


def services_given(services: list[_Service]) -> Measure:
    ids = list(map(_ID, map(_ROW, services)))  # each service's visit id
    return count("services", "Services (visits with an ETA-9169 category)", len(ids), "visit", ids)


def repeat_business(ctx: Context, served: list[str]) -> Measure:
    """Served in the period and also in any of the three program years before its program year."""
    repeat = sorted(filter(ctx.history.__contains__, served))
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
    ids = sorted(filterfalse(ctx.before.__contains__, served))
    return count("new_employers", "New employers engaged", len(ids), "organization", ids)


def visits_made(ctx: Context, scope: Scope) -> Measure:
    """Completed visits (with or without a category) with any live organization in the period."""
    if scope.everyone:
        ids = list(map(_ID, map(_ROW, ctx.completed)))
    else:
        scoped = ctx.scoped("completed", lambda: ctx.completed)
        ids = list(map(_ID, map(_ROW, scoped.select(scope))))
    return count("visits", "Visits completed", len(ids), "visit", ids)


def categories(services: list[_Service]) -> list[CategoryLine]:
    """The ETA-9169 table: per category, distinct establishments that received it and the services."""
    with_code: dict[str, list[_Service]] = {code: [] for code in CATEGORIES}
    distinct: dict[tuple[str, ...], list[list[_Service]]] = {}
    for s in services:
        codes = s.visit.services
        lists = distinct.get(codes)
        if lists is None:
            lists = distinct[codes] = [with_code[c] for c in dict.fromkeys(codes) if c in with_code]
        for found in lists:
            found.append(s)
    return [
        CategoryLine(
            code,
            label(EMPLOYER_SERVICES, code),
            tuple(sorted(set(map(_ORG, with_code[code])))),
            tuple(map(_ID, map(_ROW, with_code[code]))),
        )
        for code in CATEGORIES
    ]


# -- outcomes --------------------------------------------------------------------------------------
def placements_in(ctx: Context, scope: Scope, period: Period | None = None) -> list[PlacementRow]:
    """Live placements starting in the period, at a live employer, in scope."""
    period = period or ctx.period

    first, last = period.start, period.end
    scoped = ctx.scoped("placements", lambda: _live_placements(ctx))
    return [p for p, _employer in scoped.select(scope) if first <= p.start_date <= last]


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
    key = ("placement days", scope)
    days = ctx._cache.get(key)
    if days is None:
        scoped = ctx.scoped("placements", lambda: _live_placements(ctx))
        days = ctx._cache[key] = sorted(p.start_date for p, _employer in scoped.select(scope))
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

    due = [
        p.id
        for p, _employer in ctx.scoped(f"retention {quarter}", ended).select(scope)
    ]
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
    served = sorted(set(map(_ORG, services)))
    placed = placements_in(ctx, scope)
    median, share, wages = wage_measures(ctx, placed)
    measures = [
        establishments_served(services, period, served),
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
    served = sorted(set(map(_ORG, services)))
    placed = placements_in(ctx, scope)
    measures = (
        establishments_served(services, ctx.period, served),
        services_given(services),
        repeat_business(ctx, served),
        new_employers(ctx, served),
        count("placements", "Placements", len(placed), "placement", [p.id for p in placed]),
        wage_measures(ctx, placed)[0],
    )
    return {m.key: m for m in measures}


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
        return set(map(_ORG, services)), len(services)
    employer_of, everyone, in_scope = ctx._kept[True], scope.everyone, ctx.org_in_scope
    if everyone:  # the same count in C: each row's establishment, the rows that have one
        establishments: list[str | None] = list(map(employer_of.get, map(_ROW, counts)))
        found = set(establishments)
        found.discard(None)
        return cast(set[str], found), sum(compress(map(_COUNT, counts), establishments))
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
