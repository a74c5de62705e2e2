"""Keyset paging against OFFSET for the big lists, deep in the large profile.

For each list and sort, the ids of the window of 200 rows that starts at row N are fetched two ways:
by keyset (what the app does: `WHERE (sort key, id) > (row N-1's) ORDER BY ... LIMIT 200`,
store/paging.py) and by the same ORDER BY with `OFFSET N`. Both return the same ids (checked).
`whole_window_ms` is the app's whole window (the ids, then those rows with their last visit).
Median of 5 runs each, after a warm-up; the first window's ids are the baseline. One JSON object.

    .venv/bin/python bench/paging.py            # the large profile (100,000 organizations)
    .venv/bin/python bench/paging.py --quick    # 10,000 organizations, to check the script
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _profile import LARGE, QUICK, ensure_profile

WINDOW = 200
RUNS = 5


def _ms(fn: Callable[[], Any]) -> float:
    fn()  # warm-up: the page cache and SQLite's statement cache
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def organizations(db: Any, sort: str, position: int) -> dict[str, Any]:
    from sqlalchemy import select

    from sector_desktop.models import Organization
    from sector_desktop.store import paging
    from sector_desktop.store.organizations import (
        OrganizationFilter,
        _apply_filter,
        _sort_keys,
        _Staff,
        _window_ids,
        list_organizations,
    )

    f = OrganizationFilter()
    with db.read_session() as s:
        before = list_organizations(s, sort=sort, limit=position)[-1]  # row N-1, read once

        def by_keyset() -> list[str]:  # the window's ids (then its 200 rows are read by id)
            return _window_ids(s, f, sort, False, before, WINDOW)

        def whole_window() -> list[str]:
            return [r.id for r in list_organizations(s, sort=sort, after=before, limit=WINDOW)]

        def by_offset() -> list[str]:
            stmt = select(Organization.id)
            if sort == "staff":
                stmt = stmt.outerjoin(_Staff, _Staff.id == Organization.assigned_staff_id)
            stmt = _apply_filter(stmt, f).order_by(*paging.order_by(_sort_keys(sort, f), False))
            return list(s.scalars(stmt.offset(position).limit(WINDOW)))

        def first() -> list[str]:
            return _window_ids(s, f, sort, False, None, WINDOW)

        assert by_keyset() == by_offset() == whole_window(), f"organizations by {sort}: the ways disagree"
        figures = _figures("organizations", sort, position, first, by_keyset, by_offset)
        figures["whole_window_ms"] = _ms(whole_window)  # ids, then the rows with their last visit
        return figures


def visits(db: Any, sort: str, descending: bool, position: int) -> dict[str, Any]:
    from sector_desktop.store.visits import VisitFilters, list_visits

    f = VisitFilters()
    with db.read_session() as s:
        before, row = None, position
        while position > 0:  # reach row N-1 the way the app does, a window at a time
            step = min(position, 5000)
            rows = list_visits(s, f, sort=sort, descending=descending, after=before, limit=step)
            before, position = rows[-1], position - len(rows)

        def by_keyset() -> list[str]:
            rows = list_visits(s, f, sort=sort, descending=descending, after=before, limit=WINDOW)
            return [r.id for r in rows]

        def first() -> list[str]:
            return [r.id for r in list_visits(s, f, sort=sort, descending=descending, limit=WINDOW)]

        name = f"visits ({'newest' if descending else 'oldest'} first)" if sort == "starts_at" else "visits"
        return _figures(name, sort, row, first, by_keyset)


def action_items(db: Any, view: str, position: int, sort: str | None = None) -> dict[str, Any]:
    """A window of an Action items view at `position` (row N-1 reached a window at a time)."""
    from sector_desktop.store.action_items import ActionItemFilter, count_action_items, list_action_items

    with db.read_session() as s:
        f = ActionItemFilter(view=view)
        position = min(position, count_action_items(s, f) * 9 // 10)
        before, row = None, position
        while position > 0:
            rows = list_action_items(s, f, sort=sort, after=before, limit=min(position, 5000))
            before, position = rows[-1], position - len(rows)

        def by_keyset() -> list[str]:
            return [r.id for r in list_action_items(s, f, sort=sort, after=before, limit=WINDOW)]

        def first() -> list[str]:
            return [r.id for r in list_action_items(s, f, sort=sort, limit=WINDOW)]

        return _figures(f"action items ({view})", sort or "default", row, first, by_keyset)


def _figures(
    name: str,
    sort: str,
    position: int | None,
    first: Callable[[], Any],
    keyset: Callable[[], Any],
    offset: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"list": name, "sort": sort}
    out.update(first_window_ms=_ms(first), keyset_ms=_ms(keyset))
    if position is not None:
        out["row"] = position
    if offset is not None:
        out["offset_ms"] = _ms(offset)
    return out


def main() -> int:
    from sector_desktop.store import open_profile, profile_paths

    quick = "--quick" in sys.argv
    counts = QUICK if quick else LARGE
    db = open_profile(profile_paths(ensure_profile("quick" if quick else "large", counts)))
    deep = counts["organizations"] * 9 // 10  # the window that starts 90% down the list
    results = [organizations(db, sort, deep) for sort in ("name", "city", "kind", "staff")]
    deep_visit = counts["visits"] * 9 // 10
    results.append(visits(db, "starts_at", True, deep_visit))
    for sort in ("staff", "visit_type", "status", "purpose"):  # issue 16: indexed (migration 0021)
        results.append(visits(db, sort, False, deep_visit))
    for view in ("open", "closed"):  # issue 16: each view's own order (migration 0024)
        results.append(action_items(db, view, deep_visit))
    db.close()
    print(json.dumps({"bench": "paging", "profile": counts, "window": WINDOW, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
