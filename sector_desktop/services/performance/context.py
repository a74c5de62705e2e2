"""A period's visits resolved once for every scope (`Context`): merges, the services and completed
visits as columns, the establishments served before, partnership rosters."""

from __future__ import annotations

import datetime as dt
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import attrgetter, eq, itemgetter, le, not_, or_, truth
from typing import Any, TypeVar

from sector_desktop.models.choices import EMPLOYER_SERVICES

from . import columns as col
from .columns import Memo, VisitColumns
from .periods import Period
from .rows import OrganizationRow, Records, Scope, VisitRow
from .scopes import Scoped

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
        found = records.cache["kept_ids"] = _kept_ids(records.organizations)
    return found


def _kept_ids(orgs: dict[str, OrganizationRow]) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """`kept_ids` column-wise (100,000 organizations): an organization neither merged nor deleted
    stands for itself, a merged one follows its chain (`kept_id`), any other for none."""
    ids, rows = list(orgs), list(orgs.values())
    merged = list(map(attrgetter("merged_into"), rows))
    itself = list(map(not_, map(or_, map(attrgetter("deleted"), rows), map(truth, merged))))
    any_of: dict[str, str | None] = dict.fromkeys(ids)
    standing = list(compress(ids, itself))
    any_of.update(zip(standing, standing, strict=True))
    for org_id in compress(ids, merged):
        any_of[org_id] = kept_id(orgs, org_id, employers_only=False)
    # The same chain, ending at an employer: kept_id with employers_only refuses exactly the
    # organizations kept_id without it keeps that are not employers.
    employers = set(compress(ids, map(eq, map(attrgetter("kind"), rows), repeat("employer"))))
    employer_of: dict[str, str | None] = dict.fromkeys(ids)
    employer_of.update(compress(any_of.items(), map(employers.__contains__, any_of.values())))
    return any_of, employer_of


def is_service(visit: VisitRow) -> bool:
    """A service: a completed visit, not deleted, with at least one ETA-9169 category."""
    return not visit.deleted and visit.status == "completed" and has_category(visit.services)


def has_category(codes: Iterable[str]) -> bool:
    """At least one of the codes is an ETA-9169 category."""
    return any(s in _CATEGORY_SET for s in codes)


def served_establishments(records: Records) -> set[str]:
    """The establishments with a service among the records' visits (rows or columns), on any day."""
    establishments, _organizations, served = _resolved(records)
    return set(compress(establishments, served))


def _resolved(records: Records) -> tuple[list[Any], list[Any], list[bool]]:
    """Of each of the records' visits (`visit_columns_of`): the establishment and the live organization
    it stands for, and whether it is a service with an establishment; made once per records."""
    found = records.cache.get("resolved")
    if found is None:
        any_of, employer_of = kept_ids(records)
        visits = visit_columns_of(records)
        establishments = list(map(employer_of.get, visits.organizations))
        organizations = list(map(any_of.get, visits.organizations))
        served = col.both(map(_is_service, visits.services), col.present(establishments))
        found = records.cache["resolved"] = (establishments, organizations, served)
    return found


def visit_columns_of(records: Records) -> VisitColumns:
    """The records' completed live visits as columns: as the store read them, or made from the rows."""
    if records.visit_columns is not None:
        return records.visit_columns
    found = records.cache.get("visit columns")
    if found is None:
        found = records.cache["visit columns"] = VisitColumns.from_rows(records.visits)
    return found


# has_category by the list of codes: in C but for the first time each list is seen
_is_service = Memo[tuple[str, ...], bool](has_category).__getitem__


def _bits(codes: tuple[str, ...]) -> int:
    return sum(1 << i for i, code in enumerate(CATEGORIES) if code in codes)


_category_bits = Memo[tuple[str, ...], int](_bits).__getitem__
# HAS_BIT[i]: a `bytes.translate` table from a byte of category bits to 1 if it has CATEGORIES[i], else 0
HAS_BIT = tuple(bytes(b >> i & 1 for b in range(256)) for i in range(len(CATEGORIES)))
assert len(CATEGORIES) <= 8, "a service's categories are one byte of bits"


def category_bits(services: Iterable[tuple[str, ...]]) -> bytes:
    """Of each list of codes, the ETA-9169 categories among them as a byte: bit i for CATEGORIES[i]."""
    return bytes(map(_category_bits, services))


T = TypeVar("T")


def _empty() -> VisitColumns:
    return VisitColumns((), (), (), (), ())


