"""What the measures need of the years before the program year, counted in SQL instead of read as
visit rows: the organizations served before it and in the three before it, and the earlier quarters of
the quarter-over-quarter series."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import itemgetter, methodcaller
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from sector_desktop import clock
from sector_desktop.models import Visit

from .periods import Period
from .queries import fetch, has_category


def served_before(
    source: Session | Connection, start: dt.datetime, history_start: dt.datetime, asked: Iterable[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """Of the organizations `asked` about: those with a service before `start` (for 'new employers'),
    and those whose last one was on or after `history_start` (repeat business: a service in the
    three program years before).

    One seek per organization on the covering index (organization_id, starts_at, status, deleted_at,
    services), walking back from `start` to its last service, instead of reading every older visit:
    ten years of visits made that most of the report's time. The organizations go in id order (the
    index's), so the seeks walk the index forward."""
    wanted = func.json_each(json.dumps(sorted(asked))).table_valued("value")
    last = (
        select(Visit.starts_at)
        .where(
            Visit.organization_id == wanted.c.value,
            Visit.starts_at < start,
            Visit.status == "completed",
            Visit.deleted_at.is_(None),
            has_category(Visit.services),
        )
        .order_by(Visit.starts_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    per_org = select(wanted.c.value.label("id"), last.label("last")).subquery()
    query = select(per_org.c.id, per_org.c.last >= history_start).where(per_org.c.last.is_not(None))
    earlier, history = set(), set()
    for org_id, recent in fetch(source, query):
        earlier.add(org_id)
        if recent:
            history.add(org_id)
    return frozenset(earlier), frozenset(history)


def quarter_counts(
    source: Session | Connection, quarters: Sequence[Period]
) -> dict[Period, list[tuple[str, str | None, int]]]:
    """For consecutive `quarters`: per quarter, the services of each organization and staff member
    (services as `is_service` says; the quarter of a visit is its local day's, by the instants at which
    each quarter's first day begins).

    Each quarter is one aggregate over the covering index with no GROUP BY (its sort of 200,000 rows
    was most of the time): SQLite joins each service's organization and staff member into one text,
    and Python counts the pairs in C (`Counter` over the split text). An id holding a separator (ids
    are UUIDs, so only a damaged one would) shows as a miscount, and that quarter is grouped in SQL.
    One step of SQLite per quarter: worth reading beside the caller (parallel.Beside)."""
    return _counted(source, quarters, [fetch(source, _joined(q))[0] for q in quarters])


def _services(quarter: Period) -> tuple[Any, ...]:
    start, end = clock.days(quarter.start, quarter.end)
    return (
        Visit.starts_at >= start,
        Visit.starts_at < end,
        Visit.status.concat("") == "completed",
        Visit.deleted_at.is_(None),
        has_category(Visit.services),
    )


def _joined(quarter: Period) -> Any:
    """The quarter's services as one text of (organization, staff member) pairs, and their number."""
    pair = Visit.organization_id.concat(_PAIR).concat(func.coalesce(Visit.staff_id, ""))
    return select(func.group_concat(pair, _ROWS), func.count()).where(*_services(quarter))


def _counted(
    source: Session | Connection, quarters: Sequence[Period], joined: Sequence[tuple[str | None, int]]
) -> dict[Period, list[tuple[str, str | None, int]]]:
    found: dict[Period, list[tuple[str, str | None, int]]] = {}
    for quarter, (text, n) in zip(quarters, joined, strict=True):
        pieces = text.split(_ROWS) if text else []
        if len(pieces) == n and (text or "").count(_PAIR) == n:
            counts = Counter(pieces)
            split = list(map(methodcaller("partition", _PAIR), counts))
            orgs, staff = map(itemgetter(0), split), list(map(itemgetter(2), split))
            found[quarter] = list(zip(orgs, map(_NONE_FOR_EMPTY, staff, staff), counts.values(), strict=True))
        else:
            grouped = select(Visit.organization_id, Visit.staff_id, func.count()).where(*_services(quarter))
            grouped = grouped.group_by(Visit.organization_id, Visit.staff_id)
            found[quarter] = [(org_id, staff, k) for org_id, staff, k in fetch(source, grouped)]
    return found


_NONE_FOR_EMPTY = {"": None}.get  # (staff, staff): None for no staff member (the empty text), else it
_PAIR, _ROWS = "\x1f", "\x1e"  # unit and record separators
