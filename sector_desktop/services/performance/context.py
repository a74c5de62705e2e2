"""A period's visit rows resolved once for every scope: merges, services, establishments served
before, partnership rosters (`Context`), and the scopes' indexes (`Scoped`)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

from sector_desktop.models.choices import EMPLOYER_SERVICES

from .periods import Period
from .rows import OrganizationRow, Records, Scope, VisitRow

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


class Service(NamedTuple):
    visit: VisitRow
    establishment: str


T = TypeVar("T")


class Scoped(Generic[T]):
    """Pairs (row, organization) whose row has a `staff_id` (services, completed visits, placements
    with the organization they count for), indexed by staff member, sector and organization, so that
    one scope's items are found without walking them all (a report asks for dozens of scopes: its
    breakdowns). For a scope of one kind the index is exact; for a scope that combines kinds, the
    scope's own test (`Context.org_in_scope`) decides among the index's items, so the answer is always
    that test's. The keys are read with C getters (`ORG`, `STAFF`): a quarter of a million items."""

    def __init__(self, ctx: Context, items: list[T]) -> None:
        self.ctx, self.items = ctx, items
        self._pairs: list[Any] = items  # the same list, as the pairs it holds
        self._indexes: dict[str, dict[Any, list[int]]] = {}

    def _index(self, kind: str) -> dict[Any, list[int]]:
        found = self._indexes.get(kind)
        if found is None:
            found = self._indexes[kind] = defaultdict(list)
            if kind == "staff":
                keys: Iterable[Any] = map(STAFF, map(ROW, self._pairs))
            elif kind == "org":
                keys = map(ORG, self._pairs)
            else:
                keys = map(self.ctx.sector_of().get, map(ORG, self._pairs))
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
    services: list[Service] = field(default_factory=list)  # in the period
    history: set[str] = field(default_factory=set)  # served in the three program years before
    before: set[str] = field(default_factory=set)  # served at any time before the period
    members: dict[str, set[str]] = field(default_factory=dict)  # partnership -> establishments
    completed: list[tuple[VisitRow, str]] = field(default_factory=list)  # completed visits in the period
    _kept: tuple[dict[Any, Any], dict[Any, Any]] = field(default_factory=lambda: ({}, {}))

    def __post_init__(self) -> None:
        self._kept = kept_ids(self.records)

    _scoped: dict[str, Scoped[Any]] = field(default_factory=dict)
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
        # is unpacked once, and each Service is made as the tuple it is (NamedTuple's own
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
                services.append(new(Service, (visit, establishment)))
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

    def scoped(self, name: str, items: Callable[[], list[Any]]) -> Scoped[Any]:
        """The pairs `items()` makes, made once and indexed for scopes (`Scoped`) under `name`."""
        found = self._scoped.get(name)
        if found is None:
            found = self._scoped[name] = Scoped(self, items())
        return found

    def sector_of(self) -> dict[str, str | None]:
        """Each organization's sector by its id, made once."""
        found = self._cache.get("sector_of")
        if found is None:
            found = self._cache["sector_of"] = {o.id: o.sector for o in self.records.organizations.values()}
        return found

    def services_in(self, scope: Scope, period: Period | None = None) -> list[Service]:
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

    def _by_quarter(self, scope: Scope, found: list[Service]) -> dict[Period, list[Service]]:
        """The scope's services split by the quarters of the period, in one pass (the series asks for
        each quarter in turn)."""
        key = ("by quarter", scope)
        split = self._cache.get(key)
        if split is None:
            quarters = self.period.quarters()
            after = [q.start for q in quarters[1:]]  # a service's quarter: how many of these it is after
            lists: list[list[Service]] = [[] for _ in quarters]
            for s in found:
                lists[bisect_right(after, s.visit.day)].append(s)
            split = self._cache[key] = dict(zip(quarters, lists, strict=True))
        return split


ROW, ORG, STAFF, ID = itemgetter(0), itemgetter(1), attrgetter("staff_id"), attrgetter("id")
COUNT = itemgetter(2)