@dataclass
class Context:
    """The visits of one period resolved once (merges, services, memberships), for any scope.

    `Context.of` keeps it on the records, so a report's measures, series and breakdowns share it.
    `services` count for the establishment each visit stands for, `completed` for the live
    organization. Visit rows (`Records.visits`, as tests give them) are resolved by a plain loop that
    reads as the definitions do (`_resolve_rows`); the store's columns (`Records.visit_columns`) the
    same way column-wise, in C (`_resolve_columns`), which the tests check against the loop.
    It holds its records weakly (`source`): they keep it, and a cycle would leave a report's million
    objects to the cyclic collector, which walks them all when a report resumes it."""

    source: weakref.ref[Records]
    period: Period
    as_of: dt.date
    services: VisitColumns = field(default_factory=_empty)  # the services in the period
    completed: VisitColumns = field(default_factory=_empty)  # completed visits, live organization
    history: set[str] = field(default_factory=set)  # served in the three program years before
    before: set[str] = field(default_factory=set)  # served at any time before the period
    members: dict[str, set[str]] = field(default_factory=dict)  # partnership -> establishments
    served: list[str] = field(default_factory=list)  # the establishments served in the period, sorted
    any_of: dict[Any, Any] = field(default_factory=dict)  # organization id -> kept_id
    employer_of: dict[Any, Any] = field(default_factory=dict)  # -> kept_id, employers only
    _scoped: dict[str, tuple[list[Any], Scoped]] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict)  # what one scope or quarter asked for, kept

    def __post_init__(self) -> None:
        self.any_of, self.employer_of = kept_ids(self.records)

    @property
    def records(self) -> Records:
        found = self.source()
        if found is None:
            raise ReferenceError("a context's records are gone: keep the records while using it")
        return found

    def kept(self, org_id: str | None, employers_only: bool) -> str | None:
        """`kept_id`, from the records' table of it (`kept_ids`)."""
        found: str | None = (self.employer_of if employers_only else self.any_of).get(org_id)
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
        ctx = cls(weakref.ref(records), period, as_of)
        counted = records.counted
        if counted is not None and counted.year == period.year:
            # served before: in the three years before, or earlier (the store's two sets are mostly one)
            ctx.history = _establishments(ctx.employer_of, counted.history)
            earlier = records.earlier_served - counted.history
            ctx.before = ctx.history | _establishments(ctx.employer_of, earlier)
        else:
            ctx.before = _establishments(ctx.employer_of, records.earlier_served)
        if records.visit_columns is not None:
            ctx._resolve_columns(records.visit_columns)
        else:
            ctx._resolve_rows(records.visits)
        ctx._number_services()
        for p in records.partnerships.values():
            ctx.members[p.id] = {k for m in p.members if (k := ctx.kept(m, False))}
        return ctx

    def _resolve_rows(self, visits: Iterable[VisitRow]) -> None:
        """The period's services and completed visits, and who was served before, one row at a time."""
        first, last, year_start = self.period.start, self.period.end, self.period.whole_year.start
        history_start = Period(self.period.year - 3).start
        services: list[tuple[VisitRow, str]] = []
        completed: list[tuple[VisitRow, str]] = []
        for visit in visits:
            if visit.deleted or visit.status != "completed":
                continue
            in_period = first <= visit.day <= last
            if in_period and (org := self.kept(visit.organization_id, False)) is not None:
                completed.append((visit, org))
            establishment = self.kept(visit.organization_id, True)
            if not is_service(visit) or establishment is None:
                continue
            if in_period:
                services.append((visit, establishment))
            elif visit.day < first:
                self.before.add(establishment)
                if history_start <= visit.day < year_start:
                    self.history.add(establishment)
        self.services = _columns(services)
        self.completed = _columns(completed)

    def _resolve_columns(self, visits: VisitColumns) -> None:
        """`_resolve_rows` column-wise: each test a `map` over a column, each result a `compress`."""
        if not len(visits):
            return
        first, last, year_start = self.period.start, self.period.end, self.period.whole_year.start
        history_start = Period(self.period.year - 3).start
        establishments, organizations, served = _resolved(self.records)
        days = visits.days
        earliest, latest = min(days), max(days)
        in_period = None if first <= earliest and latest <= last else col.between(days, first, last)
        live = col.present(organizations)
        if in_period is None:
            self.services = visits.where(served, establishments)
            self.completed = visits.where(live, organizations)
        else:
            self.services = visits.where(col.both(served, in_period), establishments)
            self.completed = visits.where(col.both(live, in_period), organizations)
        if earliest < first:
            earlier = col.both(served, col.before(days, first))
            self.before.update(compress(establishments, earlier))
            recent = col.both(earlier, col.between(days, history_start, year_start - dt.timedelta(days=1)))
            self.history.update(compress(establishments, recent))

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

    def once(self, key: Any, make: Callable[[], T]) -> T:
        """What `make()` gives, made once per context and `key` (a scope's, or a quarter's)."""
        if key in self._cache:
            found: T = self._cache[key]
            return found
        made = self._cache[key] = make()
        return made

    def _number_services(self) -> None:
        """Number the establishments served in their sorted order (`served`), and give the services a
        column of their establishment's number (`places`): numbers sort several times faster than text."""
        self.served = sorted(set(self.services.organizations))
        place = {e: i for i, e in enumerate(self.served)}
        self.services.add("places", list(map(place.__getitem__, self.services.organizations)))

    def distinct(self, places: Iterable[int]) -> list[str]:
        """The establishments of some of the services, by their `places` column: distinct, sorted."""
        return list(map(self.served.__getitem__, sorted(set(places))))

    def sector_of(self) -> dict[str, str | None]:
        """Each organization's sector by its id, made once."""
        rows = self.records.organizations.values
        return self.once("sector_of", lambda: dict(zip(map(ID, rows()), map(SECTOR, rows()), strict=True)))

    def pairs_in(self, name: str, pairs: Callable[[], list[tuple[Any, str]]], scope: Scope) -> list[Any]:
        """Of the pairs (row with a `staff_id`, organization) that `pairs()` makes (once, kept under
        `name`), those in scope, in their order."""
        found = self._scoped.get(name)
        if found is None:
            made = pairs()
            staff = list(map(STAFF, map(ROW, made)))
            found = self._scoped[name] = (made, Scoped(staff, list(map(ORG, made))))
        made, scoped = found
        return list(made) if scope.everyone else list(map(made.__getitem__, scoped.positions(self, scope)))

    def _visits_in(self, name: str, visits: VisitColumns, scope: Scope) -> VisitColumns:
        if scope.everyone:
            return visits
        found = self._scoped.get(name)
        if found is None:
            found = self._scoped[name] = ([], Scoped(visits.staff_ids, visits.organizations))
        return visits.take(found[1].positions(self, scope))

    def completed_in(self, scope: Scope) -> VisitColumns:
        """The completed visits of the period in scope."""
        return self._visits_in("completed", self.completed, scope)

    def services_in(self, scope: Scope, period: Period | None = None) -> VisitColumns:
        """The services in scope, in the context's period or (`period`) one part of it."""
        key = ("services", scope)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._visits_in("services", self.services, scope)
        if period is None or period == self.period:
            return found
        if period in self.period.quarters():
            return self._by_quarter(scope, found)[period]
        return found.where(col.between(found.days, period.start, period.end))

    def _by_quarter(self, scope: Scope, found: VisitColumns) -> dict[Period, VisitColumns]:
        """The scope's services split by the quarters of the period (the series asks for each). The
        store gives the visits in order of their start, so their days are in order and each quarter's
        services are one run of them, found by bisection; in any other order, each service's quarter
        is how many of the later quarters' first days it is on or after."""
        key = ("by quarter", scope)
        split = self._cache.get(key)
        if split is None:
            quarters = self.period.quarters()
            after = [q.start for q in quarters[1:]]
            days = found.days
            if all(map(le, days, islice(days, 1, None))):  # in order: one pass, in C
                bounds = [0, *(bisect_left(days, day) for day in after), len(days)]
                split = {q: found.take(range(bounds[i], bounds[i + 1])) for i, q in enumerate(quarters)}
            else:
                index = list(map(bisect_right, repeat(after), days))
                split = {q: found.where(list(map(eq, index, repeat(i)))) for i, q in enumerate(quarters)}
            self._cache[key] = split
        return split


def _establishments(employer_of: dict[Any, Any], org_ids: Iterable[str]) -> set[str]:
    """The establishments some organizations (as stored) stand for, in C: each looked up once."""
    found: set[Any] = set(map(employer_of.get, org_ids))
    found.discard(None)
    return found


def _columns(pairs: Sequence[tuple[VisitRow, str]]) -> VisitColumns:
    """Visit rows as columns, each counting for the organization paired with it."""
    return VisitColumns(
        [v.id for v, _ in pairs],
        [org for _, org in pairs],
        [v.day for v, _ in pairs],
        [v.services for v, _ in pairs],
        [v.staff_id for v, _ in pairs],
    )


ROW, ORG, STAFF, ID = itemgetter(0), itemgetter(1), attrgetter("staff_id"), attrgetter("id")
SECTOR = attrgetter("sector")
COUNT = itemgetter(2)
