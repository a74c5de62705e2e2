"""Visits as columns (a sequence per field) and the column-wise tests the measures use on them: each
counted with `map`, `compress`, sorts and sets in C, never a Python loop per visit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import partial
from itertools import compress, repeat
from operator import and_, ge, gt, is_not, le
from typing import Any, Generic, Protocol, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
FIELDS = ("ids", "organizations", "days", "services", "staff_ids")


class _Visit(Protocol):
    """What `from_rows` reads of a visit row (rows.VisitRow): named here, not imported, because
    rows.Records holds these columns and the two modules must not import each other."""

    @property
    def id(self) -> str: ...
    @property
    def organization_id(self) -> str: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def status(self) -> str: ...
    @property
    def services(self) -> tuple[str, ...]: ...
    @property
    def staff_id(self) -> str | None: ...
    @property
    def deleted(self) -> bool: ...


class VisitColumns:
    """Completed visits that are not deleted, one sequence per field, all in one order. `organizations`
    holds what the visits count for: as stored (`Records.visit_columns`), or after merges (a period's
    services and completed visits in `Context`). A selection (`where`, `take`) makes each of its
    columns when it is first read: most measures read only the ids and the organizations."""

    def __init__(
        self,
        ids: Sequence[str],
        organizations: Sequence[Any],
        days: Sequence[dt.date],  # the local calendar date of each start
        services: Sequence[tuple[str, ...]],  # ETA-9169 category codes
        staff_ids: Sequence[str | None],
    ) -> None:
        columns = (ids, organizations, days, services, staff_ids)
        self._made: dict[str, Sequence[Any]] = dict(zip(FIELDS, columns, strict=True))
        self._source: dict[str, Callable[[], Sequence[Any]]] = {}
        self._pick: Callable[[Sequence[Any]], list[Any]] = list

    def add(self, name: str, column: Sequence[Any]) -> None:
        """A column more (one item per visit), which selections from these visits keep too."""
        self._made[name] = column

    def _column(self, name: str) -> Sequence[Any]:
        found = self._made.get(name)
        if found is None:
            found = self._made[name] = self._pick(self._source[name]())
        return found

    ids = property(lambda self: self._column("ids"))
    organizations = property(lambda self: self._column("organizations"))
    days = property(lambda self: self._column("days"))
    services = property(lambda self: self._column("services"))
    staff_ids = property(lambda self: self._column("staff_ids"))
    places = property(lambda self: self._column("places"))  # see Context.distinct

    def __len__(self) -> int:
        return len(self.ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VisitColumns):
            return NotImplemented
        return all(list(self._column(f)) == list(other._column(f)) for f in FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"VisitColumns({', '.join(f'{f}={list(self._column(f))!r}' for f in FIELDS)})"

    @classmethod
    def from_rows(cls, rows: Iterable[_Visit]) -> VisitColumns:
        """The completed, live visits among `rows` as columns (the plain form, for tests and checks)."""
        kept = [v for v in rows if v.status == "completed" and not v.deleted]
        return cls(
            [v.id for v in kept],
            [v.organization_id for v in kept],
            [v.day for v in kept],
            [v.services for v in kept],
            [v.staff_id for v in kept],
        )

    def _selection(self, pick: Callable[[Sequence[Any]], list[Any]], organizations: Any) -> VisitColumns:
        found = VisitColumns.__new__(VisitColumns)
        found._made, found._pick = {}, pick
        found._source = {f: partial(self._column, f) for f in {*self._made, *self._source}}
        if organizations is not None:
            found._source["organizations"] = partial(_same, organizations)
        return found

    def where(self, mask: Sequence[Any], organizations: Sequence[Any] | None = None) -> VisitColumns:
        """The visits whose `mask` item is true, counting for `organizations` (one per visit) if given."""
        return self._selection(lambda column: list(compress(column, mask)), organizations)

    def take(self, positions: Sequence[int]) -> VisitColumns:
        """The visits at `positions`, in that order."""
        return self._selection(lambda column: list(map(column.__getitem__, positions)), None)


def _same(column: Sequence[Any]) -> Sequence[Any]:
    return column


class Memo(dict[K, V], Generic[K, V]):
    """`fn` of each distinct key, computed once: `map(memo.__getitem__, column)` runs in C but for the
    first time each key is seen (a year's services are a few hundred distinct lists of codes)."""

    def __init__(self, fn: Callable[[K], V]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: K) -> V:
        value = self[key] = self.fn(key)
        return value


def positions_by(keys: Sequence[Any]) -> dict[Any, list[int]]:
    """The positions of each distinct key, in order: the positions sorted (stably, in C) by a number
    given to each key, then cut where the numbers change. Python code runs per key, not per item."""
    number = {key: i for i, key in enumerate(set(keys))}
    numbers = list(map(number.__getitem__, keys))
    order = sorted(range(len(numbers)), key=numbers.__getitem__)
    counts = Counter(numbers)
    found, at = {}, 0
    for key, i in sorted(number.items(), key=lambda pair: pair[1]):
        found[key], at = order[at : at + counts[i]], at + counts[i]
    return found


def both(a: Iterable[Any], b: Iterable[Any]) -> list[bool]:
    """Item by item, `a and b` of two masks of booleans."""
    return list(map(and_, a, b))


def present(values: Iterable[Any]) -> list[bool]:
    """Item by item, `value is not None`."""
    return list(map(is_not, values, repeat(None)))


def between(days: Sequence[dt.date], first: dt.date, last: dt.date) -> list[bool]:
    """Item by item, `first <= day <= last`."""
    return both(map(le, repeat(first), days), map(ge, repeat(last), days))


def before(days: Sequence[dt.date], first: dt.date) -> list[bool]:
    """Item by item, `day < first`."""
    return list(map(gt, repeat(first), days))
